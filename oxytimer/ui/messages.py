"""Every sentence shown for an :class:`~oxytimer.domain.records.InputError` or a storage
failure, translated in one place."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from oxytimer.domain.records import InputError
from oxytimer.storage.repository import (
    DatabaseDamagedError,
    DatabaseFullError,
    DatabaseLockedError,
    DatabaseReadOnlyError,
    DatabaseTooNewError,
    StorageError,
)


def _t(text: str) -> str:
    return QCoreApplication.translate("messages", text)


def input_error_text(error: InputError) -> str:
    """A sentence for the user about what is wrong with a value."""
    p = error.params
    code = error.code
    if code == "required":
        return {
            "study_code": _t("Enter a study code."),
            "site": _t("Choose a puskesmas."),
            "caregiver": _t("Choose who gives the massage."),
            "reason": _t("Give a reason."),
            "abort_reason": _t("Give a reason for stopping."),
            "mother": _t("Choose a mother first."),
            "consent_date": _t("Enter the date of consent."),
            "consent": _t("The mother must give consent before enrolment."),
        }.get(error.field, _t("This value is required."))
    if code == "duplicate":
        return _t("Study code {code} is already used at this puskesmas.").format(
            code=p.get("value", "")
        )
    if code == "invalid_code":
        return _t("Use letters, digits and - only (for example MTR-031).")
    if code == "out_of_range":
        if error.field == "duration":
            return _t("Choose between {min} and {max} minutes.").format(**p)
        return _t("Enter a value from {min} to {max}.").format(**p)
    if code == "future":
        return _t("This date is in the future.")
    if code == "locked":
        return _t("This record is locked because follow-up is closed. Unlock it with a reason.")
    if code == "not_active":
        return _t("This mother is not enrolled (screened out, withdrawn or closed).")
    if code == "not_found":
        return _t("The record was not found; it may have been changed elsewhere.")
    if code in ("not_open", "not_awaiting_post"):
        return _t("This session has already been closed.")
    return _t("This value cannot be saved.")


def storage_error_text(error: StorageError) -> str:
    """A sentence for the user about a problem with the database file."""
    if isinstance(error, DatabaseFullError):
        return _t(
            "The disk is full. Nothing was saved. Free some space, then press Save again:"
            " what you typed is still here."
        )
    if isinstance(error, DatabaseReadOnlyError):
        return _t(
            "The database file cannot be written (read-only file or folder). Nothing was"
            " saved. What you typed is still here."
        )
    if isinstance(error, DatabaseLockedError):
        return _t(
            "The database is busy in another program. Nothing was saved. Try again in a"
            " moment: what you typed is still here."
        )
    if isinstance(error, DatabaseDamagedError):
        return _t("The database file is damaged. It was not changed. Restore the latest backup.")
    if isinstance(error, DatabaseTooNewError):
        return _t(
            "This database was made by a newer version of oxytimer. Update oxytimer to open it."
        )
    return _t("The database reported a problem: {detail}").format(detail=str(error))
