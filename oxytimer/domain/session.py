"""The guided-session state machine.

    idle ──start──▶ running ⇄ paused ──▶ finished
      └─────────────────┴────────┴──abort──▶ aborted

Idle is the untimed preparation before the countdown (getting ready, finding the
landmarks): stopping then gives no massage at all. A resumed massage starts from the time
already given (``already_given``).

The machine owns no timer. Whoever drives it (the Qt ticker, a test, a benchmark) calls
:meth:`MassageSession.poll` whenever it likes; the machine reads the injected clock and
returns what happened since the last call. Remaining time is always
``deadline − clock.monotonic()``, never a count of ticks, so a late or missed tick can
delay a display update but never shifts the end of the massage.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from oxytimer.domain.clock import Clock

FINAL_COUNTDOWN_SECONDS = 10


class State(StrEnum):
    """Where a session is."""

    IDLE = "idle"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"
    ABORTED = "aborted"


class SessionError(RuntimeError):
    """A command that the current state does not allow (e.g. pausing a finished session)."""


@dataclass(frozen=True)
class Event:
    """Base class of everything :meth:`MassageSession.poll` reports."""


@dataclass(frozen=True)
class Started(Event):
    """The countdown began."""


@dataclass(frozen=True)
class StepStarted(Event):
    """Step ``index`` (0-based) began; ``index > 0`` is a step change worth a cue."""

    index: int


@dataclass(frozen=True)
class SecondChanged(Event):
    """The whole-second remaining value shown to the user changed."""

    remaining_seconds: int


@dataclass(frozen=True)
class FinalCountdown(Event):
    """The last :data:`FINAL_COUNTDOWN_SECONDS` seconds began."""


@dataclass(frozen=True)
class Paused(Event):
    """The countdown stopped; paused time is not massage time."""


@dataclass(frozen=True)
class Resumed(Event):
    """The countdown continues."""


@dataclass(frozen=True)
class Finished(Event):
    """The planned massage time has been delivered."""


@dataclass(frozen=True)
class Aborted(Event):
    """The caregiver stopped the session early."""

    reason: str


class MassageSession:
    """One massage, timed against an injected clock.

    Args:
        step_durations: the length of each protocol step in seconds, in order; their sum
            is the planned massage time.
        clock: the time source (see :mod:`oxytimer.domain.clock`).
        already_given: massage seconds given before an interruption, when a massage is
            resumed; the countdown starts from there.
    """

    def __init__(
        self, step_durations: Sequence[float], clock: Clock, already_given: float = 0.0
    ) -> None:
        if not step_durations or any(d <= 0 for d in step_durations):
            raise ValueError("a session needs at least one step, each longer than zero")
        self._clock = clock
        self._durations = tuple(float(d) for d in step_durations)
        ends = []
        total = 0.0
        for duration in self._durations:
            total += duration
            ends.append(total)
        self._step_ends = tuple(ends)
        self.planned_seconds = total
        self.state = State.IDLE
        if not (math.isfinite(already_given) and 0 <= already_given < total):
            raise ValueError("already_given must be from 0 to less than the planned time")
        # Massage time delivered before the current running stretch began.
        self._banked = float(already_given)
        self.already_given = float(already_given)
        self._run_started_at = 0.0
        self._pause_started_at = 0.0
        self.paused_seconds = 0.0
        self.pause_count = 0
        self.abort_reason: str | None = None
        self._reported_step = -1
        if already_given:  # a resumed massage: only the step it resumes in is announced
            self._reported_step = self.current_step() - 1
        self._reported_second: int | None = None
        self._final_reported = False

    # ----------------------------------------------------------------- queries
    @property
    def step_count(self) -> int:
        return len(self._durations)

    def massage_seconds(self) -> float:
        """Massage time delivered so far (paused time excluded), capped at the plan."""
        elapsed = self._banked
        if self.state is State.RUNNING:
            elapsed += self._clock.monotonic() - self._run_started_at
        return min(elapsed, self.planned_seconds)

    def remaining(self) -> float:
        """Seconds of massage still to go: deadline − monotonic now while running."""
        return max(self.planned_seconds - self.massage_seconds(), 0.0)

    def deadline(self) -> float | None:
        """The monotonic time at which the massage ends, while running."""
        if self.state is not State.RUNNING:
            return None
        return self._run_started_at + (self.planned_seconds - self._banked)

    def current_step(self) -> int:
        """Index of the step that the delivered time falls in."""
        elapsed = self.massage_seconds()
        for index, end in enumerate(self._step_ends):
            if elapsed < end:
                return index
        return len(self._step_ends) - 1

    def step_remaining(self) -> float:
        """Seconds left in the current step."""
        return max(self._step_ends[self.current_step()] - self.massage_seconds(), 0.0)

    def step_duration(self, index: int) -> float:
        return self._durations[index]

    def progress(self) -> float:
        """Fraction of the planned time delivered, 0 to 1."""
        return self.massage_seconds() / self.planned_seconds

    def current_pause_seconds(self) -> float:
        """Length of the pause in progress, or 0."""
        if self.state is not State.PAUSED:
            return 0.0
        return self._clock.monotonic() - self._pause_started_at

    def total_paused_seconds(self) -> float:
        """All paused time, including a pause in progress."""
        return self.paused_seconds + self.current_pause_seconds()

    def seconds_until_next_event(self) -> float | None:
        """How long a driver may wait before the next poll has something to report.

        The next whole-second change, step boundary or the end, whichever is first; None
        when the countdown is not running.
        """
        if self.state is not State.RUNNING:
            return None
        remaining = self.remaining()
        to_second = remaining - (math.ceil(remaining) - 1)
        elapsed = self.massage_seconds()
        step_end = self._step_ends[self.current_step()]
        return max(min(to_second, step_end - elapsed, remaining), 0.0)

    # ---------------------------------------------------------------- commands
    def start(self) -> list[Event]:
        """Begin the countdown."""
        self._require(State.IDLE, "start")
        self.state = State.RUNNING
        self._run_started_at = self._clock.monotonic()
        return [Started(), *self.poll()]

    def pause(self, *, count: bool = True) -> list[Event]:
        """Stop the countdown; the time until :meth:`resume` is not massage time.

        Args:
            count: False for a hold the caregiver did not ask for (the app stopping the
                clock while asking whether to stop): its time is still paused time, but
                it is not counted in :attr:`pause_count`.
        """
        self._require(State.RUNNING, "pause")
        events = self.poll()
        if self.state is not State.RUNNING:  # the massage ended at this very poll
            return events
        now = self._clock.monotonic()
        self._banked += now - self._run_started_at
        self._pause_started_at = now
        self.state = State.PAUSED
        if count:
            self.pause_count += 1
        return [*events, Paused()]

    def resume(self) -> list[Event]:
        """Continue after a pause."""
        self._require(State.PAUSED, "resume")
        now = self._clock.monotonic()
        self.paused_seconds += now - self._pause_started_at
        self._run_started_at = now
        self.state = State.RUNNING
        return [Resumed(), *self.poll()]

    def toggle_pause(self) -> list[Event]:
        """Pause when running, resume when paused."""
        return self.resume() if self.state is State.PAUSED else self.pause()

    def abort(self, reason: str) -> list[Event]:
        """Stop early. ``reason`` is required: it is saved with the session."""
        if self.state not in (State.IDLE, State.RUNNING, State.PAUSED):
            raise SessionError(f"cannot abort a session that is {self.state}")
        reason = reason.strip()
        if not reason:
            raise ValueError("an abort needs a reason")
        if self.state is State.RUNNING:
            self._banked += self._clock.monotonic() - self._run_started_at
        elif self.state is State.PAUSED:
            self.paused_seconds += self._clock.monotonic() - self._pause_started_at
        self._banked = min(self._banked, self.planned_seconds)
        self.state = State.ABORTED
        self.abort_reason = reason
        return [Aborted(reason)]

    def poll(self) -> list[Event]:
        """Report what happened since the last poll, in order.

        Safe to call as often or as rarely as the driver likes: a poll after a long delay
        reports every step that began meanwhile, then the end.
        """
        if self.state is not State.RUNNING:
            return []
        events: list[Event] = []
        step = self.current_step()
        while self._reported_step < step:
            self._reported_step += 1
            events.append(StepStarted(self._reported_step))
        remaining = self.remaining()
        shown = math.ceil(remaining)
        if shown != self._reported_second:
            self._reported_second = shown
            events.append(SecondChanged(shown))
        if 0 < remaining <= FINAL_COUNTDOWN_SECONDS and not self._final_reported:
            self._final_reported = True
            events.append(FinalCountdown())
        if remaining <= 0:
            self._banked = self.planned_seconds
            self.state = State.FINISHED
            events.append(Finished())
        return events

    def _require(self, state: State, command: str) -> None:
        if self.state is not state:
            raise SessionError(f"cannot {command} a session that is {self.state}")
