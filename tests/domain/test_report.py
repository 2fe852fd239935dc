"""Text formatting: APA numbers, the sentence, and the SPSS-style summary."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oxytimer.domain.report import (
    apa_sentence,
    format_number,
    format_p,
    p_clause,
    r_format,
    spss_text,
)
from oxytimer.domain.stats import PairedAnalysis, analyse, warning_text

DATA = Path(__file__).resolve().parent.parent / "data"

# 30 first-time mothers, scores 0–8: reproduces the figures the study reports
# (all improved, |Z| = 4.79, r = .87, medians 1 → 4).
STUDY_PRE = [0] * 9 + [1] * 15 + [2] * 6
STUDY_POST = [6, 7, 8, 8, 1, 4, 3, 4, 4, 8, 4, 4, 5, 7, 7, 2, 3, 3, 6, 3, 2, 8, 2, 4, 7, 4, 3]
STUDY_POST += [7, 4, 7]


def load(name: str) -> PairedAnalysis:
    with open(DATA / f"{name}.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return analyse([float(r["pre"]) for r in rows], [float(r["post"]) for r in rows])


# --------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("p", "en", "id_"),
    [
        (0.044065, ".044", "0,044"),
        (0.0441, ".044", "0,044"),
        (0.0625, ".063", "0,063"),  # half up, not to even
        (0.05, ".050", "0,050"),
        (0.001, ".001", "0,001"),
        (0.00099, "< .001", "< 0,001"),
        (3.7e-10, "< .001", "< 0,001"),
        (0.0, "< .001", "< 0,001"),
        (0.317, ".317", "0,317"),
        (0.9994, ".999", "0,999"),
        (0.9995, "> .999", "> 0,999"),
        (1.0, "> .999", "> 0,999"),
        (None, "—", "—"),
        (float("nan"), "—", "—"),
    ],
)
def test_format_p(p: float | None, en: str, id_: str) -> None:
    assert format_p(p) == en
    assert format_p(p, "en") == en
    assert format_p(p, "id") == id_


@given(st.floats(0.0, 1.0))
def test_format_p_never_prints_zero_or_a_leading_zero(p: float) -> None:
    text = format_p(p)
    assert text not in (".000", "0.000", "< .000")
    assert not text.startswith("0")
    assert re.fullmatch(r"(< |> )?\.\d{3}", text)


def test_p_clause() -> None:
    assert p_clause(0.044) == "p = .044"
    assert p_clause(1e-5) == "p < .001"
    assert p_clause(0.0625, "id", symbol="p eksak") == "p eksak = 0,063"


@pytest.mark.parametrize(
    ("x", "decimals", "lang", "expected"),
    [
        (1234.5, 1, "en", "1,234.5"),
        (1234.5, 1, "id", "1.234,5"),
        (1234567.891, 2, "id", "1.234.567,89"),
        (-4.7921, 2, "en", "−4.79"),
        (-4.7921, 2, "id", "−4,79"),
        (-0.0, 1, "en", "0.0"),
        (-0.0, 0, "en", "0"),
        (-0.0001, 2, "en", "0.00"),
        (2.675, 2, "en", "2.68"),
        (0.5, 0, "en", "1"),
        (3.0, 0, "en", "3"),
        (1e300, 1, "en", "1" + ",000" * 100 + ".0"),
        (5e-324, 2, "en", "0.00"),
        (None, 2, "en", "—"),
        (float("inf"), 2, "en", "—"),
        (float("nan"), 2, "id", "—"),
    ],
)
def test_format_number(x: float | None, decimals: int, lang: str, expected: str) -> None:
    assert format_number(x, decimals, lang) == expected


def test_format_number_without_leading_zero_or_grouping() -> None:
    assert format_number(0.8745, 2, "en", leading_zero=False) == ".87"
    assert format_number(-0.5, 2, "en", leading_zero=False) == "−.50"
    assert format_number(1.0, 2, "en", leading_zero=False) == "1.00"
    assert format_number(0.87, 2, "id", leading_zero=False) == ",87"
    assert format_number(1326.0, 0, "en", grouping=False) == "1326"


@pytest.mark.parametrize(
    ("x", "digits", "expected"),
    [
        (0.048984744, 4, "0.04898"),
        (3.8722142e-10, 4, "3.872e-10"),
        (0.0625, 4, "0.0625"),
        (0.046875, 4, "0.04688"),
        (1.0, 4, "1"),
        (0.00022489777, 4, "0.0002249"),
        (2.0754e-05, 4, "2.075e-05"),
        (1e-10, 4, "1e-10"),
        (1326.0, 5, "1326"),
        (55.5, 5, "55.5"),
        (0.0, 4, "0"),
        (None, 4, "—"),
    ],
)
def test_r_format_prints_like_r(x: float | None, digits: int, expected: str) -> None:
    assert r_format(x, digits) == expected


# --------------------------------------------------------------------------- sentence


def test_study_sentence_english() -> None:
    a = analyse(STUDY_PRE, STUDY_POST)
    assert apa_sentence(a, "en") == (
        "Milk-expression scores were higher after the massage (median 4.0) than before "
        "(median 1.0); Wilcoxon signed-rank test, Z = −4.79, p < .001, r = .87 (N = 30)."
    )


def test_study_sentence_indonesian() -> None:
    a = analyse(STUDY_PRE, STUDY_POST)
    assert apa_sentence(a, "id") == (
        "Skor pengeluaran ASI lebih tinggi sesudah pijat oksitosin (median 4,0) "
        "dibandingkan sebelumnya (median 1,0); uji peringkat bertanda Wilcoxon, "
        "Z = −4,79, p < 0,001, r = 0,87 (N = 30)."
    )


def test_sentence_lower_after() -> None:
    a = analyse(STUDY_POST, STUDY_PRE)
    text = apa_sentence(a, "en")
    assert text.startswith("Milk-expression scores were lower after the massage (median 1.0)")
    assert "Z = −4.79" in text
    assert "lebih rendah sesudah" in apa_sentence(a, "id")


def test_sentence_not_significant() -> None:
    a = load("scale12")
    text = apa_sentence(a, "en")
    assert "did not differ significantly" in text
    assert "Z = −1.77, p = .077, r = .51 (N = 12)." in text
    assert "tidak berbeda bermakna" in apa_sentence(a, "id")


def test_sentence_gives_exact_p_when_it_differs_and_judges_on_it() -> None:
    a = analyse([0] * 5, [1, 2, 3, 4, 5])
    text = apa_sentence(a, "en")
    assert "did not differ significantly" in text  # exact p = .0625 although SPSS says .043
    assert "Z = −2.02, p = .043 (exact p = .063), r = .90 (N = 5)." in text
    assert "(p eksak = 0,063)" in apa_sentence(a, "id")


def test_sentence_outcome_label() -> None:
    a = load("fuel12")
    assert apa_sentence(a, "en", outcome_label="Fuel use").startswith("Fuel use were higher")


def test_sentence_when_nothing_changed() -> None:
    a = analyse([3, 3, 3], [3, 3, 3])
    en, id_ = apa_sentence(a, "en"), apa_sentence(a, "id")
    assert en == (
        "Milk-expression scores were the same before and after the massage in all 3 pairs "
        "(median 3.0), so the Wilcoxon signed-rank test could not be computed (N = 3)."
    )
    assert "tidak dapat dihitung" in id_ and "3 perbandingan" in id_
    assert "pasangan" not in id_  # (not "couples")
    for text in (en, id_):
        assert "nan" not in text.lower() and "None" not in text


def test_sentence_without_pairs() -> None:
    a = analyse([None], [1])
    assert apa_sentence(a, "en") == (
        "No complete before-and-after pairs were available, so the scores could not be compared."
    )
    assert apa_sentence(a, "id").startswith("Tidak ada ibu (atau sesi) dengan skor sebelum")


def test_sentence_zero_change_shows_no_minus() -> None:
    text = apa_sentence(analyse([0, 0], [1, -1]), "en")
    assert "Z = 0.00, p > .999, r = .00 (N = 2)." in text
    assert "−0" not in text


# --------------------------------------------------------------------------- SPSS layout


def lines_of(text: str) -> list[str]:
    return [re.sub(r"\s+", " ", line).strip() for line in text.splitlines()]


def test_spss_text_improved60_english() -> None:
    a = load("improved60")
    text = spss_text(a, "en")
    lines = lines_of(text)
    assert "post − pre Negative Ranks 0a .00 .00" in lines
    assert "Positive Ranks 51b 26.00 1,326.00" in lines
    assert "Ties 9c" in lines
    assert "Total 60" in lines
    assert {"a. post < pre", "b. post > pre", "c. post = pre"} <= set(lines)
    assert "Z −6.264b" in lines
    assert "Asymp. Sig. (2-tailed) < .001" in lines
    assert "b. Based on negative ranks." in lines
    assert (
        "V = 1326, p-value = 3.872e-10 (normal approximation with continuity correction)" in lines
    )
    assert any("= 3.000" in line and "Hodges–Lehmann" in line for line in lines)
    assert any(line.startswith("95 % confidence interval: 2.500 to 3.000") for line in lines)
    assert "r = |Z|/√N = .81 (N = 60 pairs, unchanged pairs included)" in lines
    assert "Paired t-test: t(59) = 12.44, p < .001" in lines
    assert any(line.startswith("Shapiro–Wilk test of the differences: W = .921") for line in lines)
    assert "• " + warning_text("ties", "en") in lines
    assert lines[-1] == apa_sentence(a, "en")
    assert text.endswith("\n") and not any(line != line.rstrip() for line in text.splitlines())


def test_spss_text_never_shows_000_unlabelled() -> None:
    for name in ("improved60", "ties20", "fuel12"):
        for lang in ("en", "id"):
            for line in spss_text(load(name), lang).splitlines():
                if re.search(r"(?<![\d,.])[.,]000\b", line):
                    assert "SPSS" in line and ("p < .001" in line or "p < 0,001" in line)


def test_spss_text_study_check_15_50() -> None:
    a = analyse([0] * 9 + [1] * 15 + [2] * 6, [3] * 8 + [4] * 15 + [5] * 7)
    assert "Positive Ranks 30b 15.50 465.00" in lines_of(spss_text(a, "en"))


def test_spss_text_fuel12_and_based_on_positive() -> None:
    lines = lines_of(spss_text(load("fuel12"), "en"))
    assert "Z −2.013b" in lines and "Asymp. Sig. (2-tailed) .044" in lines
    assert "V = 55.5, p-value = 0.04898 (normal approximation with continuity correction)" in (
        lines
    )
    mirrored = lines_of(spss_text(analyse([1, 2, 3, 4], [0, 0, 1, 5]), "en"))
    assert "b. Based on positive ranks." in mirrored


def test_spss_text_exact_case_reports_exact_method_and_coverage() -> None:
    lines = lines_of(spss_text(load("exact7"), "en"))
    assert any(
        line.startswith("V = 26, p-value = 0.04688 (exact signed-rank distribution")
        for line in lines
    )
    assert any(
        line.startswith("95 % confidence interval: 0.500 to 6.000 (exact") and "95.31 %" in line
        for line in lines
    )
    assert "Warnings" not in lines


def test_spss_text_all_zero() -> None:
    a = analyse([4] * 6, [4] * 6)
    for lang in ("en", "id"):
        text = spss_text(a, lang)
        lines = lines_of(text)
        assert "Ties 6c" in lines and "Total 6" in lines
        assert "nan" not in text.lower() and "inf" not in text.lower() and "None" not in text
    assert "Z not computable" in lines_of(spss_text(a, "en"))
    assert "Z tidak dapat dihitung" in lines_of(spss_text(a, "id"))


def test_spss_text_unreachable_ci_is_given_at_the_achieved_level() -> None:
    text = spss_text(analyse([0] * 5, [1, 2, 3, 4, 5]), "en")
    [line] = [line for line in lines_of(text) if "confidence interval" in line]
    assert line.startswith("93.75 % confidence interval")
    assert "95 % cannot be reached" in line and "1.000 to 5.000" in line
    assert "• " + warning_text("small_n", "en") in lines_of(text)
    id_text = spss_text(analyse([0] * 5, [1, 2, 3, 4, 5]), "id")
    assert any(
        line.startswith("Interval kepercayaan 93,75 %") and "1,000 sampai 5,000" in line
        for line in lines_of(id_text)
    )


def test_spss_text_indonesian() -> None:
    a = load("improved60")
    lines = lines_of(spss_text(a, "id"))
    assert "sesudah − sebelum Negative Ranks 0a ,00 ,00" in lines
    assert "Positive Ranks 51b 26,00 1.326,00" in lines
    assert "Z −6,264b" in lines
    assert "Asymp. Sig. (2-tailed) < ,001" in lines
    assert any(line.startswith("Interval kepercayaan 95 %: 2,500 sampai 3,000") for line in lines)
    assert "Uji t berpasangan: t(59) = 12,44, p < 0,001" in lines
    assert "Peringatan" in lines
    assert "• " + warning_text("zeros", "id") in lines
    assert lines[-1] == apa_sentence(a, "id")


def test_spss_text_shows_missing_pairs_and_categories() -> None:
    a = analyse(
        [0, 1, 2, None],
        [3, 4, 6, 5],
        categories=[("kurang", 0, 2), ("cukup", 3, 5), ("banyak", 6, 8)],
    )
    lines = lines_of(spss_text(a, "en", category_labels={"kurang": "Insufficient"}))
    assert "Complete pairs: 3" in lines
    assert "Pairs left out (missing score): 1" in lines
    assert "Insufficient 3 0" in lines
    assert "cukup 0 2" in lines
    assert "Insufficient → cukup: 2" in lines
    assert "Insufficient → banyak: 1" in lines


def test_spss_text_zero_z_has_no_minus() -> None:
    text = spss_text(analyse([0, 0], [1, -1]), "en")
    assert "Z .000b" in lines_of(text)  # SPSS shows Z without a leading zero
    assert "−0.000" not in text and "−.000" not in text
    assert "Asymp. Sig. (2-tailed) 1.000" in lines_of(text)
