"""The import at scale and across time zones: statements per row, ids from the file's
own date and time, bad dates, mothers' derived ids."""

import json
import os
import subprocess
import sys
import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest

from oxytimer.domain.clock import FakeClock
from oxytimer.domain.sites import parse_time_zone
from oxytimer.storage.importer import (
    BATCH_ROWS,
    import_csv,
    import_mother_id,
    import_session_id,
    plan_import,
)
from oxytimer.storage.repository import Repository

NOW = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)
WITA = timezone(timedelta(hours=8))


def fresh_repo():
    repo = Repository.memory(FakeClock(NOW), operator="Koordinator")
    repo.ensure_sites([("AMP", "Puskesmas Ampenan"), ("KPL", "Puskesmas Karang Pule")])
    return repo


def big_file(mothers, *, optional=True, hour=7):
    """One row per mother, sites alternating, with the optional columns when asked."""
    head = "participant,site,pre,post,date,caregiver"
    head += ",age,occupation\n" if optional else "\n"
    rows = []
    for i in range(mothers):
        site = ("AMP", "KPL")[i % 2]
        when = f"2026-03-0{1 + i % 7} {hour:02d}:{i % 60:02d}"
        row = f"MTR-{i:05d},{site},{i % 9},{(i + 3) % 9},{when},suami"
        rows.append(row + (f",{18 + i % 20},petani" if optional else ""))
    return (head + "\n".join(rows) + "\n").encode()


def statements(repo, action, *, work=None):
    """How many SQL statements ``action`` executes (sqlite3's trace callback: each run
    of a statement, each row of an executemany). With a ``work`` list, also appends the
    thousands of SQLite virtual-machine steps it took (the progress handler): a statement
    reading a whole table counts once as a statement but grows here."""
    count = {"n": 0, "steps": 0}

    def trace(_sql):
        count["n"] += 1

    def progress():
        count["steps"] += 1
        return 0

    repo.db.conn.set_trace_callback(trace)
    repo.db.conn.set_progress_handler(progress, 1000)
    try:
        action()
    finally:
        repo.db.conn.set_trace_callback(None)
        repo.db.conn.set_progress_handler(None, 0)
    if work is not None:
        work.append(count["steps"])
    return count["n"]


def assert_linear(counts, sizes, tolerance=0.0):
    """Each added row costs the same (within ``tolerance``) from the smaller sizes up."""
    per_row = [
        (counts[1] - counts[0]) / (sizes[1] - sizes[0]),
        (counts[2] - counts[1]) / (sizes[2] - sizes[1]),
    ]
    assert abs(per_row[1] - per_row[0]) <= tolerance * per_row[0], (counts, per_row)
    return per_row[0]


@pytest.mark.parametrize("optional", [True, False], ids=["age-occupation", "required-only"])
def test_statements_per_row_are_constant(optional):
    """Issue 18: a 2,000-mother import runs the same number of statements per row as a
    500- or 1,000-mother one (the old importer read every mother for each row)."""
    sizes = (BATCH_ROWS, 2 * BATCH_ROWS, 2000)
    assert 2000 % BATCH_ROWS == 0
    counts, work = [], []
    for size in sizes:
        repo = fresh_repo()
        data = big_file(size, optional=optional)
        counts.append(statements(repo, lambda r=repo, d=data: import_csv(r, d), work=work))
        assert repo.db.execute("SELECT count(*) FROM sessions").fetchone()[0] == size
    per_row = assert_linear(counts, sizes)
    # A session, two scores, a mother and their audit rows, with the statements of the
    # audit trail's triggers (the trace callback counts those too): a few dozen at most.
    assert per_row <= 40, per_row
    assert_linear(work, sizes, tolerance=0.2)


