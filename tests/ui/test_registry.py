"""Drive the registry, Today and History tabs as a midwife would, on a fake clock."""

from datetime import date, timedelta

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QLineEdit

from oxytimer.domain.data_files import DataFiles
from oxytimer.domain.eligibility import load_criteria
from oxytimer.domain.registry import Enrolment
from oxytimer.ui.dialogs import CorrectionDialog, ReasonDialog, to_qdate
from oxytimer.ui.main_window import MainWindow
from oxytimer.ui.widgets import InstrumentForm

from .loading import wait_loaded
from .test_session_flow import answer, baseline, run_to

CRITERIA = load_criteria()
TODAY = date(2026, 3, 3)  # the clock fixture: 07:00 on 3 March 2026 in Mataram


@pytest.fixture
def window(qtbot, repo, protocol, instrument, clock, settings):
    repo.ensure_sites([("MTR", "Puskesmas Mataram")])
    w = MainWindow(repo, DataFiles(protocol, instrument), clock, settings)
    qtbot.addWidget(w)
    w.show()
    return w


@pytest.fixture
def tabs(window):
    return window.registry_tabs


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def counts(repo):
    return tuple(
        repo.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("mothers", "screenings", "sessions", "scores", "audit_log")
    )


def fill_form(
    qtbot,
    view,
    *,
    site="MTR",
    code=None,
    age="24",
    consent=True,
    delivery=TODAY,
    eligible=True,
    answers=None,
):
    form = view.form
    if not view.form_shown():  # as a midwife does: the form from the list's button
        view.enrol_button.click()  # (the tab itself need not be shown)
    assert view.form_shown()
    view.choose_site(view.repo.site_id(site))
    if code is not None:
        form.code_edit.setText(code)
    form.age_edit.setText(age)
    form.occupation_combo.setCurrentIndex(form.occupation_combo.findData("trader"))
    click(qtbot, form.parity.buttons["primipara"])
    form.delivery_date.setDate(to_qdate(delivery))
    click(qtbot, form.delivery_type.buttons["normal"])
    click(qtbot, form.husband.buttons["yes"])
    form.consent.setChecked(consent)
    form.consent_date.setDate(to_qdate(TODAY))
    values = {c.id: (c.kind == "inclusion") == eligible for c in CRITERIA.all}
    values.update(answers or {})
    for criterion_id, yes in values.items():
        if yes is not None:
            click(qtbot, form.answers[criterion_id].buttons["yes" if yes else "no"])


def enrol(qtbot, view, **kwargs):
    fill_form(qtbot, view, **kwargs)
    click(qtbot, view.form.save_button)
    wait_loaded(qtbot, view)


def states(qtbot, today):
    """Today's states once its rows have been read."""
    wait_loaded(qtbot, today)
    return today.states()


def enrol_directly(repo, code="MTR-001"):
    return repo.enrol(
        Enrolment(
            site_id=repo.site_id("MTR"),
            study_code=code,
            age=24,
            occupation="trader",
            parity="primipara",
            delivery_date=TODAY,
            delivery_type="normal",
            lives_with_husband=True,
            consent=True,
            consent_date=TODAY,
        ),
        CRITERIA,
        {c.id: c.kind == "inclusion" for c in CRITERIA.all},
    )


def give_session(repo, mother_id, instrument, pre_yes=2):
    items = {item.id: i < pre_yes for i, item in enumerate(instrument.items)}
    session_id = repo.start_session(
        mother_id=mother_id,
        caregiver="husband",
        planned_seconds=240,
        pre_total=pre_yes,
        pre_items=items,
        pre_category=instrument.category_for(pre_yes).id,
        min_total=0,
        max_total=instrument.max_total,
        protocol_version="1.0.0",
        instrument_version=instrument.version,
        slot="morning",
    )
    repo.update_session_progress(
        session_id, status="awaiting_post", massage_seconds=240, paused_seconds=0, pause_count=0
    )
    repo.record_post_score(
        session_id,
        total=5,
        items=None,
        category="cukup",
        min_total=0,
        max_total=instrument.max_total,
        instrument_version=instrument.version,
    )
    return session_id


