"""The guided massage on the bedside screen: the untimed steps, the countdown's ticks and
cues (sound, flash), pause, stop and finish.

:class:`CountdownMixin` is a part of :class:`~oxytimer.ui.session_view.SessionScreen`
(split from it by responsibility); its texts keep the ``SessionScreen`` translation
context, so the translations stay where they were.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCoreApplication,
    Slot,
)
from PySide6.QtWidgets import (
    QDialog,
)

from oxytimer.domain.records import InputError, SessionStatus
from oxytimer.storage.repository import StorageError
from oxytimer.ui.cues import Cue
from oxytimer.ui.labels import (
    format_clock,
    session_state_text,
)

if TYPE_CHECKING:
    from oxytimer.domain.session import Event
    from oxytimer.ui.ticker import Ticker

translate = QCoreApplication.translate

HEARTBEAT_EVERY_S = 5
"""Seconds between two saves of a running massage's progress (a crash loses no more)."""


class CountdownMixin:
    """The countdown's part of the bedside screen (see the module)."""

    @property
    def ticker(self) -> Ticker:
        """The countdown's timer (made the first time it is needed, unless given)."""
        if self._ticker is None:
            from oxytimer.ui.ticker import Ticker

            self._ticker = Ticker(self)
        if not self._ticker_connected:
            self._ticker_connected = True
            ticker = self._ticker
            ticker.step_started.connect(self._on_ticker_step_started)
            ticker.second_changed.connect(self._on_ticker_second_changed)
            ticker.final_countdown_started.connect(self._on_ticker_final_countdown_started)
            ticker.session_finished.connect(self._on_ticker_session_finished)
            ticker.polled.connect(self._on_ticker_polled)
        return self._ticker

    def _show_step(self, number: int) -> None:
        """Show step ``number`` (0-based, counting every step) on the guided page."""
        steps = self.protocol.steps
        step = steps[number]
        page = self.guided_page
        page.step_counter.setText(
            translate("SessionScreen", "Step {n} of {total}").format(n=number + 1, total=len(steps))
        )
        page.step_title.setText(step.title.get(self.lang))
        page.instruction.setText(step.instruction.get(self.lang))
        page.load_picture(str(self.protocol.illustration_path(step)))
        if number + 1 < len(steps):
            page.next_label.setText(
                translate("SessionScreen", "Next: {title}").format(
                    title=steps[number + 1].title.get(self.lang)
                )
            )
        else:
            page.next_label.setText(translate("SessionScreen", "Next: score after the massage"))
        page.make_room()  # the next step's line beside the clock may wrap differently
        self.cues.say(f"{step.title.get(self.lang)}. {step.instruction.get(self.lang)}")

    def _show_preparation_step(self) -> None:
        last = self._prep_index == len(self.protocol.preparation_steps) - 1
        self._show_step(self._prep_index)
        self.guided_page.set_preparation(last=last)

    def _begin_countdown(self) -> None:
        """The caregiver is ready: the massage countdown starts (preparation time kept)."""
        assert self.session is not None
        if self._phase == "preparation":
            self._preparation_seconds = self.clock.monotonic() - self._prep_started
        self._phase = "massage"
        self.guided_page.set_running_controls()
        self.guided_page.set_paused(False)
        self.guided_page.setFocus()
        self._last_heartbeat = self.clock.monotonic()
        self.ticker.attach(self.session)
        self.ticker.dispatch(self.session.start())
        if self._preparation_seconds is not None and self.session_id is not None:
            self._commit_state(SessionStatus.RUNNING)

    def _paused_total(self) -> float:
        """Paused time of the session, a resumed one's first part included."""
        assert self.session is not None
        return self._carried_paused + self.session.total_paused_seconds()

    @Slot()
    def toggle_pause(self) -> None:
        from oxytimer.domain.session import State

        if self.session is None or self.session.state not in (State.RUNNING, State.PAUSED):
            return  # (the untimed preparation has no clock to pause)
        self._set_paused(self.session.toggle_pause())

    def _set_paused(self, events: list[Event]) -> None:
        """Save and show a pause or resume that the session has just made."""
        from oxytimer.domain.session import State

        session = self.session
        assert session is not None
        if session.state is State.FINISHED:  # the massage ended at this very moment
            self.ticker.dispatch(events)
            return
        paused = session.state is State.PAUSED
        self._commit_state(SessionStatus.PAUSED if paused else SessionStatus.RUNNING)
        self.guided_page.set_paused(paused)
        self.ticker.dispatch(events)

    def ask_abort_reason(self) -> str | None:
        """Ask for confirmation and a reason; None means: carry on."""
        from oxytimer.ui.session_pages import AbortDialog

        dialog = AbortDialog(self)
        return dialog.reason() if dialog.exec() == QDialog.DialogCode.Accepted else None

    @Slot()
    def _on_abort_button_clicked(self) -> None:
        from oxytimer.domain.session import State

        session = self.session
        if session is None or not self.massage_in_progress():
            return
        # The clock holds while the caregiver decides: that time is not massage, and it
        # is not one of her pauses either.
        held_here = session.state is State.RUNNING
        if held_here:
            self._set_paused(session.pause(count=False))
        state_before = session.state
        reason = self.ask_abort_reason()
        if session is not self.session or session.state is not state_before:
            return
        if reason is None:
            if held_here:
                self._set_paused(session.resume())  # "Continue the massage"
            return
        self.abort_session(reason)

    def hold_countdown(self) -> bool:
        """Hold a running countdown while a question is open; True if it was held here.

        The held time is paused time (not massage), not one of the caregiver's pauses.
        """
        from oxytimer.domain.session import State

        if self.session is None or self.session.state is not State.RUNNING:
            return False
        self._set_paused(self.session.pause(count=False))
        return self.session.state is State.PAUSED

    def release_countdown(self) -> None:
        """Carry on after :meth:`hold_countdown` (the question was answered "no")."""
        from oxytimer.domain.session import State

        if self.session is not None and self.session.state is State.PAUSED:
            self._set_paused(self.session.resume())

    def massage_in_progress(self) -> bool:
        """True while a massage is running or paused."""
        if self.session is None:
            return False  # (and the session module need not be imported)
        from oxytimer.domain.session import State

        if self.session.state is State.IDLE:  # getting ready: the session row is open
            return self.currentWidget() is self._guided_page
        return self.session.state in (State.RUNNING, State.PAUSED)

    def leave_running_session(self) -> None:
        """The app is closing mid-massage: save how far it got and mark it interrupted."""
        session = self.session
        if session is None or self.session_id is None or not self.massage_in_progress():
            return
        self.ticker.detach()
        with contextlib.suppress(StorageError):
            self.repo.heartbeat(self.session_id, session.massage_seconds(), self._paused_total())
            self.repo.mark_interrupted()

    def abort_session(self, reason: str) -> None:
        """Stop the running session with ``reason`` and save it."""
        assert self.session is not None
        if self._phase == "preparation":
            self._preparation_seconds = self.clock.monotonic() - self._prep_started
        self._phase = ""
        events = self.session.abort(reason)
        self.ticker.dispatch(events)
        self.ticker.detach()
        saved = self._commit_state(SessionStatus.ABORTED, reason)
        stopped = self._stopped_text(reason) if saved else ""
        self.session = None
        self.show_start()
        self.confirm(stopped)  # (not saved yet: the notice above says so)

    def _stopped_text(self, reason: str) -> str:
        """The bedside answer to Stop: whose session, how much was given, why."""
        try:
            record = self.repo.session(self.session_id or "")
        except (InputError, StorageError):
            return translate("SessionScreen", "Stopped. Reason: {reason}").format(reason=reason)
        return translate("SessionScreen", "{code}: {state}. Reason: {reason}").format(
            code=record.study_code,
            state=session_state_text(record.status, record.massage_seconds, record.planned_seconds),
            reason=reason,
        )

    @Slot(int)
    def _on_ticker_step_started(self, index: int) -> None:
        # ``index`` counts the massage steps; the untimed preparation steps come first.
        self._show_step(len(self.protocol.preparation_steps) + index)
        if index > 0:
            self.guided_page.flash("#ffd54f")
            self.cues.play(Cue.STEP)

    @Slot(int)
    def _on_ticker_second_changed(self, remaining: int) -> None:
        self.guided_page.countdown.setText(format_clock(remaining))

    @Slot()
    def _on_ticker_polled(self) -> None:
        from oxytimer.domain.session import State

        session = self.session
        if session is None:
            return
        if self._pending is not None:
            self.retry_pending()
        page = self.guided_page
        page.progress.setValue(round(session.progress() * 1000))
        page.step_countdown.setText(
            translate("SessionScreen", "This step: {time}").format(
                time=format_clock(session.step_remaining())
            )
        )
        if (
            session.state is State.RUNNING
            and self.session_id is not None
            and self.clock.monotonic() - self._last_heartbeat >= HEARTBEAT_EVERY_S
        ):
            self._last_heartbeat = self.clock.monotonic()
            # A missed heartbeat costs a few seconds of progress after a crash, no more.
            with contextlib.suppress(StorageError):
                self.repo.heartbeat(
                    self.session_id, session.massage_seconds(), self._paused_total()
                )

    @Slot()
    def _on_ticker_final_countdown_started(self) -> None:
        self.guided_page.flash("#ff8a65")
        self.cues.play(Cue.FINAL)

    @Slot()
    def _on_ticker_session_finished(self) -> None:
        self.ticker.detach()
        self.guided_page.flash("#81c784")
        self.cues.play(Cue.END)
        self.guided_page.countdown.setText(format_clock(0))
        self.guided_page.progress.setValue(1000)
        self._commit_state(SessionStatus.AWAITING_POST)
        self._phase = "finishing"
        finishing = self.protocol.finishing_steps
        if finishing:  # untimed, after the massage
            self._show_step(len(self.protocol.steps) - len(finishing))
        self.guided_page.set_finished()

    @Slot()
    def _on_done_button_clicked(self) -> None:
        from oxytimer.domain.session import State

        if self.currentWidget() is not self._guided_page or self.session is None:
            return
        if self.session.state is State.IDLE and self._phase == "preparation":
            if self._prep_index + 1 < len(self.protocol.preparation_steps):
                self._prep_index += 1
                self._show_preparation_step()
            else:
                self._begin_countdown()
            return
        if self.session.state is not State.FINISHED:
            return
        self._phase = ""
        self.open_post_score(self.session_id or "")
        self.session = None
