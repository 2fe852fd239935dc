"""Issue 12: what is recorded and shown is what happened (fake clock, no waiting)."""

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from oxytimer.domain.data_files import DataFiles
from oxytimer.domain.session import State
from oxytimer.ui.history_view import HistoryView
from oxytimer.ui.main_window import MainWindow
from oxytimer.ui.session_view import SessionScreen
from oxytimer.ui.today_view import TodayView

from .loading import wait_loaded
from .test_session_flow import add_mother, answer, run_to, start_massage


@pytest.fixture
def screen(qtbot, repo, protocol, instrument, clock):
    widget = SessionScreen(repo, DataFiles(protocol, instrument), clock, "en")
    qtbot.addWidget(widget)
    widget.show()
    return widget


def stored_session(repo, protocol, instrument, mother_id, massage, status):
    """A 3-minute morning session left as ``status`` after ``massage`` seconds."""
    session_id = repo.start_session(
        mother_id=mother_id,
        caregiver="husband",
        planned_seconds=180,
        pre_total=1,
        pre_items=None,
        pre_category="kurang",
        min_total=0,
        max_total=instrument.max_total,
        protocol_version=protocol.version,
        instrument_version=instrument.version,
        slot="morning",
    )
    if status == "interrupted":
        repo.heartbeat(session_id, massage, 0)
        repo.mark_interrupted()
    else:
        repo.update_session_progress(
            session_id, status=status, massage_seconds=massage, paused_seconds=0, pause_count=0
        )
    return session_id


def test_interrupted_and_awaiting_sessions_show_as_such_everywhere(
    qtbot, screen, repo, protocol, instrument, clock, settings
):
    site = repo.site_id("AMP")
    cut = repo.add_mother(site, "MTR-001")
    waiting = repo.add_mother(site, "MTR-002")
    stored_session(repo, protocol, instrument, cut, 43, "interrupted")
    stored_session(repo, protocol, instrument, waiting, 180, "awaiting_post")
    clock.advance(600)

    # Today (both languages' texts come from the same codes; English here).
    today = TodayView(repo, clock, settings)
    qtbot.addWidget(today)
    wait_loaded(qtbot, today)  # its rows are read on a worker thread
    assert today.states() == {
        "MTR-001": ("interrupted", "upcoming"),
        "MTR-002": ("awaiting_post", "upcoming"),
    }
    shown = [today.model.data(today.model.index(row, 2)) for row in range(2)]
    assert shown == ["⚠ Interrupted (0:43 of 3:00 given)", "◐ Awaiting post-score"]
    assert not any("Done" in text for text in shown)

    # The start screen: the chosen mother's day, and the unfinished sessions.
    screen.refresh()
    screen.start_page.select_mother(cut)
    assert "morning Interrupted (0:43 of 3:00 given)" in screen.start_page.today_label.text()
    screen.start_page.select_mother(waiting)
    assert "morning Awaiting post-score" in screen.start_page.today_label.text()
    listed = sorted(screen.start_page.open_list.item(i).text() for i in range(2))
    assert "Interrupted · 0:43 of 3:00 given" in listed[0]
    assert "Awaiting post-score" in listed[1] and "given" not in listed[1]

    # History.
    history = HistoryView(repo, instrument, clock, "en")
    qtbot.addWidget(history)
    history.refresh()
    for mother_id, expected in ((cut, "Interrupted · 0:43 of 3:00 given"), (waiting, "Awaiting")):
        history.show_mother(mother_id)
        wait_loaded(qtbot, history)  # her records are read off the window's thread
        status = history.sessions_model.data(history.sessions_model.index(0, 3))
        assert status.startswith(expected) and "Done" not in status

    # Adherence: the interrupted massage is partial, the awaiting one given.
    dose = {row.study_code: row.dose for row in repo.dose_rows()}
    assert (dose["MTR-001"].slots_done, dose["MTR-001"].slots_partial) == (0, 1)
    assert (dose["MTR-001"].sessions_given, dose["MTR-001"].sessions_partial) == (0, 1)
    assert dose["MTR-001"].massage_minutes == pytest.approx(43 / 60, abs=0.01)
    assert (dose["MTR-002"].slots_done, dose["MTR-002"].sessions_given) == (1, 1)


