"""A mother's history: her registry details and sessions, and for any value its changes.

Select a value (a registry detail, or a cell of a session) to see its change history from
the audit log; correct it with a reason, void a session with a reason, lock or unlock the
record with a reason. A locked record refuses every edit with a message.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from oxytimer.domain.clock import Clock, parse_utc
from oxytimer.domain.instrument import Instrument
from oxytimer.domain.records import Caregiver, DeliveryType, InputError, Occupation, Parity
from oxytimer.domain.records import Slot as SlotCode
from oxytimer.domain.registry import EDITABLE_MOTHER_FIELDS, RegistryEntry
from oxytimer.storage.reading import registry_page
from oxytimer.storage.repository import Repository, ScoreRecord, SessionRecord, StorageError
from oxytimer.ui.dialogs import CorrectionDialog, ReasonDialog, date_edit, from_qdate
from oxytimer.ui.labels import (
    audit_action_label,
    caregiver_label,
    delivery_type_label,
    field_label,
    format_date,
    format_datetime,
    format_duration,
    mother_status_label,
    occupation_label,
    parity_label,
    parse_duration,
    session_state_text,
    session_status_label,
    slot_label,
    yes_no_label,
)
from oxytimer.ui.messages import input_error_text, storage_error_text
from oxytimer.ui.models import PagedTableModel, RecordTableModel
from oxytimer.ui.row_heights import RowHeights
from oxytimer.ui.site_names import SiteNames
from oxytimer.ui.widgets import ErrorLabel, InstrumentForm, keep_headings_whole, read_only_table
from oxytimer.ui.workers import Task, read_task


@dataclass(frozen=True)
class ValueRef:
    """A stored value the user selected: where it lives and how it is shown."""

    table: str
    record_id: str
    field: str | None
    what: str
    text: str
    correctable: bool
    raw: Any = None


@dataclass(frozen=True)
class DetailRow:
    field: str
    label: str
    text: str
    raw: Any


# Session table columns: (field or score kind, correctable); headers in _session_headers().
_SESSION_COLUMNS: tuple[tuple[str, bool], ...] = (
    ("started_at", False),
    ("slot", True),
    ("caregiver", True),
    ("status", False),
    ("planned_seconds", True),
    ("massage_seconds", True),
    ("pause_count", True),
    ("pre", True),
    ("post", True),
    ("voided", False),
)


def _local(stamp: str | None, *, with_year: bool = True) -> str:
    return format_datetime(parse_utc(stamp), with_year=with_year) if stamp else ""


def _day(iso: str | None) -> str:
    return format_date(date.fromisoformat(iso)) if iso else ""


class HistoryView(QWidget):
    """The history tab.

    Signals:
        records_changed(): a value was corrected, a session voided, a record (un)locked.
    """

    records_changed = Signal()

    def __init__(
        self,
        repo: Repository,
        instrument: Instrument,
        clock: Clock,
        lang: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.repo = repo
        self.instrument = instrument
        self.clock = clock
        self.lang = lang
        self.mother_id: str | None = None
        self.current: ValueRef | None = None
        self._mother_reads = 0  # the latest read of the chosen mother's records
        self.mother_task: Task | None = None
        self._shown_mother: str | None = None  # whose records the page shows
        self.sites = SiteNames(repo)  # the puskesmas by name
        self.dialog: CorrectionDialog | ReasonDialog | None = None

        self.title = QLabel(self.tr("History and corrections"), self)
        self.title.setObjectName("pageTitle")
        self.mother_combo = QComboBox(self)
        self.mother_combo.setAccessibleName(self.tr("Mother"))
        self.mother_combo.setMinimumWidth(320)
        self.mother_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.mother_combo.setMinimumContentsLength(20)
        # The mothers come a page at a time, read off the GUI thread; the list asks for
        # more as it is scrolled.
        self.mothers_model: PagedTableModel[RegistryEntry] = PagedTableModel(
            [(lambda: self.tr("Mother"), self._mother_text)],
            repo,
            lambda reader, offset, limit: registry_page(reader, offset=offset, limit=limit),
            self,
            key=lambda entry: entry.id,
        )
        self.mother_combo.setModel(self.mothers_model)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("selectedMother")
        self.status_label.setWordWrap(True)
        self.lock_button = QPushButton(self.tr("Lock…"), self)
        self.unlock_button = QPushButton(self.tr("Unlock…"), self)

        self.details_model: RecordTableModel[DetailRow] = RecordTableModel(
            [
                (lambda: self.tr("Detail"), lambda r: r.label),
                (lambda: self.tr("Value"), lambda r: r.text),
            ],
            self,
            tooltips=True,
        )
        # Each widget is made in the one that shows it (a move restyles it): the details
        # and sessions side by side above the change history, in two splitters.
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        upper = QSplitter(splitter)
        details_box = QGroupBox(self.tr("Registry details"), upper)
        sessions_box = QGroupBox(self.tr("Sessions"), upper)
        history_box = QWidget(splitter)
        self.details_table = self._table(
            self.details_model, self.tr("Registry details"), details_box
        )
        self.sessions_model: RecordTableModel[SessionRecord] = RecordTableModel(
            [
                (header, lambda s, f=field: self._session_cell(s, f))
                for header, (field, _) in zip(
                    self._session_headers(), _SESSION_COLUMNS, strict=True
                )
            ],
            self,
            tooltips=True,
        )
        self.sessions_table = self._table(self.sessions_model, self.tr("Sessions"), sessions_box)
        self.sessions_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        # A value too long for its column (an occupation, the screening) wraps onto more
        # lines, its row growing, rather than being cut.
        self.details_table.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.Stretch
        )
        self.details_table.setWordWrap(True)
        # Its values' column keeps room for its heading (the list's column sizes follow
        # its values and the text size).
        self.details_table.horizontalHeader().sectionResized.connect(self._keep_headings)
        self.details_model.modelReset.connect(self._keep_headings)
        detail_rows = self.details_table.verticalHeader()
        detail_rows.setMinimumSectionSize(detail_rows.defaultSectionSize())
        self.details_heights = RowHeights(self.details_table, (1,))  # the values wrap
        self.history_model: RecordTableModel[dict[str, Any]] = RecordTableModel(
            [
                (lambda: self.tr("When"), lambda a: _local(a["at"])),
                (lambda: self.tr("Who"), lambda a: a["operator"]),
                (lambda: self.tr("What"), lambda a: audit_action_label(a["action"])),
                (lambda: self.tr("Value"), lambda a: self._field_text(a["field"])),
                (lambda: self.tr("Old"), lambda a: self._value_text(a, a["old_value"])),
                (lambda: self.tr("New"), lambda a: self._value_text(a, a["new_value"])),
                (lambda: self.tr("Reason"), lambda a: a["reason"]),
            ],
            self,
            tooltips=True,
        )
        self.history_table = self._table(self.history_model, self.tr("Change history"), history_box)
        # When, who and what as wide as they need; the value, the old and new values and
        # the reason share the rest and wrap: every column on screen, none sideways.
        history_header = self.history_table.horizontalHeader()
        for column in range(3):
            history_header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        for column in range(3, 6):  # as wide as their texts, up to a share (then they wrap)
            history_header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        history_header.setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)  # the reason
        self.history_model.modelReset.connect(self._fit_history_columns_later)
        self.history_table.setWordWrap(True)
        # Each row as high as its wrapped texts (each distinct text measured once: Qt's
        # own way asked the model for every cell's text, font, colour... at each layout).
        self.history_heights = RowHeights(self.history_table, range(7))
        self.history_title = QLabel(
            self.tr("Select a value to see its change history."), history_box
        )
        self.history_title.setObjectName("question")
        self.history_title.setWordWrap(True)
        self.correct_button = QPushButton(self.tr("Correct…"), history_box)
        self.correct_button.setObjectName("primary")
        self.void_button = QPushButton(self.tr("Void session…"), history_box)
        self.void_button.setObjectName("danger")
        self.error = ErrorLabel(history_box, reserve=True)

        # Two rows: the title and the mother's status; the mother (her whole entry) and
        # the lock. Side by side, the title and the list would not fit 1024 px.
        top = QVBoxLayout()
        heading = QHBoxLayout()
        heading.addWidget(self.title)
        heading.addWidget(self.status_label, 1)
        choose = QHBoxLayout()
        choose.addWidget(self.mother_combo, 1)
        choose.addWidget(self.lock_button)
        choose.addWidget(self.unlock_button)
        top.addLayout(heading)
        top.addLayout(choose)
        QVBoxLayout(details_box).addWidget(self.details_table)
        QVBoxLayout(sessions_box).addWidget(self.sessions_table)
        upper.addWidget(details_box)
        upper.addWidget(sessions_box)
        # The details get room for their values; the sessions scroll sideways anyway.
        upper.setStretchFactor(0, 2)
        upper.setStretchFactor(1, 3)
        upper.setSizes([560, 840])
        history_layout = QVBoxLayout(history_box)
        history_layout.setContentsMargins(0, 0, 0, 0)
        # What is shown and what can be done with it on one row: the changes get the room.
        title_row = QHBoxLayout()
        title_row.addWidget(self.history_title, 1)
        title_row.addWidget(self.void_button)
        title_row.addWidget(self.correct_button)
        history_layout.addLayout(title_row)
        history_layout.addWidget(self.history_table, 1)
        history_layout.addWidget(self.error)
        splitter.addWidget(upper)
        splitter.addWidget(history_box)
        # The changes a little more: on a short screen they stay legible.
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        self._connect_signals()
        self.refresh()

    def resizeEvent(self, event: QResizeEvent) -> None:
        keep_headings_whole(self.details_table)
        super().resizeEvent(event)
        self._fit_history_columns()

    @Slot()
    def _fit_history_columns_later(self) -> None:
        QTimer.singleShot(0, self, self._fit_history_columns)  # once the rows are laid out

    @Slot()
    def _fit_history_columns(self) -> None:
        """Value, old and new as wide as their texts up to a fifth of the table each, the
        reason the rest; no column narrower than its heading (large text).

        Not while the page is hidden (a mother's history read after the user left the
        tab: each cell measured in Python); when it is shown again."""
        if not self.isVisible():
            return
        table = self.history_table
        header = table.horizontalHeader()
        widest = max(header.sectionSizeHint(c) for c in range(3, header.count()))
        if header.minimumSectionSize() != widest:
            header.setMinimumSectionSize(widest)
        share = table.viewport().width() // 5
        for column in range(3, 6):
            wanted = max(self.history_heights.widest(column), header.sectionSizeHint(column))
            header.resizeSection(column, max(min(wanted, share), widest))
        self.history_heights.fit()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._keep_headings()
        self._fit_history_columns()

    @Slot()
    def _keep_headings(self) -> None:
        # After the columns have followed the new values (laid out on the next round);
        # not while the page is hidden (each cell measured in Python): when it is shown.
        if self.isVisible():
            QTimer.singleShot(0, self.details_table, self._keep_headings_now)

    def _keep_headings_now(self) -> None:
        if self.isVisible():
            keep_headings_whole(self.details_table)

    def _session_headers(self) -> list[Callable[[], str]]:
        return [
            lambda: self.tr("Started"),
            lambda: self.tr("Slot"),
            lambda: self.tr("Given by"),
            lambda: self.tr("Status"),
            lambda: self.tr("Planned"),
            lambda: self.tr("Massage"),
            lambda: self.tr("Pauses"),
            lambda: self.tr("Before"),
            lambda: self.tr("After"),
            lambda: self.tr("Voided"),
        ]

    def _table(self, model: RecordTableModel[Any], name: str, parent: QWidget) -> QTableView:
        # Every column as wide as its heading and values (the table scrolls sideways when
        # they are many): a stretched last column could end narrower than its heading.
        return read_only_table(QTableView(parent), model, name)

    def _connect_signals(self) -> None:
        self.mother_combo.activated.connect(self._on_mother_combo_changed)
        self.mothers_model.loaded.connect(self._on_mothers_model_loaded)
        self.details_table.selectionModel().currentChanged.connect(self._on_detail_changed)
        self.sessions_table.selectionModel().currentChanged.connect(self._on_session_cell_changed)
        self.correct_button.clicked.connect(self._on_correct_button_clicked)
        self.void_button.clicked.connect(self._on_void_button_clicked)
        self.lock_button.clicked.connect(self._on_lock_button_clicked)
        self.unlock_button.clicked.connect(self._on_unlock_button_clicked)

    # ---------------------------------------------------------------- display
    def _session_cell(self, s: SessionRecord, field: str) -> str:
        if field == "started_at":
            return _local(s.started_at, with_year=False)
        if field == "slot":
            return slot_label(s.slot or "")
        if field == "caregiver":
            return caregiver_label(s.caregiver)
        if field == "status":
            return session_state_text(s.status, s.massage_seconds, s.planned_seconds)
        if field == "planned_seconds":
            return format_duration(s.planned_seconds)
        if field == "massage_seconds":
            return format_duration(s.massage_seconds)
        if field == "pause_count":
            return str(s.pause_count)
        if field in ("pre", "post"):
            score: ScoreRecord | None = getattr(s, field)
            if score is None:
                return "—"
            return self._score_text(score)
        if field == "voided":
            return self.tr("Voided") if s.voided else ""
        return ""

    def _value_text(self, audit: dict[str, Any], value: str | None) -> str:
        """A stored value as a person reads it: codes named, yes/no for flags, local dates
        and times, lengths as m:ss."""
        if value is None:
            return ""
        field = audit["field"] or ""
        table = audit["table_name"]
        if field == "status":
            return mother_status_label(value) if table == "mothers" else session_status_label(value)
        if field == "category":
            try:
                return self.instrument.category_by_id(value).label.get(self.lang)
            except KeyError:
                return value
        if field in (
            "locked",
            "voided",
            "lives_with_husband",
            "consent",
            "eligible",
        ) or field.startswith("item:"):
            return yes_no_label(value)
        try:
            if field.endswith("_at"):
                return _local(value)
            if field.endswith("_date"):
                return _day(value[:10])
            if field.endswith("_seconds"):
                return format_duration(float(value))
        except ValueError:
            return value  # not what the field holds: shown as stored
        namers: dict[str, Callable[[str], str]] = {
            "caregiver": caregiver_label,
            "slot": slot_label,
            "occupation": occupation_label,
            "parity": parity_label,
            "delivery_type": delivery_type_label,
            "source": self._source_text,
            "design": self._design_text,
            "kind": self._kind_text,
        }
        return namers[field](value) if field in namers else value

    def _source_text(self, code: str) -> str:
        return {
            "app": self.tr("this app"),
            "import": self.tr("import from paper"),
            "demo": self.tr("demo data"),
        }.get(code, code)

    def _design_text(self, code: str) -> str:
        return {
            "session_check": self.tr("session questions"),
            "full_checklist": self.tr("whole checklist"),
        }.get(code, code)

    def _kind_text(self, code: str) -> str:
        return {"pre": self.tr("Before"), "post": self.tr("After")}.get(code, code)

    def _field_text(self, field: str | None) -> str:
        if field and field.startswith("item:"):
            ids = [item.id for item in self.instrument.items]
            if field[5:] in ids:
                number = ids.index(field[5:]) + 1
                text = self.instrument.items[number - 1].text.get(self.lang)
                return self.tr("Item {n}: {text}").format(n=number, text=text)
        return field_label(field)

    def _score_text(self, score: ScoreRecord) -> str:
        """ "5 (Cukup)"; a score without bands (the session check) "3 of 5", or only its
        total when its questions are not known (typed in from paper)."""
        if score.category:
            try:
                label = self.instrument.category_by_id(score.category).label.get(self.lang)
            except KeyError:
                label = score.category  # a category this instrument does not know
            return f"{score.total} ({label})"
        if score.items:
            return self.tr("{total} of {max}").format(total=score.total, max=len(score.items))
        return str(score.total)

    def _details(self, entry: RegistryEntry, screening: Any) -> list[DetailRow]:
        rows = [
            DetailRow("study_code", self.tr("Study code"), entry.study_code, entry.study_code),
            DetailRow(
                "site", self.tr("Puskesmas"), self.sites.full(entry.site_code), entry.site_code
            ),
            DetailRow("name", self.tr("Name"), entry.name or "", entry.name),
            DetailRow("age", self.tr("Age"), str(entry.age or ""), entry.age),
            DetailRow(
                "occupation",
                self.tr("Occupation"),
                occupation_label(entry.occupation),
                entry.occupation,
            ),
            DetailRow("parity", self.tr("Parity"), parity_label(entry.parity), entry.parity),
            DetailRow(
                "delivery_date",
                self.tr("Delivery date"),
                _day(entry.delivery_date),
                entry.delivery_date,
            ),
            DetailRow(
                "delivery_type",
                self.tr("Type of delivery"),
                delivery_type_label(entry.delivery_type),
                entry.delivery_type,
            ),
            DetailRow(
                "lives_with_husband",
                self.tr("Lives with husband"),
                yes_no_label(entry.lives_with_husband),
                entry.lives_with_husband,
            ),
            DetailRow("consent", self.tr("Consent"), yes_no_label(entry.consent), entry.consent),
            DetailRow(
                "consent_date",
                self.tr("Consent date"),
                _day(entry.consent_date),
                entry.consent_date,
            ),
            DetailRow(
                "status",
                self.tr("Status"),
                " · ".join(
                    x
                    for x in (
                        mother_status_label(entry.status),
                        entry.status_reason or "",
                        _day(entry.status_date),
                    )
                    if x
                ),
                entry.status,
            ),
        ]
        if screening is not None:
            rows.append(
                DetailRow(
                    "screening",
                    self.tr("Screening"),
                    self.tr("{result}, criteria version {version}, {when}").format(
                        result=self.tr("eligible")
                        if screening["eligible"]
                        else self.tr("not eligible"),
                        version=screening["criteria_version"],
                        when=_local(screening["screened_at"]),
                    ),
                    screening["id"],
                )
            )
        return rows

    def _mother_text(self, entry: RegistryEntry) -> str:
        site = self.sites.name(entry.site_code)
        return f"{entry.study_code} ({site}) — {mother_status_label(entry.status)}"

    @property
    def loading(self) -> bool:
        """Whether the list of mothers or the chosen mother's records are being read, or
        rows wait to be fitted."""
        return (
            self.mothers_model.loading
            or (self.mother_task is not None and not self.mother_task.delivered)
            or self.history_heights.pending
            or self.details_heights.pending
        )

    def refresh(self) -> None:
        self.sites.reload()
        if self.mothers_model.rowCount() == 0:
            self.mothers_model.reload()
        else:
            self.mothers_model.refresh()
        self._load_mother()

    @Slot(int)
    def _on_mothers_model_loaded(self, _rows: int) -> None:
        if self.mother_id is None and self.mothers_model.rowCount():
            self.mother_id = self.mothers_model.record(0).id
            self._load_mother()
        self._show_chosen_mother()

    def _show_chosen_mother(self) -> None:
        """Point the list at the chosen mother (her row, or her name when not loaded)."""
        row = next(
            (
                r
                for r, entry in enumerate(self.mothers_model.records())
                if entry.id == self.mother_id
            ),
            -1,
        )
        blocked = self.mother_combo.blockSignals(True)
        self.mother_combo.setCurrentIndex(row)
        if row < 0 and self.mother_id is not None:
            try:
                self.mother_combo.setPlaceholderText(
                    self._mother_text(self.repo.registry_entry(self.mother_id))
                )
            except InputError:
                self.mother_combo.setPlaceholderText("")
        self.mother_combo.blockSignals(blocked)

    def show_mother(self, mother_id: str) -> None:
        self.mother_id = mother_id
        self.current = None
        self.refresh()
        self._show_chosen_mother()

    def _load_mother(self, then: Callable[[], None] | None = None) -> None:
        """Read the chosen mother's entry, sessions and changes off the window's thread
        (eleven queries: 26-29 ms on a district's database, more on a slow disk), then
        show them and call ``then``. A read overtaken by a newer one is dropped."""
        self._mother_reads += 1
        request = self._mother_reads
        mother_id = self.mother_id
        if mother_id != self._shown_mother:  # nothing of the mother before stays
            self._shown_mother = None
            self.status_label.setText("")
            self.details_model.set_records([])
            self.sessions_model.set_records([])
            self.history_model.set_records([])
            self._update_buttons(None)
            self.correct_button.setEnabled(False)
            self.void_button.setEnabled(False)
        if mother_id is None:
            self.mother_task = None
            self.status_label.setText(self.tr("No mother yet."))
            if then is not None:
                then()
            return
        ref = self.current

        def read(reader: Repository, _job: object) -> _MotherRecords:
            entry = reader.registry_entry(mother_id)
            return _MotherRecords(
                entry,
                reader.screening(entry.id),
                reader.sessions_for_mother(mother_id),
                _changes(reader, ref, mother_id),
                ref,
            )

        self.mother_task = read_task(
            self.repo,
            read,
            lambda records: self._show_mother_records(request, records, then),
            lambda error: self._on_mother_read_failed(request, error),
        )

    def _show_mother_records(
        self, request: int, records: _MotherRecords, then: Callable[[], None] | None
    ) -> None:
        if request != self._mother_reads:
            return  # another mother chosen, or the records changed, meanwhile
        entry = records.entry
        self._shown_mother = entry.id
        locked = self.tr("Locked: unlock with a reason to correct.") if entry.locked else ""
        self.status_label.setText(
            " · ".join(x for x in (mother_status_label(entry.status), locked) if x)
        )
        self.details_model.set_records(self._details(entry, records.screening))
        self.sessions_model.set_records(records.sessions)
        self._update_buttons(entry)
        if self.current is records.ref:
            self._show_changes(records.changes)
        else:  # a value chosen while her records were read: its changes
            self._show_history()
        if then is not None:
            then()

    def _on_mother_read_failed(self, request: int, error: object) -> None:
        if request != self._mother_reads:
            return
        if isinstance(error, InputError):
            text = input_error_text(error)
        elif isinstance(error, StorageError):
            text = storage_error_text(error)
        else:
            text = str(error)
        self.error.show_message(text)

    def _update_buttons(self, entry: RegistryEntry | None) -> None:
        self.lock_button.setVisible(entry is not None and not entry.locked)
        self.unlock_button.setVisible(entry is not None and entry.locked)

    # -------------------------------------------------------------- selection
    @Slot()
    def _on_mother_combo_changed(self) -> None:
        row = self.mother_combo.currentIndex()
        if row < 0:
            return
        self.mother_id = self.mothers_model.record(row).id
        self.current = None
        self.error.show_message("")
        self._load_mother()

    @Slot(QModelIndex, QModelIndex)
    def _on_detail_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid() or self.mother_id is None:
            return
        row = self.details_model.record(current.row())
        if row.field == "screening":
            self.current = ValueRef("screenings", str(row.raw), None, row.label, row.text, False)
        else:
            self.current = ValueRef(
                "mothers",
                self.mother_id,
                row.field,
                row.label,
                row.text,
                row.field in EDITABLE_MOTHER_FIELDS,
                row.raw,
            )
        self.error.show_message("")
        self._show_history()

    @Slot(QModelIndex, QModelIndex)
    def _on_session_cell_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        session = self.sessions_model.record(current.row())
        field, correctable = _SESSION_COLUMNS[current.column()]
        header = self._session_headers()[current.column()]()
        what = f"{session.study_code} · {_local(session.started_at)} · {header}"
        text = self._session_cell(session, field)
        if field in ("pre", "post"):
            score = getattr(session, field)
            if score is None:
                self.current = ValueRef("sessions", session.id, None, what, text, False)
            else:
                self.current = ValueRef("scores", score.id, None, what, text, True, score)
        else:
            raw = getattr(session, field)
            self.current = ValueRef("sessions", session.id, field, what, text, correctable, raw)
        self.error.show_message("")
        self._show_history()

    def select_session_value(self, row: int, field: str) -> None:
        """Select the cell of ``field`` (a column's field) in session ``row``."""
        column = [f for f, _ in _SESSION_COLUMNS].index(field)
        self.sessions_table.setCurrentIndex(self.sessions_model.index(row, column))

    def select_detail(self, field: str) -> None:
        for row, detail in enumerate(self.details_model.records()):
            if detail.field == field:
                self.details_table.setCurrentIndex(self.details_model.index(row, 1))
                return

    def _show_history(self) -> None:
        """The changes of the chosen value (one indexed query), or of the whole mother."""
        self._show_changes(_changes(self.repo, self.current, self.mother_id))

    def _show_changes(self, rows: list[dict[str, Any]]) -> None:
        ref = self.current
        if ref is None:
            self.history_title.setText(self.tr("Changes to this mother's records:"))
        else:
            self.history_title.setText(self.tr("Change history of: {what}").format(what=ref.what))
        self.history_model.set_records([_readable(r) for r in reversed(rows)])
        self.correct_button.setEnabled(ref is not None and ref.correctable)
        self.void_button.setEnabled(ref is not None and ref.table in ("sessions", "scores"))

    def history_rows(self) -> list[dict[str, Any]]:
        return self.history_model.records()

    # ------------------------------------------------------------ corrections
    def _editor(
        self, ref: ValueRef
    ) -> tuple[QWidget, Callable[[], Any], Callable[[Any, str], None]]:
        """A widget for the new value, how to read it, and how to save it."""
        repo = self.repo
        if ref.table == "scores":
            score: ScoreRecord = ref.raw
            if score.items:
                form = InstrumentForm(self.instrument, self.lang)
                form.set_answers(dict(score.items))

                def read_items() -> dict[str, bool]:
                    answers = form.answers()
                    missing = [k for k, v in answers.items() if v is None]
                    if missing:
                        raise InputError("items", "incomplete", ids=missing)
                    return {k: bool(v) for k, v in answers.items()}

                return (
                    form,
                    read_items,
                    lambda value, reason: repo.correct_score(
                        score.id, reason, self.instrument, items=value
                    ),
                )
            total_edit = QLineEdit(str(score.total))
            return (
                total_edit,
                lambda: _parse_number("total", total_edit.text(), whole=True),
                lambda value, reason: repo.correct_score(
                    score.id, reason, self.instrument, total=value
                ),
            )
        assert ref.field is not None
        field = ref.field
        if ref.table == "sessions":

            def save(value: Any, reason: str) -> None:
                repo.correct_session(ref.record_id, field, value, reason)

            choices = {
                "caregiver": [(c.value, caregiver_label(c.value)) for c in Caregiver],
                "slot": [(s.value, slot_label(s.value)) for s in SlotCode],
            }
            if field in choices:
                return (*_combo(choices[field], ref.raw), save)
            if field.endswith("_seconds"):  # typed as m:ss, as it is shown
                length_edit = QLineEdit(format_duration(float(ref.raw or 0)))
                length_edit.setPlaceholderText(self.tr("m:ss"))
                whole = field == "planned_seconds"
                return length_edit, lambda: _parse_length(field, length_edit.text(), whole), save
            edit = QLineEdit(str(ref.raw))
            return edit, lambda: _parse_number(field, edit.text(), whole=True), save

        def save_mother(value: Any, reason: str) -> None:
            repo.correct_mother(ref.record_id, field, value, reason)

        mother_choices = {
            "occupation": [(o.value, occupation_label(o.value)) for o in Occupation],
            "parity": [(p.value, parity_label(p.value)) for p in Parity],
            "delivery_type": [(d.value, delivery_type_label(d.value)) for d in DeliveryType],
        }
        if field in mother_choices:
            return (*_combo(mother_choices[field], ref.raw), save_mother)
        if field == "lives_with_husband":
            widget, read = _combo(
                [("yes", self.tr("Yes")), ("no", self.tr("No"))], "yes" if ref.raw else "no"
            )
            return widget, lambda: read() == "yes", save_mother
        if field in ("delivery_date", "consent_date"):
            start = (
                date.fromisoformat(ref.raw) if ref.raw else self.clock.now_utc().astimezone().date()
            )
            edit_date = date_edit(start, self)
            return edit_date, lambda: from_qdate(edit_date.date()), save_mother
        if field == "age":
            age_edit = QLineEdit(str(ref.raw or ""))
            return age_edit, lambda: _parse_number("age", age_edit.text(), whole=True), save_mother
        name_edit = QLineEdit(str(ref.raw or ""))
        return name_edit, lambda: name_edit.text().strip() or None, save_mother

    @Slot()
    def _on_correct_button_clicked(self) -> None:
        ref = self.current
        if ref is None or not ref.correctable:
            self.error.show_message(self.tr("Select a value that can be corrected."))
            return
        editor, read, save = self._editor(ref)
        self.dialog = CorrectionDialog(ref.what, ref.text, editor, read, save, self)
        self.dialog.accepted.connect(self._on_records_changed)
        self.dialog.open()

    def _selected_session(self) -> SessionRecord | None:
        index = self.sessions_table.currentIndex()
        return self.sessions_model.record(index.row()) if index.isValid() else None

    @Slot()
    def _on_void_button_clicked(self) -> None:
        session = self._selected_session()
        if session is None:
            self.error.show_message(self.tr("Select a session first."))
            return
        self.dialog = ReasonDialog(
            self.tr("Void a session"),
            self.tr(
                "The session {code} · {when} is kept, marked voided, and left out of the analysis."
            ).format(code=session.study_code, when=_local(session.started_at)),
            lambda reason, _day: self.repo.void_session(session.id, reason),
            save_text=self.tr("Void session"),
            parent=self,
        )
        self.dialog.accepted.connect(self._on_records_changed)
        self.dialog.open()

    def _lock_dialog(self, unlock: bool) -> None:
        mother_id = self.mother_id
        if mother_id is None:
            return
        action = self.repo.unlock_record if unlock else self.repo.lock_record
        self.dialog = ReasonDialog(
            self.tr("Unlock the record") if unlock else self.tr("Lock the record"),
            self.tr("Why is the record unlocked? The reason is logged.")
            if unlock
            else self.tr("A locked record refuses every correction until it is unlocked."),
            lambda reason, _day: action(mother_id, reason),
            save_text=self.tr("Unlock") if unlock else self.tr("Lock"),
            parent=self,
        )
        self.dialog.accepted.connect(self._on_records_changed)
        self.dialog.open()

    @Slot()
    def _on_lock_button_clicked(self) -> None:
        self._lock_dialog(unlock=False)

    @Slot()
    def _on_unlock_button_clicked(self) -> None:
        self._lock_dialog(unlock=True)

    @Slot()
    def _on_records_changed(self) -> None:
        current = self.current
        sessions_index = self.sessions_table.currentIndex()
        details_index = self.details_table.currentIndex()

        def choose_again() -> None:  # once her records are shown again
            if current is not None and current.table in ("sessions", "scores"):
                if sessions_index.isValid():
                    self.sessions_table.setCurrentIndex(
                        self.sessions_model.index(sessions_index.row(), sessions_index.column())
                    )
            elif current is not None and details_index.isValid():
                self.details_table.setCurrentIndex(self.details_model.index(details_index.row(), 1))

        self._load_mother(then=choose_again)
        self.records_changed.emit()


@dataclass(frozen=True)
class _MotherRecords:
    """What History shows of a mother, read together off the window's thread."""

    entry: RegistryEntry
    screening: Any
    sessions: list[SessionRecord]
    changes: list[dict[str, Any]]
    ref: ValueRef | None  # the value the changes are of (None: all of hers)


def _changes(repo: Repository, ref: ValueRef | None, mother_id: str | None) -> list[dict[str, Any]]:
    """The audit rows of the value ``ref`` (its insert shown as its first value), or of
    every record of the mother when ``ref`` is None."""
    if ref is None:
        return repo.mother_history(mother_id) if mother_id else []
    rows = []
    for audit in repo.change_history(ref.table, ref.record_id):
        if ref.field is None or audit["field"] == ref.field:
            rows.append(audit)
        elif audit["action"] == "insert" and ref.field:
            first = json.loads(audit["new_value"] or "{}").get(ref.field)
            rows.append({**audit, "field": ref.field, "new_value": first})
    return rows


def _readable(audit: dict[str, Any]) -> dict[str, Any]:
    """An audit row as shown: a whole-record insert shows its score total, not its JSON."""
    if audit["action"] != "insert" or audit["field"] is not None:
        return audit
    try:
        record = json.loads(audit["new_value"] or "{}")
    except ValueError:
        record = {}
    shown = record.get("total", "") if audit["table_name"] == "scores" else ""
    return {**audit, "new_value": "" if shown is None else str(shown)}


def _combo(choices: list[tuple[str, str]], current: Any) -> tuple[QComboBox, Callable[[], Any]]:
    combo = QComboBox()
    for value, label in choices:
        combo.addItem(label, value)
    combo.setCurrentIndex(max(combo.findData(current), 0))
    return combo, combo.currentData


def _parse_length(field: str, text: str, whole: bool) -> int | float:
    """Seconds from "m:ss" or a number of seconds."""
    seconds = parse_duration(text)
    if seconds is None:
        raise InputError(field, "not_a_number")
    return round(seconds) if whole else seconds


def _parse_number(field: str, text: str, *, whole: bool) -> int | float:
    cleaned = text.strip().replace(",", ".")
    try:
        return int(cleaned) if whole else float(cleaned)
    except ValueError:
        raise InputError(field, "not_a_number") from None
