"""Adherence and dose: how much of the twice-daily schedule a mother actually received.

This is the dose that travels with her pre/post scores into the clinician summary.
Voided sessions are left out of everything here.

Definitions (the same slots as :mod:`oxytimer.domain.schedule`):

* A session's massage is *given* when it was given in full
  (:func:`oxytimer.domain.schedule.massage_outcome`: completed, awaiting its post-score,
  or closed as incomplete after the whole massage); otherwise (interrupted, stopped
  early, closed incomplete part-way, still running) it is *partial*: its minutes count in
  ``massage_minutes``, the session does not count as given.
* A slot is *done* when a given session started in it, *partial* when only partial ones
  did. Two sessions in one slot count once.
* A slot is *scheduled* when it is done or partial, or when its window ended after she
  was enrolled and no later than the end of follow-up (``until``: now for an active
  mother, the time of withdrawal or closing otherwise). A slot still open is not yet
  scheduled unless a session started in it, so adherence does not dip during the morning
  before the massage is given.
* Adherence = done slots / scheduled slots (None while nothing is scheduled): a partial
  slot is scheduled but not done.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo

from oxytimer.domain.records import Slot
from oxytimer.domain.schedule import DEFAULT_SLOT_HOURS, GIVEN, massage_outcome, slot_for


@dataclass(frozen=True)
class DoseSession:
    """What the dose needs to know of one stored session.

    Attributes:
        local_start: When it started, in local time (timezone-aware).
        status: A :class:`~oxytimer.domain.records.SessionStatus` value.
        slot: The slot it was recorded for, if known.
        massage_seconds: Massage time delivered (pauses excluded).
        pause_count: How many times it was paused.
        caregiver: Who gave it (a :class:`~oxytimer.domain.records.Caregiver` value).
        voided: Voided sessions are ignored.
        planned_seconds: The massage length chosen (tells a session closed incomplete
            after the whole massage from one closed part-way).
    """

    local_start: datetime
    status: str
    slot: str | None = None
    massage_seconds: float = 0.0
    pause_count: int = 0
    caregiver: str = ""
    voided: bool = False
    planned_seconds: float = 0.0

    @property
    def given(self) -> bool:
        """Whether its massage was given in full."""
        return massage_outcome(self.status, self.massage_seconds, self.planned_seconds) == GIVEN


@dataclass(frozen=True)
class Dose:
    """A mother's dose of massage over her follow-up.

    Attributes:
        slots_done: Scheduled slots with a session given.
        slots_scheduled: Slots she should have had so far (see the module docstring).
        sessions: Non-voided sessions, whatever their status.
        sessions_given: Of those, the ones whose massage was given in full.
        aborted: Sessions stopped early.
        slots_partial: Scheduled slots with only a partial massage.
        sessions_partial: Non-voided sessions whose massage was given in part.
        massage_minutes: Minutes of massage delivered, all non-voided sessions.
        pauses: Pauses, all non-voided sessions.
        by_caregiver: Non-voided sessions by who gave them.
    """

    slots_done: int = 0
    slots_scheduled: int = 0
    sessions: int = 0
    sessions_given: int = 0
    aborted: int = 0
    massage_minutes: float = 0.0
    pauses: int = 0
    by_caregiver: Mapping[str, int] = field(default_factory=dict)
    slots_partial: int = 0
    sessions_partial: int = 0

    @property
    def adherence(self) -> float | None:
        """Done slots / scheduled slots, from 0 to 1; None when nothing was scheduled."""
        if self.slots_scheduled == 0:
            return None
        return self.slots_done / self.slots_scheduled


def _window_end(day: date, hours: tuple[int, int], tz: tzinfo | None) -> datetime:
    return datetime.combine(day, time(0), tzinfo=tz) + timedelta(hours=hours[1])


def dose(
    sessions: Iterable[DoseSession],
    enrolled: datetime,
    until: datetime,
    hours: Mapping[str, tuple[int, int]] = DEFAULT_SLOT_HOURS,
) -> Dose:
    """Compute a mother's adherence and dose.

    Args:
        sessions: Her sessions (voided ones are skipped).
        enrolled: When she was enrolled (timezone-aware).
        until: The end of follow-up so far: now, or when she was withdrawn or closed
            (timezone-aware).
        hours: Slot windows as (start hour, end hour) in local time.

    Returns:
        Her dose. Slot days are calendar days in ``enrolled``'s time zone.
    """
    tz = enrolled.tzinfo
    given = [s for s in sessions if not s.voided]
    done: set[tuple[date, str]] = set()
    touched: set[tuple[date, str]] = set()
    for session in given:
        local = session.local_start.astimezone(tz)
        key = (local.date(), session.slot or slot_for(local, hours) or Slot.MORNING)
        touched.add(key)
        if session.given:
            done.add(key)
    scheduled = 0
    slots_done = 0
    slots_partial = 0
    last_day = max(until.astimezone(tz).date(), max((d for d, _ in touched), default=date.min))
    day = enrolled.date()
    while day <= last_day:
        for slot in (Slot.MORNING, Slot.EVENING):
            end = _window_end(day, hours[slot], tz)
            if (day, slot.value) in done:
                scheduled += 1
                slots_done += 1
            elif (day, slot.value) in touched:
                scheduled += 1
                slots_partial += 1
            elif enrolled < end <= until:
                scheduled += 1
        day += timedelta(days=1)
    return Dose(
        slots_done=slots_done,
        slots_scheduled=scheduled,
        sessions=len(given),
        sessions_given=sum(1 for s in given if s.given),
        sessions_partial=sum(1 for s in given if not s.given),
        slots_partial=slots_partial,
        aborted=sum(1 for s in given if s.status == "aborted"),
        massage_minutes=round(sum(s.massage_seconds for s in given) / 60, 2),
        pauses=sum(s.pause_count for s in given),
        by_caregiver=dict(Counter(s.caregiver for s in given if s.caregiver)),
    )


def windows_ending_between(
    enrolled: int, until: int, offset: int, hours: Mapping[str, tuple[int, int]]
) -> int:
    """How many slot windows end after ``enrolled`` and no later than ``until``.

    The closed form of the loop in :func:`dose`, for figures aggregated elsewhere: times
    are whole seconds since the epoch (a fractional time rounded down gives the same
    count, windows ending on whole hours), days are counted in the fixed UTC
    ``offset`` (seconds) of the enrolment, as :func:`dose` counts them.

    Args:
        enrolled: When she was enrolled (epoch seconds).
        until: The end of follow-up so far (epoch seconds).
        offset: Local time minus UTC at enrolment, in seconds.
        hours: Slot windows as (start hour, end hour), end hour 0 to 24.

    Returns:
        The number of windows, done or not.
    """
    return window_counter(hours)(enrolled, until, offset)


def window_counter(hours: Mapping[str, tuple[int, int]]) -> Callable[[int, int, int], int]:
    """:func:`windows_ending_between` for these ``hours``, as a function of (enrolled,
    until, offset): for counting many mothers' windows."""
    morning, evening = hours[Slot.MORNING][1] * 3600, hours[Slot.EVENING][1] * 3600

    def count(enrolled: int, until: int, offset: int) -> int:
        # a window of local day d ends at d * 86400 - offset + end hour
        a, b = offset - morning, offset - evening
        return max(0, (until + a) // 86400 - (enrolled + a) // 86400) + max(
            0, (until + b) // 86400 - (enrolled + b) // 86400
        )

    return count


@dataclass(frozen=True)
class MotherDose:
    """One row of the per-mother dose table (what storage returns for the summary).

    Attributes:
        mother_id: Her database id.
        site_code: Her site's code.
        study_code: Her study code.
        status: Her registry status.
        dose: Her dose over follow-up.
    """

    mother_id: str
    site_code: str
    study_code: str
    status: str
    dose: Dose
