"""The lock beside a database (``<db>.lock``) that the app and the commands share.

The app takes it with Qt's ``QLockFile`` for as long as it runs; a command that writes
(import, merge, restore) takes the same lock, in the same format (process id, program
name, host name), for as long as it writes. So a command never writes under a running
app (whose window would otherwise freeze while it waits for the database), and the app
does not start while a command writes. No Qt here: the commands do not import it.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sys
from collections.abc import Iterator
from pathlib import Path

from oxytimer.storage.backup import lock_holder
from oxytimer.storage.errors import DatabaseLockedError, DatabaseReadOnlyError


def lock_path(db_path: Path) -> Path:
    """The lock file of ``db_path``."""
    return Path(f"{db_path}.lock")


def _program_name() -> str:
    # QLockFile compares this with the name of the process now holding the id, so that
    # an id reused by another program does not keep a stale lock alive.
    try:
        return os.path.basename(os.readlink("/proc/self/exe"))
    except OSError:
        return os.path.basename(sys.executable)


@contextlib.contextmanager
def command_lock(db_path: Path) -> Iterator[None]:
    """Hold the database's lock while a command writes.

    Raises:
        DatabaseLockedError: the app (or another command) holds it.
        DatabaseReadOnlyError: the lock cannot be created (read-only folder).
    """
    path = lock_path(db_path)
    unlocked = False
    for _attempt in range(2):
        holder = lock_holder(db_path)
        if holder is not None:
            raise DatabaseLockedError(
                f"oxytimer (process {holder}) is using {db_path}; close the app (or use"
                " its Data menu), or wait until the other command has finished, then try"
                " again"
            )
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            with contextlib.suppress(OSError):
                path.unlink()  # stale: its process is gone
            continue
        except OSError as error:
            if not Path(db_path).parent.exists():
                unlocked = True  # nothing to lock yet: the command says what is missing
                break
            raise DatabaseReadOnlyError(
                f"cannot create {path}: {error.strerror} (read-only folder?)"
            ) from error
        with os.fdopen(fd, "w") as handle:
            handle.write(f"{os.getpid()}\n{_program_name()}\n{socket.gethostname()}\n")
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                if path.read_text().split("\n", 1)[0] == str(os.getpid()):
                    path.unlink()
        return
    if not unlocked:
        raise DatabaseLockedError(f"another process keeps taking {path}; try again")
    yield
