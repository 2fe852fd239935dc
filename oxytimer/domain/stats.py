"""The paired before/after comparison: SPSS's Wilcoxon layout and R's numbers.

Clinicians check this summary against SPSS, R, JASP or jamovi, which disagree on ties,
zeros and continuity correction. So :func:`analyse` computes both SPSS's figures (ranks
table, Z without continuity correction, asymptotic p) and the figures R 4.2.2 prints for
``wilcox.test(post, pre, paired = TRUE, conf.int = TRUE)`` (V, default p, Hodges–Lehmann
estimate and interval), plus effect sizes, a paired t-test and Shapiro–Wilk on the
differences. ``tests/data/SPEC.md`` defines every figure (the project's copy of the
reference spec, with what issue 14 added: exact decimal differences and R's wording).

Conventions:
    * ``d = post − pre`` over complete pairs; a pair with a missing score (``None`` or NaN)
      is dropped and counted in :attr:`PairedAnalysis.n_missing`.
    * Differences are computed exactly in the scores' own decimals
      (:mod:`oxytimer.domain.differences`): 5.1 − 4.0 and 3.1 − 2.0 are both 1.1, a tie.
      R's plain ``wilcox.test(post, pre, paired = TRUE)`` subtracts binary doubles, which
      differ in the 16th digit, so it sees no tie there and may choose the exact test, give
      another V, p and interval. When that happens the Wilcoxon ``note`` says so
      (``decimal_ties``); the bundle's R script computes the differences as here.
    * Quartiles are R's default type 7 (numpy's default ``"linear"`` method).
    * A figure that cannot be computed is ``None`` with a reason code in the ``note`` of
      its group; no field ever holds NaN, an infinity or ``-0.0``.
    * Warnings and notes are machine-readable codes (see :data:`MESSAGE_CODES`);
      :func:`warning_text` turns a code into English or Indonesian.

numpy is imported inside the functions that need it, so importing this module at
application start-up costs nothing. The Wilcoxon p-values need no scipy
(:mod:`oxytimer.domain.signrank`); scipy is imported only for Shapiro–Wilk (``scipy.stats``,
only for 3 ≤ n ≤ 5000).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Final, Literal, SupportsFloat

from oxytimer.domain.differences import scaled_differences
from oxytimer.domain.signrank import (
    EXACT_MAX_N,
    exact_p_two_sided,
    normal_p_two_sided,
    psignrank,
    qsignrank,
    t_p_two_sided,
)
from oxytimer.domain.stats_messages import MESSAGE_CODES, warning_text
from oxytimer.domain.stats_messages import note_dict as _note_dict
from oxytimer.domain.walsh import Ranks as _Ranks
from oxytimer.domain.walsh import ci_root_bisect as _ci_root_bisect
from oxytimer.domain.walsh import ci_root_on_grid as _ci_root_on_grid
from oxytimer.domain.walsh import rank_summary as _rank_summary
from oxytimer.domain.walsh import shifted_z as _shifted_z
from oxytimer.domain.walsh import walsh_order_stat_bisect as _walsh_order_stat_bisect
from oxytimer.domain.walsh import walsh_table as _walsh_table

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    FloatArray = NDArray[np.float64]
    IntArray = NDArray[np.int64]

__all__ = [
    "MESSAGE_CODES",
    "CategoryCount",
    "CategorySummary",
    "Descriptives",
    "EffectSize",
    "HodgesLehmann",
    "PairedAnalysis",
    "PairedT",
    "RankGroup",
    "ShapiroWilk",
    "WilcoxonResult",
    "analyse",
    "psignrank",
    "qsignrank",
    "warning_text",
]

Score = SupportsFloat | None
"""One score as :func:`analyse` accepts it: a number, or ``None``/NaN when missing."""

RMethod = Literal["exact", "normal-cc"]
BasedOn = Literal["negative", "positive"]

SHAPIRO_MAX_N: Final = 5000
"""R's ``shapiro.test`` refuses more values than this; so do we."""

SMALL_N: Final = 6
"""Below this many non-zero differences the exact two-sided p can never reach .05."""

