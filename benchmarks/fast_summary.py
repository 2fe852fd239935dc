"""The summary from the stored per-mother rows against the summary from every session
(issue 17: ``oxytimer summary`` on 100,000 mothers under 3 s).

    .venv/bin/python benchmarks/fast_summary.py --db /tmp/demo100k.sqlite [--runs 3]

The file must be opened once by this version first (``oxytimer --db FILE verify``, or
the app): that upgrades it and fills the stored rows. Prints, side by side on the same
file and run alternately:

* the whole ``oxytimer --db FILE summary --format json --skip-integrity-check`` process
  (wall and CPU of the child), which reads the stored rows;
* in one process, ``summarise_database`` from the stored rows, and from every mother's
  records (what every summary did before: all mothers marked stale in a transaction
  that is rolled back, so the file is left as it was);
* the refresh of every mother's stored rows (also rolled back), which writers do after
  a change (one mother at the bedside; every mother after an upgrade).

JSON last: medians of ``--runs``.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OXYTIMER = [sys.executable, "-m", "oxytimer"]


def child(args: list[str]) -> tuple[float, float]:
    """(wall, CPU) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measured(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    """(wall, CPU of this process, value) of ``fn()``."""
    started, cpu = time.perf_counter(), time.process_time()
    value = fn()
    return time.perf_counter() - started, time.process_time() - cpu, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from oxytimer.domain.instrument import load_instrument
    from oxytimer.storage.repository import Repository
    from oxytimer.storage.summary import summarise_database
    from oxytimer.storage.summary_table import refresh, stale_count

    instrument = load_instrument()
    repo = Repository.open(args.db)
    if stale_count(repo.db):
        repo.refresh_summary()

    def summary() -> str:
        found = summarise_database(repo, instrument=instrument)
        return json.dumps(found.to_dict(), sort_keys=True, allow_nan=True)

    def all_stale(fn: Callable[[], Any]) -> Callable[[], Any]:
        def run() -> Any:
            repo.db.conn.execute("SAVEPOINT bench")
            try:
                repo.db.execute(
                    "INSERT INTO summary_stale (mother_id) SELECT id FROM mothers WHERE true"
                    " ON CONFLICT DO NOTHING"
                )
                return fn()
            finally:
                repo.db.conn.execute("ROLLBACK TO bench")
                repo.db.conn.execute("RELEASE bench")

        return run

    command = [*OXYTIMER, "--db", str(args.db), "summary", "--format", "json"]
    rows: dict[str, list[tuple[float, float]]] = {
        "process_stored": [],
        "stored": [],
        "records": [],
        "refresh_all": [],
    }
    mothers = repo.db.execute("SELECT count(*) FROM mothers").fetchone()[0]
    for _ in range(args.runs):
        rows["process_stored"].append(child([*command, "--skip-integrity-check"]))
        wall, cpu, stored = measured(summary)
        rows["stored"].append((wall, cpu))
        wall, cpu, from_records = measured(all_stale(summary))
        rows["records"].append((wall, cpu))
        assert stored == from_records, "the stored rows disagree with the records"
        wall, cpu, _ = measured(all_stale(lambda: refresh(repo)))
        rows["refresh_all"].append((wall, cpu))
        print(json.dumps({k: v[-1] for k, v in rows.items()}), flush=True)
    repo.close()
    result: dict[str, Any] = {"mothers": mothers, "runs": args.runs}
    for key, values in rows.items():
        result[f"{key}_wall_s"] = round(statistics.median(v[0] for v in values), 2)
        result[f"{key}_cpu_s"] = round(statistics.median(v[1] for v in values), 2)
    result["records_over_stored_cpu"] = round(result["records_cpu_s"] / result["stored_cpu_s"], 1)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
