from datetime import date, datetime

import pytest

from oxytimer.domain.schedule import GivenSession, SlotState, day_plan, slot_for

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
    "status, counts",
    [
        ("completed", True),
        ("awaiting_post", True),
        ("running", True),
        ("paused", True),
        ("interrupted", True),
        ("incomplete", True),
        ("aborted", False),
    ],
)
def test_which_sessions_count_as_given(status, counts):
    plan = day_plan(DAY, at(8), [GivenSession(at(7), status, "morning")])
    assert (plan["morning"] is SlotState.DONE) is counts


def test_custom_hours_and_other_days_sessions():
    hours = {"morning": (5, 9), "evening": (17, 20)}
    yesterday = GivenSession(at(7, day=date(2026, 3, 2)), "completed", "morning")
    plan = day_plan(DAY, at(10), [yesterday], hours)
    assert plan == {"morning": SlotState.MISSED, "evening": SlotState.UPCOMING}
