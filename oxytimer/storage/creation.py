"""Making a new database file: all at once, never an empty file left behind."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from oxytimer.storage.database import Database
from oxytimer.storage.errors import DatabaseReadOnlyError, StorageError, translate_error
from oxytimer.storage.schema import migrate


def create_private_file(path: Path) -> None:
    """Create ``path`` readable by its owner only, unless it exists.

    An existing file is left as it is: a file its owner made read-only stays read-only.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
        os.close(fd)
        if os.name == "posix":
            os.chmod(path, 0o600)  # whatever the umask


def create_database(path: Path, *, replace_empty: bool = False) -> None:
    """Create a new, migrated oxytimer database at ``path``, all at once.

    It is built under a temporary name and only then moved into place, so that a power
    cut during the first start never leaves an empty file that later starts would have
    to refuse.

    Args:
        path: Where; must not exist unless ``replace_empty`` (then it is replaced).
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f".{path.name}.creating-{os.getpid()}")
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{temp}{suffix}").unlink(missing_ok=True)
        create_private_file(temp)
    except OSError as error:
        raise DatabaseReadOnlyError(f"cannot create {path}: {error.strerror}") from error
    from oxytimer.storage.repository import configure  # the settings of every connection

    try:
        db = Database(temp)
        try:
            configure(db)
            migrate(db)
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            db.close()
        if replace_empty:
            os.replace(temp, path)
        else:
            try:
                os.link(temp, path)
            except FileExistsError:
                pass  # another process created it meanwhile: open that one
            except OSError:
                if path.exists():
                    raise
                os.replace(temp, path)  # no hard links (a FAT stick)
    except sqlite3.Error as error:
        raise translate_error(error, path) or StorageError(str(error)) from error
    except OSError as error:
        raise DatabaseReadOnlyError(f"cannot create {path}: {error.strerror}") from error
    finally:
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{temp}{suffix}").unlink(missing_ok=True)
