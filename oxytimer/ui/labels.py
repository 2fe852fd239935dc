"""Translated names of the records' codes (caregiver, status, slot ...)."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale, QTime

# A literal context and text in every call, so that pyside6-lupdate finds the string
# (scripts/update_translations.py).
translate = QCoreApplication.translate


def caregiver_label(code: str) -> str:
    return {
        "husband": translate("labels", "Husband"),
        "midwife": translate("labels", "Midwife"),
        "family": translate("labels", "Other family member"),
        "other": translate("labels", "Other"),
    }.get(code, code)


def caregiver_choices() -> list[tuple[str, str]]:
    return [(c, caregiver_label(c)) for c in ("husband", "midwife", "family", "other")]


def session_status_label(code: str) -> str:
    return {
        "running": translate("labels", "Running"),
        "paused": translate("labels", "Paused"),
        "awaiting_post": translate("labels", "Awaiting post-score"),
        "completed": translate("labels", "Done"),
        "aborted": translate("labels", "Stopped early"),
        "interrupted": translate("labels", "Interrupted"),
        "incomplete": translate("labels", "Closed incomplete"),
    }.get(code, code)


def given_text(massage_seconds: float, planned_seconds: float) -> str:
    """How much of a massage was given, e.g. "0:43 of 3:00 given"."""
    return translate("labels", "{done} of {planned} given").format(
        done=format_clock(massage_seconds), planned=format_clock(planned_seconds)
    )


def session_state_text(
    status: str, massage_seconds: float, planned_seconds: float, voided: bool = False
) -> str:
    """A session as it truly is: its state, and how much was given when not all of it.

    Never "Done" for a massage that was not finished.
    """
    from oxytimer.domain.schedule import GIVEN, massage_outcome

    if voided:
        return translate("labels", "Voided")
    text = session_status_label(status)
    if massage_outcome(status, massage_seconds, planned_seconds) != GIVEN:
        text += " · " + given_text(massage_seconds, planned_seconds)
    return text


def slot_label(code: str) -> str:
    return {
        "morning": translate("labels", "Morning"),
        "evening": translate("labels", "Evening"),
    }.get(code, code)


def slot_state_label(code: str) -> str:
    return {
        "done": translate("labels", "Done"),
        "given_no_post": translate("labels", "Given, no score"),
        "awaiting_post": translate("labels", "Awaiting post-score"),
        "in_progress": translate("labels", "In progress"),
        "interrupted": translate("labels", "Interrupted"),
        "incomplete": translate("labels", "Closed incomplete"),
        "stopped": translate("labels", "Stopped early"),
        "due": translate("labels", "Due now"),
        "upcoming": translate("labels", "Later today"),
        "missed": translate("labels", "Missed"),
    }.get(code, code)


def slot_status_text(state: str, massage_seconds: float = 0.0, planned_seconds: float = 0) -> str:
    """A slot's state, with the massage given when only part of it was (0:43 of 3:00)."""
    from oxytimer.domain.schedule import PARTIAL_STATES

    text = slot_state_label(state)
    if planned_seconds and state in {s.value for s in PARTIAL_STATES}:
        text += " (" + given_text(massage_seconds, planned_seconds) + ")"
    return text


def assessment_due_label(code: str) -> str:
    """Which assessment (the full checklist) is due: baseline, end, or nothing."""
    return {
        "baseline": translate("labels", "Baseline assessment due"),
        "end": translate("labels", "End assessment due"),
    }.get(code, "—")


def assessment_kind_label(code: str) -> str:
    return {
        "baseline": translate("labels", "Baseline assessment"),
        "end": translate("labels", "End assessment"),
        "daily": translate("labels", "Daily assessment"),
    }.get(code, code)


def minutes_label(minutes: int) -> str:
    return translate("labels", "{n} min").format(n=minutes)


def format_duration(seconds: float) -> str:
    """A recorded length as m:ss, to the nearest second (179.017 → 2:59)."""
    whole = max(int(float(seconds) + 0.5), 0)
    return f"{whole // 60}:{whole % 60:02d}"


def parse_duration(text: str) -> float | None:
    """Seconds from "m:ss" (2:59) or a number of seconds (179, 179,5); None if neither."""
    cleaned = text.strip().replace(",", ".")
    minutes, colon, rest = cleaned.partition(":")
    try:
        if colon:
            whole_minutes, secs = int(minutes), float(rest)
            if whole_minutes < 0 or not 0 <= secs < 60:
                return None
            return whole_minutes * 60 + secs
        return float(cleaned)
    except ValueError:
        return None


def format_clock(seconds: float) -> str:
    """m:ss for a countdown (whole seconds, rounded up so 0:00 means done)."""
    import math

    whole = max(math.ceil(seconds - 1e-9), 0)
    return f"{whole // 60}:{whole % 60:02d}"


# --- registry (issue 3) -----------------------------------------------------------------


def occupation_label(code: str | None) -> str:
    return {
        "not_working": translate("labels", "Not working"),
        "trader": translate("labels", "Trader"),
        "labourer_farmer": translate("labels", "Labourer / farmer"),
        "self_employed": translate("labels", "Self-employed"),
        "employee": translate("labels", "Employee / civil servant"),
        "other": translate("labels", "Other"),
    }.get(code or "", code or "")


