"""Import sessions recorded on paper: choose a CSV file, see every bad row, import.

The dialog checks the file with :func:`~oxytimer.storage.exchange.plan_import` (nothing
written) and lists every problem with its line, column and value; Import is enabled only
for a file without problems and writes everything in one transaction, or nothing. Both
run on a worker thread (``ui/data_tasks.py``: a progress dialog after a second, Cancel;
a cancelled import writes nothing).

Signals:
    checked(object): the file was checked (the :class:`ImportPlan`).
    imported(int): sessions added.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Signal, Slot
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from oxytimer.storage import exchange
from oxytimer.storage.exchange import ImportPlan, ImportProblem, ImportResult
from oxytimer.storage.repository import Repository, StorageError
from oxytimer.storage.task_db import stop_when
from oxytimer.ui.data_tasks import DataTasks, refresh_summary
from oxytimer.ui.messages import storage_error_text
from oxytimer.ui.save_paths import documents_dir
from oxytimer.ui.screen_fit import FittedDialog, dialogs_fitted
from oxytimer.ui.widgets import ErrorLabel
from oxytimer.ui.workers import Cancelled, Job, read_task, write_task

# A literal context and text in every call, so that pyside6-lupdate finds the string.
translate = QCoreApplication.translate


def problem_reason(problem: ImportProblem) -> str:
    """What is wrong with a row, as a translated sentence."""
    p = dict(problem.params)
    texts = {
        "not_utf8": translate(
            "import", "The file is not UTF-8 text. Save it as “CSV UTF-8” and try again."
        ),
        "empty": translate("import", "The file has no data rows."),
        "too_large": translate("import", "The file is too large."),
        "csv_error": translate("import", "The file is not a valid CSV file."),
        "missing_column": translate("import", "This required column is missing."),
        "unknown_column": translate(
            "import",
            "Unknown column. Allowed: participant, site, pre, post, date, caregiver,"
            " duration_min, age, occupation.",
        ),
        "duplicate_column": translate("import", "This column appears twice."),
        "wrong_field_count": translate("import", "Expected {expected} values, found {found}."),
        "required": translate("import", "A value is required."),
        "not_a_number": translate("import", "Not a number."),
        "not_whole": translate("import", "Not a whole number."),
        "out_of_range": translate("import", "Must be from {min} to {max}."),
        "bad_date": translate(
            "import", "Not a date and time (use YYYY-MM-DD HH:MM or dd/mm/yyyy HH:MM)."
        ),
        "time_required": translate(
            "import",
            "Add the time of day (for example 2026-03-01 07:30): the morning or evening"
            " slot and the order of the sessions depend on it.",
        ),
        "duplicate_row": translate(
            "import", "Same participant and time as line {line}: is this row typed twice?"
        ),
        "future_date": translate("import", "This date is in the future."),
        "unknown_site": translate("import", "Unknown puskesmas code."),
        "invalid_code": translate(
            "import", "Use letters, digits and - only (for example MTR-031)."
        ),
        "unknown_caregiver": translate(
            "import", "Unknown caregiver (husband, midwife, family, other)."
        ),
        "unknown_occupation": translate("import", "Unknown occupation."),
        "mother_differs": translate(
            "import", "Differs from the mother's recorded value ({stored})."
        ),
        "mother_not_active": translate(
            "import", "This mother is not enrolled, or her record is locked."
        ),
        "conflict": translate("import", "This session was imported before with different values."),
    }
    text = texts.get(problem.code, problem.code)
    try:
        return text.format(**p)
    except (KeyError, IndexError):
        return text


class ImportDialog(FittedDialog):
    """Choose a file → check it (every bad row listed) → import it."""

    checked = Signal(object)
    imported = Signal(int)

    SHOWN_PROBLEMS = 1000
    """Problems listed at most (the summary says how many there are)."""

    def __init__(
        self, repo: Repository, parent: QWidget | None = None, *, tasks: DataTasks | None = None
    ) -> None:
        super().__init__(parent)
        self.repo = repo
        self.tasks = tasks or DataTasks(self)
        self.plan: ImportPlan | None = None
        self.result_: ImportResult | None = None
        """What the import did, once it is done (the Data menu confirms it)."""
        self.setWindowTitle(self.tr("Import sessions from a CSV file"))
        self.path_edit = QLineEdit(self)
        self.path_edit.setPlaceholderText(
            self.tr("CSV file with participant, site, date, pre, post")
        )
        self.path_edit.setAccessibleName(self.tr("CSV file to import"))
        self.browse_button = QPushButton(self.tr("Choose…"), self)
        self.check_button = QPushButton(self.tr("Check"), self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.error = ErrorLabel(self, reserve=True)
        self.problems = QTableWidget(0, 4, self)
        self.problems.setHorizontalHeaderLabels(
            [self.tr("Line"), self.tr("Column"), self.tr("Value"), self.tr("Problem")]
        )
        header = self.problems.horizontalHeader()
        for column in range(3):  # whole headings and values; the problem takes the rest
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.problems.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.problems.setAccessibleName(self.tr("Problems found in the file"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.import_button = self.buttons.addButton(
            self.tr("Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setEnabled(False)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        row.addWidget(self.check_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.error)
        layout.addWidget(self.problems, 1)
        layout.addWidget(self.buttons)
        self.resize(760, 480)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.browse_button.clicked.connect(self._on_browse_button_clicked)
        self.check_button.clicked.connect(self._on_check_button_clicked)
        self.path_edit.textChanged.connect(self._on_path_edit_text_changed)
        self.import_button.clicked.connect(self._on_import_button_clicked)
        self.buttons.rejected.connect(self.reject)

    def _read(self) -> bytes | None:
        try:
            return Path(self.path_edit.text().strip()).read_bytes()
        except OSError as error:
            self.error.show_message(
                self.tr("Cannot read the file: {detail}").format(detail=error.strerror or "")
            )
            return None

    def check(self) -> None:
        """Check the chosen file (on a worker) and show the result; nothing is written.

        ``checked`` is emitted with the plan when it is shown.
        """
        self.error.show_message("")
        self.import_button.setEnabled(False)
        self.problems.setRowCount(0)
        data = self._read()
        if data is None:
            return

        def run(reader: Repository, job: Job) -> ImportPlan:
            with stop_when(reader.db.conn, lambda: job.cancelled):
                return exchange.plan_import(reader, data)

        self.tasks.start(
            lambda done, failed: read_task(self.repo, run, done, failed),
            title=self.tr("Import"),
            text=self.tr("Checking the file…"),
            on_finished=self._show_plan,
            on_failed=self._on_failed,
        )

    def _show_plan(self, plan: ImportPlan) -> None:
        self.plan = plan
        shown = plan.problems[: self.SHOWN_PROBLEMS]
        self.problems.setRowCount(len(shown))
        for index, problem in enumerate(shown):
            for column, value in enumerate(
                (
                    str(problem.line) if problem.line else "",
                    problem.column,
                    problem.value,
                    problem_reason(problem),
                )
            ):
                self.problems.setItem(index, column, QTableWidgetItem(value))
        if plan.problems:
            self.summary.setText(
                self.tr(
                    "{n} problem(s) found. Nothing will be imported until they are fixed."
                ).format(n=len(plan.problems))
                + (
                    " " + self.tr("The first {shown} are listed.").format(shown=len(shown))
                    if len(shown) < len(plan.problems)
                    else ""
                )
            )
        else:
            self.summary.setText(
                self.tr(
                    "{sessions} new session(s) and {mothers} new mother(s) will be imported;"
                    " {already} row(s) were imported before."
                ).format(
                    sessions=plan.new_sessions,
                    mothers=plan.new_mothers,
                    already=plan.already_imported,
                )
            )
            self.import_button.setEnabled(bool(plan.new_sessions))
        self.checked.emit(plan)

    def do_import(self) -> None:
        """Import the file on a worker (all rows or none); the dialog closes when done
        (``imported``) and stays open on failure, saying why."""
        data = self._read()
        if data is None:
            return

        def run(writer: Repository, job: Job) -> ImportResult:
            # One transaction: cancelled, it is rolled back and nothing is imported.
            with stop_when(writer.db.conn, lambda: job.cancelled):
                result = exchange.import_csv(writer, data)
            refresh_summary(writer, job)  # the imported mothers' stored summary rows
            return result

        self.import_button.setEnabled(False)
        self.tasks.start(
            lambda done, failed: write_task(self.repo, run, done, failed),
            title=self.tr("Import"),
            text=self.tr("Importing the sessions…"),
            on_finished=self._on_imported,
            on_failed=self._on_failed,
        )

    def _on_imported(self, result: ImportResult) -> None:
        if result.plan.problems:  # the file changed since it was checked
            self._show_plan(result.plan)
            return
        self.result_ = result
        self.imported.emit(result.sessions_added)
        self.accept()

    def _on_failed(self, error: object) -> None:
        if isinstance(error, Cancelled):
            self.error.show_message(self.tr("Stopped: nothing was imported."))
        elif isinstance(error, StorageError):
            self.error.show_message(storage_error_text(error, typed=False))
        else:
            self.error.show_message(
                self.tr("It could not be done, and nothing was changed: {detail}").format(
                    detail=str(error) or type(error).__name__
                )
            )
        self.import_button.setEnabled(self.plan is not None and self.plan.ok)

    def source_path(self) -> Path:
        """The file chosen."""
        return Path(self.path_edit.text().strip())

    @Slot()
    def _on_browse_button_clicked(self) -> None:
        with dialogs_fitted():  # Qt's own dialog, fitted to the screen
            path, _ = QFileDialog.getOpenFileName(
                self,
                self.tr("Choose a CSV file"),
                str(documents_dir()),
                self.tr("CSV files (*.csv);;All files (*)"),
            )
        if path:
            self.path_edit.setText(path)
            self.check()

    @Slot()
    def _on_check_button_clicked(self) -> None:
        self.check()

    @Slot(str)
    def _on_path_edit_text_changed(self, _text: str) -> None:
        self.import_button.setEnabled(False)

    @Slot()
    def _on_import_button_clicked(self) -> None:
        self.do_import()
