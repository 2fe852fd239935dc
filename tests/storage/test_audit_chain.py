"""The tamper-evident audit trail (issue 10 item 5), on real files, with the sqlite3 module
as the attacker: it connects to the file as the sqlite3 shell or a database browser would,
without oxytimer's SQL functions."""

import shutil
import sqlite3
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner

from oxytimer.cli import main
from oxytimer.domain.clock import FakeClock
from oxytimer.storage.audit_chain import (
    CHANGED,
    DELETED,
    INSERTED,
    TRIGGER_MISSING,
    AuditTrailBrokenError,
    chain_hash,
    check_at_open,
    verify_chain,
)
from oxytimer.storage.database import Database
from oxytimer.storage.merge import merge_databases
from oxytimer.storage.repository import Repository, configure

SITES = [("AMP", "Puskesmas Ampenan")]
ITEMS = {"drips_when_pressed": True, "full_before_feed": False}


def record(repo, clock, code):
    """A mother with one completed session (pre and post score with items)."""
    mother = repo.add_mother(repo.site_id("AMP"), code, age=25)
    session = repo.start_session(
        mother_id=mother,
        caregiver="husband",
        planned_seconds=240,
        pre_total=1,
        pre_items=ITEMS,
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
        total=2,
        items={"drips_when_pressed": True, "full_before_feed": True},
        category="kurang",
        min_total=0,
        max_total=8,
        instrument_version="1.0.0",
    )
    return mother, session


def make_db(path, prefix="A", mothers=3):
    clock = FakeClock(datetime(2026, 3, 2, 1, 0, tzinfo=UTC))
    repo = Repository.open(path, clock, operator=f"bidan {prefix}")
    repo.ensure_sites(SITES)
    for n in range(mothers):
        record(repo, clock, f"{prefix}-{n:03d}")
    with repo._write():  # a screening, with its audit row as enrol() writes it
        repo._insert(
            "screenings",
            {
                "id": f"screen-{prefix}",
                "mother_id": repo.mothers()[0].id,
                "criteria_version": "1",
                "answers": "{}",
                "eligible": 1,
                "failed": "[]",
                "screened_at": "2026-03-02T01:00:00+00:00",
            },
        )
    repo.close()
    return path


def attacker(path):
    """A plain sqlite3 connection, as the sqlite3 shell opens the file."""
    return sqlite3.connect(path, isolation_level=None)


def check(path, **kwargs):
    repo = Repository.open(path)
    try:
        return check_at_open(repo.db.conn, **kwargs)
    finally:
        repo.close()


def full(path):
    repo = Repository.open(path)
    try:
        return verify_chain(repo.db.conn)
    finally:
        repo.close()


def position(path, rowid):
    """The chain position of the audit row with ``rowid``."""
    conn = attacker(path)
    try:
        return conn.execute(
            "SELECT c.seq FROM audit_chain c JOIN audit_log l ON l.id = c.audit_id"
            " WHERE l.rowid = ?",
            [rowid],
        ).fetchone()[0]
    finally:
        conn.close()


def invoke(db, *args):
    return CliRunner().invoke(main, ["--db", str(db), *args], catch_exceptions=False)


def test_a_new_database_is_chained_row_by_row(tmp_path):
    db = make_db(tmp_path / "a.sqlite")
    conn = attacker(db)
    rows = conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    first = conn.execute(
        "SELECT id, at, operator, action, table_name, record_id, field, old_value,"
        " new_value, reason FROM audit_log ORDER BY rowid LIMIT 1"
    ).fetchone()
    stored = conn.execute("SELECT audit_id, hash FROM audit_chain WHERE seq = 1").fetchone()
    conn.close()
    assert stored == (first[0], chain_hash("", *first))
    result = full(db)
    assert result.ok and result.checked == rows
    result = invoke(db, "verify")
    assert result.exit_code == 0
    assert f"intact: {rows} row(s) checked" in result.output


