"""The start-up and daily automatic backups while the app runs, on a worker thread.

Not a session timer (those live in ``ticker.py``): an hourly QTimer that makes a backup
when the newest one is a day old, so a laptop left running for days, or asleep over
night, still gets one backup a day. The backup itself runs on a thread of its own with
its own read-only connection, a few hundred pages at a time
(``storage/stepped_backup.py``): the window keeps painting and the countdown keeps
ticking while a 100,000-mother database is copied. One backup runs at a time; closing
the app stops one in progress (nothing of it is kept). Tests call
:meth:`BackupTimer.check_now` instead of waiting.

Signals:
    backup_made(str): the path of a new backup.
    backup_failed(str): a sentence saying why no backup could be made.
    backup_progress(int, int): pages copied and total pages, as the copy goes.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal, Slot

from oxytimer.storage.backup import backup_time, list_backups
from oxytimer.storage.repository import Repository, StorageError
from oxytimer.storage.stepped_backup import BackupCancelled, backup_in_steps
from oxytimer.ui.messages import storage_error_text
from oxytimer.ui.workers import Job, Task

DAY = timedelta(days=1)
CHECK_INTERVAL_MS = 60 * 60 * 1000


class BackupTimer(QObject):
    """Backs up ``repo`` (the database at ``db_path``) once a day while the app runs."""

    backup_made = Signal(str)
    backup_failed = Signal(str)
    backup_progress = Signal(int, int)

    def __init__(self, repo: Repository, db_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.repo = repo
        self.db_path = Path(db_path)
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_INTERVAL_MS)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.task: Task | None = None
        """The backup running (or the last one): tests look at its thread."""
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.timer.timeout.connect(self._on_timer_timeout)

    def start(self) -> None:
        """Start checking every hour."""
        self.timer.start()

    def running(self) -> bool:
        return self.task is not None and not self.task.done

    def last_backup_time(self) -> datetime | None:
        """When the newest backup was made (UTC), or None."""
        for path in reversed(list_backups(self.db_path)):
            when = backup_time(path)
            if when is not None:
                return when
        return None

    @Slot()
    def backup_now(self, tag: str = "") -> Task | None:
        """Start a backup on the worker thread; its result comes by signal.

        Returns the task, or None when one is already running (it will do).
        """
        if self.running():
            return None
        db_path = self.db_path

        def run(job: Job) -> Path:
            return backup_in_steps(
                db_path,
                tag=tag,
                cancelled=lambda: job.cancelled,
                progress=job.report,
            )

        task = Task(run)
        task.finished.connect(self._on_task_finished)
        task.failed.connect(self._on_task_failed)
        task.progress.connect(self.backup_progress)
        self.task = task
        return task.start(self.pool)

    def check_now(self, now: datetime | None = None) -> bool:
        """Start a backup when the newest is at least a day old (or there is none).

        Returns whether one was started.
        """
        now = now or datetime.now(UTC)
        last = self.last_backup_time()
        if last is not None and now - last < DAY:
            return False
        return self.backup_now() is not None

    def stop(self, wait_ms: int = 30_000) -> None:
        """Stop checking, cancel a backup in progress and wait for its thread to end."""
        self.timer.stop()
        if self.task is not None:
            self.task.cancel()
        self.pool.waitForDone(wait_ms)

    @Slot(object)
    def _on_task_finished(self, path: object) -> None:
        self.backup_made.emit(str(path))

    @Slot(object)
    def _on_task_failed(self, error: object) -> None:
        if isinstance(error, BackupCancelled):
            return  # the app is closing; nothing was kept
        if isinstance(error, StorageError):
            self.backup_failed.emit(storage_error_text(error, typed=False))
        else:
            self.backup_failed.emit(storage_error_text(StorageError(str(error)), typed=False))

    @Slot()
    def _on_timer_timeout(self) -> None:
        self.check_now()
