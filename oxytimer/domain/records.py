"""The vocabulary of the records: statuses, caregivers, slots, and input errors.

Storage enforces the same lists with CHECK constraints; the UI translates the codes.
Error messages are codes, not sentences, so that every sentence a user reads is
translated in one place (``oxytimer.ui.messages``).
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any


class Caregiver(StrEnum):
    """Who gives the massage."""

    HUSBAND = "husband"
    MIDWIFE = "midwife"
    FAMILY = "family"
    OTHER = "other"


class SessionStatus(StrEnum):
    """Lifecycle of a stored session.

    running/paused while the countdown is on; awaiting_post once the massage ended and the
    post-score is still to be recorded; completed with both scores; aborted when stopped
    early; interrupted when the app died mid-session (found at the next start);
    incomplete when an interrupted or awaiting session was closed without a post-score.
    """

    RUNNING = "running"
    PAUSED = "paused"
    AWAITING_POST = "awaiting_post"
    COMPLETED = "completed"
    ABORTED = "aborted"
    INTERRUPTED = "interrupted"
    INCOMPLETE = "incomplete"


OPEN_STATUSES = (SessionStatus.RUNNING, SessionStatus.PAUSED)


class ScoreKind(StrEnum):
    PRE = "pre"
    POST = "post"


class Slot(StrEnum):
    """The twice-daily schedule."""

    MORNING = "morning"
    EVENING = "evening"


class MotherStatus(StrEnum):
    ENROLLED = "enrolled"
    SCREENED_OUT = "screened_out"
    WITHDRAWN = "withdrawn"
    CLOSED = "closed"


class Occupation(StrEnum):
    NOT_WORKING = "not_working"
    TRADER = "trader"
    LABOURER_FARMER = "labourer_farmer"
    SELF_EMPLOYED = "self_employed"
    EMPLOYEE = "employee"
    OTHER = "other"


class Parity(StrEnum):
    PRIMIPARA = "primipara"
    MULTIPARA = "multipara"


class DeliveryType(StrEnum):
    NORMAL = "normal"
    ASSISTED = "assisted"
    CAESAREAN = "caesarean"


AGE_MIN = 10
AGE_MAX = 60
STUDY_CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$")


class InputError(ValueError):
    """A value a user typed that cannot be stored. Nothing was written.

    Attributes:
        field: the input it concerns (e.g. ``"study_code"``), so a view can show the
            message next to it.
        code: what is wrong (``"required"``, ``"duplicate"``, ``"out_of_range"`` ...).
        params: values the message needs (e.g. ``{"min": 3, "max": 5}``).
    """

    def __init__(self, field: str, code: str, **params: Any) -> None:
        self.field = field
        self.code = code
        self.params = params
        detail = ", ".join(f"{k}={v!r}" for k, v in params.items())
        super().__init__(f"{field}: {code}" + (f" ({detail})" if detail else ""))


def clean_study_code(code: str) -> str:
    """Normalise a study code (trimmed, upper case) or raise :class:`InputError`."""
    cleaned = code.strip().upper()
    if not cleaned:
        raise InputError("study_code", "required")
    if not STUDY_CODE_PATTERN.match(cleaned):
        raise InputError("study_code", "invalid_code")
    return cleaned


def require_reason(reason: str | None, field: str = "reason") -> str:
    """Return the trimmed reason, or raise :class:`InputError` when it is empty."""
    cleaned = (reason or "").strip()
    if not cleaned:
        raise InputError(field, "required")
    return cleaned
