"""Checks of the values a score or a session correction may take."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from oxytimer.domain.records import (
    Caregiver,
    InputError,
    Slot,
)

# The registry, screening and dose modules (and json, uuid) are imported by the methods
# that use them, not here: the app's start screen needs none of them (start-up time,
# issue 2; tests/test_launch.py).
if TYPE_CHECKING:
    from oxytimer.domain.instrument import Instrument


def _checked_score(
    field: str,
    total: int,
    items: Mapping[str, bool] | None,
    category: str | None,
    min_total: int,
    max_total: int,
    version: str,
    instrument: Instrument | None,
) -> str | None:
    """The category to store for a score, after checking its range and ``instrument``.

    Raises:
        InputError: the total is outside its range (``out_of_range``), or the score does
            not agree with the instrument it claims to come from.
    """
    if not min_total <= total <= max_total:
        raise InputError(field, "out_of_range", min=min_total, max=max_total)
    if instrument is None:
        return category
    if (version, min_total, max_total) != (
        instrument.version,
        instrument.min_total,
        instrument.max_total,
    ):
        raise InputError(field, "instrument_mismatch", version=instrument.version)
    known = {item.id for item in instrument.items}
    if items:
        if not set(items) <= known:
            raise InputError(field, "instrument_mismatch", version=instrument.version)
        if set(items) == known and total != sum(1 for v in items.values() if v):
            raise InputError(field, "instrument_mismatch", version=instrument.version)
    if instrument.check:  # a session check: a total without bands
        if category:
            raise InputError(field, "instrument_mismatch", version=instrument.version)
        return None
    expected = instrument.category_for(total).id
    if category is not None and category != expected:
        raise InputError(field, "instrument_mismatch", version=instrument.version)
    return expected


SESSION_CORRECTABLE = (
    "caregiver",
    "slot",
    "planned_seconds",
    "massage_seconds",
    "paused_seconds",
    "pause_count",
)


"""Session details a correction may change."""


def _check_session_value(field: str, value: Any, planned_seconds: int) -> Any:
    """The value to store for a corrected session detail, or raise :class:`InputError`."""
    if field == "caregiver":
        if value not in {c.value for c in Caregiver}:
            raise InputError("caregiver", "invalid")
        return str(value)
    if field == "slot":
        if value is not None and value not in {s.value for s in Slot}:
            raise InputError("slot", "invalid")
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(field, "not_a_number")
    if field == "planned_seconds":
        if int(value) != value or not 180 <= value <= 300:
            raise InputError("planned_seconds", "out_of_range", min=180, max=300)
        return int(value)
    if field == "pause_count":
        if int(value) != value or not 0 <= value <= 1000:
            raise InputError("pause_count", "out_of_range", min=0, max=1000)
        return int(value)
    if field == "massage_seconds":
        if not 0 <= value <= planned_seconds:
            raise InputError("massage_seconds", "out_of_range", min=0, max=planned_seconds)
        return round(float(value), 3)
    if field == "paused_seconds":
        if not 0 <= value <= 86400:
            raise InputError("paused_seconds", "out_of_range", min=0, max=86400)
        return round(float(value), 3)
    raise InputError(field, "not_editable")
