"""The only QTimer in the app: it drives a :class:`MassageSession` and re-emits Qt signals.

The timer is single-shot and precise, armed for the moment the session says its next
event falls due (the next whole second, step boundary or the end) plus a small margin, so
the display changes close to the true second boundary and the end is not announced early.
Tests call :meth:`Ticker.poll_now` after moving a fake clock instead of waiting.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from oxytimer.domain.session import (
    Aborted,
    Event,
    FinalCountdown,
    Finished,
    MassageSession,
    Paused,
    Resumed,
    SecondChanged,
    StepStarted,
)

# Wake this long after the computed instant, so the poll lands just past the boundary.
_MARGIN_S = 0.001
# Never sleep longer than this, so a changed system state is noticed.
_MAX_WAIT_S = 0.5


class Ticker(QObject):
    """Polls a session at the right moments.

    Signals:
        step_started(int): a protocol step began (index).
        second_changed(int): the whole seconds remaining changed.
        final_countdown_started(): ten seconds left.
        session_finished(): the planned time was delivered.
        session_paused(), session_resumed(), session_aborted(str)
        polled(): after every poll, for displays that show fractions (progress bars).
    """

    step_started = Signal(int)
    second_changed = Signal(int)
    final_countdown_started = Signal()
    session_finished = Signal()
    session_paused = Signal()
    session_resumed = Signal()
    session_aborted = Signal(str)
    polled = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session: MassageSession | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self._on_timer_timeout)

    @property
    def session(self) -> MassageSession | None:
        return self._session

    def attach(self, session: MassageSession) -> None:
        """Drive ``session`` from now on."""
        self._session = session
        self.timer.stop()

    def detach(self) -> None:
        self.timer.stop()
        self._session = None

    def dispatch(self, events: list[Event]) -> None:
        """Emit the signals for events that a command (start, pause ...) returned."""
        for event in events:
            if isinstance(event, StepStarted):
                self.step_started.emit(event.index)
            elif isinstance(event, SecondChanged):
                self.second_changed.emit(event.remaining_seconds)
            elif isinstance(event, FinalCountdown):
                self.final_countdown_started.emit()
            elif isinstance(event, Finished):
                self.session_finished.emit()
            elif isinstance(event, Paused):
                self.session_paused.emit()
            elif isinstance(event, Resumed):
                self.session_resumed.emit()
            elif isinstance(event, Aborted):
                self.session_aborted.emit(event.reason)
        self.polled.emit()
        self._arm()

    @Slot()
    def poll_now(self) -> None:
        """Poll the session once and emit what happened."""
        if self._session is None:
            return
        self.dispatch(self._session.poll())

    @Slot()
    def _on_timer_timeout(self) -> None:
        self.poll_now()

    def _arm(self) -> None:
        if self._session is None:
            return
        wait = self._session.seconds_until_next_event()
        if wait is None:
            self.timer.stop()
            return
        wait = min(wait + _MARGIN_S, _MAX_WAIT_S)
        self.timer.start(max(math.ceil(wait * 1000), 1))