# ------------------------------------------------------------------------ enrolment
def test_enrol_an_eligible_and_a_screened_out_mother(qtbot, tabs, repo):
    view = tabs.registry_view
    view.choose_site(repo.site_id("MTR"))
    assert view.form.code_edit.text() == "MTR-001"  # suggested
    enrol(qtbot, view)
    assert "MTR-001 is eligible and enrolled" in view.form.result_label.text()
    assert view.form.code_edit.text() == "MTR-002"  # next suggestion
    [first] = repo.registry()
    assert (first.status, first.age, first.occupation, first.consent) == (
        "enrolled",
        24,
        "trader",
        True,
    )

    enrol(qtbot, view, consent=False, answers={"baby_died": True, "willing": False})
    text = view.form.result_label.text()
    assert "MTR-002 is screened out" in text and "Has the baby died?" in text
    second = repo.registry_entry(repo.registry()[1].id)
    assert (second.status, second.failed) == ("screened_out", ("willing", "baby_died"))
    assert repo.screening(second.id)["criteria_version"] == CRITERIA.version
    statuses = [view.model.data(view.model.index(r, 2)) for r in range(view.model.rowCount())]
    assert statuses == ["Enrolled", "Screened out"]
    flow = view.flow_label.text()
    assert "Screened 2" in flow and "eligible 1" in flow and "screened out 1" in flow
    assert "enrolled 1" in flow
    # Only the enrolled mother can be chosen for a session.
    codes = [m.study_code for m in tabs.session_screen.start_page.mothers_model.records()]
    assert codes == ["MTR-001"]
    assert {("mothers", "insert"), ("screenings", "insert")} <= {
        (a["table_name"], a["action"]) for a in repo.audit_rows()
    }


@pytest.mark.parametrize(
    "kwargs, field, message",
    [
        ({"code": "MTR-001"}, "study_code", "already used at this puskesmas"),
        ({"code": ""}, "study_code", "Enter a study code"),
        ({"code": "MTR 00/1"}, "study_code", "Use letters, digits"),
        ({"age": "9"}, "age", "from 10 to 60 years"),
        ({"age": "61"}, "age", "from 10 to 60 years"),
        ({"age": "dua"}, "age", "whole number"),
        ({"consent": False}, "consent", "must give consent"),
        ({"delivery": TODAY + timedelta(days=1)}, "delivery_date", "cannot be in the future"),
        ({"answers": {"willing": None}}, "screening", "Answer every screening question"),
    ],
)
def test_bad_enrolment_is_refused_at_the_field_and_writes_nothing(
    qtbot, tabs, repo, kwargs, field, message
):
    enrol_directly(repo)
    tabs.registry_view.refresh()
    view = tabs.registry_view
    wait_loaded(qtbot, view)
    before = counts(repo)
    kwargs.setdefault("code", "MTR-002")
    if "answers" in kwargs:
        fill_form(qtbot, view, **kwargs)
        view.form.answers["willing"].set_value(None)
        click(qtbot, view.form.save_button)
    else:
        enrol(qtbot, view, **kwargs)
    assert message in view.form.errors[field].text()
    assert view.form.errors[field].isVisibleTo(view)
    assert counts(repo) == before


