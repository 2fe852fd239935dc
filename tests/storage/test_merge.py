"""Merging laptops' databases: idempotent, order-free, conflicts reported."""

import hashlib
import shutil
from datetime import UTC, datetime

import pytest

from oxytimer.domain.clock import FakeClock
from oxytimer.storage.exchange import import_csv
from oxytimer.storage.merge import TABLES, merge_databases
from oxytimer.storage.repository import DatabaseDamagedError, DatabaseTooNewError, Repository

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
    repo.db.execute(
        "INSERT INTO screenings (id, mother_id, criteria_version, answers, eligible, failed,"
        " screened_at) VALUES (?, ?, '1', '{}', 1, '[]', 'x')",
        [f"screen-{prefix}", repo.mothers()[0].id],
    )
    import_csv(repo, f"participant,site,pre,post\n{prefix}-P01,CKR,0,3\n".encode())
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


def test_conflicts_are_reported_never_overwritten(world, tmp_path):
    a, _b, coordinator = world
    merge(coordinator, a)
    before = dump(coordinator)
    changed = tmp_path / "a-later.sqlite"
    shutil.copyfile(a, changed)
    repo = Repository.open(changed, FakeClock())
    mother = next(m for m in repo.mothers() if m.study_code == "A-000")
    with repo._write():
        repo._update("mothers", mother.id, {"age": 33}, reason="typo")
    repo.close()
    report = merge(coordinator, changed)
    assert [(c.table, c.record_id, c.code, c.detail) for c in report.conflicts] == [
        ("mothers", mother.id, "different_content", {"columns": ["age"]})
    ]
    assert report.skipped["audit_log"] == 1  # the correction's trail stays with its value
    assert dump(coordinator) == before


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
    with pytest.raises(DatabaseDamagedError):
        merge(coordinator, notdb)
