"""Today: every active mother with her morning and evening massage — done, due, missed.

Made to be read from across the room: large text, a word and a symbol for each state (not
colour alone). Double-click a mother (or press Start session) to start her session.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from oxytimer.domain.clock import Clock, parse_utc
from oxytimer.domain.data_files import DataFiles
from oxytimer.domain.schedule import GivenSession, SlotState, day_slots
from oxytimer.storage.reading import TodayPage, today_page
from oxytimer.storage.repository import Repository
from oxytimer.ui.labels import assessment_due_label, format_date, slot_label, slot_status_text
from oxytimer.ui.models import Index, PagedTableModel
from oxytimer.ui.row_heights import RowHeights
from oxytimer.ui.settings import Settings
from oxytimer.ui.site_names import SiteNames
from oxytimer.ui.widgets import ErrorLabel, read_only_table

if TYPE_CHECKING:
    from oxytimer.storage.assessments import AssessmentState

REFRESH_EVERY_MS = 30_000

ASSESSMENTS_LISTED = 8
"""Mothers named in the line of assessments due (then how many more)."""

# A word and a symbol for each state: only a finished massage with its post-score is ✓.
_SYMBOLS = {
    SlotState.DONE: "✓",
    SlotState.GIVEN_NO_POST: "✓",
    SlotState.AWAITING_POST: "◐",
    SlotState.IN_PROGRESS: "▶",
    SlotState.INTERRUPTED: "⚠",
    SlotState.INCOMPLETE: "◔",
    SlotState.STOPPED: "■",
    SlotState.DUE: "●",
    SlotState.MISSED: "✗",
    SlotState.UPCOMING: "…",
}
_COLOURS = {  # (background, text)
    SlotState.DONE: ("#c8e6c9", "#1b5e20"),
    SlotState.GIVEN_NO_POST: ("#dcedc8", "#33691e"),
    SlotState.AWAITING_POST: ("#bbdefb", "#0d47a1"),
    SlotState.IN_PROGRESS: ("#bbdefb", "#0d47a1"),
    SlotState.INTERRUPTED: ("#ffe0b2", "#7a3000"),
    SlotState.INCOMPLETE: ("#ffe0b2", "#7a3000"),
    SlotState.STOPPED: ("#ffe0b2", "#7a3000"),
    SlotState.DUE: ("#ffe082", "#4e3400"),
    SlotState.MISSED: ("#ffcdd2", "#8e0000"),
    SlotState.UPCOMING: ("#eceff1", "#37474f"),
}


@dataclass(frozen=True)
class TodayRow:
    mother_id: str
    study_code: str
    site_code: str
    morning: str
    evening: str
    # Massage given and planned (seconds) in each slot, for a partial one: "0:43 of 3:00".
    morning_given: tuple[float, float] = (0.0, 0.0)
    evening_given: tuple[float, float] = (0.0, 0.0)
    assessment: str = ""  # "baseline" or "end" when that assessment is due


def state_text(state: str, given: tuple[float, float] = (0.0, 0.0)) -> str:
    return f"{_SYMBOLS.get(SlotState(state), '')} {slot_status_text(state, *given)}"


def today_rows(
    page: TodayPage,
    today: date,
    now: datetime,
    hours: dict[str, tuple[int, int]],
    assessments: Mapping[str, AssessmentState] | None = None,
    planned: int = 2,
) -> list[TodayRow]:
    """The Today table's rows for a page of mothers (on a worker thread: no widget).

    ``assessments`` (from :func:`~oxytimer.storage.assessments.assessment_states`) and the
    protocol's ``planned`` sessions say which assessment is due.
    """
    from oxytimer.domain.schedule import assessment_due

    given: dict[str, list[GivenSession]] = {}
    for s in page.sessions:
        given.setdefault(s.mother_id, []).append(
            GivenSession(
                parse_utc(s.started_at).astimezone(),
                s.status,
                s.slot,
                s.massage_seconds,
                s.planned_seconds,
                s.id,
            )
        )
    rows = []
    for mother in page.mothers:
        plan = day_slots(today, now, given.get(mother.id, []), hours)
        state = assessments.get(mother.id) if assessments is not None else None
        due = (
            assessment_due(
                state.has_baseline,
                state.has_end,
                state.sessions_given,
                planned,
                state.earlier_design,
            )
            if state is not None
            else None
        )
        morning, evening = plan["morning"], plan["evening"]
        rows.append(
            TodayRow(
                mother.id,
                mother.study_code,
                mother.site_code,
                str(morning.state),
                str(evening.state),
                (morning.massage_seconds, morning.planned_seconds),
                (evening.massage_seconds, evening.planned_seconds),
                due or "",
            )
        )
    return rows


class TodayModel(PagedTableModel[TodayRow]):
    """The Today table, with a colour per slot state (the text says it too)."""

    SLOT_COLUMNS: ClassVar[dict[int, str]] = {2: "morning", 3: "evening"}

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            index.isValid()
            and 0 <= index.row() < self.rowCount()
            and index.column() in self.SLOT_COLUMNS
            and role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole)
        ):
            state = getattr(self.record(index.row()), self.SLOT_COLUMNS[index.column()])
            background, text = _COLOURS[SlotState(state)]
            colour = background if role == Qt.ItemDataRole.BackgroundRole else text
            return QBrush(QColor(colour))
        return super().data(index, role)


TABLE_POINTS_AT_MOST = 20
"""The size of the table's text, however large the interface's."""


class TodayView(QWidget):
    """The Today tab.

    Signals:
        session_requested(str): start a session for this mother.
    """

    session_requested = Signal(str)

    def __init__(
        self,
        repo: Repository,
        clock: Clock,
        settings: Settings,
        parent: QWidget | None = None,
        data: DataFiles | None = None,
    ) -> None:
        super().__init__(parent)
        self.data = data  # the protocol's planned sessions (the end assessment)
        self.repo = repo
        self.clock = clock
        self.settings = settings
        self._pending_select: str | None = None
        self.sites = SiteNames(repo)  # the puskesmas by name, the code in the tooltip
        self._site_heading = 0  # the puskesmas heading's width (see _fit_site_column)
        self._fit_pending = False  # rows arrived, their columns not fitted yet
        self.title = QLabel(self)
        self.title.setObjectName("pageTitle")
        self.hours_label = QLabel(self)
        self.hours_label.setWordWrap(True)
        self.model = TodayModel(
            [
                (lambda: self.tr("Mother"), lambda r: r.study_code),
                (lambda: self.tr("Puskesmas"), lambda r: self.sites.name(r.site_code)),
                (lambda: slot_label("morning"), lambda r: state_text(r.morning, r.morning_given)),
                (lambda: slot_label("evening"), lambda r: state_text(r.evening, r.evening_given)),
            ],
            repo,
            lambda _reader, _offset, _limit: [],  # set by refresh()
            self,
            tooltips=True,  # the whole text, should a cell ever be too narrow for it
            key=lambda row: row.mother_id,
        )
        self.model.set_tooltip(1, lambda r: self.sites.full(r.site_code))
        self.model.set_tooltip(0, lambda r: f"{r.study_code} · {self.sites.full(r.site_code)}")
        self.table = read_only_table(
            QTableView(self),
            self.model,
            self.tr("Today's massages"),
            columns=QHeaderView.ResizeMode.Stretch,
        )
        # The study code takes what it needs; the puskesmas (a name) and the states share
        # the rest, so that "● Due now" is whole (in Indonesian too). When even that is too
        # narrow (a 1024 px netbook) a name or a state wraps onto a second line and its row
        # grows, rather than being cut.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)  # _fit_site_column
        header.sectionResized.connect(self._on_header_section_resized)
        # Once the rows are laid out in the table's (large) font.
        self.model.modelReset.connect(self._fit_site_column_later)
        self.model.rowsInserted.connect(self._fit_site_column_later)
        self.model.loaded.connect(self._fit_site_column_later)
        self.table.setWordWrap(True)
        # Read from across the room, yet at least four rows on a 600 px screen at the
        # largest text size (1.9 times 20 pt showed none: each row a screen's third).
        big = min(round(settings.font_size * 1.9), TABLE_POINTS_AT_MOST)
        self.table.setStyleSheet(f"QTableView {{ font-size: {big}pt; }}")
        rows = self.table.verticalHeader()
        rows.setMinimumSectionSize(round(big * 2))
        rows.setDefaultSectionSize(round(big * 2))
        # Each row as high as its name and states need (fitted with the columns, below).
        self.row_heights = RowHeights(self.table, (1, 2, 3))
        # The assessments due (the whole checklist: baseline before the first massage, end
        # after the last planned session), under the table: the slots keep their width.
        self.assessments_label = QLabel(self)
        self.assessments_label.setObjectName("assessmentsDue")
        self.assessments_label.setWordWrap(True)
        self.empty_label = QLabel(self.tr("No mother is enrolled. Enrol one in the registry."))
        self.empty_label.setParent(self)
        self.start_button = QPushButton(self.tr("Start session"), self)
        self.start_button.setObjectName("primary")
        self.start_button.setAccessibleName(self.tr("Start a session for the chosen mother"))
        self.error = ErrorLabel(self, reserve=True)
        # The assessments due and the error beside the button: the table keeps the height.
        notes = QVBoxLayout()
        notes.addWidget(self.assessments_label)
        notes.addWidget(self.error)
        buttons = QHBoxLayout()
        buttons.addLayout(notes, 1)
        buttons.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.hours_label)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_EVERY_MS)
        self._connect_signals()
        self.timer.start()
        self.refresh()

    def _connect_signals(self) -> None:
        self.table.doubleClicked.connect(self._on_start_button_clicked)
        self.start_button.clicked.connect(self._on_start_button_clicked)
        self.timer.timeout.connect(self._on_timer_timeout)
        self.model.loaded.connect(self._on_model_loaded)

    @Slot()
    def _on_timer_timeout(self) -> None:
        if self.isVisible():
            self.refresh()

    @Slot(str)
    def _on_session_saved(self, _session_id: str) -> None:
        self.refresh()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_site_column()

    @Slot(int, int, int)
    def _on_header_section_resized(self, column: int, _old: int, _new: int) -> None:
        if column == 0:
            self._fit_site_column()

    @Slot()
    def _fit_site_column_later(self) -> None:
        self._fit_pending = True
        QTimer.singleShot(0, self, self._fit_site_column)

    @Slot()
    def _fit_site_column(self) -> None:
        """The puskesmas names as wide as the slots leave when these keep room for every
        state on one line; no puskesmas column when it alone would make a state wrap (the
        mother's tooltip names it: the states come first at the bedside); a third of the
        room when the states wrap anyway (a netbook)."""
        self._fit_pending = False
        table = self.table
        header = table.horizontalHeader()
        if self.model.rowCount() == 0:
            return  # (the first column's width follows the rows)
        metrics = QFontMetrics(table.font())
        margin = 2 * (table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1)
        widest = max(metrics.horizontalAdvance(state_text(s.value)) for s in SlotState)
        slot = widest + margin + 8
        bar = table.verticalScrollBar()
        scroll_bar = 0 if bar.isVisible() else bar.sizeHint().width()
        room = table.viewport().width() - scroll_bar - header.sectionSize(0)
        if not header.isSectionHidden(1):  # (a hidden section has no size hint)
            self._site_heading = header.sectionSizeHint(1)
        heading = self._site_heading
        # The widest name shown, each name measured once (not every row's cell).
        wanted = max(self.row_heights.widest(1), heading)
        if room - 2 * slot >= heading:  # names beside whole states
            width: int | None = min(wanted, room - 2 * slot)
        elif room < 2 * slot:  # the states wrap anyway (a netbook): a third each
            width = min(wanted, room // 3) if room // 3 >= heading else None
        else:  # without the names the states are whole
            width = None
        if header.isSectionHidden(1) != (width is None):
            header.setSectionHidden(1, width is None)
        if width is not None and header.sectionSize(1) != width:
            header.resizeSection(1, width)
        self.row_heights.fit()

    def refresh(self) -> None:
        """Recompute every mother's slots for today from the database and the clock."""
        self.sites.reload()
        now = self.clock.now_utc().astimezone()
        hours = self.settings.slot_hours()
        today = now.date()
        self.title.setText(
            self.tr("Today, {date} — now {time}").format(
                date=format_date(today), time=now.strftime("%H:%M")
            )
        )
        self.hours_label.setText(
            self.tr("Morning {m1:02d}:00–{m2:02d}:00 · Evening {e1:02d}:00–{e2:02d}:00").format(
                m1=hours["morning"][0],
                m2=hours["morning"][1],
                e1=hours["evening"][0],
                e2=hours["evening"][1],
            )
        )
        start_of_day = datetime.combine(today, time(0)).astimezone()
        since = start_of_day - timedelta(hours=1)

        planned = self.data.protocol.planned_sessions if self.data is not None else 2

        def fetch(reader: Repository, offset: int, limit: int) -> list[TodayRow]:
            from oxytimer.storage.assessments import assessment_states

            page = today_page(reader, since, offset=offset, limit=limit)
            # Only this page's mothers (all 100,000 took seconds a page).
            states = assessment_states(reader, mother_ids=[m.id for m in page.mothers])
            return today_rows(page, today, now, hours, states, planned)

        self._pending_select = self.selected_mother_id() or self._pending_select
        self.model.set_fetch(fetch)
        if self.model.rowCount() == 0:
            self.model.reload()
        else:
            self.model.refresh()

    @property
    def loading(self) -> bool:
        """Whether its rows are being read, or its columns and rows not yet fitted to them."""
        return self.model.loading or self._fit_pending or self.row_heights.pending

    @Slot(int)
    def _on_model_loaded(self, rows: int) -> None:
        due = [
            self.tr("{code}: {assessment}").format(
                code=r.study_code, assessment=assessment_due_label(r.assessment)
            )
            for r in self.model.records()
            if r.assessment
        ]
        # The first few by name, then how many more (on a district's database hundreds
        # were listed in one label, laid out again at each refresh; the table shows all).
        listed = "; ".join(due[:ASSESSMENTS_LISTED])
        if len(due) > ASSESSMENTS_LISTED:
            listed = self.tr("{list} … and {count} more").format(
                list=listed, count=len(due) - ASSESSMENTS_LISTED
            )
        self.assessments_label.setText(
            self.tr("Assessments due — {list}").format(list=listed) if due else ""
        )
        self.assessments_label.setVisible(bool(due))
        if self._pending_select is not None:
            self.select_mother(self._pending_select)
            self._pending_select = None
        self.empty_label.setVisible(not rows)

    def states(self) -> dict[str, tuple[str, str]]:
        """Study code → (morning, evening) state codes, as shown."""
        return {r.study_code: (r.morning, r.evening) for r in self.model.records()}

    def selected_mother_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.record(rows[0].row()).mother_id if rows else None

    def select_mother(self, mother_id: str) -> None:
        for row, record in enumerate(self.model.records()):
            if record.mother_id == mother_id:
                self.table.selectRow(row)
                return

    @Slot()
    def _on_start_button_clicked(self) -> None:
        mother_id = self.selected_mother_id()
        if mother_id is None:
            self.error.show_message(self.tr("Choose a mother in the list."))
            return
        self.error.show_message("")
        self.session_requested.emit(mother_id)
