"""The PDF report of the Summary tab: QTextDocument (HTML) printed with QPdfWriter."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QMarginsF, QSizeF, QUrl
from PySide6.QtGui import QFont, QImage, QPageLayout, QPageSize, QPdfWriter, QTextDocument

from oxytimer.domain.report import format_number
from oxytimer.domain.stats import warning_text
from oxytimer.ui.labels import caregiver_label

if TYPE_CHECKING:
    from oxytimer.ui.summary_view import SummaryView

translate = QCoreApplication.translate


def _filters_html(view: SummaryView) -> str:
    s = view.summary
    assert s is not None
    f = s.filters
    every = translate("SummaryReport", "all")
    rows = [
        (translate("SummaryReport", "Sites"), ", ".join(f.get("sites") or []) or every),
        (
            translate("SummaryReport", "Enrolled"),
            f"{f.get('enrolled_from') or '…'} – {f.get('enrolled_to') or '…'}",
        ),
        (
            translate("SummaryReport", "Massage given by"),
            ", ".join(caregiver_label(c) for c in f.get("caregivers") or []) or every,
        ),
        (
            translate("SummaryReport", "Protocol versions"),
            ", ".join(f.get("protocol_versions") or []) or every,
        ),
        (
            translate("SummaryReport", "Instrument versions"),
            ", ".join(f.get("instrument_versions") or []) or every,
        ),
        (
            translate("SummaryReport", "Completed follow-up only"),
            translate("SummaryReport", "yes")
            if f.get("completed_follow_up_only")
            else translate("SummaryReport", "no"),
        ),
        (translate("SummaryReport", "Pairs"), view.pairing_combo.currentText()),
    ]
    cells = "".join(f"<tr><td>{escape(a)}</td><td>{escape(b)}</td></tr>" for a, b in rows)
    return f'<table cellpadding="2">{cells}</table>'


def report_html(view: SummaryView) -> str:
    """The report's HTML: filters, sentence, warnings, every table, plots, versions."""
    s = view.summary
    assert s is not None
    a = s.analysis
    lang = view.lang
    v = s.versions
    parts = [
        "<h2>"
        + escape(translate("SummaryReport", "Milk expression before and after oxytocin massage"))
        + "</h2>",
        "<p>"
        + escape(
            translate(
                "SummaryReport",
                "Made on {date} with {software}; protocol {protocol}, "
                "instrument {instrument}; database {db}.",
            ).format(
                date=str(v.get("generated_at", ""))[:16].replace("T", " ") + " UTC",
                software=v.get("software", ""),
                protocol=v.get("protocol", ""),
                instrument=v.get("instrument", ""),
                db=s.source_name or "—",
            )
        )
        + "</p>",
        "<h3>" + escape(translate("SummaryReport", "Data analysed")) + "</h3>",
        _filters_html(view),
        "<h3>" + escape(translate("SummaryReport", "Result")) + "</h3>",
        f"<p><b>{escape(view.sentence_label.text())}</b></p>",
    ]
    warnings = [warning_text(code, lang) for code in (*s.warnings, *a.warnings)]
    if warnings or s.not_independent:
        items = "".join(
            f"<li>{escape(w)}</li>" for w in view.warnings_label.text().split("\n") if w
        )
        parts.append(f"<ul>{items}</ul>")
    for name in (
        "ranks",
        "test_statistics",
        "r_numbers",
        "supplementary",
        "excluded",
        "descriptives",
        "categories",
        "crosstab",
        "characteristics",
        "dose",
    ):
        caption = view.captions[name].text().replace("<b>", "").replace("</b>", "")
        parts.append(view.models[name].to_html(caption))
        parts.append("<p></p>")
    parts.append("<h3>" + escape(translate("SummaryReport", "Plots")) + "</h3>")
    for name in view.plots:
        parts.append(f'<p><img src="plot://{name}" width="420"></p>')
    versions = "".join(
        f"<tr><td>{escape(k)}</td><td>{escape(', '.join(x) if isinstance(x, list) else str(x))}"
        "</td></tr>"
        for k, x in v.items()
        if x not in (None, [])
    )
    parts.append("<h3>" + escape(translate("SummaryReport", "Versions")) + "</h3>")
    parts.append(f'<table cellpadding="2">{versions}</table>')
    n = format_number(a.n_pairs, 0, lang)
    parts.append(
        "<p><i>"
        + escape(
            translate(
                "SummaryReport",
                "{n} pairs. SPSS's labels are kept in English, as SPSS shows "
                "them; p-values below .001 are shown as < .001.",
            ).format(n=n)
        )
        + "</i></p>"
    )
    return "<html><body>" + "".join(parts) + "</body></html>"


def write_pdf(path: Path, html: str, images: Mapping[str, QImage]) -> int:
    """Print ``html`` to an A4 PDF at ``path``, with ``plot://name`` images resolved.

    Returns:
        The number of pages written.

    Raises:
        OSError: If the file cannot be written.
    """
    writer = QPdfWriter(str(path))
    writer.setResolution(150)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(15, 15, 15, 15),
            QPageLayout.Unit.Millimeter,
        )
    )
    writer.setTitle("oxytimer summary")
    writer.setCreator("oxytimer")
    doc = QTextDocument()
    font = QFont()
    font.setPointSizeF(9.5)
    doc.setDefaultFont(font)
    for name, image in images.items():
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(f"plot://{name}"), image)
    doc.setHtml(html)
    rect = writer.pageLayout().paintRectPixels(writer.resolution())
    doc.setPageSize(QSizeF(rect.width(), rect.height()))
    pages = doc.pageCount()
    doc.print_(writer)
    del writer  # finishes the file
    if not path.exists() or path.stat().st_size == 0:
        raise OSError(f"cannot write {path}")
    return pages