def test_an_existing_database_is_chained_at_upgrade(tmp_path):
    path = tmp_path / "old.sqlite"
    db = Database(path)
    configure(db)
    from oxytimer.storage.migrations import migrations

    migrations.apply(db.utils(), stop_before="0005_audit_chain")
    clock = FakeClock(datetime(2026, 3, 2, 1, 0, tzinfo=UTC))
    repo = Repository(db, clock, operator="bidan lama")
    repo.ensure_sites(SITES)
    record(repo, clock, "OLD-001")
    assert (
        db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'audit_chain'").fetchone()[0]
        == 0
    )
    rows = db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    repo.close()

    upgraded = Repository.open(path)  # runs 0005_audit_chain
    try:
        state = upgraded.db.execute("SELECT verified_seq FROM audit_chain_state").fetchone()
        assert state == (rows,)
        result = verify_chain(upgraded.db.conn)
        assert result.ok and result.checked == rows
        clock2 = FakeClock(datetime(2026, 3, 3, 1, 0, tzinfo=UTC))
        upgraded.clock = clock2
        record(upgraded, clock2, "NEW-001")  # new rows extend the chain built at upgrade
        assert verify_chain(upgraded.db.conn).ok
    finally:
        upgraded.close()


def test_insert_or_replace_cannot_rewrite_an_audit_row(tmp_path):
    db = make_db(tmp_path / "a.sqlite")
    conn = attacker(db)
    before = conn.execute("SELECT * FROM audit_log ORDER BY rowid").fetchall()
    forged = list(before[5])
    forged[8] = "forged"
    marks = ", ".join("?" * len(forged))
    # The shell has no oxytimer functions: the chain trigger cannot run.
    with pytest.raises(sqlite3.OperationalError, match="oxytimer_chain_hash"):
        conn.execute(f"INSERT OR REPLACE INTO audit_log VALUES ({marks})", forged)
    # An attacker who defines a function of that name is refused by the trigger.
    conn.create_function("oxytimer_chain_hash", 11, lambda *a: "0" * 64)
    with pytest.raises(sqlite3.IntegrityError, match="never replaced"):
        conn.execute(f"INSERT OR REPLACE INTO audit_log VALUES ({marks})", forged)
    with pytest.raises(sqlite3.IntegrityError, match="never replaced"):
        conn.execute(f"REPLACE INTO audit_log VALUES ({marks})", forged)
    assert conn.execute("SELECT * FROM audit_log ORDER BY rowid").fetchall() == before
    conn.close()
    assert full(db).ok


def test_scores_items_and_screenings_change_only_through_oxytimer(tmp_path):
    db = make_db(tmp_path / "a.sqlite")
    conn = attacker(db)
    scores = conn.execute("SELECT * FROM scores ORDER BY id").fetchall()
    items = conn.execute("SELECT * FROM score_items ORDER BY score_id, item_id").fetchall()
    screenings = conn.execute("SELECT * FROM screenings").fetchall()
    changes = [
        "UPDATE scores SET total = 8",
        "UPDATE score_items SET value = 1 - value",
        "UPDATE screenings SET eligible = 0",
    ]
    for sql in changes:
        with pytest.raises(sqlite3.OperationalError, match="oxytimer_audited"):
            conn.execute(sql)
    conn.create_function("oxytimer_audited", 0, lambda: 0)
    for sql in changes:
        with pytest.raises(sqlite3.IntegrityError, match="only through oxytimer"):
            conn.execute(sql)
    for sql in ("DELETE FROM score_items", "DELETE FROM screenings", "DELETE FROM scores"):
        with pytest.raises(sqlite3.IntegrityError, match="never deleted"):
            conn.execute(sql)
    score = scores[0]
    with pytest.raises(sqlite3.IntegrityError, match="never replaced"):
        conn.execute(
            "INSERT OR REPLACE INTO scores VALUES (?, ?, ?, ?, 8, 0, 8, 'banyak', ?)",
            [score[0], score[1], score[2], score[3], score[8]],
        )
    with pytest.raises(sqlite3.IntegrityError, match="never replaced"):
        conn.execute("INSERT OR REPLACE INTO score_items VALUES (?, ?, 0)", list(items[0][:2]))
    with pytest.raises(sqlite3.IntegrityError, match="never replaced"):
        conn.execute("INSERT OR REPLACE INTO screenings SELECT * FROM screenings")
    assert conn.execute("SELECT * FROM scores ORDER BY id").fetchall() == scores
    assert conn.execute("SELECT * FROM score_items ORDER BY score_id, item_id").fetchall() == items
    assert conn.execute("SELECT * FROM screenings").fetchall() == screenings
    conn.close()


