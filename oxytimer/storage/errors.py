"""What can go wrong with a database file, one class per remedy.

Damage (SQLite's "corrupt" and "not a database" answers, a failed ``quick_check``) is
only one of them, and the only one that may ever lead to offering a backup: a file that
cannot be opened, is read-only, locked, missing or empty is healthy or at least not
damaged, and a restore over it would throw records away.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path


class StorageError(RuntimeError):
    """Something about the database file itself went wrong; the message says what."""


class DatabaseTooNewError(StorageError):
    """The file was written by a newer version of oxytimer."""


class DatabaseDamagedError(StorageError):
    """SQLite or ``PRAGMA quick_check`` found damage; the file must not be written to."""


class DatabaseReadOnlyError(StorageError):
    """The file, its folder or one of its side files (-wal, -shm) cannot be written."""


class DatabaseFullError(StorageError):
    """The disk (or the database's page limit) is full."""


class DatabaseLockedError(StorageError):
    """Another process holds the database lock."""


class DatabaseUnreadableError(StorageError):
    """The file cannot be opened or read (permissions, a failing disk or stick)."""


class DatabaseMissingError(StorageError):
    """There is no file at the path."""


class DatabaseEmptyError(StorageError):
    """The file is empty (0 bytes) or holds no tables: not a database to use or restore."""


class NotOxytimerDatabaseError(StorageError):
    """The file is an SQLite database, but not one written by oxytimer."""


class DatabaseVanishedError(StorageError):
    """The database file or its -wal file was deleted or replaced while it was open."""


# SQLite's primary result codes (https://www.sqlite.org/rescode.html).
_PERM, _BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT = 3, 5, 6, 8, 10, 11
_FULL, _CANTOPEN, _AUTH, _NOTADB = 13, 14, 23, 26


def not_writable(path: Path) -> list[Path]:
    """Which of the file, its folder and its side files this process cannot write."""
    path = Path(path)
    candidates = [path.parent, path, *(Path(f"{path}{s}") for s in ("-wal", "-shm"))]
    return [p for p in candidates if p.exists() and not os.access(p, os.W_OK)]


NEARLY_FULL_BYTES = 1 << 20
"""Free space under which a disk counts as full (SQLite's side files need 32 KiB+)."""


def disk_full(path: Path) -> bool:
    """Whether the disk holding ``path`` has (almost) no free space left."""
    try:
        return shutil.disk_usage(Path(path).parent).free < NEARLY_FULL_BYTES
    except OSError:
        return False


def translate_error(error: sqlite3.Error, path: Path | None = None) -> StorageError | None:
    """The :class:`StorageError` that says what ``error`` really means, or None.

    Uses SQLite's result code when the driver gives one (Python 3.11 does), so that a
    disk I/O error or a file that cannot be opened is never mistaken for damage; the
    message text is the fallback.
    """
    code = getattr(error, "sqlite_errorcode", None)
    text = str(error)
    where = f"{path}: " if path is not None else ""
    if code is not None:
        primary = code & 0xFF
        if primary in (_CORRUPT, _NOTADB):
            return DatabaseDamagedError(f"{where}{text}")
        if primary == _READONLY:
            return DatabaseReadOnlyError(f"{where}{text}")
        if primary in (_BUSY, _LOCKED):
            return DatabaseLockedError(f"{where}{text}")
        if primary == _FULL:
            return DatabaseFullError(f"{where}{text}")
        if primary in (_PERM, _CANTOPEN, _AUTH, _IOERR):
            if path is not None and not Path(path).exists():
                return DatabaseMissingError(f"no database at {path}")
            if primary in (_CANTOPEN, _IOERR) and path is not None and disk_full(path):
                # A full disk cannot hold the -shm or -wal file SQLite opens: an I/O
                # error, not a failing disk nor a missing stick.
                return DatabaseFullError(f"{where}{text}")
            return DatabaseUnreadableError(f"{where}{text}")
    lowered = text.lower()
    if "full" in lowered:
        return DatabaseFullError(f"{where}{text}")
    if "readonly" in lowered or "read-only" in lowered:
        return DatabaseReadOnlyError(f"{where}{text}")
    if "locked" in lowered or "busy" in lowered:
        return DatabaseLockedError(f"{where}{text}")
    if "malformed" in lowered or "not a database" in lowered:
        return DatabaseDamagedError(f"{where}{text}")
    if "unable to open" in lowered or "disk i/o" in lowered:
        return DatabaseUnreadableError(f"{where}{text}")
    return None


def read_only_reason(path: Path) -> str:
    """Which file or folder stands in the way of writing ``path``, as a phrase."""
    blocked = not_writable(Path(path))
    if not blocked:
        return f"{path} cannot be written"
    first = blocked[0]
    folder = first == Path(path).parent
    getuid = getattr(os, "getuid", None)
    if getuid is not None:
        try:
            if first.stat().st_uid != getuid():
                if folder:
                    return f"the folder {first} belongs to another user"
                return f"{first} belongs to another user"
        except OSError:
            pass
    if folder:
        return f"the folder {first} is read-only"
    return f"{first} is read-only"


def open_error(error: sqlite3.Error, path: Path) -> StorageError:
    """What an error while opening ``path`` read-write means, in words."""
    translated = translate_error(error, path)
    if isinstance(translated, DatabaseReadOnlyError | DatabaseUnreadableError) and (
        isinstance(translated, DatabaseReadOnlyError) or not_writable(path)
    ):
        return DatabaseReadOnlyError(f"{path} cannot be written: {read_only_reason(path)}")
    return translated or StorageError(str(error))
