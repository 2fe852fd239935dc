"""Drive the bedside flow as a user would, with a fake clock instead of waiting."""

import pytest

from PySide6.QtCore import Qt

from oxytimer.domain.data_files import DataFiles
from oxytimer.domain.session import State
from oxytimer.ui.session_view import SessionScreen


@pytest.fixture
def screen(qtbot, repo, protocol, instrument, clock):
    widget = SessionScreen(repo, DataFiles(protocol, instrument), clock, "en")
    qtbot.addWidget(widget)
    widget.show()
    return widget


def baseline(repo, mother_id, instrument, yes=1):
    """Her baseline assessment (the whole checklist), as taken before her first massage."""
    from oxytimer.storage.assessments import record_assessment

    answers = {item.id: n < yes for n, item in enumerate(instrument.items)}
    score = instrument.score(answers)
    record_assessment(
        repo,
        mother_id,
        "baseline",
        total=score.total,
        items=score.answers,
        category=score.category,
        min_total=instrument.min_total,
        max_total=instrument.max_total,
        instrument_version=instrument.version,
        instrument=instrument,
    )


def add_mother(qtbot, screen, code="MTR-001", site="AMP", *, assessed=True):
    """An enrolled mother (enrolment and screening are the Registry's, tested there),
    with her baseline assessment unless ``assessed`` is False."""
    mother_id = screen.repo.add_mother(screen.repo.site_id(site), code)
    if assessed:
        baseline(screen.repo, mother_id, screen.instrument)
    screen.refresh()
    screen.start_page.select_mother(mother_id)
    return mother_id


def answer(qtbot, form, yes_items):
    for item in form.instrument.items:
        choice = form.choice_widget(item.id)
        button = choice.buttons["yes" if item.id in yes_items else "no"]
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def run_to(screen, clock, seconds, step=0.25):
    """Move the fake clock forward, polling as the real timer would."""
    target = clock.monotonic() + seconds
    while clock.monotonic() < target - 1e-9:
        clock.advance(min(step, target - clock.monotonic()))
        screen.ticker.poll_now()


def through_preparation(qtbot, screen):
    """Getting ready and finding the landmarks (untimed): Enter on each step."""
    for _ in screen.protocol.preparation_steps:
        assert screen.session.state is State.IDLE
        qtbot.mouseClick(screen.guided_page.done_button, Qt.MouseButton.LeftButton)
    assert screen.session.state is State.RUNNING