def test_dropped_triggers_and_deleted_rows_are_found_at_open_and_by_verify(tmp_path):
    db = make_db(tmp_path / "a.sqlite")
    assert check(db).ok  # remembers the verified position
    deleted = [4, 9, 10]
    positions = [position(db, rowid) for rowid in deleted]
    conn = attacker(db)
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute("DROP TRIGGER scores_audited_update")
    conn.execute(f"DELETE FROM audit_log WHERE rowid IN ({', '.join(map(str, deleted))})")
    conn.close()

    at_open = check(db)
    assert not at_open.ok
    assert [(b.kind, b.audit_id) for b in at_open.breaks if b.kind == TRIGGER_MISSING] == [
        (TRIGGER_MISSING, "audit_log_no_delete"),
        (TRIGGER_MISSING, "scores_audited_update"),
    ]
    assert [b.position for b in at_open.breaks if b.kind == DELETED] == positions

    result = invoke(db, "verify")
    assert result.exit_code == 4
    for p in positions:
        assert f"deleted: row {p} of the trail" in result.output
    assert "audit_log_no_delete is missing" in result.output
    assert "data manager" in result.stderr


def test_rows_deleted_behind_a_trigger_put_back_are_found_at_open(tmp_path):
    db = make_db(tmp_path / "a.sqlite")
    assert check(db).ok
    where = position(db, 5)
    conn = attacker(db)
    trigger_sql = conn.execute(
        "SELECT sql FROM sqlite_master WHERE name = 'audit_log_no_delete'"
    ).fetchone()[0]
    audit_id = conn.execute("SELECT id FROM audit_log WHERE rowid = 5").fetchone()[0]
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute("DELETE FROM audit_log WHERE rowid = 5")
    conn.execute(trigger_sql)
    conn.close()
    at_open = check(db)
    assert [(b.kind, b.position, b.audit_id) for b in at_open.breaks] == [
        (DELETED, where, audit_id)
    ]


def test_a_break_is_found_again_at_every_open(tmp_path):
    db = make_db(tmp_path / "a.sqlite")
    conn = attacker(db)
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute("DELETE FROM audit_log WHERE rowid = 3")
    conn.close()
    first = check(db)
    second = check(db)
    assert [b.kind for b in first.breaks] == [TRIGGER_MISSING, DELETED]
    assert second.breaks == first.breaks


def test_a_row_edited_after_dropping_triggers_is_found(tmp_path):
    db = make_db(tmp_path / "a.sqlite")
    assert check(db).ok
    where = position(db, 7)
    conn = attacker(db)
    trigger_sql = conn.execute(
        "SELECT sql FROM sqlite_master WHERE name = 'audit_log_no_update'"
    ).fetchone()[0]
    audit_id = conn.execute("SELECT id FROM audit_log WHERE rowid = 7").fetchone()[0]
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET operator = 'someone else' WHERE rowid = 7")
    conn.close()
    # At open: the dropped trigger, and (the trail being tampered with) where.
    assert [(b.kind, b.position, b.audit_id) for b in check(db).breaks] == [
        (TRIGGER_MISSING, None, "audit_log_no_update"),
        (CHANGED, where, audit_id),
    ]
    result = full(db)
    changed = [b for b in result.breaks if b.kind == CHANGED]
    assert [(b.position, b.audit_id) for b in changed] == [(where, audit_id)]

    # Putting the trigger back hides nothing from verify.
    conn = attacker(db)
    conn.execute(trigger_sql)
    conn.close()
    result = invoke(db, "verify")
    assert result.exit_code == 4
    assert f"changed: row {where} of the trail (audit {audit_id}" in result.output


