"""Every step illustration renders with Qt's own SVG renderer and holds no words."""

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from oxytimer.domain.protocol import load_protocol
from oxytimer.resources import resource_path

SVG_NS = "{http://www.w3.org/2000/svg}"
ILLUSTRATIONS = sorted(resource_path("illustrations").glob("*.svg"))
# Symbols allowed inside a picture; every word lives in protocol.toml, in both languages.
ALLOWED_TEXT = {"C7", "5–6", "?"}
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
