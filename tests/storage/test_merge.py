"""Merging laptops' databases: idempotent, order-free, conflicts reported."""

import hashlib
import shutil
from datetime import UTC, datetime

import pytest

from oxytimer.domain.clock import FakeClock
from oxytimer.storage.exchange import import_csv
from oxytimer.storage.merge import TABLES, merge_databases
from oxytimer.storage.repository import (
    DatabaseDamagedError,
    DatabaseEmptyError,
    DatabaseTooNewError,
    Repository,
)

SITES = [("AMP", "Puskesmas Ampenan"), ("CKR", "Puskesmas Cakranegara")]


def laptop(path, prefix, site="AMP", sessions=2):
    """A laptop's database: its own site UUIDs, mothers, app and imported sessions."""
    clock = FakeClock(datetime(2026, 3, 2, 23, 0, tzinfo=UTC))
    repo = Repository.open(path, clock, operator=f"bidan {prefix}")
    repo.ensure_sites(SITES)
    for n in range(sessions):
        mother = repo.add_mother(repo.site_id(site), f"{prefix}-{n:03d}", age=20 + n)
        session = repo.start_session(
            mother_id=mother,
            caregiver="husband",
            planned_seconds=240,
            pre_total=1,
            pre_items={"drips_when_pressed": True, "full_before_feed": False},
            pre_category="kurang",
            min_total=0,
            max_total=8,
            protocol_version="1.0.0",
            instrument_version="1.0.0",
        )
        clock.advance(300)
        repo.update_session_progress(
            session, status="awaiting_post", massage_seconds=240, paused_seconds=0, pause_count=0
        )
        repo.record_post_score(
            session,
            total=4,
            items={"drips_when_pressed": True, "full_before_feed": True},
            category="cukup",
            min_total=0,
            max_total=8,
            instrument_version="1.0.0",
        )
    with repo._write():  # with the audit row of its insertion, as enrol() writes it
        repo._insert(
            "screenings",
            {
                "id": f"screen-{prefix}",
                "mother_id": repo.mothers()[0].id,
                "criteria_version": "1",
                "answers": "{}",
                "eligible": 1,
                "failed": "[]",
                "screened_at": "x",
            },
        )
    paper = f"participant,site,pre,post,date\n{prefix}-P01,CKR,0,3,2026-03-02 07:00\n"
    assert import_csv(repo, paper.encode()).written
    repo.close()
    return path


def dump(path):
    repo = Repository.open(path)
    try:
        return {
            t: sorted(map(tuple, repo.db.execute(f"SELECT * FROM {t}").fetchall()), key=repr)
            for t in TABLES
        }
    finally:
        repo.close()


def merge(db, *others):
    repo = Repository.open(db)
    try:
        return merge_databases(repo, list(others))
    finally:
        repo.close()


@pytest.fixture
def world(tmp_path):
    a = laptop(tmp_path / "a.sqlite", "A")
    b = laptop(tmp_path / "b.sqlite", "B", site="CKR", sessions=3)
    coordinator = tmp_path / "coord.sqlite"
    repo = Repository.open(coordinator)
    repo.ensure_sites(SITES)
    repo.close()
    shutil.copyfile(coordinator, tmp_path / "empty-coord.sqlite")
    return a, b, coordinator


def test_merge_brings_everything_in(world):
    a, _b, coordinator = world
    report = merge(coordinator, a)
    assert report.conflicts == []
    assert report.added["mothers"] == 3 and report.added["sessions"] == 3
    assert report.added["scores"] == 6 and report.added["score_items"] == 8
    assert report.added["screenings"] == 1
    assert report.added["audit_log"] > 0 and report.added["sites"] == 0  # matched by code
    merged, source = dump(coordinator), dump(a)
    for table in ("mothers", "screenings", "sessions", "scores", "score_items", "audit_log"):
        if table == "mothers":
            key = lambda rows: {r[0]: r[2:] for r in rows}  # noqa: E731 (site ids are mapped)
            assert key(source[table]).items() <= key(merged[table]).items()
        else:
            assert set(source[table]) <= set(merged[table])
    repo = Repository.open(coordinator)
    assert {m.site_code for m in repo.mothers()} == {"AMP", "CKR"}
    assert repo.db.execute("PRAGMA foreign_key_check").fetchall() == []
    repo.close()


