"""Find what a user cannot read or reach on a shown window: the automated layout check.

``layout_problems(top, screen)`` walks every visible widget of a shown window or dialog
and returns one sentence per problem:

- a label whose text needs more room than it has (cut, or elided by Qt),
- a button or check box narrower (or lower) than its text,
- a combo box whose current text does not fit its field,
- a table heading cut (its column narrower than the heading),
- a tab bar that needs scroll arrows (some tabs hidden),
- a table that scrolls yet shows fewer than ``MIN_TABLE_ROWS`` whole rows (a list seen
  through a slit),
- a widget outside its parent (cut by the window's edge), the window itself larger than
  the screen or not on it,
- a scroll area that scrolls inside another scroll area that scrolls (two scroll bars for
  one direction).

Used by the test suite (``tests/ui/test_layout_check.py``) on every screen and dialog and
by ``scripts/render_screens.py --review``. Widgets scrolled out of sight inside a scroll
area are not problems: the user can scroll to them.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QComboBox,
    QHeaderView,
    QLabel,
    QStyle,
    QStyleOptionComboBox,
    QTabBar,
    QTableView,
    QToolButton,
    QWidget,
)

# Rounding in layouts and font metrics: a pixel is not a cut.
SLACK = 1

MIN_TABLE_ROWS = 4
"""A table with more rows than it shows must show at least this many whole rows: fewer
and a list is read through a slit, a row at a time (the Registry at 20 pt on 1024x600)."""


def layout_problems(top: QWidget, screen: QRect) -> list[str]:
    """Every problem on the shown window ``top`` on a screen of geometry ``screen``."""
    found: list[str] = []
    name = _name(top)
    frame = top.geometry()  # the client area (a frame's size depends on the platform)
    if frame.width() > screen.width() + SLACK or frame.height() > screen.height() + SLACK:
        found.append(
            f"{name}: {frame.width()}x{frame.height()} is larger than the screen"
            f" {screen.width()}x{screen.height()}"
        )
    hint = top.minimumSizeHint()
    if top.isWindow() and (hint.width() > screen.width() or hint.height() > screen.height()):
        found.append(
            f"{name}: needs at least {hint.width()}x{hint.height()}, more than the screen"
            f" {screen.width()}x{screen.height()}"
        )
    for widget in top.findChildren(QWidget):
        if widget.isWindow() or not widget.isVisibleTo(top) or not _shown(widget, top):
            continue
        found += _widget_problems(widget, top)
    return found


def _shown(widget: QWidget, top: QWidget) -> bool:
    """Visible up to ``top`` and not a piece of another window (menu, popup)."""
    node: QWidget | None = widget
    while node is not None and node is not top:
        if not node.isVisible() or node.isWindow():
            return False
        node = node.parentWidget()
    return node is top


def _widget_problems(widget: QWidget, top: QWidget) -> list[str]:
    found: list[str] = []
    where = _name(widget)
    parent = widget.parentWidget()
    if parent is not None and not _in_scroll_viewport(widget) and not _internal(widget):
        inside = parent.rect().adjusted(-SLACK, -SLACK, SLACK, SLACK)
        if not inside.contains(widget.geometry()):
            found.append(
                f"{where}: outside its parent ({_rect(widget.geometry())} in"
                f" {parent.width()}x{parent.height()})"
            )
    if isinstance(widget, QLabel):
        found += _label_problems(widget, where)
    elif isinstance(widget, QAbstractButton) and not _internal(widget):
        hint = widget.sizeHint()
        if widget.text() and (
            widget.width() + SLACK < hint.width() or widget.height() + SLACK < hint.height()
        ):
            found.append(
                f"{where}: button {widget.width()}x{widget.height()} narrower than its text"
                f" ({hint.width()}x{hint.height()})"
            )
    elif isinstance(widget, QComboBox):
        found += _combo_problems(widget, where)
    elif isinstance(widget, QHeaderView):
        found += _header_problems(widget, where)
    elif isinstance(widget, QTabBar):
        arrows = [b for b in widget.findChildren(QToolButton) if b.isVisible()]
        if arrows:
            found.append(f"{where}: not every tab fits (scroll arrows shown)")
    if isinstance(widget, QTableView):
        found += _table_problems(widget, where)
    if isinstance(widget, QAbstractScrollArea) and _scrolls(widget):
        outer = _outer_scroll_area(widget, top)
        if outer is not None:
            found.append(f"{where}: scrolls inside {_name(outer)}, which scrolls too")
    return found


def _label_problems(label: QLabel, where: str) -> list[str]:
    text = label.text()
    if not text or not label.pixmap().isNull() or label.movie() is not None:
        return []
    if isinstance(label.parentWidget(), QAbstractButton):
        return []
    if label.wordWrap():
        needed = label.heightForWidth(label.width())
        if needed > label.height() + SLACK:
            return [
                f"{where}: text needs {needed} px of height, has {label.height()} ({_short(text)})"
            ]
        if label.minimumSizeHint().width() > label.width() + SLACK:
            return [
                f"{where}: a word needs {label.minimumSizeHint().width()} px, has"
                f" {label.width()} ({_short(text)})"
            ]
        return []
    hint = label.sizeHint()
    if hint.width() > label.width() + SLACK or hint.height() > label.height() + SLACK:
        return [
            f"{where}: text needs {hint.width()}x{hint.height()}, has"
            f" {label.width()}x{label.height()} ({_short(text)})"
        ]
    return []


def _combo_problems(combo: QComboBox, where: str) -> list[str]:
    text = combo.currentText()
    if not text:
        return []
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
    )
    # A style sheet's combo box may report its whole width as the field: the arrow and
    # the padding are taken off it then.
    room = min(field.width(), combo.width() - 40)
    needed = combo.fontMetrics().horizontalAdvance(text)
    if needed > room + SLACK:
        return [f"{where}: shows {needed} px of text in {room} ({_short(text)})"]
    return []


def _header_problems(header: QHeaderView, where: str) -> list[str]:
    if header.orientation() != Qt.Orientation.Horizontal or not header.isVisible():
        return []
    model = header.model()
    if model is None:
        return []
    found = []
    for section in range(header.count()):
        if header.isSectionHidden(section):
            continue
        if header.sectionSize(section) + SLACK < header.sectionSizeHint(section):
            title = model.headerData(section, Qt.Orientation.Horizontal)
            found.append(
                f"{where}: column heading {_short(str(title))!r} cut"
                f" ({header.sectionSize(section)} < {header.sectionSizeHint(section)})"
            )
    return found


def _table_problems(table: QTableView, where: str) -> list[str]:
    model = table.model()
    if model is None or table.verticalScrollBar().maximum() == 0:
        return []  # every row in view
    rows = model.rowCount()
    shown = whole_rows_shown(table)
    if shown < MIN_TABLE_ROWS:
        return [f"{where}: shows {shown} whole row(s) of {rows}, fewer than {MIN_TABLE_ROWS}"]
    return []


def whole_rows_shown(table: QTableView) -> int:
    """How many rows of ``table`` its viewport shows whole, where it is scrolled to."""
    model = table.model()
    if model is None:
        return 0
    height = table.viewport().height()
    shown = 0
    first = max(table.rowAt(0), 0)
    for row in range(first, model.rowCount()):
        top = table.rowViewportPosition(row)
        if top >= height:
            break
        if top >= 0 and top + table.rowHeight(row) <= height:
            shown += 1
    return shown


def _scrolls(area: QAbstractScrollArea) -> bool:
    return bool(area.verticalScrollBar().maximum() > 0 or area.horizontalScrollBar().maximum() > 0)


def _outer_scroll_area(widget: QWidget, top: QWidget) -> QAbstractScrollArea | None:
    node = widget.parentWidget()
    while node is not None and node is not top:
        if isinstance(node, QAbstractScrollArea) and _scrolls(node):
            return node
        node = node.parentWidget()
    return None


def _in_scroll_viewport(widget: QWidget) -> bool:
    """A scroll area's content: may be larger than the area (that is what scrolling is)."""
    parent = widget.parentWidget()
    area = parent.parentWidget() if parent is not None else None
    return isinstance(area, QAbstractScrollArea) and area.viewport() is parent


