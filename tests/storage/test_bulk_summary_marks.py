"""Bulk writes (import, merge) mark the stored summary stale once, set-based, at the end
(storage/bulk.py :func:`summary_marked_at_end`): exactly the mothers the per-row
triggers would have marked, the triggers themselves back afterwards, and nothing left
changed when the write fails."""

from __future__ import annotations

import shutil
import uuid
from contextlib import nullcontext
from datetime import UTC, datetime

import pytest

from oxytimer.domain.clock import FakeClock
from oxytimer.domain.pairing import PairingRule
from oxytimer.storage import importer, merge
from oxytimer.storage.analysis import DESIGNS, AnalysisFilter
from oxytimer.storage.bulk import summary_marked_at_end
from oxytimer.storage.demo import fill_demo
from oxytimer.storage.exchange import import_csv
from oxytimer.storage.merge import merge_databases
from oxytimer.storage.repository import Repository
from tests.storage.test_sql_aggregation import INSTRUMENT, enrol, finish, start
from tests.storage.test_summary_table import from_records, summary_json

NOW = datetime(2026, 4, 20, 3, 0, tzinfo=UTC)


def triggers(repo: Repository) -> list[tuple[str, str]]:
    return sorted(repo.db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))


def stale(repo: Repository) -> set[str]:
    return {r[0] for r in repo.db.execute("SELECT mother_id FROM summary_stale")}


def demo_file(path, mothers: int = 12) -> None:
    repo = Repository.open(path, FakeClock(NOW), operator="demo")
    fill_demo(repo, mothers=mothers, seed=5)
    repo.close()  # refreshes: nothing stale


def open_twins(tmp_path, mothers: int = 12) -> tuple[Repository, Repository]:
    demo_file(tmp_path / "a.sqlite", mothers)
    shutil.copyfile(tmp_path / "a.sqlite", tmp_path / "b.sqlite")
    twins = tuple(
        Repository.open(tmp_path / name, FakeClock(NOW), operator="test")
        for name in ("a.sqlite", "b.sqlite")
    )
    for repo in twins:
        assert stale(repo) == set()
    return twins  # type: ignore[return-value]


def raw_inserts(repo: Repository) -> set[str]:
    """A new mother with a session and a score; a session for a stored mother, a score for
    a stored session of another, an assessment of a third. Their mothers' ids."""
    db = repo.db
    mothers = [r[0] for r in db.execute("SELECT id FROM mothers ORDER BY id")]
    without_post = db.execute(
        "SELECT s.id, s.mother_id FROM sessions s WHERE NOT EXISTS"
        " (SELECT 1 FROM scores WHERE session_id = s.id AND kind = 'post') ORDER BY s.id LIMIT 1"
    ).fetchone()
    assert without_post is not None
    first, third = [m for m in mothers if m != without_post[1]][:2]
    site = db.execute("SELECT id FROM sites ORDER BY code LIMIT 1").fetchone()[0]
    new_mother = str(uuid.UUID(int=1))
    db.execute(
        "INSERT INTO mothers (id, site_id, study_code, enrolled_at)"
        " VALUES (?, ?, 'ZZZ-00001', '2026-04-01T00:00:00Z')",
        [new_mother, site],
    )
    for session, mother in ((str(uuid.UUID(int=2)), new_mother), (str(uuid.UUID(int=3)), first)):
        db.execute(
            "INSERT INTO sessions (id, mother_id, caregiver, planned_seconds, protocol_version,"
            " instrument_version, status, started_at) VALUES (?, ?, 'husband', 240, '1', '1',"
            " 'awaiting_post', '2026-04-02T00:00:00Z')",
            [session, mother],
        )
    score = (
        "INSERT INTO scores (id, session_id, kind, instrument_version, total, min_total,"
        " max_total, recorded_at) VALUES (?, ?, ?, '1', 3, 0, 8, '2026-04-02T00:05:00Z')"
    )
    db.execute(score, [str(uuid.UUID(int=4)), str(uuid.UUID(int=2)), "pre"])
    db.execute(score, [str(uuid.UUID(int=5)), without_post[0], "post"])
    db.execute(
        "INSERT INTO assessments (id, mother_id, kind, instrument_version, total, min_total,"
        " max_total, recorded_at) VALUES (?, ?, 'daily', '1', 2, 0, 8, '2026-04-03T00:00:00Z')",
        [str(uuid.UUID(int=6)), third],
    )
    return {new_mother, first, without_post[1], third}


def test_the_end_marks_exactly_what_the_triggers_mark(tmp_path):
    marked_once, per_row = open_twins(tmp_path)
    before = triggers(marked_once)
    results = []
    for repo, block in ((marked_once, summary_marked_at_end), (per_row, lambda _db: nullcontext())):
        with repo._write(), block(repo.db):
            expected = raw_inserts(repo)
        results.append(stale(repo))
        assert stale(repo) == expected
    assert results[0] == results[1]
    assert triggers(marked_once) == before
    for repo in (marked_once, per_row):
        repo.close()


