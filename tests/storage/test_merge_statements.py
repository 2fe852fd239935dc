"""Issue 18: a merge executes the same number of SQL statements for each row it reads, into
an empty database and again into one that already has every row (counted with sqlite3's
trace callback on both connections), and the same SQLite work per row (its progress
handler): no look-up per row, no statement that reads a whole table for each batch."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from oxytimer.domain.clock import FakeClock
from oxytimer.storage import merge
from oxytimer.storage.demo import fill_demo
from oxytimer.storage.merge import TABLES, merge_databases
from oxytimer.storage.repository import Repository

NOW = datetime(2026, 4, 20, 3, 0, tzinfo=UTC)
SIZES = (250, 500, 1000)


@pytest.fixture(scope="module")
def sources(tmp_path_factory):
    folder = tmp_path_factory.mktemp("merge-statements")
    paths = []
    for mothers in SIZES:
        path = folder / f"demo{mothers}.sqlite"
        repo = Repository.open(path, FakeClock(NOW), operator="demo")
        fill_demo(repo, mothers=mothers, seed=7, bulk=True)
        repo.close()
        paths.append(path)
    return paths


def source_rows(path) -> int:
    repo = Repository.open(path)
    try:
        return sum(repo.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES)
    finally:
        repo.close()


def counted(target, source, monkeypatch) -> tuple[int, int]:
    """Statements and thousands of virtual-machine steps of merging ``source`` into
    ``target``, on both connections."""
    count = {"statements": 0, "steps": 0}

    def trace(_sql):
        count["statements"] += 1

    def progress():
        count["steps"] += 1
        return 0

    def watch(conn):
        conn.set_trace_callback(trace)
        conn.set_progress_handler(progress, 1000)

    opened = merge._open_source

    def open_source(path):
        conn = opened(path)
        watch(conn)
        return conn

    repo = Repository.open(target, FakeClock(NOW))
    with monkeypatch.context() as patched:
        patched.setattr(merge, "_open_source", open_source)
        watch(repo.db.conn)
        try:
            report = merge_databases(repo, [source])
        finally:
            repo.db.conn.set_trace_callback(None)
            repo.db.conn.set_progress_handler(None, 0)
    assert report.conflicts == []
    repo.close()
    return count["statements"], count["steps"]


def test_statements_and_work_per_row_are_constant(sources, tmp_path, monkeypatch):
    rows = [source_rows(path) for path in sources]
    into_empty, again = [], []
    for mothers, path in zip(SIZES, sources, strict=True):
        target = tmp_path / f"merged{mothers}.sqlite"
        into_empty.append(counted(target, path, monkeypatch))
        again.append(counted(target, path, monkeypatch))  # every row already here
    for runs, most in ((into_empty, 3.0), (again, 0.01)):
        statements = [s for s, _w in runs]
        # A fixed number per file (checks, the audit chain's ends), a few per batch of
        # 2,000 rows (read, look up) and, into the empty file, the inserts (sqlite3
        # traces each row of an executemany): the same for every row added. With every
        # row already here, nothing per row.
        added = [(statements[i + 1] - statements[i]) / (rows[i + 1] - rows[i]) for i in (0, 1)]
        assert abs(added[1] - added[0]) <= 0.15 * added[0], (rows, runs)
        assert max(added) < most, added
        work = [w / n for (_s, w), n in zip(runs, rows, strict=True)]
        assert max(work) <= 1.1 * min(work), (rows, runs)
