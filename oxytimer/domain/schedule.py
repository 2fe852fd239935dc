"""The twice-daily schedule: which slot a time falls in, and what each slot holds.

A slot shows what its session truly is — done, awaiting its post-score, in progress,
interrupted (with how much massage was given), closed incomplete, stopped early — or, with
no session, due, later today or missed. Only a massage given in full counts as given
(:func:`massage_outcome`); an interrupted or stopped one is partial until it is resumed
and finished.
"""

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

FULL_MASSAGE_TOLERANCE_S = 1.0
"""A massage within this of its planned length was given in full."""

GIVEN = "given"
PARTIAL = "partial"

GIVEN_STATUSES = frozenset({"completed", "awaiting_post"})
"""Statuses whose massage was given in full (the countdown reached its end)."""


def massage_outcome(status: str, massage_seconds: float = 0.0, planned_seconds: float = 0) -> str:
    """Whether a session's massage was given in full (:data:`GIVEN`) or in part.

    Completed and awaiting a post-score: given. Closed as incomplete: given when its
    massage reached the planned length, else partial. Interrupted, stopped early, still
    running or paused: partial (its minutes count, not the session).
    """
    if status in GIVEN_STATUSES:
        return GIVEN
    if status == "incomplete" and massage_seconds >= planned_seconds - FULL_MASSAGE_TOLERANCE_S:
        return GIVEN
    return PARTIAL


def given_sql(alias: str = "") -> str:
    """:func:`massage_outcome` == GIVEN as an SQL expression over the sessions table."""
    x = f"{alias}." if alias else ""
    statuses = ", ".join(f"'{s}'" for s in sorted(GIVEN_STATUSES))
    return (
        f"({x}status IN ({statuses}) OR ({x}status = 'incomplete' AND {x}massage_seconds"
        f" >= {x}planned_seconds - {FULL_MASSAGE_TOLERANCE_S}))"
    )


class SlotState(StrEnum):
    DONE = "done"
    GIVEN_NO_POST = "given_no_post"
    AWAITING_POST = "awaiting_post"
    IN_PROGRESS = "in_progress"
    INTERRUPTED = "interrupted"
    INCOMPLETE = "incomplete"
    STOPPED = "stopped"
    DUE = "due"
    UPCOMING = "upcoming"
    MISSED = "missed"


_STATE_OF_STATUS = {
    "completed": SlotState.DONE,
    "awaiting_post": SlotState.AWAITING_POST,
    "running": SlotState.IN_PROGRESS,
    "paused": SlotState.IN_PROGRESS,
    "interrupted": SlotState.INTERRUPTED,
    "aborted": SlotState.STOPPED,
}
# When a slot holds several sessions, the first of these states that one has is shown.
_PRECEDENCE = (
    SlotState.DONE,
    SlotState.GIVEN_NO_POST,
    SlotState.AWAITING_POST,
    SlotState.IN_PROGRESS,
    SlotState.INTERRUPTED,
    SlotState.INCOMPLETE,
    SlotState.STOPPED,
)
PARTIAL_STATES = frozenset(
    {SlotState.IN_PROGRESS, SlotState.INTERRUPTED, SlotState.INCOMPLETE, SlotState.STOPPED}
)
"""Slot states whose massage was given only in part (their minutes are worth showing)."""


@dataclass(frozen=True)
class GivenSession:
    """What the schedule needs to know of a stored session."""

    local_start: datetime
    status: str
    slot: str | None = None
    massage_seconds: float = 0.0
    planned_seconds: float = 0.0
    session_id: str = ""

    @property
    def slot_state(self) -> SlotState:
        """What this session makes of its slot."""
        if self.status == "incomplete":
            full = massage_outcome(self.status, self.massage_seconds, self.planned_seconds)
            return SlotState.GIVEN_NO_POST if full == GIVEN else SlotState.INCOMPLETE
        return _STATE_OF_STATUS.get(self.status, SlotState.STOPPED)


@dataclass(frozen=True)
class SlotStatus:
    """One slot of a day: its state, and the session behind it if there is one."""

    state: SlotState
    session: GivenSession | None = None

    @property
    def massage_seconds(self) -> float:
        return self.session.massage_seconds if self.session else 0.0

    @property
    def planned_seconds(self) -> float:
        return self.session.planned_seconds if self.session else 0.0


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


def day_slots(
    day: date,
    now_local: datetime,
    sessions: Iterable[GivenSession],
    hours: Mapping[str, tuple[int, int]] = DEFAULT_SLOT_HOURS,
) -> dict[str, SlotStatus]:
    """Each slot of ``day`` with what it holds (see :class:`SlotState`).

    Args:
        day: the local calendar day.
        now_local: the current local time (naive or aware, in the same zone as sessions).
        sessions: the mother's non-voided sessions.
        hours: slot windows as (start hour, end hour).
    """
    held: dict[str, GivenSession] = {}
    for given in sessions:
        if given.local_start.date() != day:
            continue
        slot = given.slot or slot_for(given.local_start, hours) or Slot.MORNING.value
        before = held.get(slot)
        if before is None or _PRECEDENCE.index(given.slot_state) <= _PRECEDENCE.index(
            before.slot_state
        ):
            held[slot] = given
    plan: dict[str, SlotStatus] = {}
    now_hour = now_local.hour + now_local.minute / 60
    for slot in (Slot.MORNING, Slot.EVENING):
        start, end = hours[slot]
        if slot.value in held:
            session = held[slot.value]
            plan[slot.value] = SlotStatus(session.slot_state, session)
        elif now_local.date() > day or (now_local.date() == day and now_hour >= end):
            plan[slot.value] = SlotStatus(SlotState.MISSED)
        elif now_local.date() == day and now_hour >= start:
            plan[slot.value] = SlotStatus(SlotState.DUE)
        else:
            plan[slot.value] = SlotStatus(SlotState.UPCOMING)
    return plan


def day_plan(
    day: date,
    now_local: datetime,
    sessions: Iterable[GivenSession],
    hours: Mapping[str, tuple[int, int]] = DEFAULT_SLOT_HOURS,
) -> dict[str, SlotState]:
    """Each slot's state only (see :func:`day_slots`)."""
    return {
        slot: status.state for slot, status in day_slots(day, now_local, sessions, hours).items()
    }


BASELINE = "baseline"
END = "end"


def assessment_due(
    has_baseline: bool,
    has_end: bool,
    sessions_given: int,
    planned_sessions: int,
    earlier_design: bool = False,
) -> str | None:
    """Which assessment (the full checklist) a mother is due, if any.

    The baseline before her first massage; the end once ``planned_sessions`` massages
    were given in full. A mother followed under the earlier design (the full checklist
    before and after every session) is due neither.

    Returns:
        :data:`BASELINE`, :data:`END` or None.
    """
    if earlier_design and not has_baseline:
        return None
    if not has_baseline:
        return BASELINE
    if not has_end and sessions_given >= planned_sessions:
        return END
    return None
