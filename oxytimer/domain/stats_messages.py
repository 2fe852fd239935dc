"""The paired comparison's warnings and notes, in English and Indonesian.

Every code that :func:`oxytimer.domain.stats.analyse` (or the clinician summary) can put
in a ``warnings`` list or a ``note`` is worded here for a midwife or clinician rather than
a statistician; :func:`warning_text` picks the language. Pure Python.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

__all__ = ["MESSAGE_CODES", "note_dict", "warning_text"]

# --------------------------------------------------------------------------- messages

_MESSAGES: Final[Mapping[str, Mapping[str, str]]] = {
    "no_pairs": {
        "en": "No pair has both a before and an after score, so no comparison can be made.",
        "id": "Tidak ada ibu (atau sesi) yang memiliki skor sebelum dan sesudah sekaligus, "
        "sehingga perbandingan tidak dapat dilakukan.",
    },
    "missing_pairs": {
        "en": "Some pairs were left out because the before or the after score is missing.",
        "id": "Sebagian perbandingan tidak diikutkan karena skor sebelum atau sesudahnya "
        "tidak tercatat.",
    },
    "all_zero": {
        "en": "Every pair has the same score before and after, so there is nothing to rank: "
        "Z, p and the Hodges–Lehmann estimate cannot be computed.",
        "id": "Semua skor sama sebelum dan sesudah pijat, sehingga tidak ada "
        "yang dapat diberi peringkat: nilai Z, p, dan estimasi Hodges–Lehmann tidak dapat "
        "dihitung.",
    },
    "small_n": {
        "en": "Fewer than 6 pairs changed. With so few, the exact two-sided p-value can never "
        "fall below .05, and the normal approximation behind SPSS's Z is unreliable. Read "
        "the result as a description, not as evidence.",
        "id": "Kurang dari 6 ibu (atau sesi) yang skornya berubah. Dengan jumlah sekecil "
        "ini, nilai p eksak dua arah tidak mungkin lebih kecil dari 0,05, dan pendekatan "
        "normal yang dipakai SPSS untuk nilai Z tidak dapat diandalkan. Baca hasil ini sebagai "
        "gambaran saja, bukan sebagai bukti.",
    },
    "ties": {
        "en": "Several pairs changed by the same amount (tied ranks). R therefore uses the "
        "normal approximation with continuity correction instead of the exact test, and "
        "SPSS, R, JASP and jamovi may show slightly different p-values.",
        "id": "Beberapa skor berubah dengan besar yang sama (peringkat kembar). "
        "Karena itu R memakai pendekatan normal dengan koreksi kontinuitas, bukan uji "
        "eksak, sehingga nilai p di SPSS, R, JASP, dan jamovi bisa sedikit berbeda.",
    },
    "zeros": {
        "en": "Some pairs have the same score before and after (no change). They are counted "
        "as Ties and left out of the ranking, as SPSS and R do; programs that use Pratt's "
        "method instead give different numbers.",
        "id": "Sebagian skor sama sebelum dan sesudah (tidak berubah). "
        "Skor ini dihitung sebagai Sama (Ties) dan tidak ikut diberi peringkat, seperti di "
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
        "en": "Too few pairs changed to reach the requested confidence level. Where a lower "
        "level can be reached, the Hodges–Lehmann interval is given at that level and "
        "labelled with it (R prints the same interval); otherwise no interval is given.",
        "id": "Jumlah skor yang berubah terlalu sedikit untuk mencapai tingkat kepercayaan "
        "yang diminta. Bila tingkat yang lebih rendah dapat dicapai, interval Hodges–Lehmann "
        "diberikan pada tingkat tersebut dengan labelnya (R mencetak interval yang sama); "
        "bila tidak, interval tidak diberikan.",
    },
    "ci_all_equal": {
        "en": "All pairs that changed changed by the same amount, so there is no spread to "
        "build a confidence interval from (R only warns here and prints NaN limits).",
        "id": "Semua skor yang berubah mengalami perubahan yang persis sama besar, sehingga "
        "tidak ada sebaran untuk menyusun interval kepercayaan (R hanya memberi peringatan "
        "di sini dan mencetak batas NaN).",
    },
    "decimal_ties": {
        "en": "Differences are computed in the scores' own decimals (5.1 − 4.0 and 3.1 − 2.0 "
        "are both 1.1, a tie). A plain wilcox.test(post, pre, paired = TRUE) in R subtracts "
        "binary floating-point numbers, which differ in the 16th digit, so on these data it "
        "misses ties or zeros and gives a different V, p, method or interval. The numbers "
        "here count them as the ties they are; the R script of the reproducibility bundle "
        "computes the differences the same way.",
        "id": "Selisih dihitung dalam desimal skor itu sendiri (5,1 − 4,0 dan 3,1 − 2,0 "
        "sama-sama 1,1, peringkat kembar). wilcox.test(post, pre, paired = TRUE) biasa di R "
        "mengurangkan bilangan titik-mengambang biner yang berbeda pada digit ke-16, "
        "sehingga pada data ini R melewatkan peringkat kembar atau selisih nol dan memberi "
        "V, p, metode atau interval yang berbeda. Angka di sini menghitungnya sebagai "
        "peringkat kembar sebagaimana mestinya; skrip R dalam paket reproduksi menghitung "
        "selisih dengan cara yang sama.",
    },
    "hl_r_estimate": {
        "en": "The Hodges–Lehmann estimate here is the median of the Walsh averages, the "
        "textbook estimate. With the normal approximation R prints instead the point its "
        "root search finds where the statistic crosses zero, which can lie elsewhere in a "
        "flat stretch, so R's (pseudo)median may differ.",
        "id": "Estimasi Hodges–Lehmann di sini adalah median rata-rata Walsh, estimasi baku "
        "menurut buku teks. Dengan pendekatan normal, R mencetak titik yang ditemukan oleh "
        "pencarian akarnya, tempat statistik memotong nol, yang bisa terletak di bagian "
        "lain dari rentang yang datar, sehingga (pseudo)median R bisa berbeda.",
    },
    "too_few_for_t": {
        "en": "The paired t-test needs at least 2 pairs.",
        "id": "Uji t berpasangan memerlukan sedikitnya 2 perbandingan sebelum–sesudah.",
    },
    "too_few_for_shapiro": {
        "en": "The Shapiro–Wilk test needs at least 3 pairs.",
        "id": "Uji Shapiro–Wilk memerlukan sedikitnya 3 perbandingan sebelum–sesudah.",
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
        "id": "Semua skor berubah dengan besar yang persis sama (atau tidak berubah sama "
        "sekali), sehingga selisihnya tidak bervariasi dan uji ini tidak dapat dihitung.",
    },
}

MESSAGE_CODES: Final[tuple[str, ...]] = tuple(_MESSAGES)
"""Every code that can appear in :attr:`PairedAnalysis.warnings`, in a ``note``, or in
the clinician summary's own warnings.

Warnings: ``no_pairs``, ``missing_pairs``, ``all_zero``, ``small_n``, ``ties``, ``zeros``,
``decimal_ties``, ``methods_disagree``, ``ci_level_unreachable``. The clinician summary's
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


def note_dict(code: str | None) -> dict[str, str | None]:
    return {"note": None if code is None else warning_text(code, "en"), "note_code": code}