def test_resuming_an_interrupted_massage_records_both_parts_and_the_gap(
    qtbot, screen, repo, protocol, instrument, clock
):
    session_id = start_massage(qtbot, screen)  # 4 minutes
    run_to(screen, clock, 43)
    screen.toggle_pause()
    clock.advance(7)
    screen.toggle_pause()
    screen.leave_running_session()  # the app closes mid-massage
    assert repo.session(session_id).status == "interrupted"

    clock.advance(600)  # ten minutes later, the app is opened again
    again = SessionScreen(repo, DataFiles(protocol, instrument), clock, "en")
    qtbot.addWidget(again)
    again.show()
    again.start_page.select_mother(repo.session(session_id).mother_id)
    # Her slot holds the interrupted massage: it is offered, not a new session.
    next_button = again.start_page.next_button
    assert next_button.text() == "Resume the interrupted massage (0:43 of 4:00 given)"
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    assert again.currentWidget() is again.guided_page
    assert again.session.state is State.RUNNING
    assert again.guided_page.countdown.text() == "3:17"
    with qtbot.waitSignal(again.ticker.session_finished, timeout=1000):
        run_to(again, clock, 197)
    stored = repo.session(session_id)
    assert stored.status == "awaiting_post"
    assert stored.massage_seconds == pytest.approx(240, abs=1)
    assert stored.first_part_seconds == pytest.approx(43, abs=0.5)
    assert stored.second_part_seconds == pytest.approx(197, abs=1)
    assert stored.resume_gap_seconds == pytest.approx(600, abs=6)  # since the last save
    assert (stored.paused_seconds, stored.pause_count) == (pytest.approx(7), 1)
    fields = {r["field"] for r in repo.audit_rows("sessions", session_id)}
    assert {"first_part_seconds", "resumed_at", "resume_gap_seconds"} <= fields


def test_an_interrupted_massage_cannot_be_resumed_after_the_protocols_limit(
    qtbot, screen, repo, protocol, instrument, clock
):
    session_id = start_massage(qtbot, screen)
    run_to(screen, clock, 30)
    screen.leave_running_session()
    clock.advance(protocol.resume_within_minutes * 60 + 60)
    again = SessionScreen(repo, DataFiles(protocol, instrument), clock, "en")
    qtbot.addWidget(again)
    again.start_page.select_mother(repo.session(session_id).mother_id)
    assert again.start_page.next_button.text() == "Next: score before massage"
    again.start_page.open_list.setCurrentRow(0)
    qtbot.mouseClick(again.start_page.resume_button, Qt.MouseButton.LeftButton)
    assert "can no longer be resumed" in again.start_page.start_error.text()
    assert repo.session(session_id).status == "interrupted"


def test_the_countdown_holds_while_quit_anyway_is_open(
    qtbot, repo, protocol, instrument, clock, settings, monkeypatch
):
    window = MainWindow(repo, DataFiles(protocol, instrument), clock, settings)
    qtbot.addWidget(window)
    window.show()
    screen = window.session_screen
    session_id = start_massage(qtbot, screen)
    run_to(screen, clock, 20)

    def think_then_stay(*_args, **_kwargs):
        assert screen.session.state is State.PAUSED  # held while the question is open
        clock.advance(30)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", think_then_stay)
    window.close()
    assert window.isVisible()
    assert screen.session.state is State.RUNNING
    assert screen.session.massage_seconds() == pytest.approx(20)
    assert screen.session.pause_count == 0  # not one of the caregiver's pauses
    assert repo.session(session_id).paused_seconds == pytest.approx(30)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.close()
    assert repo.session(session_id).status == "interrupted"


