"""The Data menu's long tasks on a worker thread, with a progress dialog and Cancel.

An export, a merge, an import or a restore started from the app runs on a worker thread
with a connection of its own (``ui/workers.py``), one at a time. The window keeps
painting and the countdown keeps time meanwhile. A task that lasts over a second shows
:class:`ProgressDialog` (what it does, how long it has taken, its progress when the task
reports one, and Cancel); a cancelled task stops at its next statement and leaves
nothing half done (its transaction is rolled back, an export's files are not moved in).

A task that changes records (a merge, an import) brings the stored summary rows of the
mothers it changed up to date on the same worker afterwards (:func:`refresh_summary`), so
that the next Summary reads one row per mother instead of waiting for the file's close.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QElapsedTimer, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from oxytimer.ui.screen_fit import FittedDialog
from oxytimer.ui.workers import Cancelled, Job, Task

if TYPE_CHECKING:
    from oxytimer.storage.repository import Repository

PROGRESS_AFTER_MS = 1000
"""A task shows its progress dialog once it has lasted this long."""

STOP_WAIT_S = 60.0
"""At the app's close, how long a cancelled task may take to stop (it stops at its next
SQLite statement or file chunk: a moment, unless the disk hangs)."""


def refresh_summary(writer: Repository, job: Job) -> int:
    """After a task's records are written: the stored summary rows of the mothers they
    changed brought up to date, on the task's own worker and connection
    (:meth:`Repository.refresh_summary`, one transaction).

    The task's own writes are committed by then, so a Cancel during the refresh stops the
    refresh alone: it is rolled back, those mothers stay marked and the summary computes
    them from their records until the file is closed. Never raises.

    Returns:
        How many mothers were refreshed (0 when cancelled or nothing was to do).
    """
    from oxytimer.storage.task_db import TaskStopped, stop_when

    if job.cancelled:
        return 0
    try:
        with stop_when(writer.db.conn, lambda: job.cancelled):
            return writer.refresh_summary()
    except TaskStopped:
        return 0


class ProgressDialog(FittedDialog):
    """What a running task does, for how long, how far; Cancel (or Esc) asks it to stop.

    Signals:
        cancel_requested(): the user asked the task to stop.
    """

    cancel_requested = Signal()

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.text_label = QLabel(text, self)
        self.text_label.setWordWrap(True)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)  # moving until the task says how far it is
        self.bar.setAccessibleName(text)
        self.time_label = QLabel(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text_label)
        layout.addWidget(self.bar)
        layout.addWidget(self.time_label)
        layout.addWidget(self.buttons)
        self.buttons.rejected.connect(self.request_cancel)
        # Wide enough for a sentence on a line or two (a dialog sized to its button alone
        # wrapped it word by word); the screen's width caps it (screen_fit).
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 60)
        self.elapsed = QElapsedTimer()
        self.elapsed.start()
        self.clock = QTimer(self)
        self.clock.setInterval(1000)
        self.clock.timeout.connect(self._show_time)
        self.clock.start()
        self._show_time()

    @Slot()
    def _show_time(self) -> None:
        seconds = self.elapsed.elapsed() // 1000
        self.time_label.setText(
            self.tr("{minutes}:{seconds:02d} so far").format(
                minutes=seconds // 60, seconds=seconds % 60
            )
        )

    def set_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))

    @Slot()
    def request_cancel(self) -> None:
        if not self.cancel_button.isEnabled():
            return
        self.cancel_button.setEnabled(False)
        self.text_label.setText(self.tr("Stopping… nothing of this task will be kept."))
        self.cancel_requested.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.request_cancel()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        # Closing the dialog is asking the task to stop; it closes when the task has.
        event.ignore()
        self.request_cancel()

    def finish(self) -> None:
        """The task is over: close for good."""
        self.clock.stop()
        self.hide()
        self.deleteLater()


class DataTasks(QObject):
    """Runs the Data menu's tasks one at a time, each with its progress dialog.

    Signals:
        running_changed(bool): a task started (True) or ended (False).
    """

    running_changed = Signal(bool)

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.task: Task | None = None
        """The task running (or the last one): tests look at its thread."""
        self.dialog: ProgressDialog | None = None
        self._title = self._text = ""
        self._modal = True
        self._progress: tuple[int, int] | None = None
        self._running = False
        self._show_timer = QTimer(self)
        self._show_timer.setSingleShot(True)
        self._show_timer.timeout.connect(self._show_dialog)

    def running(self) -> bool:
        """Whether a task is running or its answer not yet handled here (the worker is
        done before its signal reaches the GUI thread: until then the dialog still
        shows and nothing has been said)."""
        return self._running

    def start(
        self,
        make: Callable[[Callable[[Any], None], Callable[[object], None]], Task],
        *,
        title: str,
        text: str,
        on_finished: Callable[[Any], None],
        on_failed: Callable[[object], None],
        modal: bool = True,
    ) -> Task | None:
        """Start the task ``make(finished, failed)`` builds (``read_task``/``write_task``).

        ``on_failed`` gets :class:`~oxytimer.ui.workers.Cancelled` for a task that was
        cancelled and stopped, whatever it raised.

        ``modal``: the dialog holds the window while it shows (a task that writes);
        otherwise the user goes on working beside it (an export). None when another
        task is still running (the user is told).
        """
        if self.running():
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.information(
                self.window,
                title,
                self.tr("Another task is still running. Wait for it to finish, or cancel it."),
            )
            return None
        self._title, self._text, self._modal = title, text, modal
        self._progress = None
        started: list[Task] = []  # (empty while a task on an in-memory database runs at once)

        def finished(result: Any) -> None:
            self._end()
            on_finished(result)

        def failed(error: object) -> None:
            self._end()
            if started and started[0].job.cancelled:
                # It stopped as asked, with whatever its connection raised (SQLite's
                # "interrupted", a TaskStopped ...): all the same to the user.
                stopped = Cancelled()
                stopped.__cause__ = error if isinstance(error, BaseException) else None
                error = stopped
            on_failed(error)

        self._running = True
        try:
            self.task = task = make(finished, failed)
        except BaseException:
            self._running = False
            raise
        started.append(task)
        if task.done:  # (an in-memory database: it ran at once, and ended: _end)
            return task
        task.progress.connect(self._on_progress)
        self.running_changed.emit(True)
        self._show_timer.start(PROGRESS_AFTER_MS)
        return task

    def cancel(self) -> None:
        """Ask the running task to stop (it reports Cancelled when it has)."""
        if self.task is not None and not self.task.done:
            self.task.cancel()

    def title(self) -> str:
        """What the running (or last) task is, in a word or two ("Export", "Merge")."""
        return self._title

    def stop(self, wait_s: float = STOP_WAIT_S) -> bool:
        """The app is closing: ask the running task to stop and wait until it has (it
        rolls back what it began; an export moves no file in). Returns whether no task
        is left running."""
        task = self.task
        if task is None or task.done:
            return True
        task.cancel()
        return task.wait(wait_s)

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        self._progress = (done, total)
        if self.dialog is not None:
            self.dialog.set_progress(done, total)

    @Slot()
    def _show_dialog(self) -> None:
        if not self.running():
            return
        dialog = self.dialog = ProgressDialog(self._title, self._text, self.window)
        dialog.setWindowModality(
            Qt.WindowModality.WindowModal if self._modal else Qt.WindowModality.NonModal
        )
        dialog.cancel_requested.connect(self.cancel)
        if self._progress is not None:
            dialog.set_progress(*self._progress)
        dialog.show()

    def _end(self) -> None:
        self._running = False
        self._show_timer.stop()
        if self.dialog is not None:
            self.dialog.finish()
            self.dialog = None
        self.running_changed.emit(False)
