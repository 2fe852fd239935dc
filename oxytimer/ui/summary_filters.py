"""The Summary's filters: which mothers and sessions are analysed, and how they are paired.

:class:`SummaryFilters` builds the controls (laid out by :meth:`add_to`), reads their
choices (sites, caregivers, versions, the enrolment span) on a worker thread, and says
which :class:`~oxytimer.storage.analysis.AnalysisFilter` and pairing rule they describe.

Signals:
    changed: A filter or the pairing rule was changed by the user.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QObject, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLayout,
    QVBoxLayout,
    QWidget,
)

from oxytimer.storage.analysis import AnalysisFilter, filter_choices
from oxytimer.storage.repository import Repository
from oxytimer.storage.summary import enrolment_range
from oxytimer.ui.labels import caregiver_label
from oxytimer.ui.summary_widgets import ElidingComboBox
from oxytimer.ui.widgets import WrapGridLayout
from oxytimer.ui.workers import Job, Task, read_task


class SummaryFilters(QObject):
    """The filter controls of the Summary tab (see the module's docstring)."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None, home: QWidget | None = None) -> None:
        """``home``: the widget that shows the controls (they are made in it)."""
        super().__init__(parent)
        self.site_names: dict[str, str] = {}  # puskesmas names by code
        self.choices_task: Task | None = None
        self._home = home
        self.site_combo = ElidingComboBox(home)
        self.caregiver_combo = ElidingComboBox(home)
        self.protocol_combo = ElidingComboBox(home)
        self.instrument_combo = ElidingComboBox(home)
        self.instrument_combo.setAccessibleName(self.tr("Instrument version"))
        self.pairing_combo = ElidingComboBox(home)
        self.combos = (
            self.site_combo,
            self.caregiver_combo,
            self.protocol_combo,
            self.instrument_combo,
            self.pairing_combo,
        )
        for combo in self.combos:  # whole: a filter is read before it is trusted
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for rule, text in (
            ("first-last", self.tr("First pre-score → last post-score (as in the study)")),
            ("means", self.tr("Mean pre-score → mean post-score")),
            ("sessions", self.tr("Each session (not independent)")),
        ):
            self.pairing_combo.addItem(text, rule)
        self.from_check = QCheckBox(self.tr("Enrolled from"), home)
        self.to_check = QCheckBox(self.tr("to"), home)
        self.from_date = QDateEdit(home, calendarPopup=True)
        self.to_date = QDateEdit(home, calendarPopup=True)
        for edit in (self.from_date, self.to_date):
            edit.setDisplayFormat("dd/MM/yyyy")  # as every date the interface shows
            edit.setEnabled(False)
        self.completed_check = QCheckBox(self.tr("Completed follow-up only"), home)
        self._connect_signals()

    def add_to(self, layout: QVBoxLayout) -> None:
        """Lay the controls out in ``layout``: the combo boxes, then the dates."""
        # One filter a row, each whole; its label goes above it when the row is too narrow
        # (large text on 1024 px). The page scrolls (once) when they need the height.
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        for text, combo in (
            (self.tr("Site"), self.site_combo),
            (self.tr("Massage given by"), self.caregiver_combo),
            (self.tr("Protocol version"), self.protocol_combo),
            (self.tr("Instrument version"), self.instrument_combo),
            (self.tr("Pairs"), self.pairing_combo),
        ):
            form.addRow(text, combo)
        layout.addLayout(form)
        # The dates and the check box wrap onto more rows when narrow.
        dates: QLayout = WrapGridLayout()
        for check, edit in ((self.from_check, self.from_date), (self.to_check, self.to_date)):
            pair = QWidget(self._home)
            row = QHBoxLayout(pair)
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(check)
            row.addWidget(edit, 1)
            dates.addWidget(pair)
        dates.addWidget(self.completed_check)
        layout.addLayout(dates)

    def _connect_signals(self) -> None:
        for combo in self.combos:
            combo.currentIndexChanged.connect(self.changed)
        self.from_check.toggled.connect(self.from_date.setEnabled)
        self.to_check.toggled.connect(self.to_date.setEnabled)
        for check in (self.from_check, self.to_check, self.completed_check):
            check.toggled.connect(self.changed)
        self.from_date.dateChanged.connect(self.changed)
        self.to_date.dateChanged.connect(self.changed)

    def load_choices(self, repo: Repository) -> None:
        """Read the filters' choices on a worker thread (whole-table reads)."""

        def read(reader: Repository, _job: Job) -> tuple[Any, ...]:
            return filter_choices(reader.db), reader.sites(), enrolment_range(reader)

        self.choices_task = read_task(repo, read, self.show_choices)

    def show_choices(self, found: tuple[Any, ...]) -> None:
        choices, sites, span = found
        widgets = (
            self.site_combo,
            self.caregiver_combo,
            self.protocol_combo,
            self.instrument_combo,
        )
        for w in widgets:
            w.blockSignals(True)
            w.clear()
        self.site_combo.addItem(self.tr("All sites"), None)
        names = {s["code"]: s["name"] for s in sites}
        self.site_names.clear()
        self.site_names.update(names)
        for code in choices["sites"]:
            self.site_combo.addItem(f"{code} — {names.get(code, code)}", code)
        self.caregiver_combo.addItem(self.tr("Anyone"), None)
        for code in choices["caregivers"]:
            self.caregiver_combo.addItem(caregiver_label(code), code)
        self.protocol_combo.addItem(self.tr("Any version"), None)
        for version in choices["protocol_versions"]:
            self.protocol_combo.addItem(version, version)
        self.instrument_combo.addItem(self.tr("Any version (warns if mixed)"), None)
        for version in choices["instrument_versions"]:
            self.instrument_combo.addItem(version, version)
        for w in widgets:
            w.blockSignals(False)
        if span is not None:
            for edit in (self.from_date, self.to_date):
                edit.blockSignals(True)
            self.from_date.setDate(QDate(span[0].year, span[0].month, span[0].day))
            self.to_date.setDate(QDate(span[1].year, span[1].month, span[1].day))
            for edit in (self.from_date, self.to_date):
                edit.blockSignals(False)

    def current_filter(self, design: str | None) -> AnalysisFilter:
        """The filter the controls describe, for the measurement ``design``."""

        def one(combo: QComboBox) -> tuple[str, ...] | None:
            value = combo.currentData()
            return None if value is None else (str(value),)

        def day(edit: QDateEdit) -> date:
            d = edit.date()
            return date(d.year(), d.month(), d.day())

        return AnalysisFilter(
            site_codes=one(self.site_combo),
            enrolled_from=day(self.from_date) if self.from_check.isChecked() else None,
            enrolled_to=day(self.to_date) if self.to_check.isChecked() else None,
            caregivers=one(self.caregiver_combo),
            protocol_versions=one(self.protocol_combo),
            instrument_versions=one(self.instrument_combo),
            completed_follow_up_only=self.completed_check.isChecked(),
            design=design,
        )

    def current_rule(self) -> str:
        """The pairing rule chosen."""
        return str(self.pairing_combo.currentData())
