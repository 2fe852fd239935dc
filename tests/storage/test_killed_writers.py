"""kill -9 in the middle of the writers that keep the stored summary: its refresh, an
import, a merge, the upgrade that adds it (0010). Each runs in a child process that kills
itself (SIGKILL) from SQLite's progress handler a few hundred instructions into the
operation's write transaction: no sleeps, a point inside the write on every run. Then
the file is opened again: its records are as before, the audit trail intact, the stored
summary equals the summary computed from the records, and the next refresh brings it up
to date.
"""

from __future__ import annotations

import json
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from oxytimer.domain.clock import FakeClock
from oxytimer.domain.pairing import PairingRule
from oxytimer.storage.analysis import DESIGNS, AnalysisFilter
from oxytimer.storage.audit_chain import verify_chain
from oxytimer.storage.demo import fill_demo
from oxytimer.storage.repository import Repository
from oxytimer.storage.summary_table import stale_count
from tests.storage.test_summary_table import from_records, summary_json

TABLES = ("mothers", "sessions", "scores", "assessments", "audit_log")

CHILD = """
import os, signal, sys
from pathlib import Path
op, path, other = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
from oxytimer.domain.clock import FakeClock
from oxytimer.storage import repository_base
from oxytimer.storage.repository import Repository

def kill_soon(conn, after=5):
    left = [after]
    def tick():  # (counted inside a write transaction only: killed while writing)
        if conn.in_transaction:
            left[0] -= 1
        if left[0] <= 0:
            os.kill(os.getpid(), signal.SIGKILL)
        return 0
    conn.set_progress_handler(tick, 100)

if op == "upgrade":
    original = repository_base.migrate
    def migrate(db):
        kill_soon(db.conn)
        original(db)
    repository_base.migrate = migrate
    Repository.open(path)
    sys.exit(0)
repo = Repository.open(path, FakeClock())
repo.keeps_summary = False
if op == "refresh":
    repo.db.execute("INSERT INTO summary_stale (mother_id) SELECT id FROM mothers WHERE true"
                    " ON CONFLICT DO NOTHING")
    repo.db.conn.commit()
    kill_soon(repo.db.conn)
    repo.refresh_summary()
elif op == "import":
    from oxytimer.storage.exchange import import_csv
    data = Path(other).read_bytes()
    kill_soon(repo.db.conn)
    assert import_csv(repo, data).written  # (not reached: killed while writing)
elif op == "merge":
    from oxytimer.storage.merge import merge_databases
    kill_soon(repo.db.conn)
    merge_databases(repo, [Path(other)])
sys.exit(0)
"""


@pytest.fixture(scope="module")
def laptops(tmp_path_factory):
    folder = tmp_path_factory.mktemp("killed")
    for name, seed in (("here", 1), ("there", 2)):
        repo = Repository.open(folder / f"{name}.sqlite", FakeClock(), operator="Bidan Sari")
        fill_demo(repo, mothers=30, seed=seed, bulk=True)
        repo.close()  # (refreshes the stored summary: every mother current)
    rows = "".join(f"AMP-K{n:03d},AMP,1,4,2026-01-02 07:{n % 60:02d}\n" for n in range(60))
    (folder / "paper.csv").write_text("participant,site,pre,post,date\n" + rows)
    return folder


def as_0009(path: Path) -> None:
    """The file as the version before wrote it: no stored summary (migration 0010)."""
    conn = sqlite3.connect(path)
    names = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%summary%'"
    ).fetchall()
    for (trigger,) in names:
        conn.execute(f"DROP TRIGGER {trigger}")
    for table in ("summary_stale", "summary_pairing", "summary_dose", "summary_state"):
        conn.execute(f"DROP TABLE {table}")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0010_summary_table'")
    conn.commit()
    conn.close()


def records(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        conn.close()


def stored_equals_records(repo: Repository) -> None:
    for design in DESIGNS:
        flt = AnalysisFilter(design=design)
        for rule in (PairingRule.FIRST_LAST, PairingRule.SESSIONS):
            assert json.loads(summary_json(repo, flt, rule)) == json.loads(
                from_records(repo, flt, rule)
            )


@pytest.mark.parametrize("op", ["refresh", "import", "merge", "upgrade"])
def test_killed_half_way_the_file_is_whole_and_its_stored_summary_right(laptops, tmp_path, op):
    db = tmp_path / "oxy.sqlite"
    shutil.copyfile(laptops / "here.sqlite", db)
    if op == "upgrade":
        as_0009(db)
    other = laptops / ("paper.csv" if op == "import" else "there.sqlite")
    before = records(db)
    child = subprocess.run(
        [sys.executable, "-c", CHILD, op, str(db), str(other)], capture_output=True, text=True
    )
    assert child.returncode == -signal.SIGKILL, child.stderr  # killed inside the write
    assert records(db) == before  # nothing of it kept

    repo = Repository.open(db, FakeClock())  # (an upgrade killed half-way: done now)
    repo.keeps_summary = False
    try:
        assert verify_chain(repo.db.conn).ok
        assert sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone() == ("ok",)
        stored_equals_records(repo)  # with the mothers it left stale read from records
        if op == "refresh":
            assert stale_count(repo.db) == before["mothers"]  # rolled back: still stale
        repo.refresh_summary()
        assert stale_count(repo.db) == 0
        stored_equals_records(repo)  # every mother from the stored rows
    finally:
        repo.close()
