"""Backups through SQLite's online backup API, their retention, and restoring one.

Backups live in a ``backups`` folder next to the database (mode 0700), one file per
backup named ``<stem>-<UTC time>[-<tag>].sqlite`` (mode 0600). A backup is written to a
hidden ``.partial`` file (named with the writing process's id), checked with ``PRAGMA
quick_check`` and only then renamed, so a power cut never leaves a half backup among the
good ones, and a damaged database is never backed up over good backups. A ``.partial``
left by a killed backup is removed by the next backup.

Retention is by age, not by count (:func:`rotate`): the newest few, the newest of each
of the last two weeks' days, the newest of each of the last two months' weeks, and always
the backup holding the most records; a backup identical to the newest one is not added:
the newest one is renamed to the new time instead. So a run of starts on an empty or
damaged file cannot push the good backups out.

Thread safety: :func:`backup_database` opens its own read-only connection, so it may run
in a worker thread while the app writes (WAL readers see a consistent snapshot); no Qt
here. :func:`backup_repository` uses the repository's connection: call it only in the
thread that owns it.

A copy of a damaged database kept by :func:`restore` ends in ``.damaged``: it is never
rotated away nor offered as a backup.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Final

from oxytimer.storage.errors import (
    DatabaseDamagedError,
    DatabaseEmptyError,
    DatabaseFullError,
    DatabaseLockedError,
    DatabaseMissingError,
    DatabaseReadOnlyError,
    StorageError,
    disk_full,
    not_writable,
    read_only_reason,
    translate_error,
)
from oxytimer.storage.opening import (
    DatabaseInfo,
    connect_readonly,
    damage_mark,
    inspect,
    quick_check,
    record_mark,
)

if TYPE_CHECKING:
    from oxytimer.storage.repository import Repository

KEEP: Final = 3
"""How many of the newest backups are always kept, whatever their age."""

KEEP_DAILY: Final = timedelta(days=14)
"""The newest backup of each day is kept this long."""

KEEP_WEEKLY: Final = timedelta(days=61)
"""The newest backup of each week is kept this long."""

KEEP_TAGGED: Final = 5
"""How many of the newest tagged backups (before-restore, before-upgrade) are kept."""

BACKUP_FOLDER: Final = "backups"
_STAMP: Final = "%Y%m%dT%H%M%S%fZ"
_NAME: Final = r"-(\d{8}T\d{12}Z)(?:-([a-z-]+))?\.sqlite$"


def backup_dir(db_path: Path) -> Path:
    """The backups folder of a database: ``backups`` beside it."""
    return Path(db_path).parent / BACKUP_FOLDER


def _pattern(db_path: Path) -> re.Pattern[str]:
    return re.compile(re.escape(Path(db_path).stem) + _NAME)


def list_backups(db_path: Path) -> list[Path]:
    """The backups of ``db_path``, oldest first."""
    folder = backup_dir(db_path)
    if not folder.is_dir():
        return []
    pattern = _pattern(db_path)
    found = [(m.group(1), p) for p in folder.iterdir() if (m := pattern.match(p.name))]
    return [p for _, p in sorted(found)]


def backup_time(path: Path) -> datetime | None:
    """When a backup was made, from its name (UTC), or None for another file."""
    match = re.search(_NAME, path.name)
    if match is None:
        return None
    return datetime.strptime(match.group(1), _STAMP).replace(tzinfo=UTC)


def _tag(path: Path) -> str:
    match = re.search(_NAME, path.name)
    return (match.group(2) or "") if match else ""


def _private_dir(folder: Path) -> None:
    existed = folder.is_dir()
    folder.mkdir(parents=True, exist_ok=True)
    if os.name == "posix" and not existed:
        os.chmod(folder, 0o700)


def check_file(path: Path, *, leave_no_trace: bool = False) -> None:
    """Check a database file without writing to it: readable, not damaged, oxytimer's,
    not newer (a full ``quick_check``).

    Args:
        path: The file.
        leave_no_trace: Leave no -wal/-shm beside it (another laptop's file to merge).

    Raises:
        StorageError: a subclass saying what is wrong (storage/errors.py).
    """
    inspect(Path(path), full=True, counts=False, leave_no_trace=leave_no_trace, columns=True)


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def clean_leftovers(db_path: Path) -> list[Path]:
    """Remove what killed backups and restores left behind; return what was removed.

    ``.partial`` files (and their journals) of processes that are gone, in the backups
    folder, and ``.restoring`` / ``.creating`` files beside the database.
    """
    removed: list[Path] = []
    candidates: list[Path] = []
    folder = backup_dir(db_path)
    if folder.is_dir():
        candidates += [p for p in folder.iterdir() if ".partial" in p.name]
    parent = Path(db_path).parent
    name = Path(db_path).name
    if parent.is_dir():
        candidates += [
            p
            for p in parent.iterdir()
            if p.name.startswith(f".{name}.restoring") or p.name.startswith(f".{name}.creating")
        ]
    for path in candidates:
        match = re.search(r"\.(\d+)\.(?:partial|restoring)|creating-(\d+)", path.name)
        pid = int(match.group(1) or match.group(2)) if match else None
        if pid is not None and _alive(pid):
            continue
        with contextlib.suppress(OSError):
            path.unlink()
            removed.append(path)
    return removed


def _same_content(a: Path, b: Path) -> bool:
    try:
        if a.stat().st_size != b.stat().st_size:
            return False
        with open(a, "rb") as fa, open(b, "rb") as fb:
            while True:
                block_a, block_b = fa.read(1 << 20), fb.read(1 << 20)
                if block_a != block_b:
                    return False
                if not block_a:
                    return True
    except OSError:
        return False


def backup_connection(
    conn: sqlite3.Connection,
    db_path: Path,
    *,
    tag: str = "",
    now: datetime | None = None,
    pages: int = -1,
    progress: Callable[[int, int, int], object] | None = None,
) -> Path:
    """Back up an open connection's database into the backups folder of ``db_path``.

    Args:
        conn: The source, read through SQLite's online backup API (a consistent
            snapshot, even while the app writes).
        db_path: The database file the backup belongs to (names the folder and file).
        tag: A word added to the name, e.g. ``"before-upgrade"``.
        now: The time in the name (default: now, UTC); retention is judged from it.
        pages: Pages copied per step (-1: all at once); see ``sqlite3.Connection.backup``.
        progress: Called after each step with (status, remaining, total pages); an
            exception it raises stops the backup, and nothing of it is kept.

    Returns:
        The backup file (the newest one, renamed to ``now``, when nothing changed).

    Raises:
        DatabaseDamagedError: the source fails ``quick_check`` (nothing is written).
        StorageError: the backup could not be written (disk full, read-only folder).
    """
    now = now or datetime.now(UTC)
    folder = backup_dir(db_path)
    name = f"{Path(db_path).stem}-{now.strftime(_STAMP)}{'-' + tag if tag else ''}.sqlite"
    final = folder / name
    partial = folder / f".{name}.{os.getpid()}.partial"
    try:
        quick_check(conn, Path(db_path))
    except DatabaseDamagedError:
        # Found in the background (a large file is not checked whole at start-up): the
        # next start checks it whole, says it is damaged and offers the good backup.
        with contextlib.suppress(OSError):
            _private_dir(folder)
            damage_mark(Path(db_path)).touch()
        raise
    try:
        _private_dir(folder)
        clean_leftovers(db_path)
        fd = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
        os.close(fd)
        target = sqlite3.connect(partial)
        try:
            conn.backup(target, pages=pages, progress=progress)
            target.execute("PRAGMA journal_mode = DELETE")
            quick_check(target)
        finally:
            target.close()
        with open(partial, "rb+") as handle:
            os.fsync(handle.fileno())
        previous = [p for p in list_backups(db_path) if _tag(p) == tag]
        if not tag and previous and _same_content(partial, previous[-1]):
            # Nothing changed since the newest backup: it is renamed to now (it holds
            # the database as it is now) rather than a copy added that could push out
            # an older, different backup.
            partial.unlink()
            os.replace(previous[-1], final)
            _fsync_dir(folder)
            return final
        os.replace(partial, final)
        _fsync_dir(folder)
    except sqlite3.Error as error:
        full = disk_full(partial)  # (before the partial is removed and frees the disk)
        _remove_partial(partial)
        if full:
            raise DatabaseFullError(
                f"cannot write the backup in {folder}: the disk is full ({error})"
            ) from error
        raise translate_error(error) or StorageError(str(error)) from error
    except OSError as error:
        _remove_partial(partial)
        if not_writable(folder if folder.exists() else folder.parent):
            raise DatabaseReadOnlyError(
                f"cannot write the backup in {folder}: the folder is read-only"
            ) from error
        raise StorageError(f"cannot write the backup in {folder}: {error.strerror}") from error
    except BaseException:
        _remove_partial(partial)
        raise
    rotate(db_path, now=now)
    return final


def _remove_partial(partial: Path) -> None:
    """Remove a backup that was not made, with the side files SQLite made beside it."""
    for path in (partial, *(Path(f"{partial}{s}") for s in ("-journal", "-wal", "-shm"))):
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)


@dataclass(frozen=True)
class _Kept:
    path: Path
    made: datetime
    tag: str
    records: int | None  # None: unreadable


def _records(path: Path) -> int | None:
    try:
        return record_mark(path)
    except StorageError:
        return None


def retained(backups: list[Path], now: datetime) -> set[Path]:
    """Which of ``backups`` retention keeps at ``now`` (see the module's docstring)."""
    entries = []
    for path in backups:
        made = backup_time(path)
        if made is not None:
            entries.append(_Kept(path, made, _tag(path), _records(path)))
    entries.sort(key=lambda e: e.made, reverse=True)  # newest first
    readable = [e for e in entries if e.records is not None]
    plain = [e for e in readable if not e.tag]
    keep = {e.path for e in plain[:KEEP]}
    keep |= {e.path for e in [x for x in readable if x.tag][:KEEP_TAGGED]}
    days: set[object] = set()
    weeks: set[object] = set()
    for entry in plain:
        age = now - entry.made
        if age <= KEEP_DAILY and entry.made.date() not in days:
            days.add(entry.made.date())
            keep.add(entry.path)
        week = entry.made.isocalendar()[:2]
        if age <= KEEP_WEEKLY and week not in weeks:
            weeks.add(week)
            keep.add(entry.path)
    if plain:
        fullest = max(plain, key=lambda e: (e.records or 0, e.made))
        keep.add(fullest.path)  # an emptier backup never pushes out a fuller one
    # An unreadable backup is kept until it is older than the weekly ones (it may be
    # all there is); then it goes.
    keep |= {e.path for e in entries if e.records is None and now - e.made <= KEEP_WEEKLY}
    return keep


def rotate(db_path: Path, *, now: datetime | None = None) -> list[Path]:
    """Delete the backups retention does not keep; return those deleted."""
    now = now or datetime.now(UTC)
    backups = list_backups(db_path)
    keep = retained(backups, now)
    old = [p for p in backups if p not in keep]
    for path in old:
        path.unlink(missing_ok=True)
    return old


def backup_database(db_path: Path, *, tag: str = "", now: datetime | None = None) -> Path:
    """Back up the database file at ``db_path`` without writing to it.

    Opens its own read-only connection: callable from a worker thread.

    Raises:
        StorageError: the file is missing, empty, unreadable or damaged, or the backup
            could not be written (a subclass says which).
    """
    db_path = Path(db_path)
    inspect(db_path, full=False, counts=False)  # says missing/empty/foreign first
    conn = connect_readonly(db_path)
    try:
        return backup_connection(conn, db_path, tag=tag, now=now)
    finally:
        conn.close()


def backup_repository(repo: Repository, db_path: Path, *, tag: str = "") -> Path:
    """Back up the database an open repository uses (see :func:`backup_connection`)."""
    return backup_connection(repo.db.conn, db_path, tag=tag)


def latest_good_backup(db_path: Path) -> Path | None:
    """The newest backup that passes ``quick_check``, holds records and is not newer."""
    for path in reversed(list_backups(db_path)):
        try:
            info = inspect(path, full=True)
        except StorageError:
            continue
        if not info.is_empty:
            return path
    return None


def lock_holder(db_path: Path) -> int | None:
    """The id of a live process holding the app's (or a command's) lock on ``db_path``.

    Reads the lock file written by Qt's QLockFile (first line: the process id, third
    line: the host name); a lock whose process is gone is stale and ignored.
    """
    lock = Path(f"{Path(db_path).resolve()}.lock")  # (as storage/locking.lock_path)
    try:
        lines = lock.read_text(errors="replace").splitlines()
    except OSError:
        return None
    try:
        pid = int(lines[0])
    except (IndexError, ValueError):
        return None
    import socket  # here, not at start-up (Repository.open imports this module)

    if len(lines) > 2 and lines[2] and lines[2] != socket.gethostname():
        return pid  # held on another computer (shared folder): assume alive
    if pid == os.getpid():
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        return pid
    return pid


def _check_not_in_use(path: Path) -> None:
    """Raise :class:`DatabaseLockedError` when another connection is writing ``path``."""
    conn = sqlite3.connect(path, timeout=0.5, isolation_level=None)
    try:
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("ROLLBACK")
    except sqlite3.Error as error:
        raise translate_error(error, path) or StorageError(str(error)) from error
    finally:
        conn.close()


def _keep_damaged_copy(db_path: Path) -> Path:
    import shutil  # here, not at start-up (Repository.open imports this module)

    folder = backup_dir(db_path)
    try:
        _private_dir(folder)
        stamp = datetime.now(UTC).strftime(_STAMP)
        copy = folder / f"{Path(db_path).stem}-{stamp}.sqlite.damaged"
        shutil.copyfile(db_path, copy)
        if os.name == "posix":
            os.chmod(copy, 0o600)
        wal = Path(str(db_path) + "-wal")
        if wal.exists():
            shutil.copyfile(wal, Path(str(copy) + "-wal"))
            if os.name == "posix":
                os.chmod(Path(str(copy) + "-wal"), 0o600)
    except OSError as error:
        raise StorageError(
            f"cannot keep a copy of the damaged file in {folder}: {error.strerror}"
        ) from error
    return copy


def restorable(backup: Path) -> DatabaseInfo:
    """What ``backup`` holds, after checking it may replace a database.

    Raises:
        StorageError: it is missing, empty, holds no record, is not an oxytimer
            database, is damaged (full ``quick_check``) or from a newer oxytimer.
    """
    info = inspect(Path(backup), full=True, columns=True)
    if info.is_empty:
        raise DatabaseEmptyError(f"{backup} holds no records")
    return info


def current_state(db_path: Path) -> DatabaseInfo | StorageError | None:
    """What the database at ``db_path`` holds (None: no file), or why it cannot be read."""
    try:
        return inspect(Path(db_path), full=True)
    except DatabaseMissingError:
        return None
    except StorageError as error:
        return error


def restore(db_path: Path, backup: Path, *, repo: Repository | None = None) -> Path | None:
    """Replace the database at ``db_path`` with ``backup``, first backing up the current one.

    Show the user :func:`restorable` (and :func:`current_state`) before calling this.

    Args:
        db_path: The database to replace (it need not exist).
        backup: A backup file (an oxytimer database with records, not from a newer
            version).
        repo: The open repository of ``db_path`` (in the app): the backup is then copied
            into its connection, which stays usable. Without it the file is replaced,
            and it must not be open anywhere.

    Returns:
        The backup (or, for a damaged database, the ``.damaged`` copy) of the database as
        it was before, or None when there was none.

    Raises:
        StorageError: a subclass; nothing is changed: the backup is not restorable, the
            database is open elsewhere, read-only or unreadable (not damaged), or the
            restore could not be written.
    """
    from oxytimer.storage.repository import configure
    from oxytimer.storage.schema import migrate

    db_path = Path(db_path)
    restorable(backup)
    if repo is not None:
        safety = backup_connection(repo.db.conn, db_path, tag="before-restore")
        source = connect_readonly(Path(backup))
        try:
            with contextlib.closing(source):
                source.backup(repo.db.conn)
            configure(repo.db)
            migrate(repo.db)
        except sqlite3.Error as error:
            raise translate_error(error) or StorageError(str(error)) from error
        return safety

    holder = lock_holder(db_path)
    if holder is not None:
        raise DatabaseLockedError(
            f"oxytimer (process {holder}) has this database open; close it first"
        )
    if not_writable(db_path):
        raise DatabaseReadOnlyError(f"{db_path} cannot be replaced: {read_only_reason(db_path)}")
    clean_leftovers(db_path)
    before: Path | None = None
    state = current_state(db_path)
    if isinstance(state, DatabaseDamagedError):
        before = _keep_damaged_copy(db_path)
    elif isinstance(state, DatabaseEmptyError):
        before = None  # nothing in it to keep
    elif isinstance(state, StorageError):
        raise state  # unreadable, locked, foreign, newer: not ours to replace
    elif state is not None:
        _check_not_in_use(db_path)
        before = backup_database(db_path, tag="before-restore")
    temp = db_path.with_name(f".{db_path.name}.restoring.{os.getpid()}")
    temp.unlink(missing_ok=True)
    try:
        fd = os.open(temp, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
        os.close(fd)
        source = connect_readonly(Path(backup))
        target = sqlite3.connect(temp)
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()
            source.close()
        with open(temp, "rb+") as handle:
            os.fsync(handle.fileno())
        for suffix in ("-wal", "-shm", "-journal"):
            Path(str(db_path) + suffix).unlink(missing_ok=True)
        os.replace(temp, db_path)
        _fsync_dir(db_path.parent)
    except sqlite3.Error as error:
        temp.unlink(missing_ok=True)
        raise translate_error(error) or StorageError(str(error)) from error
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise StorageError(f"cannot restore into {db_path}: {error.strerror}") from error
    return before