def test_reimport_and_filling_in_are_constant_per_row():
    """Checking a file against the database costs a fixed number of statements per row,
    whether every row was imported before or the rows are new sessions of stored mothers
    whose age and occupation the file fills in."""
    sizes = (BATCH_ROWS, 2 * BATCH_ROWS, 4 * BATCH_ROWS)
    again, filled, again_work, filled_work = [], [], [], []
    for size in sizes:
        repo = fresh_repo()
        first = big_file(size, optional=False)
        assert import_csv(repo, first).written
        again.append(statements(repo, lambda r=repo, d=first: import_csv(r, d), work=again_work))
        later = big_file(size, hour=16)
        filled.append(statements(repo, lambda r=repo, d=later: import_csv(r, d), work=filled_work))
        ages = repo.db.execute("SELECT count(*) FROM mothers WHERE age IS NOT NULL").fetchone()
        assert ages[0] == size
        assert repo.db.execute("SELECT count(*) FROM sessions").fetchone()[0] == 2 * size
    assert_linear(again, sizes)
    assert_linear(filled, sizes)
    assert_linear(again_work, sizes, tolerance=0.2)
    assert_linear(filled_work, sizes, tolerance=0.2)


def test_one_mother_is_one_query():
    repo = fresh_repo()
    import_csv(repo, big_file(200, optional=False))
    mother_id = import_mother_id("AMP", "MTR-00000")
    assert statements(repo, lambda: repo.mother(mother_id)) == 1
    assert repo.mother(mother_id).study_code == "MTR-00000"


def test_imported_mothers_ids_come_from_site_and_study_code():
    """Two laptops importing the same paper forms create the same mothers (issue 11)."""
    text = b"participant,site,pre,post,date\nMTR-001,AMP,1,4,2026-03-01 07:30\n"
    a, b = fresh_repo(), fresh_repo()
    import_csv(a, text)
    import_csv(b, text)
    ids_a = [r[0] for r in a.db.execute("SELECT id FROM mothers")]
    ids_b = [r[0] for r in b.db.execute("SELECT id FROM mothers")]
    assert ids_a == ids_b == [import_mother_id("AMP", "MTR-001")]
    assert import_mother_id("AMP", "MTR-001") != import_mother_id("KPL", "MTR-001")


@pytest.mark.parametrize(
    "written",
    ["01/01/0001 07:30", "0001-01-01 07:30", "1899-12-31 08:00", "9999-12-31 23:59+14:00"],
)
def test_impossible_years_are_one_problem_not_a_crash(written):
    repo = fresh_repo()
    text = f"participant,site,pre,post,date\nMTR-001,AMP,1,4,{written}\n".encode()
    result = import_csv(repo, text)
    assert not result.written
    assert [(p.line, p.column, p.code) for p in result.plan.problems] in (
        [(2, "date", "bad_date")],
        [(2, "date", "future_date")],
    )


_RUN = """
import json, sys, time
from datetime import UTC, datetime
from oxytimer.domain.clock import FakeClock
from oxytimer.storage.importer import import_csv
from oxytimer.storage.repository import Repository

repo = Repository.open(sys.argv[1], FakeClock(datetime(2026, 3, 10, 2, 0, tzinfo=UTC)))
repo.ensure_sites([("AMP", "Puskesmas Ampenan"), ("KPL", "Puskesmas Karang Pule")])
result = import_csv(repo, open(sys.argv[2], "rb").read())
rows = repo.db.execute("SELECT id, started_at FROM sessions ORDER BY id").fetchall()
print(json.dumps({"zone": time.tzname[0], "added": result.sessions_added,
                  "sessions": [list(r) for r in rows]}))
repo.close()
"""

THREE_ROWS = (
    "participant,site,pre,post,date\n"
    "MTR-001,AMP,1,4,2026-03-01 07:30\n"
    "MTR-001,AMP,2,5,02/03/2026 16:05\n"
    "MTR-002,KPL,0,3,2026-03-01 23:45\n"
)


