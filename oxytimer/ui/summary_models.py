"""The table model of the Summary tab (checked with pytest-qt's qtmodeltester)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex

_GLOSS = re.compile(r"^(\S.*?) (\([^()]*\))$")
"""A text ending in a parenthesised gloss: "Mean Rank (rata-rata peringkat)"."""


def two_lines(text: str) -> str:
    """``text`` with a closing parenthesised gloss moved onto a second line.

    "Mean Rank (rata-rata peringkat)" becomes "Mean Rank\n(rata-rata peringkat)"; a text
    without one is returned unchanged.
    """
    match = _GLOSS.match(text)
    return f"{match[1]}\n{match[2]}" if match else text


class GridModel(QAbstractTableModel):
    """A read-only grid of already formatted texts with column and row headers.

    Cells are strings (formatted for the current language); the first column can be left
    aligned (a label) and the others right aligned (figures), as in SPSS's output. With
    ``gloss_lines``, headers and labels ending in a parenthesised gloss show it on a second
    line (narrower columns); their tooltip and accessible text keep the one-line text.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._headers: list[str] = []
        self._row_headers: list[str] = []
        self._rows: list[list[str]] = []
        self._label_columns = 1
        self._gloss_lines = False

    def set_grid(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        *,
        row_headers: Sequence[str] = (),
        label_columns: int = 1,
        gloss_lines: bool = False,
    ) -> None:
        """Replace the whole grid.

        Args:
            headers: Column headers.
            rows: One list of texts per row, each as long as ``headers``.
            row_headers: Optional vertical headers.
            label_columns: How many leading columns are labels (left aligned).
            gloss_lines: Show a closing "(gloss)" of a header or label on a second line.
        """
        width = len(headers)
        if any(len(r) != width for r in rows):
            raise ValueError("every row needs one text per column")
        self.beginResetModel()
        self._headers = list(headers)
        self._rows = [list(r) for r in rows]
        self._row_headers = list(row_headers)
        self._label_columns = label_columns
        self._gloss_lines = gloss_lines
        self.endResetModel()

    def cell(self, row: int, column: int) -> str:
        """The text of one cell."""
        return self._rows[row][column]

    def headers(self) -> list[str]:
        """The column headers."""
        return list(self._headers)

    def rows(self) -> list[list[str]]:
        """Every row's texts."""
        return [list(r) for r in self._rows]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (
            0 <= index.row() < len(self._rows) and 0 <= index.column() < len(self._headers)
        ):
            return None
        text = self._rows[index.row()][index.column()]
        wraps = self._gloss_lines and index.column() < self._label_columns
        if role == Qt.ItemDataRole.DisplayRole:
            return two_lines(text) if wraps else text
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            return text if wraps and two_lines(text) != text else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = (
                Qt.AlignmentFlag.AlignLeft
                if index.column() < self._label_columns
                else Qt.AlignmentFlag.AlignRight
            )
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._headers):
            text = self._headers[section]
            shown = two_lines(text) if self._gloss_lines else text
            if role == Qt.ItemDataRole.DisplayRole:
                return shown
            if role == Qt.ItemDataRole.ToolTipRole:
                return text if shown != text else None
            return None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return self._row_headers[section] if section < len(self._row_headers) else None
        return None

    def to_html(self, caption: str = "") -> str:
        """The grid as an HTML table (for the PDF report)."""
        from html import escape

        parts = ['<table border="1" cellspacing="0" cellpadding="3" width="100%">']
        if caption:
            parts.append(f"<caption><b>{escape(caption)}</b></caption>")
        parts.append(
            "<tr>" + "".join(f'<th bgcolor="#e8eef4">{escape(h)}</th>' for h in self._headers)
        )
        for row in self._rows:
            cells = []
            for i, text in enumerate(row):
                align = "left" if i < self._label_columns else "right"
                cells.append(f'<td align="{align}">{escape(text)}</td>')
            parts.append("<tr>" + "".join(cells) + "</tr>")
        parts.append("</table>")
        return "".join(parts)
