"""The PDF report of the Summary tab, laid out as a printed report.

The text is a :class:`QTextDocument` laid out for the PDF itself (its fonts in real
points: the body in :data:`BODY_PT`), printed page by page with a header (the study and
the date) and a footer ("Page 2 of 5") in the interface language. The report is made of
blocks (the title and filters, the result, each table with its caption, each plot with
its caption, the versions): :func:`keep_blocks_whole` moves a block that would straddle
two pages to the next one, and never leaves the last block (the versions and the closing
note) alone on the last page. The plots are drawn as vector graphics at their printed
size, their labels in points like the text.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QDate, QLocale, QMarginsF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPdfWriter,
    QPen,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTransform,
)

from oxytimer.domain.report import format_number
from oxytimer.domain.stats import warning_text
from oxytimer.ui.labels import caregiver_label

if TYPE_CHECKING:
    from oxytimer.ui.summary_view import SummaryView

translate = QCoreApplication.translate

BODY_PT = 10.5
"""The body text's size in points (a printed report reads at 9 pt or more): 14 dots at the
screen's usual 96 dots an inch, so that no rounding makes it smaller."""
MARGINS_MM = (18.0, 12.0, 18.0, 12.0)
"""The page's margins (left, top, right, bottom) in millimetres, around the header, the
text and the footer."""
HEADER_MM = 13.0
"""Room at the top of each page's text area for the header (study, date, a rule)."""
FOOTER_MM = 11.0
"""Room at the bottom of each page's text area for the footer (page numbers)."""
BLOCK_GAP_MM = 4.0
"""The space above each block of the report (a table and its caption, a plot...)."""
PLOT_MM = (160.0, 72.0)
"""Each plot's printed width and height in millimetres."""
PLOT_TEXT_PT = 9.5
"""The plots' tick values, axis labels and legends, in points (rounded up to whole
dots: 9.75 at 96 dots an inch)."""


def resolution() -> int:
    """The PDF's dots per inch for the layout (its text and plots are vectors).

    The screen's: pyqtgraph records its axes in a QPicture, whose texts Qt scales by the
    ratio of the device's resolution to the screen's when they are drawn.
    """
    screen = QGuiApplication.primaryScreen()
    return round(screen.logicalDotsPerInchY()) if screen is not None else 96


def _mm(mm: float) -> float:
    """Millimetres in the PDF's dots."""
    return mm / 25.4 * resolution()


# --------------------------------------------------------------------------- the words


def _day(iso: str | None) -> str:
    """A date as every date in the interface shows it: 21/02/2026."""
    if not iso:
        return ""
    d = date.fromisoformat(iso)
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def enrolment_words(start: str | None, end: str | None) -> str:
    """The enrolment filter in words, in the interface language: "all enrolment dates",
    "from 21/02/2026 to 03/03/2026", "from 21/02/2026 on", "up to 03/03/2026"."""
    if start and end:
        return translate("SummaryReport", "from {start} to {end}").format(
            start=_day(start), end=_day(end)
        )
    if start:
        return translate("SummaryReport", "from {start} on").format(start=_day(start))
    if end:
        return translate("SummaryReport", "up to {end}").format(end=_day(end))
    return translate("SummaryReport", "all enrolment dates")