def _internal(widget: QWidget) -> bool:
    """Pieces Qt places itself (scroll arrows of tab bars, corner buttons, editors)."""
    node = widget.parentWidget()
    while node is not None:
        if isinstance(node, (QTabBar, QHeaderView)) or (
            isinstance(node, QAbstractScrollArea) and not _is_content(widget, node)
        ):
            return True
        if node.isWindow():
            break
        node = node.parentWidget()
    return isinstance(widget, QToolButton) and widget.objectName().startswith("qt_")


def _is_content(widget: QWidget, area: QAbstractScrollArea) -> bool:
    """``widget`` sits in the viewport of ``area`` (not its scroll bars or corner)."""
    viewport = area.viewport()
    node: QWidget | None = widget
    while node is not None and node is not area:
        if node is viewport:
            return True
        node = node.parentWidget()
    return False


def _name(widget: QWidget) -> str:
    parts: list[str] = []
    node: QWidget | None = widget
    while node is not None and len(parts) < 3:
        label = node.objectName() or type(node).__name__
        if not label.startswith("qt_"):
            parts.append(label)
        if node.isWindow():
            break
        node = node.parentWidget()
    text = ""
    if isinstance(widget, (QLabel, QAbstractButton)):
        text = f" {_short(widget.text())!r}"
    return "/".join(reversed(parts)) + text


def _short(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _rect(rect: QRect) -> str:
    return f"{rect.width()}x{rect.height()}+{rect.x()}+{rect.y()}"
