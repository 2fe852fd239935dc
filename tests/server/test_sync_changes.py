"""Changes without an audit row reach the other laptops with an ordinary sync (issue 15):
a running session's heartbeat, marked by triggers on both sides (migration 0012 on the
laptop, ``oxytimer_changes`` on the server), not only with ``sync --full``."""

from __future__ import annotations

from datetime import UTC, datetime

import psycopg
import pytest

from oxytimer.domain.clock import FakeClock
from oxytimer.storage.repository import Repository
from oxytimer.storage.server import ServerError
from oxytimer.storage.server_changes import CHANGES_TABLE
from oxytimer.storage.sync import sync

from .sync_helpers import (
    count_text,
    laptop_records,
    make_laptop,
    make_study,
    running_session,
    server_records,
)

CLOCK = FakeClock(datetime(2026, 4, 5, 1, 0, tzinfo=UTC))


@pytest.fixture(autouse=True)
def pgpass(tmp_path, monkeypatch):
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "pgpass"))


def run_sync(path, url=None, **kwargs):
    repo = Repository.open(path, CLOCK)
    try:
        return sync(repo, url, **kwargs)
    finally:
        repo.close()


def beat(path, session, massage, paused):
    CLOCK.advance(30)
    repo = Repository.open(path, CLOCK)
    try:
        repo.heartbeat(session, massage, paused)
    finally:
        repo.close()


def total(counts) -> int:
    return sum(counts.values())


def test_a_heartbeat_reaches_the_other_laptop_with_an_ordinary_sync(pg_url, tmp_path):
    study = make_study(pg_url, "AMP")
    a = make_laptop(tmp_path / "a.sqlite", seed=1, code="AMP", mothers=2)
    b = make_laptop(tmp_path / "b.sqlite", seed=2, code="AMP", mothers=2)
    repo = Repository.open(a, CLOCK)
    session = running_session(repo, "AMP")
    repo.close()
    beat(a, session, 30.0, 0.0)
    for path in (a, b, a):
        run_sync(path, study.roles["AMP"])
    progress = (
        f"SELECT massage_seconds || ' ' || paused_seconds FROM sessions WHERE id = '{session}'"
    )
    assert count_text(b, progress) == "30.0 0.0"
    for massage, paused in ((90.0, 5.0), (150.0, 12.0)):
        beat(a, session, massage, paused)  # no audit row
        sent = run_sync(a)
        assert sent.pushed.updated["sessions"] == 1 and sent.conflicts == 0
        got = run_sync(b)
        assert got.pulled.updated["sessions"] == 1 and got.conflicts == 0
        assert count_text(b, progress) == f"{massage} {paused}"
        assert laptop_records(a, "AMP") == laptop_records(b, "AMP") == server_records(pg_url, "AMP")
    # nothing goes round again: what came from the server is not sent back
    for path in (a, b):
        again = run_sync(path)
        assert total(again.pushed.updated) == total(again.pulled.updated) == 0
        assert total(again.pushed.added) == total(again.pulled.added) == 0
    # compared whole, the same (a heartbeat alone is never a conflict: the later wins)
    full = run_sync(b, full=True)
    assert full.conflicts == 0 and total(full.pushed.updated) == total(full.pulled.updated) == 0


def test_a_server_without_the_marks_of_changes_is_refused_in_a_sentence(pg_url, tmp_path):
    study = make_study(pg_url, "AMP")
    a = make_laptop(tmp_path / "a.sqlite", seed=1, code="AMP", mothers=1)
    with psycopg.connect(pg_url) as conn:  # as a server set up by the version before
        conn.execute(f"DROP TABLE {CHANGES_TABLE} CASCADE")
    with pytest.raises(ServerError) as refused:
        run_sync(a, study.roles["AMP"])
    assert refused.value.code == "server_older" and "server init" in str(refused.value)


def test_only_the_owner_writes_the_marks(pg_url, tmp_path):
    study = make_study(pg_url, "AMP")
    a = make_laptop(tmp_path / "a.sqlite", seed=1, code="AMP", mothers=1)
    run_sync(a, study.roles["AMP"])
    with (
        psycopg.connect(study.roles["AMP"]) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        conn.execute(f"INSERT INTO {CHANGES_TABLE} VALUES ('mothers', 'x', 1)")