def start_massage(qtbot, screen, *, prepare=True):
    """A husband starts a 4-minute massage for a new mother whose pre-score is 0."""
    add_mother(qtbot, screen)
    qtbot.mouseClick(screen.start_page.caregiver.buttons["husband"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(screen.start_page.next_button, Qt.MouseButton.LeftButton)
    answer(qtbot, screen.pre_page.form, [])
    qtbot.mouseClick(screen.pre_page.start_button, Qt.MouseButton.LeftButton)
    if prepare:
        through_preparation(qtbot, screen)
    return screen.session_id


def make_busy(repo, monkeypatch):
    """Make saving a session's state fail (database locked) while ``busy["on"]``."""
    from oxytimer.storage.repository import DatabaseLockedError

    real = repo.update_session_progress
    busy = {"on": True}

    def maybe_busy(*args, **kwargs):
        if busy["on"]:
            raise DatabaseLockedError("database is locked")
        return real(*args, **kwargs)

    monkeypatch.setattr(repo, "update_session_progress", maybe_busy)
    return busy


def test_whole_session_with_pause_is_stored(qtbot, screen, repo, clock, instrument):
    add_mother(qtbot, screen)
    start = screen.start_page
    assert start.selected_mother().study_code == "MTR-001"
    assert "morning Due now" in start.today_label.text()
    qtbot.mouseClick(start.caregiver.buttons["husband"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(start.next_button, Qt.MouseButton.LeftButton)
    assert screen.currentWidget() is screen.pre_page

    # Start refused until every item is answered; nothing written.
    qtbot.mouseClick(screen.pre_page.start_button, Qt.MouseButton.LeftButton)
    assert screen.currentWidget() is screen.pre_page
    assert "5 left" in screen.pre_page.error.text()  # the session check's items
    assert repo.db.execute("select count(*) from sessions").fetchone()[0] == 0

    # Around a session only what can change within it is asked: no 24-hour item.
    asked = [item.id for item in screen.pre_page.form.instrument.items]
    assert asked == [i.id for i in instrument.items if i.time_frame == "session"]
    assert not {"wet_nappies", "baby_settles", "full_before_feed"} & set(asked)
    first_two = asked[:2]
    answer(qtbot, screen.pre_page.form, first_two)
    assert screen.pre_page.duration.value() == "4"  # the protocol's default
    qtbot.mouseClick(screen.pre_page.duration.buttons["3"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(screen.pre_page.start_button, Qt.MouseButton.LeftButton)

    # The session row is committed before the countdown runs.
    assert screen.currentWidget() is screen.guided_page
    stored = repo.session(screen.session_id)
    assert (stored.status, stored.planned_seconds, stored.pre.total) == ("running", 180, 2)
    assert stored.pre.items[first_two[0]] is True
    assert screen.guided_page.countdown.text() == "3:00"
    assert screen.guided_page.step_title.text() == screen.protocol.steps[0].title.get("en")

    # Getting ready and finding the landmarks: guided, untimed, never massage time.
    clock.advance(70)
    screen.ticker.poll_now()
    assert screen.guided_page.countdown.text() == "3:00"
    assert screen.session.state is State.IDLE
    qtbot.keyClick(screen.guided_page, Qt.Key.Key_Return)
    assert screen.guided_page.step_title.text() == screen.protocol.steps[1].title.get("en")
    assert not screen.guided_page.picture.renderer().defaultSize().isEmpty()
    clock.advance(50)
    qtbot.keyClick(screen.guided_page, Qt.Key.Key_Return)  # start the massage countdown
    assert screen.session.state is State.RUNNING
    massage_steps = screen.protocol.massage_steps
    assert screen.guided_page.step_title.text() == massage_steps[0].title.get("en")

    run_to(screen, clock, 90)
    assert screen.guided_page.countdown.text() == "1:30"
    flashes = screen.guided_page.flash_count
    assert flashes >= 1  # step changes flashed
    qtbot.keyClick(screen.guided_page, Qt.Key.Key_Space)
    assert screen.session.state is State.PAUSED
    assert repo.session(screen.session_id).status == "paused"
    clock.advance(90)  # a long pause is not massage time
    screen.ticker.poll_now()
    assert screen.guided_page.countdown.text() == "1:30"
    qtbot.keyClick(screen.guided_page, Qt.Key.Key_Space)
    assert screen.session.state is State.RUNNING

    with qtbot.waitSignal(screen.ticker.session_finished, timeout=1000):
        run_to(screen, clock, 90)
    stored = repo.session(screen.session_id)
    assert stored.status == "awaiting_post"
    # Issue 12: 3 minutes chosen = 180 s of massage, preparation recorded apart.
    assert stored.massage_seconds == pytest.approx(180, abs=1)
    assert stored.preparation_seconds == pytest.approx(120, abs=1)
    assert stored.paused_seconds == pytest.approx(90)
    assert stored.pause_count == 1
    # After the countdown: the untimed finishing step.
    finish = screen.protocol.finishing_steps[0]
    assert screen.guided_page.step_title.text() == finish.title.get("en")

    qtbot.keyClick(screen.guided_page, Qt.Key.Key_Return)
    assert screen.currentWidget() is screen.post_page
    answer(qtbot, screen.post_page.form, asked[:4])
    assert "Score 4 of 5" in screen.post_page.form.total_label.text()
    qtbot.mouseClick(screen.post_page.save_button, Qt.MouseButton.LeftButton)
    assert screen.currentWidget() is screen.start_page

    stored = repo.session(stored.id)
    assert (stored.status, stored.pre.total, stored.post.total) == ("completed", 2, 4)
    # A session check: its own range, no bands (those belong to the whole checklist).
    assert stored.post.category is None and stored.pre.category is None
    assert stored.design == "session_check"
    assert set(stored.post.items) == set(asked)
    assert (stored.protocol_version, stored.instrument_version) == (
        screen.protocol.version,
        instrument.version,
    )
    assert stored.slot == "morning"
    assert "morning Done" in start.today_label.text()
    actions = [(a["action"], a["table_name"]) for a in repo.audit_rows()]
    assert ("insert", "scores") in actions and ("update", "sessions") in actions


def test_post_score_later_waits_on_the_start_screen(qtbot, screen, repo, clock, instrument):
    add_mother(qtbot, screen)
    qtbot.mouseClick(screen.start_page.caregiver.buttons["midwife"], Qt.MouseButton.LeftButton)
    qtbot.keyClick(screen.start_page.next_button, Qt.Key.Key_Return)
    answer(qtbot, screen.pre_page.form, [])
    qtbot.mouseClick(screen.pre_page.start_button, Qt.MouseButton.LeftButton)
    through_preparation(qtbot, screen)
    run_to(screen, clock, 240, step=5)
    qtbot.mouseClick(screen.guided_page.done_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(screen.post_page.later_button, Qt.MouseButton.LeftButton)
    assert screen.start_page.open_list.count() == 1
    assert "Awaiting post-score" in screen.start_page.open_list.item(0).text()
    screen.start_page.open_list.setCurrentRow(0)
    qtbot.mouseClick(screen.start_page.record_post_button, Qt.MouseButton.LeftButton)
    answer(qtbot, screen.post_page.form, [item.id for item in instrument.items[:3]])
    qtbot.mouseClick(screen.post_page.save_button, Qt.MouseButton.LeftButton)
    assert screen.start_page.open_list.count() == 0
    assert [s.status for s in repo.sessions_with_status("completed")] == ["completed"]


def test_abort_needs_a_reason_and_is_saved(qtbot, screen, repo, clock, monkeypatch):
    session_id = start_massage(qtbot, screen)
    run_to(screen, clock, 30)
    monkeypatch.setattr(screen, "ask_abort_reason", lambda: None)  # "Continue the massage"
    qtbot.keyClick(screen.guided_page, Qt.Key.Key_Escape)
    assert screen.session.state is State.RUNNING
    monkeypatch.setattr(screen, "ask_abort_reason", lambda: "Mother felt dizzy")
    qtbot.keyClick(screen.guided_page, Qt.Key.Key_Escape)
    stored = repo.session(session_id)
    assert (stored.status, stored.abort_reason) == ("aborted", "Mother felt dizzy")
    assert stored.massage_seconds == pytest.approx(30)
    assert screen.currentWidget() is screen.start_page


def test_mothers_model(qtmodeltester, screen, qtbot):
    add_mother(qtbot, screen, "MTR-002")
    add_mother(qtbot, screen, "MTR-001")
    qtmodeltester.check(screen.start_page.mothers_model)


def test_a_finish_that_could_not_be_saved_is_retried(qtbot, screen, repo, clock, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from oxytimer.storage.repository import DatabaseFullError

    monkeypatch.setattr(QMessageBox, "warning", lambda *args: None)
    session_id = start_massage(qtbot, screen)
    real = repo.update_session_progress
    failures = {"left": 2}  # the finish itself and the retry at the next update

    def full_once(*args, **kwargs):
        if kwargs.get("status") == "awaiting_post" and failures["left"]:
            failures["left"] -= 1
            raise DatabaseFullError("database or disk is full")
        return real(*args, **kwargs)

    monkeypatch.setattr(repo, "update_session_progress", full_once)
    run_to(screen, clock, 240, step=5)
    assert repo.session(session_id).status == "running"  # the disk was full
    qtbot.mouseClick(screen.guided_page.done_button, Qt.MouseButton.LeftButton)
    answer(qtbot, screen.post_page.form, [])
    qtbot.mouseClick(screen.post_page.save_button, Qt.MouseButton.LeftButton)
    stored = repo.session(session_id)
    assert stored.status == "completed"
    assert stored.massage_seconds == pytest.approx(240)


def test_an_abort_that_could_not_be_saved_keeps_its_reason(qtbot, screen, repo, clock, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "warning", lambda *args: None)
    session_id = start_massage(qtbot, screen)
    run_to(screen, clock, 30)
    busy = make_busy(repo, monkeypatch)
    screen.abort_session("Mother felt dizzy")
    assert repo.session(session_id).status == "running"
    assert "not saved yet" in screen.start_page.notice.text()
    busy["on"] = False
    screen.refresh()  # showing the start screen retries
    stored = repo.session(session_id)
    assert (stored.status, stored.abort_reason) == ("aborted", "Mother felt dizzy")
    assert stored.massage_seconds == pytest.approx(30)
    assert screen.start_page.notice.text() == ""


def test_the_countdown_pauses_while_the_stop_dialog_is_open(qtbot, screen, repo, clock):
    start_massage(qtbot, screen)
    run_to(screen, clock, 20)
    seen = {}

    def decide():
        seen["state"] = screen.session.state
        seen["stored"] = repo.session(screen.session_id).status
        clock.advance(45)  # the caregiver takes her time to decide
        return None  # "Continue the massage"

    screen.ask_abort_reason = decide
    qtbot.keyClick(screen.guided_page, Qt.Key.Key_Escape)
    assert seen == {"state": State.PAUSED, "stored": "paused"}
    assert screen.session.state is State.RUNNING
    assert screen.session.massage_seconds() == pytest.approx(20)
    assert screen.session.total_paused_seconds() == pytest.approx(45)
    assert screen.session.pause_count == 0  # the caregiver did not pause
    run_to(screen, clock, 225, step=5)  # 20 s were done; 220 s to go
    stored = repo.session(screen.session_id)
    assert (stored.status, stored.pause_count) == ("awaiting_post", 0)
    assert stored.paused_seconds == pytest.approx(45)


def test_quitting_mid_session_saves_progress_as_interrupted(
    qtbot, repo, protocol, instrument, clock, settings, monkeypatch
):
    from PySide6.QtWidgets import QMessageBox

    from oxytimer.ui.main_window import MainWindow

    window = MainWindow(repo, DataFiles(protocol, instrument), clock, settings)
    qtbot.addWidget(window)
    window.show()
    screen = window.session_screen
    session_id = start_massage(qtbot, screen)
    run_to(screen, clock, 63, step=1)  # the last heartbeat was at 60 s
    monkeypatch.setattr(
        QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes
    )
    window.close()
    stored = repo.session(session_id)
    assert stored.status == "interrupted"
    assert stored.massage_seconds == pytest.approx(63)


def test_quitting_after_an_unsaved_stop_saves_it_or_asks(
    qtbot, repo, protocol, instrument, clock, settings, monkeypatch
):
    from PySide6.QtWidgets import QMessageBox

    from oxytimer.ui.main_window import MainWindow

    window = MainWindow(repo, DataFiles(protocol, instrument), clock, settings)
    qtbot.addWidget(window)
    window.show()
    screen = window.session_screen
    session_id = start_massage(qtbot, screen)
    run_to(screen, clock, 30)
    busy = make_busy(repo, monkeypatch)
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: None)
    screen.abort_session("Mother felt dizzy")
    asked = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda *args, **kwargs: asked.append(args) or QMessageBox.StandardButton.No,
    )
    window.close()  # still busy: the user is asked, and says No
    assert asked and window.isVisible()
    busy["on"] = False
    asked.clear()
    window.close()  # the database is free again: the stop is saved on the way out
    assert not asked and not window.isVisible()
    stored = repo.session(session_id)
    assert (stored.status, stored.abort_reason) == ("aborted", "Mother felt dizzy")


def test_the_mothers_list_reads_a_page_at_a_time_and_searches_in_sql(qtbot, screen, repo):
    site = repo.site_id("AMP")
    ids = {}
    with repo._write():
        for n in range(250):
            ids[n] = repo.add_mother(site, f"MTR-{n:03d}")
    repo.add_mother(repo.site_id("KRG"), "KRG-001")
    screen.refresh()
    start = screen.start_page
    model = start.mothers_model
    page = model.page_size
    assert model.rowCount() == page  # the first page, not every enrolled mother
    assert model.canFetchMore()
    start.mothers_view.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() == 2 * page)
    screen.refresh()  # a refresh keeps the rows shown
    assert model.rowCount() == 2 * page

    # The search is SQL's: a mother on a page not read yet is found.
    start.search.setText("mtr-24")
    assert [m.study_code for m in model.records()] == [f"MTR-{n}" for n in range(240, 250)]
    start.search.setText("KRG")
    assert [m.study_code for m in model.records()] == ["KRG-001"]
    start.search.setText("")
    assert model.rowCount() == page

    # Chosen from elsewhere (Today, an enrolment), a mother past the rows read is
    # searched for by her code and chosen.
    start.select_mother(ids[249])
    assert start.selected_mother().id == ids[249]
    assert start.search.text() == "MTR-249"
    assert [m.study_code for m in model.records()] == ["MTR-249"]
    # One who is no longer enrolled is not in the list, and is not chosen.
    from datetime import date

    repo.withdraw(ids[248], "moved away", date(2026, 3, 2))
    start.search.setText("")
    start.select_mother(ids[248])
    assert start.selected_mother() is None and start.search.text() == ""