def _import_under(zone, db, source):
    env = {**os.environ, "TZ": zone}
    run = subprocess.run(
        [sys.executable, "-c", _RUN, str(db), str(source)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_session_ids_do_not_depend_on_the_computers_time_zone(tmp_path):
    """Issue 10 item 8: the same 3-row file under UTC, WITA and WIB gives the same 3
    sessions (ids and UTC start times), and importing it again anywhere adds nothing."""
    source = tmp_path / "paper.csv"
    source.write_text(THREE_ROWS)
    zones = ("UTC", "Asia/Makassar", "Asia/Jakarta")
    alone = [_import_under(z, tmp_path / f"{i}.sqlite", source) for i, z in enumerate(zones)]
    assert [r["zone"] for r in alone] == ["UTC", "WITA", "WIB"]  # really three zones
    assert [r["added"] for r in alone] == [3, 3, 3]
    assert alone[0]["sessions"] == alone[1]["sessions"] == alone[2]["sessions"]
    # The times are the site's (WITA): 07:30 written is 23:30 UTC the day before.
    starts = sorted(s[1] for s in alone[0]["sessions"])
    assert starts[0] == "2026-02-28T23:30:00.000+00:00"
    # The ids are those a laptop on WITA gave before this change.
    first = datetime(2026, 3, 1, 7, 30, tzinfo=WITA)
    assert import_session_id("AMP", "MTR-001", first, 0) in {s[0] for s in alone[0]["sessions"]}

    shared = tmp_path / "shared.sqlite"
    again = [_import_under(z, shared, source) for z in zones]
    assert [r["added"] for r in again] == [3, 0, 0]
    assert again[2]["sessions"] == alone[0]["sessions"]


def test_the_sites_time_zone_is_a_setting():
    repo = fresh_repo()
    text = b"participant,site,pre,post,date\nMTR-001,AMP,1,4,2026-03-01 07:30\n"
    wib = parse_time_zone("Asia/Jakarta")
    assert plan_import(repo, text, zone=wib).ok
    import_csv(repo, text, zone=wib)
    (started,) = repo.db.execute("SELECT started_at FROM sessions").fetchone()
    assert started == "2026-03-01T00:30:00.000+00:00"
    assert parse_time_zone("+07:00").utcoffset(None) == timedelta(hours=7)
    with pytest.raises(ValueError):
        parse_time_zone("Mars/Olympus")


def test_a_row_with_its_own_offset_keeps_it():
    repo = fresh_repo()
    text = b"participant,site,pre,post,date\nMTR-001,AMP,1,4,2026-03-01T07:30:00+07:00\n"
    import_csv(repo, text)
    (started,) = repo.db.execute("SELECT started_at FROM sessions").fetchone()
    assert started == "2026-03-01T00:30:00.000+00:00"


def test_shipped_sites_file_names_wita():
    from oxytimer.domain.sites import load_time_zone

    assert load_time_zone().utcoffset(None) == timedelta(hours=8)


def test_the_import_writes_in_one_transaction_without_savepoints():
    """Issue 18: a savepoint inside the import's transaction makes SQLite journal every
    page it changes (in a temporary file); the import writes its batches without one, and
    the rows it makes itself (scores, audit rows) get time-ordered ids (UUID version 7),
    which its indexes take at their end."""
    repo = fresh_repo()
    seen = []
    repo.db.conn.set_trace_callback(seen.append)
    try:
        assert import_csv(repo, big_file(2 * BATCH_ROWS + 3)).written
    finally:
        repo.db.conn.set_trace_callback(None)
    begins = [s for s in seen if s.strip().upper().startswith(("BEGIN", "SAVEPOINT"))]
    assert begins == ["BEGIN IMMEDIATE"]
    made = [r[0] for r in repo.db.execute("SELECT id FROM scores")]
    made += [r[0] for r in repo.db.execute("SELECT id FROM audit_log WHERE table_name != 'sites'")]
    assert {uuid.UUID(i).version for i in made} == {7}