def test_a_saved_post_score_is_confirmed_with_the_change_until_the_next_action(
    qtbot, screen, repo, clock, instrument
):
    start_massage(qtbot, screen)  # pre-score 0
    run_to(screen, clock, 240, step=5)
    qtbot.mouseClick(screen.guided_page.done_button, Qt.MouseButton.LeftButton)
    answer(
        qtbot,
        screen.post_page.form,
        [item.id for item in screen.post_page.form.instrument.items[:3]],
    )
    qtbot.mouseClick(screen.post_page.save_button, Qt.MouseButton.LeftButton)
    assert screen.currentWidget() is screen.start_page
    saved = screen.start_page.saved_label
    assert saved.isVisible()
    assert saved.text() == "Saved: 0 → 3"  # a session check has no bands
    qtbot.mouseClick(screen.start_page.caregiver.buttons["husband"], Qt.MouseButton.LeftButton)
    assert saved.isVisible()  # choosing is not an action
    qtbot.mouseClick(screen.start_page.next_button, Qt.MouseButton.LeftButton)
    assert not saved.isVisible() and saved.text() == ""


def test_unanswered_questions_are_marked_and_the_error_goes_when_all_are_answered(
    qtbot, screen, instrument
):
    add_mother(qtbot, screen)
    qtbot.mouseClick(screen.start_page.caregiver.buttons["husband"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(screen.start_page.next_button, Qt.MouseButton.LeftButton)
    page = screen.pre_page
    items = [item.id for item in page.form.instrument.items]
    page.form.choice_widget(items[0]).buttons["yes"].click()
    assert page.form.marked() == []  # nothing marked before a refused start
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    assert page.error.isVisible()
    assert page.form.marked() == items[1:]
    page.form.choice_widget(items[1]).buttons["no"].click()
    assert page.form.marked() == items[2:]
    assert page.error.isVisible()
    for item_id in items[2:]:
        page.form.choice_widget(item_id).buttons["no"].click()
    assert page.form.marked() == []
    assert not page.error.isVisible()
    assert screen.currentWidget() is page  # answering does not start the massage


def test_baseline_then_end_assessment_from_the_start_screen(
    qtbot, screen, repo, clock, instrument, protocol
):
    from oxytimer.storage.assessments import assessments_for_mother

    mother_id = add_mother(qtbot, screen, assessed=False)
    start = screen.start_page
    assert "Baseline assessment due" in start.today_label.text()
    assert start.next_button.text() == "Next: baseline assessment"
    qtbot.mouseClick(start.caregiver.buttons["husband"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(start.next_button, Qt.MouseButton.LeftButton)
    page = screen.assessment_page
    assert screen.currentWidget() is page
    assert [i.id for i in page.form.instrument.items] == [i.id for i in instrument.items]
    answer(qtbot, page.form, [instrument.items[0].id])
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert screen.currentWidget() is screen.pre_page  # on to the session check
    assert [a.kind for a in assessments_for_mother(repo, mother_id)] == ["baseline"]
    screen.show_start()
    assert "assessment due" not in start.today_label.text()

    # After her planned sessions the end assessment is due.
    for _ in range(protocol.planned_sessions):
        sid = repo.start_session(
            mother_id=mother_id,
            caregiver="husband",
            planned_seconds=180,
            pre_total=0,
            pre_items=None,
            pre_category=None,
            min_total=0,
            max_total=5,
            protocol_version=protocol.version,
            instrument_version=instrument.version,
            design="session_check",
        )
        repo.update_session_progress(
            sid, status="awaiting_post", massage_seconds=180, paused_seconds=0, pause_count=0
        )
    screen.refresh()
    screen.start_page.select_mother(mother_id)
    assert "End assessment due" in start.today_label.text()
    qtbot.mouseClick(start.next_button, Qt.MouseButton.LeftButton)
    answer(qtbot, page.form, [i.id for i in instrument.items[:4]])
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert screen.currentWidget() is start
    assert start.saved_label.text() == "Saved: 1 → 4, Insufficient → Sufficient"
    assert "assessment due" not in start.today_label.text()
