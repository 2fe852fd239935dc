"""Registry storage: enrolment with screening, status changes, locks, corrections, voids."""

import json
import sqlite3
from datetime import UTC, date, datetime

import pytest

from oxytimer.domain.clock import FakeClock
from oxytimer.domain.eligibility import load_criteria
from oxytimer.domain.instrument import load_instrument
from oxytimer.domain.records import InputError
from oxytimer.domain.registry import Enrolment
from oxytimer.storage.repository import RecordLockedError, Repository

CRITERIA = load_criteria()
INSTRUMENT = load_instrument()


@pytest.fixture
def clock():
    return FakeClock(datetime(2026, 3, 2, 23, 0, tzinfo=UTC))  # 07:00 on 3 March in Mataram


@pytest.fixture
def repo(clock):
    r = Repository.memory(clock, operator="Bidan Sari")
    r.ensure_sites([("AMP", "Puskesmas Ampenan"), ("MTR", "Puskesmas Mataram")])
    return r


def eligible_answers(**overrides):
    answers = {c.id: c.kind == "inclusion" for c in CRITERIA.all}
    answers.update(overrides)
    return answers


def enrolment(repo, code="MTR-001", site="MTR", **overrides):
    values = dict(
        site_id=repo.site_id(site),
        study_code=code,
        age=24,
        occupation="trader",
        parity="primipara",
        delivery_date=date(2026, 3, 2),
        delivery_type="normal",
        lives_with_husband=True,
        consent=True,
        consent_date=date(2026, 3, 3),
    )
    values.update(overrides)
    return Enrolment(**values)


def counts(repo):
    return {
        t: repo.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("mothers", "screenings", "sessions", "scores", "audit_log")
    }


def give_session(repo, mother_id, pre_items=None, status="completed"):
    items = pre_items or {item.id: i < 2 for i, item in enumerate(INSTRUMENT.items)}
    total = sum(items.values())
    session_id = repo.start_session(
        mother_id=mother_id,
        caregiver="husband",
        planned_seconds=240,
        pre_total=total,
        pre_items=items,
        pre_category=INSTRUMENT.category_for(total).id,
        min_total=0,
        max_total=INSTRUMENT.max_total,
        protocol_version="1.0.0",
        instrument_version=INSTRUMENT.version,
        slot="morning",
    )
    repo.update_session_progress(
        session_id, status="awaiting_post", massage_seconds=240, paused_seconds=10, pause_count=1
    )
    if status == "completed":
        repo.record_post_score(
            session_id,
            total=5,
            items=None,
            category="cukup",
            min_total=0,
            max_total=INSTRUMENT.max_total,
            instrument_version=INSTRUMENT.version,
        )
    return session_id


def test_eligible_mother_is_enrolled_with_her_screening_and_audit(repo):
    mother_id = repo.enrol(enrolment(repo), CRITERIA, eligible_answers())
    entry = repo.registry_entry(mother_id)
    assert (entry.status, entry.eligible, entry.age, entry.delivery_date) == (
        "enrolled",
        True,
        24,
        "2026-03-02",
    )
    screening = repo.screening(mother_id)
    assert screening["criteria_version"] == CRITERIA.version
    assert screening["answers"]["willing"] is True and screening["failed"] == []
    tables = {(a["table_name"], a["action"]) for a in repo.audit_rows()}
    assert {("mothers", "insert"), ("screenings", "insert")} <= tables
    assert repo.suggest_study_code(repo.site_id("MTR")) == "MTR-002"


def test_screened_out_mother_is_recorded_and_cannot_be_given_sessions(repo):
    answers = eligible_answers(primiparous=False, breast_disorder=True)
    mother_id = repo.enrol(enrolment(repo, consent=False, consent_date=None), CRITERIA, answers)
    entry = repo.registry_entry(mother_id)
    assert (entry.status, entry.eligible) == ("screened_out", False)
    assert entry.status_reason == "primiparous, breast_disorder"
    assert json.loads(repo.db.execute("SELECT failed FROM screenings").fetchone()[0]) == [
        "primiparous",
        "breast_disorder",
    ]
    with pytest.raises(InputError) as error:
        give_session(repo, mother_id)
    assert error.value.code == "not_active"
    flow = repo.flow_counts()
    assert (flow.screened, flow.eligible, flow.screened_out, flow.enrolled) == (1, 0, 1, 0)


