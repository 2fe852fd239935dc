"""Small reusable widgets: the instrument form, big choice buttons, field error labels."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QMargins,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLayoutItem,
    QListWidget,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QStyleOptionViewItem,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from oxytimer.domain.instrument import Instrument, Score


def tab_home(tabs: QTabWidget) -> QWidget:
    """Where ``tabs`` keeps its pages: a page made there is not moved when it becomes a
    tab (under the app's style sheet a move restyles every widget it holds)."""
    return tabs.findChild(QStackedWidget, options=Qt.FindChildOption.FindDirectChildrenOnly) or tabs


def page_title(text: str, parent: QWidget) -> QLabel:
    """A page's heading (styled by the theme as ``pageTitle``)."""
    label = QLabel(text, parent)
    label.setObjectName("pageTitle")
    label.setWordWrap(True)
    return label


class ErrorLabel(QLabel):
    """A message shown next to a field; hidden when empty.

    With ``reserve``, the room of one line is kept while it is hidden (next to buttons:
    an error that appears moves nothing), and so is the room a longer message took, until
    :meth:`release`.
    """

    def __init__(self, parent: QWidget | None = None, *, reserve: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("fieldError")
        self.setWordWrap(True)
        self.setAccessibleName(self.tr("Error message"))
        self.reserve = False
        if reserve:
            self.reserve_room()
        self.hide()

    def reserve_room(self) -> None:
        """Keep the room of one line (or of the last message) while hidden."""
        self.reserve = True
        policy = self.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.setSizePolicy(policy)

    def show_message(self, text: str) -> None:
        if self.reserve and not text and self.text() and self.isVisible():
            self.setMinimumHeight(self.height())  # the room it took stays
        self.setText(text)
        self.setVisible(bool(text))

    def release(self) -> None:
        """Give back the room a longer message took (the page is shown afresh)."""
        self.setMinimumHeight(0)

    def _one_line(self, hint: QSize) -> QSize:
        if not self.reserve:
            return hint
        m = self.contentsMargins()
        metrics = self.fontMetrics()
        # At least what one line of text takes (a couple of pixels to spare: nothing moves).
        line = max(metrics.lineSpacing(), metrics.height()) + 2
        line += m.top() + m.bottom() + 2 * self.margin()
        return QSize(hint.width(), max(hint.height(), line))

    def sizeHint(self) -> QSize:
        return self._one_line(super().sizeHint())

    def minimumSizeHint(self) -> QSize:
        return self._one_line(super().minimumSizeHint())

    def heightForWidth(self, width: int) -> int:
        return self._one_line(QSize(width, super().heightForWidth(width))).height()


def read_only_table(
    table: QTableView,
    model: QAbstractItemModel,
    name: str = "",
    *,
    columns: QHeaderView.ResizeMode | None = QHeaderView.ResizeMode.ResizeToContents,
    pick_rows: bool = True,
) -> QTableView:
    """Set ``table`` up to show ``model``, read-only, and return it.

    Tab leaves the table (else keyboard users are trapped in it); no row numbers; ``name``
    (if any) is its accessible name; ``columns`` (if any) sizes every column; with
    ``pick_rows``, one whole row is chosen at a time.
    """
    table.setTabKeyNavigation(False)
    table.setModel(model)
    if pick_rows:
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    if columns is not None:
        table.horizontalHeader().setSectionResizeMode(columns)
    table.verticalHeader().hide()
    if name:
        table.setAccessibleName(name)
    return table


def keep_headings_whole(table: QTableView) -> None:
    """Give ``table`` at least the width its column headings need (call when the font
    may have changed: on resize)."""
    header = table.horizontalHeader()
    needed = (
        sum(_section_needs(table, header, c) for c in range(header.count()))
        + 2 * table.frameWidth()
        + table.verticalScrollBar().sizeHint().width()
        + 12
    )
    if table.minimumWidth() != needed:
        table.setMinimumWidth(needed)


def _section_needs(table: QTableView, header: QHeaderView, column: int) -> int:
    if header.isSectionHidden(column):
        return 0
    hint = header.sectionSizeHint(column)
    if header.sectionResizeMode(column) == QHeaderView.ResizeMode.Stretch:
        return hint
    return max(hint, table.sizeHintForColumn(column))  # sized to its values


class WholeList(QListWidget):
    """A list that shows all its rows (it grows with them) and never scrolls itself: on a
    page that scrolls, one scroll bar is enough.

    Its height is measured from its rows, wrapped at its width (not read back from its own
    scroll range, which lags behind the layout), so a layout asking twice gets one answer.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self._heights: dict[int, int] = {}  # the rows' height by width, until they change
        model = self.model()
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset, model.dataChanged):
            signal.connect(self._on_rows_changed)

    @Slot()
    def _on_rows_changed(self) -> None:
        self._heights.clear()
        self.updateGeometry()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._heights.clear()  # (the text size or the style sheet changed)
        super().changeEvent(event)

    def setWordWrap(self, on: bool) -> None:
        self._heights.clear()
        super().setWordWrap(on)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            # The rows wrap anew at the new width. Told after this resize, not during it:
            # the layout that is setting this size would not hear it.
            QTimer.singleShot(0, self, self.updateGeometry)

    def rows_height(self, width: int) -> int:
        """The height of every row, wrapped at ``width`` (the rows' area).

        Kept until the rows change: a layout asks several times, and each answer measured
        every row in Python (255 waiting sessions on a district's database: seconds)."""
        known = self._heights.get(width)
        if known is not None:
            return known
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        option.rect = QRect(0, 0, max(width, 1), option.fontMetrics.height())
        delegate = self.itemDelegate()
        model = self.model()
        spacing = 2 * self.spacing()
        height = sum(
            delegate.sizeHint(option, model.index(row, 0)).height() + spacing
            for row in range(self.count())
        )
        self._heights[width] = height
        return height

    def sizeHint(self) -> QSize:
        frame = 2 * self.frameWidth()
        rows = self.rows_height(self.width() - frame)
        empty = self.fontMetrics().height() + 8
        return QSize(super().sizeHint().width(), max(rows, empty) + frame)

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), self.sizeHint().height())


class WrapGridLayout(QLayout):
    """Items side by side in equal columns, wrapped onto more rows when the width is short.

    Four items go 4 × 1, then 2 × 2, then 1 × 4: as many columns as fit the widest item's
    size hint, with the rows kept even. When equal columns do not fit but columns each as
    wide as their own items do, those are used (one long label then costs no extra row);
    the room left is shared equally. The minimum size is one column, so a narrow window
    shrinks the layout instead of cutting it.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        # Kept until invalidate(), like Qt's own layouts.
        self._cell_size: QSize | None = None
        self._item_widths: list[int] | None = None

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)
        self.invalidate()

    def invalidate(self) -> None:
        self._cell_size = None
        self._item_widths = None
        super().invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        if not 0 <= index < len(self._items):
            return None
        self.invalidate()
        return self._items.pop(index)

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation.Horizontal

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def _gap(self) -> int:
        return max(self.spacing(), 0)

    def _shown(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]  # hidden ones take no room

    def _cell(self) -> QSize:
        if self._cell_size is None:
            size = QSize(0, 0)
            for item in self._shown():
                size = size.expandedTo(item.sizeHint()).expandedTo(item.minimumSize())
            self._cell_size = size
        return QSize(self._cell_size)

    def _widths(self) -> list[int]:
        if self._item_widths is None:
            self._item_widths = [
                max(item.sizeHint().width(), item.minimumSize().width()) for item in self._shown()
            ]
        return self._item_widths

    def _columns(self, width: int) -> list[float]:
        """The widths of the columns that fit ``width`` (their gaps left out)."""
        widths, cell, gap = self._widths(), self._cell(), self._gap()
        count = len(widths)
        for rows in range(1, count + 1):
            columns = -(-count // rows)  # ceil: rows kept even (4 → 4, 2, 2, 1)
            room = width - (columns - 1) * gap
            if columns * cell.width() <= room:
                return [room / columns] * columns
            # Items are placed row by row, so column c holds items c, c + columns, ...
            needed = [max(widths[column::columns]) for column in range(columns)]
            if sum(needed) <= room:
                extra = (room - sum(needed)) / columns
                return [n + extra for n in needed]
        return [float(max(width, 0))]

    def _margins(self) -> QMargins:
        return self.contentsMargins()

    def sizeHint(self) -> QSize:
        count, cell, gap, m = len(self._shown()), self._cell(), self._gap(), self._margins()
        width = count * cell.width() + max(count - 1, 0) * gap
        return QSize(width + m.left() + m.right(), cell.height() + m.top() + m.bottom())

    def minimumSize(self) -> QSize:
        cell, m = self._cell(), self._margins()
        return QSize(cell.width() + m.left() + m.right(), cell.height() + m.top() + m.bottom())

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        """Place the items in ``rect`` (if ``move``); the height they take."""
        shown = self._shown()
        if not shown:
            return 0
        m = self._margins()
        inner = rect.marginsRemoved(m)
        gap, cell = self._gap(), self._cell()
        widths = self._columns(inner.width())
        columns = len(widths)
        rows = -(-len(shown) // columns)
        if move:
            lefts = [sum(widths[:column]) + column * gap for column in range(columns)]
            for index, item in enumerate(shown):
                row, column = divmod(index, columns)
                x = inner.x() + round(lefts[column])
                right = inner.x() + round(lefts[column] + widths[column])
                y = inner.y() + row * (cell.height() + gap)
                item.setGeometry(QRect(QPoint(x, y), QSize(right - x, cell.height())))
        return rows * cell.height() + (rows - 1) * gap + m.top() + m.bottom()


class ChoiceButton(QPushButton):
    """A checkable button wide enough for its text in bold (the checked look)."""

    def _bold_extra(self) -> int:
        bold = QFont(self.font())
        bold.setBold(True)
        text = self.text().replace("&&", "&")
        return max(
            QFontMetrics(bold).horizontalAdvance(text) - self.fontMetrics().horizontalAdvance(text),
            0,
        )

    def sizeHint(self) -> QSize:
        return super().sizeHint() + QSize(self._bold_extra(), 0)

    def minimumSizeHint(self) -> QSize:
        return super().minimumSizeHint() + QSize(self._bold_extra(), 0)


class ChoiceButtons(QWidget):
    """A row of large, checkable buttons of which one is chosen.

    With ``wrap``, the buttons go onto two rows (or more) when the row is too narrow.

    Signals:
        choice_changed(str): the value of the chosen button.
    """

    choice_changed = Signal(str)

    def __init__(
        self,
        choices: Sequence[tuple[str, str]],
        parent: QWidget | None = None,
        *,
        wrap: bool = False,
    ) -> None:
        super().__init__(parent)
        layout: QLayout = WrapGridLayout(self) if wrap else QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[str, QPushButton] = {}
        for value, label in choices:
            button = ChoiceButton(label, self)
            button.setCheckable(True)
            button.setObjectName("choice")
            button.setMinimumHeight(48)
            button.setAccessibleName(label)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self.group.addButton(button)
            self.buttons[value] = button
            layout.addWidget(button)
            button.toggled.connect(self._on_button_toggled)

    def value(self) -> str | None:
        for value, button in self.buttons.items():
            if button.isChecked():
                return value
        return None

    def set_value(self, value: str | None) -> None:
        if value is None:
            self.group.setExclusive(False)
            for button in self.buttons.values():
                button.setChecked(False)
            self.group.setExclusive(True)
        else:
            self.buttons[value].setChecked(True)

    def set_label(self, value: str, label: str) -> None:
        self.buttons[value].setText(label)
        self.buttons[value].setAccessibleName(label)

    @Slot(bool)
    def _on_button_toggled(self, checked: bool) -> None:
        if checked:
            chosen = self.value()
            if chosen is not None:
                self.choice_changed.emit(chosen)


class InstrumentForm(QWidget):
    """The milk-expression checklist: each item answered Yes or No, total shown live.

    Every item needs an explicit answer (no default "No"), so an item the user skipped is
    never scored as absent.

    Signals:
        score_changed(): the answers changed; :meth:`score` is None until all are answered.
    """

    score_changed = Signal()

    def __init__(self, instrument: Instrument, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.instrument = instrument
        self.lang = lang
        self._rows: dict[str, ChoiceButtons] = {}
        self._item_labels: dict[str, QLabel] = {}
        self._marking = False  # unanswered questions are marked once a save was refused
        layout = QVBoxLayout(self)
        grid = QGridLayout()
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        for row, item in enumerate(instrument.items):
            label = QLabel(f"{row + 1}. {item.text.get(lang)}", self)
            label.setWordWrap(True)
            label.setObjectName("itemText")
            choice = ChoiceButtons([("yes", self.tr("Yes")), ("no", self.tr("No"))], self)
            choice.setAccessibleName(item.text.get(lang))
            choice.choice_changed.connect(self._on_choice_changed)
            grid.addWidget(label, row, 0)
            grid.addWidget(choice, row, 1)
            self._rows[item.id] = choice
            self._item_labels[item.id] = label
        layout.addLayout(grid)
        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        layout.addWidget(line)
        self.total_label = QLabel(self)
        self.total_label.setObjectName("scoreTotal")
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.total_label)
        self._update_total()

    def answers(self) -> dict[str, bool | None]:
        out: dict[str, bool | None] = {}
        for item_id, choice in self._rows.items():
            value = choice.value()
            out[item_id] = None if value is None else value == "yes"
        return out

    def set_answers(self, answers: dict[str, bool]) -> None:
        for item_id, value in answers.items():
            self._rows[item_id].set_value("yes" if value else "no")
        self._update_total()

    def unanswered(self) -> list[str]:
        return [item_id for item_id, value in self.answers().items() if value is None]

    def score(self) -> Score | None:
        answers = self.answers()
        if any(v is None for v in answers.values()):
            return None
        return self.instrument.score({k: bool(v) for k, v in answers.items()})

    def reset(self) -> None:
        for choice in self._rows.values():
            choice.set_value(None)
        self._marking = False
        self._update_total()
        self._update_marks()

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self._update_marks()
        self._update_total()

    def mark_unanswered(self) -> None:
        """Mark every unanswered question (a save was refused); marks go as answers come."""
        self._marking = True
        self._update_marks()
        first = next(iter(self.unanswered()), None)
        if first is not None:
            self._rows[first].setFocus()

    def marked(self) -> list[str]:
        """The ids of the questions marked as unanswered."""
        return [i for i, label in self._item_labels.items() if label.property("unanswered")]

    def _update_marks(self) -> None:
        missing = set(self.unanswered()) if self._marking else set()
        for row, item in enumerate(self.instrument.items):
            label = self._item_labels[item.id]
            text = f"{row + 1}. {item.text.get(self.lang)}"
            if item.id in missing:
                text = "⚠ " + text + "\n" + self.tr("(not answered yet)")
            label.setText(text)
            label.setProperty("unanswered", item.id in missing)
            label.setStyleSheet("color: #b00020; font-weight: bold;" if item.id in missing else "")
            self._rows[item.id].setAccessibleName(
                item.text.get(self.lang)
                + (" — " + self.tr("not answered yet") if item.id in missing else "")
            )

    def choice_widget(self, item_id: str) -> ChoiceButtons:
        return self._rows[item_id]

    @Slot(str)
    def _on_choice_changed(self, _value: str) -> None:
        self._update_total()
        if self._marking:
            self._update_marks()
        self.score_changed.emit()

    def _update_total(self) -> None:
        score = self.score()
        if score is None:
            missing = len(self.unanswered())
            self.total_label.setText(
                self.tr("Answer every question ({missing} left)").format(missing=missing)
            )
            return
        if not self.instrument.categories:  # a session check: a total, no bands
            self.total_label.setText(
                self.tr("Score {total} of {max}").format(
                    total=score.total, max=self.instrument.max_total
                )
            )
            return
        category = self.instrument.category_for(score.total)
        self.total_label.setText(
            self.tr("Score {total} of {max} — {category}").format(
                total=score.total,
                max=self.instrument.max_total,
                category=category.label.get(self.lang),
            )
        )
