"""The paired comparison against R 4.2.2's printout, SPEC.md's cases and its edge cases."""

from __future__ import annotations

import csv
import json
import math
import re
import subprocess
import sys
from collections import Counter
from itertools import combinations_with_replacement
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oxytimer.domain import stats
from oxytimer.domain.stats import (
    MESSAGE_CODES,
    PairedAnalysis,
    analyse,
    psignrank,
    qsignrank,
    warning_text,
)

DATA = Path(__file__).resolve().parent.parent / "data"
KURANG_CUKUP_BANYAK = [("kurang", 0, 2), ("cukup", 3, 5), ("banyak", 6, 8)]


# --------------------------------------------------------------------------- reference data


def parse_expected(text: str) -> dict[str, dict[str, dict[str, str]]]:
    """Parse expected-R.txt: ``== name.csv`` blocks of ``key=value`` lines.

    Each line is stored under its label: a leading word without ``=`` (``pre``, ``ttest``)
    or else the first key (``n_pairs``, ``HL_default_est``), so that keys repeated on
    different lines (``ci_low``) stay apart.
    """
    cases: dict[str, dict[str, dict[str, str]]] = {}
    current: dict[str, dict[str, str]] | None = None
    for line in text.splitlines():
        if line.startswith("== "):
            current = cases.setdefault(line[3:].strip().removesuffix(".csv"), {})
            continue
        if not line.strip():
            continue
        assert current is not None, "data line before the first '== name' header"
        first, _, rest = line.partition(" ")
        label, body = (first.split("=", 1)[0], line) if "=" in first else (first, rest)
        current[label] = dict(re.findall(r"(\w+)=(.*?)(?=\s+\w+=|$)", body))
    return cases


EXPECTED = parse_expected((DATA / "expected-R.txt").read_text(encoding="utf-8"))
CASES = sorted(EXPECTED)


def num(value: str) -> float | None:
    token = value.split()[0]
    return None if token == "NA" else float(token)