@pytest.mark.parametrize(
    "overrides, answers, expected",
    [
        ({"age": 9}, {}, ("age", "out_of_range")),
        ({"age": 61}, {}, ("age", "out_of_range")),
        ({"consent": False, "consent_date": None}, {}, ("consent", "required")),
        ({"delivery_date": date(2026, 3, 4)}, {}, ("delivery_date", "future")),
        ({}, {"willing": None}, ("screening", "unanswered")),
    ],
)
def test_bad_enrolment_writes_nothing(repo, overrides, answers, expected):
    before = counts(repo)
    with pytest.raises(InputError) as error:
        repo.enrol(enrolment(repo, **overrides), CRITERIA, eligible_answers(**answers))
    assert (error.value.field, error.value.code) == expected
    assert counts(repo) == before


def test_duplicate_code_at_a_site_is_refused_but_allowed_elsewhere(repo):
    repo.enrol(enrolment(repo), CRITERIA, eligible_answers())
    before = counts(repo)
    problems = repo.enrolment_problems(enrolment(repo, "mtr-001"), CRITERIA, eligible_answers())
    assert [(p.field, p.code) for p in problems] == [("study_code", "duplicate")]
    with pytest.raises(InputError):
        repo.enrol(enrolment(repo, "mtr-001"), CRITERIA, eligible_answers())
    assert counts(repo) == before
    repo.enrol(enrolment(repo, "MTR-001", site="AMP"), CRITERIA, eligible_answers())


def test_add_site(repo):
    site_id = repo.add_site("pgs", "Puskesmas Pagesangan")
    assert repo.site_id("PGS") == site_id
    with pytest.raises(InputError) as error:
        repo.add_site("AMP", "Another")
    assert error.value.code == "duplicate_site"
    assert ("sites", site_id) in {(a["table_name"], a["record_id"]) for a in repo.audit_rows()}


def test_withdraw_and_close_follow_up(repo, clock):
    first = repo.enrol(enrolment(repo), CRITERIA, eligible_answers())
    second = repo.enrol(enrolment(repo, "MTR-002"), CRITERIA, eligible_answers())
    with pytest.raises(InputError) as error:
        repo.withdraw(first, "  ", date(2026, 3, 3))
    assert error.value.field == "reason"
    with pytest.raises(InputError) as error:
        repo.withdraw(first, "moved away", date(2026, 3, 4))
    assert error.value.code == "future"
    repo.withdraw(first, "moved away", date(2026, 3, 3))
    repo.close_follow_up(second, "Follow-up completed")
    w, c = repo.registry_entry(first), repo.registry_entry(second)
    assert (w.status, w.status_reason, w.status_date, w.locked) == (
        "withdrawn",
        "moved away",
        "2026-03-03",
        False,
    )
    assert (c.status, c.locked) == ("closed", True)
    actions = [a["action"] for a in repo.change_history("mothers", second)]
    assert actions[-1] == "lock"
    flow = repo.flow_counts()
    assert (flow.enrolled, flow.completed, flow.withdrawn, flow.active) == (2, 1, 1, 0)


