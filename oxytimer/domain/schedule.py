"""The twice-daily schedule: which slot a time falls in, and what is done, due or missed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from oxytimer.domain.records import Slot

DEFAULT_SLOT_HOURS: Mapping[str, tuple[int, int]] = {
    Slot.MORNING: (6, 12),
    Slot.EVENING: (15, 21),
}

# Statuses that count as a session given for the slot. An interrupted session (the app
# stopped mid-massage) was given as much as one closed later as incomplete: both count, so
# closing it does not change the schedule and the slot is not offered for a second massage.
DONE_STATUSES = frozenset(
    {"completed", "awaiting_post", "incomplete", "interrupted", "running", "paused"}
)


class SlotState(StrEnum):
    DONE = "done"
    DUE = "due"
    UPCOMING = "upcoming"
    MISSED = "missed"


@dataclass(frozen=True)
class GivenSession:
    """What the schedule needs to know of a stored session."""

    local_start: datetime
    status: str
    slot: str | None = None


def slot_for(
    local_time: datetime, hours: Mapping[str, tuple[int, int]] = DEFAULT_SLOT_HOURS
) -> str | None:
    """The slot a local time falls in, or None between slots.

    A session started outside both windows is counted for the nearer slot of the same
    day: morning before noon, evening after.
    """
    hour = local_time.hour + local_time.minute / 60
    for slot in (Slot.MORNING, Slot.EVENING):
        start, end = hours[slot]
        if start <= hour < end:
            return slot.value
    return Slot.MORNING.value if hour < 12 else Slot.EVENING.value


def day_plan(
    day: date,
    now_local: datetime,
    sessions: Iterable[GivenSession],
    hours: Mapping[str, tuple[int, int]] = DEFAULT_SLOT_HOURS,
) -> dict[str, SlotState]:
    """Each slot of ``day``: done, due now, upcoming, or missed.

    Args:
        day: the local calendar day.
        now_local: the current local time (naive or aware, in the same zone as sessions).
        sessions: the mother's non-voided sessions.
        hours: slot windows as (start hour, end hour).
    """
    done = set()
    for given in sessions:
        if given.local_start.date() != day or given.status not in DONE_STATUSES:
            continue
        done.add(given.slot or slot_for(given.local_start, hours))
    plan: dict[str, SlotState] = {}
    now_hour = now_local.hour + now_local.minute / 60
    for slot in (Slot.MORNING, Slot.EVENING):
        start, end = hours[slot]
        if slot.value in done:
            plan[slot.value] = SlotState.DONE
        elif now_local.date() > day or (now_local.date() == day and now_hour >= end):
            plan[slot.value] = SlotState.MISSED
        elif now_local.date() == day and now_hour >= start:
            plan[slot.value] = SlotState.DUE
        else:
            plan[slot.value] = SlotState.UPCOMING
    return plan