_ENUMERATE_MAX_DISTINCT: Final = 1500
"""Up to this many distinct differences, all weighted Walsh averages are enumerated
(about 1.1 million); above it, order statistics and CI limits are found by bisection."""


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Descriptives:
    """Descriptive statistics of one variable over the complete pairs.

    Attributes:
        n: Number of values.
        mean: Arithmetic mean, or None when n = 0.
        sd: Standard deviation with n − 1 in the denominator, or None when n < 2.
        min: Smallest value, or None when n = 0.
        max: Largest value, or None when n = 0.
        median: Median, or None when n = 0.
        q1: First quartile, R's default type 7 (numpy's ``"linear"``), or None when n = 0.
        q3: Third quartile, type 7, or None when n = 0.
    """

    n: int
    mean: float | None
    sd: float | None
    min: float | None
    max: float | None
    median: float | None
    q1: float | None
    q3: float | None

    def to_dict(self) -> dict[str, Any]:
        """Return the figures as a JSON-serialisable dict."""
        return {
            "n": self.n,
            "mean": self.mean,
            "sd": self.sd,
            "min": self.min,
            "max": self.max,
            "median": self.median,
            "q1": self.q1,
            "q3": self.q3,
        }


@dataclass(frozen=True)
class RankGroup:
    """One row of SPSS's Ranks table (Negative Ranks or Positive Ranks).

    Attributes:
        n: Number of differences with this sign.
        mean_rank: ``sum_ranks / n``, or None when n = 0 (SPSS prints .00).
        sum_ranks: Sum of the ranks of these differences' absolute values.
    """

    n: int
    mean_rank: float | None
    sum_ranks: float

    def to_dict(self) -> dict[str, Any]:
        """Return the figures as a JSON-serialisable dict."""
        return {"n": self.n, "mean_rank": self.mean_rank, "sum_ranks": self.sum_ranks}