def test_locked_record_refuses_edits_until_unlocked_with_a_reason(repo):
    mother_id = repo.enrol(enrolment(repo), CRITERIA, eligible_answers())
    session_id = give_session(repo, mother_id)
    repo.close_follow_up(mother_id, "done")
    before = counts(repo)
    for attempt in (
        lambda: repo.correct_mother(mother_id, "age", 25, "typo"),
        lambda: repo.correct_session(session_id, "caregiver", "midwife", "typo"),
        lambda: repo.void_session(session_id, "wrong mother"),
        lambda: repo.correct_score(repo.session(session_id).post.id, "typo", INSTRUMENT, total=4),
    ):
        with pytest.raises(RecordLockedError) as error:
            attempt()
        assert error.value.code == "locked"
    assert counts(repo) == before
    with pytest.raises(InputError):
        repo.unlock_record(mother_id, "")
    repo.unlock_record(mother_id, "late correction from the paper form")
    repo.correct_mother(mother_id, "age", 25, "typo")
    unlock = [a for a in repo.change_history("mothers", mother_id) if a["action"] == "unlock"]
    assert unlock[0]["reason"] == "late correction from the paper form"


def test_corrections_need_a_reason_and_leave_audit_rows(repo):
    mother_id = repo.enrol(enrolment(repo), CRITERIA, eligible_answers())
    session_id = give_session(repo, mother_id)
    before = counts(repo)
    with pytest.raises(InputError) as error:
        repo.correct_session(session_id, "caregiver", "midwife", " ")
    assert (error.value.field, error.value.code) == ("reason", "required")
    with pytest.raises(InputError) as error:
        repo.correct_session(session_id, "massage_seconds", 500, "x")
    assert error.value.code == "out_of_range"
    with pytest.raises(InputError) as error:
        repo.correct_session(session_id, "caregiver", "husband", "x")
    assert error.value.code == "unchanged"
    assert counts(repo) == before

    repo.correct_session(session_id, "caregiver", "midwife", "the midwife gave it")
    [row] = repo.change_history("sessions", session_id, "caregiver")
    assert (row["operator"], row["old_value"], row["new_value"], row["reason"]) == (
        "Bidan Sari",
        "husband",
        "midwife",
        "the midwife gave it",
    )
    assert row["at"].endswith("+00:00")


def test_correcting_score_items_recomputes_total_and_category(repo):
    mother_id = repo.enrol(enrolment(repo), CRITERIA, eligible_answers())
    session_id = give_session(repo, mother_id)
    pre = repo.session(session_id).pre
    assert (pre.total, pre.category) == (2, "kurang")
    ids = [item.id for item in INSTRUMENT.items]
    with pytest.raises(InputError) as error:
        repo.correct_score(pre.id, "typo", INSTRUMENT, total=5)
    assert error.value.code == "has_items"
    repo.correct_score(pre.id, "read wrongly", INSTRUMENT, items={ids[2]: True, ids[3]: True})
    pre = repo.session(session_id).pre
    assert (pre.total, pre.category, pre.items[ids[3]]) == (4, "cukup", True)
    history = repo.change_history("scores", pre.id)
    assert {(h["field"], h["old_value"], h["new_value"]) for h in history[-4:]} >= {
        (f"item:{ids[2]}", "0", "1"),
        ("total", "2", "4"),
        ("category", "kurang", "cukup"),
    }
    post = repo.session(session_id).post  # recorded as a total only
    with pytest.raises(InputError) as error:
        repo.correct_score(post.id, "typo", INSTRUMENT, total=9)
    assert error.value.code == "out_of_range"
    repo.correct_score(post.id, "typo", INSTRUMENT, total=6)
    post = repo.session(session_id).post
    assert (post.total, post.category) == (6, "banyak")


def test_void_keeps_the_session_and_excludes_it(repo, clock):
    mother_id = repo.enrol(enrolment(repo), CRITERIA, eligible_answers())
    session_id = give_session(repo, mother_id)
    with pytest.raises(InputError):
        repo.void_session(session_id, "")
    repo.void_session(session_id, "entered for the wrong mother")
    record = repo.session(session_id)
    assert record.voided
    assert repo.sessions_with_status("completed") == []
    assert [a["action"] for a in repo.change_history("sessions", session_id, "voided")] == ["void"]
    with pytest.raises(InputError) as error:
        repo.void_session(session_id, "again")
    assert error.value.code == "voided"
    [row] = repo.dose_rows()
    assert row.dose.sessions == 0
    with pytest.raises(sqlite3.IntegrityError):
        repo.db.execute("DELETE FROM sessions WHERE id = ?", [session_id])