def _filter_rows(view: SummaryView) -> list[tuple[str, str]]:
    """The filters of the summary shown (not the controls, which may have moved since)."""
    s = view.summary
    assert s is not None
    f = s.filters

    def named(combo: Any, values: Sequence[str] | None, every: str) -> str:
        if not values:
            return every
        shown = {combo.itemData(i): combo.itemText(i) for i in range(combo.count())}
        return ", ".join(shown.get(v, v) for v in values)

    pairing = {
        view.pairing_combo.itemData(i): view.pairing_combo.itemText(i)
        for i in range(view.pairing_combo.count())
    }
    completed = f.get("completed_follow_up_only")
    return [
        (
            translate("SummaryReport", "Sites"),
            named(view.site_combo, f.get("sites"), translate("SummaryReport", "all sites")),
        ),
        (
            translate("SummaryReport", "Enrolled"),
            enrolment_words(f.get("enrolled_from"), f.get("enrolled_to")),
        ),
        (
            translate("SummaryReport", "Massage given by"),
            ", ".join(caregiver_label(c) for c in f.get("caregivers") or [])
            or translate("SummaryReport", "anyone"),
        ),
        (
            translate("SummaryReport", "Protocol versions"),
            ", ".join(f.get("protocol_versions") or [])
            or translate("SummaryReport", "every version"),
        ),
        (
            translate("SummaryReport", "Instrument versions"),
            ", ".join(f.get("instrument_versions") or [])
            or translate("SummaryReport", "every version"),
        ),
        (
            translate("SummaryReport", "Follow-up"),
            translate("SummaryReport", "only mothers whose follow-up is complete")
            if completed
            else translate(
                "SummaryReport", "all mothers, whether or not their follow-up is complete"
            ),
        ),
        (translate("SummaryReport", "Pairs"), pairing.get(s.rule, s.rule)),
    ]


def _made_at(view: SummaryView) -> datetime | None:
    s = view.summary
    assert s is not None
    text = str(s.versions.get("generated_at") or "")
    try:
        return datetime.fromisoformat(text).astimezone()  # this computer's local time
    except ValueError:
        return None


def _long_date(moment: datetime | None, lang: str) -> str:
    """3 March 2026 / 3 Maret 2026."""
    if moment is None:
        return ""
    locale = QLocale(QLocale.Language.Indonesian if lang == "id" else QLocale.Language.English)
    return locale.toString(QDate(moment.year, moment.month, moment.day), "d MMMM yyyy")


def _made_text(view: SummaryView) -> str:
    s = view.summary
    assert s is not None
    v = s.versions
    moment = _made_at(view)
    when = ""
    if moment is not None:
        offset = moment.strftime("%z")
        when = f"{_long_date(moment, view.lang)}, {moment:%H:%M} (UTC{offset[:3]}:{offset[3:]})"
    return translate(
        "SummaryReport",
        "Made on {date} with {software}; protocol {protocol}, instrument {instrument}; "
        "database {db}.",
    ).format(
        date=when,
        software=v.get("software", ""),
        protocol=v.get("protocol", ""),
        instrument=v.get("instrument", ""),
        db=s.source_name or "—",
    )


def _version_rows(view: SummaryView) -> list[tuple[str, str]]:
    """The versions block in words (its keys are the JSON summary's)."""
    s = view.summary
    assert s is not None
    labels = {
        "software": translate("SummaryReport", "Software"),
        "protocol": translate("SummaryReport", "Protocol on this computer"),
        "instrument": translate("SummaryReport", "Instrument on this computer"),
        "generated_at": translate("SummaryReport", "Made on"),
        "protocol_versions_in_data": translate("SummaryReport", "Protocol versions in the data"),
        "instrument_versions_in_data": translate(
            "SummaryReport", "Instrument versions in the data"
        ),
        "instrument_versions_in_pairs": translate(
            "SummaryReport", "Instrument versions in the pairs"
        ),
        "score_ranges_in_pairs": translate("SummaryReport", "Score ranges in the pairs"),
    }
    rows = []
    for key, value in s.versions.items():
        if value in (None, []):
            continue
        if key == "generated_at":
            moment = _made_at(view)
            text = f"{_long_date(moment, view.lang)}, {moment:%H:%M}" if moment else str(value)
        else:
            text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        rows.append((labels.get(key, key), text))
    return rows


def _caption(text: str) -> str:
    """A table's or a plot's caption."""
    return f'<p style="margin-bottom: 4px"><b>{escape(text)}</b></p>'


# --------------------------------------------------------------------------- the blocks


