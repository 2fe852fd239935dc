from datetime import date, datetime

import pytest

from oxytimer.domain.schedule import (
    GIVEN,
    PARTIAL,
    GivenSession,
    SlotState,
    day_plan,
    day_slots,
    massage_outcome,
    slot_for,
)

DAY = date(2026, 3, 3)


def at(hour, minute=0, day=DAY):
    return datetime(day.year, day.month, day.day, hour, minute)


@pytest.mark.parametrize(
    "hour, minute, slot",
    [
        (6, 0, "morning"),
        (11, 59, "morning"),
        (12, 0, "evening"),
        (15, 0, "evening"),
        (20, 59, "evening"),
        (5, 0, "morning"),
        (23, 30, "evening"),
    ],
)
def test_slot_for_uses_the_windows_and_the_nearer_slot_between_them(hour, minute, slot):
    assert slot_for(at(hour, minute)) == slot


def test_plan_moves_from_upcoming_to_due_to_missed():
    assert day_plan(DAY, at(5), []) == {
        "morning": SlotState.UPCOMING,
        "evening": SlotState.UPCOMING,
    }
    assert day_plan(DAY, at(7), []) == {"morning": SlotState.DUE, "evening": SlotState.UPCOMING}
    assert day_plan(DAY, at(16), []) == {"morning": SlotState.MISSED, "evening": SlotState.DUE}
    next_day = at(1, day=date(2026, 3, 4))
    assert day_plan(DAY, next_day, []) == {"morning": SlotState.MISSED, "evening": SlotState.MISSED}


@pytest.mark.parametrize(
    "status, massage, state",
    [
        ("completed", 180, SlotState.DONE),
        ("awaiting_post", 180, SlotState.AWAITING_POST),
        ("running", 40, SlotState.IN_PROGRESS),
        ("paused", 40, SlotState.IN_PROGRESS),
        ("interrupted", 43, SlotState.INTERRUPTED),
        ("incomplete", 180, SlotState.GIVEN_NO_POST),
        ("incomplete", 43, SlotState.INCOMPLETE),
        ("aborted", 60, SlotState.STOPPED),
    ],
)
def test_a_slot_shows_what_its_session_truly_is(status, massage, state):
    # Issue 12: a session interrupted at 0:43 of 3:00, or still awaiting its post-score,
    # used to show "Done".
    session = GivenSession(at(7), status, "morning", massage, 180, "s1")
    slots = day_slots(DAY, at(8), [session])
    assert slots["morning"].state is state
    assert (slots["morning"].state is SlotState.DONE) is (status == "completed")
    assert slots["morning"].massage_seconds == massage
    assert slots["morning"].session is session
    assert day_plan(DAY, at(8), [session])["morning"] is state


def test_the_best_session_of_a_slot_is_shown():
    stopped = GivenSession(at(7), "aborted", "morning", 30, 180)
    done = GivenSession(at(7, 30), "completed", "morning", 180, 180)
    assert day_plan(DAY, at(8), [stopped, done])["morning"] is SlotState.DONE
    assert day_plan(DAY, at(8), [done, stopped])["morning"] is SlotState.DONE


@pytest.mark.parametrize(
    "status, massage, outcome",
    [
        ("completed", 180, GIVEN),
        ("awaiting_post", 180, GIVEN),
        ("incomplete", 179.5, GIVEN),
        ("incomplete", 43, PARTIAL),
        ("interrupted", 43, PARTIAL),
        ("aborted", 120, PARTIAL),
        ("running", 100, PARTIAL),
    ],
)
def test_only_a_massage_given_in_full_counts_as_given(status, massage, outcome):
    assert massage_outcome(status, massage, 180) == outcome


def test_custom_hours_and_other_days_sessions():
    hours = {"morning": (5, 9), "evening": (17, 20)}
    yesterday = GivenSession(at(7, day=date(2026, 3, 2)), "completed", "morning")
    plan = day_plan(DAY, at(10), [yesterday], hours)
    assert plan == {"morning": SlotState.MISSED, "evening": SlotState.UPCOMING}
