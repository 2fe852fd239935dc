"""Connections for a long task on a worker thread, and stopping it half-way.

The app's Data tasks (export, merge, import, restore) run on a worker thread with a
connection of their own (:func:`open_writer`; :func:`~oxytimer.storage.reading.open_reader`
for reading only). :func:`stop_when` makes the connection's statements fail with
:class:`TaskStopped` as soon as the task is asked to stop: a write transaction then rolls
back whole, so that a stopped task leaves nothing half done.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final

from oxytimer.domain.clock import Clock
from oxytimer.storage.database import Database
from oxytimer.storage.errors import translate_error
from oxytimer.storage.repository import Repository, StorageError, configure

CHECK_EVERY: Final = 10_000
"""SQLite instructions between two looks at whether the task should stop."""


class TaskStopped(Exception):
    """The task was asked to stop; what it had begun to write was rolled back."""


def open_writer(path: str | Path, clock: Clock | None = None, operator: str = "") -> Repository:
    """A read-write repository on ``path`` for one worker thread.

    The app opened, checked and migrated the file already: this connects with the app's
    connection settings only (WAL, busy timeout, foreign keys, the audit functions).

    Raises:
        StorageError: the file cannot be opened for writing.
    """
    path = Path(path)
    try:
        conn = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=rw",
            uri=True,
            isolation_level="IMMEDIATE",
            check_same_thread=False,
        )
        db = Database(conn)
        configure(db)
        db.watch_files(path)
    except sqlite3.Error as error:
        raise translate_error(error, path) or StorageError(str(error)) from error
    return Repository(db, clock, operator)


@contextmanager
def stop_when(conn: sqlite3.Connection, stopped: Callable[[], bool]) -> Iterator[None]:
    """Within the block, a statement on ``conn`` fails once ``stopped()`` is true.

    The failure (SQLite's "interrupted", whatever it was translated to on the way) comes
    out of the block as :class:`TaskStopped`; an open transaction is rolled back.
    """
    conn.set_progress_handler(lambda: 1 if stopped() else 0, CHECK_EVERY)
    try:
        yield
    except Exception as error:
        if stopped():
            if conn.in_transaction:
                conn.rollback()
            raise TaskStopped() from error
        raise
    finally:
        conn.set_progress_handler(None, 0)


def restore_in_steps(
    repo: Repository,
    db_path: Path,
    backup: Path,
    *,
    stopped: Callable[[], bool] = lambda: False,
    progress: Callable[[int, int], None] | None = None,
    checked: bool = False,
) -> Path:
    """:func:`~oxytimer.storage.backup.restore` into ``repo`` (a worker's writer on
    ``db_path``), in steps that can be stopped.

    The records as they are are backed up first (in steps; a stopped backup keeps
    nothing), then the backup is copied into the database a few hundred pages at a time
    in one write transaction: stopped, it is rolled back and the records stay as they
    were.

    ``checked``: :func:`~oxytimer.storage.backup.restorable` passed just before (the
    user was shown what the backup holds): not checked again.

    Returns:
        The backup of the records as they were.

    Raises:
        TaskStopped: ``stopped()`` became true; the records are unchanged.
        StorageError: the backup is not restorable, or the restore could not be
            written; the records are unchanged.
    """
    from contextlib import closing

    from oxytimer.storage.backup import restorable
    from oxytimer.storage.opening import connect_readonly
    from oxytimer.storage.schema import migrate
    from oxytimer.storage.stepped_backup import STEP_PAGES, BackupCancelled, backup_in_steps

    if not checked:
        restorable(backup)
    if stopped():
        raise TaskStopped()
    try:
        before = backup_in_steps(db_path, tag="before-restore", cancelled=stopped)
    except BackupCancelled:
        raise TaskStopped() from None

    def step(_status: int, remaining: int, total: int) -> None:
        if remaining and stopped():  # (once the last page is in, it is done: finish it)
            raise TaskStopped()  # the copy's transaction is rolled back
        if progress is not None:
            progress(total - remaining, total)

    try:
        with closing(connect_readonly(Path(backup))) as source:
            source.backup(repo.db.conn, pages=STEP_PAGES, progress=step)
        configure(repo.db)
        migrate(repo.db)
    except sqlite3.Error as error:
        raise translate_error(error) or StorageError(str(error)) from error
    return before
