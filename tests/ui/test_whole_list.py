"""WholeList: a list on a scrolling page shows every row, wrapped, and never scrolls itself."""

from __future__ import annotations

import pytest

from PySide6.QtWidgets import QGroupBox, QListWidgetItem, QScrollArea, QVBoxLayout, QWidget

from oxytimer.ui.widgets import WholeList

LONG = "KPL-DC002 · 02/03 07:35 · Awaiting post-score · pre-score 1 · and a little more"


def _page(qtbot, rows: int, width: int, hidden_while_filled: bool = False):
    area = QScrollArea()
    area.setWidgetResizable(True)
    panel = QWidget()
    box = QGroupBox("Unfinished sessions", panel)
    whole = WholeList(box)
    whole.setWordWrap(True)
    QVBoxLayout(box).addWidget(whole)
    layout = QVBoxLayout(panel)
    layout.addWidget(box)
    layout.addStretch(1)
    area.setWidget(panel)
    qtbot.addWidget(area)
    area.resize(width, 200)
    area.show()
    qtbot.waitExposed(area)
    # As the start page does: the box hidden while its list is filled, then shown.
    box.setVisible(not hidden_while_filled)
    for row in range(rows):
        QListWidgetItem(f"{row + 1}. {LONG}", whole)
    box.setVisible(True)
    return area, whole


def test_rows_are_measured_wrapped_at_the_lists_width(qtbot):
    _area, whole = _page(qtbot, rows=1, width=900)
    wide = whole.rows_height(800)
    narrow = whole.rows_height(120)
    assert narrow > 2 * wide  # wrapped onto several lines


@pytest.mark.parametrize("hidden_while_filled", [False, True])
def test_every_row_shows_and_the_list_does_not_scroll(qtbot, hidden_while_filled):
    area, whole = _page(qtbot, rows=4, width=260, hidden_while_filled=hidden_while_filled)
    qtbot.waitUntil(lambda: whole.height() >= whole.sizeHint().height())
    # Its rows laid out (the view does that after its resize): nothing left to scroll.
    qtbot.waitUntil(lambda: whole.verticalScrollBar().maximum() == 0)
    assert whole.height() - 2 * whole.frameWidth() >= whole.rows_height(whole.viewport().width())
    # Narrower: the rows wrap onto more lines and the list grows with them.
    before = whole.height()
    area.resize(180, 200)
    qtbot.waitUntil(lambda: whole.height() > before)
    qtbot.waitUntil(lambda: whole.height() >= whole.sizeHint().height())
    qtbot.waitUntil(lambda: whole.verticalScrollBar().maximum() == 0)


def test_rows_are_measured_once_until_they_change(qtbot):
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QStyledItemDelegate

    class Counting(QStyledItemDelegate):
        measured = 0

        def sizeHint(self, option, index):
            Counting.measured += 1
            return super().sizeHint(option, index)

    whole = WholeList()
    qtbot.addWidget(whole)
    whole.setWordWrap(True)
    whole.setItemDelegate(Counting(whole))
    for n in range(40):
        QListWidgetItem(f"{n} {LONG}", whole)
    first = whole.rows_height(300)
    assert Counting.measured == 40
    assert whole.rows_height(300) == first
    assert Counting.measured == 40  # asked again: not measured again
    whole.rows_height(200)  # another width: measured at it
    assert Counting.measured == 80
    QListWidgetItem(LONG, whole)  # a row more: measured anew
    assert whole.rows_height(300) > first and Counting.measured == 121
    font = QFont(whole.font())
    font.setPointSize(font.pointSize() * 2)
    whole.setFont(font)  # larger text: taller rows
    assert whole.rows_height(300) > first and Counting.measured == 162
