from datetime import datetime, timedelta, timezone

import pytest

from oxytimer.domain.adherence import DoseSession, dose

WITA = timezone(timedelta(hours=8))


def at(day, hour, minute=0):
    return datetime(2026, 3, day, hour, minute, tzinfo=WITA)


def test_nothing_scheduled_before_the_first_slot_ends():
    result = dose([], enrolled=at(3, 7), until=at(3, 9))
    assert (result.slots_scheduled, result.slots_done, result.adherence) == (0, 0, None)


def test_done_missed_and_open_slots():
    sessions = [
        DoseSession(at(3, 7), "completed", "morning", 240, 1, "husband"),
        DoseSession(at(3, 7, 30), "completed", "morning", 240, 0, "husband"),  # same slot
        DoseSession(at(3, 16), "aborted", "evening", 60, 2, "midwife"),
        DoseSession(at(4, 8), "completed", None, 180, 0, "family"),  # slot from the time
        DoseSession(at(4, 17), "completed", "evening", 300, 0, "husband", voided=True),
    ]
    # Day 3: morning done, evening aborted = partial; day 4: morning done, evening open.
    result = dose(sessions, enrolled=at(3, 6, 30), until=at(4, 18))
    assert (result.slots_done, result.slots_scheduled) == (2, 3)
    assert result.adherence == pytest.approx(2 / 3)
    assert (result.sessions, result.sessions_given, result.aborted) == (4, 3, 1)
    assert result.massage_minutes == pytest.approx(12.0)
    assert result.pauses == 3
    assert result.by_caregiver == {"husband": 2, "midwife": 1, "family": 1}


def test_enrolled_after_the_morning_window_does_not_count_it():
    result = dose([], enrolled=at(3, 13), until=at(3, 22))
    assert result.slots_scheduled == 1


def test_follow_up_end_stops_the_count_and_hours_are_configurable():
    hours = {"morning": (5, 9), "evening": (17, 20)}
    result = dose([], enrolled=at(3, 4), until=at(5, 0), hours=hours)
    assert result.slots_scheduled == 4
    result = dose([], enrolled=at(3, 4), until=at(3, 10), hours=hours)
    assert result.slots_scheduled == 1


def test_interrupted_counts_as_partial_and_awaiting_post_score_as_given():
    # Issue 12: a massage interrupted at 0:43 of 3:00 is not a massage given; one whose
    # countdown ended and that only waits for its post-score is.
    sessions = [
        DoseSession(at(3, 7), "interrupted", "morning", 43, 0, "husband", planned_seconds=180),
        DoseSession(at(3, 16), "awaiting_post", "evening", 180, 0, "husband", planned_seconds=180),
    ]
    result = dose(sessions, enrolled=at(3, 6), until=at(3, 17))
    assert (result.slots_done, result.slots_partial, result.slots_scheduled) == (1, 1, 2)
    assert result.adherence == pytest.approx(1 / 2)
    assert (result.sessions_given, result.sessions_partial) == (1, 1)
    assert result.massage_minutes == pytest.approx((43 + 180) / 60, abs=0.01)
    # Resumed and finished, the morning counts as given.
    resumed = [DoseSession(at(3, 7), "awaiting_post", "morning", 180, 0, planned_seconds=180)]
    assert dose([*resumed, sessions[1]], enrolled=at(3, 6), until=at(3, 17)).adherence == 1
    # Closed incomplete after the whole massage: given; part-way: partial.
    full = DoseSession(at(3, 7), "incomplete", "morning", 180, planned_seconds=180)
    part = DoseSession(at(3, 7), "incomplete", "morning", 43, planned_seconds=180)
    assert dose([full], enrolled=at(3, 6), until=at(3, 13)).slots_done == 1
    assert dose([part], enrolled=at(3, 6), until=at(3, 13)).slots_partial == 1