def load_case(name: str) -> tuple[list[float], list[float]]:
    with open(DATA / f"{name}.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [float(r["pre"]) for r in rows], [float(r["post"]) for r in rows]


def test_reference_parser_reads_every_case() -> None:
    assert CASES == ["exact7", "fuel12", "improved60", "scale12", "ties20"]
    fuel = EXPECTED["fuel12"]
    assert fuel["n_pairs"]["ties"] == "1"
    assert fuel["HL_default_est"]["ci_low"] == "0.000081"
    assert fuel["HL_est"]["ci_low"] == "0.000008"
    assert fuel["R_V"]["R_default_method"].endswith("with continuity correction")
    assert EXPECTED["improved60"]["pos_mean_rank"]["neg_mean_rank"] == "NA"


@pytest.fixture(scope="module", params=CASES)
def case(request: pytest.FixtureRequest) -> tuple[str, PairedAnalysis]:
    name: str = request.param
    pre, post = load_case(name)
    return name, analyse(pre, post)


def test_counts_match_r(case: tuple[str, PairedAnalysis]) -> None:
    name, a = case
    ref = EXPECTED[name]["n_pairs"]
    w = a.wilcoxon
    assert a.n_pairs == w.total == int(ref["n_pairs"])
    assert w.n_nonzero == int(ref["nonzero"])
    assert w.positive_ranks.n == int(ref["pos"])
    assert w.negative_ranks.n == int(ref["neg"])
    assert w.ties == int(ref["ties"])
    assert a.n_missing == 0


def test_ranks_match_r(case: tuple[str, PairedAnalysis]) -> None:
    name, a = case
    ref = EXPECTED[name]["pos_mean_rank"]
    w = a.wilcoxon
    assert w.positive_ranks.sum_ranks == num(ref["pos_sum"])
    assert w.negative_ranks.sum_ranks == num(ref["neg_sum"])
    for group, key in ((w.positive_ranks, "pos_mean_rank"), (w.negative_ranks, "neg_mean_rank")):
        expected = num(ref[key])
        if expected is None:
            assert group.mean_rank is None and group.n == 0
        else:
            assert group.mean_rank == pytest.approx(expected, abs=5e-5)


def test_spss_z_and_p_match(case: tuple[str, PairedAnalysis]) -> None:
    name, a = case
    ref = EXPECTED[name]["spss_z"]
    assert a.wilcoxon.z == pytest.approx(num(ref["spss_z"]), abs=5e-7)
    assert a.wilcoxon.p_asymptotic == pytest.approx(num(ref["spss_p"]), rel=1e-7)
    # R without continuity correction is SPSS's p, a check on the reference itself.
    assert num(EXPECTED[name]["R_V"]["R_p_nocorr"]) == pytest.approx(num(ref["spss_p"]))
    assert a.wilcoxon.z is not None and a.wilcoxon.z <= 0


def test_r_v_and_default_p_match(case: tuple[str, PairedAnalysis]) -> None:
    name, a = case
    ref = EXPECTED[name]["R_V"]
    w = a.wilcoxon
    assert w.v == num(ref["R_V"])
    assert w.p_r_default == pytest.approx(num(ref["R_default_p"]), rel=1e-7)
    r_exact = "exact" in ref["R_default_method"]
    assert w.r_method == ("exact" if r_exact else "normal-cc")
    assert (w.p_exact is not None) == r_exact
    if r_exact:
        assert w.p_exact == w.p_r_default


def test_descriptives_match_r(case: tuple[str, PairedAnalysis]) -> None:
    name, a = case
    for which, desc in (("pre", a.pre), ("post", a.post)):
        ref = EXPECTED[name][which]
        assert desc.n == a.n_pairs
        assert desc.mean == pytest.approx(num(ref["mean"]), abs=5e-7)
        assert desc.sd == pytest.approx(num(ref["sd"]), abs=5e-7)
        assert desc.min == num(ref["min"])
        assert desc.max == num(ref["max"])
        assert desc.median == num(ref["median"])


def test_hodges_lehmann_matches_r(case: tuple[str, PairedAnalysis]) -> None:
    name, a = case
    ref = EXPECTED[name]["HL_default_est"]
    h = a.hodges_lehmann
    assert h.estimate == pytest.approx(num(ref["HL_default_est"]), abs=1e-3)
    assert h.ci_low == pytest.approx(num(ref["ci_low"]), abs=1e-3)
    assert h.ci_high == pytest.approx(num(ref["ci_high"]), abs=1e-3)
    assert h.confidence == 0.95
    assert h.method == a.wilcoxon.r_method
    # With integer scores every Walsh average is a multiple of 0.5 (their median of an
    # even count, 0.25): we land on them exactly, not within R's uniroot tolerance.
    assert h.estimate is not None and h.estimate * 4 == round(h.estimate * 4)
    for value in (h.ci_low, h.ci_high):
        assert value is not None and value * 2 == round(value * 2)


def test_effect_sizes(case: tuple[str, PairedAnalysis]) -> None:
    name, a = case
    ref = EXPECTED[name]["effect_r"]
    e = a.effect_size
    z = a.wilcoxon.z
    assert z is not None and e.r is not None
    assert e.r_n == a.n_pairs
    assert e.r == pytest.approx(abs(z) / math.sqrt(a.n_pairs))
    # The reference divides by the non-zero pairs instead (SPEC says to recompute).
    assert e.r * math.sqrt(a.n_pairs / a.wilcoxon.n_nonzero) == pytest.approx(
        num(ref["effect_r"]), abs=5e-7
    )
    assert e.rank_biserial == pytest.approx(num(ref["rank_biserial"]), abs=5e-7)


def test_paired_t_matches_r(case: tuple[str, PairedAnalysis]) -> None:
    name, a = case
    ref = EXPECTED[name]["ttest"]
    assert a.paired_t.t == pytest.approx(num(ref["t"]), abs=5e-7)
    assert a.paired_t.df == int(ref["df"])
    assert a.paired_t.p == pytest.approx(num(ref["p"]), rel=1e-7)


def test_shapiro_is_computed_on_the_differences(case: tuple[str, PairedAnalysis]) -> None:
    from scipy import stats as sps

    name, a = case
    pre, post = load_case(name)
    expected = sps.shapiro(np.subtract(post, pre))
    assert a.shapiro.n == a.n_pairs
    assert a.shapiro.w == pytest.approx(expected.statistic)
    assert a.shapiro.p == pytest.approx(expected.pvalue)


def test_reference_warnings(case: tuple[str, PairedAnalysis]) -> None:
    name, a = case
    if name == "exact7":
        assert a.warnings == ()
    else:
        assert {"ties", "zeros"} <= set(a.warnings)
        assert "small_n" not in a.warnings


def test_exact_case_ci_is_the_signed_rank_quantile() -> None:
    pre, post = load_case("exact7")
    h = analyse(pre, post).hodges_lehmann
    assert qsignrank(0.025, 7) == 3
    # Coverage of [A(3), A(26)]: 1 − 2·P(V ≤ 2) = 1 − 6/128.
    assert h.achieved_confidence == pytest.approx(1 - 6 / 128)
    assert (h.ci_low, h.ci_high) == (0.5, 6.0)


def test_fuel12_matches_spss_published_figures() -> None:
    w = analyse(*load_case("fuel12")).wilcoxon
    assert round(w.z or 0, 3) == -2.013
    assert round(w.p_asymptotic or 0, 3) == 0.044
    assert w.based_on == "negative"


# --------------------------------------------------------------------------- SPEC's cases


def test_study_all_improved_has_mean_rank_15_50() -> None:
    pre = [0] * 9 + [1] * 15 + [2] * 6
    post = [3] * 8 + [4] * 15 + [5] * 7
    a = analyse(pre, post, categories=KURANG_CUKUP_BANYAK)
    w = a.wilcoxon
    assert (w.positive_ranks.n, w.positive_ranks.mean_rank) == (30, 15.5)
    assert w.positive_ranks.sum_ranks == 465
    assert (w.negative_ranks.n, w.negative_ranks.sum_ranks, w.ties) == (0, 0, 0)
    assert w.negative_ranks.mean_rank is None
    assert w.based_on == "negative"
    assert a.categories is not None
    assert a.categories.to_dict()["pre"] == {"kurang": 30, "cukup": 0, "banyak": 0}
    assert a.categories.to_dict()["post"] == {"kurang": 0, "cukup": 30, "banyak": 0}
    assert a.categories.moved("kurang", "cukup") == 30
    assert a.categories.moved("kurang", "kurang") == 0


def test_one_to_five_warns_that_exact_p_cannot_reach_05() -> None:
    a = analyse([0] * 5, [1, 2, 3, 4, 5])
    w = a.wilcoxon
    assert round(w.z or 0, 3) == -2.023
    assert round(w.p_asymptotic or 0, 3) == 0.043
    assert w.p_exact == 0.0625 and w.r_method == "exact"
    assert "small_n" in a.warnings
    assert "methods_disagree" in a.warnings


def test_single_difference() -> None:
    a = analyse([1], [3])
    w = a.wilcoxon
    assert w.z == pytest.approx(-1.0)
    assert round(w.p_asymptotic or 0, 3) == 0.317
    assert w.p_exact == 1.0
    assert w.v == 1
    assert a.hodges_lehmann.estimate == 2.0
    assert a.hodges_lehmann.ci_low is None  # a 0 % "interval" is no interval
    assert a.paired_t.t is None and a.paired_t.note == "too_few_for_t"
    assert a.shapiro.w is None and a.shapiro.note == "too_few_for_shapiro"
    assert "small_n" in a.warnings


def test_one_up_one_down_gives_z_zero_without_sign() -> None:
    a = analyse([0, 0], [1, -1])
    w = a.wilcoxon
    assert w.z == 0.0 and math.copysign(1.0, w.z) == 1.0
    assert w.p_asymptotic == pytest.approx(1.0)
    assert w.p_r_default == pytest.approx(1.0)
    assert w.based_on == "positive"
    assert a.effect_size.rank_biserial == 0.0
    assert math.copysign(1.0, a.hodges_lehmann.estimate or 1.0) == 1.0


def test_missing_pair_is_dropped_and_counted() -> None:
    a = analyse([3, 4, 2, 5, 3], [5, None, 3, 6, 5])
    w = a.wilcoxon
    assert (a.n_pairs, a.n_missing) == (4, 1)
    assert round(w.z or 0, 3) == -1.857
    assert round(w.p_asymptotic or 0, 3) == 0.063
    assert w.v == 10
    assert round(w.p_r_default or 0, 4) == 0.0947
    assert w.r_method == "normal-cc"
    assert a.to_dict()["excluded"] == {"missing_score": 1}
    assert "missing_pairs" in a.warnings


def test_nan_counts_as_missing() -> None:
    a = analyse([1.0, float("nan"), 2.0, np.float64("nan")], [2.0, 3.0, float("nan"), 4.0])
    assert (a.n_pairs, a.n_missing) == (1, 3)


def test_hundred_thousand_pairs() -> None:
    d = [(i % 7) - 2 for i in range(100_000)]
    a = analyse([0] * len(d), d)
    w = a.wilcoxon
    assert (w.negative_ranks.n, w.positive_ranks.n, w.ties) == (28_572, 57_142, 14_286)
    assert w.z == pytest.approx(-142.344, abs=5e-4)
    assert w.r_method == "normal-cc" and w.p_exact is None
    h = a.hodges_lehmann
    assert (h.estimate, h.ci_low, h.ci_high) == (1.0, 1.0, 1.0)
    assert round(a.effect_size.rank_biserial or 0, 3) == 0.556
    n = w.n_nonzero
    assert w.positive_ranks.sum_ranks + w.negative_ranks.sum_ranks == n * (n + 1) / 2
    assert a.shapiro.w is None and a.shapiro.note == "too_many_for_shapiro"
    json.dumps(a.to_dict(), allow_nan=False)


def test_exact_methods_are_never_called_for_large_n(monkeypatch: pytest.MonkeyPatch) -> None:
    from oxytimer.domain import signrank, stats

    real = signrank.exact_p_two_sided
    sizes: list[int] = []

    def spy(v: int, n: int) -> float:
        sizes.append(n)
        return real(v, n)

    monkeypatch.setattr(stats, "exact_p_two_sided", spy)
    analyse([0.0] * 60, [float(i + 1) for i in range(60)])  # no ties, no zeros, n ≥ 50
    assert sizes == []
    analyse([0.0] * 49, [float(i + 1) for i in range(49)])
    assert sizes == [49]
    with pytest.raises(ValueError, match="only used"):
        signrank.psignrank(3, 50)


# --------------------------------------------------------------------------- edge cases


@pytest.mark.parametrize("n", [1, 3, 10])
def test_all_differences_zero(n: int) -> None:
    a = analyse([2] * n, [2] * n)
    w = a.wilcoxon
    assert (w.ties, w.total, w.n_nonzero) == (n, n, 0)
    assert (w.positive_ranks.n, w.negative_ranks.n) == (0, 0)
    assert w.z is None and w.p_asymptotic is None and w.p_r_default is None and w.v is None
    assert w.note == "all_zero"
    assert a.hodges_lehmann.estimate is None and a.hodges_lehmann.note == "all_zero"
    assert a.effect_size.r is None and a.effect_size.rank_biserial is None
    assert a.effect_size.r_n == n
    assert a.warnings == ("all_zero",)
    data = a.to_dict()
    assert data["wilcoxon"]["note"] == warning_text("all_zero", "en")
    json.dumps(data, allow_nan=False)


def test_no_complete_pairs() -> None:
    a = analyse([None, 1, None], [2, None, None])
    assert (a.n_pairs, a.n_missing) == (0, 3)
    assert a.warnings == ("missing_pairs", "no_pairs")
    assert a.pre.n == 0 and a.pre.mean is None
    assert a.wilcoxon.note == "no_pairs"
    json.dumps(a.to_dict(), allow_nan=False)


def test_empty_input() -> None:
    a = analyse([], [])
    assert a.n_pairs == 0 and a.warnings == ("no_pairs",)


@pytest.mark.parametrize(("n", "small"), [(1, True), (2, True), (5, True), (6, False), (7, False)])
def test_small_n_warning_threshold(n: int, small: bool) -> None:
    a = analyse([0] * n, list(range(1, n + 1)))
    assert ("small_n" in a.warnings) is small
    # The claim behind the warning: below 6 even the most extreme exact p exceeds .05.
    assert (a.wilcoxon.p_exact is not None and a.wilcoxon.p_exact > 0.05) is small


def test_zeros_do_not_count_towards_n_for_small_n() -> None:
    a = analyse([1] * 8, [1, 1, 1, 1, 2, 3, 4, 5])
    assert "small_n" in a.warnings and "zeros" in a.warnings
    assert a.wilcoxon.r_method == "normal-cc"  # zeros rule out R's exact test


def test_exact_ci_unreachable_for_five_is_rs_interval_at_the_achieved_level() -> None:
    # R 4.2.2 prints "95 percent confidence interval: 1 5" (tests/data/cases.out,
    # unreach5) although its coverage is 1 − 2/32 = 93.75 %: given, labelled 93.75 %.
    five = analyse([0] * 5, [1, 2, 3, 4, 5]).hodges_lehmann
    assert (five.ci_low, five.ci_high) == (1.0, 5.0)
    assert five.note == "ci_level_unreachable"
    assert five.achieved_confidence == pytest.approx(1 - 2 / 32)
    assert five.estimate == 3.0
    six = analyse([0] * 6, [1, 2, 3, 4, 5, 6]).hodges_lehmann
    assert (six.ci_low, six.ci_high) == (1.0, 6.0)
    assert six.achieved_confidence == pytest.approx(1 - 2 / 64)
    assert six.note is None


def test_normal_ci_unreachable_gives_rs_interval_at_rs_fallback_level() -> None:
    h = analyse([0] * 4, [2, 1, 1, 2]).hodges_lehmann
    assert h.method == "normal-cc"
    assert h.note == "ci_level_unreachable"
    assert h.achieved_confidence == 0.6  # R doubles alpha 0.05 → 0.4
    assert (h.ci_low, h.ci_high) == (1.0, 2.0)
    # pre 0,0,0, post 1,1,3: R doubles alpha past 1 and prints a "0 percent" interval.
    flat = analyse([0, 0, 0], [1, 1, 3]).hodges_lehmann
    assert flat.ci_low is None and flat.achieved_confidence == 0.0
    assert flat.note == "ci_level_unreachable"


def test_all_nonzero_differences_equal_has_no_ci() -> None:
    a = analyse([0, 0, 0, 1], [2, 2, 2, 1])
    h = a.hodges_lehmann
    assert h.estimate == 2.0
    assert h.ci_low is None and h.note == "ci_all_equal"
    assert a.paired_t.t is not None  # the zero makes the differences vary
    b = analyse([0, 0, 0], [2, 2, 2])
    assert b.paired_t.t is None and b.paired_t.note == "constant_differences"
    assert b.paired_t.df is None  # R's t.test refuses: "data are essentially constant"
    assert b.shapiro.w is None and b.shapiro.note == "constant_differences"


def test_lower_confidence_level_narrows_interval() -> None:
    pre, post = load_case("ties20")
    wide = analyse(pre, post, confidence=0.99).hodges_lehmann
    narrow = analyse(pre, post, confidence=0.80).hodges_lehmann
    assert wide.ci_low is not None and narrow.ci_low is not None
    assert wide.ci_high is not None and narrow.ci_high is not None
    assert wide.ci_low <= narrow.ci_low <= narrow.ci_high <= wide.ci_high
    assert (wide.confidence, narrow.confidence) == (0.99, 0.80)


def test_floating_point_noise_does_not_break_ties() -> None:
    # 5.1 − 4.0 and 3.1 − 2.0 differ in binary; they are the same change.
    a = analyse([4.0, 2.0, 1.0], [5.1, 3.1, 3.0])
    assert "ties" in a.warnings
    assert a.wilcoxon.r_method == "normal-cc"


def test_quartiles_are_type_7() -> None:
    a = analyse([1, 2, 3, 4], [1, 2, 3, 4])
    assert (a.pre.q1, a.pre.median, a.pre.q3) == (1.75, 2.5, 3.25)


@pytest.mark.parametrize(
    ("pre", "post", "message"),
    [
        ([1, 2], [1], "pre has 2"),
        ([1], [float("inf")], "infinite"),
        (["x"], [1], "not a number"),
        ([True], [1], "boolean"),
    ],
)
def test_invalid_input_is_rejected(pre: list[Any], post: list[Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        analyse(pre, post)


@pytest.mark.parametrize("level", [0.0, 1.0, -0.5, 1.5])
def test_confidence_must_be_a_proportion(level: float) -> None:
    with pytest.raises(ValueError, match="confidence"):
        analyse([1], [2], confidence=level)


def test_categories_count_and_cross_tabulate() -> None:
    a = analyse([0, 1, 3, 6, 9, 2], [3, 1, 6, 5, 2, 2.5], categories=KURANG_CUKUP_BANYAK)
    c = a.categories
    assert c is not None
    data = c.to_dict()
    assert data["pre"] == {"kurang": 3, "cukup": 1, "banyak": 1}
    assert data["post"] == {"kurang": 2, "cukup": 2, "banyak": 1}
    assert data["uncategorised"] == {"pre": 1, "post": 1}  # 9 and 2.5 fit nowhere
    assert data["crosstab"]["kurang"] == {"kurang": 1, "cukup": 1, "banyak": 0}
    assert data["crosstab"]["cukup"]["banyak"] == 1
    assert data["crosstab"]["banyak"]["cukup"] == 1
    assert len(c.crosstab) == 9
    assert analyse([1], [2]).categories is None


@pytest.mark.parametrize(
    "categories",
    [
        [("a", 0, 3), ("b", 3, 5)],
        [("a", 0, 2), ("a", 3, 5)],
        [("a", 4, 2)],
        [("", 0, 2)],
    ],
)
def test_bad_categories_are_rejected(categories: list[tuple[str, float, float]]) -> None:
    with pytest.raises(ValueError):
        analyse([1], [2], categories=categories)


# --------------------------------------------------------------------------- output contract


def _walk_floats(value: Any) -> list[float]:
    if isinstance(value, float):
        return [value]
    if isinstance(value, dict):
        return [f for v in value.values() for f in _walk_floats(v)]
    if isinstance(value, list):
        return [f for v in value for f in _walk_floats(v)]
    return []


EDGE_INPUTS = [
    ([], []),
    ([1], [1]),
    ([1], [3]),
    ([0, 0], [1, -1]),
    ([0, 0, 0], [2, 2, 2]),
    ([3, 4, 2, 5, 3], [5, None, 3, 6, 5]),
    ([0] * 5, [1, 2, 3, 4, 5]),
    ([0] * 4, [2, 1, 1, 2]),
    ([5, 5, 5], [5, 4, 5]),
    ([-1.5, 0.0], [-1.5, -3.0]),
]


@pytest.mark.parametrize(("pre", "post"), EDGE_INPUTS)
def test_to_dict_is_strict_json_without_negative_zero(
    pre: list[float | None], post: list[float | None]
) -> None:
    data = analyse(pre, post, categories=KURANG_CUKUP_BANYAK).to_dict()
    text = json.dumps(data, allow_nan=False)
    assert "-0.0" not in text
    assert all(math.isfinite(f) for f in _walk_floats(data))
    assert json.loads(text) == data


def test_to_dict_has_the_agreed_keys() -> None:
    data = analyse(*load_case("fuel12")).to_dict()
    required = {
        "n_pairs",
        "excluded",
        "pre",
        "post",
        "difference",
        "wilcoxon",
        "hodges_lehmann",
        "effect_size",
        "paired_t",
        "shapiro_wilk",
        "categories",
        "warnings",
    }
    assert required <= set(data)
    for key in ("pre", "post", "difference"):
        assert set(data[key]) == {"n", "mean", "sd", "min", "max", "median", "q1", "q3"}
    w = data["wilcoxon"]
    for key in ("negative_ranks", "positive_ranks"):
        assert set(w[key]) == {"n", "mean_rank", "sum_ranks"}
    assert {"ties", "z", "p_asymptotic", "v", "p_r_default", "p_exact", "note"} <= set(w)
    assert {"estimate", "ci_low", "ci_high", "confidence"} <= set(data["hodges_lehmann"])
    assert {"r", "r_n", "rank_biserial"} <= set(data["effect_size"])
    assert {"t", "df", "p"} <= set(data["paired_t"])
    assert {"w", "p"} <= set(data["shapiro_wilk"])
    assert w["p_exact"] is None  # fuel12 has ties: R does not use the exact distribution
    assert data["warnings"] == ["ties", "zeros"]
    assert data["difference"]["q1"] == pytest.approx(
        np.percentile([4, 2, 0, -3, 5, 1, -1, 4, 4, 3, -2, 4], 25)
    )


def test_results_are_frozen() -> None:
    a = analyse([1, 2], [2, 4])
    with pytest.raises(AttributeError):
        a.n_pairs = 3  # type: ignore[misc]
    with pytest.raises(AttributeError):
        a.wilcoxon.positive_ranks.n = 0  # type: ignore[misc]


def test_importing_the_domain_modules_loads_neither_scipy_nor_numpy() -> None:
    code = (
        "import sys\n"
        "import oxytimer.domain.stats, oxytimer.domain.report, oxytimer.domain.pairs_csv\n"
        "print(sorted(m for m in ('scipy', 'numpy') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


# --------------------------------------------------------------------------- messages

WARNING_CODES = (
    "no_pairs",
    "missing_pairs",
    "all_zero",
    "small_n",
    "ties",
    "zeros",
    "methods_disagree",
    "ci_level_unreachable",
)


@pytest.mark.parametrize("code", MESSAGE_CODES)
def test_every_code_has_english_and_indonesian_text(code: str) -> None:
    en, id_ = warning_text(code, "en"), warning_text(code, "id")
    assert en and id_ and en != id_
    assert warning_text(code, "id_ID") == id_
    assert warning_text(code, "fr") == en
    assert warning_text(code) == en


def test_warning_codes_are_all_translated() -> None:
    assert set(WARNING_CODES) <= set(MESSAGE_CODES)


def test_unknown_code_raises() -> None:
    with pytest.raises(KeyError):
        warning_text("no_such_code", "en")


@pytest.mark.parametrize(("pre", "post"), EDGE_INPUTS)
def test_every_emitted_code_is_known(pre: list[float | None], post: list[float | None]) -> None:
    a = analyse(pre, post)
    notes = [a.wilcoxon.note, a.hodges_lehmann.note, a.effect_size.note]
    notes += [a.paired_t.note, a.shapiro.note]
    for code in [*a.warnings, *(n for n in notes if n is not None)]:
        assert code in MESSAGE_CODES


# --------------------------------------------------------------------------- signed-rank law


def test_psignrank_known_values() -> None:
    assert psignrank(8, 10) == pytest.approx(25 / 1024)
    assert psignrank(-1, 5) == 0.0
    assert psignrank(15, 5) == 1.0
    assert qsignrank(0.025, 10) == 9
    assert qsignrank(0.025, 5) == 0
    assert qsignrank(0.975, 10) == 55 - 9


@pytest.mark.parametrize("n", range(1, 50))
def test_signrank_distribution_is_symmetric_and_complete(n: int) -> None:
    m = n * (n + 1) // 2
    assert psignrank(m, n) == 1.0
    for q in (0, n, m // 2):
        assert psignrank(q, n) == pytest.approx(1 - psignrank(m - q - 1, n))
    with pytest.raises(ValueError):
        psignrank(0, 50)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-30, 30).filter(bool), min_size=1, max_size=25, unique_by=abs))
def test_exact_p_agrees_with_our_distribution(d: list[int]) -> None:
    a = analyse([0] * len(d), d)
    w = a.wilcoxon
    n = len(d)
    assert w.r_method == "exact" and w.v is not None and w.p_exact is not None
    v = int(w.v)
    tail = 1 - psignrank(v - 1, n) if v > n * (n + 1) / 4 else psignrank(v, n)
    assert w.p_exact == pytest.approx(min(1.0, 2 * tail), abs=1e-12)


# --------------------------------------------------------------------------- properties

scores = st.integers(0, 8)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(scores, scores), min_size=1, max_size=40))
def test_ranks_sum_to_n_n_plus_1_over_2_and_z_matches_formula(pairs: list[tuple[int, int]]) -> None:
    pre, post = [p for p, _ in pairs], [q for _, q in pairs]
    a = analyse(pre, post)
    w = a.wilcoxon
    d = [q - p for p, q in pairs]
    nonzero = [x for x in d if x]
    n = len(nonzero)
    assert w.n_nonzero == n and w.ties == len(d) - n
    assert w.positive_ranks.sum_ranks + w.negative_ranks.sum_ranks == n * (n + 1) / 2
    if n == 0:
        assert w.z is None
        return
    # Independent tie-corrected formula, from SPEC.md.
    ordered = sorted(abs(x) for x in nonzero)
    rank_of = {v: ordered.index(v) + 1 + (ordered.count(v) - 1) / 2 for v in set(ordered)}
    r_plus = sum(rank_of[abs(x)] for x in nonzero if x > 0)
    r_minus = sum(rank_of[abs(x)] for x in nonzero if x < 0)
    ties = Counter(ordered).values()
    var = n * (n + 1) * (2 * n + 1) / 24 - sum(t**3 - t for t in ties) / 48
    z = (min(r_plus, r_minus) - n * (n + 1) / 4) / math.sqrt(var)
    assert w.v == r_plus
    assert w.z == pytest.approx(z, abs=1e-9)
    assert w.p_asymptotic == pytest.approx(math.erfc(abs(z) / math.sqrt(2)), abs=1e-12)
    assert w.z <= 0
    assert w.based_on == ("negative" if r_minus < r_plus else "positive")
    assert a.effect_size.r is not None and 0 <= a.effect_size.r <= 1


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(scores, scores), min_size=1, max_size=30))
def test_swapping_pre_and_post_mirrors_the_result(pairs: list[tuple[int, int]]) -> None:
    pre, post = [p for p, _ in pairs], [q for _, q in pairs]
    a, b = analyse(pre, post), analyse(post, pre)
    wa, wb = a.wilcoxon, b.wilcoxon
    assert wa.positive_ranks == wb.negative_ranks
    assert wa.negative_ranks == wb.positive_ranks
    assert wa.z == wb.z and wa.p_asymptotic == wb.p_asymptotic
    assert wa.p_r_default == pytest.approx(wb.p_r_default)
    if wa.n_nonzero and wa.positive_ranks.sum_ranks != wa.negative_ranks.sum_ranks:
        assert wa.based_on != wb.based_on
    ha, hb = a.hodges_lehmann, b.hodges_lehmann
    if ha.estimate is not None and hb.estimate is not None:
        assert ha.estimate == pytest.approx(-hb.estimate)
    if ha.ci_low is not None and hb.ci_high is not None and ha.ci_high is not None:
        assert ha.ci_low == pytest.approx(-hb.ci_high)
        assert ha.ci_high == pytest.approx(-(hb.ci_low or 0.0))
    if a.effect_size.rank_biserial is not None:
        assert a.effect_size.rank_biserial == pytest.approx(-(b.effect_size.rank_biserial or 0))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-6, 8), min_size=1, max_size=40))
