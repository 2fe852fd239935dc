"""Signed ranks and Walsh averages of distinct differences with their counts.

The machinery behind the Wilcoxon statistic and the Hodges–Lehmann estimate and interval
of :mod:`oxytimer.domain.stats`: ranks of |d| with average ranks for ties, the weighted
Walsh averages (d_i + d_j)/2, R's continuity-corrected statistic of d − δ and the points
where it crosses a normal quantile. Everything works on distinct values with counts, so
100,000 integer scores cost as much as a dozen. numpy is imported inside the functions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    FloatArray = NDArray[np.float64]
    IntArray = NDArray[np.int64]

__all__ = [
    "Ranks",
    "Walsh",
    "ci_root_bisect",
    "ci_root_on_grid",
    "rank_summary",
    "shifted_z",
    "walsh_count_le",
    "walsh_order_stat_bisect",
    "walsh_table",
]

# --------------------------------------------------------------------------- ranks


@dataclass(frozen=True)
class Ranks:
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


def rank_summary(values: FloatArray, counts: IntArray) -> Ranks:
    """Rank |values| (each repeated ``counts`` times; zeros already removed).

    Tied absolute values get their average rank, as SPSS, R and scipy do. Works on distinct
    values with counts, so 100,000 integer scores cost as much as a dozen.
    """
    import numpy as np

    if values.size == 0:
        return Ranks(0, 0, 0, 0.0, 0.0, 0.0, False)
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
    return Ranks(
        n=n,
        n_pos=n_pos,
        n_neg=n - n_pos,
        r_plus=float(rank_sum[positive].sum()),
        r_minus=float(rank_sum[~positive].sum()),
        tie_term=float(np.sum(group_size**3 - group_size)),
        has_ties=bool(np.any(group_size > 1)),
    )


# --------------------------------------------------------------------------- Hodges–Lehmann


@dataclass(frozen=True)
class Walsh:
    """Sorted distinct Walsh averages with the cumulative number of pairs ≤ each."""

    values: FloatArray
    cumulative: IntArray

    def order_stat(self, k: int) -> float:
        """The k-th smallest Walsh average, 1-based, counting multiplicities."""
        import numpy as np

        return float(self.values[int(np.searchsorted(self.cumulative, k, side="left"))])


def walsh_table(values: FloatArray, counts: IntArray) -> Walsh:
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
    return Walsh(values=sums[starts], cumulative=np.cumsum(np.add.reduceat(weights, starts)))


def walsh_count_le(values: FloatArray, counts: IntArray, t: float) -> int:
    """Number of Walsh averages ≤ t (multiplicities counted), in O(k log k)."""
    import numpy as np

    cumulative = np.r_[0, np.cumsum(counts)]
    limits = 2.0 * t - values
    partners = cumulative[np.searchsorted(values, limits, side="right")]
    ordered = int(np.sum(counts * partners))
    diagonal = int(np.sum(counts[values <= limits]))
    return (ordered + diagonal) // 2


def walsh_order_stat_bisect(values: FloatArray, counts: IntArray, k: int) -> float:
    """The k-th smallest Walsh average without enumerating them (many distinct values)."""
    lo, hi = float(values[0]), float(values[-1])
    if walsh_count_le(values, counts, lo) >= k:
        return lo
    for _ in range(2000):
        mid = (lo + hi) / 2.0
        if mid in (lo, hi):
            break
        if walsh_count_le(values, counts, mid) >= k:
            hi = mid
        else:
            lo = mid
    return hi


def shifted_z(values: FloatArray, counts: IntArray, delta: float) -> float | None:
    """R's continuity-corrected, tie-corrected z of the differences minus ``delta``.

    Zeros of d − δ are dropped, as in R's ``wdiff``. None when every d equals δ.
    """
    shifted = values - delta
    keep = shifted != 0
    ranks = rank_summary(shifted[keep], counts[keep])
    if ranks.n == 0:
        return None
    centred = ranks.r_plus - ranks.expected
    centred -= math.copysign(0.5, centred) if centred else 0.0
    return centred / math.sqrt(ranks.variance)


def crossing(values: FloatArray, counts: IntArray, delta: float, quantile: float) -> float:
    z = shifted_z(values, counts, delta)
    assert z is not None  # only evaluated away from a single distinct value
    return z - quantile


def ci_root_on_grid(
    values: FloatArray, counts: IntArray, walsh: FloatArray, quantile: float
) -> float:
    """The Walsh average where R's corrected statistic of (d − δ) crosses ``quantile``.

    Between neighbouring Walsh averages no d − δ is zero and no new ties form, so the
    statistic is constant there, and non-increasing from one gap to the next. It is
    therefore evaluated at the midpoints of the gaps: if the first gap at or below
    ``quantile`` follows walsh[i], the crossing (R's ``uniroot`` root, to its 1e-4
    tolerance) is walsh[i]. The ends are checked at the extreme d themselves, as R does.
    """
    if crossing(values, counts, float(walsh[0]), quantile) <= 0:
        return float(walsh[0])
    if crossing(values, counts, float(walsh[-1]), quantile) >= 0:
        return float(walsh[-1])
    lo, hi = 0, walsh.size - 1  # gap i lies between walsh[i] and walsh[i + 1]
    while lo < hi:  # first gap whose statistic is at or below the quantile
        mid = (lo + hi) // 2
        gap = (float(walsh[mid]) + float(walsh[mid + 1])) / 2.0
        if crossing(values, counts, gap, quantile) > 0:
            lo = mid + 1
        else:
            hi = mid
    return float(walsh[lo])


def ci_root_bisect(
    values: FloatArray, counts: IntArray, lowest: float, highest: float, quantile: float
) -> float:
    """Like :func:`ci_root_on_grid` for many distinct values: bisection on δ itself."""
    if crossing(values, counts, lowest, quantile) <= 0:
        return lowest
    if crossing(values, counts, highest, quantile) >= 0:
        return highest
    lo, hi = lowest, highest
    for _ in range(2000):
        mid = (lo + hi) / 2.0
        if mid in (lo, hi):
            break
        if crossing(values, counts, mid, quantile) > 0:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2.0
