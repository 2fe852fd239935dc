"""Saving on the bedside screen: a session's state changes (kept and retried when the
database cannot take them), the assessments and post-scores, closing a session as
incomplete, and the confirmation that says what was saved.

:class:`SavingMixin` is a part of :class:`~oxytimer.ui.session_view.SessionScreen`
(split from it by responsibility); its texts keep the ``SessionScreen`` translation
context, so the translations stay where they were.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCoreApplication,
    Qt,
    Slot,
)

from oxytimer.domain.clock import parse_utc
from oxytimer.domain.records import InputError
from oxytimer.storage.repository import StorageError
from oxytimer.ui.labels import (
    format_datetime,
)
from oxytimer.ui.messages import input_error_text, storage_error_text
from oxytimer.ui.screen_fit import dialogs_fitted

if TYPE_CHECKING:
    from oxytimer.ui.session_pages import ScorePage

translate = QCoreApplication.translate


@dataclass(frozen=True)
class _PendingState:
    """A session state change that could not be saved yet, kept to retry."""

    session_id: str
    status: str
    reason: str | None
    massage_seconds: float
    paused_seconds: float
    pause_count: int
    preparation_seconds: float | None = None


class SavingMixin:
    """The saving part of the bedside screen (see the module)."""

    def _commit_state(self, status: str, reason: str | None = None) -> bool:
        """Save a state change of the running session; keep it to retry if saving fails."""
        assert self.session is not None and self.session_id is not None
        self._pending = _PendingState(
            session_id=self.session_id,
            status=status,
            reason=reason,
            massage_seconds=self.session.massage_seconds(),
            paused_seconds=self._paused_total(),
            pause_count=self._carried_pauses + self.session.pause_count,
            preparation_seconds=self._preparation_seconds,
        )
        return self.retry_pending(warn=True)

    def retry_pending(self, *, warn: bool = False) -> bool:
        """Save the last state change that could not be saved (disk full, busy ...).

        Retried at every countdown update, before a post-score is saved and whenever the
        start screen is shown. Returns True when nothing is left unsaved.
        """
        pending = self._pending
        if pending is None:
            return True
        try:
            self.repo.update_session_progress(
                pending.session_id,
                status=pending.status,
                massage_seconds=pending.massage_seconds,
                paused_seconds=pending.paused_seconds,
                pause_count=pending.pause_count,
                abort_reason=pending.reason,
                preparation_seconds=pending.preparation_seconds,
            )
        except StorageError as error:
            self._pending_notice = (
                translate(
                    "SessionScreen", "The last change to a session is not saved yet; retrying."
                )
                + " "
                + storage_error_text(error)
            )
            self.start_page.notice.show_message(self._pending_notice)
            if warn:
                from PySide6.QtWidgets import QMessageBox

                QMessageBox.warning(
                    self, translate("SessionScreen", "Not saved"), storage_error_text(error)
                )
            return False
        self._pending = None
        if self.start_page.notice.text() == self._pending_notice:
            self.start_page.notice.show_message("")
        self.session_saved.emit(pending.session_id)
        return True

    @staticmethod
    def _show_unanswered(page: ScorePage) -> None:
        """Say how many questions of ``page`` are left, and mark them."""
        page.error.show_message(
            translate("SessionScreen", "Answer every question ({n} left).").format(
                n=len(page.form.unanswered())
            )
        )
        page.error.setProperty("unanswered", True)
        page.form.mark_unanswered()

    @staticmethod
    def _written(page: ScorePage, write: Callable[[], object]) -> bool:
        """Run ``write``; whether it wrote (if not, ``page`` says why: nothing was)."""
        try:
            write()
        except InputError as error:
            page.error.show_message(input_error_text(error))
            return False
        except StorageError as error:
            page.error.show_message(storage_error_text(error))
            return False
        return True

    @Slot()
    def _on_save_assessment_clicked(self) -> None:
        if self.currentWidget() is not self._assessment_page:
            return
        page = self.assessment_page
        score = page.form.score()
        mother = self.start_page.selected_mother()
        if score is None:
            self._show_unanswered(page)
            return
        if mother is None:
            page.error.show_message(translate("SessionScreen", "Choose a mother first."))
            return
        from oxytimer.storage.assessments import record_assessment

        if not self._written(
            page,
            lambda: record_assessment(
                self.repo,
                mother.id,
                page.kind,
                total=score.total,
                items=score.answers,
                category=score.category,
                min_total=self.instrument.min_total,
                max_total=self.instrument.max_total,
                instrument_version=self.instrument.version,
                instrument=self.instrument,
            ),
        ):
            return
        from oxytimer.ui.labels import assessment_kind_label

        saved = translate("SessionScreen", "Saved: {assessment} {total}, {category}").format(
            assessment=assessment_kind_label(page.kind),
            total=score.total,
            category=self._category_label(score.category),
        )
        if page.kind == "end":  # the change since her baseline, as the study compares
            from oxytimer.storage.assessments import assessments_for_mother

            first = next(
                (a for a in assessments_for_mother(self.repo, mother.id) if a.kind == "baseline"),
                None,
            )
            if first is not None and first.category:
                saved = translate(
                    "SessionScreen", "Saved: {pre} → {post}, {pre_category} → {post_category}"
                ).format(
                    pre=first.total,
                    post=score.total,
                    pre_category=self._category_label(first.category),
                    post_category=self._category_label(score.category),
                )
        self.session_saved.emit("")
        if page.kind == "baseline" and self.start_page.caregiver.value() is not None:
            self._update_today()
            self.pre_page.reset()  # on to the session check before the first massage
            self.setCurrentWidget(self.pre_page)
            return
        self.show_start()
        self.confirm(saved)

    def open_post_score(self, session_id: str) -> None:
        record = self.repo.session(session_id)
        self.post_session_id = session_id
        page = self.post_page
        page.form.reset()
        page.error.show_message("")
        page.subtitle.setText(
            translate("SessionScreen", "Mother {code}. Score before the massage: {pre}.").format(
                code=record.study_code, pre=record.pre.total if record.pre else "—"
            )
        )
        self.setCurrentWidget(page)

    @Slot()
    def _on_record_post_clicked(self) -> None:
        self.clear_confirmation()
        item = self.start_page.open_list.currentItem()
        if item is None:
            self.start_page.start_error.show_message(
                translate("SessionScreen", "Choose a session in the list.")
            )
            return
        self.open_post_score(item.data(Qt.ItemDataRole.UserRole))

    @Slot()
    def _on_close_incomplete_clicked(self) -> None:
        self.clear_confirmation()
        item = self.start_page.open_list.currentItem()
        if item is None:
            self.start_page.start_error.show_message(
                translate("SessionScreen", "Choose a session in the list.")
            )
            return
        reason = self.ask_close_reason()
        if reason is None:
            return
        try:
            self.repo.close_incomplete(item.data(Qt.ItemDataRole.UserRole), reason)
        except (InputError, StorageError) as error:
            text = (
                input_error_text(error)
                if isinstance(error, InputError)
                else storage_error_text(error)
            )
            self.start_page.start_error.show_message(text)
            return
        session_id = item.data(Qt.ItemDataRole.UserRole)
        self.session_saved.emit(session_id)
        self.refresh()
        with contextlib.suppress(InputError, StorageError):
            record = self.repo.session(session_id)
            self.confirm(
                translate(
                    "SessionScreen", "Closed as incomplete: {code} · {when}. Reason: {reason}"
                ).format(
                    code=record.study_code,
                    when=format_datetime(parse_utc(record.started_at), with_year=False),
                    reason=reason,
                )
            )

    def ask_close_reason(self) -> str | None:
        from PySide6.QtWidgets import QInputDialog

        with dialogs_fitted():  # Qt's own dialog, fitted to the screen
            text, ok = QInputDialog.getText(
                self,
                translate("SessionScreen", "Close as incomplete"),
                translate("SessionScreen", "Why is this session closed without a post-score?"),
            )
        if not ok:
            return None
        if not text.strip():
            self.start_page.start_error.show_message(translate("SessionScreen", "Give a reason."))
            return None
        return text.strip()

    @Slot()
    def _on_save_post_clicked(self) -> None:
        if self.currentWidget() is not self._post_page or self.post_session_id is None:
            return
        page = self.post_page
        score = page.form.score()
        if score is None:
            self._show_unanswered(page)
            return
        if not self.retry_pending():
            page.error.show_message(
                translate(
                    "SessionScreen", "The end of the massage is not saved yet. Press Save again."
                )
            )
            return
        session_id = self.post_session_id
        if not self._written(
            page,
            lambda: self.repo.record_post_score(
                session_id,
                total=score.total,
                items=score.answers,
                category=score.category or None,
                min_total=self.check.min_total,
                max_total=self.check.max_total,
                instrument_version=self.check.version,
                instrument=self.check,
            ),
        ):
            return
        saved = self._saved_text(self.post_session_id, score.total, score.category)
        self.session_saved.emit(self.post_session_id)
        self.post_session_id = None
        self.show_start()
        self.confirm(saved)  # until the next action

    def _saved_text(self, session_id: str, total: int, category: str) -> str:
        """The bedside confirmation of a saved post-score, with the change."""
        with contextlib.suppress(InputError, StorageError):
            pre = self.repo.session(session_id).pre
            if pre is not None:
                if pre.category and category:
                    return translate(
                        "SessionScreen", "Saved: {pre} → {post}, {pre_category} → {post_category}"
                    ).format(
                        pre=pre.total,
                        post=total,
                        pre_category=self._category_label(pre.category),
                        post_category=self._category_label(category),
                    )
                return translate("SessionScreen", "Saved: {pre} → {post}").format(
                    pre=pre.total, post=total
                )
        return translate("SessionScreen", "Saved: score after the massage {post}").format(
            post=total
        )

    def _category_label(self, category_id: str) -> str:
        try:
            return self.instrument.category_by_id(category_id).label.get(self.lang)
        except KeyError:
            return category_id

    def confirm(self, text: str) -> None:
        """Say on the start page what the last action did, until the next action."""
        label = self.start_page.saved_label
        label.setMinimumHeight(0)
        label.setText(text)
        label.setAccessibleDescription(text)
        label.setVisible(bool(text))

    def clear_confirmation(self) -> None:
        """The next action: the last confirmation goes; its room stays until the page is
        shown again (nothing below it moves while the user is choosing)."""
        label = self.start_page.saved_label
        if label.isVisible() and label.text():
            label.setMinimumHeight(label.height())
            label.setText("")
            label.setAccessibleDescription("")

    @Slot()
    def _on_later_clicked(self) -> None:
        if not self.retry_pending(warn=True):
            return  # stay: the finish must be saved before the session can wait
        self.post_session_id = None
        self.show_start()  # (its answer: the session waits in the list of unfinished ones)