def test_a_row_added_outside_oxytimer_is_found(tmp_path):
    db = make_db(tmp_path / "a.sqlite")
    assert check(db).ok
    conn = attacker(db)
    trigger_sql = conn.execute(
        "SELECT sql FROM sqlite_master WHERE name = 'audit_log_chain'"
    ).fetchone()[0]
    conn.execute("DROP TRIGGER audit_log_chain")
    conn.execute(
        "INSERT INTO audit_log (id, at, operator, action, table_name, record_id)"
        " VALUES ('slipped-in', '2026-03-01T00:00:00+00:00', 'x', 'insert', 'mothers', 'm')"
    )
    conn.execute(trigger_sql)
    conn.close()
    clock = FakeClock(datetime(2026, 3, 4, 1, 0, tzinfo=UTC))
    repo = Repository.open(db, clock)
    record(repo, clock, "A-100")  # chained rows after the one slipped in
    chained = repo.db.execute("SELECT count(*) FROM audit_chain").fetchone()[0]
    repo.close()
    at_open = check(db)  # the counts disagree: the whole chain is walked to find it
    assert [(b.kind, b.audit_id) for b in at_open.breaks] == [(INSERTED, "slipped-in")]
    assert at_open.full and at_open.checked == chained


def test_open_checks_only_the_rows_added_since_the_last_check(tmp_path):
    db = make_db(tmp_path / "a.sqlite")
    first = check(db)
    assert first.ok and first.full
    assert check(db).checked == 0  # nothing new
    clock = FakeClock(datetime(2026, 3, 4, 1, 0, tzinfo=UTC))
    repo = Repository.open(db, clock)
    before = repo.db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    record(repo, clock, "A-100")
    added = repo.db.execute("SELECT count(*) FROM audit_log").fetchone()[0] - before
    repo.close()
    again = check(db)
    assert again.ok and not again.full and again.checked == added


def test_a_changed_chain_row_in_the_verified_part_is_found(tmp_path):
    db = make_db(tmp_path / "a.sqlite")
    assert check(db).ok
    conn = attacker(db)
    last = conn.execute("SELECT max(seq) FROM audit_chain").fetchone()[0]
    conn.execute("DROP TRIGGER audit_chain_no_update")
    conn.execute("UPDATE audit_chain SET hash = ? WHERE seq = ?", ["0" * 64, last])
    conn.close()
    at_open = check(db)
    assert (CHANGED, last) in [(b.kind, b.position) for b in at_open.breaks]


def test_export_is_refused_on_a_broken_trail(tmp_path):
    db = make_db(tmp_path / "a.sqlite")
    conn = attacker(db)
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute("DELETE FROM audit_log WHERE rowid = 2")
    conn.close()
    out = tmp_path / "out"
    result = invoke(db, "export", "--out", str(out))
    assert result.exit_code == 1
    assert "nothing was exported: the audit trail of this database" in result.stderr
    assert "data manager" in result.stderr
    assert not out.exists() or list(out.iterdir()) == []


def _tables(path):
    conn = attacker(path)
    try:
        return {
            t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall())
            for t in ("mothers", "screenings", "sessions", "scores", "score_items", "audit_log")
        }
    finally:
        conn.close()