def report_blocks(view: SummaryView) -> list[str]:
    """The report as blocks of HTML, each kept whole on one page where it fits.

    The first holds the title and the filters, then the result, each table with its
    caption, each plot with its caption (an ``<img src="plot://name">`` the plot is
    painted over), and last the versions with the closing note.
    """
    s = view.summary
    assert s is not None
    a = s.analysis
    lang = view.lang
    filters = "".join(
        f"<tr><td><b>{escape(label)}</b></td><td>{escape(text)}</td></tr>"
        for label, text in _filter_rows(view)
    )
    blocks = [
        "<h2>"
        + escape(translate("SummaryReport", "Milk expression before and after oxytocin massage"))
        + "</h2>"
        + f"<p>{escape(_made_text(view))}</p>"
        + "<h3>"
        + escape(translate("SummaryReport", "Data analysed"))
        + "</h3>"
        + f'<table cellpadding="3">{filters}</table>'
    ]
    result = "<h3>" + escape(translate("SummaryReport", "Result")) + "</h3>"
    result += f"<p><b>{escape(view.sentence_label.text())}</b></p>"
    warnings = [warning_text(code, lang) for code in (*s.warnings, *a.warnings)]
    if warnings or s.not_independent:
        items = "".join(
            f"<li>{escape(w.lstrip('⚠ '))}</li>"
            for w in view.warnings_label.text().split("\n")
            if w
        )
        result += f"<ul>{items}</ul>"
    blocks.append(result)
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
        blocks.append(_caption(caption) + view.models[name].to_html())
    width, height = (round(_mm(x)) for x in PLOT_MM)
    for number, (name, title) in enumerate(view.plot_titles.items(), start=1):
        caption = translate("SummaryReport", "Figure {n}. {title}").format(n=number, title=title)
        block = _caption(caption)
        block += (
            f'<p align="center"><img src="plot://{name}" width="{width}" height="{height}"></p>'
        )
        if number == 1:
            block = "<h3>" + escape(translate("SummaryReport", "Plots")) + "</h3>" + block
        blocks.append(block)
    versions = "".join(
        f"<tr><td>{escape(label)}</td><td>{escape(text)}</td></tr>"
        for label, text in _version_rows(view)
    )
    n = format_number(a.n_pairs, 0, lang)
    blocks.append(
        "<h3>"
        + escape(translate("SummaryReport", "Versions"))
        + "</h3>"
        + f'<table cellpadding="2">{versions}</table>'
        + "<p><i>"
        + escape(
            translate(
                "SummaryReport",
                "{n} pairs. SPSS's labels are kept in English, as SPSS shows "
                "them; p-values below .001 are shown as < .001.",
            ).format(n=n)
        )
        + "</i></p>"
    )
    return blocks


def report_html(view: SummaryView) -> str:
    """The report's HTML: filters, sentence, warnings, every table, plots, versions."""
    return "<html><body>" + "".join(report_blocks(view)) + "</body></html>"


@dataclass(frozen=True)
class Report:
    """What :func:`write_pdf` prints."""

    blocks: list[str]
    header: tuple[str, str]
    """The header's left (the study) and right (the date) texts, on every page."""
    footer: str
    """The footer's left text (the database); the page numbers go on the right."""
    plots: dict[str, Any]
    """The plots to paint over the ``plot://name`` images, by name."""


def build_report(view: SummaryView) -> Report:
    """The report of the summary the view shows."""
    s = view.summary
    if s is None:
        raise RuntimeError("no summary yet")
    text_pixels = round(PLOT_TEXT_PT / 72 * resolution())
    plots = view.report_plots(round(_mm(PLOT_MM[0])), round(_mm(PLOT_MM[1])), text_pixels)
    study = translate("SummaryReport", "Oxytocin massage study: summary report")
    source = Path(s.source_name).name if s.source_name else ""
    return Report(
        report_blocks(view), (study, _long_date(_made_at(view), view.lang)), source, plots
    )


# --------------------------------------------------------------------------- pages


def _lines_top(doc: QTextDocument, block: QTextBlock) -> float:
    rect = doc.documentLayout().blockBoundingRect(block)
    lines = block.layout()
    return rect.top() + (lines.lineAt(0).y() if lines.lineCount() else 0.0)


