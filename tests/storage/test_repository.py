import sqlite3
import stat

import pytest

from oxytimer.domain.clock import FakeClock
from oxytimer.domain.records import InputError
from oxytimer.storage.repository import DatabaseTooNewError, Repository


@pytest.fixture
def repo():
    r = Repository.memory(FakeClock(), operator="Bidan Sari")
    r.ensure_sites([("AMP", "Puskesmas Ampenan")])
    return r


def start(repo, mother_id, **overrides):
    args = dict(
        mother_id=mother_id,
        caregiver="husband",
        planned_seconds=240,
        pre_total=1,
        pre_items={"drip": True, "full": False},
        pre_category="kurang",
        min_total=0,
        max_total=8,
        protocol_version="1.0.0",
        instrument_version="1.0.0",
    )
    args.update(overrides)
    return repo.start_session(**args)


def test_session_lifecycle_is_audited(repo):
    mother = repo.add_mother(repo.site_id("AMP"), " mtr-001 ")
    session_id = start(repo, mother)
    record = repo.session(session_id)
    assert record.status == "running"
    assert record.study_code == "MTR-001"
    assert record.pre.total == 1 and record.pre.items == {"drip": True, "full": False}
    repo.update_session_progress(
        session_id, status="awaiting_post", massage_seconds=240, paused_seconds=12, pause_count=1
    )
    repo.record_post_score(
        session_id,
        total=4,
        items=None,
        category="cukup",
        min_total=0,
        max_total=8,
        instrument_version="1.0.0",
    )
    record = repo.session(session_id)
    assert (record.status, record.post.total, record.paused_seconds) == ("completed", 4, 12)
    audit = repo.audit_rows("sessions", session_id)
    assert [(a["field"], a["new_value"]) for a in audit if a["action"] == "update"] == [
        ("status", "awaiting_post"),
        ("massage_seconds", "240"),
        ("paused_seconds", "12"),
        ("pause_count", "1"),
        ("ended_at", "2026-01-05T06:00:00.000+00:00"),
        ("status", "completed"),
    ]
    assert {a["operator"] for a in audit} == {"Bidan Sari"}


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"pre_total": 9}, "pre_score"),
        ({"pre_total": -1}, "pre_score"),
        ({"planned_seconds": 179}, "duration"),
        ({"planned_seconds": 301}, "duration"),
        ({"caregiver": "neighbour"}, "caregiver"),
    ],
)
def test_bad_session_input_writes_nothing(repo, overrides, field):
    mother = repo.add_mother(repo.site_id("AMP"), "MTR-001")
    before = repo.db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    with pytest.raises(InputError) as error:
        start(repo, mother, **overrides)
    assert error.value.field == field
    assert repo.db.execute("SELECT count(*) FROM sessions").fetchone()[0] == 0
    assert repo.db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == before


def test_duplicate_and_empty_codes_refused(repo):
    site = repo.site_id("AMP")
    repo.add_mother(site, "MTR-001")
    with pytest.raises(InputError) as error:
        repo.add_mother(site, "mtr-001")
    assert (error.value.field, error.value.code) == ("study_code", "duplicate")
    with pytest.raises(InputError) as error:
        repo.add_mother(site, "  ")
    assert error.value.code == "required"
    assert len(repo.mothers()) == 1


def test_database_refuses_out_of_range_score_and_audit_edits(repo):
    mother = repo.add_mother(repo.site_id("AMP"), "MTR-001")
    session_id = start(repo, mother)
    with pytest.raises(sqlite3.IntegrityError):
        repo.db.execute("UPDATE scores SET total = 9 WHERE session_id = ?", [session_id])
    with pytest.raises(sqlite3.IntegrityError):
        repo.db.execute("UPDATE audit_log SET operator = 'x'")
    with pytest.raises(sqlite3.IntegrityError):
        repo.db.execute("DELETE FROM audit_log")
    with pytest.raises(sqlite3.IntegrityError):
        repo.db.execute("DELETE FROM sessions")