def test_a_failed_bulk_write_leaves_the_triggers_and_the_rows_as_they_were(tmp_path):
    repo, other = open_twins(tmp_path)
    other.close()
    before = triggers(repo)
    mothers = repo.db.execute("SELECT count(*) FROM mothers").fetchone()[0]
    with pytest.raises(RuntimeError), repo._write(), summary_marked_at_end(repo.db):
        raw_inserts(repo)
        assert not any("summary_insert" in name for name, _sql in triggers(repo))
        raise RuntimeError("disk full")
    assert triggers(repo) == before
    assert repo.db.execute("SELECT count(*) FROM mothers").fetchone()[0] == mothers
    assert stale(repo) == set()
    with repo._write():
        expected = raw_inserts(repo)  # the triggers are there again and mark
    assert stale(repo) == expected
    repo.close()


def test_a_schema_with_other_summary_triggers_is_left_to_its_triggers(tmp_path):
    repo, other = open_twins(tmp_path)
    other.close()
    repo.db.execute(
        "CREATE TRIGGER screenings_summary_insert AFTER INSERT ON screenings BEGIN"
        " INSERT INTO summary_stale (mother_id) SELECT NEW.mother_id WHERE true"
        " ON CONFLICT DO NOTHING; END"
    )
    before = triggers(repo)
    with repo._write(), summary_marked_at_end(repo.db):
        assert triggers(repo) == before  # nothing dropped
        expected = raw_inserts(repo)
    assert stale(repo) == expected
    repo.close()


def stored_equals_records(path) -> None:
    repo = Repository.open(path, FakeClock(NOW))
    try:
        assert repo.db.execute("SELECT count(*) FROM summary_stale").fetchone()[0] == 0
        for design in DESIGNS:
            flt = AnalysisFilter(design=design)
            for rule in PairingRule:
                assert summary_json(repo, flt, rule) == from_records(repo, flt, rule)
    finally:
        repo.close()


@pytest.mark.parametrize("marks", ["at the end", "per row"])
def test_a_merge_marks_what_it_brings_in(tmp_path, monkeypatch, marks):
    """Merging a laptop's later file into the coordinator's copy of its earlier one (a new
    mother, a new session of a stored mother, the post-score of a stored session): the
    same mothers marked as by the per-row triggers, and the stored summary after the
    refresh equals the one from the records."""
    if marks == "per row":
        monkeypatch.setattr(merge, "summary_marked_at_end", lambda _db: nullcontext())
    earlier = tmp_path / "earlier.sqlite"
    demo_file(earlier, mothers=8)
    repo = Repository.open(earlier, FakeClock(NOW), operator="bidan")
    waiting_mother, other_mother = (enrol(repo, f"AMP-9400{n}") for n in (1, 2))
    waiting = start(repo, waiting_mother, 1)
    finish(repo, waiting, None)  # awaiting her post-score
    repo.close()
    coordinator = tmp_path / "coordinator.sqlite"
    shutil.copyfile(earlier, coordinator)
    later = tmp_path / "later.sqlite"
    shutil.copyfile(earlier, later)
    repo = Repository.open(later, FakeClock(NOW), operator="bidan")
    new_mother = enrol(repo, "AMP-95001")
    finish(repo, start(repo, new_mother, 2), 6)
    finish(repo, start(repo, other_mother, 3), 7)
    repo.record_post_score(
        waiting,
        total=5,
        items={item.id: i < 5 for i, item in enumerate(INSTRUMENT.items)},
        category=INSTRUMENT.category_for(5).id,
        min_total=0,
        max_total=INSTRUMENT.max_total,
        instrument_version=INSTRUMENT.version,
    )
    repo.close()
    repo = Repository.open(coordinator, FakeClock(NOW))
    report = merge_databases(repo, [later])
    assert report.conflicts == [] and report.added["sessions"] == 2
    assert stale(repo) == {new_mother, other_mother, waiting_mother}
    repo.close()
    stored_equals_records(coordinator)


def _ids(path) -> set[str]:
    repo = Repository.open(path)
    try:
        return {r[0] for r in repo.db.execute("SELECT id FROM mothers")}
    finally:
        repo.close()


def test_an_import_marks_the_mothers_of_its_rows(tmp_path):
    repo, other = open_twins(tmp_path)
    other.close()
    stored = repo.db.execute(
        "SELECT s.code, m.study_code, m.id FROM mothers m JOIN sites s ON s.id = m.site_id"
        " WHERE m.status = 'enrolled' AND m.locked = 0 ORDER BY m.rowid LIMIT 2"
    ).fetchall()
    rows = [f"{code},{site},1,4,2026-04-10 07:0{i}" for i, (site, code, _id) in enumerate(stored)]
    rows.append("NEW-00001,AMP,2,5,2026-04-10 16:00")
    data = ("participant,site,pre,post,date\n" + "\n".join(rows) + "\n").encode()
    assert import_csv(repo, data).written
    expected = {m for _s, _c, m in stored} | {importer.import_mother_id("AMP", "NEW-00001")}
    assert stale(repo) == expected
    repo.close()
    stored_equals_records(tmp_path / "a.sqlite")
