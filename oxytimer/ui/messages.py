"""Every sentence shown for an :class:`~oxytimer.domain.records.InputError` or a storage
failure, translated in one place."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from oxytimer.domain.records import InputError
from oxytimer.storage.audit_chain import (
    CHANGED,
    DELETED,
    INSERTED,
    TRIGGER_MISSING,
    AuditTrailBrokenError,
    ChainCheck,
)
from oxytimer.storage.repository import (
    DatabaseDamagedError,
    DatabaseEmptyError,
    DatabaseFullError,
    DatabaseLockedError,
    DatabaseReadOnlyError,
    DatabaseTooNewError,
    DatabaseUnreadableError,
    DatabaseVanishedError,
    NotOxytimerDatabaseError,
    StorageError,
)

# A literal context and text in every call, so that pyside6-lupdate finds the string
# (scripts/update_translations.py).
translate = QCoreApplication.translate


def input_error_text(error: InputError) -> str:
    """A sentence for the user about what is wrong with a value."""
    registry = registry_error_text(error)
    if registry is not None:
        return registry
    p = error.params
    code = error.code
    if code == "required":
        return {
            "study_code": translate("messages", "Enter a study code."),
            "site": translate("messages", "Choose a puskesmas."),
            "caregiver": translate("messages", "Choose who gives the massage."),
            "reason": translate("messages", "Give a reason."),
            "abort_reason": translate("messages", "Give a reason for stopping."),
            "mother": translate("messages", "Choose a mother first."),
            "consent_date": translate("messages", "Enter the date of consent."),
            "consent": translate("messages", "The mother must give consent before enrolment."),
        }.get(error.field, translate("messages", "This value is required."))
    if code == "duplicate":
        return translate("messages", "Study code {code} is already used at this puskesmas.").format(
            code=p.get("value", "")
        )
    if code == "invalid_code":
        return translate("messages", "Use letters, digits and - only (for example MTR-031).")
    if code == "out_of_range":
        if error.field == "duration":
            return translate("messages", "Choose between {min} and {max} minutes.").format(**p)
        return translate("messages", "Enter a value from {min} to {max}.").format(**p)
    if code == "future":
        return translate("messages", "This date is in the future.")
    if code == "locked":
        return translate(
            "messages",
            "This record is locked because follow-up is closed. Unlock it with a reason.",
        )
    if code == "not_active":
        return translate(
            "messages", "This mother is not enrolled (screened out, withdrawn or closed)."
        )
    if code == "not_found":
        return translate(
            "messages", "The record was not found; it may have been changed elsewhere."
        )
    if code == "instrument_mismatch":
        return translate(
            "messages",
            "This score does not match the checklist in use (version {version}); it was not saved.",
        ).format(**p)
    if code == "open_sessions":
        return translate(
            "messages",
            "{count} of her sessions are still open (running, awaiting a post-score or"
            " interrupted). Record their post-scores or close them first.",
        ).format(**p)
    if code == "resume_too_late":
        return translate(
            "messages",
            "More than {minutes} minutes have passed since this massage stopped: it can no"
            " longer be resumed. Record its post-score or close it as incomplete.",
        ).format(**p)
    if code == "already_resumed":
        return translate(
            "messages",
            "This massage was resumed once already. Record its post-score or close it as"
            " incomplete.",
        )
    if code == "nothing_to_resume":
        return translate("messages", "This massage was already given in full.")
    if code in ("not_open", "not_awaiting_post"):
        if p.get("status") in ("running", "paused"):
            return translate(
                "messages",
                "The end of this massage has not been saved yet. Press Save again in a"
                " moment; what you entered is still here.",
            )
        return translate("messages", "This session has already been closed.")
    return translate("messages", "This value cannot be saved.")


def _detail(error: StorageError) -> str:
    return f"\n\n({error})" if str(error) else ""


def storage_error_text(error: StorageError, *, typed: bool = True) -> str:
    """A sentence for the user about a problem with the database file.

    ``typed``: the user was saving what they typed in a form (the sentence says it is
    still there); False for a task (opening the database, a backup, an export ...).
    """
    if isinstance(error, AuditTrailBrokenError):
        return audit_trail_text(error.check)
    if isinstance(error, DatabaseFullError) and not typed:
        return translate(
            "messages",
            "The disk is full. Nothing was written and the records are as they were. Free"
            " some space, then try again.",
        )
    if isinstance(error, DatabaseFullError):
        return translate(
            "messages",
            "The disk is full. Nothing was saved. Free some space, then press Save again:"
            " what you typed is still here.",
        )
    if isinstance(error, DatabaseReadOnlyError):
        return translate(
            "messages",
            "The database file cannot be written (read-only file or folder). Nothing was"
            " saved. What you typed is still here.",
        ) + _detail(error)
    if isinstance(error, DatabaseEmptyError):
        return translate(
            "messages",
            "The database file is empty: it holds no records, and it was not changed. If"
            " records were lost, restore a backup (oxytimer restore FILE). To start a new"
            " database in this file, start oxytimer with --new.",
        ) + _detail(error)
    if isinstance(error, NotOxytimerDatabaseError):
        return translate(
            "messages",
            "This file is not an oxytimer database. It was not changed.",
        ) + _detail(error)
    if isinstance(error, DatabaseUnreadableError):
        return translate(
            "messages",
            "The database file cannot be opened. This does not mean it is damaged: check"
            " that this user may read it and that its disk or stick is attached.",
        ) + _detail(error)
    if isinstance(error, DatabaseVanishedError):
        return translate(
            "messages",
            "The database file or its -wal file was removed while oxytimer was running."
            " Nothing more is saved. What was saved before is in the database file: close"
            " oxytimer and check its folder (a cleaning tool may have removed files).",
        ) + _detail(error)
    if isinstance(error, DatabaseLockedError):
        return translate(
            "messages",
            "The database is busy in another program. Nothing was saved. Try again in a"
            " moment: what you typed is still here.",
        ) + _detail(error)
    if isinstance(error, DatabaseDamagedError):
        return translate(
            "messages",
            "The database file is damaged. It was not changed. Restore the latest backup.",
        )
    if isinstance(error, DatabaseTooNewError):
        return translate(
            "messages",
            "This database was made by a newer version of oxytimer. Update oxytimer to open it.",
        )
    return translate("messages", "The database reported a problem: {detail}").format(
        detail=str(error)
    )


def _local_time(at: str | None) -> str:
    """An audit row's UTC time as the laptop's local date and time (as written if odd)."""
    from datetime import datetime

    if not at:
        return "?"
    try:
        return datetime.fromisoformat(at).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return at


def audit_trail_text(check: ChainCheck) -> str:
    """What is wrong with the audit trail (the first break: where it is) and what to do."""
    first = check.first()
    if first.kind == CHANGED:
        what = translate(
            "messages",
            "Row {position} of the audit trail (written {at}) was changed after it was saved.",
        ).format(position=first.position, at=_local_time(first.at))
    elif first.kind == DELETED:
        what = translate("messages", "Row {position} of the audit trail was deleted.").format(
            position=first.position
        )
    elif first.kind == INSERTED:
        what = translate(
            "messages",
            "An audit row (written {at}) was added to the database by another program.",
        ).format(at=_local_time(first.at))
    elif first.kind == TRIGGER_MISSING:
        what = translate(
            "messages", "A protection of the records ({name}) was removed from the database file."
        ).format(name=first.audit_id)
    else:
        what = translate(
            "messages", "The protection of the audit trail was removed from the database file."
        )
    others = len(check.breaks) - 1 + check.more
    if others:
        what += " " + translate("messages", "{n} other problem(s) were found too.").format(n=others)
    return (
        what
        + "\n\n"
        + translate(
            "messages",
            "Someone changed the database file outside oxytimer. oxytimer has changed"
            " nothing. You can keep recording, but exports and merges are refused until this"
            " is resolved. Do not open the file with other programs. Tell the study's data"
            " manager and give them this database file with its backups folder: 'oxytimer"
            " verify' shows them every change, and a backup from before it can be restored.",
        )
    )


# --- registry (issue 3) -----------------------------------------------------------------


def registry_error_text(error: InputError) -> str | None:
    """Sentences for the registry's codes and fields; None to use the general ones."""
    p = error.params
    code, field = error.code, error.field
    if code == "required":
        return {
            "age": translate("messages", "Enter her age in years."),
            "occupation": translate("messages", "Choose her occupation."),
            "parity": translate("messages", "Choose first baby or not."),
            "delivery_date": translate("messages", "Enter the delivery date."),
            "delivery_type": translate("messages", "Choose the type of delivery."),
            "lives_with_husband": translate("messages", "Answer yes or no."),
            "site_code": translate("messages", "Enter a code for the puskesmas."),
            "site_name": translate("messages", "Enter the name of the puskesmas."),
            "total": translate("messages", "Enter the corrected score."),
        }.get(field)
    if code == "out_of_range" and field == "age":
        return translate("messages", "The age must be from {min} to {max} years.").format(**p)
    if code == "future":
        return {
            "delivery_date": translate("messages", "The delivery date cannot be in the future."),
            "consent_date": translate("messages", "The consent date cannot be in the future."),
            "withdrawal_date": translate(
                "messages", "The withdrawal date cannot be in the future."
            ),
        }.get(field)
    texts: dict[str, Callable[[], str]] = {
        "not_a_number": lambda: translate("messages", "Enter a whole number."),
        "invalid": lambda: translate("messages", "Choose one of the listed values."),
        "before_delivery": lambda: translate(
            "messages", "The consent date cannot be before the delivery date."
        ),
        "unanswered": lambda: translate(
            "messages", "Answer every screening question ({n} left)."
        ).format(n=len(p.get("ids", []))),
        "invalid_site_code": lambda: translate(
            "messages", "Use 2 to 8 capital letters or digits, starting with a letter (e.g. PGS)."
        ),
        "duplicate_site": lambda: translate("messages", "{value} is already in the list.").format(
            value=p.get("value", "")
        ),
        "too_long": lambda: translate("messages", "Use at most {max} characters.").format(**p),
        "not_locked": lambda: translate("messages", "This record is not locked."),
        "not_editable": lambda: translate("messages", "This value cannot be corrected."),
        "unchanged": lambda: translate("messages", "The new value is the same as the old one."),
        "still_open": lambda: translate(
            "messages", "This session is still running; finish or stop it first."
        ),
        "voided": lambda: translate("messages", "This session is voided; it cannot be changed."),
        "has_items": lambda: translate(
            "messages", "This score was recorded item by item: correct the items instead."
        ),
        "incomplete": lambda: translate("messages", "Answer every item."),
        "instrument_mismatch": lambda: translate(
            "messages",
            "This score was recorded with version {version} of the checklist; it cannot be"
            " corrected with this one.",
        ).format(version=p.get("version", "")),
    }
    text = texts.get(code)
    return None if text is None else text()
