"""Cost of the audit trail's checks (issue 10 item 5) on a copy of a large database.

    python benchmarks/audit_chain.py --db /work/bench/demo100k.sqlite [--runs 7] [--no-full]

The database is copied first (SQLite's backup API, read-only on the original), then opened
once with this code: the upgrade (migration ``0005_audit_chain`` chains every existing
audit row) is timed. Then ``runs`` times each:

* ``open`` then ``check``: ``Repository.open`` (what every start does anyway), then
  ``check_at_open`` on it (what the app does after its first paint, and the CLI before
  export and merge) with nothing new since the last check, each timed;
* ``check after a new record``: ``check_at_open`` after one mother with a session and
  its scores was recorded (a few new chain rows to hash).

and once the full walk of ``oxytimer verify`` (``verify_chain``) unless ``--no-full``.
Prints the medians, the ratios (check / open, check / full verify) and a JSON line.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from oxytimer.domain.clock import FakeClock
from oxytimer.storage.audit_chain import check_at_open, verify_chain
from oxytimer.storage.repository import Repository


def copy(original: Path, target: Path) -> float:
    start = time.perf_counter()
    source = sqlite3.connect(original.resolve().as_uri() + "?mode=ro", uri=True)
    dest = sqlite3.connect(target)
    source.backup(dest)
    dest.close()
    source.close()
    return time.perf_counter() - start


def timed_open(path: Path, check: bool) -> tuple[float, float]:
    """Seconds for open (+ check) + close, and for the check alone."""
    start = time.perf_counter()
    repo = Repository.open(path)
    checked = 0.0
    if check:
        before = time.perf_counter()
        result = check_at_open(repo.db.conn)
        checked = time.perf_counter() - before
        assert result.ok, result.sentence()
    repo.close()
    return time.perf_counter() - start, checked


def add_record(path: Path, n: int) -> None:
    clock = FakeClock(datetime(2027, 1, 1, 1, 0, tzinfo=UTC))
    repo = Repository.open(path, clock, operator="benchmark")
    try:
        mother = repo.add_mother(repo.sites()[0]["id"], f"BENCH-{n:04d}")
        repo.start_session(
            mother_id=mother,
            caregiver="husband",
            planned_seconds=240,
            pre_total=1,
            pre_items=None,
            pre_category=None,
            min_total=0,
            max_total=8,
            protocol_version="1.0.0",
            instrument_version="1.0.0",
        )
    finally:
        repo.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="database to copy")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--no-full", action="store_true", help="skip the full verify")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="audit-bench-", dir=args.workdir))
    path = work / "copy.sqlite"
    copied = copy(args.db, path)
    print(f"copied {args.db} in {copied:.1f} s")

    start = time.perf_counter()
    repo = Repository.open(path)  # the upgrade: 0005_audit_chain chains the existing rows
    upgrade = time.perf_counter() - start
    rows = repo.db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    start = time.perf_counter()
    first = check_at_open(repo.db.conn)  # after the upgrade: the schema changed, so counts
    first_check = time.perf_counter() - start
    repo.close()
    assert first.ok, first.sentence()
    size_mb = path.stat().st_size / 1e6
    print(f"{rows} audit rows, {size_mb:.0f} MB; upgrade (chain built) {upgrade:.1f} s")

    opens, checks = [], []
    for _run in range(args.runs):
        start = time.perf_counter()
        repo = Repository.open(path)
        opened = time.perf_counter()
        result = check_at_open(repo.db.conn)
        checks.append(time.perf_counter() - opened)
        opens.append(opened - start)
        repo.close()
        assert result.ok, result.sentence()
    after_new = []
    hashed = []
    for run in range(args.runs):
        add_record(path, run)
        repo = Repository.open(path)
        start = time.perf_counter()
        result = check_at_open(repo.db.conn)
        after_new.append(time.perf_counter() - start)
        hashed.append(result.checked)
        repo.close()
        assert result.ok
    full = None
    if not args.no_full:
        repo = Repository.open(path)
        start = time.perf_counter()
        result = verify_chain(repo.db.conn)
        full = time.perf_counter() - start
        repo.close()
        assert result.ok and result.checked == rows + sum(hashed), result.checked

    figures = {
        "audit_rows": rows,
        "size_mb": round(size_mb),
        "upgrade_s": round(upgrade, 2),
        "open_ms": round(statistics.median(opens) * 1000, 1),
        "first_check_after_upgrade_ms": round(first_check * 1000, 1),
        "check_ms": round(statistics.median(checks) * 1000, 2),
        "check_after_new_record_ms": round(statistics.median(after_new) * 1000, 1),
        "rows_hashed_after_new_record": statistics.median(hashed),
        "full_verify_s": None if full is None else round(full, 2),
    }
    print(f"open (median of {args.runs}): {figures['open_ms']} ms")
    first_ms = figures["first_check_after_upgrade_ms"]
    print(f"first check after the upgrade (rows counted): {first_ms} ms")
    print(f"check at open, nothing new: {figures['check_ms']} ms")
    print(
        f"check after a new record: {figures['check_after_new_record_ms']} ms"
        f" ({figures['rows_hashed_after_new_record']} rows hashed)"
    )
    ratio = statistics.median(checks) / statistics.median(opens)
    print(f"ratio check / open: {ratio:.2e}")
    if full is not None:
        print(
            f"full verify: {full:.1f} s; check / full verify:"
            f" {statistics.median(checks) / full:.2e}"
        )
    print(json.dumps(figures))
    print(f"(the copy is left in {work}; delete it when done)")


if __name__ == "__main__":
    main()
