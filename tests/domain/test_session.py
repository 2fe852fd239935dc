import pytest
from hypothesis import given
from hypothesis import strategies as st

from oxytimer.domain.clock import FakeClock
from oxytimer.domain.session import (
    Aborted,
    FinalCountdown,
    Finished,
    MassageSession,
    Paused,
    Resumed,
    SecondChanged,
    SessionError,
    Started,
    State,
    StepStarted,
)


def make(durations=(30.0, 60.0, 150.0), already_given=0.0):
    clock = FakeClock()
    return MassageSession(durations, clock, already_given), clock


def test_start_reports_first_step_and_full_time():
    session, _ = make()
    events = session.start()
    assert events == [Started(), StepStarted(0), SecondChanged(240)]
    assert session.state is State.RUNNING
    assert session.remaining() == 240


def test_remaining_comes_from_the_deadline_not_from_polls():
    session, clock = make()
    session.start()
    clock.advance(100.25)  # no poll in between: a stalled GUI thread
    assert session.remaining() == pytest.approx(139.75)
    events = session.poll()
    # both steps that began meanwhile are reported, in order, then the shown second
    assert events == [StepStarted(1), StepStarted(2), SecondChanged(140)]
    assert session.current_step() == 2
    assert session.step_remaining() == pytest.approx(139.75)


def test_pause_is_not_massage_time():
    session, clock = make()
    session.start()
    clock.advance(20)
    assert Paused() in session.pause()
    clock.advance(500)
    assert session.remaining() == 220
    assert session.current_pause_seconds() == 500
    assert session.poll() == []
    assert session.resume()[0] == Resumed()
    assert session.paused_seconds == 500
    assert session.pause_count == 1
    clock.advance(220)
    assert session.poll()[-1] == Finished()
    assert session.massage_seconds() == 240
    assert session.state is State.FINISHED


def test_final_countdown_and_finish_fire_once():
    session, clock = make((20.0,))
    session.start()
    clock.advance(10.5)
    assert FinalCountdown() in session.poll()
    clock.advance(5)
    assert FinalCountdown() not in session.poll()
    clock.advance(4.5)
    events = session.poll()
    assert events == [SecondChanged(0), Finished()]
    assert session.poll() == []


def test_finish_reported_even_when_poll_is_very_late():
    session, clock = make()
    session.start()
    clock.advance(10_000)
    events = session.poll()
    assert events[-1] == Finished()
    assert session.massage_seconds() == 240


def test_abort_requires_a_reason_and_keeps_time_done():
    session, clock = make()
    session.start()
    clock.advance(42)
    with pytest.raises(ValueError):
        session.abort("   ")
    assert session.state is State.RUNNING
    assert session.abort("mother felt dizzy") == [Aborted("mother felt dizzy")]
    assert session.state is State.ABORTED
    assert session.massage_seconds() == 42
    with pytest.raises(SessionError):
        session.resume()


def test_commands_out_of_order_are_refused():
    session, _ = make()
    for command in (session.pause, session.resume):
        with pytest.raises(SessionError):
            command()
    session.start()
    with pytest.raises(SessionError):
        session.start()


def test_stopping_during_the_untimed_preparation_gives_no_massage():
    session, clock = make()
    clock.advance(40)  # getting ready, finding the landmarks: not massage
    session.abort("The mother asked to stop")
    assert session.state is State.ABORTED
    assert session.massage_seconds() == 0
    assert session.total_paused_seconds() == 0
    with pytest.raises(SessionError):
        session.abort("again")


def test_a_resumed_massage_counts_down_from_what_was_given():
    session, clock = make((60.0, 120.0), already_given=75.0)
    events = session.start()
    assert session.massage_seconds() == pytest.approx(75)
    assert [e for e in events if isinstance(e, StepStarted)] == [StepStarted(1)]
    clock.advance(105)
    assert any(isinstance(e, Finished) for e in session.poll())
    assert session.massage_seconds() == pytest.approx(180)
    with pytest.raises(ValueError):
        make((60.0,), already_given=60.0)


def test_next_event_is_the_nearest_second_step_or_end():
    session, clock = make((1.5, 10.0))
    session.start()
    assert session.seconds_until_next_event() == pytest.approx(0.5)  # 11.5 -> shows 12 until 11
    clock.advance(0.5)
    session.poll()
    assert session.seconds_until_next_event() == pytest.approx(1.0)
    clock.advance(0.9)
    assert session.seconds_until_next_event() == pytest.approx(0.1)  # step boundary at 1.5


def test_bad_durations_refused():
    with pytest.raises(ValueError):
        MassageSession([], FakeClock())
    with pytest.raises(ValueError):
        MassageSession([10, 0], FakeClock())


@given(st.lists(st.floats(min_value=0.0, max_value=30.0), min_size=1, max_size=40))
def test_any_poll_schedule_delivers_exactly_the_plan(steps):
    session, clock = make((60.0, 120.0))
    seen_steps = [e.index for e in session.start() if isinstance(e, StepStarted)]
    finished = 0
    for step in steps:
        clock.advance(step)
        for event in session.poll():
            if isinstance(event, StepStarted):
                seen_steps.append(event.index)
            finished += isinstance(event, Finished)
    clock.advance(200)
    for event in session.poll():
        if isinstance(event, StepStarted):
            seen_steps.append(event.index)
        finished += isinstance(event, Finished)
    assert seen_steps == [0, 1]
    assert finished == 1
    assert session.massage_seconds() == 180


def test_a_hold_is_paused_time_but_not_a_pause():
    session, clock = make()
    session.start()
    clock.advance(10)
    session.pause(count=False)
    clock.advance(30)
    session.resume()
    assert session.pause_count == 0
    assert session.paused_seconds == 30
    assert session.remaining() == 230
