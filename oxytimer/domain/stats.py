"""The paired before/after comparison: SPSS's Wilcoxon layout and R's numbers.

Clinicians check this summary against SPSS, R, JASP or jamovi, which disagree on ties,
zeros and continuity correction. So :func:`analyse` computes both SPSS's figures (ranks
table, Z without continuity correction, asymptotic p) and the figures R 4.2.2 prints for
``wilcox.test(post, pre, paired = TRUE, conf.int = TRUE)`` (V, default p, Hodges–Lehmann
estimate and interval), plus effect sizes, a paired t-test and Shapiro–Wilk on the
differences. ``tests/data/SPEC.md`` defines every figure.

Conventions:
    * ``d = post − pre`` over complete pairs; a pair with a missing score (``None`` or NaN)
      is dropped and counted in :attr:`PairedAnalysis.n_missing`.
    * Differences are rounded to 9 decimal places before ranking, so that floating-point
      noise (``5.1 − 4.0`` versus ``3.1 − 2.0``) does not break a tie. R compares the raw
      doubles; for scores recorded to a few decimals the two agree.
    * Quartiles are R's default type 7 (numpy's default ``"linear"`` method).
    * A figure that cannot be computed is ``None`` with a reason code in the ``note`` of
      its group; no field ever holds NaN, an infinity or ``-0.0``.
    * Warnings and notes are machine-readable codes (see :data:`MESSAGE_CODES`);
      :func:`warning_text` turns a code into English or Indonesian.

scipy (and numpy) are imported inside the functions that need them, so importing this
module at application start-up costs nothing.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from statistics import NormalDist
from typing import TYPE_CHECKING, Any, Final, Literal, SupportsFloat

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

EXACT_MAX_N: Final = 50
"""R uses the exact signed-rank distribution only below this many non-zero differences."""

SHAPIRO_MAX_N: Final = 5000
"""R's ``shapiro.test`` refuses more values than this; so do we."""

SMALL_N: Final = 6
"""Below this many non-zero differences the exact two-sided p can never reach .05."""