def parity_label(code: str | None) -> str:
    return {
        "primipara": translate("labels", "First baby"),
        "multipara": translate("labels", "Second baby or later"),
    }.get(code or "", code or "")


def delivery_type_label(code: str | None) -> str:
    return {
        "normal": translate("labels", "Normal"),
        "assisted": translate("labels", "Assisted"),
        "caesarean": translate("labels", "Caesarean"),
    }.get(code or "", code or "")


def mother_status_label(code: str) -> str:
    return {
        "enrolled": translate("labels", "Enrolled"),
        "screened_out": translate("labels", "Screened out"),
        "withdrawn": translate("labels", "Withdrawn"),
        "closed": translate("labels", "Follow-up closed"),
    }.get(code, code)


def yes_no_label(value: object) -> str:
    if value is None or value == "":
        return ""
    return translate("labels", "Yes") if value in (True, 1, "1") else translate("labels", "No")


def audit_action_label(code: str) -> str:
    return {
        "insert": translate("labels", "Recorded"),
        "update": translate("labels", "Changed"),
        "void": translate("labels", "Voided"),
        "lock": translate("labels", "Locked"),
        "unlock": translate("labels", "Unlocked"),
    }.get(code, code)


def field_label(field: str | None) -> str:
    """The name of a stored field (for change histories and correction dialogs)."""
    if field is None:
        return translate("labels", "Whole record")
    if field.startswith("item:"):
        return translate("labels", "Item {item}").format(item=field[5:])
    return {
        "study_code": translate("labels", "Study code"),
        "enrolled_at": translate("labels", "Enrolled"),
        "name": translate("labels", "Name"),
        "age": translate("labels", "Age"),
        "occupation": translate("labels", "Occupation"),
        "parity": translate("labels", "Parity"),
        "delivery_date": translate("labels", "Delivery date"),
        "delivery_type": translate("labels", "Delivery type"),
        "lives_with_husband": translate("labels", "Lives with husband"),
        "consent": translate("labels", "Consent"),
        "consent_date": translate("labels", "Consent date"),
        "status": translate("labels", "Status"),
        "status_reason": translate("labels", "Reason"),
        "status_date": translate("labels", "Date"),
        "locked": translate("labels", "Locked"),
        "caregiver": translate("labels", "Given by"),
        "slot": translate("labels", "Slot"),
        "planned_seconds": translate("labels", "Planned length"),
        "massage_seconds": translate("labels", "Massage time"),
        "paused_seconds": translate("labels", "Paused time"),
        "preparation_seconds": translate("labels", "Getting ready"),
        "first_part_seconds": translate("labels", "Massage before the interruption"),
        "resume_gap_seconds": translate("labels", "Break before resuming"),
        "pause_count": translate("labels", "Pauses"),
        "started_at": translate("labels", "Started"),
        "progress_at": translate("labels", "Last saved progress"),
        "resumed_at": translate("labels", "Resumed"),
        "recorded_at": translate("labels", "Recorded"),
        "screened_at": translate("labels", "Screened"),
        "protocol_version": translate("labels", "Protocol version"),
        "instrument_version": translate("labels", "Instrument version"),
        "criteria_version": translate("labels", "Criteria version"),
        "design": translate("labels", "Measurement"),
        "source": translate("labels", "Recorded with"),
        "operator": translate("labels", "Operator"),
        "kind": translate("labels", "Score"),
        "eligible": translate("labels", "Eligible"),
        "answers": translate("labels", "Screening answers"),
        "failed": translate("labels", "Criteria not met"),
        "min_total": translate("labels", "Lowest possible score"),
        "max_total": translate("labels", "Highest possible score"),
        "total": translate("labels", "Score"),
        "category": translate("labels", "Category"),
        "voided": translate("labels", "Voided"),
        "void_reason": translate("labels", "Void reason"),
        "ended_at": translate("labels", "Ended"),
        "abort_reason": translate("labels", "Reason for stopping"),
        "close_reason": translate("labels", "Reason for closing"),
    }.get(field, field)


# Numbers and dates on screen follow the interface language (QLocale.setDefault in
# app.install_translators): 1.234,5 and dd/MM/yyyy in Indonesian. Exports do not use these.
def format_number(value: float, decimals: int = 1) -> str:
    """A number for the screen: an integer as is, otherwise with ``decimals`` places."""
    if float(value).is_integer():
        return QLocale().toString(int(value))
    return QLocale().toString(float(value), "f", decimals)


def format_date(value: date) -> str:
    """dd/MM/yyyy (the same in Indonesian and in UK English)."""
    return QLocale().toString(QDate(value.year, value.month, value.day), "dd/MM/yyyy")


def format_datetime(value: datetime, *, with_year: bool = True) -> str:
    """dd/MM/yyyy HH:mm in local time (dd/MM HH:mm without the year)."""
    local = value.astimezone() if value.tzinfo else value
    when = QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))
    return QLocale().toString(when, "dd/MM/yyyy HH:mm" if with_year else "dd/MM HH:mm")