def test_dose_rows(repo, clock):
    mother_id = repo.enrol(enrolment(repo), CRITERIA, eligible_answers())
    give_session(repo, mother_id)  # 07:00 on day 1, morning
    clock.advance(36 * 3600)  # 19:00 on day 2: day-1 evening and day-2 morning missed
    [row] = repo.dose_rows()
    assert row.study_code == "MTR-001"
    assert (row.dose.slots_done, row.dose.slots_scheduled) == (1, 3)
    assert row.dose.massage_minutes == pytest.approx(4)
    assert (row.dose.pauses, row.dose.by_caregiver) == (1, {"husband": 1})
    repo.withdraw(mother_id, "moved", date(2026, 3, 4))
    clock.advance(10 * 86400)
    [row] = repo.dose_rows()
    assert row.dose.slots_scheduled == 3  # follow-up ended at the withdrawal


def test_mother_history_gathers_every_record(repo):
    mother_id = repo.enrol(enrolment(repo), CRITERIA, eligible_answers())
    session_id = give_session(repo, mother_id)
    tables = {h["table_name"] for h in repo.mother_history(mother_id)}
    assert tables == {"mothers", "screenings", "sessions", "scores"}
    assert all(h["operator"] == "Bidan Sari" for h in repo.mother_history(mother_id))
    assert session_id in {h["record_id"] for h in repo.mother_history(mother_id)}


def test_audit_log_is_append_only_even_for_registry_rows(repo):
    repo.enrol(enrolment(repo), CRITERIA, eligible_answers())
    rows = repo.db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        repo.db.execute("UPDATE audit_log SET reason = 'hidden' WHERE table_name = 'mothers'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        repo.db.execute("DELETE FROM audit_log WHERE table_name = 'screenings'")
    with pytest.raises(sqlite3.IntegrityError):
        repo.db.execute("DELETE FROM mothers")
    assert repo.db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == rows


def _statements(repo, action):
    seen = []
    repo.db.conn.set_trace_callback(seen.append)
    try:
        result = action()
    finally:
        repo.db.conn.set_trace_callback(None)
    return len(seen), result


def test_mother_history_is_a_fixed_number_of_queries(repo):
    """Issue 18: not one query per session (her scores are found in one)."""
    few = repo.enrol(enrolment(repo, "MTR-001"), CRITERIA, eligible_answers())
    many = repo.enrol(enrolment(repo, "MTR-002"), CRITERIA, eligible_answers())
    give_session(repo, few)
    sessions = [give_session(repo, many) for _ in range(6)]
    one, _ = _statements(repo, lambda: repo.mother_history(few))
    six, history = _statements(repo, lambda: repo.mother_history(many))
    assert one == six
    scores = {
        r[0]
        for r in repo.db.execute("SELECT id FROM scores WHERE session_id IN (?, ?)", sessions[:2])
    }
    assert scores <= {h["record_id"] for h in history}


def test_assessments_for_mother_read_their_answers_in_one_query(repo):
    from oxytimer.storage.assessments import assessments_for_mother, record_assessment

    mother = repo.enrol(enrolment(repo), CRITERIA, eligible_answers())
    items = {item.id: i < 3 for i, item in enumerate(INSTRUMENT.items)}
    for kind in ("baseline", "daily", "daily", "end"):
        record_assessment(
            repo,
            mother,
            kind,
            total=3,
            items=items,
            category=INSTRUMENT.category_for(3).id,
            min_total=0,
            max_total=INSTRUMENT.max_total,
            instrument_version=INSTRUMENT.version,
        )
    count, found = _statements(repo, lambda: assessments_for_mother(repo, mother))
    assert count == 2
    assert [a.kind for a in found] == ["baseline", "daily", "daily", "end"]
    assert all(a.items == items for a in found)
