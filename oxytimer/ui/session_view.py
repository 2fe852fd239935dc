"""The bedside session: choose a mother, pre-score, the guided countdown, post-score.

Pages only lay out widgets (``start_page.py``, ``session_pages.py``); :class:`SessionScreen`
wires them to the domain session, the ticker and the repository. Every state change is
committed before the screen moves on. Its parts by responsibility: the pages and the
flow between them here, the countdown (ticker, cues, pause, stop) in
``session_countdown.py``, saving (state changes, scores, confirmations) in
``session_saving.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    Qt,
    Signal,
    Slot,
)
from PySide6.QtWidgets import (
    QApplication,
    QListWidgetItem,
    QStackedWidget,
    QWidget,
)

from oxytimer.domain.clock import Clock, parse_utc
from oxytimer.domain.data_files import DataFiles
from oxytimer.domain.records import InputError, MotherStatus, SessionStatus
from oxytimer.storage.repository import Mother, Repository, SessionRecord, StorageError
from oxytimer.ui.cues import CuePlayer
from oxytimer.ui.labels import (
    format_clock,
    format_datetime,
    session_state_text,
    slot_status_text,
)
from oxytimer.ui.messages import input_error_text, storage_error_text
from oxytimer.ui.session_countdown import CountdownMixin
from oxytimer.ui.session_saving import SavingMixin, _PendingState
from oxytimer.ui.site_names import SiteNames
from oxytimer.ui.start_page import StartPage, _page_shortcuts

# The countdown machinery (domain session, ticker) and the pages after the start page are
# imported when a massage begins, not at start-up.
if TYPE_CHECKING:
    from oxytimer.domain.instrument import Instrument
    from oxytimer.domain.protocol import MassageProtocol
    from oxytimer.domain.session import MassageSession
    from oxytimer.ui.session_pages import (
        AssessmentPage,
        GuidedPage,
        PostScorePage,
        PreScorePage,
    )
    from oxytimer.ui.ticker import Ticker


class SessionScreen(CountdownMixin, SavingMixin, QStackedWidget):
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

    def is_busy(self) -> bool:
        """True while a massage or a score being entered would be lost by leaving."""
        current = self.currentWidget()
        if current is self._guided_page:
            return True
        for page in (self._pre_page, self._post_page):
            if page is not None and current is page:
                return any(v is not None for v in page.form.answers().values())
        return False

    # ------------------------------------------------------------ post-score