def _lines_bottom(doc: QTextDocument, block: QTextBlock) -> float:
    rect = doc.documentLayout().blockBoundingRect(block)
    lines = block.layout()
    if not lines.lineCount():
        return rect.bottom()
    last = lines.lineAt(lines.lineCount() - 1)
    return rect.top() + last.y() + last.height()


def _extent(doc: QTextDocument, first: QTextBlock, end: QTextBlock | None) -> tuple[float, float]:
    """Where a block of the report starts and ends (its lines, table cells included)."""
    top = _lines_top(doc, first)
    bottom = top
    block = first
    while block.isValid() and (end is None or block != end):
        if block.text() or block == first:
            bottom = max(bottom, _lines_bottom(doc, block))
        block = block.next()
    return top, bottom


def _break_before(block: QTextBlock) -> None:
    fmt = block.blockFormat()
    fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
    QTextCursor(block).setBlockFormat(fmt)


def keep_blocks_whole(doc: QTextDocument, starts: Sequence[QTextBlock]) -> None:
    """Break the pages so that no block of the report straddles two pages (unless it is
    taller than a page), and the last block never stands alone on the last page.

    Args:
        doc: The document, with its page size and root frame margins set.
        starts: The first text block of each block of the report, in order.
    """
    page = doc.pageSize().height()
    frame = doc.rootFrame().frameFormat()
    room = page - frame.topMargin() - frame.bottomMargin()

    def extent(i: int) -> tuple[float, float]:
        return _extent(doc, starts[i], starts[i + 1] if i + 1 < len(starts) else None)

    def page_of(y: float) -> int:
        return int(y // page)

    for i in range(1, len(starts)):
        top, bottom = extent(i)
        if page_of(top) != page_of(bottom - 1) and bottom - top <= room:
            _break_before(starts[i])
    if len(starts) < 2:
        return
    last_top, last_bottom = extent(len(starts) - 1)
    before_top, before_bottom = extent(len(starts) - 2)
    alone = page_of(last_top) > page_of(before_bottom - 1)
    if alone and last_bottom - before_top <= room + (last_top - before_bottom):
        _break_before(starts[-2])  # the block before it goes over with it


def _document(report: Report, writer: QPdfWriter) -> tuple[QTextDocument, dict[str, QRectF]]:
    """The report laid out in the writer's pages; where each plot goes, by name."""
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(writer)  # points are the PDF's points
    font = QFont()
    font.setPointSizeF(BODY_PT)
    doc.setDefaultFont(font)
    doc.setDocumentMargin(0)
    blank = QImage(1, 1, QImage.Format.Format_ARGB32)
    blank.fill(Qt.GlobalColor.transparent)
    for name in report.plots:
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(f"plot://{name}"), blank)
    rect = writer.pageLayout().paintRectPixels(writer.resolution())
    doc.setPageSize(QSizeF(rect.width(), rect.height()))
    frame = doc.rootFrame().frameFormat()
    frame.setTopMargin(_mm(HEADER_MM))
    frame.setBottomMargin(_mm(FOOTER_MM))
    doc.rootFrame().setFrameFormat(frame)
    cursor = QTextCursor(doc)
    starts = []
    for i, html in enumerate(report.blocks):
        if i:
            cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())  # out of any list
        starts.append(cursor.block())
        cursor.insertHtml(html)
    for block in starts[1:]:  # set off from the one before (the HTML's margin is not kept)
        fmt = block.blockFormat()
        fmt.setTopMargin(_mm(BLOCK_GAP_MM))
        QTextCursor(block).setBlockFormat(fmt)
    keep_blocks_whole(doc, starts)
    return doc, _plot_places(doc)


