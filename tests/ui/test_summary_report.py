"""The PDF report reads like a report: measured on its pages, as poppler renders them.

``pdftotext -bbox`` gives every word's box in points; a word's box is as tall as its font
size times the font's ascent plus descent, so the sizes are compared with the boxes of a
reference PDF set at exactly 9 pt in the same font. ``pdftoppm`` renders the pages as
images (grey PGM, read here without an imaging library) to check what a reader sees at
the top and the bottom of each page.
"""

from __future__ import annotations

import shutil
import subprocess
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest

from PySide6.QtCore import QPointF, QSizeF
from PySide6.QtGui import QFont, QPainter, QPdfWriter, QTextCursor, QTextDocument

from oxytimer.app import install_translators
from oxytimer.storage.demo import fill_demo
from oxytimer.ui.summary_report import enrolment_words, keep_blocks_whole
from oxytimer.ui.summary_view import SummaryView

WAIT_MS = 20_000
PDFTOTEXT = shutil.which("pdftotext")
PDFTOPPM = shutil.which("pdftoppm")
pytestmark = pytest.mark.skipif(
    PDFTOTEXT is None or PDFTOPPM is None,
    reason="poppler-utils is missing (.ci/run installs it)",
)
MM = 72 / 25.4  # points per millimetre
A4 = (595, 842)  # points
PAGE_LABEL = {"en": "Page {page} of {pages}", "id": "Halaman {page} dari {pages}"}
STUDY = {
    "en": "Oxytocin massage study: summary report",
    "id": "Studi pijat oksitosin: laporan ringkasan",
}
DATE = {"en": "3 March 2026", "id": "3 Maret 2026"}  # 07:00 in Mataram: see the clock


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def height(self) -> float:
        return self.y1 - self.y0


