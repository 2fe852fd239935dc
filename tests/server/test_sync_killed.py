"""A sync killed at any moment leaves both sides whole; the next one finishes (issue 15).

The sync runs as its own process (``oxytimer sync``). ``OXYTIMER_SYNC_STOP_AT`` makes it
stop itself at a chosen checkpoint (a batch of a table, before or after a commit, in the
pull or the push) and say so; the test then kills it with SIGKILL: no sleeps, the same
points on every run.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys

import pytest

from oxytimer.storage.merge_rules import TABLES
from oxytimer.storage.repository import Repository
from oxytimer.storage.sync import sync

from .sync_helpers import (
    count_text,
    laptop_records,
    make_laptop,
    make_study,
    running_session,
    server_records,
)

STEPS = [(d, t, n) for d in ("pull", "push") for t in TABLES for n in (1, 2, 3)] + [
    (d, s, 1) for d in ("pull", "push") for s in ("commit", "committed")
]
POINTS = random.Random(15).sample(STEPS, 20)


@pytest.fixture(autouse=True)
def pgpass(tmp_path, monkeypatch):
    path = tmp_path / "pgpass"
    monkeypatch.setenv("PGPASSFILE", str(path))
    return path


def run_sync(path, url=None):
    repo = Repository.open(path)
    try:
        return sync(repo, url)
    finally:
        repo.close()


def change(path, step: int, mother: str | None, session: str | None = None) -> str:
    """A new mother here, and (given one) an audited correction of another's age, and
    (given one) a running session's heartbeat (no audit row)."""
    repo = Repository.open(path)
    try:
        site = repo.site_id("AMP")
        tag = repo.db.execute("SELECT tag FROM laptop").fetchone()[0]
        added = repo.add_mother(site, f"AMP-{tag}{900 + step}")
        if mother is not None:
            repo.correct_mother(mother, "age", 20 + step, f"step {step}")
        if session is not None:
            repo.heartbeat(session, 10.0 * (step + 1), float(step))
        return added
    finally:
        repo.close()


def killed_sync(path, point: tuple[str, str, int]) -> None:
    spec = ":".join(str(p) for p in point)
    env = {**os.environ, "OXYTIMER_SYNC_STOP_AT": spec}
    process = subprocess.Popen(
        [sys.executable, "-m", "oxytimer", "--db", str(path), "sync", "--batch", "5"],
        env=env,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    assert process.stderr is not None
    seen = []
    for line in process.stderr:  # until it stops itself there
        seen.append(line)
        if line.startswith(f"oxytimer sync stopped at {spec}"):
            break
    else:
        process.wait()
        process.stderr.close()
        pytest.fail(f"the sync never reached {spec}: {''.join(seen)}")
    process.kill()
    process.wait()
    process.stderr.close()


def no_half_records(records: dict) -> None:
    """Every record has the audit row of its insertion and every audit row its record."""
    audit = {(dict(r)["table_name"], dict(r)["record_id"]) for r in records["audit_log"]}
    for table in ("mothers", "screenings", "sessions", "scores"):
        ids = {dict(r)["id"] for r in records[table]}
        assert {(table, i) for i in ids} <= audit, table
        assert {i for t, i in audit if t == table} <= ids, table


def keys(rows: list) -> set[str]:
    found = set()
    for row in rows:
        row = dict(row)
        found.add(str(row.get("id") or f"{row.get('score_id')}/{row.get('item_id')}"))
    return found


def one_of(after: dict, before: dict, whole: dict) -> None:
    """``after`` is ``before`` (nothing applied) or holds every record and audit row of
    ``whole`` (all applied; a record newer here keeps its newer values)."""
    tables = [t for t in after if t != "sites"]  # a site's creation time may move earlier
    if all(after[t] == before[t] for t in tables):
        return
    for table in tables:
        assert keys(whole[table]) <= keys(after[table]), f"{table} applied in part"


def test_a_sync_killed_at_twenty_points_converges_after_one_more(pg_url, tmp_path):
    study = make_study(pg_url, "AMP")
    a = make_laptop(tmp_path / "a.sqlite", seed=1, code="AMP", mothers=3)
    b = make_laptop(tmp_path / "b.sqlite", seed=2, code="AMP", mothers=3)
    run_sync(a, study.roles["AMP"])
    run_sync(b, study.roles["AMP"])
    repo = Repository.open(a)
    mother = repo.db.execute("SELECT id FROM mothers ORDER BY study_code").fetchone()[0]
    repo.unlock_record(mother, "to correct her age")
    session = running_session(repo, "AMP")
    repo.close()
    for step, point in enumerate(POINTS):
        change(b, step, None)
        run_sync(b)
        change(a, step, mother, session)
        laptop_before = laptop_records(a, "AMP")
        server_before = server_records(pg_url, "AMP")
        killed_sync(a, point)
        laptop_after = laptop_records(a, "AMP")
        server_after = server_records(pg_url, "AMP")
        no_half_records(laptop_after)
        no_half_records(server_after)
        one_of(laptop_after, laptop_before, server_before)  # the pull: all or nothing
        one_of(server_after, server_before, laptop_after)  # the push: all or nothing
        result = run_sync(a)  # one more sync finishes the job
        assert result.conflicts == 0, point
        assert laptop_records(a, "AMP") == server_records(pg_url, "AMP"), point
    run_sync(b)
    assert laptop_records(a, "AMP") == laptop_records(b, "AMP") == server_records(pg_url, "AMP")
    heartbeat = f"SELECT massage_seconds FROM sessions WHERE id = '{session}'"
    assert count_text(b, heartbeat) == str(10.0 * len(POINTS))  # the last one, unaudited
