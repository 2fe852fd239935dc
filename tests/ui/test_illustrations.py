"""Every step illustration renders with Qt's own SVG renderer and holds no words."""

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication, QWidget

from oxytimer.domain.protocol import load_protocol
from oxytimer.resources import resource_path
from oxytimer.ui.illustration import Illustration, landmark_names, legend_html, marks_in
from oxytimer.ui.language import install_translators

SVG_NS = "{http://www.w3.org/2000/svg}"
ILLUSTRATIONS = sorted(resource_path("illustrations").glob("*.svg"))
# Symbols allowed inside a picture; every word lives in protocol.toml, in both languages,
# and the numbered marks are named in words beside the picture (ui/illustration.py).
ALLOWED_TEXT = {"1", "2", "?"}
# Outside what QSvgRenderer draws (SVG Tiny 1.2): these would be silently dropped.
UNSUPPORTED = {"style", "filter", "marker", "clipPath", "mask", "foreignObject", "pattern"}


def test_every_step_has_its_own_illustration():
    protocol = load_protocol()
    used = {protocol.illustration_path(step) for step in protocol.steps}
    assert len(used) == len(protocol.steps)
    assert used == set(ILLUSTRATIONS)


@pytest.mark.parametrize("path", ILLUSTRATIONS, ids=lambda p: p.name)
def test_illustration_renders(qapp, path: Path):
    renderer = QSvgRenderer(str(path))
    assert renderer.isValid()
    box = renderer.viewBoxF()
    assert box.width() == box.height() == 400

    image = QImage(200, 200, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()

    colours = {
        image.pixelColor(x, y).name(QColor.NameFormat.HexArgb)
        for x in range(0, 200, 5)
        for y in range(0, 200, 5)
    }
    assert image.pixelColor(2, 2).alpha() == 255  # the picture brings its own background
    assert len(colours) > 8  # something was drawn on it


@pytest.mark.parametrize("path", ILLUSTRATIONS, ids=lambda p: p.name)
def test_illustration_has_no_words_and_no_unsupported_features(path: Path):
    root = ET.parse(path).getroot()
    tags = {element.tag.removeprefix(SVG_NS) for element in root.iter()}
    assert not tags & UNSUPPORTED
    assert not any("style" in element.attrib for element in root.iter())
    texts = {"".join(element.itertext()).strip() for element in root.iter(f"{SVG_NS}text")}
    assert texts <= ALLOWED_TEXT


@pytest.mark.parametrize("path", ILLUSTRATIONS, ids=lambda p: p.name)
def test_every_numbered_mark_is_named_in_words(qapp, path: Path):
    root = ET.parse(path).getroot()
    numbers = {"".join(t.itertext()).strip() for t in root.iter(f"{SVG_NS}text")} - {"?"}
    assert set(marks_in(path)) == numbers
    names = landmark_names()
    for mark in numbers:
        assert not any(code in names[mark] for code in ("C7", "5–6", "rib"))


def test_the_marks_are_named_in_both_languages(qapp):
    english = landmark_names()
    assert "knobbly bone at the base of the neck" in english["1"]
    assert "bottom tips of the shoulder blades" in english["2"]
    install_translators(qapp, "id")
    try:
        indonesian = landmark_names()
    finally:
        install_translators(qapp, "en")
    assert "tulang yang menonjol di pangkal leher" in indonesian["1"]
    assert "ujung bawah tulang belikat" in indonesian["2"]
    assert "1" in legend_html(["1"]) and indonesian["1"] != english["1"]


def drawn(widget: Illustration) -> QImage:
    """What the widget draws, on a transparent ground (no window background)."""
    image = QImage(widget.size(), QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    widget.render(image, renderFlags=QWidget.RenderFlag.DrawChildren)
    return image


@pytest.mark.parametrize("name", ["massage.svg", "landmarks.svg", "repeat.svg", "prepare.svg"])
def test_a_picture_stays_in_its_frame_and_grows_with_the_room(qtbot, name):
    widget = Illustration()
    qtbot.addWidget(widget)
    widget.load(str(resource_path("illustrations", name)))
    for width, height in ((600, 300), (900, 450)):
        widget.resize(width, height)
        image = drawn(widget)
        side = height  # a square picture in a wide room: as tall as the room
        left = (width - side) // 2
        assert widget.frame_rect().toRect() == QRect(left, 0, side, side)
        # Nothing drawn left or right of its frame; the frame filled to its edges.
        for y in range(0, height, 10):
            for x in (0, left - 2, left + side + 1, width - 1):
                assert image.pixelColor(x, y).alpha() == 0, (x, y)
            for x in (left + 1, left + side - 2):
                assert image.pixelColor(x, y).alpha() == 255, (x, y)


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_guided_page_names_the_marks_under_the_picture(
    qtbot, repo, protocol, instrument, clock, lang
):
    from oxytimer.domain.data_files import DataFiles
    from oxytimer.ui.session_view import SessionScreen
    from tests.ui.test_session_flow import start_massage

    app = QApplication.instance()
    install_translators(app, lang)
    try:
        screen = SessionScreen(repo, DataFiles(protocol, instrument), clock, lang)
        qtbot.addWidget(screen)
        screen.resize(1280, 720)
        screen.show()
        start_massage(qtbot, screen, prepare=False)
        page = screen.guided_page
        assert page.legend.text() == ""  # getting ready: a picture without marks
        qtbot.mouseClick(page.done_button, Qt.MouseButton.LeftButton)  # find the landmarks
        assert page.picture_box.isVisible() and page.legend.isVisible()
        names = landmark_names()
        assert names["1"] in page.legend.text() and names["2"] in page.legend.text()
        assert "C7" not in page.legend.text()
    finally:
        install_translators(app, "en")
