"""Commands and the app sharing one database file.

The app holds ``<db>.lock`` (Qt's ``QLockFile``) for as long as it runs. A command that
writes (import, merge, restore) refuses to write while the app holds it, and says so: the
app's window would otherwise freeze while it waits for the command's transaction. Commands
take turns among themselves through SQLite: their writes begin IMMEDIATE and wait up to
:data:`COMMAND_BUSY_TIMEOUT_MS` for another command's write to end. No Qt here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from oxytimer.storage.backup import lock_holder
from oxytimer.storage.errors import DatabaseLockedError

COMMAND_BUSY_TIMEOUT_MS: Final = 120_000
"""How long a command waits for another command's write (a large import or merge)."""


def lock_path(db_path: Path) -> Path:
    """The app's lock file for ``db_path``: beside the file itself, whatever link or
    path leads to it (a link to it would otherwise get a lock of its own, and a second
    copy of the app, or a command, would write under the first)."""
    return Path(f"{Path(db_path).resolve()}.lock")


def refuse_while_app_runs(db_path: Path) -> None:
    """Raise :class:`DatabaseLockedError` when the app has ``db_path`` open."""
    holder = lock_holder(db_path)
    if holder is not None:
        raise DatabaseLockedError(
            f"oxytimer (process {holder}) has {db_path} open; close it first, or use its Data menu"
        )
