"""What the commands say when a database file cannot be used: one sentence per cause,
with what to do about it (the app's sentences are in ui/messages.py, translated)."""

from __future__ import annotations

from oxytimer.storage.errors import (
    DatabaseDamagedError,
    DatabaseEmptyError,
    DatabaseFullError,
    DatabaseLockedError,
    DatabaseMissingError,
    DatabaseReadOnlyError,
    DatabaseTooNewError,
    DatabaseUnreadableError,
    DatabaseVanishedError,
    NotOxytimerDatabaseError,
    StorageError,
)


def explain(error: StorageError) -> str:
    """``error`` as a sentence with its remedy (English, for the command line)."""
    detail = str(error)
    if isinstance(error, DatabaseDamagedError):
        return (
            f"the database file is damaged ({detail}); it was not changed. Restore a"
            " backup with 'oxytimer restore FILE' (backups are in the 'backups' folder"
            " beside it)."
        )
    if isinstance(error, DatabaseEmptyError):
        return (
            f"{detail}: it holds no records and was not changed. If records were lost,"
            " restore a backup with 'oxytimer restore FILE'; to start a new database in"
            " it, add --new."
        )
    if isinstance(error, DatabaseMissingError):
        return f"{detail}."
    if isinstance(error, NotOxytimerDatabaseError):
        return f"{detail}; it was not changed."
    if isinstance(error, DatabaseReadOnlyError):
        return (
            f"{detail}. Nothing was written. Copy the database to a folder you can write,"
            " or ask the owner of the file."
        )
    if isinstance(error, DatabaseUnreadableError):
        return (
            f"cannot open the database ({detail}). This does not mean it is damaged: check"
            " that you may read it and that its disk or stick is still attached."
        )
    if isinstance(error, DatabaseLockedError):
        return f"the database is busy ({detail}). Nothing was written; try again later."
    if isinstance(error, DatabaseFullError):
        return f"the disk is full ({detail}). Nothing more was written; free some space."
    if isinstance(error, DatabaseVanishedError):
        return (
            f"{detail}. What was saved before is in the database file; check its folder"
            " (a cleaning tool or another program may have removed files)."
        )
    if isinstance(error, DatabaseTooNewError):
        return f"{detail}."
    return detail