def test_merge_refuses_records_whose_audit_rows_are_missing(tmp_path):
    source = make_db(tmp_path / "b.sqlite", "B", mothers=2)
    conn = attacker(source)
    mother = conn.execute("SELECT id FROM mothers ORDER BY study_code LIMIT 1").fetchone()[0]
    # A session and its score written straight into the file: no audit rows at all.
    conn.execute(
        "INSERT INTO sessions (id, mother_id, caregiver, planned_seconds, protocol_version,"
        " instrument_version, status, started_at) VALUES ('ghost', ?, 'husband', 240, '1.0.0',"
        " '1.0.0', 'completed', '2026-03-01T00:00:00+00:00')",
        [mother],
    )
    conn.execute(
        "INSERT INTO scores (id, session_id, kind, instrument_version, total, min_total,"
        " max_total, recorded_at) VALUES ('ghost-pre', 'ghost', 'pre', '1.0.0', 8, 0, 8,"
        " '2026-03-01T00:00:00+00:00')"
    )
    conn.close()
    target = make_db(tmp_path / "a.sqlite", "A", mothers=1)
    repo = Repository.open(target)
    try:
        report = merge_databases(repo, [source])
        assert [(c.table, c.record_id, c.code) for c in report.conflicts] == [
            ("sessions", "ghost", "audit_missing"),
            ("scores", "ghost-pre", "audit_missing"),
        ]
        here = {r[0] for r in repo.db.execute("SELECT id FROM sessions")}
        assert "ghost" not in here
        assert repo.db.execute("SELECT 1 FROM scores WHERE id = 'ghost-pre'").fetchone() is None
        assert report.added["mothers"] == 2  # the rest came in
        assert verify_chain(repo.db.conn).ok  # merged rows extend this database's chain
    finally:
        repo.close()
    result = invoke(target, "merge", str(source))  # again, from the CLI
    assert result.exit_code == 3
    assert "sessions ghost: audit_missing" in result.stderr


def test_merge_refuses_a_source_whose_trail_was_tampered_with(tmp_path):
    source = make_db(tmp_path / "b.sqlite", "B", mothers=2)
    conn = attacker(source)
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute("DELETE FROM audit_log WHERE table_name = 'sessions'")
    conn.close()
    target = make_db(tmp_path / "a.sqlite", "A", mothers=1)
    before = _tables(target)
    repo = Repository.open(target)
    try:
        with pytest.raises(AuditTrailBrokenError, match=f"audit trail of {source}"):
            merge_databases(repo, [source])
    finally:
        repo.close()
    assert _tables(target) == before
    result = invoke(target, "merge", str(source))
    assert result.exit_code == 1
    assert f"nothing was merged: the audit trail of {source} has been tampered" in result.stderr


def test_merging_both_ways_gives_the_same_rows_and_intact_chains(tmp_path):
    a = make_db(tmp_path / "a.sqlite", "A", mothers=2)
    b = make_db(tmp_path / "b.sqlite", "B", mothers=2)
    coordinator = tmp_path / "coord.sqlite"
    repo = Repository.open(coordinator)
    repo.ensure_sites(SITES)
    repo.close()
    ab, ba = tmp_path / "ab.sqlite", tmp_path / "ba.sqlite"
    shutil.copy(coordinator, ab)
    shutil.copy(coordinator, ba)
    for target, order in ((ab, [a, b]), (ba, [b, a])):
        repo = Repository.open(target)
        try:
            for source in order:
                assert merge_databases(repo, [source]).conflicts == []
            result = verify_chain(repo.db.conn)
            rows = repo.db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
            assert result.ok and result.checked == rows
        finally:
            repo.close()
    assert _tables(ab) == _tables(ba)
    # Each file chains the rows in the order they arrived: the chains differ, the rows not.
    conn_ab, conn_ba = attacker(ab), attacker(ba)
    try:
        order = "SELECT audit_id FROM audit_chain ORDER BY seq"
        assert conn_ab.execute(order).fetchall() != conn_ba.execute(order).fetchall()
    finally:
        conn_ab.close()
        conn_ba.close()
