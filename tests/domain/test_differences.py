"""Differences exact in the scores' own decimals (issue 14), and what the quick path imports."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from oxytimer.domain.differences import scaled_differences
from oxytimer.domain.stats import analyse


def exact(a: float, b: float) -> Decimal:
    return Decimal(repr(b)) - Decimal(repr(a))


_SCORE = st.one_of(
    st.integers(-50, 50).map(float),
    st.decimals(-100, 100, places=1).map(float),
    st.decimals(-100, 100, places=2).map(float),
    st.decimals(-1000, 1000, places=3).map(float),
    st.floats(-1e6, 1e6, allow_nan=False),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_SCORE, _SCORE), min_size=1, max_size=12))
def test_equal_decimal_differences_are_equal_and_only_those(
    pairs: list[tuple[float, float]],
) -> None:
    pre = np.array([a for a, _ in pairs])
    post = np.array([b for _, b in pairs])
    got = scaled_differences(pre, post)
    want = [exact(a, b) for a, b in pairs]
    # Scaled to whole units, two differences are equal exactly when the decimals are. On
    # the decimal path (scores of more than 15 significant digits) they are the doubles
    # nearest the decimals: decimals that differ only beyond a double's precision
    # (2 and 2.000000000000000222) are one double, a tie.
    same = want if got.whole else [Decimal(float(w)) for w in want]
    for i in range(len(pairs)):
        # Each difference is the double nearest the exact decimal difference ...
        assert got.values[i] == float(want[i])
        assert (got.units[i] == 0) == (same[i] == 0)
        for j in range(len(pairs)):
            # ... and two are equal exactly when those are.
            assert (got.units[i] == got.units[j]) == (same[i] == same[j])
            assert (abs(got.units[i]) == abs(got.units[j])) == (abs(same[i]) == abs(same[j]))
    if got.whole:
        assert np.array_equal(got.units, np.round(got.units))


def test_scaled_units_are_whole_numbers_in_the_scores_decimals() -> None:
    got = scaled_differences(np.array([4.0, 3.1, 2.25]), np.array([5.1, 2.0, 2.5]))
    assert got.decimals == 2 and got.scale == 100.0 and got.whole
    assert got.units.tolist() == [110.0, -110.0, 25.0]


def test_many_digit_scores_take_the_decimal_path() -> None:
    third = 10 / 3  # 3.3333333333333335, a mean of three scores
    got = scaled_differences(np.array([third, 1.0]), np.array([third + 1.0, 2.0]))
    assert got.decimals is None and not got.whole
    assert got.values.tolist() == [float(exact(third, third + 1.0)), 1.0]


def test_decimal_ties_change_the_analysis_as_documented() -> None:
    a = analyse([4.0, 3.1], [5.1, 2.0])  # 1.1 and −1.1: one tie group of |d|
    assert a.wilcoxon.v == 1.5 and "ties" in a.warnings
    assert a.difference.mean == 0.0  # not 1.1 − 1.1000000000000001


def _modules_after_summary(tmp_path: Path, rows: int) -> list[str]:
    path = tmp_path / f"pairs{rows}.csv"
    lines = ["participant,pre,post"] + [f"P{i},{i % 4},{i % 4 + (i % 7) - 2}" for i in range(rows)]
    path.write_text("\n".join(lines) + "\n")
    code = (
        "import sys\n"
        "from oxytimer.cli import main\n"
        "try:\n"
        f"    main(['summary', '--pairs', {str(path)!r}, '--format', 'json'])\n"
        "except SystemExit as exit:\n"
        "    assert not exit.code, exit.code\n"
        "print('MODULES', sorted(m for m in ('scipy', 'scipy.stats', 'scipy.special',"
        " 'numpy.ma') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    line = next(x for x in done.stdout.splitlines() if x.startswith("MODULES"))
    return eval(line.removeprefix("MODULES "))


def test_one_pair_summary_imports_no_scipy(tmp_path: Path) -> None:
    # The quick answer (issue 14): neither scipy nor numpy.ma is needed.
    assert _modules_after_summary(tmp_path, 1) == []


def test_large_file_summary_imports_no_scipy(tmp_path: Path) -> None:
    # Above 5,000 pairs there is no Shapiro–Wilk, the only test that needs scipy.
    assert "scipy" not in _modules_after_summary(tmp_path, 6_000)