def test_hodges_lehmann_is_the_median_of_all_walsh_averages(d: list[int]) -> None:
    a = analyse([0] * len(d), d)
    nonzero = [x for x in d if x]
    if not nonzero:
        assert a.hodges_lehmann.estimate is None
        return
    walsh = [(x + y) / 2 for x, y in combinations_with_replacement(nonzero, 2)]
    h = a.hodges_lehmann
    assert h.estimate == float(np.median(walsh))
    if h.ci_low is not None and h.ci_high is not None:
        assert h.ci_low in walsh and h.ci_high in walsh
        assert h.ci_low <= h.estimate <= h.ci_high


def test_many_distinct_values_use_bisection_with_the_same_answer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rng = np.random.default_rng(20190201)
    d = np.round(rng.normal(0.4, 1.0, size=400), 3).tolist()
    enumerated = analyse([0.0] * len(d), d).hodges_lehmann
    monkeypatch.setattr(stats, "_ENUMERATE_MAX_DISTINCT", 10)
    bisected = analyse([0.0] * len(d), d).hodges_lehmann
    nonzero = [x for x in d if x]
    walsh = np.add.outer(nonzero, nonzero)[np.triu_indices(len(nonzero))] / 2
    assert enumerated.estimate == pytest.approx(float(np.median(walsh)), abs=1e-12)
    assert bisected.estimate == pytest.approx(enumerated.estimate, abs=1e-9)
    assert bisected.ci_low == pytest.approx(enumerated.ci_low, abs=1e-9)
    assert bisected.ci_high == pytest.approx(enumerated.ci_high, abs=1e-9)
    assert enumerated.ci_low in walsh and enumerated.ci_high in walsh