def test_add_a_site_from_the_registry(qtbot, tabs, repo):
    view = tabs.registry_view
    click(qtbot, view.form.add_site_button)
    dialog = view.dialog
    dialog.code_edit.setText("MTR")
    dialog.name_edit.setText("Puskesmas Baru")
    click(qtbot, dialog.save_button)
    assert "already in the list" in dialog.code_error.text()
    dialog.code_edit.setText("BRU")
    click(qtbot, dialog.save_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert view.form.site_combo.currentData() == repo.site_id("BRU")
    assert view.form.code_edit.text() == "BRU-001"


def test_operator_change_is_remembered(qtbot, tabs, repo, settings):
    view = tabs.registry_view
    assert "Bidan Sari" in view.operator_label.text()
    click(qtbot, view.operator_button)
    view.dialog.name_edit.setText("  ")
    click(qtbot, view.dialog.save_button)
    assert "Enter your name" in view.dialog.error.text()
    view.dialog.name_edit.setText("Bidan Ayu")
    click(qtbot, view.dialog.save_button)
    assert (settings.operator, repo.operator) == ("Bidan Ayu", "Bidan Ayu")
    enrol_directly(repo, "MTR-009")
    assert repo.audit_rows()[-1]["operator"] == "Bidan Ayu"


def test_withdraw_and_close_follow_up_from_the_registry(qtbot, tabs, repo):
    first = enrol_directly(repo, "MTR-001")
    second = enrol_directly(repo, "MTR-002")
    view = tabs.registry_view
    tabs.tabs.setCurrentWidget(view)  # its buttons on screen, as a midwife clicks them
    view.refresh()
    wait_loaded(qtbot, view)
    view.select_mother(first)
    click(qtbot, view.withdraw_button)
    dialog = view.dialog
    assert isinstance(dialog, ReasonDialog)
    before = counts(repo)
    click(qtbot, dialog.save_button)
    assert "Give a reason" in dialog.reason_error.text()
    dialog.reason_edit.setText("moved to Lombok Timur")
    dialog.date_edit.setDate(to_qdate(TODAY + timedelta(days=2)))
    click(qtbot, dialog.save_button)
    assert "cannot be in the future" in dialog.date_error.text()
    assert counts(repo) == before
    dialog.date_edit.setDate(to_qdate(TODAY))
    click(qtbot, dialog.save_button)
    assert repo.registry_entry(first).status == "withdrawn"

    wait_loaded(qtbot, view)
    view.select_mother(second)
    click(qtbot, view.close_button)
    click(qtbot, view.dialog.save_button)  # the reason is filled in: "Follow-up completed"
    entry = repo.registry_entry(second)
    assert (entry.status, entry.locked) == ("closed", True)
    wait_loaded(qtbot, view)
    assert "completed follow-up 1" in view.flow_label.text()
    assert "withdrawn 1" in view.flow_label.text()
    assert states(qtbot, tabs.today_view) == {}


# ---------------------------------------------------------------------------- today
def test_today_across_two_days(qtbot, window, tabs, repo, clock, instrument):
    mother_id = enrol_directly(repo, "MTR-001")
    enrol_directly(repo, "MTR-002")
    tabs.registry_view.registry_changed.emit()
    today = tabs.today_view
    window.tabs.setCurrentWidget(today)
    assert states(qtbot, today) == {"MTR-001": ("due", "upcoming"), "MTR-002": ("due", "upcoming")}
    assert "Due now" in today.model.data(today.model.index(0, 2))
    assert today.model.data(today.model.index(0, 2), Qt.ItemDataRole.BackgroundRole) is not None

    # Start from Today: the session screen opens with the mother chosen.
    today.select_mother(mother_id)
    click(qtbot, today.start_button)
    screen = window.session_screen
    assert window.tabs.currentWidget() is screen
    assert screen.start_page.selected_mother().id == mother_id
    click(qtbot, screen.start_page.caregiver.buttons["husband"])
    click(qtbot, screen.start_page.next_button)
    # Her first massage: the baseline assessment (the whole checklist) comes first.
    assert screen.currentWidget() is screen.assessment_page
    answer(qtbot, screen.assessment_page.form, [])
    click(qtbot, screen.assessment_page.save_button)
    answer(qtbot, screen.pre_page.form, [])
    click(qtbot, screen.pre_page.start_button)
    for _ in screen.protocol.preparation_steps:  # untimed
        click(qtbot, screen.guided_page.done_button)
    run_to(screen, clock, 240, step=5)
    click(qtbot, screen.guided_page.done_button)
    answer(qtbot, screen.post_page.form, [instrument.items[0].id])
    click(qtbot, screen.post_page.save_button)
    # Refreshed by session_saved, without switching tabs.
    assert states(qtbot, today)["MTR-001"] == ("done", "upcoming")

    clock.advance(9 * 3600)  # 16:04: evening due
    window.tabs.setCurrentWidget(tabs.registry_view)
    window.tabs.setCurrentWidget(today)  # showing the tab refreshes it
    assert states(qtbot, today) == {"MTR-001": ("done", "due"), "MTR-002": ("missed", "due")}
    assert "16:04" in today.title.text()

    clock.advance(5 * 3600)  # 21:04: the evening is missed
    today.refresh()
    assert states(qtbot, today)["MTR-001"] == ("done", "missed")

    clock.advance(10 * 3600)  # 07:04 the next day
    today.refresh()
    assert states(qtbot, today)["MTR-001"] == ("due", "upcoming")
    assert "04/03/2026" in today.title.text()
    [dose] = [r for r in repo.dose_rows() if r.mother_id == mother_id]
    assert (dose.dose.slots_done, dose.dose.slots_scheduled) == (1, 2)


def test_today_slot_hours_come_from_settings(qtbot, repo, clock, settings):
    from oxytimer.ui.today_view import TodayView

    repo.ensure_sites([("MTR", "Puskesmas Mataram")])
    enrol_directly(repo)
    settings.set_slot_hours("morning", 8, 11)
    view = TodayView(repo, clock, settings)
    qtbot.addWidget(view)
    assert states(qtbot, view)["MTR-001"] == ("upcoming", "upcoming")  # 07:00, before 08:00
    assert "08:00–11:00" in view.hours_label.text()


def test_the_registry_is_loading_until_its_counts_are_shown(qtbot, tabs, repo):
    """The worker ends a moment before its answer is shown on the GUI thread: until then
    the Registry still says it is loading (a test waiting for the counts raced with it)."""
    from oxytimer.ui.workers import shared_pool

    view = tabs.registry_view
    wait_loaded(qtbot, view)
    enrol_directly(repo, "MTR-001")
    view.refresh()
    shared_pool().waitForDone(60_000)  # every read has ended; no answer handled yet
    task = view.flow_task
    assert task is not None and task.done and not task.delivered
    assert view.loading and "enrolled 0" in view.flow_label.text()
    wait_loaded(qtbot, view)
    assert task.delivered and "enrolled 1" in view.flow_label.text()


def test_today_names_a_few_assessments_due_and_counts_the_rest(qtbot, repo, clock, settings):
    from oxytimer.ui.today_view import ASSESSMENTS_LISTED, TodayView

    repo.ensure_sites([("MTR", "Puskesmas Mataram")])
    codes = [f"MTR-{n:03d}" for n in range(1, ASSESSMENTS_LISTED + 5)]
    ids = [enrol_directly(repo, code) for code in codes]  # no massage: baseline due
    view = TodayView(repo, clock, settings)
    qtbot.addWidget(view)
    assert len(states(qtbot, view)) == len(codes)
    text = view.assessments_label.text()
    named = [code for code in codes if code in text]
    assert named == codes[:ASSESSMENTS_LISTED]
    assert text.endswith("and 4 more")
    # As many as it names: no count.
    for mother_id in ids[ASSESSMENTS_LISTED:]:
        repo.withdraw(mother_id, "moved away", TODAY)
    view.refresh()
    states(qtbot, view)
    assert "more" not in view.assessments_label.text()
    assert all(code in view.assessments_label.text() for code in codes[:ASSESSMENTS_LISTED])


# -------------------------------------------------------------------------- history
def open_history(qtbot, tabs, mother_id):
    tabs.tabs.setCurrentWidget(tabs.registry_view)  # its buttons on screen
    tabs.registry_view.refresh()
    wait_loaded(qtbot, tabs.registry_view)
    tabs.registry_view.select_mother(mother_id)
    click(qtbot, tabs.registry_view.history_button)
    wait_loaded(qtbot, tabs.history_view)
    return tabs.history_view


def test_correction_needs_a_reason_and_leaves_audit_rows(qtbot, window, tabs, repo, instrument):
    mother_id = enrol_directly(repo)
    session_id = give_session(repo, mother_id, instrument)
    history = open_history(qtbot, tabs, mother_id)
    assert window.tabs.currentWidget() is history
    history.select_session_value(0, "caregiver")
    assert "Given by" in history.history_title.text()
    assert [r["action"] for r in history.history_rows()] == ["insert"]
    click(qtbot, history.correct_button)
    dialog = history.dialog
    assert isinstance(dialog, CorrectionDialog)
    combo = dialog.editor
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData("midwife"))
    before = counts(repo)
    click(qtbot, dialog.save_button)  # no reason
    assert "Give a reason" in dialog.reason_error.text()
    assert counts(repo) == before
    dialog.reason_edit.setText("the midwife gave it, not the husband")
    click(qtbot, dialog.save_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    wait_loaded(qtbot, history)  # her records read again, off the window's thread
    assert repo.session(session_id).caregiver == "midwife"
    [row] = repo.change_history("sessions", session_id, "caregiver")
    assert (row["operator"], row["old_value"], row["new_value"], row["reason"]) == (
        "Bidan Sari",
        "husband",
        "midwife",
        "the midwife gave it, not the husband",
    )
    # The value's history is shown, newest first.
    history.select_session_value(0, "caregiver")
    rows = history.history_rows()
    assert (rows[0]["new_value"], rows[0]["reason"]) == ("midwife", row["reason"])
    assert rows[-1]["new_value"] == "husband"  # as first recorded


def test_score_correction_recomputes_total_and_category(qtbot, tabs, repo, instrument):
    mother_id = enrol_directly(repo)
    session_id = give_session(repo, mother_id, instrument, pre_yes=2)
    history = open_history(qtbot, tabs, mother_id)
    history.select_session_value(0, "pre")
    click(qtbot, history.correct_button)
    form = history.dialog.editor
    assert isinstance(form, InstrumentForm)
    for item in instrument.items[2:5]:
        click(qtbot, form.choice_widget(item.id).buttons["yes"])
    history.dialog.reason_edit.setText("items 3–5 were ticked on paper")
    click(qtbot, history.dialog.save_button)
    pre = repo.session(session_id).pre
    assert (pre.total, pre.category) == (5, "cukup")
    fields = {r["field"] for r in repo.change_history("scores", pre.id)}
    assert {"total", "category", f"item:{instrument.items[2].id}"} <= fields

    # A post-score stored as a total is corrected as a number, within the instrument's range.
    history.select_session_value(0, "post")
    click(qtbot, history.correct_button)
    edit = history.dialog.editor
    assert isinstance(edit, QLineEdit)
    edit.setText("9")
    history.dialog.reason_edit.setText("typo")
    before = counts(repo)
    click(qtbot, history.dialog.save_button)
    assert "from 0 to 8" in history.dialog.value_error.text()
    assert counts(repo) == before


def test_correcting_a_registry_detail(qtbot, tabs, repo):
    mother_id = enrol_directly(repo)
    history = open_history(qtbot, tabs, mother_id)
    history.select_detail("age")
    click(qtbot, history.correct_button)
    history.dialog.editor.setText("70")
    history.dialog.reason_edit.setText("typo")
    click(qtbot, history.dialog.save_button)
    assert "from 10 to 60 years" in history.dialog.value_error.text()
    history.dialog.editor.setText("25")
    click(qtbot, history.dialog.save_button)
    assert repo.registry_entry(mother_id).age == 25
    wait_loaded(qtbot, history)
    assert history.history_rows()[0]["new_value"] == "25"


def test_void_a_session_with_a_reason(qtbot, tabs, repo, instrument):
    mother_id = enrol_directly(repo)
    session_id = give_session(repo, mother_id, instrument)
    history = open_history(qtbot, tabs, mother_id)
    history.select_session_value(0, "status")
    click(qtbot, history.void_button)
    before = counts(repo)
    click(qtbot, history.dialog.save_button)
    assert "Give a reason" in history.dialog.reason_error.text()
    assert counts(repo) == before
    history.dialog.reason_edit.setText("recorded for the wrong mother")
    click(qtbot, history.dialog.save_button)
    wait_loaded(qtbot, history)
    record = repo.session(session_id)
    assert record.voided
    assert history.sessions_model.data(history.sessions_model.index(0, 9)) == "Voided"
    [audit] = repo.change_history("sessions", session_id, "void_reason")
    assert (audit["action"], audit["reason"]) == ("void", "recorded for the wrong mother")
    assert repo.sessions_with_status("completed") == []
    assert states(qtbot, tabs.today_view)["MTR-001"] == ("due", "upcoming")  # no longer done


def test_locked_record_refuses_edits_until_unlocked(qtbot, tabs, repo, instrument):
    mother_id = enrol_directly(repo)
    session_id = give_session(repo, mother_id, instrument)
    repo.close_follow_up(mother_id, "Follow-up completed")
    history = open_history(qtbot, tabs, mother_id)
    assert "Locked" in history.status_label.text()
    assert history.unlock_button.isVisibleTo(history)
    history.select_session_value(0, "massage_seconds")
    click(qtbot, history.correct_button)
    history.dialog.editor.setText("200")
    history.dialog.reason_edit.setText("stopwatch on paper says 3:20")
    before = counts(repo)
    click(qtbot, history.dialog.save_button)
    assert "locked" in history.dialog.value_error.text()
    assert counts(repo) == before
    history.dialog.reject()

    click(qtbot, history.unlock_button)
    click(qtbot, history.dialog.save_button)
    assert "Give a reason" in history.dialog.reason_error.text()
    history.dialog.reason_edit.setText("correction from the paper form")
    click(qtbot, history.dialog.save_button)
    assert not repo.registry_entry(mother_id).locked
    history.select_session_value(0, "massage_seconds")
    click(qtbot, history.correct_button)
    history.dialog.editor.setText("200")
    history.dialog.reason_edit.setText("stopwatch on paper says 3:20")
    click(qtbot, history.dialog.save_button)
    assert repo.session(session_id).massage_seconds == 200
    actions = [a["action"] for a in repo.mother_history(mother_id)]
    assert actions.count("lock") == 1 and actions.count("unlock") == 1


def test_models(qtmodeltester, qtbot, tabs, repo, instrument):
    mother_id = enrol_directly(repo, "MTR-001")
    enrol_directly(repo, "MTR-002")
    give_session(repo, mother_id, instrument)
    tabs.registry_view.registry_changed.emit()
    tabs.history_view.show_mother(mother_id)
    wait_loaded(qtbot, tabs.history_view)  # her records are read off the window's thread
    tabs.history_view.select_session_value(0, "caregiver")
    wait_loaded(qtbot, tabs.registry_view, tabs.today_view, tabs.history_view)
    for model in (
        tabs.registry_view.model,
        tabs.today_view.model,
        tabs.history_view.details_model,
        tabs.history_view.sessions_model,
        tabs.history_view.history_model,
    ):
        assert model.rowCount() > 0
        qtmodeltester.check(model)


def test_operator_is_asked_at_every_start_with_the_last_name_offered(qtbot, settings, monkeypatch):
    from oxytimer.ui import dialogs

    offered = []

    def keep_it(dialog):
        offered.append(dialog.name_edit.text())
        dialog.save_button.click()
        return dialog.result()

    monkeypatch.setattr(dialogs.OperatorDialog, "exec", keep_it)
    assert dialogs.ensure_operator(settings)  # Enter keeps the remembered name
    assert offered == ["Bidan Sari"] and settings.operator == "Bidan Sari"

    def someone_else(dialog):
        dialog.name_edit.setText("  Bidan   Wulan ")
        dialog.save_button.click()
        return dialog.result()

    monkeypatch.setattr(dialogs.OperatorDialog, "exec", someone_else)
    settings.operator = ""
    assert dialogs.ensure_operator(settings)
    assert settings.operator == "Bidan Wulan"
    monkeypatch.setattr(dialogs.OperatorDialog, "exec", lambda d: QDialog.DialogCode.Rejected)
    settings.operator = ""
    assert not dialogs.ensure_operator(settings)


def test_starting_from_today_never_discards_a_half_answered_score(qtbot, window, tabs, repo):
    first = enrol_directly(repo, "MTR-001")
    second = enrol_directly(repo, "MTR-002")
    baseline(repo, first, window.session_screen.instrument)
    tabs.registry_view.registry_changed.emit()
    screen = window.session_screen
    screen.refresh()
    screen.start_page.select_mother(first)
    click(qtbot, screen.start_page.caregiver.buttons["husband"])
    click(qtbot, screen.start_page.next_button)
    item = screen.pre_page.form.instrument.items[0].id
    click(qtbot, screen.pre_page.form.choice_widget(item).buttons["yes"])
    today = tabs.today_view
    window.tabs.setCurrentWidget(today)
    wait_loaded(qtbot, today)
    today.select_mother(second)
    click(qtbot, today.start_button)
    assert window.tabs.currentWidget() is screen
    assert screen.currentWidget() is screen.pre_page  # the score being entered is kept
    assert screen.pre_page.form.answers()[item] is True
    assert screen.start_page.selected_mother().id == first


def test_enrolling_from_the_bedside_screen_comes_back_with_her_chosen(qtbot, window, tabs, repo):
    screen = window.session_screen
    click(qtbot, screen.start_page.enrol_button)
    view = tabs.registry_view
    assert window.tabs.currentWidget() is view
    enrol(qtbot, view, code="MTR-007")
    assert window.tabs.currentWidget() is screen
    assert screen.start_page.selected_mother().study_code == "MTR-007"
    # Enrolling from the Registry itself stays there.
    window.tabs.setCurrentWidget(view)
    enrol(qtbot, view, code="MTR-008")
    assert window.tabs.currentWidget() is view
    # A mother screened out after the detour: stay, and the next enrolment stays too.
    click(qtbot, screen.start_page.enrol_button)
    enrol(qtbot, view, code="MTR-009", eligible=False)
    assert window.tabs.currentWidget() is view
    enrol(qtbot, view, code="MTR-010")
    assert window.tabs.currentWidget() is view


def test_history_never_offers_the_previous_mothers_records_while_reading_the_next(
    qtbot, tabs, repo, instrument
):
    """Her records are read off the window's thread: until they come, the page shows
    nothing of the mother chosen before (a session voided there would be hers)."""
    first = enrol_directly(repo, "MTR-001")
    give_session(repo, first, instrument)
    second = enrol_directly(repo, "MTR-002")
    give_session(repo, second, instrument)
    history = open_history(qtbot, tabs, first)
    history.select_session_value(0, "caregiver")
    assert history.void_button.isEnabled()
    history.show_mother(second)
    assert all(s.mother_id == second for s in history.sessions_model.records())
    assert "MTR-001" not in [row.text for row in history.details_model.records()]
    assert not history.void_button.isEnabled() and not history.correct_button.isEnabled()
    wait_loaded(qtbot, history)
    assert [s.mother_id for s in history.sessions_model.records()] == [second]
