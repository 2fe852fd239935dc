"""Differences ``post − pre`` computed exactly in the scores' own decimals.

A score recorded as 5.1 is 5.1, not the binary double nearest to it. In binary floating
point ``5.1 − 4.0`` and ``3.1 − 2.0`` differ in the 16th digit, so R's plain
``wilcox.test(post, pre, paired = TRUE)`` does not count them as a tie, although both are
1.1. Here every score is read as the shortest decimal that gives back the same double
(what was written, for a score of up to 15 significant digits), all scores are scaled by
10^k, k being the most decimals any score has, and the differences are taken between
those whole numbers. Equal differences are then equal, and zero is zero.

:func:`scaled_differences` returns the differences in units of 10^−k as whole numbers held
in float64 (exact up to 2^53), so that ranks, Walsh sums ``d_i + d_j`` and their midpoints
are exact too; divide by the scale only for display. Scores with more digits than that
(a mean of three scores is 3.3333333333333335) are handled with :mod:`decimal`, and the
differences are then the doubles nearest to the exact decimal differences, so equal
differences are still ties.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Context, Decimal
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    FloatArray = NDArray[np.float64]

__all__ = ["ScaledDifferences", "scaled_differences"]

_MAX_DECIMALS: Final = 15
_EXACT_LIMIT: Final = 2.0**50
"""Scaled scores below this are whole numbers whose products with 10^k round exactly."""


@dataclass(frozen=True)
class ScaledDifferences:
    """``post − pre`` in units of 1/scale.

    Attributes:
        units: The differences times ``scale``; whole numbers when ``whole`` is True.
        scale: 10^k for k decimals (1.0 when the differences are not scaled).
        decimals: k, the most decimals of any score, or None when not scaled.
        whole: Whether ``units`` are exact whole numbers.
    """

    units: FloatArray
    scale: float
    decimals: int | None
    whole: bool

    @property
    def values(self) -> FloatArray:
        """The differences themselves (each the double nearest its exact decimal value)."""
        return self.units / self.scale if self.scale != 1.0 else self.units


def scaled_differences(pre: FloatArray, post: FloatArray) -> ScaledDifferences:
    """``post − pre`` computed exactly in the scores' decimals.

    Args:
        pre: Finite scores before.
        post: Finite scores after, same length.

    Returns:
        The differences; see :class:`ScaledDifferences`.
    """
    import numpy as np

    both = np.concatenate([pre, post])
    if both.size == 0:
        return ScaledDifferences(np.zeros(0), 1.0, 0, True)
    for k in range(_MAX_DECIMALS + 1):
        scale = 10.0**k
        scaled = np.round(both * scale)
        if float(np.max(np.abs(scaled))) >= _EXACT_LIMIT:
            break
        if np.array_equal(scaled / scale, both):
            n = pre.size
            units = (scaled[n:] - scaled[:n]) + 0.0
            return ScaledDifferences(units, scale, k, True)
    return _decimal_differences(pre, post)


def _decimal_differences(pre: FloatArray, post: FloatArray) -> ScaledDifferences:
    """The slow path: exact decimal subtraction, then the nearest double.

    Done once per distinct (pre, post) pair: means of a few whole scores repeat a lot.
    """
    import numpy as np

    context = Context(prec=1000)  # enough for any two doubles' exact difference
    distinct, inverse = np.unique(np.stack([pre, post], axis=1), axis=0, return_inverse=True)
    values = np.asarray(
        [
            float(context.subtract(Decimal(repr(float(b))), Decimal(repr(float(a)))))
            for a, b in distinct
        ],
        dtype=np.float64,
    )
    return ScaledDifferences(values[inverse.ravel()] + 0.0, 1.0, None, False)