def test_merge_is_idempotent(world):
    a, b, coordinator = world
    merge(coordinator, a, b)
    once = dump(coordinator)
    again = merge(coordinator, a, b)
    assert again.total_added == 0 and again.conflicts == []
    assert dump(coordinator) == once


def test_merge_is_order_free(world, tmp_path):
    a, b, coordinator = world
    other = tmp_path / "coord2.sqlite"
    shutil.copyfile(coordinator, other)
    merge(coordinator, a)
    merge(coordinator, b)
    merge(other, b)
    merge(other, a)
    assert dump(coordinator) == dump(other)


LATER = datetime(2026, 3, 3, 1, 0, tzinfo=UTC)


def edit(path, copy_to, change):
    """Copy a laptop's file, then change it as the laptop would later (``change(repo)``)."""
    shutil.copyfile(path, copy_to)
    repo = Repository.open(copy_to, FakeClock(LATER), operator="bidan later")
    try:
        change(repo)
    finally:
        repo.close()
    return copy_to


def awaiting_post(path):
    """Laptop A's file with one more session of A-000, waiting for its post-score."""
    repo = Repository.open(path, FakeClock(LATER), operator="bidan A")
    mother = next(m for m in repo.mothers() if m.study_code == "A-000")
    session = repo.start_session(
        mother_id=mother.id,
        caregiver="family",
        planned_seconds=180,
        pre_total=2,
        pre_items={"drips_when_pressed": True, "full_before_feed": True},
        pre_category="kurang",
        min_total=0,
        max_total=8,
        protocol_version="1.0.0",
        instrument_version="1.0.0",
    )
    repo.update_session_progress(
        session, status="awaiting_post", massage_seconds=180, paused_seconds=0, pause_count=0
    )
    repo.close()
    return session


def post_score(session):
    def change(repo):
        repo.record_post_score(
            session,
            total=5,
            items={"drips_when_pressed": True, "full_before_feed": False},
            category="cukup",
            min_total=0,
            max_total=8,
            instrument_version="1.0.0",
        )

    return change


def session_state(db, session):
    repo = Repository.open(db)
    try:
        record = repo.session(session)
        trail = [(r["action"], r["field"]) for r in repo.audit_rows("sessions", session)]
        return record, trail
    finally:
        repo.close()


def test_post_score_recorded_after_a_merge_arrives_with_its_session(world, tmp_path):
    a, _b, coordinator = world
    session = awaiting_post(a)
    merge(coordinator, a)
    assert session_state(coordinator, session)[0].status == "awaiting_post"
    later = edit(a, tmp_path / "a-later.sqlite", post_score(session))

    report = merge(coordinator, later)
    assert report.conflicts == [] and report.left_out == []
    assert report.updated["sessions"] == 1
    assert (report.added["scores"], report.added["score_items"]) == (1, 2)
    record, trail = session_state(coordinator, session)
    assert (record.status, record.post.total) == ("completed", 5)
    assert trail == session_state(later, session)[1]  # the status change's audit row too
    merged = dump(coordinator)
    for table in ("sessions", "scores", "score_items", "audit_log"):
        assert set(dump(later)[table]) <= set(merged[table])

    again = merge(coordinator, later, a)  # the newer copy again, then the older one
    assert again.total_added == 0 and again.conflicts == []
    assert sum(again.updated.values()) == 0
    assert dump(coordinator) == merged

    other = tmp_path / "coord2.sqlite"  # the other order: newer copy first
    shutil.copyfile(tmp_path / "empty-coord.sqlite", other)
    assert merge(other, later).conflicts == []
    assert merge(other, a).conflicts == []
    assert dump(other) == merged


def test_session_voided_after_a_merge_is_voided_here(world, tmp_path):
    a, b, coordinator = world
    merge(coordinator, a, b)
    repo = Repository.open(a)
    session = repo.sessions_for_mother(repo.mothers()[0].id)[0].id
    repo.close()
    later = edit(a, tmp_path / "a-later.sqlite", lambda r: r.void_session(session, "wrong mother"))

    report = merge(coordinator, later)
    assert report.conflicts == [] and report.updated["sessions"] == 1
    assert report.added["audit_log"] == 2  # voided, void_reason
    record, trail = session_state(coordinator, session)
    assert record.voided
    assert trail == session_state(later, session)[1]
    merged = dump(coordinator)

    other = tmp_path / "coord2.sqlite"
    shutil.copyfile(tmp_path / "empty-coord.sqlite", other)
    merge(other, b, later)
    merge(other, a)
    assert dump(other) == merged
    assert merge(coordinator, a, later, b).total_added == 0
    assert dump(coordinator) == merged