_DIFF_DECIMALS: Final = 9
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
        note: A message code explaining a None figure, or None.
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
        estimate: Median of the Walsh averages of the non-zero differences.
        ci_low: Lower limit, or None when not computable or when the requested level
            cannot be reached (never an interval labelled with a level it does not have).
        ci_high: Upper limit, likewise.
        confidence: The requested confidence level (e.g. 0.95).
        achieved_confidence: For the exact interval, its actual coverage
            1 − 2·P(V ≤ k − 1); when the requested level cannot be reached, the highest
            level that can (R's fallback level). None for a normal-approximation interval
            at the requested level, or when nothing is computable.
        method: ``"exact"`` or ``"normal-cc"``, the same choice R makes for the p-value.
        note: A message code explaining a missing interval or estimate, or None.
    """

    estimate: float | None
    ci_low: float | None
    ci_high: float | None
    confidence: float
    achieved_confidence: float | None
    method: RMethod | None
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the figures as a JSON-serialisable dict."""
        return {
            "estimate": self.estimate,
            "ci_low": self.ci_low,
            "ci_high": self.ci_high,
            "confidence": self.confidence,
            "achieved_confidence": self.achieved_confidence,
            "method": self.method,
            **_note_dict(self.note),
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


# --------------------------------------------------------------------------- messages

_MESSAGES: Final[Mapping[str, Mapping[str, str]]] = {
    "no_pairs": {
        "en": "No pair has both a before and an after score, so no comparison can be made.",
        "id": "Tidak ada pasangan yang memiliki skor sebelum dan sesudah sekaligus, "
        "sehingga perbandingan tidak dapat dilakukan.",
    },
    "missing_pairs": {
        "en": "Some pairs were left out because the before or the after score is missing.",
        "id": "Sebagian pasangan tidak diikutkan karena skor sebelum atau sesudahnya "
        "tidak tercatat.",
    },
    "all_zero": {
        "en": "Every pair has the same score before and after, so there is nothing to rank: "
        "Z, p and the Hodges–Lehmann estimate cannot be computed.",
        "id": "Semua pasangan memiliki skor yang sama sebelum dan sesudah, sehingga tidak ada "
        "yang dapat diberi peringkat: nilai Z, p, dan estimasi Hodges–Lehmann tidak dapat "
        "dihitung.",
    },
    "small_n": {
        "en": "Fewer than 6 pairs changed. With so few, the exact two-sided p-value can never "
        "fall below .05, and the normal approximation behind SPSS's Z is unreliable. Read "
        "the result as a description, not as evidence.",
        "id": "Kurang dari 6 pasangan yang skornya berubah. Dengan jumlah sekecil ini, nilai p "
        "eksak dua arah tidak mungkin lebih kecil dari 0,05, dan pendekatan normal yang "
        "dipakai SPSS untuk nilai Z tidak dapat diandalkan. Baca hasil ini sebagai "
        "gambaran saja, bukan sebagai bukti.",
    },
    "ties": {
        "en": "Several pairs changed by the same amount (tied ranks). R therefore uses the "
        "normal approximation with continuity correction instead of the exact test, and "
        "SPSS, R, JASP and jamovi may show slightly different p-values.",
        "id": "Beberapa pasangan mengalami perubahan skor yang sama besar (peringkat kembar). "
        "Karena itu R memakai pendekatan normal dengan koreksi kontinuitas, bukan uji "
        "eksak, sehingga nilai p di SPSS, R, JASP, dan jamovi bisa sedikit berbeda.",
    },
    "zeros": {
        "en": "Some pairs have the same score before and after (no change). They are counted "
        "as Ties and left out of the ranking, as SPSS and R do; programs that use Pratt's "
        "method instead give different numbers.",
        "id": "Sebagian pasangan memiliki skor yang sama sebelum dan sesudah (tidak berubah). "
        "Pasangan ini dihitung sebagai Ties dan tidak ikut diberi peringkat, seperti di "
        "SPSS dan R; program yang memakai metode Pratt akan memberi angka yang berbeda.",
    },
    "methods_disagree": {
        "en": "SPSS's asymptotic p and R's p fall on different sides of .05. So close to the "
        "line the method decides the verdict; R's p (exact, or with continuity correction) "
        "is the more cautious one to report.",
        "id": "Nilai p asimtotik SPSS dan nilai p R berada di sisi yang berbeda dari 0,05. "
        "Sedekat ini dengan batas, metode yang dipakai menentukan kesimpulan; nilai p dari R "
        "(eksak atau dengan koreksi kontinuitas) lebih hati-hati untuk dilaporkan.",
    },
    "ci_level_unreachable": {
        "en": "Too few pairs changed to reach the requested confidence level, so the "
        "Hodges–Lehmann interval is not shown at that level.",
        "id": "Jumlah pasangan yang berubah terlalu sedikit untuk mencapai tingkat kepercayaan "
        "yang diminta, sehingga interval Hodges–Lehmann tidak ditampilkan pada tingkat "
        "tersebut.",
    },
    "ci_all_equal": {
        "en": "All pairs that changed changed by the same amount, so there is no spread to "
        "build a confidence interval from (R stops with an error here).",
        "id": "Semua pasangan yang berubah mengalami perubahan yang persis sama besar, sehingga "
        "tidak ada sebaran untuk menyusun interval kepercayaan (R pun berhenti dengan "
        "pesan galat di sini).",
    },
    "too_few_for_t": {
        "en": "The paired t-test needs at least 2 pairs.",
        "id": "Uji t berpasangan memerlukan sedikitnya 2 pasangan.",
    },
    "too_few_for_shapiro": {
        "en": "The Shapiro–Wilk test needs at least 3 pairs.",
        "id": "Uji Shapiro–Wilk memerlukan sedikitnya 3 pasangan.",
    },
    "too_many_for_shapiro": {
        "en": "The Shapiro–Wilk test is only defined for up to 5000 values (R refuses larger "
        "samples); with this many pairs, look at a histogram of the differences instead.",
        "id": "Uji Shapiro–Wilk hanya berlaku untuk paling banyak 5000 nilai (R menolak sampel "
        "yang lebih besar); dengan sebanyak ini, lihat histogram selisih skornya saja.",
    },
    "design_full_checklist": {
        "en": "These records were collected under the earlier design: the whole checklist "
        "before and after every session, including signs observed over a day. They are "
        "analysed as they were collected; the study's outcome is now the baseline "
        "assessment against the end assessment.",
        "id": "Data ini dikumpulkan dengan rancangan sebelumnya: seluruh daftar tilik "
        "sebelum dan sesudah setiap sesi, termasuk tanda yang diamati selama sehari. Data "
        "dianalisis sebagaimana dikumpulkan; luaran penelitian kini adalah penilaian awal "
        "dibandingkan dengan penilaian akhir.",
    },
    "design_session_check": {
        "en": "This is the secondary outcome: the short check before and after each "
        "session (only the items that can change within a session). The study's outcome "
        "is the baseline assessment against the end assessment.",
        "id": "Ini luaran sekunder: pemeriksaan singkat sebelum dan sesudah setiap sesi "
        "(hanya butir yang dapat berubah dalam satu sesi). Luaran penelitian adalah "
        "penilaian awal dibandingkan dengan penilaian akhir.",
    },
    "mixed_designs": {
        "en": "This database also holds records collected under another design (see the "
        "design filter). They are not pooled with these: analyse each design separately.",
        "id": "Basis data ini juga berisi data yang dikumpulkan dengan rancangan lain "
        "(lihat filter rancangan). Data tersebut tidak digabungkan dengan data ini: "
        "analisis setiap rancangan secara terpisah.",
    },
    "mixed_instrument_versions": {
        "en": "The scores analysed come from more than one version of the milk-expression "
        "checklist (see the versions). Totals and categories of different instruments are "
        "not comparable: choose one instrument version in the filters, or analyse each "
        "version separately.",
        "id": "Skor yang dianalisis berasal dari lebih dari satu versi daftar tilik "
        "pengeluaran ASI (lihat bagian versi). Total dan kategori dari instrumen yang "
        "berbeda tidak dapat dibandingkan: pilih satu versi instrumen pada filter, atau "
        "analisis setiap versi secara terpisah.",
    },
    "mixed_score_ranges": {
        "en": "The scores analysed have different ranges (for example 0–8 and 0–10), so "
        "their totals and categories cannot be pooled: choose one instrument version in "
        "the filters, or analyse each version separately.",
        "id": "Skor yang dianalisis memiliki rentang yang berbeda (misalnya 0–8 dan 0–10), "
        "sehingga total dan kategorinya tidak dapat digabungkan: pilih satu versi "
        "instrumen pada filter, atau analisis setiap versi secara terpisah.",
    },
    "constant_differences": {
        "en": "Every pair changed by exactly the same amount (or not at all), so the "
        "differences have no spread and this test cannot be computed.",
        "id": "Semua pasangan berubah dengan besar yang persis sama (atau tidak berubah sama "
        "sekali), sehingga selisihnya tidak bervariasi dan uji ini tidak dapat dihitung.",
    },
}

MESSAGE_CODES: Final[tuple[str, ...]] = tuple(_MESSAGES)
"""Every code that can appear in :attr:`PairedAnalysis.warnings`, in a ``note``, or in
the clinician summary's own warnings.

Warnings: ``no_pairs``, ``missing_pairs``, ``all_zero``, ``small_n``, ``ties``, ``zeros``,
``methods_disagree``, ``ci_level_unreachable``. The clinician summary's
(:attr:`oxytimer.domain.summary.Summary.warnings`): ``mixed_instrument_versions``,
``mixed_score_ranges``. The others only appear as notes.
"""


def warning_text(code: str, lang: str = "en") -> str:
    """Return the plain-language message for a warning or note code.

    Args:
        code: One of :data:`MESSAGE_CODES`.
        lang: ``"en"`` or ``"id"``; a locale such as ``"id_ID"`` is reduced to its
            language, and any other language falls back to English.

    Returns:
        The message, written for a midwife or clinician rather than a statistician.

    Raises:
        KeyError: If the code is unknown.
    """
    messages = _MESSAGES[code]
    return messages.get(_language(lang), messages["en"])


def _language(lang: str) -> str:
    code = lang.replace("-", "_").split("_", 1)[0].lower()
    return code if code in ("en", "id") else "en"


def _note_dict(code: str | None) -> dict[str, str | None]:
    return {"note": None if code is None else warning_text(code, "en"), "note_code": code}


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

    kept_pre: list[float] = []
    kept_post: list[float] = []
    n_missing = 0
    for index, (a, b) in enumerate(zip(pre, post, strict=True)):
        fa, fb = _score(a, "pre", index), _score(b, "post", index)
        if fa is None or fb is None:
            n_missing += 1
        else:
            kept_pre.append(fa)
            kept_post.append(fb)

    x = np.asarray(kept_pre, dtype=np.float64)
    y = np.asarray(kept_post, dtype=np.float64)
    d = np.round(y - x, _DIFF_DECIMALS) + 0.0  # + 0.0 turns −0.0 into 0.0
    n_pairs = int(d.size)

    nonzero = d[d != 0]
    values, counts = np.unique(nonzero, return_counts=True)
    counts = counts.astype(np.int64)
    n_zero = n_pairs - int(nonzero.size)
    ranks = _rank_summary(values, counts)

    wilcoxon = _wilcoxon(nonzero, ranks, n_pairs=n_pairs, n_zero=n_zero)
    hodges = _hodges_lehmann(
        values, counts, ranks, method=wilcoxon.r_method, confidence=confidence, n_pairs=n_pairs
    )
    effect = _effect_size(wilcoxon, ranks, n_pairs=n_pairs)

    warnings: list[str] = []
    if n_missing:
        warnings.append("missing_pairs")
    if n_pairs == 0:
        warnings.append("no_pairs")
    elif ranks.n == 0:
        warnings.append("all_zero")
    else:
        if ranks.n < SMALL_N:
            warnings.append("small_n")
        if ranks.has_ties:
            warnings.append("ties")
        if n_zero:
            warnings.append("zeros")
        p_spss, p_r = wilcoxon.p_asymptotic, wilcoxon.p_r_default
        if p_spss is not None and p_r is not None and (p_spss < 0.05) != (p_r < 0.05):
            warnings.append("methods_disagree")
        if hodges.note == "ci_level_unreachable":
            warnings.append("ci_level_unreachable")

    return PairedAnalysis(
        n_pairs=n_pairs,
        n_missing=n_missing,
        pre=_describe(x),
        post=_describe(y),
        difference=_describe(d),
        wilcoxon=wilcoxon,
        hodges_lehmann=hodges,
        effect_size=effect,
        paired_t=_paired_t(x, y, d),
        shapiro=_shapiro(d),
        categories=None if cats is None else _categorise(x, y, cats),
        warnings=tuple(warnings),
    )


def _score(value: Score, which: str, index: int) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(f"{which} score {index + 1} is a boolean, not a number")
    try:
        number = float(value)
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
    q1, median, q3 = np.percentile(values, [25.0, 50.0, 75.0], method="linear")
    return Descriptives(
        n=n,
        mean=_clean(np.mean(values)),
        sd=_clean(np.std(values, ddof=1)) if n >= 2 else None,
        min=_clean(np.min(values)),
        max=_clean(np.max(values)),
        median=_clean(median),
        q1=_clean(q1),
        q3=_clean(q3),
    )


# --------------------------------------------------------------------------- ranks


@dataclass(frozen=True)
class _Ranks:
    """Signed-rank figures of a set of non-zero differences (distinct values × counts)."""

    n: int
    n_pos: int
    n_neg: int
    r_plus: float
    r_minus: float
    tie_term: float  # Σ (t³ − t) over groups of equal |d|
    has_ties: bool

    @property
    def expected(self) -> float:
        return self.n * (self.n + 1) / 4.0

    @property
    def variance(self) -> float:
        n = float(self.n)
        return n * (n + 1) * (2 * n + 1) / 24.0 - self.tie_term / 48.0


def _rank_summary(values: FloatArray, counts: IntArray) -> _Ranks:
    """Rank |values| (each repeated ``counts`` times; zeros already removed).

    Tied absolute values get their average rank, as SPSS, R and scipy do. Works on distinct
    values with counts, so 100,000 integer scores cost as much as a dozen.
    """
    import numpy as np

    if values.size == 0:
        return _Ranks(0, 0, 0, 0.0, 0.0, 0.0, False)
    absolute = np.abs(values)
    order = np.argsort(absolute, kind="stable")
    absolute, weights, positive = absolute[order], counts[order], values[order] > 0
    starts = np.flatnonzero(np.r_[True, absolute[1:] != absolute[:-1]])
    group_size = np.add.reduceat(weights, starts).astype(np.float64)
    group_end = np.cumsum(group_size)
    average_rank = group_end - (group_size - 1.0) / 2.0
    member_of = np.repeat(np.arange(starts.size), np.diff(np.r_[starts, absolute.size]))
    rank_sum = weights * average_rank[member_of]
    n_pos = int(weights[positive].sum())
    n = int(weights.sum())
    return _Ranks(
        n=n,
        n_pos=n_pos,
        n_neg=n - n_pos,
        r_plus=float(rank_sum[positive].sum()),
        r_minus=float(rank_sum[~positive].sum()),
        tie_term=float(np.sum(group_size**3 - group_size)),
        has_ties=bool(np.any(group_size > 1)),
    )


def _rank_group(n: int, rank_sum: float) -> RankGroup:
    return RankGroup(n=n, mean_rank=_clean(rank_sum / n) if n else None, sum_ranks=rank_sum)


def _wilcoxon(nonzero: FloatArray, ranks: _Ranks, *, n_pairs: int, n_zero: int) -> WilcoxonResult:
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

    from scipy import stats

    # SPSS: tie-corrected normal approximation without continuity correction. `method` is
    # passed explicitly: `zstatistic` only exists then, and "auto" changed in scipy 1.15.
    spss = stats.wilcoxon(nonzero, zero_method="wilcox", correction=False, method="approx")
    exact = ranks.n < EXACT_MAX_N and not ranks.has_ties and n_zero == 0
    if exact:
        r_default = stats.wilcoxon(nonzero, zero_method="wilcox", method="exact")
    else:
        r_default = stats.wilcoxon(nonzero, zero_method="wilcox", correction=True, method="approx")
    p_r = _clean(r_default.pvalue)
    return WilcoxonResult(
        negative_ranks=negative,
        positive_ranks=positive,
        ties=n_zero,
        total=n_pairs,
        n_nonzero=ranks.n,
        z=_clean(spss.zstatistic),
        p_asymptotic=_clean(spss.pvalue),
        based_on="negative" if ranks.r_minus < ranks.r_plus else "positive",
        v=_clean(ranks.r_plus),
        p_r_default=p_r,
        r_method="exact" if exact else "normal-cc",
        p_exact=p_r if exact else None,
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


# --------------------------------------------------------------------------- signed-rank law


@lru_cache(maxsize=64)
def _signrank_counts(n: int) -> tuple[int, ...]:
    """Number of subsets of {1..n} with each rank sum 0..n(n+1)/2 (R's csignrank).

    Dynamic programming over ranks; exact integers. Only used for n < 50.
    """
    if n >= EXACT_MAX_N:
        raise ValueError("the exact signed-rank distribution is only used for n < 50")
    counts = [1]
    for rank in range(1, n + 1):
        grown = [*counts, *([0] * rank)]
        for total, ways in enumerate(counts):
            grown[total + rank] += ways
        counts = grown
    return tuple(counts)


def psignrank(q: int, n: int) -> float:
    """P(V ≤ q) for the signed-rank statistic of n untied, non-zero differences (R's psignrank).

    Args:
        q: Quantile (rank sum).
        n: Number of differences, 1 ≤ n < 50.

    Returns:
        The lower-tail probability.
    """
    counts = _signrank_counts(n)
    if q < 0:
        return 0.0
    return min(1.0, sum(counts[: q + 1]) / 2.0**n)


def qsignrank(p: float, n: int) -> int:
    """Smallest q with P(V ≤ q) ≥ p, exactly as R's ``qsignrank`` (same 10·ε fuzz).

    Args:
        p: Lower-tail probability, 0 ≤ p ≤ 1.
        n: Number of differences, 1 ≤ n < 50.

    Returns:
        The quantile.
    """
    counts = _signrank_counts(n)
    m = len(counts) - 1
    scale = 2.0**-n
    eps = 10 * 2.220446049250313e-16
    if p <= 0.5:
        target = p - eps
        cumulative, q = 0.0, 0
        while True:
            cumulative += counts[q] * scale
            if cumulative >= target:
                return q
            q += 1
    target = 1 - p + eps
    cumulative, q = 0.0, 0
    while True:
        cumulative += counts[q] * scale
        if cumulative > target:
            return m - q
        q += 1


# --------------------------------------------------------------------------- Hodges–Lehmann


@dataclass(frozen=True)
class _Walsh:
    """Sorted distinct Walsh averages with the cumulative number of pairs ≤ each."""

    values: FloatArray
    cumulative: IntArray

    def order_stat(self, k: int) -> float:
        """The k-th smallest Walsh average, 1-based, counting multiplicities."""
        import numpy as np

        return float(self.values[int(np.searchsorted(self.cumulative, k, side="left"))])


def _walsh_table(values: FloatArray, counts: IntArray) -> _Walsh:
    """All Walsh averages (d_i + d_j)/2, i ≤ j, as distinct values with weights.

    Pairs of distinct values a < b weigh c_a·c_b, a value with itself c_a(c_a + 1)/2, so
    n = 100,000 integer scores with 7 distinct values cost 28 pairs, not 5·10⁹.
    """
    import numpy as np

    i, j = np.triu_indices(values.size)
    sums = (values[i] + values[j]) / 2.0
    weights = np.where(i == j, counts[i] * (counts[i] + 1) // 2, counts[i] * counts[j])
    order = np.argsort(sums, kind="stable")
    sums, weights = sums[order], weights[order]
    starts = np.flatnonzero(np.r_[True, sums[1:] != sums[:-1]])
    return _Walsh(values=sums[starts], cumulative=np.cumsum(np.add.reduceat(weights, starts)))


def _walsh_count_le(values: FloatArray, counts: IntArray, t: float) -> int:
    """Number of Walsh averages ≤ t (multiplicities counted), in O(k log k)."""
    import numpy as np

    cumulative = np.r_[0, np.cumsum(counts)]
    limits = 2.0 * t - values
    partners = cumulative[np.searchsorted(values, limits, side="right")]
    ordered = int(np.sum(counts * partners))
    diagonal = int(np.sum(counts[values <= limits]))
    return (ordered + diagonal) // 2


def _walsh_order_stat_bisect(values: FloatArray, counts: IntArray, k: int) -> float:
    """The k-th smallest Walsh average without enumerating them (many distinct values)."""
    lo, hi = float(values[0]), float(values[-1])
    if _walsh_count_le(values, counts, lo) >= k:
        return lo
    for _ in range(2000):
        mid = (lo + hi) / 2.0
        if mid in (lo, hi):
            break
        if _walsh_count_le(values, counts, mid) >= k:
            hi = mid
        else:
            lo = mid
    return hi


def _shifted_z(values: FloatArray, counts: IntArray, delta: float) -> float | None:
    """R's continuity-corrected, tie-corrected z of the differences minus ``delta``.

    Zeros of d − δ are dropped, as in R's ``wdiff``. None when every d equals δ.
    """
    shifted = values - delta
    keep = shifted != 0
    ranks = _rank_summary(shifted[keep], counts[keep])
    if ranks.n == 0:
        return None
    centred = ranks.r_plus - ranks.expected
    centred -= math.copysign(0.5, centred) if centred else 0.0
    return centred / math.sqrt(ranks.variance)


def _hodges_lehmann(
    values: FloatArray,
    counts: IntArray,
    ranks: _Ranks,
    *,
    method: RMethod | None,
    confidence: float,
    n_pairs: int,
) -> HodgesLehmann:
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

    if total % 2:
        estimate = order_stat((total + 1) // 2)
    else:
        estimate = (order_stat(total // 2) + order_stat(total // 2 + 1)) / 2.0
    alpha = 1.0 - confidence

    if method == "exact":
        k = max(qsignrank(alpha / 2.0, n), 1)
        achieved = 1.0 - 2.0 * psignrank(k - 1, n)
        if achieved < confidence - 1e-12:
            return _hl_unreachable(estimate, confidence, achieved, method)
        return HodgesLehmann(
            estimate=_clean(estimate),
            ci_low=_clean(order_stat(k)),
            ci_high=_clean(order_stat(total + 1 - k)),
            confidence=confidence,
            achieved_confidence=_clean(achieved),
            method=method,
        )

    if values.size == 1:  # every non-zero d is the same: R's wdiff has SIGMA = 0 and stops
        return HodgesLehmann(_clean(estimate), None, None, confidence, None, method, "ci_all_equal")

    lowest, highest = float(values[0]), float(values[-1])
    z_low, z_high = _shifted_z(values, counts, lowest), _shifted_z(values, counts, highest)
    assert z_low is not None and z_high is not None  # at least two distinct values
    # R doubles alpha until the statistic at the extremes straddles ±z; any doubling means
    # the requested level is out of reach (R then prints the interval at the lower level).
    while alpha < 1.0:
        quantile = NormalDist().inv_cdf(1.0 - alpha / 2.0)
        if z_low - quantile < 0 or z_high + quantile > 0:
            alpha *= 2.0
        else:
            break
    if alpha >= 1.0 or (1.0 - confidence) < alpha * 0.75:
        return _hl_unreachable(estimate, confidence, max(0.0, 1.0 - alpha), method)
    quantile = NormalDist().inv_cdf(1.0 - alpha / 2.0)
    if walsh is not None:
        low = _ci_root_on_grid(values, counts, walsh.values, quantile)
        high = _ci_root_on_grid(values, counts, walsh.values, -quantile)
    else:
        low = _ci_root_bisect(values, counts, lowest, highest, quantile)
        high = _ci_root_bisect(values, counts, lowest, highest, -quantile)
    return HodgesLehmann(
        estimate=_clean(estimate),
        ci_low=_clean(low),
        ci_high=_clean(high),
        confidence=confidence,
        achieved_confidence=None,
        method=method,
    )


def _hl_unreachable(
    estimate: float, confidence: float, achievable: float, method: RMethod
) -> HodgesLehmann:
    return HodgesLehmann(
        estimate=_clean(estimate),
        ci_low=None,
        ci_high=None,
        confidence=confidence,
        achieved_confidence=_clean(round(achievable, 10)),
        method=method,
        note="ci_level_unreachable",
    )


def _crossing(values: FloatArray, counts: IntArray, delta: float, quantile: float) -> float:
    z = _shifted_z(values, counts, delta)
    assert z is not None  # only evaluated away from a single distinct value
    return z - quantile


def _ci_root_on_grid(
    values: FloatArray, counts: IntArray, walsh: FloatArray, quantile: float
) -> float:
    """The Walsh average where R's corrected statistic of (d − δ) crosses ``quantile``.

    Between neighbouring Walsh averages no d − δ is zero and no new ties form, so the
    statistic is constant there, and non-increasing from one gap to the next. It is
    therefore evaluated at the midpoints of the gaps: if the first gap at or below
    ``quantile`` follows walsh[i], the crossing (R's ``uniroot`` root, to its 1e-4
    tolerance) is walsh[i]. The ends are checked at the extreme d themselves, as R does.
    """
    if _crossing(values, counts, float(walsh[0]), quantile) <= 0:
        return float(walsh[0])
    if _crossing(values, counts, float(walsh[-1]), quantile) >= 0:
        return float(walsh[-1])
    lo, hi = 0, walsh.size - 1  # gap i lies between walsh[i] and walsh[i + 1]
    while lo < hi:  # first gap whose statistic is at or below the quantile
        mid = (lo + hi) // 2
        gap = (float(walsh[mid]) + float(walsh[mid + 1])) / 2.0
        if _crossing(values, counts, gap, quantile) > 0:
            lo = mid + 1
        else:
            hi = mid
    return float(walsh[lo])


def _ci_root_bisect(
    values: FloatArray, counts: IntArray, lowest: float, highest: float, quantile: float
) -> float:
    """Like :func:`_ci_root_on_grid` for many distinct values: bisection on δ itself."""
    if _crossing(values, counts, lowest, quantile) <= 0:
        return lowest
    if _crossing(values, counts, highest, quantile) >= 0:
        return highest
    lo, hi = lowest, highest
    for _ in range(2000):
        mid = (lo + hi) / 2.0
        if mid in (lo, hi):
            break
        if _crossing(values, counts, mid, quantile) > 0:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2.0


# --------------------------------------------------------------------------- supplementary


def _paired_t(x: FloatArray, y: FloatArray, d: FloatArray) -> PairedT:
    import numpy as np

    n = int(d.size)
    if n < 2:
        return PairedT(None, None, None, "too_few_for_t")
    if float(np.ptp(d)) == 0.0:
        return PairedT(None, n - 1, None, "constant_differences")
    from scipy import stats

    result = stats.ttest_rel(y, x)
    return PairedT(t=_clean(result.statistic), df=n - 1, p=_clean(result.pvalue))


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

    result = stats.shapiro(d)
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
    def which(score: float) -> str | None:
        for category_id, low, high in categories:
            if low <= score <= high:
                return category_id
        return None

    ids = [c[0] for c in categories]
    pre_ids = [which(float(s)) for s in x]
    post_ids = [which(float(s)) for s in y]
    moves = {(a, b): 0 for a in ids for b in ids}
    for a, b in zip(pre_ids, post_ids, strict=True):
        if a is not None and b is not None:
            moves[a, b] += 1
    return CategorySummary(
        counts=tuple(
            CategoryCount(
                id=category_id,
                min_total=low,
                max_total=high,
                pre=pre_ids.count(category_id),
                post=post_ids.count(category_id),
            )
            for category_id, low, high in categories
        ),
        crosstab=tuple((a, b, moves[a, b]) for a in ids for b in ids),
        uncategorised_pre=pre_ids.count(None),
        uncategorised_post=post_ids.count(None),
    )
