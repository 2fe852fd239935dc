"""Plain-text reports of a :class:`~oxytimer.domain.stats.PairedAnalysis`, in English or Indonesian.

* :func:`format_p` and :func:`format_number` follow APA conventions: p to three decimals
  without a leading zero and never ".000" (``< .001`` instead); a minus sign, not a hyphen;
  ``-0.0`` shown as 0. Indonesian uses a decimal comma and ``.`` to group thousands
  (``1.234,5``) and, as Indonesian journals do, keeps the leading zero (``p < 0,001``).
* :func:`apa_sentence` states the result in one sentence a clinician can paste.
* :func:`spss_text` lays the figures out as SPSS does (Descriptive Statistics, Ranks, Test
  Statistics), then R's numbers, the Hodges–Lehmann estimate, effect sizes, the
  supplementary tests, the warnings and the sentence, each labelled with what it is.

Pure Python: no Qt, no numpy.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from typing import Final

from oxytimer.domain.stats import PairedAnalysis, warning_text

__all__ = [
    "apa_sentence",
    "format_number",
    "format_p",
    "level_number",
    "p_clause",
    "r_format",
    "r_p_value_clause",
    "r_statistic",
    "spss_text",
]

MINUS: Final = "\u2212"
DASH: Final = "\u2014"
"""Shown in place of a figure that cannot be computed."""

_DOUBLE_EPS: Final = 2.220446049250313e-16


def _lang(lang: str) -> str:
    code = lang.replace("-", "_").split("_", 1)[0].lower()
    return code if code in ("en", "id") else "en"


# --------------------------------------------------------------------------- numbers


def format_number(
    x: float | None,
    decimals: int,
    lang: str = "en",
    *,
    leading_zero: bool = True,
    grouping: bool = True,
) -> str:
    """Format a number for people to read.

    Args:
        x: The number; None, NaN or an infinity gives an em dash (not computable).
        decimals: Digits after the decimal separator.
        lang: ``"en"`` (``1,234.5``) or ``"id"`` (``1.234,5``).
        leading_zero: False drops the zero before the separator (``.87``), as APA asks for
            figures that cannot exceed 1 in English.
        grouping: Whether to group thousands.

    Returns:
        The text, with a real minus sign; a value that rounds to zero has no sign.
    """
    if x is None or not math.isfinite(x):
        return DASH
    # Round half away from zero on the shortest decimal form (0.0625 → 0.063, as people
    # round), not half-to-even on the binary value as format() does.
    with localcontext(Context(prec=1000)):
        rounded = Decimal(repr(abs(float(x)))).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    text = f"{rounded:{',' if grouping else ''}.{decimals}f}"
    negative = x < 0 and rounded != 0
    if not leading_zero and text.startswith("0.") and decimals > 0:
        text = text[1:]
    if _lang(lang) == "id":
        text = text.translate(str.maketrans(",.", ".,"))
    return f"{MINUS}{text}" if negative else text


def format_p(p: float | None, lang: str = "en") -> str:
    """Format a p-value APA style: ``.044``, ``< .001``, ``> .999``; never ``.000``.

    Args:
        p: The p-value; None gives an em dash.
        lang: ``"en"`` (no leading zero) or ``"id"`` (``0,044``, ``< 0,001``).

    Returns:
        The value, or the value with its comparison sign when it is below .001 or above
        .999. Prefix ``"p = "`` only when the result has no sign (see :func:`p_clause`).
    """
    if p is None or not math.isfinite(p):
        return DASH
    english = _lang(lang) == "en"

    def show(value: float) -> str:
        return format_number(value, 3, lang, leading_zero=not english)

    if p < 0.001:
        return f"< {show(0.001)}"
    if p >= 0.9995:
        return f"> {show(0.999)}"
    return show(p)


def p_clause(p: float | None, lang: str = "en", *, symbol: str = "p") -> str:
    """Return ``"p = .044"`` or ``"p < .001"`` (the sign depends on the value)."""
    text = format_p(p, lang)
    if text[:1] in "<>":
        return f"{symbol} {text}"
    return f"{symbol} = {text}"


def _coefficient(x: float | None, lang: str, decimals: int = 2) -> str:
    """A figure bounded by 1 (r, W): no leading zero in English, as APA asks."""
    return format_number(x, decimals, lang, leading_zero=_lang(lang) != "en")


def r_format(x: float | None, digits: int = 4) -> str:
    """Format a number the way R's ``format(x, digits = digits)`` prints it.

    Used for R's p-value (``format.pval`` with 4 significant digits, and
    ``"< 2.2e-16"`` below machine epsilon) and V, so the text can be checked against an
    R console line by line.

    Args:
        x: The number; None gives an em dash.
        digits: Significant digits.

    Returns:
        Fixed notation, or scientific when that is shorter (R's rule with scipen = 0).
    """
    if x is None or not math.isfinite(x):
        return DASH
    if x == 0:
        return "0"
    mantissa, exponent = f"{x:.{digits - 1}e}".split("e")
    mantissa = mantissa.rstrip("0").rstrip(".")
    power = int(exponent)
    significant = len(mantissa.replace("-", "").replace(".", ""))
    scientific = f"{mantissa}e{'-' if power < 0 else '+'}{abs(power):02d}"
    decimals = max(0, significant - 1 - power)
    fixed = f"{float(f'{x:.{digits - 1}e}'):.{decimals}f}"
    return fixed if len(fixed) <= len(scientific) else scientific


def r_statistic(x: float | None) -> str:
    """R's V (a sum of ranks: a whole number or a half) with every digit, as R prints it.

    R prints ``format(V, digits = 5)``, which never drops digits of the integer part:
    V = 125751 is "125751" and 2857114285 is "2857114285", never "1.2575e+05".
    """
    if x is None or not math.isfinite(x):
        return DASH
    if float(x).is_integer():
        return str(int(x))
    return repr(float(x) + 0.0)


def r_p_value_clause(p: float | None) -> str:
    """``p-value = 0.0625`` or ``p-value < 2.2e-16``, worded as R's ``print.htest``."""
    if p is None or not math.isfinite(p):
        return f"p-value = {DASH}"
    if p < _DOUBLE_EPS:
        return "p-value < 2.2e-16"
    return f"p-value = {r_format(p, 4)}"


# --------------------------------------------------------------------------- sentence

_OUTCOME: Final = {"en": "Milk-expression scores", "id": "Skor pengeluaran ASI"}


def _median_text(x: float | None, lang: str) -> str:
    if x is None:
        return DASH
    decimals = 1 if abs(x * 10 - round(x * 10)) < 1e-9 else 2
    return format_number(x, decimals, lang)


def apa_sentence(
    analysis: PairedAnalysis, lang: str = "en", *, outcome_label: str | None = None
) -> str:
    """State the result of the Wilcoxon signed-rank test in one APA-style sentence.

    Example (en): "Milk-expression scores were higher after the massage (median 4.0) than
    before (median 1.0); Wilcoxon signed-rank test, Z = −4.79, p < .001, r = .87 (N = 30)."

    The direction comes from the rank sums; the wording says "did not differ
    significantly" when p ≥ .05, judged on R's exact p when R uses the exact distribution
    (given too, when it rounds differently from SPSS's asymptotic p) and on SPSS's
    asymptotic p otherwise. When nothing can be tested the sentence says so plainly.

    Args:
        analysis: The result of :func:`oxytimer.domain.stats.analyse`.
        lang: ``"en"`` or ``"id"``.
        outcome_label: What was measured, as the subject of the sentence (default:
            milk-expression scores in the chosen language).

    Returns:
        One sentence ending with a full stop.
    """
    lang = _lang(lang)
    label = outcome_label or _OUTCOME[lang]
    en = lang == "en"
    w = analysis.wilcoxon
    n = analysis.n_pairs
    pre_median = _median_text(analysis.pre.median, lang)
    post_median = _median_text(analysis.post.median, lang)

    if n == 0:
        if en:
            return (
                "No complete before-and-after pairs were available, "
                "so the scores could not be compared."
            )
        return (
            "Tidak ada ibu (atau sesi) dengan skor sebelum dan sesudah yang lengkap, "
            "sehingga skor tidak dapat dibandingkan."
        )
    if w.z is None:
        if en:
            return (
                f"{label} were the same before and after the massage in all {n} pairs "
                f"(median {pre_median}), so the Wilcoxon signed-rank test could not be "
                f"computed (N = {n})."
            )
        return (
            f"{label} sama sebelum dan sesudah pijat oksitosin pada seluruh {n} perbandingan "
            f"(median {pre_median}), sehingga uji peringkat bertanda Wilcoxon tidak dapat "
            f"dihitung (N = {n})."
        )

    z_text = format_number(w.z, 2, lang)
    stats_parts = [f"Z = {z_text}", p_clause(w.p_asymptotic, lang)]
    if w.p_exact is not None and format_p(w.p_exact, lang) != format_p(w.p_asymptotic, lang):
        exact = "exact p" if en else "p eksak"
        stats_parts[-1] += f" ({p_clause(w.p_exact, lang, symbol=exact)})"
    stats_parts.append(f"r = {_coefficient(analysis.effect_size.r, lang)}")
    test = "Wilcoxon signed-rank test" if en else "uji peringkat bertanda Wilcoxon"
    statistics = f"{test}, {', '.join(stats_parts)} (N = {n})."

    decisive = w.p_exact if w.p_exact is not None else w.p_asymptotic
    significant = decisive is not None and decisive < 0.05
    up = w.positive_ranks.sum_ranks > w.negative_ranks.sum_ranks
    down = w.positive_ranks.sum_ranks < w.negative_ranks.sum_ranks
    if significant and (up or down):
        if en:
            higher = "higher" if up else "lower"
            return (
                f"{label} were {higher} after the massage (median {post_median}) than "
                f"before (median {pre_median}); {statistics}"
            )
        higher = "lebih tinggi" if up else "lebih rendah"
        return (
            f"{label} {higher} sesudah pijat oksitosin (median {post_median}) "
            f"dibandingkan sebelumnya (median {pre_median}); {statistics}"
        )
    if en:
        return (
            f"{label} did not differ significantly between before (median {pre_median}) "
            f"and after the massage (median {post_median}); {statistics}"
        )
    return (
        f"{label} sebelum (median {pre_median}) dan sesudah pijat oksitosin "
        f"(median {post_median}) tidak berbeda bermakna; {statistics}"
    )


# --------------------------------------------------------------------------- SPSS layout

_T: Final[Mapping[str, Mapping[str, str]]] = {
    "pair": {"en": "post − pre", "id": "sesudah − sebelum"},
    "before": {"en": "pre", "id": "sebelum"},
    "after": {"en": "post", "id": "sesudah"},
    "title": {
        "en": "Wilcoxon signed-rank test: SPSS layout and R's numbers",
        "id": "Uji peringkat bertanda Wilcoxon: tata letak SPSS dan angka R",
    },
    "complete": {"en": "Complete pairs", "id": "Pasangan lengkap"},
    "excluded": {
        "en": "Pairs left out (missing score)",
        "id": "Pasangan tidak diikutkan (skor tidak tercatat)",
    },
    "spss_heading": {"en": "SPSS layout", "id": "Tata letak SPSS"},
    "r_heading": {
        "en": "R's numbers: wilcox.test(post, pre, paired = TRUE, conf.int = TRUE)",
        "id": "Angka R: wilcox.test(post, pre, paired = TRUE, conf.int = TRUE)",
    },
    "exact": {
        "en": "exact signed-rank distribution: no ties, no zeros, n < 50",
        "id": "distribusi peringkat bertanda eksak: tanpa peringkat kembar atau selisih nol, "
        "n < 50",
    },
    "normal-cc": {
        "en": "normal approximation with continuity correction",
        "id": "pendekatan normal dengan koreksi kontinuitas",
    },
    "not_computable": {"en": "not computable", "id": "tidak dapat dihitung"},
    "hl": {
        "en": "Hodges–Lehmann estimate of the change (R's (pseudo)median)",
        "id": "Estimasi Hodges–Lehmann untuk perubahan ((pseudo)median di R)",
    },
    "ci": {"en": "{level} confidence interval", "id": "Interval kepercayaan {level}"},
    "to": {"en": "to", "id": "sampai"},
    "effect": {"en": "Effect size", "id": "Ukuran efek"},
    "r_expl": {
        "en": "pairs, unchanged pairs included",
        "id": "perbandingan sebelum–sesudah, termasuk yang tidak berubah",
    },
    "rb": {
        "en": "matched-pairs rank-biserial correlation",
        "id": "korelasi rank-biserial berpasangan",
    },
    "supplementary": {
        "en": "Supplementary (is a t-test defensible?)",
        "id": "Tambahan (apakah uji t layak dipakai?)",
    },
    "t": {"en": "Paired t-test", "id": "Uji t berpasangan"},
    "sw": {
        "en": "Shapiro–Wilk test of the differences",
        "id": "Uji Shapiro–Wilk pada selisih skor",
    },
    "sw_nonnormal": {
        "en": "the differences are not normally distributed, so the Wilcoxon test is the "
        "right choice",
        "id": "selisih skor tidak berdistribusi normal, sehingga uji Wilcoxon adalah "
        "pilihan yang tepat",
    },
    "sw_normal": {
        "en": "no evidence against normality; the t-test would also have been defensible",
        "id": "tidak ada bukti bahwa selisih skor tidak normal; uji t pun sebenarnya layak",
    },
    "quartiles": {
        "en": "25th/50th/75th: percentiles by R's default definition (type 7); SPSS uses "
        "another one (HAVERAGE), so its 25th and 75th can differ slightly.",
        "id": "25th/50th/75th: persentil menurut definisi bawaan R (tipe 7); SPSS memakai "
        "definisi lain (HAVERAGE), sehingga persentil ke-25 dan ke-75 di SPSS bisa sedikit "
        "berbeda.",
    },
    "warnings": {"en": "Warnings", "id": "Peringatan"},
    "sentence": {"en": "In words (APA style)", "id": "Dalam kalimat (gaya APA)"},
    "categories": {"en": "Categories", "id": "Kategori"},
    "category": {"en": "Category", "id": "Kategori"},
    "moves": {"en": "Moves (before → after)", "id": "Perpindahan (sebelum → sesudah)"},
    "uncategorised": {"en": "Outside every category", "id": "Di luar semua kategori"},
    "unreachable": {
        "en": "not shown, because the {level} level cannot be reached with so few changed pairs",
        "id": "tidak ditampilkan, karena tingkat {level} tidak dapat dicapai dengan jumlah "
        "skor berubah sesedikit ini",
    },
    "coverage": {"en": "actual coverage", "id": "cakupan sebenarnya"},
    "lower_level": {
        "en": "{level} cannot be reached with so few changed pairs; this is R's interval at "
        "the level it achieves",
        "id": "{level} tidak dapat dicapai dengan jumlah skor berubah sesedikit ini; ini "
        "interval R pada tingkat yang dicapainya",
    },
    "spss_p_note": {
        "en": "SPSS itself displays this as .000 when p < .0005; it means p < .001.",
        "id": "SPSS sendiri menampilkannya sebagai .000 bila p < .0005; artinya p < 0,001.",
    },
}


def _t(key: str, lang: str) -> str:
    return _T[key][lang]


def _spss_number(x: float | None, decimals: int, lang: str) -> str:
    """SPSS's display: no leading zero (``.00``, ``15.50``)."""
    if x is None:
        return format_number(0.0, decimals, lang, leading_zero=False)
    return format_number(x, decimals, lang, leading_zero=False)


def _table(rows: list[list[str]], right_from: int = 1) -> list[str]:
    widths = [max(len(row[i]) for row in rows if i < len(row)) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            cells.append(cell.rjust(widths[i]) if i >= right_from else cell.ljust(widths[i]))
        lines.append("   ".join(cells).rstrip())
    return lines


def level_number(confidence: float, lang: str = "en") -> str:
    """A confidence level in percent, with the decimals it needs up to two: 95, 93,75."""
    percent = confidence * 100
    decimals = next((k for k in (0, 1) if abs(percent * 10**k - round(percent * 10**k)) < 1e-6), 2)
    return format_number(percent, decimals, lang)


def _level(confidence: float, lang: str) -> str:
    return f"{level_number(confidence, lang)} %"


def spss_text(
    analysis: PairedAnalysis,
    lang: str = "en",
    *,
    category_labels: Mapping[str, str] | None = None,
) -> str:
    """Lay the analysis out as SPSS does, then add R's numbers and the rest.

    Sections: Descriptive Statistics; Ranks (Negative Ranks, Positive Ranks, Ties, Total
    with N, Mean Rank and Sum of Ranks, footnotes a–c); Test Statistics (Z to three
    decimals, Asymp. Sig. (2-tailed) shown as ``< .001`` rather than SPSS's ``.000``,
    footnote on which ranks Z is based); R's V, p and method; the Hodges–Lehmann estimate
    and interval; effect sizes with their N; paired t-test and Shapiro–Wilk; category
    counts when present; warnings; the APA sentence.

    SPSS's own labels (Negative Ranks, Asymp. Sig. ...) stay in English in both languages,
    because that is what the clinician sees in SPSS; everything around them is translated.

    Args:
        analysis: The result of :func:`oxytimer.domain.stats.analyse`.
        lang: ``"en"`` or ``"id"``.
        category_labels: Optional display names for category ids.

    Returns:
        Multi-line plain text, lines without trailing blanks, ending with a newline.
    """
    lang = _lang(lang)
    out: list[str] = []
    w = analysis.wilcoxon
    pair = _t("pair", lang)
    before, after = _t("before", lang), _t("after", lang)

    out += [_t("title", lang), "=" * len(_t("title", lang))]
    out.append(f"{_t('complete', lang)}: {analysis.n_pairs}")
    if analysis.n_missing:
        out.append(f"{_t('excluded', lang)}: {analysis.n_missing}")
    out += ["", f"{_t('spss_heading', lang)}", ""]

    # Descriptive Statistics
    out.append("Descriptive Statistics")
    rows = [["", "N", "Mean", "Std. Deviation", "Minimum", "Maximum", "25th", "50th", "75th"]]
    for name, d in ((before, analysis.pre), (after, analysis.post), (pair, analysis.difference)):
        rows.append(
            [
                name,
                str(d.n),
                format_number(d.mean, 2, lang),
                format_number(d.sd, 2, lang),
                format_number(d.min, 2, lang),
                format_number(d.max, 2, lang),
                format_number(d.q1, 2, lang),
                format_number(d.median, 2, lang),
                format_number(d.q3, 2, lang),
            ]
        )
    out += _table(rows)
    out.append(_t("quartiles", lang))
    out.append("")

    # Ranks
    out.append("Ranks")
    neg, pos = w.negative_ranks, w.positive_ranks
    rows = [
        ["", "", "N", "Mean Rank", "Sum of Ranks"],
        [
            pair,
            "Negative Ranks",
            f"{neg.n}a",
            _spss_number(neg.mean_rank, 2, lang),
            _spss_number(neg.sum_ranks, 2, lang),
        ],
        [
            "",
            "Positive Ranks",
            f"{pos.n}b",
            _spss_number(pos.mean_rank, 2, lang),
            _spss_number(pos.sum_ranks, 2, lang),
        ],
        ["", "Ties", f"{w.ties}c", "", ""],
        ["", "Total", f"{w.total} ", "", ""],
    ]
    out += _table(rows, right_from=2)
    out += [f"a. {after} < {before}", f"b. {after} > {before}", f"c. {after} = {before}", ""]

    # Test Statistics
    out.append("Test Statisticsa")
    if w.z is None:
        z_cell, p_cell = _t("not_computable", lang), _t("not_computable", lang)
    else:
        z_cell = f"{format_number(w.z, 3, lang, leading_zero=False)}b"
        p_cell = _spss_p(w.p_asymptotic, lang)
    rows = [["", pair], ["Z", z_cell], ["Asymp. Sig. (2-tailed)", p_cell]]
    out += _table(rows)
    out.append("a. Wilcoxon Signed Ranks Test")
    if w.based_on is not None:
        out.append(f"b. Based on {w.based_on} ranks.")
    if w.p_asymptotic is not None and w.p_asymptotic < 0.0005:
        out.append(_t("spss_p_note", lang))
    if w.note is not None and w.note not in analysis.warnings:
        out.append(warning_text(w.note, lang))
    out.append("")

    # R's numbers
    out.append(_t("r_heading", lang))
    if w.v is None or w.r_method is None:
        out.append(f"  V, p-value: {_t('not_computable', lang)}")
    else:
        out.append(
            f"  V = {r_statistic(w.v)}, {r_p_value_clause(w.p_r_default)} ({_t(w.r_method, lang)})"
        )
    out.extend(_hodges_lehmann_lines(analysis, lang))
    out.append("")

    # Effect sizes
    e = analysis.effect_size
    out.append(_t("effect", lang))
    out.append(f"  r = |Z|/√N = {_coefficient(e.r, lang)} (N = {e.r_n} {_t('r_expl', lang)})")
    out.append(f"  {_t('rb', lang)} = {format_number(e.rank_biserial, 2, lang)}")
    out.append("")

    # Supplementary tests
    t = analysis.paired_t
    sw = analysis.shapiro
    out.append(_t("supplementary", lang))
    if t.t is None:
        reason = warning_text(t.note, lang) if t.note else _t("not_computable", lang)
        out.append(f"  {_t('t', lang)}: {reason}")
    else:
        out.append(
            f"  {_t('t', lang)}: t({t.df}) = {format_number(t.t, 2, lang)}, {p_clause(t.p, lang)}"
        )
    if sw.w is None:
        reason = warning_text(sw.note, lang) if sw.note else _t("not_computable", lang)
        out.append(f"  {_t('sw', lang)}: {reason}")
    else:
        verdict = _t("sw_nonnormal" if (sw.p or 0) < 0.05 else "sw_normal", lang)
        out.append(
            f"  {_t('sw', lang)}: W = {_coefficient(sw.w, lang, 3)}, {p_clause(sw.p, lang)}"
            f" — {verdict}"
        )

    if analysis.categories is not None:
        out.append("")
        out.extend(_category_lines(analysis, lang, category_labels or {}))

    if analysis.warnings:
        out += ["", _t("warnings", lang)]
        out.extend(f"  • {warning_text(code, lang)}" for code in analysis.warnings)

    out += ["", _t("sentence", lang), apa_sentence(analysis, lang)]
    return "\n".join(line.rstrip() for line in out) + "\n"


def _spss_p(p: float | None, lang: str) -> str:
    """Asymp. Sig. as SPSS shows it (three decimals, no leading zero), but ``< .001``
    where SPSS would print ``.000``."""
    if p is None:
        return DASH
    if p < 0.001:
        return f"< {format_number(0.001, 3, lang, leading_zero=False)}"
    if p >= 0.9995:
        return format_number(1.0, 3, lang)
    return format_number(p, 3, lang, leading_zero=False)


def _hodges_lehmann_lines(analysis: PairedAnalysis, lang: str) -> list[str]:
    h = analysis.hodges_lehmann
    if h.estimate is None:
        return [f"  {_t('hl', lang)}: {_t('not_computable', lang)}"]
    lines = [f"  {_t('hl', lang)} = {format_number(h.estimate, 3, lang)}"]
    if h.estimate_note is not None:
        lines.append(f"    ({warning_text(h.estimate_note, lang)})")
    level = _level(h.confidence, lang)
    lower = h.note == "ci_level_unreachable" and h.achieved_confidence
    shown_level = _level(h.achieved_confidence, lang) if lower and h.achieved_confidence else level
    prefix = "  " + _t("ci", lang).format(level=shown_level)
    if h.ci_low is not None and h.ci_high is not None:
        if lower:
            prefix += " (" + _t("lower_level", lang).format(level=level) + ")"
        text = (
            f"{prefix}: {format_number(h.ci_low, 3, lang)} {_t('to', lang)} "
            f"{format_number(h.ci_high, 3, lang)}"
        )
        if h.method is not None:
            text += f" ({_t(h.method, lang)}"
            if h.achieved_confidence is not None and not lower:
                text += f"; {_t('coverage', lang)} {_level(h.achieved_confidence, lang)}"
            text += ")"
        lines.append(text)
    elif h.note == "ci_level_unreachable":
        text = "  " + _t("ci", lang).format(level=level) + ": "
        text += _t("unreachable", lang).format(level=level)
        lines.append(text)
    else:
        reason = warning_text(h.note, lang) if h.note else _t("not_computable", lang)
        lines.append(f"{prefix}: {reason}")
    return lines


def _category_lines(analysis: PairedAnalysis, lang: str, labels: Mapping[str, str]) -> list[str]:
    summary = analysis.categories
    assert summary is not None
    before, after = _t("before", lang), _t("after", lang)

    def name(category_id: str) -> str:
        return labels.get(category_id, category_id)

    rows = [[_t("category", lang), before, after]]
    rows += [[name(c.id), str(c.pre), str(c.post)] for c in summary.counts]
    if summary.uncategorised_pre or summary.uncategorised_post:
        rows.append(
            [
                _t("uncategorised", lang),
                str(summary.uncategorised_pre),
                str(summary.uncategorised_post),
            ]
        )
    lines = [_t("categories", lang), *_table(rows)]
    moves = [(a, b, n) for a, b, n in summary.crosstab if n]
    if moves:
        lines.append(_t("moves", lang))
        lines.extend(f"  {name(a)} → {name(b)}: {n}" for a, b, n in moves)
    return lines
