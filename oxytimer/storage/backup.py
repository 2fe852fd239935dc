"""Backups through SQLite's online backup API, their rotation, and restoring one.

Backups live in a ``backups`` folder next to the database (mode 0700), one file per
backup named ``<stem>-<UTC time>[-<tag>].sqlite`` (mode 0600), the newest
:data:`KEEP` kept. A backup is written to a hidden temporary file, checked with
``PRAGMA quick_check`` and only then renamed, so a power cut never leaves a half backup
among the good ones, and a damaged database is never backed up over good backups.

A copy of a damaged database kept by :func:`restore` ends in ``.damaged``: it is never
rotated away nor offered as a backup.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

from oxytimer.storage.repository import (
    DatabaseDamagedError,
    DatabaseLockedError,
    DatabaseTooNewError,
    Repository,
    StorageError,
    _translate_sqlite_error,
    configure,
    create_private_file,
)
from oxytimer.storage.schema import MIGRATION_NAMES, migrate

KEEP: Final = 14
"""How many backups are kept."""

BACKUP_FOLDER: Final = "backups"
_STAMP: Final = "%Y%m%dT%H%M%S%fZ"


def backup_dir(db_path: Path) -> Path:
    """The backups folder of a database: ``backups`` beside it."""
    return Path(db_path).parent / BACKUP_FOLDER


def _pattern(db_path: Path) -> re.Pattern[str]:
    return re.compile(re.escape(Path(db_path).stem) + r"-(\d{8}T\d{12}Z)(?:-[a-z-]+)?\.sqlite$")


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
    match = re.search(r"-(\d{8}T\d{12}Z)(?:-[a-z-]+)?\.sqlite$", path.name)
    if match is None:
        return None
    return datetime.strptime(match.group(1), _STAMP).replace(tzinfo=UTC)


def _private_dir(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        os.chmod(folder, 0o700)


def _readonly(path: Path) -> sqlite3.Connection:
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    return sqlite3.connect(uri, uri=True)


def _not_damage(error: sqlite3.Error) -> StorageError | None:
    """The error's own kind when it says read-only, locked or busy rather than damaged.

    A healthy database on a write-protected stick cannot even be read in WAL mode
    (SQLite needs to create its -shm file): that is not damage, and no backup should be
    offered over it.
    """
    translated = _translate_sqlite_error(error)
    if translated is None or isinstance(translated, DatabaseDamagedError):
        return None
    return translated


def _quick_check(conn: sqlite3.Connection) -> None:
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as error:
        other = _not_damage(error)
        if other is not None:
            raise other from error
        raise DatabaseDamagedError(f"the database file is damaged: {error}") from error
    if [tuple(r) for r in rows] != [("ok",)]:
        raise DatabaseDamagedError(
            "the database file is damaged: " + "; ".join(str(r[0]) for r in rows[:5])
        )


def _check_not_newer(conn: sqlite3.Connection) -> None:
    try:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = 'oxytimer'"
            )
        ]
    except sqlite3.OperationalError:
        return  # no migrations table: an empty or foreign file, nothing newer
    unknown = [n for n in names if n not in MIGRATION_NAMES]
    if unknown:
        raise DatabaseTooNewError(
            "this database was written by a newer version of oxytimer "
            f"(schema {unknown[-1]}); update oxytimer to open it"
        )


def check_file(path: Path) -> None:
    """Check a database file without writing to it: readable, not damaged, not newer.

    Raises:
        DatabaseDamagedError: it is missing, not a database, or ``quick_check`` fails.
        DatabaseTooNewError: it was written by a newer oxytimer.
    """
    if not Path(path).is_file():
        raise DatabaseDamagedError(f"{path} does not exist")
    try:
        conn = _readonly(path)
        conn.execute("PRAGMA busy_timeout = 5000")
    except sqlite3.Error as error:
        other = _not_damage(error)
        if other is not None:
            raise other from error
        raise DatabaseDamagedError(f"cannot read {path}: {error}") from error
    try:
        _quick_check(conn)
        _check_not_newer(conn)
    finally:
        conn.close()


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def backup_connection(
    conn: sqlite3.Connection,
    db_path: Path,
    *,
    tag: str = "",
    keep: int = KEEP,
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
        keep: How many backups to keep; older ones are deleted after this one is safe.
        now: The time in the name (default: now, UTC).
        pages: Pages copied per step (-1: all at once); see ``sqlite3.Connection.backup``.
        progress: Called after each step with (status, remaining, total pages); an
            exception it raises stops the backup, and nothing of it is kept.

    Returns:
        The backup file.

    Raises:
        DatabaseDamagedError: the source fails ``quick_check`` (nothing is written).
        StorageError: the backup could not be written (disk full, read-only folder).
    """
    now = now or datetime.now(UTC)
    folder = backup_dir(db_path)
    name = f"{Path(db_path).stem}-{now.strftime(_STAMP)}{'-' + tag if tag else ''}.sqlite"
    final = folder / name
    partial = folder / f".{name}.partial"
    try:
        _quick_check(conn)
        _private_dir(folder)
        create_private_file(partial)
        target = sqlite3.connect(partial)
        try:
            conn.backup(target, pages=pages, progress=progress)
            target.execute("PRAGMA journal_mode = DELETE")
            _quick_check(target)
        finally:
            target.close()
        with open(partial, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, final)
        _fsync_dir(folder)
    except sqlite3.Error as error:
        partial.unlink(missing_ok=True)
        raise _translate_sqlite_error(error) or StorageError(str(error)) from error
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise StorageError(f"cannot write the backup in {folder}: {error}") from error
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    rotate(db_path, keep)
    return final


