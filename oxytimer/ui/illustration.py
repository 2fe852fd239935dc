"""A step's illustration: as large as the room it gets, never out of its frame, and the
landmarks it marks named in words.

The pictures (``resources/illustrations/*.svg``) hold no words: the places a husband must
find carry a number, 1 or 2, named beside the picture in the interface's language
(:func:`landmark_names`): "1: the knobbly bone at the base of the neck", not "C7".
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QSizePolicy, QWidget

translate = QCoreApplication.translate

_SVG_TEXT = "{http://www.w3.org/2000/svg}text"


def landmark_names() -> dict[str, str]:
    """The numbered marks of the pictures, in words a husband understands."""
    return {
        "1": translate(
            "Illustration",
            "the knobbly bone at the base of the neck: the massage starts just below it",
        ),
        "2": translate(
            "Illustration",
            "the level of the bottom tips of the shoulder blades: the massage stops here",
        ),
    }


def marks_in(path: str | Path) -> list[str]:
    """The numbered marks (``"1"``, ``"2"``) a picture shows, in order."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError):
        return []
    names = landmark_names()
    found = {"".join(t.itertext()).strip() for t in root.iter(_SVG_TEXT)}
    return [mark for mark in names if mark in found]


def legend_html(marks: list[str]) -> str:
    """The legend of ``marks``: each number as the picture shows it, then its name."""
    names = landmark_names()
    rows = [
        f'<span style="background-color:#15202b; color:#ffd23f; font-weight:bold;">'
        f"&nbsp;{mark}&nbsp;</span>&nbsp;{names[mark]}"
        for mark in marks
    ]
    return "<br>".join(rows)


class Illustration(QWidget):
    """Draws an SVG at the largest size that fits, its shape kept, clipped to its frame
    (the picture's own square: nothing is drawn outside it, whatever the file holds)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._renderer = QSvgRenderer(self)
        self._renderer.repaintNeeded.connect(self.update)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def load(self, path: str) -> None:
        self._renderer.load(path)
        self._renderer.setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
        self.update()

    def has_picture(self) -> bool:
        return bool(self._renderer.isValid())

    def renderer(self) -> QSvgRenderer:
        return self._renderer

    def sizeHint(self) -> QSize:
        return QSize(320, 320)  # a good size at 1280x800; it grows and shrinks with the room

    def frame_rect(self) -> QRectF:
        """Where the picture is drawn: the largest rectangle of its shape that fits,
        centred."""
        box = self._renderer.viewBoxF()
        if box.isEmpty() or self.width() <= 0 or self.height() <= 0:
            return QRectF()
        scale = min(self.width() / box.width(), self.height() / box.height())
        width, height = box.width() * scale, box.height() * scale
        return QRectF((self.width() - width) / 2, (self.height() - height) / 2, width, height)

    def paintEvent(self, event: QPaintEvent) -> None:
        target = self.frame_rect()
        if target.isEmpty() or not self._renderer.isValid():
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setClipRect(target)
        self._renderer.render(painter, target)
        painter.end()
