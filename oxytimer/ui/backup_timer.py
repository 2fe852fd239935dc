"""The daily automatic backup while the app runs.

Not a session timer (those live in ``ticker.py``): an hourly QTimer that makes a backup
when the newest one is a day old, so a laptop left running for days, or asleep over
night, still gets one backup a day. Tests call :meth:`BackupTimer.check_now` instead of
waiting.

Signals:
    backup_made(str): the path of a new backup.
    backup_failed(str): a sentence saying why no backup could be made.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from oxytimer.storage.backup import backup_repository, backup_time, list_backups
from oxytimer.storage.repository import Repository, StorageError
from oxytimer.ui.messages import storage_error_text

DAY = timedelta(days=1)
CHECK_INTERVAL_MS = 60 * 60 * 1000


class BackupTimer(QObject):
    """Backs up ``repo`` (the database at ``db_path``) once a day while the app runs."""

    backup_made = Signal(str)
    backup_failed = Signal(str)

    def __init__(self, repo: Repository, db_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.repo = repo
        self.db_path = Path(db_path)
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_INTERVAL_MS)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.timer.timeout.connect(self._on_timer_timeout)

    def start(self) -> None:
        """Start checking every hour."""
        self.timer.start()

    def last_backup_time(self) -> datetime | None:
        """When the newest backup was made (UTC), or None."""
        for path in reversed(list_backups(self.db_path)):
            when = backup_time(path)
            if when is not None:
                return when
        return None

    def backup_now(self) -> Path | None:
        """Make a backup now; return it, or None (and emit ``backup_failed``) on failure."""
        try:
            path = backup_repository(self.repo, self.db_path)
        except StorageError as error:
            self.backup_failed.emit(storage_error_text(error))
            return None
        self.backup_made.emit(str(path))
        return path

    def check_now(self, now: datetime | None = None) -> Path | None:
        """Back up when the newest backup is at least a day old (or there is none)."""
        now = now or datetime.now(UTC)
        last = self.last_backup_time()
        if last is not None and now - last < DAY:
            return None
        return self.backup_now()

    @Slot()
    def _on_timer_timeout(self) -> None:
        self.check_now()