def _plot_places(doc: QTextDocument) -> dict[str, QRectF]:
    places = {}
    layout = doc.documentLayout()
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            fmt = fragment.charFormat()
            if fmt.isImageFormat() and fmt.toImageFormat().name().startswith("plot://"):
                image = fmt.toImageFormat()
                width, height = image.width(), image.height()  # dots: the screen's resolution
                offset = fragment.position() - block.position()
                line = block.layout().lineForTextPosition(offset)
                box = layout.blockBoundingRect(block)
                x = box.left() + line.cursorToX(offset)[0]
                y = box.top() + line.y() + line.ascent() - height
                places[image.name().removeprefix("plot://")] = QRectF(x, y, width, height)
            it += 1
        block = block.next()
    return places


def write_pdf(path: Path, report: Report) -> int:
    """Print the report to an A4 PDF at ``path``, whole or not at all.

    Qt's PDF writer does not say when a write fails (a full disk, a stick pulled out):
    the file is written beside ``path``, checked to end as a PDF does, and only then
    takes its place (an older report there is kept otherwise).

    Returns:
        The number of pages written.

    Raises:
        OSError: If the file cannot be written.
    """
    from oxytimer.storage.export_files import private_file

    with private_file(Path(path)) as temp:
        pages = _print_pdf(temp, report)
        if not _ends_as_a_pdf(temp):
            raise OSError(
                errno.ENOSPC, f"cannot write {path}: the file is incomplete (is the disk full?)"
            )
    return pages


def _ends_as_a_pdf(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            handle.seek(0, os.SEEK_END)
            handle.seek(max(0, handle.tell() - 1024))
            return b"%%EOF" in handle.read()
    except OSError:
        return False


def _print_pdf(path: Path, report: Report) -> int:
    writer = QPdfWriter(str(path))
    writer.setResolution(resolution())
    left, top, right, bottom = MARGINS_MM
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(left, top, right, bottom),
            QPageLayout.Unit.Millimeter,
        )
    )
    writer.setTitle(report.header[0])
    writer.setCreator("oxytimer")
    doc, places = _document(report, writer)
    pages = doc.pageCount()
    size = doc.pageSize()
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"cannot write {path}")
    try:
        for page in range(pages):
            if page:
                writer.newPage()
            _paint_page(painter, doc, places, report, page, pages, size)
    finally:
        painter.end()
    del writer  # finishes the file
    if not path.exists() or path.stat().st_size == 0:
        raise OSError(f"cannot write {path}")
    return pages


def _paint_page(
    painter: QPainter,
    doc: QTextDocument,
    places: dict[str, QRectF],
    report: Report,
    page: int,
    pages: int,
    size: QSizeF,
) -> None:
    width, height = size.width(), size.height()
    area = QRectF(0, page * height, width, height)
    painter.save()
    painter.setTransform(QTransform.fromTranslate(0, -page * height), combine=True)
    painter.setClipRect(area)
    context = QAbstractTextDocumentLayout.PaintContext()
    context.clip = area
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Text, QColor("black"))  # paper, whatever the theme
    context.palette = palette
    doc.documentLayout().draw(painter, context)
    for name, place in places.items():
        if area.intersects(place):
            plot = report.plots[name]
            item = plot.getPlotItem()
            plot.scene().render(painter, place, item.mapRectToScene(item.boundingRect()))
    painter.restore()

    font = QFont()
    font.setPointSizeF(9.0)
    painter.setFont(font)
    painter.setPen(QPen(QColor("black")))
    line = painter.fontMetrics().height()
    header = QRectF(0, 0, width, line)
    painter.drawText(header, Qt.AlignmentFlag.AlignLeft, report.header[0])
    painter.drawText(header, Qt.AlignmentFlag.AlignRight, report.header[1])
    rule = QPen(QColor("#808080"))
    rule.setWidthF(_mm(0.2))
    painter.setPen(rule)
    painter.drawLine(0, round(line * 1.3), round(width), round(line * 1.3))
    painter.setPen(QPen(QColor("black")))
    footer = QRectF(0, height - line, width, line)
    painter.drawText(footer, Qt.AlignmentFlag.AlignLeft, report.footer)
    painter.drawText(
        footer,
        Qt.AlignmentFlag.AlignRight,
        translate("SummaryReport", "Page {page} of {pages}").format(page=page + 1, pages=pages),
    )
