"""The bedside session: choose a mother, pre-score, the guided countdown, post-score.

Pages only lay out widgets; :class:`SessionScreen` wires them to the domain session, the
ticker and the repository. Every state change is committed before the screen moves on.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QModelIndex,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from oxytimer.domain.clock import Clock, parse_utc
from oxytimer.domain.data_files import DataFiles
from oxytimer.domain.records import InputError, MotherStatus, SessionStatus
from oxytimer.storage.repository import Mother, Repository, SessionRecord, StorageError
from oxytimer.ui.cues import Cue, CuePlayer
from oxytimer.ui.labels import (
    caregiver_choices,
    format_clock,
    format_datetime,
    session_state_text,
    slot_status_text,
)
from oxytimer.ui.messages import input_error_text, storage_error_text
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

# The countdown machinery (domain session, ticker) and the pages after the start page are
# imported when a massage begins, not at start-up.
if TYPE_CHECKING:
    from pathlib import Path

    from oxytimer.domain.instrument import Instrument
    from oxytimer.domain.protocol import MassageProtocol
    from oxytimer.domain.session import Event, MassageSession
    from oxytimer.ui.first_start import FirstStartPanel
    from oxytimer.ui.session_pages import (
        AssessmentPage,
        GuidedPage,
        PostScorePage,
        PreScorePage,
    )
    from oxytimer.ui.ticker import Ticker

    # The first-start screen's facts: the laptop's tag, the puskesmas' names, the file.
    FirstStartFacts = tuple[str | None, list[str], Path | None]

HEARTBEAT_EVERY_S = 5


@dataclass(frozen=True)
class _PendingState:
    """A session state change that could not be saved yet, kept to retry."""

    session_id: str
    status: str
    reason: str | None
    massage_seconds: float
    paused_seconds: float
    pause_count: int
    preparation_seconds: float | None = None


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

        self.saved_label = QLabel(self)  # "Saved: 1 → 5, Kurang → Cukup" until the next action
        self.saved_label.setObjectName("confirmation")
        self.saved_label.setWordWrap(True)
        self.saved_label.setAccessibleName(self.tr("Saved"))
        self.saved_label.hide()
        self.selected_label = QLabel(self)
        self.selected_label.setObjectName("selectedMother")
        self.selected_label.setWordWrap(True)
        self.today_label = QLabel(self)
        self.today_label.setObjectName("todayStatus")
        self.today_label.setWordWrap(True)
        self.caregiver_label = QLabel(self.tr("Who gives the massage?"), self)
        self.caregiver_label.setObjectName("question")
        self.caregiver = ChoiceButtons(caregiver_choices(), self, wrap=True)  # 2 × 2 if narrow
        self.caregiver.setAccessibleName(self.tr("Who gives the massage?"))
        self.next_button = QPushButton(self.tr("Next: score before massage"), self)
        self.next_button.setObjectName("primary")
        self.next_button.setAccessibleName(self.tr("Next: score before massage"))
        self.next_button.setDefault(True)
        self.start_error = ErrorLabel(self, reserve=True)  # above Next: nothing moves

        self.first_start: FirstStartPanel | None = None  # built for an empty database
        self._right_layout: QVBoxLayout | None = None

        self.open_box = QGroupBox(self.tr("Unfinished sessions"), self)
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
        # The right column scrolls rather than overlap on a short screen (1024x600).
        self.right_panel = QWidget(self)
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
        right_scroll = QScrollArea(self)
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


class SessionScreen(QStackedWidget):
    """The whole bedside flow.

    Signals:
        session_saved(str): a session row changed (its id); other screens refresh.
        enrolment_requested(): the user wants to enrol a new mother (Registry tab).
    """

    session_saved = Signal(str)
    enrolment_requested = Signal()

    def __init__(
        self,
        repo: Repository,
        data: DataFiles,
        clock: Clock,
        lang: str,
        cues: CuePlayer | None = None,
        ticker: Ticker | None = None,
        parent: QWidget | None = None,
        slot_hours: Mapping[str, tuple[int, int]] | None = None,
    ) -> None:
        super().__init__(parent)
        self._slot_hours = slot_hours
        self.repo = repo
        self.data = data
        self.clock = clock
        self.lang = lang
        self.cues = cues or CuePlayer(self)
        self._ticker = ticker
        self._ticker_connected = False
        self.session: MassageSession | None = None
        self.session_id: str | None = None
        self.post_session_id: str | None = None
        self._pending: _PendingState | None = None
        self._pending_notice = ""
        self._last_heartbeat = 0.0
        # The untimed steps around the countdown: where the caregiver is, and since when.
        self._phase = ""  # "preparation", "massage" or "finishing" while the page shows
        self._prep_index = 0
        self._prep_started = 0.0
        self._preparation_seconds: float | None = None
        # A resumed massage carries the pauses of its first part.
        self._carried_paused = 0.0
        self._carried_pauses = 0
        self._resume_candidate: str | None = None  # the chosen mother's, if resumable
        self._refreshing = False

        # Only the start page is built now (the window appears sooner); the score and
        # guided pages are built the first time they are needed (see the properties). A
        # window shrunk below what those pages need grows back when the first is built.
        self.sites = SiteNames(repo)
        self.start_page = StartPage(self, self.sites)
        self.addWidget(self.start_page)
        self.start_page.mothers_model.set_fetch(self._active_mothers)
        self.start_page.locate = self._enrolled_mother
        self._pre_page: PreScorePage | None = None
        self._guided_page: GuidedPage | None = None
        self._post_page: PostScorePage | None = None
        self._assessment_page: AssessmentPage | None = None
        self._assessment_due: str | None = None  # the chosen mother's, if one is due
        self._connect_signals()
        self.refresh()

    def _connect_signals(self) -> None:
        start = self.start_page
        self.currentChanged.connect(self._on_current_changed)
        start.enrol_button.clicked.connect(self.enrolment_requested)
        start.next_button.clicked.connect(self._on_next_button_clicked)
        start.mothers_view.selectionModel().selectionChanged.connect(self._on_mother_selected)
        start.record_post_button.clicked.connect(self._on_record_post_clicked)
        start.close_incomplete_button.clicked.connect(self._on_close_incomplete_clicked)
        start.resume_button.clicked.connect(self._on_resume_button_clicked)
        start.open_list.itemDoubleClicked.connect(self._on_record_post_clicked)
        _page_shortcuts(start, self._on_next_button_clicked)

    @property
    def slot_hours(self) -> Mapping[str, tuple[int, int]]:
        """The morning and evening slots (by default the schedule's)."""
        if self._slot_hours is None:
            from oxytimer.domain.schedule import DEFAULT_SLOT_HOURS

            self._slot_hours = DEFAULT_SLOT_HOURS
        return self._slot_hours

    @property
    def protocol(self) -> MassageProtocol:
        """The massage protocol (read when first needed)."""
        return self.data.protocol

    @property
    def instrument(self) -> Instrument:
        """The scoring instrument (read when first needed)."""
        return self.data.instrument

    @property
    def check(self) -> Instrument:
        """The session check: the instrument's items that can change within a session."""
        return self.data.instrument.session_check()

    @property
    def assessment_page(self) -> AssessmentPage:
        """The baseline/end assessment page (built the first time it is needed)."""
        if self._assessment_page is None:
            from oxytimer.ui.session_pages import AssessmentPage

            page = self._assessment_page = AssessmentPage(self.instrument, self.lang, self)
            self.addWidget(page)
            page.back_button.clicked.connect(self.show_start)
            page.save_button.clicked.connect(self._on_save_assessment_clicked)
            page.form.score_changed.connect(self._on_score_changed)
            _page_shortcuts(page, self._on_save_assessment_clicked)
        return self._assessment_page

    @property
    def ticker(self) -> Ticker:
        """The countdown's timer (made the first time it is needed, unless given)."""
        if self._ticker is None:
            from oxytimer.ui.ticker import Ticker

            self._ticker = Ticker(self)
        if not self._ticker_connected:
            self._ticker_connected = True
            ticker = self._ticker
            ticker.step_started.connect(self._on_ticker_step_started)
            ticker.second_changed.connect(self._on_ticker_second_changed)
            ticker.final_countdown_started.connect(self._on_ticker_final_countdown_started)
            ticker.session_finished.connect(self._on_ticker_session_finished)
            ticker.polled.connect(self._on_ticker_polled)
        return self._ticker

    @property
    def pre_page(self) -> PreScorePage:
        """The pre-score page (built the first time it is needed)."""
        if self._pre_page is None:
            from oxytimer.ui.session_pages import PreScorePage

            page = self._pre_page = PreScorePage(self.check, self.protocol, self.lang, self)
            self.addWidget(page)
            page.back_button.clicked.connect(self.show_start)
            page.start_button.clicked.connect(self._on_start_button_clicked)
            page.form.score_changed.connect(self._on_score_changed)
            _page_shortcuts(page, self._on_start_button_clicked)
        return self._pre_page

    @property
    def guided_page(self) -> GuidedPage:
        """The guided massage page (built the first time it is needed)."""
        if self._guided_page is None:
            from oxytimer.ui.session_pages import GuidedPage

            page = self._guided_page = GuidedPage(self)
            self.addWidget(page)
            page.pause_button.clicked.connect(self.toggle_pause)
            page.abort_button.clicked.connect(self._on_abort_button_clicked)
            page.done_button.clicked.connect(self._on_done_button_clicked)
            _page_shortcuts(
                page,
                self._on_done_button_clicked,
                space=self.toggle_pause,
                escape=self._on_abort_button_clicked,
            )
        return self._guided_page

    @property
    def post_page(self) -> PostScorePage:
        """The post-score page (built the first time it is needed)."""
        if self._post_page is None:
            from oxytimer.ui.session_pages import PostScorePage

            page = self._post_page = PostScorePage(self.check, self.lang, self)
            self.addWidget(page)
            page.save_button.clicked.connect(self._on_save_post_clicked)
            page.form.score_changed.connect(self._on_score_changed)
            page.later_button.clicked.connect(self._on_later_clicked)
            _page_shortcuts(page, self._on_save_post_clicked)
        return self._post_page

    @Slot()
    def _on_score_changed(self) -> None:
        """The "answer every question" error goes once every question is answered."""
        for page in (self._pre_page, self._post_page, self._assessment_page):
            if (
                page is not None
                and page.form.score() is not None
                and page.error.property("unanswered")
            ):
                page.error.setProperty("unanswered", False)
                page.error.show_message("")

    @Slot(int)
    def _on_current_changed(self, _index: int) -> None:
        """Keep the keyboard focus on the page shown, so that Tab/Space/Enter go on working."""
        page = self.currentWidget()
        focused = QApplication.focusWidget()
        if page is None or page is self._guided_page:
            return  # the guided page takes the focus itself (Space, Esc, Enter)
        if focused is not None and page.isAncestorOf(focused) and focused.isVisible():
            return
        widget = page.nextInFocusChain()
        while widget is not page:  # the first control in Tab order
            if (
                page.isAncestorOf(widget)
                and widget.isVisibleTo(page)
                and widget.isEnabled()
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            ):
                widget.setFocus(Qt.FocusReason.TabFocusReason)
                return
            widget = widget.nextInFocusChain()
        page.setFocus()

    # ---------------------------------------------------------------- start
    def refresh(self) -> None:
        """Reload mothers and open sessions from the database."""
        if self._pending is not None:
            self.retry_pending()
        start = self.start_page
        self.sites.reload()
        selected = start.selected_mother()
        self._refreshing = True  # re-choosing the same mother is not a user's action
        try:
            start.mothers_model.reload()  # the rows shown (a page or more), read again
            if selected is not None:
                start.select_mother(selected.id)
        finally:
            self._refreshing = False
        start.open_list.clear()
        waiting = self.repo.sessions_with_status(
            SessionStatus.AWAITING_POST, SessionStatus.INTERRUPTED
        )
        for record in waiting:
            item = QListWidgetItem(self._describe_open_session(record), start.open_list)
            item.setData(Qt.ItemDataRole.UserRole, record.id)
        start.open_box.setVisible(bool(waiting))
        start.resume_button.setVisible(any(r.status == SessionStatus.INTERRUPTED for r in waiting))
        self._update_today()
        self._show_first_start(bool(waiting))

    def _show_first_start(self, waiting: bool) -> None:
        """An empty database: what to do first (see ``ui/first_start.py``)."""
        from oxytimer.storage.first_start import holds_mothers
        from oxytimer.storage.laptop import laptop_tag

        if waiting or holds_mothers(self.repo.db):
            self.start_page.show_first_start(None)
            return
        from oxytimer.ui.data_menu import database_path

        sites = [site["name"] for site in self.repo.sites()]
        self.start_page.show_first_start(
            (laptop_tag(self.repo.db), sites, database_path(self.repo))
        )

    def _active_mothers(self, offset: int, limit: int) -> list[Mother]:
        from oxytimer.storage.reading import active_mothers_page

        return active_mothers_page(
            self.repo, search=self.start_page.search_text(), offset=offset, limit=limit
        )

    def _enrolled_mother(self, mother_id: str) -> Mother | None:
        try:
            mother = self.repo.mother(mother_id)
        except InputError:
            return None
        return mother if mother.status == MotherStatus.ENROLLED else None

    def _describe_open_session(self, record: SessionRecord) -> str:
        started = parse_utc(record.started_at).astimezone()
        return self.tr("{code} · {when} · {status} · pre-score {pre}").format(
            code=record.study_code,
            when=format_datetime(started, with_year=False),
            status=session_state_text(
                record.status, record.massage_seconds, record.planned_seconds
            ),
            pre=record.pre.total if record.pre else "—",
        )

    @Slot()
    def _on_mother_selected(self) -> None:
        if not self._refreshing:
            self.clear_confirmation()
        self._update_today()

    def _update_today(self) -> None:
        start = self.start_page
        mother = start.selected_mother()
        self._resume_candidate = None
        self._assessment_due = None
        start.next_button.setText(self.tr("Next: score before massage"))
        start.next_button.setAccessibleName(self.tr("Next: score before massage"))
        if mother is None:
            start.selected_label.setText(self.tr("Choose a mother from the list, or enrol her."))
            start.today_label.setText("")
            return
        start.selected_label.setText(self.tr("Mother: {code}").format(code=mother.study_code))
        from oxytimer.domain.schedule import GivenSession, day_slots

        now = self.clock.now_utc().astimezone()
        sessions = [
            GivenSession(
                parse_utc(s.started_at).astimezone(),
                s.status,
                s.slot,
                s.massage_seconds,
                s.planned_seconds,
                s.id,
            )
            for s in self.repo.sessions_for_mother(mother.id)
            if not s.voided
        ]
        plan = day_slots(now.date(), now, sessions, self.slot_hours)
        morning, evening = plan["morning"], plan["evening"]
        for record in reversed(self.repo.sessions_for_mother(mother.id)):
            if record.status != SessionStatus.INTERRUPTED:
                continue  # (the protocol file is read only when one is)
            if self.repo.resumable(record, self.protocol.resume_within_minutes * 60) and (
                record.protocol_version == self.protocol.version
            ):
                self._resume_candidate = record.id
                from oxytimer.ui.labels import given_text

                text = self.tr("Resume the interrupted massage ({given})").format(
                    given=given_text(record.massage_seconds, record.planned_seconds)
                )
                start.next_button.setText(text)
                start.next_button.setAccessibleName(text)
                break
        due = self._due_assessment(mother.id)
        if due is not None and self._resume_candidate is None:
            self._assessment_due = due
            from oxytimer.ui.labels import assessment_kind_label

            text = self.tr("Next: {assessment}").format(
                assessment=assessment_kind_label(due).lower()
            )
            start.next_button.setText(text)
            start.next_button.setAccessibleName(text)
        due_text = ""
        if due is not None:
            from oxytimer.ui.labels import assessment_due_label

            due_text = "\n" + assessment_due_label(due)
        start.today_label.setText(
            self.tr("Today: morning {morning} · evening {evening}").format(
                morning=slot_status_text(
                    morning.state, morning.massage_seconds, morning.planned_seconds
                ),
                evening=slot_status_text(
                    evening.state, evening.massage_seconds, evening.planned_seconds
                ),
            )
            + due_text
        )

    def _due_assessment(self, mother_id: str) -> str | None:
        from oxytimer.domain.schedule import assessment_due
        from oxytimer.storage.assessments import assessment_state

        state = assessment_state(self.repo, mother_id)
        if state.has_baseline and not state.has_end and state.sessions_given == 0:
            return None  # (the protocol file need not be read yet)
        return assessment_due(
            state.has_baseline,
            state.has_end,
            state.sessions_given,
            self.protocol.planned_sessions if state.has_baseline else 1,
            state.earlier_design,
        )

    @Slot()
    def _on_save_assessment_clicked(self) -> None:
        if self.currentWidget() is not self._assessment_page:
            return
        page = self.assessment_page
        score = page.form.score()
        mother = self.start_page.selected_mother()
        if score is None:
            page.error.show_message(
                self.tr("Answer every question ({n} left).").format(n=len(page.form.unanswered()))
            )
            page.error.setProperty("unanswered", True)
            page.form.mark_unanswered()
            return
        if mother is None:
            page.error.show_message(self.tr("Choose a mother first."))
            return
        from oxytimer.storage.assessments import record_assessment

        try:
            record_assessment(
                self.repo,
                mother.id,
                page.kind,
                total=score.total,
                items=score.answers,
                category=score.category,
                min_total=self.instrument.min_total,
                max_total=self.instrument.max_total,
                instrument_version=self.instrument.version,
                instrument=self.instrument,
            )
        except InputError as error:
            page.error.show_message(input_error_text(error))
            return
        except StorageError as error:
            page.error.show_message(storage_error_text(error))
            return
        from oxytimer.ui.labels import assessment_kind_label

        saved = self.tr("Saved: {assessment} {total}, {category}").format(
            assessment=assessment_kind_label(page.kind),
            total=score.total,
            category=self._category_label(score.category),
        )
        if page.kind == "end":  # the change since her baseline, as the study compares
            from oxytimer.storage.assessments import assessments_for_mother

            first = next(
                (a for a in assessments_for_mother(self.repo, mother.id) if a.kind == "baseline"),
                None,
            )
            if first is not None and first.category:
                saved = self.tr("Saved: {pre} → {post}, {pre_category} → {post_category}").format(
                    pre=first.total,
                    post=score.total,
                    pre_category=self._category_label(first.category),
                    post_category=self._category_label(score.category),
                )
        self.session_saved.emit("")
        if page.kind == "baseline" and self.start_page.caregiver.value() is not None:
            self._update_today()
            self.pre_page.reset()  # on to the session check before the first massage
            self.setCurrentWidget(self.pre_page)
            return
        self.show_start()
        self.confirm(saved)

    @Slot()
    def _on_next_button_clicked(self) -> None:
        if self.currentWidget() is not self.start_page:
            return
        self.clear_confirmation()
        start = self.start_page
        if start.selected_mother() is None:
            start.start_error.show_message(self.tr("Choose a mother first."))
            return
        if self._resume_candidate is not None:  # her slot holds an interrupted massage
            self.resume_interrupted(self._resume_candidate)
            return
        if self._assessment_due is not None:  # the whole checklist first
            start.start_error.show_message("")
            mother = start.selected_mother()
            assert mother is not None
            self.assessment_page.open(self._assessment_due, mother.study_code)
            self.setCurrentWidget(self.assessment_page)
            return
        if start.caregiver.value() is None:
            start.start_error.show_message(self.tr("Choose who gives the massage."))
            return
        start.start_error.show_message("")
        self.pre_page.reset()
        self.setCurrentWidget(self.pre_page)

    @Slot()
    def show_start(self) -> None:
        self.refresh()
        self.setCurrentWidget(self.start_page)

    # ---------------------------------------------------------------- session
    @Slot()
    def _on_start_button_clicked(self) -> None:
        if self.currentWidget() is not self._pre_page:
            return
        page = self.pre_page
        mother = self.start_page.selected_mother()
        score = page.form.score()
        if score is None:
            page.error.show_message(
                self.tr("Answer every question before starting ({n} left).").format(
                    n=len(page.form.unanswered())
                )
            )
            page.error.setProperty("unanswered", True)
            page.form.mark_unanswered()
            return
        minutes_text = page.duration.value()
        if minutes_text is None:
            page.duration_error.show_message(self.tr("Choose the massage length."))
            return
        minutes = int(minutes_text)
        if mother is None:
            page.error.show_message(self.tr("Choose a mother first."))
            return
        from oxytimer.domain.schedule import slot_for

        local_now = self.clock.now_utc().astimezone()
        try:
            self.session_id = self.repo.start_session(
                mother_id=mother.id,
                caregiver=self.start_page.caregiver.value() or "",
                planned_seconds=minutes * 60,
                pre_total=score.total,
                pre_items=score.answers,
                pre_category=score.category or None,
                min_total=self.check.min_total,
                max_total=self.check.max_total,
                protocol_version=self.protocol.version,
                instrument_version=self.check.version,
                slot=slot_for(local_now, self.slot_hours),
                instrument=self.check,
                design="session_check",
            )
        except InputError as error:
            target = page.duration_error if error.field == "duration" else page.error
            target.show_message(input_error_text(error))
            return
        except StorageError as error:
            page.error.show_message(storage_error_text(error))
            return
        self.session_saved.emit(self.session_id)
        from oxytimer.domain.session import MassageSession

        self.session = MassageSession(self.protocol.step_durations(minutes * 60), self.clock)
        self._preparation_seconds = None
        self._carried_paused, self._carried_pauses = 0.0, 0
        self.guided_page.set_paused(False)
        self.guided_page.countdown.setText(format_clock(minutes * 60))
        self.guided_page.progress.setValue(0)
        self.setCurrentWidget(self.guided_page)
        self.guided_page.setFocus()
        if self.protocol.preparation_steps:
            self._phase = "preparation"
            self._prep_index = 0
            self._prep_started = self.clock.monotonic()
            self._show_preparation_step()
        else:
            self._begin_countdown()

    def resume_interrupted(self, session_id: str) -> bool:
        """Resume an interrupted massage from where it stopped (within the protocol's limit)."""
        error_label = self.start_page.start_error
        record = self.repo.session(session_id)
        if record.protocol_version != self.protocol.version:
            error_label.show_message(
                self.tr(
                    "This massage was timed under another protocol version ({version}): it"
                    " cannot be resumed. Record its post-score or close it as incomplete."
                ).format(version=record.protocol_version)
            )
            return False
        try:
            record = self.repo.resume_session(session_id, self.protocol.resume_within_minutes * 60)
        except InputError as error:
            error_label.show_message(input_error_text(error))
            return False
        except StorageError as error:
            error_label.show_message(storage_error_text(error))
            return False
        from oxytimer.domain.session import MassageSession

        error_label.show_message("")
        self.session_saved.emit(session_id)
        self.session_id = session_id
        self.session = MassageSession(
            self.protocol.step_durations(record.planned_seconds),
            self.clock,
            already_given=record.massage_seconds,
        )
        self._preparation_seconds = None
        self._carried_paused, self._carried_pauses = record.paused_seconds, record.pause_count
        self.guided_page.set_paused(False)
        self.guided_page.progress.setValue(
            round(record.massage_seconds / record.planned_seconds * 1000)
        )
        self.setCurrentWidget(self.guided_page)
        self._begin_countdown()
        return True

    @Slot()
    def _on_resume_button_clicked(self) -> None:
        self.clear_confirmation()
        item = self.start_page.open_list.currentItem()
        if item is None:
            self.start_page.start_error.show_message(self.tr("Choose a session in the list."))
            return
        self.resume_interrupted(item.data(Qt.ItemDataRole.UserRole))

    def _show_step(self, number: int) -> None:
        """Show step ``number`` (0-based, counting every step) on the guided page."""
        steps = self.protocol.steps
        step = steps[number]
        page = self.guided_page
        page.step_counter.setText(
            self.tr("Step {n} of {total}").format(n=number + 1, total=len(steps))
        )
        page.step_title.setText(step.title.get(self.lang))
        page.instruction.setText(step.instruction.get(self.lang))
        page.load_picture(str(self.protocol.illustration_path(step)))
        if number + 1 < len(steps):
            page.next_label.setText(
                self.tr("Next: {title}").format(title=steps[number + 1].title.get(self.lang))
            )
        else:
            page.next_label.setText(self.tr("Next: score after the massage"))
        page.make_room()  # the next step's line beside the clock may wrap differently
        self.cues.say(f"{step.title.get(self.lang)}. {step.instruction.get(self.lang)}")

    def _show_preparation_step(self) -> None:
        last = self._prep_index == len(self.protocol.preparation_steps) - 1
        self._show_step(self._prep_index)
        self.guided_page.set_preparation(last=last)

    def _begin_countdown(self) -> None:
        """The caregiver is ready: the massage countdown starts (preparation time kept)."""
        assert self.session is not None
        if self._phase == "preparation":
            self._preparation_seconds = self.clock.monotonic() - self._prep_started
        self._phase = "massage"
        self.guided_page.set_running_controls()
        self.guided_page.set_paused(False)
        self.guided_page.setFocus()
        self._last_heartbeat = self.clock.monotonic()
        self.ticker.attach(self.session)
        self.ticker.dispatch(self.session.start())
        if self._preparation_seconds is not None and self.session_id is not None:
            self._commit_state(SessionStatus.RUNNING)

    def _paused_total(self) -> float:
        """Paused time of the session, a resumed one's first part included."""
        assert self.session is not None
        return self._carried_paused + self.session.total_paused_seconds()

    def _commit_state(self, status: str, reason: str | None = None) -> bool:
        """Save a state change of the running session; keep it to retry if saving fails."""
        assert self.session is not None and self.session_id is not None
        self._pending = _PendingState(
            session_id=self.session_id,
            status=status,
            reason=reason,
            massage_seconds=self.session.massage_seconds(),
            paused_seconds=self._paused_total(),
            pause_count=self._carried_pauses + self.session.pause_count,
            preparation_seconds=self._preparation_seconds,
        )
        return self.retry_pending(warn=True)

    def retry_pending(self, *, warn: bool = False) -> bool:
        """Save the last state change that could not be saved (disk full, busy ...).

        Retried at every countdown update, before a post-score is saved and whenever the
        start screen is shown. Returns True when nothing is left unsaved.
        """
        pending = self._pending
        if pending is None:
            return True
        try:
            self.repo.update_session_progress(
                pending.session_id,
                status=pending.status,
                massage_seconds=pending.massage_seconds,
                paused_seconds=pending.paused_seconds,
                pause_count=pending.pause_count,
                abort_reason=pending.reason,
                preparation_seconds=pending.preparation_seconds,
            )
        except StorageError as error:
            self._pending_notice = (
                self.tr("The last change to a session is not saved yet; retrying.")
                + " "
                + storage_error_text(error)
            )
            self.start_page.notice.show_message(self._pending_notice)
            if warn:
                from PySide6.QtWidgets import QMessageBox

                QMessageBox.warning(self, self.tr("Not saved"), storage_error_text(error))
            return False
        self._pending = None
        if self.start_page.notice.text() == self._pending_notice:
            self.start_page.notice.show_message("")
        self.session_saved.emit(pending.session_id)
        return True

    @Slot()
    def toggle_pause(self) -> None:
        from oxytimer.domain.session import State

        if self.session is None or self.session.state not in (State.RUNNING, State.PAUSED):
            return  # (the untimed preparation has no clock to pause)
        self._set_paused(self.session.toggle_pause())

    def _set_paused(self, events: list[Event]) -> None:
        """Save and show a pause or resume that the session has just made."""
        from oxytimer.domain.session import State

        session = self.session
        assert session is not None
        if session.state is State.FINISHED:  # the massage ended at this very moment
            self.ticker.dispatch(events)
            return
        paused = session.state is State.PAUSED
        self._commit_state(SessionStatus.PAUSED if paused else SessionStatus.RUNNING)
        self.guided_page.set_paused(paused)
        self.ticker.dispatch(events)

    def ask_abort_reason(self) -> str | None:
        """Ask for confirmation and a reason; None means: carry on."""
        from oxytimer.ui.session_pages import AbortDialog

        dialog = AbortDialog(self)
        return dialog.reason() if dialog.exec() == QDialog.DialogCode.Accepted else None

    @Slot()
    def _on_abort_button_clicked(self) -> None:
        from oxytimer.domain.session import State

        session = self.session
        if session is None or not self.massage_in_progress():
            return
        # The clock holds while the caregiver decides: that time is not massage, and it
        # is not one of her pauses either.
        held_here = session.state is State.RUNNING
        if held_here:
            self._set_paused(session.pause(count=False))
        state_before = session.state
        reason = self.ask_abort_reason()
        if session is not self.session or session.state is not state_before:
            return
        if reason is None:
            if held_here:
                self._set_paused(session.resume())  # "Continue the massage"
            return
        self.abort_session(reason)

    def hold_countdown(self) -> bool:
        """Hold a running countdown while a question is open; True if it was held here.

        The held time is paused time (not massage), not one of the caregiver's pauses.
        """
        from oxytimer.domain.session import State

        if self.session is None or self.session.state is not State.RUNNING:
            return False
        self._set_paused(self.session.pause(count=False))
        return self.session.state is State.PAUSED

    def release_countdown(self) -> None:
        """Carry on after :meth:`hold_countdown` (the question was answered "no")."""
        from oxytimer.domain.session import State

        if self.session is not None and self.session.state is State.PAUSED:
            self._set_paused(self.session.resume())

    def is_busy(self) -> bool:
        """True while a massage or a score being entered would be lost by leaving."""
        current = self.currentWidget()
        if current is self._guided_page:
            return True
        for page in (self._pre_page, self._post_page):
            if page is not None and current is page:
                return any(v is not None for v in page.form.answers().values())
        return False

    def massage_in_progress(self) -> bool:
        """True while a massage is running or paused."""
        if self.session is None:
            return False  # (and the session module need not be imported)
        from oxytimer.domain.session import State

        if self.session.state is State.IDLE:  # getting ready: the session row is open
            return self.currentWidget() is self._guided_page
        return self.session.state in (State.RUNNING, State.PAUSED)

    def leave_running_session(self) -> None:
        """The app is closing mid-massage: save how far it got and mark it interrupted."""
        session = self.session
        if session is None or self.session_id is None or not self.massage_in_progress():
            return
        self.ticker.detach()
        with contextlib.suppress(StorageError):
            self.repo.heartbeat(self.session_id, session.massage_seconds(), self._paused_total())
            self.repo.mark_interrupted()

    def abort_session(self, reason: str) -> None:
        """Stop the running session with ``reason`` and save it."""
        assert self.session is not None
        if self._phase == "preparation":
            self._preparation_seconds = self.clock.monotonic() - self._prep_started
        self._phase = ""
        events = self.session.abort(reason)
        self.ticker.dispatch(events)
        self.ticker.detach()
        saved = self._commit_state(SessionStatus.ABORTED, reason)
        stopped = self._stopped_text(reason) if saved else ""
        self.session = None
        self.show_start()
        self.confirm(stopped)  # (not saved yet: the notice above says so)

    def _stopped_text(self, reason: str) -> str:
        """The bedside answer to Stop: whose session, how much was given, why."""
        try:
            record = self.repo.session(self.session_id or "")
        except (InputError, StorageError):
            return self.tr("Stopped. Reason: {reason}").format(reason=reason)
        return self.tr("{code}: {state}. Reason: {reason}").format(
            code=record.study_code,
            state=session_state_text(record.status, record.massage_seconds, record.planned_seconds),
            reason=reason,
        )

    @Slot(int)
    def _on_ticker_step_started(self, index: int) -> None:
        # ``index`` counts the massage steps; the untimed preparation steps come first.
        self._show_step(len(self.protocol.preparation_steps) + index)
        if index > 0:
            self.guided_page.flash("#ffd54f")
            self.cues.play(Cue.STEP)

    @Slot(int)
    def _on_ticker_second_changed(self, remaining: int) -> None:
        self.guided_page.countdown.setText(format_clock(remaining))

    @Slot()
    def _on_ticker_polled(self) -> None:
        from oxytimer.domain.session import State

        session = self.session
        if session is None:
            return
        if self._pending is not None:
            self.retry_pending()
        page = self.guided_page
        page.progress.setValue(round(session.progress() * 1000))
        page.step_countdown.setText(
            self.tr("This step: {time}").format(time=format_clock(session.step_remaining()))
        )
        if (
            session.state is State.RUNNING
            and self.session_id is not None
            and self.clock.monotonic() - self._last_heartbeat >= HEARTBEAT_EVERY_S
        ):
            self._last_heartbeat = self.clock.monotonic()
            # A missed heartbeat costs a few seconds of progress after a crash, no more.
            with contextlib.suppress(StorageError):
                self.repo.heartbeat(
                    self.session_id, session.massage_seconds(), self._paused_total()
                )

    @Slot()
    def _on_ticker_final_countdown_started(self) -> None:
        self.guided_page.flash("#ff8a65")
        self.cues.play(Cue.FINAL)

    @Slot()
    def _on_ticker_session_finished(self) -> None:
        self.ticker.detach()
        self.guided_page.flash("#81c784")
        self.cues.play(Cue.END)
        self.guided_page.countdown.setText(format_clock(0))
        self.guided_page.progress.setValue(1000)
        self._commit_state(SessionStatus.AWAITING_POST)
        self._phase = "finishing"
        finishing = self.protocol.finishing_steps
        if finishing:  # untimed, after the massage
            self._show_step(len(self.protocol.steps) - len(finishing))
        self.guided_page.set_finished()

    @Slot()
    def _on_done_button_clicked(self) -> None:
        from oxytimer.domain.session import State

        if self.currentWidget() is not self._guided_page or self.session is None:
            return
        if self.session.state is State.IDLE and self._phase == "preparation":
            if self._prep_index + 1 < len(self.protocol.preparation_steps):
                self._prep_index += 1
                self._show_preparation_step()
            else:
                self._begin_countdown()
            return
        if self.session.state is not State.FINISHED:
            return
        self._phase = ""
        self.open_post_score(self.session_id or "")
        self.session = None

    # ------------------------------------------------------------ post-score
    def open_post_score(self, session_id: str) -> None:
        record = self.repo.session(session_id)
        self.post_session_id = session_id
        page = self.post_page
        page.form.reset()
        page.error.show_message("")
        page.subtitle.setText(
            self.tr("Mother {code}. Score before the massage: {pre}.").format(
                code=record.study_code, pre=record.pre.total if record.pre else "—"
            )
        )
        self.setCurrentWidget(page)

    @Slot()
    def _on_record_post_clicked(self) -> None:
        self.clear_confirmation()
        item = self.start_page.open_list.currentItem()
        if item is None:
            self.start_page.start_error.show_message(self.tr("Choose a session in the list."))
            return
        self.open_post_score(item.data(Qt.ItemDataRole.UserRole))

    @Slot()
    def _on_close_incomplete_clicked(self) -> None:
        self.clear_confirmation()
        item = self.start_page.open_list.currentItem()
        if item is None:
            self.start_page.start_error.show_message(self.tr("Choose a session in the list."))
            return
        reason = self.ask_close_reason()
        if reason is None:
            return
        try:
            self.repo.close_incomplete(item.data(Qt.ItemDataRole.UserRole), reason)
        except (InputError, StorageError) as error:
            text = (
                input_error_text(error)
                if isinstance(error, InputError)
                else storage_error_text(error)
            )
            self.start_page.start_error.show_message(text)
            return
        session_id = item.data(Qt.ItemDataRole.UserRole)
        self.session_saved.emit(session_id)
        self.refresh()
        with contextlib.suppress(InputError, StorageError):
            record = self.repo.session(session_id)
            self.confirm(
                self.tr("Closed as incomplete: {code} · {when}. Reason: {reason}").format(
                    code=record.study_code,
                    when=format_datetime(parse_utc(record.started_at), with_year=False),
                    reason=reason,
                )
            )

    def ask_close_reason(self) -> str | None:
        from PySide6.QtWidgets import QInputDialog

        text, ok = QInputDialog.getText(
            self,
            self.tr("Close as incomplete"),
            self.tr("Why is this session closed without a post-score?"),
        )
        if not ok:
            return None
        if not text.strip():
            self.start_page.start_error.show_message(self.tr("Give a reason."))
            return None
        return text.strip()

    @Slot()
    def _on_save_post_clicked(self) -> None:
        if self.currentWidget() is not self._post_page or self.post_session_id is None:
            return
        page = self.post_page
        score = page.form.score()
        if score is None:
            page.error.show_message(
                self.tr("Answer every question ({n} left).").format(n=len(page.form.unanswered()))
            )
            page.error.setProperty("unanswered", True)
            page.form.mark_unanswered()
            return
        if not self.retry_pending():
            page.error.show_message(
                self.tr("The end of the massage is not saved yet. Press Save again.")
            )
            return
        try:
            self.repo.record_post_score(
                self.post_session_id,
                total=score.total,
                items=score.answers,
                category=score.category or None,
                min_total=self.check.min_total,
                max_total=self.check.max_total,
                instrument_version=self.check.version,
                instrument=self.check,
            )
        except InputError as error:
            page.error.show_message(input_error_text(error))
            return
        except StorageError as error:
            page.error.show_message(storage_error_text(error))
            return
        saved = self._saved_text(self.post_session_id, score.total, score.category)
        self.session_saved.emit(self.post_session_id)
        self.post_session_id = None
        self.show_start()
        self.confirm(saved)  # until the next action

    def _saved_text(self, session_id: str, total: int, category: str) -> str:
        """The bedside confirmation of a saved post-score, with the change."""
        with contextlib.suppress(InputError, StorageError):
            pre = self.repo.session(session_id).pre
            if pre is not None:
                if pre.category and category:
                    return self.tr(
                        "Saved: {pre} → {post}, {pre_category} → {post_category}"
                    ).format(
                        pre=pre.total,
                        post=total,
                        pre_category=self._category_label(pre.category),
                        post_category=self._category_label(category),
                    )
                return self.tr("Saved: {pre} → {post}").format(pre=pre.total, post=total)
        return self.tr("Saved: score after the massage {post}").format(post=total)

    def _category_label(self, category_id: str) -> str:
        try:
            return self.instrument.category_by_id(category_id).label.get(self.lang)
        except KeyError:
            return category_id

    def confirm(self, text: str) -> None:
        """Say on the start page what the last action did, until the next action."""
        label = self.start_page.saved_label
        label.setMinimumHeight(0)
        label.setText(text)
        label.setAccessibleDescription(text)
        label.setVisible(bool(text))

    def clear_confirmation(self) -> None:
        """The next action: the last confirmation goes; its room stays until the page is
        shown again (nothing below it moves while the user is choosing)."""
        label = self.start_page.saved_label
        if label.isVisible() and label.text():
            label.setMinimumHeight(label.height())
            label.setText("")
            label.setAccessibleDescription("")

    @Slot()
    def _on_later_clicked(self) -> None:
        if not self.retry_pending(warn=True):
            return  # stay: the finish must be saved before the session can wait
        self.post_session_id = None
        self.show_start()  # (its answer: the session waits in the list of unfinished ones)