def test_correction_after_a_merge_is_brought_up_to_date(world, tmp_path):
    a, _b, coordinator = world
    merge(coordinator, a)
    repo = Repository.open(a)
    mother = next(m for m in repo.mothers() if m.study_code == "A-000")
    repo.close()
    later = edit(
        a, tmp_path / "a-later.sqlite", lambda r: r.correct_mother(mother.id, "age", 33, "typo")
    )
    report = merge(coordinator, later)
    assert report.conflicts == [] and report.updated["mothers"] == 1
    repo = Repository.open(coordinator)
    assert repo.mother(mother.id).age == 33
    assert [r["new_value"] for r in repo.audit_rows("mothers", mother.id)][-1] == "33"
    repo.close()


def test_conflicts_are_reported_never_overwritten(world, tmp_path):
    a, _b, coordinator = world
    merge(coordinator, a)
    repo = Repository.open(coordinator, FakeClock(LATER), operator="koordinator")
    mother = next(m for m in repo.mothers() if m.study_code == "A-000")
    repo.correct_mother(mother.id, "age", 31, "checked the register")
    repo.close()
    before = dump(coordinator)
    changed = edit(
        a, tmp_path / "a-later.sqlite", lambda r: r.correct_mother(mother.id, "age", 33, "typo")
    )
    report = merge(coordinator, changed)
    assert [(c.table, c.record_id, c.code, c.detail) for c in report.conflicts] == [
        ("mothers", mother.id, "different_content", {"columns": ["age"]})
    ]
    assert report.skipped["audit_log"] == 1  # the correction's trail stays with its value
    assert dump(coordinator) == before


def test_a_session_in_conflict_keeps_its_new_scores_out(world, tmp_path):
    a, _b, coordinator = world
    session = awaiting_post(a)
    merge(coordinator, a)
    repo = Repository.open(coordinator, FakeClock(LATER), operator="koordinator")
    repo.close_incomplete(session, "no post-score on the form")
    repo.close()
    before = dump(coordinator)
    later = edit(a, tmp_path / "a-later.sqlite", post_score(session))

    report = merge(coordinator, later)
    assert [(c.table, c.record_id, c.code) for c in report.conflicts] == [
        ("sessions", session, "different_content")
    ]
    assert (report.skipped["scores"], report.skipped["score_items"]) == (1, 2)
    assert report.skipped["audit_log"] == 2  # the post-score's insert, the status change
    assert {(x.table, x.because) for x in report.left_out} == {
        ("scores", f"sessions/{session}"),
        ("score_items", f"sessions/{session}"),
        ("audit_log", f"sessions/{session}"),
    }
    assert report.added == dict.fromkeys(TABLES, 0)
    assert dump(coordinator) == before
    record, _trail = session_state(coordinator, session)
    assert (record.status, record.post) == ("incomplete", None)


def test_same_study_code_at_a_site_is_a_conflict(world, tmp_path):
    a, _b, coordinator = world
    clash = laptop(tmp_path / "clash.sqlite", "A", sessions=1)  # another A-000 at AMP
    merge(coordinator, a)
    before = dump(coordinator)
    report = merge(coordinator, clash)
    codes = [(c.table, c.code) for c in report.conflicts]
    assert ("mothers", "study_code_taken") in codes
    assert report.skipped["sessions"] >= 1 and report.skipped["scores"] >= 2
    after = dump(coordinator)
    assert len(after["mothers"]) == len(before["mothers"])  # A-P01 at CKR also clashes
    repo = Repository.open(coordinator)
    assert repo.db.execute("PRAGMA foreign_key_check").fetchall() == []
    repo.close()


def test_damaged_or_newer_files_are_refused_and_nothing_is_merged(world, tmp_path):
    a, b, coordinator = world
    damaged = tmp_path / "damaged.sqlite"
    shutil.copyfile(b, damaged)
    data = bytearray(damaged.read_bytes())
    data[4096:8192] = b"\xa5" * 4096
    damaged.write_bytes(bytes(data))
    digest = hashlib.sha256(damaged.read_bytes()).hexdigest()
    before = dump(coordinator)
    with pytest.raises(DatabaseDamagedError):
        merge(coordinator, a, damaged)
    assert dump(coordinator) == before
    assert hashlib.sha256(damaged.read_bytes()).hexdigest() == digest
    repo = Repository.open(b)
    repo.db.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
        " VALUES ('oxytimer', '9999_future', 'x')"
    )
    repo.close()
    with pytest.raises(DatabaseTooNewError):
        merge(coordinator, a, b)
    assert dump(coordinator) == before
    notdb = tmp_path / "empty.sqlite"
    notdb.write_bytes(b"")
    with pytest.raises(DatabaseEmptyError):
        merge(coordinator, notdb)