def rotate(db_path: Path, keep: int = KEEP) -> list[Path]:
    """Delete all but the newest ``keep`` backups; return those deleted."""
    backups = list_backups(db_path)
    old = backups[: max(0, len(backups) - keep)]
    for path in old:
        path.unlink(missing_ok=True)
    return old


def backup_database(db_path: Path, *, tag: str = "", keep: int = KEEP) -> Path:
    """Back up the database file at ``db_path`` without writing to it.

    Raises:
        DatabaseDamagedError: the file is missing or damaged.
        StorageError: the backup could not be written.
    """
    if not Path(db_path).is_file():
        raise DatabaseDamagedError(f"{db_path} does not exist")
    try:
        conn = _readonly(db_path)
    except sqlite3.Error as error:
        raise DatabaseDamagedError(f"cannot read {db_path}: {error}") from error
    try:
        return backup_connection(conn, db_path, tag=tag, keep=keep)
    finally:
        conn.close()


def backup_repository(repo: Repository, db_path: Path, *, tag: str = "") -> Path:
    """Back up the database an open repository uses (see :func:`backup_connection`)."""
    return backup_connection(repo.db.conn, db_path, tag=tag)


def latest_good_backup(db_path: Path) -> Path | None:
    """The newest backup that passes ``quick_check`` and is not from a newer version."""
    for path in reversed(list_backups(db_path)):
        try:
            check_file(path)
        except StorageError:
            continue
        return path
    return None


def lock_holder(db_path: Path) -> int | None:
    """The id of a live process holding the app's lock on ``db_path``, if any.

    Reads the lock file written by Qt's QLockFile (first line: the process id, third
    line: the host name); a lock whose process is gone is stale and ignored.
    """
    lock = Path(str(db_path) + ".lock")
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
        raise _translate_sqlite_error(error) or StorageError(str(error)) from error
    finally:
        conn.close()


def _keep_damaged_copy(db_path: Path) -> Path:
    import shutil  # here, not at start-up (Repository.open imports this module)

    folder = backup_dir(db_path)
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
    return copy


def restore(db_path: Path, backup: Path, *, repo: Repository | None = None) -> Path | None:
    """Replace the database at ``db_path`` with ``backup``, first backing up the current one.

    Args:
        db_path: The database to replace (it need not exist).
        backup: A backup file (any oxytimer database not from a newer version).
        repo: The open repository of ``db_path`` (in the app): the backup is then copied
            into its connection, which stays usable. Without it the file is replaced,
            and it must not be open anywhere.

    Returns:
        The backup (or, for a damaged database, the ``.damaged`` copy) of the database as
        it was before, or None when there was none.

    Raises:
        DatabaseDamagedError: the backup is damaged (nothing is changed).
        DatabaseTooNewError: the backup is from a newer oxytimer (nothing is changed).
        DatabaseLockedError: the database is open in oxytimer or another program.
        StorageError: the restore could not be written.
    """
    db_path = Path(db_path)
    check_file(backup)
    if repo is not None:
        safety = backup_connection(repo.db.conn, db_path, tag="before-restore")
        source = _readonly(backup)
        try:
            with contextlib.closing(source):
                source.backup(repo.db.conn)
            configure(repo.db)
            migrate(repo.db)
        except sqlite3.Error as error:
            raise _translate_sqlite_error(error) or StorageError(str(error)) from error
        return safety

    holder = lock_holder(db_path)
    if holder is not None:
        raise DatabaseLockedError(
            f"oxytimer (process {holder}) has this database open; close it first"
        )
    before: Path | None = None
    if db_path.exists():
        try:
            check_file(db_path)
        except DatabaseDamagedError:
            before = _keep_damaged_copy(db_path)
        else:
            _check_not_in_use(db_path)
            before = backup_database(db_path, tag="before-restore")
    temp = db_path.with_name(f".{db_path.name}.restoring")
    temp.unlink(missing_ok=True)
    try:
        create_private_file(temp)
        source = _readonly(backup)
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
        raise _translate_sqlite_error(error) or StorageError(str(error)) from error
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise StorageError(f"cannot restore into {db_path}: {error}") from error
    return before
