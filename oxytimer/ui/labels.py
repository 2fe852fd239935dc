"""Translated names of the records' codes (caregiver, status, slot ...)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def _t(text: str) -> str:
    return QCoreApplication.translate("labels", text)


def caregiver_label(code: str) -> str:
    return {
        "husband": _t("Husband"),
        "midwife": _t("Midwife"),
        "family": _t("Other family member"),
        "other": _t("Other"),
    }.get(code, code)


def caregiver_choices() -> list[tuple[str, str]]:
    return [(c, caregiver_label(c)) for c in ("husband", "midwife", "family", "other")]


def session_status_label(code: str) -> str:
    return {
        "running": _t("Running"),
        "paused": _t("Paused"),
        "awaiting_post": _t("Awaiting post-score"),
        "completed": _t("Completed"),
        "aborted": _t("Aborted"),
        "interrupted": _t("Interrupted"),
        "incomplete": _t("Incomplete"),
    }.get(code, code)


def slot_label(code: str) -> str:
    return {"morning": _t("Morning"), "evening": _t("Evening")}.get(code, code)


def slot_state_label(code: str) -> str:
    return {
        "done": _t("Done"),
        "due": _t("Due now"),
        "upcoming": _t("Later today"),
        "missed": _t("Missed"),
    }.get(code, code)


def minutes_label(minutes: int) -> str:
    return _t("{n} min").format(n=minutes)


def format_clock(seconds: float) -> str:
    """m:ss for a countdown (whole seconds, rounded up so 0:00 means done)."""
    import math

    whole = max(math.ceil(seconds - 1e-9), 0)
    return f"{whole // 60}:{whole % 60:02d}"
