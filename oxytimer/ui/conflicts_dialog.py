"""Data → Conflicts: each conflict a merge met, both versions side by side, resolved here.

Signals:
    resolved(int): a conflict (its number) was resolved; the records changed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from oxytimer.domain.clock import parse_utc
from oxytimer.domain.records import InputError
from oxytimer.storage.conflicts import StoredConflict, choose_values, open_conflicts, rename_mother
from oxytimer.storage.repository import Repository, StorageError
from oxytimer.ui.labels import (
    field_label,
    format_date,
    format_datetime,
    mother_status_label,
    session_status_label,
)
from oxytimer.ui.messages import input_error_text, storage_error_text
from oxytimer.ui.screen_fit import FittedDialog
from oxytimer.ui.widgets import ErrorLabel

_MOTHER_FIELDS = ("study_code", "name", "age", "delivery_date", "enrolled_at", "status")


def shown_value(table: str, column: str, value: Any) -> str:
    """A stored value as the registry shows it (dates, statuses in words)."""
    if value is None or value == "":
        return "—"
    text = str(value)
    try:
        if column.endswith("_at"):
            return format_datetime(parse_utc(text))
        if column.endswith("_date"):
            return format_date(date.fromisoformat(text))
    except ValueError:
        return text
    if column == "status":
        return mother_status_label(text) if table == "mothers" else session_status_label(text)
    return text


class ConflictsDialog(FittedDialog):
    """Lists the open conflicts; the chosen one's two versions and how to resolve it."""

    resolved = Signal(int)

    def __init__(self, parent: QWidget | None = None, repo: Repository | None = None) -> None:
        super().__init__(parent)
        found = repo if repo is not None else getattr(parent, "repo", None)
        if not isinstance(found, Repository):
            raise TypeError("ConflictsDialog needs a repository (or a window with one)")
        self.repo: Repository = found
        self.conflicts: list[StoredConflict] = []
        self.setWindowTitle(self.tr("Conflicts from merging"))
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Conflicts"))
        self.list.setMaximumHeight(120)
        self.empty = QLabel(self.tr("No conflicts: everything merged came in."), self)
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Field"), self.tr("This laptop"), self.tr("Other laptop")]
        )
        self.table.setAccessibleName(self.tr("Both versions side by side"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.explain = QLabel(self)
        self.explain.setWordWrap(True)
        self.new_code = QLineEdit(self)
        self.new_code.setAccessibleName(self.tr("New study code for the mother on this laptop"))
        self.choice = QComboBox(self)
        self.choice.addItem(self.tr("Take the other laptop's value"), "theirs")
        self.choice.addItem(self.tr("Keep this laptop's value"), "here")
        self.choice.addItem(self.tr("Type the right value"), "typed")
        self.choice.setAccessibleName(self.tr("Which value is right"))
        self.typed = QLineEdit(self)
        self.typed.setAccessibleName(self.tr("The right value"))
        self.reason = QLineEdit(self)
        self.reason.setAccessibleName(self.tr("Reason (kept in the change history)"))
        self.error = ErrorLabel(self)
        self.resolve_button = QPushButton(self.tr("Resolve"), self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)

        form = QFormLayout()
        self.code_label = QLabel(self.tr("New code here"), self)
        form.addRow(self.code_label, self.new_code)
        self.choice_label = QLabel(self.tr("Value"), self)
        choice_row = QHBoxLayout()
        choice_row.addWidget(self.choice)
        choice_row.addWidget(self.typed, 1)
        form.addRow(self.choice_label, choice_row)
        form.addRow(self.tr("Reason"), self.reason)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.explain)
        layout.addLayout(form)
        layout.addWidget(self.error)
        actions = QHBoxLayout()
        actions.addWidget(self.resolve_button)
        actions.addStretch(1)
        actions.addWidget(self.buttons)
        layout.addLayout(actions)
        self._connect_signals()
        self.reload()
        self.resize(900, 520)

    def _connect_signals(self) -> None:
        self.list.currentRowChanged.connect(self._on_list_current_row_changed)
        self.choice.currentIndexChanged.connect(self._on_choice_current_index_changed)
        self.resolve_button.clicked.connect(self._on_resolve_button_clicked)
        self.buttons.rejected.connect(self.reject)

    # ----------------------------------------------------------------- showing
    def reload(self) -> None:
        """Read the open conflicts again and show the first."""
        self.conflicts = open_conflicts(self.repo.db)
        self.list.clear()
        for c in self.conflicts:
            item = QListWidgetItem(self._title(c), self.list)
            item.setData(Qt.ItemDataRole.UserRole, c.id)
        has_any = bool(self.conflicts)
        for widget in (self.list, self.table, self.explain, self.resolve_button, self.reason):
            widget.setVisible(has_any)
        self.empty.setVisible(not has_any)
        self._show(None)
        if has_any:
            self.list.setCurrentRow(0)

    def _title(self, c: StoredConflict) -> str:
        if c.kind == "study_code_taken":
            text = self.tr("#{n}: study code {code} is used by two different mothers")
            text = text.format(n=c.id, code=c.detail.get("study_code", ""))
        elif c.kind == "different_content":
            text = self.tr("#{n}: {what} changed on both laptops ({fields})").format(
                n=c.id,
                what=self._record_name(c.table),
                fields=", ".join(field_label(f) for f in c.detail["columns"]),
            )
        else:
            text = self.tr("#{n}: {kind} ({what})").format(
                n=c.id, kind=c.kind, what=self._record_name(c.table)
            )
        return text + " — " + self.tr("{n} record(s) wait").format(n=c.waiting)

    def _record_name(self, table: str) -> str:
        return {
            "mothers": self.tr("a mother's record"),
            "sessions": self.tr("a session"),
            "scores": self.tr("a score"),
            "score_items": self.tr("a score's answer"),
            "screenings": self.tr("a screening"),
        }.get(table, table)

    def current(self) -> StoredConflict | None:
        row = self.list.currentRow()
        return self.conflicts[row] if 0 <= row < len(self.conflicts) else None

    def _show(self, c: StoredConflict | None) -> None:
        self.error.show_message("")
        rename = c is not None and c.kind == "study_code_taken"
        choose = c is not None and c.kind == "different_content" and c.table != "audit_log"
        for widget in (self.code_label, self.new_code):
            widget.setVisible(rename)
        for widget in (self.choice_label, self.choice, self.typed):
            widget.setVisible(choose)
        self.resolve_button.setEnabled(rename or choose)
        self.table.setRowCount(0)
        if c is None:
            return
        theirs: dict[str, Any] = dict(c.theirs.get("row", {}))
        here: dict[str, Any] = dict(c.here or {})
        fields = list(_MOTHER_FIELDS) if rename else list(c.detail.get("columns", []))
        table = "mothers" if rename else c.table
        self.table.setRowCount(len(fields))
        for i, name in enumerate(fields):
            texts = (
                field_label(name),
                shown_value(table, name, here.get(name)),
                shown_value(table, name, theirs.get(name)),
            )
            for j, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if j and name in c.detail.get("columns", ["study_code"]):
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(i, j, item)
        if rename:
            self.explain.setText(
                self.tr(
                    "Two different mothers were given the same code. Give the mother on this"
                    " laptop a new code (write it on her paper form too); merging again then"
                    " brings the other mother in with all her records. If they are the same"
                    " mother, ask the study coordinator before renaming."
                )
            )
            self.new_code.setText(self.repo.suggest_study_code(str(here.get("site_id", ""))))
        elif choose:
            self.explain.setText(
                self.tr(
                    "The same record was changed on both laptops. Choose the right value; the"
                    " other one stays in the record's history."
                )
            )
            single = len(c.detail.get("columns", [])) == 1
            self.choice.model().item(2).setEnabled(single)  # type: ignore[attr-defined]
            self._on_choice_current_index_changed(self.choice.currentIndex())
        else:
            self.explain.setText(
                self.tr("This conflict cannot be resolved here yet: ask the study coordinator.")
            )

    @Slot(int)
    def _on_list_current_row_changed(self, _row: int) -> None:
        self._show(self.current())

    @Slot(int)
    def _on_choice_current_index_changed(self, _index: int) -> None:
        self.typed.setEnabled(self.choice.currentData() == "typed")

    # --------------------------------------------------------------- resolving
    def _problem_text(self, error: InputError) -> str:
        if error.field == "conflict":
            return self.tr("This conflict was already resolved; the list is read again.")
        if error.field == "value" and error.code in ("invalid", "not_a_number"):
            return self.tr("The record does not accept this value.")
        return input_error_text(error)

    @Slot()
    def _on_resolve_button_clicked(self) -> None:
        c = self.current()
        if c is None:
            return
        try:
            if c.kind == "study_code_taken":
                rename_mother(self.repo, c.id, self.new_code.text(), self.reason.text())
            else:
                choice = str(self.choice.currentData())
                if choice == "typed":
                    (column,) = c.detail["columns"]
                    choose_values(
                        self.repo, c.id, self.reason.text(), values={column: self.typed.text()}
                    )
                else:
                    choose_values(self.repo, c.id, self.reason.text(), take=choice)
        except InputError as error:
            self.error.show_message(self._problem_text(error))
            if error.field == "conflict":
                self.reload()
            return
        except StorageError as error:
            self.error.show_message(storage_error_text(error))
            return
        self.reason.clear()
        self.resolved.emit(c.id)
        self.reload()
