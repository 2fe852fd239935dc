"""A backup made in small steps on a connection of its own, that can be stopped.

For a worker thread (``ui/backup_timer.py``): the copy reads one consistent snapshot
(a read transaction held from the first page to the last, so the session's writes
neither restart it nor wait for it in WAL mode) a few hundred pages at a time, and
between steps it reports progress and looks whether it should stop. A stopped backup
leaves nothing behind (:func:`~oxytimer.storage.backup.backup_connection` removes its
partial file), and neither does a failed one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Final

from oxytimer.storage.backup import backup_connection
from oxytimer.storage.opening import connect_readonly
from oxytimer.storage.repository import DatabaseDamagedError, StorageError

STEP_PAGES: Final = 256
"""Pages copied per step (1 MB with 4 KB pages)."""

CHECK_EVERY: Final = 20_000
"""SQLite instructions between two looks at ``cancelled`` during the checks."""


class BackupCancelled(Exception):
    """The backup was stopped before it was complete; nothing of it was kept."""


def backup_in_steps(
    db_path: Path,
    *,
    tag: str = "",
    pages: int = STEP_PAGES,
    cancelled: Callable[[], bool] = lambda: False,
    progress: Callable[[int, int], None] | None = None,
) -> Path:
    """Back up the database file at ``db_path`` (see ``backup_connection``) in steps.

    Args:
        db_path: The database (open in the app or not; this opens it read-only).
        tag: A word added to the backup's name.
        pages: Pages per step.
        cancelled: Asked between steps (and during the checks): True stops the backup.
        progress: Called with (pages copied, total pages) after each step.

    Raises:
        BackupCancelled: ``cancelled`` said so; no backup file was kept.
        DatabaseDamagedError: the database is missing or damaged.
        StorageError: the backup could not be written.
    """
    if not Path(db_path).is_file():
        raise DatabaseDamagedError(f"{db_path} does not exist")
    try:
        conn = connect_readonly(db_path)
        conn.execute("PRAGMA busy_timeout = 5000")
        # One snapshot for the checks and every step of the copy.
        conn.execute("BEGIN")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as error:
        raise DatabaseDamagedError(f"cannot read {db_path}: {error}") from error
    conn.set_progress_handler(lambda: 1 if cancelled() else 0, CHECK_EVERY)

    def step(_status: int, remaining: int, total: int) -> None:
        if cancelled():
            raise BackupCancelled()
        if progress is not None:
            progress(total - remaining, total)

    try:
        return backup_connection(conn, db_path, tag=tag, pages=pages, progress=step)
    except StorageError:
        if cancelled():  # the checks were interrupted
            raise BackupCancelled() from None
        raise
    finally:
        conn.close()