@dataclass(frozen=True)
class WilcoxonResult:
    """The Wilcoxon signed-rank test, as SPSS lays it out and as R computes it.

    Attributes:
        negative_ranks: d < 0 (post < pre).
        positive_ranks: d > 0 (post > pre).
        ties: Number of zero differences (post = pre); they are not ranked.
        total: All complete pairs (SPSS's "Total").
        n_nonzero: Number of ranked (non-zero) differences.
        z: SPSS's Z = (min(R+, R−) − E)/√Var, tie-corrected, no continuity correction;
            always ≤ 0. None when nothing can be ranked.
        p_asymptotic: SPSS's Asymp. Sig. (2-tailed) = 2Φ(Z).
        based_on: SPSS's footnote: "negative" when R− < R+, otherwise "positive".
        v: R's V, the sum of the positive ranks.
        p_r_default: The p-value R prints by default (exact or normal with continuity
            correction, see ``r_method``).
        r_method: ``"exact"`` when n < 50 with no ties and no zeros, else ``"normal-cc"``.
        p_exact: The exact two-sided p when R uses the exact distribution, else None.
        note: A message code explaining a None figure, or ``decimal_ties`` when R's
            plain ``wilcox.test(post, pre, paired = TRUE)`` sees other ties or zeros than
            the exact decimal differences (and so may give another V, p or method).
    """

    negative_ranks: RankGroup
    positive_ranks: RankGroup
    ties: int
    total: int
    n_nonzero: int
    z: float | None
    p_asymptotic: float | None
    based_on: BasedOn | None
    v: float | None
    p_r_default: float | None
    r_method: RMethod | None
    p_exact: float | None
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the figures as a JSON-serialisable dict."""
        return {
            "negative_ranks": self.negative_ranks.to_dict(),
            "positive_ranks": self.positive_ranks.to_dict(),
            "ties": self.ties,
            "total": self.total,
            "n_nonzero": self.n_nonzero,
            "z": self.z,
            "p_asymptotic": self.p_asymptotic,
            "based_on": self.based_on,
            "v": self.v,
            "p_r_default": self.p_r_default,
            "r_method": self.r_method,
            "p_exact": self.p_exact,
            **_note_dict(self.note),
        }


@dataclass(frozen=True)
class HodgesLehmann:
    """The Hodges–Lehmann estimate (R's "(pseudo)median") and its confidence interval.

    Attributes:
        estimate: Median of the Walsh averages of the non-zero differences (the textbook
            estimate). In the normal case R prints instead the root its search finds of
            the uncorrected statistic, which may lie elsewhere in a flat stretch; then
            ``estimate_note`` is ``hl_r_estimate``.
        ci_low: Lower limit, or None when not computable. When the requested level
            cannot be reached, this is the interval R prints, at the level it achieves
            (``achieved_confidence``; ``note`` is ``ci_level_unreachable``), never
            labelled with a level it does not have; None when no level above 0 can be
            reached.
        ci_high: Upper limit, likewise.
        confidence: The requested confidence level (e.g. 0.95).
        achieved_confidence: For the exact interval, its actual coverage
            1 − 2·P(V ≤ k − 1); when the requested level cannot be reached, the level of
            the interval given (R's fallback level). None for a normal-approximation
            interval at the requested level, or when nothing is computable.
        method: ``"exact"`` or ``"normal-cc"``, the same choice R makes for the p-value.
        note: A message code about the interval (missing, or at a lower level), or None.
        estimate_note: A message code about the estimate, or None.
    """

    estimate: float | None
    ci_low: float | None
    ci_high: float | None
    confidence: float
    achieved_confidence: float | None
    method: RMethod | None
    note: str | None = None
    estimate_note: str | None = None

    @property
    def ci_level(self) -> float | None:
        """The level of the interval given: the requested one, or the lower one reached."""
        if self.ci_low is None:
            return None
        if self.note == "ci_level_unreachable" and self.achieved_confidence is not None:
            return self.achieved_confidence
        return self.confidence

    def to_dict(self) -> dict[str, Any]:
        """Return the figures as a JSON-serialisable dict (``ci_level``: the interval's
        own level, which is lower than ``confidence`` where that cannot be reached)."""
        return {
            "estimate": self.estimate,
            "ci_low": self.ci_low,
            "ci_high": self.ci_high,
            "ci_level": self.ci_level,
            "confidence": self.confidence,
            "achieved_confidence": self.achieved_confidence,
            "method": self.method,
            **_note_dict(self.note),
            "estimate_note": None
            if self.estimate_note is None
            else warning_text(self.estimate_note, "en"),
            "estimate_note_code": self.estimate_note,
        }


@dataclass(frozen=True)
class EffectSize:
    """Effect sizes for the signed-rank test.

    Attributes:
        r: |Z| / √N with SPSS's Z and N = all complete pairs (zeros included).
        r_n: The N used for r; always report it.
        rank_biserial: Matched-pairs rank-biserial correlation (Kerby),
            (R+ − R−)/(R+ + R−); positive when scores rose.
        note: A message code explaining a None figure, or None.
    """

    r: float | None
    r_n: int
    rank_biserial: float | None
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the figures as a JSON-serialisable dict."""
        return {
            "r": self.r,
            "r_n": self.r_n,
            "rank_biserial": self.rank_biserial,
            **_note_dict(self.note),
        }


@dataclass(frozen=True)
class PairedT:
    """The paired t-test ``scipy.stats.ttest_rel(post, pre)`` (R's ``t.test(paired=TRUE)``).

    Attributes:
        t: The t statistic (positive when scores rose).
        df: Degrees of freedom, n − 1.
        p: Two-sided p-value.
        note: A message code explaining a None figure, or None.
    """

    t: float | None
    df: int | None
    p: float | None
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the figures as a JSON-serialisable dict."""
        return {"t": self.t, "df": self.df, "p": self.p, **_note_dict(self.note)}


@dataclass(frozen=True)
class ShapiroWilk:
    """Shapiro–Wilk normality test of the differences (3 ≤ n ≤ 5000, as in R).

    Attributes:
        w: The W statistic.
        p: Its p-value.
        n: Number of differences tested.
        note: A message code explaining a None figure, or None.
    """

    w: float | None
    p: float | None
    n: int
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the figures as a JSON-serialisable dict."""
        return {"w": self.w, "p": self.p, "n": self.n, **_note_dict(self.note)}


@dataclass(frozen=True)
class CategoryCount:
    """How many pre and post scores fall into one category.

    Attributes:
        id: The category's identifier (e.g. ``"kurang"``).
        min_total: Lowest score in the category (inclusive).
        max_total: Highest score in the category (inclusive).
        pre: Number of complete pairs whose pre score is in the category.
        post: Number of complete pairs whose post score is in the category.
    """

    id: str
    min_total: float
    max_total: float
    pre: int
    post: int


@dataclass(frozen=True)
class CategorySummary:
    """Category counts before and after, and the cross-tabulation of moves.

    Attributes:
        counts: One entry per category, in the order given.
        crosstab: ``(pre_id, post_id, count)`` for every ordered pair of categories
            (zeros included), in category order.
        uncategorised_pre: Pre scores that fall in no category.
        uncategorised_post: Post scores that fall in no category.
    """

    counts: tuple[CategoryCount, ...]
    crosstab: tuple[tuple[str, str, int], ...]
    uncategorised_pre: int = 0
    uncategorised_post: int = 0

    def moved(self, pre_id: str, post_id: str) -> int:
        """Return how many pairs moved from category ``pre_id`` to ``post_id``."""
        for a, b, count in self.crosstab:
            if a == pre_id and b == post_id:
                return count
        raise KeyError((pre_id, post_id))

    def to_dict(self) -> dict[str, Any]:
        """Return the counts as a JSON-serialisable dict."""
        crosstab: dict[str, dict[str, int]] = {c.id: {} for c in self.counts}
        for a, b, count in self.crosstab:
            crosstab[a][b] = count
        return {
            "ids": [c.id for c in self.counts],
            "bounds": {c.id: [c.min_total, c.max_total] for c in self.counts},
            "pre": {c.id: c.pre for c in self.counts},
            "post": {c.id: c.post for c in self.counts},
            "crosstab": crosstab,
            "uncategorised": {"pre": self.uncategorised_pre, "post": self.uncategorised_post},
        }


@dataclass(frozen=True)
class PairedAnalysis:
    """Everything the clinician summary shows for one before/after comparison.

    Attributes:
        n_pairs: Complete pairs (both scores present), zeros included.
        n_missing: Pairs dropped because a score is missing.
        pre: Descriptives of the pre scores of the complete pairs.
        post: Descriptives of the post scores.
        difference: Descriptives of d = post − pre.
        wilcoxon: The signed-rank test (SPSS layout and R's numbers).
        hodges_lehmann: Location estimate and confidence interval.
        effect_size: r and the rank-biserial correlation.
        paired_t: Supplementary paired t-test.
        shapiro: Supplementary Shapiro–Wilk test of the differences.
        categories: Category counts and moves, when categories were given.
        warnings: Message codes, in a fixed order; see :func:`warning_text`.
    """

    n_pairs: int
    n_missing: int
    pre: Descriptives
    post: Descriptives
    difference: Descriptives
    wilcoxon: WilcoxonResult
    hodges_lehmann: HodgesLehmann
    effect_size: EffectSize
    paired_t: PairedT
    shapiro: ShapiroWilk
    categories: CategorySummary | None
    warnings: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """Return every figure as a JSON-serialisable dict.

        Figures that cannot be computed are None (JSON null), never NaN or infinite.
        ``excluded`` counts dropped pairs by reason; a caller may merge in its own reasons
        (e.g. ineligible participants). Notes appear twice: ``note`` in English words and
        ``note_code`` as the code :func:`warning_text` translates.

        Returns:
            A dict with the keys ``n_pairs``, ``excluded``, ``pre``, ``post``,
            ``difference``, ``wilcoxon``, ``hodges_lehmann``, ``effect_size``,
            ``paired_t``, ``shapiro_wilk``, ``categories`` and ``warnings``.
        """
        return {
            "n_pairs": self.n_pairs,
            "excluded": {"missing_score": self.n_missing},
            "pre": self.pre.to_dict(),
            "post": self.post.to_dict(),
            "difference": self.difference.to_dict(),
            "wilcoxon": self.wilcoxon.to_dict(),
            "hodges_lehmann": self.hodges_lehmann.to_dict(),
            "effect_size": self.effect_size.to_dict(),
            "paired_t": self.paired_t.to_dict(),
            "shapiro_wilk": self.shapiro.to_dict(),
            "categories": None if self.categories is None else self.categories.to_dict(),
            "warnings": list(self.warnings),
        }


# --------------------------------------------------------------------------- analysis


def analyse(
    pre: Sequence[Score],
    post: Sequence[Score],
    *,
    categories: Sequence[tuple[str, float, float]] | None = None,
    confidence: float = 0.95,
) -> PairedAnalysis:
    """Run the paired comparison of ``post`` against ``pre``.

    Args:
        pre: Scores before, one per pair; ``None`` or NaN when missing.
        post: Scores after, in the same order; ``None`` or NaN when missing.
        categories: Optional ``(id, min_total, max_total)`` tuples (bounds inclusive),
            e.g. ``[("kurang", 0, 2), ("cukup", 3, 5), ("banyak", 6, 8)]``; when given,
            pre and post categories and the moves between them are counted.
        confidence: Confidence level of the Hodges–Lehmann interval, 0 < level < 1.

    Returns:
        The analysis; see :class:`PairedAnalysis`.

    Raises:
        ValueError: If the sequences differ in length, a score is infinite or not a
            number, the confidence level is out of range, or categories overlap or have
            min > max.
    """
    import numpy as np

    if len(pre) != len(post):
        raise ValueError(f"pre has {len(pre)} scores but post has {len(post)}")
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be between 0 and 1, not {confidence!r}")
    cats = _check_categories(categories)

    x, y, n_missing = _complete_pairs(pre, post)
    # Huge scores (1e300) overflow in squares and sums: such figures become None (they
    # are not finite), never a numpy warning on the user's terminal.
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _analyse_complete(x, y, n_missing=n_missing, cats=cats, confidence=confidence)


def _analyse_complete(
    x: FloatArray,
    y: FloatArray,
    *,
    n_missing: int,
    cats: tuple[tuple[str, float, float], ...] | None,
    confidence: float,
) -> PairedAnalysis:
    import numpy as np

    exact = scaled_differences(x, y)
    units = exact.units  # d·10^k, whole numbers: ranks and Walsh sums are exact
    d = exact.values
    n_pairs = int(units.size)

    nonzero = units[units != 0]
    values, counts = np.unique(nonzero, return_counts=True)
    counts = counts.astype(np.int64)
    n_zero = n_pairs - int(nonzero.size)
    ranks = _rank_summary(values, counts)

    wilcoxon = _wilcoxon(ranks, n_pairs=n_pairs, n_zero=n_zero)
    if ranks.n and _float_ties_differ(x, y, n_zero=n_zero, n_distinct=_distinct_abs(values)):
        wilcoxon = replace(wilcoxon, note="decimal_ties")
    hodges = _hodges_lehmann(
        values,
        counts,
        ranks,
        method=wilcoxon.r_method,
        confidence=confidence,
        n_pairs=n_pairs,
        scale=exact.scale,
    )
    effect = _effect_size(wilcoxon, ranks, n_pairs=n_pairs)

    codes: list[str] = []
    if n_missing:
        codes.append("missing_pairs")
    if n_pairs == 0:
        codes.append("no_pairs")
    elif ranks.n == 0:
        codes.append("all_zero")
    else:
        if ranks.n < SMALL_N:
            codes.append("small_n")
        if ranks.has_ties:
            codes.append("ties")
        if n_zero:
            codes.append("zeros")
        if wilcoxon.note == "decimal_ties":
            codes.append("decimal_ties")
        p_spss, p_r = wilcoxon.p_asymptotic, wilcoxon.p_r_default
        if p_spss is not None and p_r is not None and (p_spss < 0.05) != (p_r < 0.05):
            codes.append("methods_disagree")
        if hodges.note == "ci_level_unreachable":
            codes.append("ci_level_unreachable")

    return PairedAnalysis(
        n_pairs=n_pairs,
        n_missing=n_missing,
        pre=_describe(x),
        post=_describe(y),
        difference=_describe(d),
        wilcoxon=wilcoxon,
        hodges_lehmann=hodges,
        effect_size=effect,
        paired_t=_paired_t(d),
        shapiro=_shapiro(d),
        categories=None if cats is None else _categorise(x, y, cats),
        warnings=tuple(codes),
    )


def _distinct_abs(values: FloatArray) -> int:
    import numpy as np

    return _count_distinct(np.abs(values))


def _count_distinct(values: FloatArray) -> int:
    """Number of distinct values (sorting: a bare ``np.unique`` imports ``numpy.ma``)."""
    import numpy as np

    if values.size == 0:
        return 0
    ordered = np.sort(values)
    return int(np.count_nonzero(ordered[1:] != ordered[:-1])) + 1


def _float_ties_differ(x: FloatArray, y: FloatArray, *, n_zero: int, n_distinct: int) -> bool:
    """Whether R's binary ``post − pre`` has other zeros or ties than the exact differences.

    Exact decimal differences that are equal can differ as doubles, never the other way
    round (for scores of up to 15 significant digits), so R's groups refine ours: they
    differ exactly when R counts fewer zeros or more distinct absolute values.
    """
    import numpy as np

    raw = y - x
    raw_nonzero = raw[raw != 0]
    if raw.size - raw_nonzero.size != n_zero:
        return True
    return _count_distinct(np.abs(raw_nonzero)) != n_distinct


_PLAIN_TYPES: Final = frozenset({float, int, type(None)})


def _complete_pairs(pre: Sequence[Score], post: Sequence[Score]) -> tuple[Any, Any, int]:
    """(pre, post) of the complete pairs as float arrays, and the number dropped."""
    import numpy as np

    fast = set(map(type, pre)) | set(map(type, post)) <= _PLAIN_TYPES  # one C pass each
    if fast:
        try:
            with np.errstate(all="ignore"):
                a = np.array(pre, dtype=np.float64)  # None → NaN
                b = np.array(post, dtype=np.float64)
        except OverflowError:  # an int beyond any double: the loop names it
            fast = False
    if fast:
        for which, values in (("pre", a), ("post", b)):
            infinite = np.flatnonzero(np.isinf(values))
            if infinite.size:
                raise ValueError(f"{which} score {int(infinite[0]) + 1} is infinite")
        complete = ~(np.isnan(a) | np.isnan(b))
        return a[complete] + 0.0, b[complete] + 0.0, int(a.size - np.count_nonzero(complete))
    kept_pre: list[float] = []
    kept_post: list[float] = []
    n_missing = 0
    for index, (first, second) in enumerate(zip(pre, post, strict=True)):
        fa, fb = _score(first, "pre", index), _score(second, "post", index)
        if fa is None or fb is None:
            n_missing += 1
        else:
            kept_pre.append(fa)
            kept_post.append(fb)
    return (
        np.asarray(kept_pre, dtype=np.float64),
        np.asarray(kept_post, dtype=np.float64),
        n_missing,
    )


def _score(value: Score, which: str, index: int) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(f"{which} score {index + 1} is a boolean, not a number")
    try:
        number = float(value)
    except OverflowError:
        raise ValueError(f"{which} score {index + 1} is too large") from None
    except (TypeError, ValueError):
        raise ValueError(f"{which} score {index + 1} is not a number: {value!r}") from None
    if math.isnan(number):
        return None
    if math.isinf(number):
        raise ValueError(f"{which} score {index + 1} is infinite")
    return number


def _clean(value: object) -> float | None:
    """Return a finite Python float (−0.0 as 0.0), or None for None, NaN and infinities."""
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    if not math.isfinite(number):
        return None
    return number + 0.0


def _describe(values: FloatArray) -> Descriptives:
    import numpy as np

    n = int(values.size)
    if n == 0:
        return Descriptives(0, None, None, None, None, None, None, None)
    # From the sorted values: the same figures to the last bit whatever order the values
    # come in (a server sends its rows in no particular order).
    ordered = np.sort(values)
    q1, median, q3 = (_quantile_type7(ordered, p) for p in (0.25, 0.5, 0.75))
    return Descriptives(
        n=n,
        mean=_clean(np.mean(ordered)),
        sd=_clean(np.std(ordered, ddof=1)) if n >= 2 else None,
        min=_clean(ordered[0]),
        max=_clean(ordered[-1]),
        median=_clean(median),
        q1=_clean(q1),
        q3=_clean(q3),
    )


def _quantile_type7(ordered: FloatArray, p: float) -> float:
    """R's default quantile (type 7) of sorted values, with numpy's ``"linear"`` lerp.

    The same figures as ``np.percentile(..., method="linear")``, which on first use
    imports ``numpy.ma`` (tens of milliseconds on a one-pair answer).
    """
    h = (ordered.size - 1) * p
    low = math.floor(h)
    high = min(low + 1, ordered.size - 1)
    t = h - low
    a, b = float(ordered[low]), float(ordered[high])
    return b - (b - a) * (1.0 - t) if t >= 0.5 else a + (b - a) * t


def _rank_group(n: int, rank_sum: float) -> RankGroup:
    return RankGroup(n=n, mean_rank=_clean(rank_sum / n) if n else None, sum_ranks=rank_sum)


def _wilcoxon(ranks: _Ranks, *, n_pairs: int, n_zero: int) -> WilcoxonResult:
    negative = _rank_group(ranks.n_neg, ranks.r_minus)
    positive = _rank_group(ranks.n_pos, ranks.r_plus)
    if ranks.n == 0:
        return WilcoxonResult(
            negative_ranks=negative,
            positive_ranks=positive,
            ties=n_zero,
            total=n_pairs,
            n_nonzero=0,
            z=None,
            p_asymptotic=None,
            based_on=None,
            v=None,
            p_r_default=None,
            r_method=None,
            p_exact=None,
            note="no_pairs" if n_pairs == 0 else "all_zero",
        )

    # SPSS: tie-corrected normal approximation without continuity correction, always ≤ 0.
    sigma = math.sqrt(ranks.variance)
    z_spss = (min(ranks.r_plus, ranks.r_minus) - ranks.expected) / sigma
    exact = ranks.n < EXACT_MAX_N and not ranks.has_ties and n_zero == 0
    if exact:  # no ties, so V is a whole number
        p_r = exact_p_two_sided(round(ranks.r_plus), ranks.n)
    else:  # R: z = (V − E − 0.5·sign(V − E)) / σ
        centred = ranks.r_plus - ranks.expected
        centred -= math.copysign(0.5, centred) if centred else 0.0
        p_r = normal_p_two_sided(centred / sigma)
    return WilcoxonResult(
        negative_ranks=negative,
        positive_ranks=positive,
        ties=n_zero,
        total=n_pairs,
        n_nonzero=ranks.n,
        z=_clean(z_spss),
        p_asymptotic=_clean(normal_p_two_sided(z_spss)),
        based_on="negative" if ranks.r_minus < ranks.r_plus else "positive",
        v=_clean(ranks.r_plus),
        p_r_default=_clean(p_r),
        r_method="exact" if exact else "normal-cc",
        p_exact=_clean(p_r) if exact else None,
    )


def _effect_size(wilcoxon: WilcoxonResult, ranks: _Ranks, *, n_pairs: int) -> EffectSize:
    if wilcoxon.z is None or ranks.n == 0:
        return EffectSize(r=None, r_n=n_pairs, rank_biserial=None, note=wilcoxon.note)
    total = ranks.r_plus + ranks.r_minus
    return EffectSize(
        r=_clean(min(1.0, abs(wilcoxon.z) / math.sqrt(n_pairs))),  # |Z| ≤ √N up to rounding
        r_n=n_pairs,
        rank_biserial=_clean((ranks.r_plus - ranks.r_minus) / total),
    )


def _hodges_lehmann(
    values: FloatArray,
    counts: IntArray,
    ranks: _Ranks,
    *,
    method: RMethod | None,
    confidence: float,
    n_pairs: int,
    scale: float = 1.0,
) -> HodgesLehmann:
    """Estimate and interval from the distinct differences ``values`` (in units of
    1/``scale``, see :mod:`oxytimer.domain.differences`) with their ``counts``."""
    n = ranks.n
    if n == 0 or method is None:
        return HodgesLehmann(
            None, None, None, confidence, None, None, "no_pairs" if n_pairs == 0 else "all_zero"
        )
    total = n * (n + 1) // 2
    walsh = _walsh_table(values, counts) if values.size <= _ENUMERATE_MAX_DISTINCT else None

    def order_stat(k: int) -> float:
        if walsh is not None:
            return walsh.order_stat(k)
        return _walsh_order_stat_bisect(values, counts, k)

    def shown(units: float) -> float | None:
        return _clean(units / scale)

    if total % 2:
        estimate = order_stat((total + 1) // 2)
    else:
        estimate = (order_stat(total // 2) + order_stat(total // 2 + 1)) / 2.0
    alpha = 1.0 - confidence

    if method == "exact":
        # R: k = qsignrank(α/2, n) (1 if 0); [A(k), A(M + 1 − k)] whatever it achieves.
        k = max(qsignrank(alpha / 2.0, n), 1)
        achieved = 1.0 - 2.0 * psignrank(k - 1, n)
        if achieved <= 1e-12:  # a 0 % "interval" is no interval
            return HodgesLehmann(
                shown(estimate), None, None, confidence, 0.0, method, "ci_level_unreachable"
            )
        return HodgesLehmann(
            estimate=shown(estimate),
            ci_low=shown(order_stat(k)),
            ci_high=shown(order_stat(total + 1 - k)),
            confidence=confidence,
            achieved_confidence=_clean(achieved),
            method=method,
            note="ci_level_unreachable" if achieved < confidence - 1e-12 else None,
        )

    r_note = "hl_r_estimate"
    if values.size == 1:  # every non-zero d is the same: R warns and prints NaN limits
        return HodgesLehmann(
            shown(estimate), None, None, confidence, None, method, "ci_all_equal", r_note
        )

    from statistics import NormalDist

    lowest, highest = float(values[0]), float(values[-1])
    z_low, z_high = _shifted_z(values, counts, lowest), _shifted_z(values, counts, highest)
    assert z_low is not None and z_high is not None  # at least two distinct values
    # R doubles alpha until the statistic at the extremes straddles ±z; any doubling means
    # the requested level is out of reach, and R gives the interval at level 1 − alpha.
    while alpha < 1.0:
        quantile = NormalDist().inv_cdf(1.0 - alpha / 2.0)
        if z_low - quantile < 0 or z_high + quantile > 0:
            alpha *= 2.0
        else:
            break
    if alpha >= 1.0:  # R prints a "0 percent" interval: no interval at all
        return HodgesLehmann(
            shown(estimate), None, None, confidence, 0.0, method, "ci_level_unreachable", r_note
        )
    unreachable = (1.0 - confidence) < alpha * 0.75
    quantile = NormalDist().inv_cdf(1.0 - alpha / 2.0)
    if walsh is not None:
        low = _ci_root_on_grid(values, counts, walsh.values, quantile)
        high = _ci_root_on_grid(values, counts, walsh.values, -quantile)
    else:
        low = _ci_root_bisect(values, counts, lowest, highest, quantile)
        high = _ci_root_bisect(values, counts, lowest, highest, -quantile)
    return HodgesLehmann(
        estimate=shown(estimate),
        ci_low=shown(low),
        ci_high=shown(high),
        confidence=confidence,
        achieved_confidence=_clean(round(1.0 - alpha, 12)) if unreachable else None,
        method=method,
        note="ci_level_unreachable" if unreachable else None,
        estimate_note=r_note,
    )


# --------------------------------------------------------------------------- supplementary


def _paired_t(d: FloatArray) -> PairedT:
    """R's ``t.test(post, pre, paired = TRUE)`` on the differences.

    Like R, refuses (no t, no df, no p) when the standard error is below 10·ε·|mean|
    ("data are essentially constant"), e.g. when every difference is the same.
    """
    import numpy as np

    n = int(d.size)
    if n < 2:
        return PairedT(None, None, None, "too_few_for_t")
    d = np.sort(d)  # (the same figures whatever order the pairs come in)
    mean = float(np.mean(d))
    stderr = float(np.std(d, ddof=1)) / math.sqrt(n)
    if not math.isfinite(stderr) or stderr == 0 or stderr < 10 * 2.220446049250313e-16 * abs(mean):
        return PairedT(None, None, None, "constant_differences")
    t = mean / stderr
    return PairedT(t=_clean(t), df=n - 1, p=_clean(t_p_two_sided(t, n - 1)))


def _shapiro(d: FloatArray) -> ShapiroWilk:
    import numpy as np

    n = int(d.size)
    if n < 3:
        return ShapiroWilk(None, None, n, "too_few_for_shapiro")
    if n > SHAPIRO_MAX_N:
        return ShapiroWilk(None, None, n, "too_many_for_shapiro")
    if float(np.ptp(d)) == 0.0:
        return ShapiroWilk(None, None, n, "constant_differences")
    from scipy import stats

    result = stats.shapiro(np.sort(d))  # (the same figures whatever order the pairs come in)
    return ShapiroWilk(w=_clean(result.statistic), p=_clean(result.pvalue), n=n)


# --------------------------------------------------------------------------- categories


def _check_categories(
    categories: Sequence[tuple[str, float, float]] | None,
) -> tuple[tuple[str, float, float], ...] | None:
    if categories is None:
        return None
    checked: list[tuple[str, float, float]] = []
    for entry in categories:
        category_id, low, high = entry
        low, high = float(low), float(high)
        if not category_id or low > high:
            raise ValueError(f"invalid category {entry!r}")
        for other_id, other_low, other_high in checked:
            if other_id == category_id:
                raise ValueError(f"category {category_id!r} is given twice")
            if low <= other_high and other_low <= high:
                raise ValueError(f"categories {other_id!r} and {category_id!r} overlap")
        checked.append((str(category_id), low, high))
    return tuple(checked)


def _categorise(
    x: FloatArray, y: FloatArray, categories: tuple[tuple[str, float, float], ...]
) -> CategorySummary:
    import numpy as np

    k = len(categories)

    def which(scores: FloatArray) -> Any:
        """Each score's category as its index (categories do not overlap), −1 for none."""
        found = np.full(scores.size, -1, dtype=np.int64)
        for index, (_category_id, low, high) in enumerate(categories):
            found[(low <= scores) & (scores <= high)] = index
        return found

    pre_ids, post_ids = which(x), which(y)
    both = (pre_ids >= 0) & (post_ids >= 0)
    moves = np.bincount(pre_ids[both] * k + post_ids[both], minlength=k * k)
    pre_counts = np.bincount(pre_ids[pre_ids >= 0], minlength=k)
    post_counts = np.bincount(post_ids[post_ids >= 0], minlength=k)
    return CategorySummary(
        counts=tuple(
            CategoryCount(
                id=category_id,
                min_total=low,
                max_total=high,
                pre=int(pre_counts[index]),
                post=int(post_counts[index]),
            )
            for index, (category_id, low, high) in enumerate(categories)
        ),
        crosstab=tuple(
            (a[0], b[0], int(moves[i * k + j]))
            for i, a in enumerate(categories)
            for j, b in enumerate(categories)
        ),
        uncategorised_pre=int(np.count_nonzero(pre_ids < 0)),
        uncategorised_post=int(np.count_nonzero(post_ids < 0)),
    )
