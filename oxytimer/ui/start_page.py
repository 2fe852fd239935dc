"""The bedside screen's start page: the mothers, who gives the massage, what is due today,
the sessions waiting for a post-score; and the keys every bedside page answers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QModelIndex,
    Qt,
    QTimer,
    Slot,
)
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from oxytimer.storage.repository import Mother
from oxytimer.ui.labels import (
    caregiver_choices,
)
from oxytimer.ui.models import PageByPageModel
from oxytimer.ui.site_names import SiteNames
from oxytimer.ui.widgets import (
    ChoiceButtons,
    ErrorLabel,
    WholeList,
    WrapGridLayout,
    page_title,
    read_only_table,
)

if TYPE_CHECKING:
    from pathlib import Path

    from oxytimer.ui.first_start import FirstStartPanel

    # The first-start screen's facts: the laptop's tag, the puskesmas' names, the file.
    FirstStartFacts = tuple[str | None, list[str], Path | None]


class StartPage(QWidget):
    """Choose or add a mother, choose the caregiver; open sessions waiting for a post-score."""

    def __init__(self, parent: QWidget | None = None, sites: SiteNames | None = None) -> None:
        super().__init__(parent)
        self.sites = sites
        # The enrolled mothers a page at a time, searched in SQL (set_fetch below): a
        # district's merged database holds thousands.
        self.mothers_model: PageByPageModel[Mother] = PageByPageModel(
            [
                (lambda: self.tr("Study code"), lambda m: m.study_code),
                (lambda: self.tr("Puskesmas"), self._site_text),
            ],
            self,
        )
        if sites is not None:
            self.mothers_model.set_tooltip(1, lambda m: sites.full(m.site_code))
        self.locate: Callable[[str], Mother | None] = lambda _mother_id: None
        """An enrolled mother by id (set by the screen), for one not in the rows read."""

        self.title = page_title(self.tr("Oxytocin massage"), self)
        self.notice = ErrorLabel(self)
        self.notice.setObjectName("notice")
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search study code"))
        self.search.setAccessibleName(self.tr("Search study code"))
        self.mothers_view = read_only_table(
            QTableView(self), self.mothers_model, self.tr("Mothers"), columns=None
        )
        # The study code (and its heading) whole; the puskesmas takes the room left.
        header = self.mothers_view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setResizeContentsPrecision(0)  # sized to the rows in view, not every row read

        # New mothers are screened and enrolled (with consent) in the Registry; this
        # button takes the midwife there and brings her back with the mother chosen.
        self.enrol_button = QPushButton(self.tr("Enrol a new mother…"), self)
        self.enrol_button.setAccessibleName(self.tr("Enrol a new mother"))

        # The right column scrolls rather than overlap on a short screen (1024x600); its
        # widgets are made in it (under the app's style sheet a move restyles a widget).
        right_scroll = QScrollArea(self)
        self.right_panel = QWidget(right_scroll.viewport())
        panel = self.right_panel
        self.saved_label = QLabel(panel)  # "Saved: 1 → 5, Kurang → Cukup" until the next action
        self.saved_label.setObjectName("confirmation")
        self.saved_label.setWordWrap(True)
        self.saved_label.setAccessibleName(self.tr("Saved"))
        self.saved_label.hide()
        self.selected_label = QLabel(panel)
        self.selected_label.setObjectName("selectedMother")
        self.selected_label.setWordWrap(True)
        self.today_label = QLabel(panel)
        self.today_label.setObjectName("todayStatus")
        self.today_label.setWordWrap(True)
        self.caregiver_label = QLabel(self.tr("Who gives the massage?"), panel)
        self.caregiver_label.setObjectName("question")
        self.caregiver = ChoiceButtons(caregiver_choices(), panel, wrap=True)  # 2 × 2 if narrow
        self.caregiver.setAccessibleName(self.tr("Who gives the massage?"))
        self.next_button = QPushButton(self.tr("Next: score before massage"), panel)
        self.next_button.setObjectName("primary")
        self.next_button.setAccessibleName(self.tr("Next: score before massage"))
        self.next_button.setDefault(True)
        self.start_error = ErrorLabel(panel, reserve=True)  # above Next: nothing moves

        self.first_start: FirstStartPanel | None = None  # built for an empty database
        self._right_layout: QVBoxLayout | None = None

        self.open_box = QGroupBox(self.tr("Unfinished sessions"), panel)
        # Every waiting session shown (the right column scrolls when they are many).
        self.open_list = WholeList(self.open_box)
        self.open_list.setAccessibleName(self.tr("Unfinished sessions"))
        self.open_list.setWordWrap(True)
        self.resume_button = QPushButton(self.tr("Resume massage"), self.open_box)
        self.resume_button.setAccessibleName(self.tr("Resume the interrupted massage"))
        self.record_post_button = QPushButton(self.tr("Record post-score"), self.open_box)
        self.record_post_button.setAccessibleName(self.tr("Record post-score"))
        self.close_incomplete_button = QPushButton(self.tr("Close as incomplete"), self.open_box)
        self.close_incomplete_button.setAccessibleName(self.tr("Close as incomplete"))
        open_buttons = WrapGridLayout()  # one above the other when the column is narrow
        open_buttons.addWidget(self.resume_button)
        open_buttons.addWidget(self.record_post_button)
        open_buttons.addWidget(self.close_incomplete_button)
        open_layout = QVBoxLayout(self.open_box)
        open_layout.addWidget(self.open_list)
        open_layout.addLayout(open_buttons)

        left = QVBoxLayout()
        left.addWidget(self.title)
        left.addWidget(self.search)
        left.addWidget(self.mothers_view, 1)
        left.addWidget(self.enrol_button)
        right = QVBoxLayout(self.right_panel)
        right.setContentsMargins(0, 0, 0, 0)
        right.setAlignment(Qt.AlignmentFlag.AlignTop)
        right.addWidget(self.selected_label)
        right.addWidget(self.today_label)
        right.addWidget(self.caregiver_label)
        right.addWidget(self.caregiver)
        right.addWidget(self.start_error)
        right.addWidget(self.next_button)
        # Under Next: in view whenever Next is, however the column is scrolled.
        right.addWidget(self.saved_label)
        right.addWidget(self.open_box)
        right.addStretch(1)
        self._right_layout = right
        right_scroll.setWidgetResizable(True)
        right_scroll.setFrameShape(QFrame.Shape.NoFrame)
        right_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        right_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the controls
        right_scroll.setWidget(self.right_panel)
        self.right_scroll = right_scroll
        # On a short screen the waiting sessions' buttons are what the midwife needs next:
        # once the column is laid out taller than the screen, it is scrolled to show them
        # whole, as far as the Next button above stays in view (the mother's line scrolls
        # first).
        right_scroll.verticalScrollBar().rangeChanged.connect(self._show_open_box)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addWidget(right_scroll, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addLayout(columns, 1)
        self.search.textChanged.connect(self._on_search_text_changed)
        self.mothers_model.modelReset.connect(self._keep_columns_whole)
        self.mothers_model.rowsInserted.connect(self._keep_columns_whole)
        # From the keyboard, the row with the cursor is the chosen one (Tab into the table
        # puts the cursor on the first row without choosing it).
        self.mothers_view.selectionModel().currentRowChanged.connect(self._on_current_row_changed)

    def _site_text(self, mother: Mother) -> str:
        return self.sites.name(mother.site_code) if self.sites is not None else mother.site_code

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._keep_columns_whole()
        super().resizeEvent(event)

    @Slot()
    def _keep_columns_whole(self) -> None:
        # The mothers' column keeps both headings and the puskesmas names whole (large
        # text): the right column, which wraps and scrolls, gives the width.
        header = self.mothers_view.horizontalHeader()
        view = self.mothers_view
        needed = (
            # Headings and names whole ("Dasan Agung" and "Dasan Cermen" are not "Dasan …").
            sum(
                max(header.sectionSizeHint(c), view.sizeHintForColumn(c))
                for c in range(header.count())
            )
            + 2 * self.mothers_view.frameWidth()
            + self.mothers_view.verticalScrollBar().sizeHint().width()
        )
        # ... as far as the right column keeps its own minimum (its Next button whole).
        room = (
            self.width()
            - self.right_scroll.minimumSizeHint().width()
            - self.right_panel.minimumSizeHint().width()
            - self.right_scroll.verticalScrollBar().sizeHint().width()
            - 4 * self.layout().spacing()
        )
        headings = (
            sum(header.sectionSizeHint(c) for c in range(header.count()))
            + 2 * view.frameWidth()
            + view.verticalScrollBar().sizeHint().width()
        )
        needed = max(min(needed, room), headings)
        if self.mothers_view.minimumWidth() != needed:
            self.mothers_view.setMinimumWidth(needed)

    @Slot(int, int)
    def _show_open_box(self, _minimum: int, _maximum: int) -> None:
        self._scroll_to_open_box()
        # And again once the column is laid out (the range can change before widgets move).
        QTimer.singleShot(0, self, self._scroll_to_open_box)

    @Slot()
    def _scroll_to_open_box(self) -> None:
        if not self.open_box.isVisibleTo(self):
            return
        # As far down as the box's bottom needs, never past the Next button's top.
        bar = self.right_scroll.verticalScrollBar()
        box = self.open_box.geometry()
        wanted = box.bottom() + 1 - self.right_scroll.viewport().height()
        bar.setValue(max(0, min(wanted, self.next_button.geometry().top())))

    @Slot(QModelIndex, QModelIndex)
    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and not self.mothers_view.selectionModel().isRowSelected(
            current.row(), QModelIndex()
        ):
            self.mothers_view.selectRow(current.row())

    @Slot(str)
    def _on_search_text_changed(self, _text: str) -> None:
        self.mothers_model.reload(keep_shown=False)

    def search_text(self) -> str:
        return self.search.text()

    def show_first_start(self, facts: FirstStartFacts | None) -> None:
        """What to do first (``facts``: the database holds no mother yet), in place of
        the choice of caregiver; None: the usual page."""
        if facts is None and self.first_start is None:
            return
        if self.first_start is None:
            from oxytimer.ui.first_start import FirstStartPanel  # an empty database only

            self.first_start = FirstStartPanel(self.right_panel)
            assert self._right_layout is not None
            self._right_layout.insertWidget(0, self.first_start)
            self.first_start.enrol_requested.connect(self.enrol_button.click)
        if facts is not None:
            self.first_start.show_facts(*facts)
        self.first_start.setVisible(facts is not None)
        for widget in (
            self.selected_label,
            self.today_label,
            self.caregiver_label,
            self.caregiver,
            self.next_button,
        ):
            widget.setVisible(facts is None)

    def selected_mother(self) -> Mother | None:
        rows = self.mothers_view.selectionModel().selectedRows()
        if not rows:
            return None
        return self.mothers_model.record(rows[0].row())

    def select_mother(self, mother_id: str) -> None:
        """Choose her in the list; one not among the rows read is searched for by her
        study code (if she is enrolled)."""
        if self._select_shown(mother_id):
            return
        mother = self.locate(mother_id)
        if mother is not None:
            self.search.setText(mother.study_code)  # (reads the list again)
            self._select_shown(mother_id)

    def _select_shown(self, mother_id: str) -> bool:
        for row, mother in enumerate(self.mothers_model.records()):
            if mother.id == mother_id:
                self.mothers_view.selectRow(row)
                return True
        return False


def _page_shortcuts(
    page: QWidget,
    enter: Callable[[], None],
    *,
    space: Callable[[], None] | None = None,
    escape: Callable[[], None] | None = None,
) -> None:
    """Keys that work anywhere on ``page``: Enter/Return, and Space and Esc if given."""
    keys: list[tuple[Qt.Key, Callable[[], None]]] = [
        (Qt.Key.Key_Return, enter),
        (Qt.Key.Key_Enter, enter),
    ]
    if space is not None:
        keys.append((Qt.Key.Key_Space, space))
    if escape is not None:
        keys.append((Qt.Key.Key_Escape, escape))
    for key, slot in keys:
        shortcut = QShortcut(QKeySequence(key), page)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)