def test_crash_leaves_session_marked_interrupted_with_time_done(tmp_path):
    path = tmp_path / "oxy.sqlite"
    repo = Repository.open(path, FakeClock())
    repo.ensure_sites([("AMP", "Puskesmas Ampenan")])
    mother = repo.add_mother(repo.site_id("AMP"), "MTR-001")
    session_id = start(repo, mother)
    repo.heartbeat(session_id, 95.5, 3.0)
    repo.db.conn.close()  # no clean shutdown
    again = Repository.open(path, FakeClock())
    assert again.mark_interrupted() == [session_id]
    record = again.session(session_id)
    assert (record.status, record.massage_seconds, record.pre.total) == ("interrupted", 95.5, 1)
    audited = {
        (a["field"], a["new_value"])
        for a in again.audit_rows("sessions", session_id)
        if a["reason"] == "the app stopped during the session"
    }
    assert audited == {
        ("status", "interrupted"),
        ("massage_seconds", "95.5"),
        ("paused_seconds", "3.0"),
    }
    again.close_incomplete(session_id, "power cut")
    assert again.session(session_id).status == "incomplete"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_newer_schema_refused(tmp_path):
    path = tmp_path / "oxy.sqlite"
    repo = Repository.open(path)
    repo.db.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
        " VALUES ('oxytimer', '9999_future', 'x')"
    )
    repo.close()
    with pytest.raises(DatabaseTooNewError):
        Repository.open(path)


def test_locked_record_refuses_post_score_and_close(repo):
    mother = repo.add_mother(repo.site_id("AMP"), "MTR-001")
    session_id = start(repo, mother)
    repo.update_session_progress(
        session_id, status="awaiting_post", massage_seconds=240, paused_seconds=0, pause_count=0
    )
    # Cannot close follow-up or lock while a session waits for its post-score.
    for action in (repo.close_follow_up, repo.lock_record):
        with pytest.raises(InputError) as error:
            action(mother, "study ended")
        assert error.value.code == "open_sessions"
    repo.close_incomplete(session_id, "mother went home")
    repo.lock_record(mother, "checked by coordinator")
    # A second session left open before locking is not possible; an old one cannot change.
    before = repo.db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    with pytest.raises(InputError) as error:
        repo.close_incomplete(session_id, "again")
    assert error.value.code == "not_open"
    assert repo.db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == before


def test_post_score_refused_on_a_record_locked_by_another_path(repo):
    mother = repo.add_mother(repo.site_id("AMP"), "MTR-001")
    session_id = start(repo, mother)
    repo.update_session_progress(
        session_id, status="awaiting_post", massage_seconds=240, paused_seconds=0, pause_count=0
    )
    # A lock written directly (e.g. merged from another laptop) is still honoured.
    repo.db.execute("UPDATE mothers SET locked = 1 WHERE id = ?", [mother])
    for call in (
        lambda: repo.record_post_score(
            session_id,
            total=4,
            items=None,
            category="cukup",
            min_total=0,
            max_total=8,
            instrument_version="1.0.0",
        ),
        lambda: repo.close_incomplete(session_id, "closing"),
    ):
        with pytest.raises(InputError) as error:
            call()
        assert error.value.code == "locked"
    assert repo.session(session_id).status == "awaiting_post"


def test_a_score_must_agree_with_the_instrument_it_claims(repo):
    from oxytimer.domain.instrument import load_instrument

    instrument = load_instrument()
    mother = repo.add_mother(repo.site_id("AMP"), "MTR-001")
    ids = [item.id for item in instrument.items]
    all_no = dict.fromkeys(ids, False)
    cases = [
        {"pre_total": 1, "pre_items": all_no, "pre_category": "kurang"},  # sum is 0
        {"pre_total": 1, "pre_items": None, "pre_category": "banyak"},  # 1 is Kurang
        {"pre_total": 0, "pre_items": {"made_up": True}, "pre_category": None},
        {"pre_total": 0, "pre_items": None, "pre_category": None, "instrument_version": "0.9"},
    ]
    for case in cases:
        with pytest.raises(InputError) as error:
            start(repo, mother, instrument=instrument, **case)
        assert error.value.code == "instrument_mismatch", case
    assert repo.db.execute("SELECT count(*) FROM sessions").fetchone()[0] == 0
    session_id = start(
        repo,
        mother,
        instrument=instrument,
        pre_total=0,
        pre_items=all_no,
        pre_category=None,
        instrument_version=instrument.version,
    )
    assert repo.session(session_id).pre.category == "kurang"  # filled in from the instrument