def test_session_merged_while_running_is_brought_up_to_date(world, tmp_path):
    a, _b, coordinator = world
    repo = Repository.open(a, FakeClock(LATER))
    session = repo.start_session(
        mother_id=repo.mothers()[0].id,
        caregiver="husband",
        planned_seconds=180,
        pre_total=1,
        pre_items=None,
        pre_category="kurang",
        min_total=0,
        max_total=8,
        protocol_version="1.0.0",
        instrument_version="1.0.0",
    )
    repo.heartbeat(session, 60, 0)  # not audited
    repo.close()
    merge(coordinator, a)

    def finish(repo):
        repo.heartbeat(session, 120, 0)
        repo.update_session_progress(
            session, status="awaiting_post", massage_seconds=180, paused_seconds=0, pause_count=0
        )
        post_score(session)(repo)

    later = edit(a, tmp_path / "a-later.sqlite", finish)
    report = merge(coordinator, later)
    assert report.conflicts == [] and report.updated["sessions"] == 1
    record, _trail = session_state(coordinator, session)
    assert (record.status, record.massage_seconds) == ("completed", 180)
    other = tmp_path / "coord2.sqlite"
    shutil.copyfile(tmp_path / "empty-coord.sqlite", other)
    merge(other, later, a)
    assert dump(other) == dump(coordinator)


def test_score_corrected_after_a_merge_is_brought_up_to_date(world, tmp_path):
    from oxytimer.domain.instrument import load_instrument

    instrument = load_instrument()
    assert instrument.version == "1.0.0"
    a, _b, coordinator = world
    merge(coordinator, a)
    repo = Repository.open(a)
    session = repo.sessions_for_mother(repo.mothers()[0].id)[0]
    repo.close()
    answers = {item.id: False for item in instrument.items}  # fills in the other items too

    def correct(repo):
        repo.correct_score(session.pre.id, "ticked the wrong box", instrument, items=answers)

    later = edit(a, tmp_path / "a-later.sqlite", correct)
    report = merge(coordinator, later)
    assert report.conflicts == []
    assert report.updated["scores"] == 1 and report.updated["score_items"] == 1
    assert report.added["score_items"] == len(answers) - 2
    merged = dump(coordinator)
    for table in ("scores", "score_items", "audit_log"):
        assert set(dump(later)[table]) <= set(merged[table])
    other = tmp_path / "coord2.sqlite"
    shutil.copyfile(tmp_path / "empty-coord.sqlite", other)
    merge(other, later, a)
    assert dump(other) == merged


def test_a_running_sessions_heartbeat_alone_is_no_conflict_the_later_wins(world, tmp_path):
    """Two copies of a running session differ only in what its heartbeat writes without
    an audit row (massage and paused seconds, progress_at): the copy that went on later
    holds the newer values, in either order (a sync meets this when a laptop sends a
    session still running)."""
    a, _b, coordinator = world
    clock = FakeClock(LATER)
    repo = Repository.open(a, clock)
    session = repo.start_session(
        mother_id=repo.mothers()[0].id,
        caregiver="husband",
        planned_seconds=180,
        pre_total=1,
        pre_items=None,
        pre_category="kurang",
        min_total=0,
        max_total=8,
        protocol_version="1.0.0",
        instrument_version="1.0.0",
    )
    repo.heartbeat(session, 60, 0)
    repo.close()
    merge(coordinator, a)

    def went_on(repo):
        clock.advance(60)
        repo.clock = clock
        repo.heartbeat(session, 120, 4)

    later = edit(a, tmp_path / "a-later.sqlite", went_on)
    report = merge(coordinator, later)
    assert report.conflicts == [] and report.updated["sessions"] == 1
    record, _trail = session_state(coordinator, session)
    assert (record.massage_seconds, record.paused_seconds) == (120, 4)
    back = merge(later, coordinator)  # the older copy changes nothing
    assert back.conflicts == [] and back.updated["sessions"] == 0
    assert dump(later) == dump(coordinator)
