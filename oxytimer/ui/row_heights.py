"""Rows as high as their wrapped texts need, measured once per text and column width.

Qt's own way (a vertical header in ``ResizeToContents``) asks the delegate for every cell
of every row the model holds at each layout: on a district's database Today's first
opening spent most of its 190 ms there. A table of short texts that repeat (states, names)
needs only each distinct text measured at each width: :class:`RowHeights` does that with
the same style call the delegate makes, and sets the rows whose height changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt, QTimer, Slot
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionViewItem, QTableView

MEASURES_KEPT = 4096
"""Measured (text, width) pairs kept before starting again (widths change on resize)."""


class RowHeights(QObject):
    """Keeps ``table``'s rows as high as the texts of ``columns`` need at their widths
    (the other columns hold one line), never lower than the header's minimum.

    ``table``'s model is a :class:`~oxytimer.ui.models.RecordTableModel` (its
    ``texts(row)``). It follows the model's rows and the columns' widths by itself, on the
    next round of events; :meth:`fit` fits now (a view that has just sized its columns).
    """

    def __init__(self, table: QTableView, columns: Sequence[int]) -> None:
        super().__init__(table)
        self.table = table
        self.columns = tuple(columns)
        self._heights: dict[tuple[str, int | None], int] = {}
        self._pending = False
        self._widths: dict[str, int] = {}
        rows = table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        table.horizontalHeader().sectionResized.connect(self._on_column_resized)
        model = table.model()
        for changed in (model.modelReset, model.rowsInserted, model.dataChanged):
            changed.connect(self.fit_later)
        table.installEventFilter(self)  # its font or style sheet changing

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._heights.clear()
            self._widths.clear()
            self.fit_later()
        return False

    @Slot(int, int, int)
    def _on_column_resized(self, column: int, _old: int, _new: int) -> None:
        if column in self.columns:
            self.fit_later()

    @property
    def pending(self) -> bool:
        """Whether a fitting is waiting for the next round of events."""
        return self._pending

    @Slot()
    def fit_later(self) -> None:  # (a slot: model signals carry arguments it ignores)
        if not self._pending:
            self._pending = True
            QTimer.singleShot(0, self, self.fit)

    @Slot()
    def fit(self) -> None:
        """Set every row's height from its texts (those measured before are not again)."""
        self._pending = False
        table = self.table
        model: Any = table.model()
        rows = table.verticalHeader()
        grid = 1 if table.showGrid() else 0
        # As QTableView.sizeHintForRow: a wrapped cell is measured a grid line narrower
        # and the row is a grid line higher.
        widths = [
            (column, table.columnWidth(column) - grid)
            for column in self.columns
            if not table.isColumnHidden(column)
        ]
        # The other columns hold one line each.
        lowest = max(rows.minimumSectionSize(), self.height("Mg", None) + grid)
        if len(self._heights) > MEASURES_KEPT:
            self._heights.clear()
        if len(self._widths) > MEASURES_KEPT:
            self._widths.clear()
        for row in range(model.rowCount()):
            texts = model.texts(row)
            height = lowest
            for column, width in widths:
                height = max(height, self.height(texts[column], width) + grid)
            if rows.sectionSize(row) != height:
                rows.resizeSection(row, height)

    def widest(self, column: int) -> int:
        """The width ``column``'s texts ask for on one line (as ``sizeHintForColumn``),
        each distinct text measured once."""
        model: Any = self.table.model()
        grid = 1 if self.table.showGrid() else 0
        widths = self._widths
        widest = 0
        for row in range(model.rowCount()):
            text = model.texts(row)[column]
            width = widths.get(text)
            if width is None:
                width = widths[text] = self.size(text).width()
            widest = max(widest, width)
        return widest + grid

    def height(self, text: str, width: int | None) -> int:
        """The height the table's delegate asks for ``text`` in a column ``width`` wide
        (``None``: on one line)."""
        key = (text, width)
        height = self._heights.get(key)
        if height is None:
            height = self.size(text, width).height()
            self._heights[key] = height
        return height

    def size(self, text: str, width: int | None = None) -> QSize:
        """What the delegate asks for ``text``: wrapped in ``width`` (the table wrapping)
        or on one line (``None``)."""
        table = self.table
        option = QStyleOptionViewItem()
        option.initFrom(table)
        option.state = option.state & ~(
            QStyle.StateFlag.State_MouseOver | QStyle.StateFlag.State_HasFocus
        )
        if not table.hasFocus():
            option.state = option.state & ~QStyle.StateFlag.State_Active
        option.font = table.font()
        option.fontMetrics = QFontMetrics(option.font)
        option.decorationPosition = QStyleOptionViewItem.Position.Left
        option.displayAlignment = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        option.textElideMode = table.textElideMode()
        option.features = QStyleOptionViewItem.ViewItemFeature.HasDisplay
        if table.wordWrap():
            option.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
        option.locale = table.locale()
        option.widget = table
        option.text = text
        option.rect = QRect(0, 0, width, 1) if width is not None else QRect()
        style = table.style()
        return style.sizeFromContents(QStyle.ContentsType.CT_ItemViewItem, option, QSize(), table)