def pdf_words(pdf: Path) -> list[list[Word]]:
    """Every page's words with their boxes in points (origin top left)."""
    out = subprocess.run(
        [PDFTOTEXT, "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    root = ET.fromstring(out)
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    pages = []
    for page in root.iterfind(".//x:page", ns):
        pages.append(
            [
                Word(
                    w.text or "",
                    float(w.get("xMin")),
                    float(w.get("yMin")),
                    float(w.get("xMax")),
                    float(w.get("yMax")),
                )
                for w in page.iterfind("x:word", ns)
            ]
        )
    return pages


def page_images(pdf: Path, folder: Path, dpi: int = 36) -> list[tuple[int, int, bytes]]:
    """Each page rendered by pdftoppm in grey: width, height and one byte a pixel."""
    subprocess.run(
        [PDFTOPPM, "-gray", "-aa", "no", "-r", str(dpi), str(pdf), str(folder / "p")], check=True
    )
    images = []
    for path in sorted(folder.glob("p-*.pgm"), key=lambda p: int(p.stem.split("-")[1])):
        data = path.read_bytes()
        fields = data.split(maxsplit=4)  # P5, width, height, maximum, pixels
        assert fields[0] == b"P5"
        width, height = int(fields[1]), int(fields[2])
        images.append((width, height, fields[4][: width * height]))
    return images


def inked_rows(image: tuple[int, int, bytes], top_mm: float, bottom_mm: float) -> int:
    """How many pixel rows between two heights (mm from the top) hold any dark pixel."""
    width, height, pixels = image
    per_mm = height / (A4[1] / MM)
    rows = range(int(top_mm * per_mm), min(height, int(bottom_mm * per_mm)))
    return sum(1 for y in rows if min(pixels[y * width : (y + 1) * width]) < 128)


@pytest.fixture(scope="module")
def nine_point_height(tmp_path_factory):
    """The height pdftotext gives a word set at exactly 9 pt in the report's font."""
    pdf = tmp_path_factory.mktemp("reference") / "nine.pdf"
    writer = QPdfWriter(str(pdf))
    writer.setResolution(72)  # a point a dot: 9 pt is exactly 9 dots, never rounded
    painter = QPainter(writer)
    font = QFont()
    font.setPointSizeF(9.0)
    painter.setFont(font)
    painter.drawText(QPointF(72, 72), "Reference")
    painter.end()
    del writer
    (word,) = pdf_words(pdf)[0]
    return word.height


@pytest.fixture
def demo_repo(repo):
    fill_demo(repo, mothers=48, seed=2)
    return repo


@pytest.fixture
def mataram(monkeypatch):
    """The study's time zone, so that the report's date is Mataram's."""
    monkeypatch.setenv("TZ", "Asia/Makassar")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def make_view(qtbot, qapp, repo, instrument, protocol, clock, lang):
    install_translators(qapp, lang)
    view = SummaryView(repo, instrument, protocol, clock, lang)
    qtbot.addWidget(view)
    view.resize(1200, 760)
    view.show()
    with qtbot.waitSignal(view.summary_updated, timeout=WAIT_MS):
        view.refresh()
    return view


@pytest.fixture(params=["en", "id"])
def report(
    request, qtbot, qapp, demo_repo, instrument, protocol, clock, settings, mataram, tmp_path
):
    lang = request.param
    view = make_view(qtbot, qapp, demo_repo, instrument, protocol, clock, lang)
    try:
        pdf = tmp_path / f"summary_{lang}.pdf"
        pages = view.export_pdf(pdf)
    finally:
        view.wait()
        install_translators(qapp, "en")
    return lang, pdf, pages, pdf_words(pdf)


def test_every_word_is_at_least_9_pt(report, nine_point_height):
    _lang, _pdf, pages, words = report
    assert len(words) == pages >= 3
    heights = [w.height for page in words for w in page]
    assert len(heights) > 500  # the tables and the plots' labels are text, measured too
    small = [(w.text, round(w.height / nine_point_height * 9, 1)) for p in words for w in p]
    small = [(text, size) for text, size in small if size < 9.0 - 0.05]
    assert small == []
    body = sorted(heights)[len(heights) // 2]
    assert body >= nine_point_height * 10 / 9  # the body itself is larger: 10.5 pt


def test_every_page_has_the_header_and_its_number(report):
    lang, _pdf, pages, words = report
    for number, page in enumerate(words, start=1):
        top = " ".join(w.text for w in page if w.y1 < 25 * MM)
        bottom = " ".join(w.text for w in page if w.y0 > A4[1] - 25 * MM)
        assert STUDY[lang] in top and DATE[lang] in top, (number, top)
        assert PAGE_LABEL[lang].format(page=number, pages=pages) in bottom, (number, bottom)


def test_the_pages_render_with_header_and_footer_inked(report, tmp_path):
    _lang, pdf, pages, _words = report
    images = page_images(pdf, tmp_path)
    assert len(images) == pages
    for image in images:
        width, height, _ = image
        assert abs(width / height - A4[0] / A4[1]) < 0.01
        assert inked_rows(image, 10, 22) > 0  # the header and its rule
        assert inked_rows(image, 270, 287) > 0  # the footer
        assert inked_rows(image, 30, 100) > 0  # and text under the header, on every page


def ink_extent(image: tuple[int, int, bytes], word: Word, dpi: int) -> int:
    """The height in pixels from the highest to the lowest dark pixel inside a word's box."""
    width, height, pixels = image
    scale = dpi / 72
    x0, x1 = int(word.x0 * scale), min(width, int(word.x1 * scale) + 1)
    rows = [
        y
        for y in range(int(word.y0 * scale), min(height, int(word.y1 * scale) + 2))
        if min(pixels[y * width + x0 : y * width + x1], default=255) < 128
    ]
    return rows[-1] - rows[0] + 1 if rows else 0


def test_the_rendered_glyphs_are_as_large_as_9_pt_ones(report, tmp_path):
    """The same words drawn at exactly 9 pt, rendered alike: the report's are no smaller."""
    _lang, pdf, _pages, words = report
    dpi = 144
    body = [w for w in words[0] if 25 * MM < w.y0 < A4[1] - 25 * MM]
    chosen = list({w.text: w for w in body if w.text.isalpha() and len(w.text) >= 4}.values())
    chosen = chosen[:30]
    assert len(chosen) >= 10
    reference = tmp_path / "reference.pdf"
    writer = QPdfWriter(str(reference))
    writer.setResolution(72)
    painter = QPainter(writer)
    font = QFont()
    font.setPointSizeF(9.0)
    painter.setFont(font)
    for i, w in enumerate(chosen):
        painter.drawText(QPointF(72, 72 + 20 * i), w.text)
    painter.end()
    del writer
    (drawn,) = pdf_words(reference)
    ours = tmp_path / "ours"
    ours.mkdir()
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    page = page_images(pdf, ours, dpi)[0]
    nine = page_images(reference, theirs, dpi)[0]
    for w, r in zip(chosen, drawn, strict=True):
        assert w.text == r.text
        assert ink_extent(page, w, dpi) >= ink_extent(nine, r, dpi) > 0, w.text


def test_the_filters_are_in_words(report):
    lang, _pdf, _pages, words = report
    text = " ".join(w.text for page in words for w in page)
    assert "…" not in text and "... –" not in text
    every = {"en": "all enrolment dates", "id": "semua tanggal pendaftaran"}
    assert every[lang] in text


def test_the_last_block_never_stands_alone(report):
    lang, _pdf, _pages, words = report
    heading = {"en": "Versions", "id": "Versi"}[lang]
    last = words[-1]
    body = [w for w in last if 25 * MM < w.y0 < A4[1] - 25 * MM]
    first_line = min(w.y0 for w in body)
    opening = [w.text for w in body if abs(w.y0 - first_line) < 1]
    assert opening != [heading], "the versions block opens the last page alone"


def test_the_plots_are_printed_large_with_their_labels(report, nine_point_height):
    lang, _pdf, _pages, words = report
    before, after = {"en": ("Before", "After"), "id": ("Sebelum", "Sesudah")}[lang]
    for page in words:
        ticks = {w.text: w for w in page if w.text in (before, after)}
        if len(ticks) == 2 and ticks[after].x0 - ticks[before].x1 > 60 * MM:
            assert ticks[before].height >= nine_point_height - 0.05
            break
    else:
        pytest.fail("no plot with its before and after ticks across the page")


@pytest.mark.parametrize(
    ("lang", "start", "end", "expected"),
    [
        ("en", None, None, "all enrolment dates"),
        ("en", "2026-02-21", None, "from 21/02/2026 on"),
        ("en", None, "2026-03-03", "up to 03/03/2026"),
        ("en", "2026-02-21", "2026-03-03", "from 21/02/2026 to 03/03/2026"),
        ("id", None, None, "semua tanggal pendaftaran"),
        ("id", "2026-02-21", None, "sejak 21/02/2026"),
        ("id", None, "2026-03-03", "sampai 03/03/2026"),
        ("id", "2026-02-21", "2026-03-03", "dari 21/02/2026 sampai 03/03/2026"),
    ],
)
def test_the_enrolment_filter_in_words(qapp, lang, start, end, expected):
    install_translators(qapp, lang)
    try:
        assert enrolment_words(start, end) == expected
    finally:
        install_translators(qapp, "en")


def _paged_document(blocks, page_height=400.0):
    """A document of paragraphs, ``blocks`` lists the lines of each block."""
    doc = QTextDocument()
    font = QFont()
    font.setPixelSize(20)
    doc.setDefaultFont(font)
    doc.setPageSize(QSizeF(300, page_height))
    frame = doc.rootFrame().frameFormat()
    frame.setTopMargin(20)
    frame.setBottomMargin(20)
    doc.rootFrame().setFrameFormat(frame)
    cursor = QTextCursor(doc)
    starts = []
    for i, lines in enumerate(blocks):
        if i:
            cursor.insertBlock()
        starts.append(cursor.block())
        cursor.insertHtml("<br>".join(f"block {i} line {n}" for n in range(lines)))
    return doc, starts


def _page_of(doc, block):
    top = doc.documentLayout().blockBoundingRect(block).top()
    return int((top + block.layout().lineAt(0).y()) // doc.pageSize().height())


def test_a_block_that_would_straddle_two_pages_starts_the_next():
    doc, starts = _paged_document([10, 8, 3])  # 10 lines of ~23 px: the second crosses
    layout_pages = [_page_of(doc, b) for b in starts]
    assert layout_pages == [0, 0, 1]
    keep_blocks_whole(doc, starts)
    assert [_page_of(doc, b) for b in starts] == [0, 1, 1]
    assert doc.pageCount() == 2


def test_the_last_block_takes_the_one_before_it_along():
    doc, starts = _paged_document([7, 8, 2])  # 15 lines fill page 1: the last alone on 2
    assert [_page_of(doc, b) for b in starts] == [0, 0, 1]
    keep_blocks_whole(doc, starts)
    assert [_page_of(doc, b) for b in starts] == [0, 1, 1]
