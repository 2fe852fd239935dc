"""Merge rules of issue 11: a start-up's interruption gives way, paper mothers meet as
one, batches do not change the result, the rules over another row source."""

import shutil
from datetime import UTC, datetime

from oxytimer.domain.clock import FakeClock
from oxytimer.storage.merge import TABLES, merge_databases
from oxytimer.storage.merge_rules import MergeReport, MergeRules
from oxytimer.storage.repository import Repository

T0 = datetime(2026, 3, 2, 23, 0, tzinfo=UTC)


def dump(path):
    repo = Repository.open(path)
    try:
        return {
            t: sorted(map(tuple, repo.db.execute(f"SELECT * FROM {t}").fetchall()), key=repr)
            for t in TABLES
        }
    finally:
        repo.close()


def merge(db, *others, batch=2000):
    repo = Repository.open(db, FakeClock(T0))
    try:
        return merge_databases(repo, list(others), batch=batch)
    finally:
        repo.close()


def running(path):
    clock = FakeClock(T0)
    repo = Repository.open(path, clock, operator="bidan A")
    repo.ensure_sites([("AMP", "Puskesmas Ampenan")])
    mother = repo.add_mother(repo.site_id("AMP"), "AMP-A001")
    session = repo.start_session(
        mother_id=mother,
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
    return session


def finish(path, session, at):
    repo = Repository.open(path, FakeClock(at), operator="bidan A")
    repo.heartbeat(session, 180, 0)
    repo.update_session_progress(
        session, status="awaiting_post", massage_seconds=180, paused_seconds=0, pause_count=0
    )
    repo.record_post_score(
        session, total=4, items=None, category="cukup", min_total=0, max_total=8,
        instrument_version="1.0.0",
    )  # fmt: skip
    repo.close()


def interrupted_copy(source, copy, at):
    """The file copied while the massage ran; the copy's next start marks it interrupted."""
    shutil.copyfile(source, copy)
    repo = Repository.open(copy, FakeClock(at), operator="bidan B")
    marked = repo.mark_interrupted()
    repo.close()
    return marked


def test_a_session_the_copy_marked_interrupted_gives_way_to_the_finished_one(tmp_path):
    a, b = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    session = running(a)
    # The copy starts the next morning: its interruption is later than the real end.
    assert interrupted_copy(a, b, datetime(2026, 3, 3, 1, 0, tzinfo=UTC)) == [session]
    finish(a, session, datetime(2026, 3, 2, 23, 5, tzinfo=UTC))

    into_a = merge(a, b)
    assert into_a.conflicts == [] and into_a.added["audit_log"] == 3  # the copy's rows kept
    into_b = merge(b, a)
    assert into_b.conflicts == [] and into_b.updated["sessions"] == 1
    assert into_b.added["scores"] == 1
    assert dump(a) == dump(b)
    repo = Repository.open(b)
    assert repo.session(session).status == "completed" and repo.session(session).post.total == 4
    repo.close()


def test_an_interruption_a_person_acted_on_is_offered_as_a_conflict(tmp_path):
    a, b = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    session = running(a)
    interrupted_copy(a, b, datetime(2026, 3, 3, 1, 0, tzinfo=UTC))
    repo = Repository.open(b, FakeClock(datetime(2026, 3, 3, 2, 0, tzinfo=UTC)), "bidan B")
    repo.close_incomplete(session, "mother went home")
    repo.close()
    finish(a, session, datetime(2026, 3, 2, 23, 5, tzinfo=UTC))
    before = dump(a)
    report = merge(a, b)
    assert [(c.table, c.code) for c in report.conflicts] == [("sessions", "different_content")]
    assert dump(a)["sessions"] == before["sessions"]  # nothing overwritten


def paper_mother(path, enrolled_at, session_id):
    """The same paper mother imported on a laptop: her id from site and study code."""
    repo = Repository.open(path, FakeClock(T0), operator="import")
    repo.ensure_sites([("AMP", "Puskesmas Ampenan")])
    site = repo.site_id("AMP")
    row = {"id": "paper-amp-007", "site_id": site, "study_code": "AMP-007",
           "status": "enrolled", "locked": 0, "enrolled_at": enrolled_at}  # fmt: skip
    repo.insert_many("mothers", [row], stamp="enrolled_at")
    repo.insert_many(
        "sessions",
        [
            {
                "id": session_id,
                "mother_id": "paper-amp-007",
                "caregiver": "husband",
                "planned_seconds": 180,
                "protocol_version": "1",
                "instrument_version": "1",
                "status": "incomplete",
                "started_at": enrolled_at,
                "source": "import",
            }
        ],
        stamp="started_at",
    )
    repo.close()


def test_a_mother_imported_from_paper_on_two_laptops_is_one_mother(tmp_path):
    a, b = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    paper_mother(a, "2026-03-02T08:00:00.000+00:00", "morning")
    paper_mother(b, "2026-03-02T10:00:00.000+00:00", "evening")
    ab, ba = tmp_path / "ab.sqlite", tmp_path / "ba.sqlite"
    shutil.copyfile(a, ab)
    shutil.copyfile(b, ba)
    assert merge(ab, b).conflicts == [] and merge(ba, a).conflicts == []
    assert dump(ab) == dump(ba)
    (mother,) = dump(ab)["mothers"]
    assert mother[0] == "paper-amp-007" and "08:00" in mother[-1]  # the earlier time
    assert {s[0] for s in dump(ab)["sessions"]} == {"morning", "evening"}


def test_small_batches_give_the_same_rows(tmp_path):
    a, b = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    session = running(a)
    interrupted_copy(a, b, datetime(2026, 3, 3, 1, 0, tzinfo=UTC))
    finish(a, session, datetime(2026, 3, 2, 23, 5, tzinfo=UTC))
    one, many = tmp_path / "one.sqlite", tmp_path / "many.sqlite"
    shutil.copyfile(b, one)
    shutil.copyfile(b, many)
    assert merge(one, a).conflicts == [] and merge(many, a, batch=1).conflicts == []
    assert dump(one) == dump(many)


class ListSource:
    """Rows from plain lists: the rules know nothing of SQLite (a server would do this)."""

    name = "lists"

    def __init__(self, rows, refuse=None):
        self.rows = rows
        self.refuse = refuse or {}
        self.sizes = []

    def columns(self, table):
        return list(self.rows[table][0]) if self.rows.get(table) else []

    def batches(self, table, columns, size):
        rows = self.rows.get(table, [])
        for start in range(0, len(rows), size):
            chunk = [{c: r[c] for c in columns} for r in rows[start : start + size]]
            self.sizes.append(len(chunk))
            yield chunk

    def trail(self, table, record_id):
        return [
            a
            for a in self.rows["audit_log"]
            if (a["table_name"], a["record_id"]) == (table, record_id)
        ]

    def laptop_tag(self):
        return "ZZ"

    def unaudited(self):
        return self.refuse


def test_the_rules_read_any_row_source_in_batches(tmp_path):
    from oxytimer.storage.merge import SqliteTarget

    a = tmp_path / "a.sqlite"
    running(a)
    repo = Repository.open(a)
    rows = {}
    for table in TABLES:
        cursor = repo.db.execute(f"SELECT * FROM {table}")
        names = [d[0] for d in cursor.description]
        rows[table] = [dict(zip(names, r, strict=True)) for r in cursor]
    repo.close()
    target_path = tmp_path / "t.sqlite"
    target = Repository.open(target_path)
    source = ListSource(rows)
    report = MergeReport()
    with target.db.atomic():
        MergeRules(SqliteTarget(target.db), report, batch=2).merge(source)
    target.close()
    assert report.conflicts == [] and max(source.sizes) == 2
    assert dump(target_path) == dump(a)


def test_a_record_the_source_refuses_waits_with_its_dependants(tmp_path):
    from oxytimer.storage.merge import SqliteTarget

    a = tmp_path / "a.sqlite"
    session = running(a)
    repo = Repository.open(a)
    mother = repo.session(session).mother_id
    rows = {}
    for table in TABLES:
        cursor = repo.db.execute(f"SELECT * FROM {table}")
        names = [d[0] for d in cursor.description]
        rows[table] = [dict(zip(names, r, strict=True)) for r in cursor]
    repo.close()
    target = Repository.open(tmp_path / "t.sqlite")
    report = MergeReport()
    with target.db.atomic():
        rules = MergeRules(SqliteTarget(target.db), report)
        rules.merge(ListSource(rows, refuse={"mothers": {mother}}))
    assert [(c.table, c.record_id, c.code) for c in report.conflicts] == [
        ("mothers", mother, "audit_missing")
    ]
    assert report.skipped["sessions"] == 1 and report.skipped["scores"] == 1
    assert target.db.execute("SELECT count(*) FROM mothers").fetchone()[0] == 0
    assert target.db.execute("SELECT count(*) FROM sessions").fetchone()[0] == 0
    target.close()
