"""Issue 14's cases, each against what R 4.2.2 printed (or the documented difference).

R's figures are read from ``tests/data/r_cases.out`` (made by ``tests/data/r_cases.R``
with R 4.2.2, Debian 12's r-base-core); the tests do not need R. Where oxytimer differs
from a plain ``wilcox.test(post, pre, paired = TRUE, conf.int = TRUE)`` on purpose, the
table says why, and the same data with the differences computed in the scores' decimals
(``*_exact`` blocks: what the bundle's R script does) give oxytimer's numbers.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from oxytimer.domain.report import spss_text
from oxytimer.domain.signrank import t_p_two_sided
from oxytimer.domain.stats import analyse, warning_text

DATA = Path(__file__).resolve().parent.parent / "data"


@dataclass
class RFigures:
    v: float
    p: float
    method: str
    estimate: float
    ci: tuple[float, float]
    conf_level: float
    warnings: list[str]
    t_error: str | None
    t_df: float | None


def _r_blocks() -> dict[str, RFigures]:
    blocks: dict[str, RFigures] = {}
    text = (DATA / "r_cases.out").read_text()
    for chunk in re.split(r"^== ", text, flags=re.M)[1:]:
        name = chunk.split()[0]
        v, p, method = re.search(
            r"^V = (\S+)\s+p = (\S+)\s+method = (.*?) ?$", chunk, re.M
        ).groups()  # type: ignore[union-attr]
        est, low, high, level = re.search(  # type: ignore[union-attr]
            r"^est = (\S+)\s+ci = (\S+)\s+(\S+)\s+conf.level = (\S+)", chunk, re.M
        ).groups()
        t_error = re.search(r"^t.test ERROR: (.*?) ?$", chunk, re.M)
        t_df = re.search(r"^t = \S+ df = (\S+)", chunk, re.M)
        blocks[name] = RFigures(
            v=float(v),
            p=float(p),
            method=method,
            estimate=float(est),
            ci=(float(low), float(high)),
            conf_level=float(level),
            warnings=re.findall(r"^WARNING: (.*?) ?$", chunk, re.M),
            t_error=t_error.group(1) if t_error else None,
            t_df=float(t_df.group(1)) if t_df else None,
        )
    return blocks


R = _r_blocks()
EXACT = "Wilcoxon signed rank exact test"
NORMAL = "Wilcoxon signed rank test with continuity correction"

DECIMAL2 = ([4.0, 3.1], [5.1, 2.0])
DECIMAL7 = (
    [7.9, 2.7, 4.5, 1.1, 5.2, 6.9, 2.7],
    [10.4, 3.6, 3.8, 2.5, 5.5, 7.7, 4.1],
)


def lines_of(text: str) -> list[str]:
    return [re.sub(r"\s+", " ", line).strip() for line in text.splitlines()]


# --------------------------------------------------------------------------- 1. decimals


def test_two_decimal_pairs_are_a_tie_where_plain_r_sees_none() -> None:
    plain, exact = R["decimal2"], R["decimal2_exact"]
    assert (plain.v, plain.method) == (1.0, EXACT)  # R: 1.1 and −1.1 differ as doubles
    a = analyse(*DECIMAL2)
    w = a.wilcoxon
    assert (w.v, w.r_method) == (1.5, "normal-cc")
    assert (w.v, w.p_r_default) == (exact.v, pytest.approx(exact.p, rel=1e-12))
    assert exact.method == NORMAL
    assert w.note == "decimal_ties" and "decimal_ties" in a.warnings


def test_seven_decimal_pairs_fall_on_the_other_side_of_05_for_plain_r() -> None:
    plain, exact = R["decimal7"], R["decimal7_exact"]
    assert plain.p == pytest.approx(0.046875) and plain.method == EXACT
    assert plain.ci == pytest.approx((0.05, 1.95))
    a = analyse(*DECIMAL7)
    w, h = a.wilcoxon, a.hodges_lehmann
    assert w.r_method == "normal-cc" and exact.method == NORMAL
    assert w.v == exact.v == 26
    assert w.p_r_default == pytest.approx(exact.p, rel=1e-12)  # 0.0515
    # R's interval limits are uniroot's roots, within its 1e-4 tolerance of the averages.
    assert (h.ci_low, h.ci_high) == (-0.2, 1.95)
    assert h.ci_low == pytest.approx(exact.ci[0], abs=1e-4)
    assert h.ci_high == pytest.approx(exact.ci[1], abs=1e-4)
    assert w.note == "decimal_ties"
    # Said once in the text (in the warnings), and in the JSON note.
    for lang in ("en", "id"):
        text = spss_text(a, lang)
        assert text.count(warning_text("decimal_ties", lang)) == 1
    data = a.to_dict()
    assert data["wilcoxon"]["note"] == warning_text("decimal_ties", "en")
    assert data["wilcoxon"]["note_code"] == "decimal_ties"


def test_integer_scores_get_no_decimal_note() -> None:
    a = analyse([0, 1, 2, 3, 1], [2, 2, 5, 3, 0])
    assert a.wilcoxon.note is None and "decimal_ties" not in a.warnings


def test_decimal_note_only_where_float_differences_break_a_tie() -> None:
    a = analyse([1.5, 2.25, 0.5], [2.5, 3.0, 3.0])  # 1.0, 0.75, 2.5: binary-exact
    assert a.wilcoxon.note is None


# --------------------------------------------------------------------------- 2. printing


def test_v_from_501_pairs_is_printed_whole_with_rs_p_wording() -> None:
    r = R["v501"]
    a = analyse([0] * 501, list(range(1, 502)))
    assert a.wilcoxon.v == r.v == 125751
    assert a.wilcoxon.p_r_default == pytest.approx(r.p, rel=1e-12)
    line = next(x for x in lines_of(spss_text(a, "en")) if x.startswith("V = "))
    assert line.startswith("V = 125751, p-value < 2.2e-16 (")
    assert "= <" not in spss_text(a, "en")


def test_v_from_100000_pairs_is_printed_whole() -> None:
    r = R["n100k"]
    d = [(i % 7) - 2 for i in range(100_000)]
    a = analyse([0] * len(d), d)
    assert a.wilcoxon.v == r.v == 2857114285
    text = spss_text(a, "en")
    assert "V = 2857114285, p-value < 2.2e-16" in text
    assert "e+09" not in text


def test_half_v_keeps_its_half() -> None:
    a = analyse(*DECIMAL2)
    assert "V = 1.5, p-value = 1 (" in spss_text(a, "en")


# --------------------------------------------------------------------------- 3. HL point


def test_hodges_lehmann_point_differs_from_rs_root_and_says_why() -> None:
    r = R["hl_flat"]
    assert r.estimate == pytest.approx(1.8284271247461901)
    h = analyse([0, 0, 0], [1, 1, 3]).hodges_lehmann
    assert h.estimate == 1.5  # median of the Walsh averages 1, 1, 1, 2, 2, 3
    assert h.estimate_note == "hl_r_estimate"
    text = spss_text(analyse([0, 0, 0], [1, 1, 3]), "en")
    assert text.count(warning_text("hl_r_estimate", "en")) == 1
    data = analyse([0, 0, 0], [1, 1, 3]).to_dict()["hodges_lehmann"]
    assert data["estimate_note"] == warning_text("hl_r_estimate", "en")


def test_exact_case_estimate_is_rs_and_has_no_note() -> None:
    r = R["unreach5"]
    h = analyse([0] * 5, [1, 2, 3, 4, 5]).hodges_lehmann
    assert h.estimate == r.estimate == 3.0
    assert h.estimate_note is None


# --------------------------------------------------------------------------- 4. intervals


def test_rs_interval_at_the_achieved_level_is_offered() -> None:
    r = R["unreach5"]
    assert r.ci == (1.0, 5.0) and r.conf_level == pytest.approx(0.95)  # R's label
    h = analyse([0] * 5, [1, 2, 3, 4, 5]).hodges_lehmann
    assert (h.ci_low, h.ci_high) == r.ci
    assert h.achieved_confidence == pytest.approx(0.9375)  # its real level, as labelled
    data = analyse([0] * 5, [1, 2, 3, 4, 5]).to_dict()["hodges_lehmann"]
    assert data["ci_level"] == pytest.approx(0.9375) and data["confidence"] == 0.95
    assert analyse([0] * 6, list(range(1, 7))).to_dict()["hodges_lehmann"]["ci_level"] == 0.95


def test_zero_percent_interval_is_not_offered() -> None:
    r = R["hl_flat"]
    assert r.conf_level == 0.0  # R prints "0 percent confidence interval: 1 1"
    h = analyse([0, 0, 0], [1, 1, 3]).hodges_lehmann
    assert h.ci_low is None and h.achieved_confidence == 0.0


# --------------------------------------------------------------------------- 5. wording


def test_all_equal_differences_r_only_warns() -> None:
    r = R["allequal"]
    assert "cannot compute confidence interval when all observations are zero or tied" in (
        r.warnings
    )
    assert all(math.isnan(x) for x in r.ci)  # NaN limits, no error
    a = analyse([0, 0, 0, 1], [2, 2, 2, 3])
    assert a.hodges_lehmann.note == "ci_all_equal"
    assert "only warns" in warning_text("ci_all_equal", "en")
    assert "stops with an error" not in warning_text("ci_all_equal", "en")
    assert a.wilcoxon.v == r.v
    assert a.wilcoxon.p_r_default == pytest.approx(r.p, rel=1e-12)


def test_no_t_test_df_where_r_refuses() -> None:
    r = R["allequal"]
    assert r.t_error == "data are essentially constant" and r.t_df is None
    t = analyse([0, 0, 0, 1], [2, 2, 2, 3]).paired_t
    assert (t.t, t.df, t.p) == (None, None, None)
    # With a zero among them the differences vary, and R gives t with df = 3.
    assert analyse([0, 0, 0, 1], [2, 2, 2, 1]).paired_t.df == R["allequal_zero"].t_df == 3


# --------------------------------------------------------------------------- laws


def test_t_tail_agrees_with_r() -> None:
    for line in (DATA / "r_t_tail.out").read_text().splitlines():
        df, t, p = (float(x) for x in line.split())
        assert t_p_two_sided(t, int(df)) == pytest.approx(p, rel=5e-12, abs=1e-300)
