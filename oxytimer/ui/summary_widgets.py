"""The Summary's own widgets: tables exactly as large as their contents, combo boxes that
elide, a splitter that asks for no more height than it needs."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QPaintEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHeaderView,
    QSizePolicy,
    QSplitter,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QTableView,
    QWidget,
)

from oxytimer.ui.summary_models import GridModel
from oxytimer.ui.widgets import read_only_table

LABEL_MAX_WIDTH = 400
"""Width of a table's label column beyond which its texts wrap (pixels)."""


class WrappingHeader(QHeaderView):
    """Column headings that may wrap at their spaces when the table is short of width.

    With ``wrap`` set, a heading asks only for its longest word (and is as tall as its
    lines need at the width it gets: see :meth:`lines_height`).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.wrap = False
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)

    def _text(self, section: int) -> str:
        model = self.model()
        return "" if model is None else str(model.headerData(section, self.orientation()) or "")

    def _padding(self, section: int) -> QSize:
        """What Qt adds around the heading's text (margins, frame)."""
        size = super().sectionSizeFromContents(section)
        lines = self._text(section).split("\n")
        metrics = self.fontMetrics()
        text_width = max((metrics.horizontalAdvance(line) for line in lines), default=0)
        return QSize(size.width() - text_width, size.height() - len(lines) * metrics.height())

    def sectionSizeFromContents(self, logicalIndex: int) -> QSize:
        size = super().sectionSizeFromContents(logicalIndex)
        if not self.wrap:
            return size
        metrics = self.fontMetrics()
        words = self._text(logicalIndex).split()
        longest = max((metrics.horizontalAdvance(word) for word in words), default=0)
        return QSize(longest + self._padding(logicalIndex).width(), size.height())

    def lines_height(self) -> int:
        """The height the headings need at their sections' widths, wrapped."""
        metrics = self.fontMetrics()
        height = 0
        for section in range(self.count()):
            padding = self._padding(section)
            room = max(1, self.sectionSize(section) - padding.width())
            flags = int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
            text = metrics.boundingRect(0, 0, room, 100_000, flags, self._text(section))
            height = max(height, text.height() + padding.height())
        return height


class FitTable(QTableView):
    """A table exactly as large as its rows and columns: it never scrolls or cuts a cell.

    The columns take their contents' width (each at most ``LABEL_MAX_WIDTH``, its longer
    texts wrapping), and again when the font or style changes (the style sheet's font
    arrives when the table is first shown). When that is wider than the page
    (:meth:`set_max_width`: large text on a 1024-pixel screen), the headings wrap at
    their spaces and the widest columns give the rest, their texts wrapping: the page
    never scrolls sideways.
    """

    def __init__(self, model: GridModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHorizontalHeader(WrappingHeader(self))
        read_only_table(self, model, pick_rows=False, columns=QHeaderView.ResizeMode.Fixed)
        self.horizontalHeader().setStretchLastSection(False)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAlternatingRowColors(True)
        self.max_width: int | None = None
        model.modelReset.connect(self.fit)

    def set_max_width(self, width: int | None) -> None:
        """The widest the table may be (the page's width); None: as wide as it likes."""
        if width != self.max_width:
            self.max_width = width
            self.fit()

    def _columns_to_contents(self) -> int:
        """Size the columns to their contents, each at most ``LABEL_MAX_WIDTH``; the
        table's width."""
        model = self.model()
        self.resizeColumnsToContents()
        # Long labels wrap, and so does a note standing in a figure's cell (the interval's
        # "no pairs" reason): one long sentence would make the page wider than the screen.
        # Figures are far narrower than the cap and stay whole on one line.
        for column in range(model.columnCount()):
            if self.columnWidth(column) > LABEL_MAX_WIDTH:
                self.setColumnWidth(column, LABEL_MAX_WIDTH)
        return 2 * self.frameWidth() + sum(self.columnWidth(c) for c in range(model.columnCount()))

    def fit(self) -> None:
        """Size the columns to their contents, the rows to theirs, the table to both."""
        model = self.model()
        header = self.horizontalHeader()
        assert isinstance(header, WrappingHeader)
        header.wrap = False
        width = self._columns_to_contents()
        if self.max_width is not None and width > self.max_width:
            header.wrap = True
            width = self._columns_to_contents()
            narrowest = max(self.fontMetrics().averageCharWidth() * 8, 1)
            while width > self.max_width:
                widest = max(range(model.columnCount()), key=self.columnWidth)
                have = self.columnWidth(widest)
                give = min(width - self.max_width, have - narrowest)
                if give <= 0:
                    break  # as narrow as it can be: the page scrolls sideways
                self.setColumnWidth(widest, have - give)
                width -= give
        self.resizeRowsToContents()
        heading = header.sizeHint().height()
        if header.wrap:
            heading = max(heading, header.lines_height())
        header.setFixedHeight(heading)
        height = heading + 2 * self.frameWidth()
        height += sum(self.rowHeight(r) for r in range(model.rowCount()))
        if self.size() != QSize(width, height):
            self.setFixedSize(width, height)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.fit()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.fit()


class ElidingComboBox(QComboBox):
    """A combo box that ends a text too long for it with "…"; its tooltip has it whole."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.currentTextChanged.connect(self._update_tool_tip)

    def _shown(self, option: QStyleOptionComboBox) -> str:
        field = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox,
            option,
            QStyle.SubControl.SC_ComboBoxEditField,
            self,
        )
        return self.fontMetrics().elidedText(
            option.currentText, Qt.TextElideMode.ElideRight, field.width() - 2
        )

    def sizeHint(self) -> QSize:
        # Room for the longest choice, the style sheet's padding and the arrow included.
        hint = super().sizeHint()
        metrics = self.fontMetrics()
        longest = max(
            (metrics.horizontalAdvance(self.itemText(i)) for i in range(self.count())), default=0
        )
        return QSize(max(hint.width(), longest + 56), hint.height())

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def _update_tool_tip(self) -> None:
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        text = self.currentText()
        self.setToolTip(text if self._shown(option) != text else "")

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_tool_tip()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        option.currentText = self._shown(option)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)


class ShortSplitter(QSplitter):
    """A splitter that asks for no more height than its minimum.

    The tables would ask for their whole length, and the scrolled page would be as long
    as they are (they scroll on their own).
    """

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.minimumHeight())
