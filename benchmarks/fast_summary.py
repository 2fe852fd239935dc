"""``oxytimer summary`` from the stored per-mother rows (issue 17: 100,000 mothers in
under 3 s), beside the summary from every session.

    .venv/bin/python benchmarks/fast_summary.py --db /tmp/demo100k.sqlite [--runs 5]
    .venv/bin/python benchmarks/fast_summary.py --db /tmp/demo100k.sqlite --compare

The file must be opened once by this version first (``oxytimer --db FILE verify``, or
the app): that upgrades it and fills the stored rows. The package's modules are compiled
first (``compileall``), as an installed package's are: this environment sets
PYTHONDONTWRITEBYTECODE, and compiling oxytimer's modules at every start would cost
more than reading the stored rows.

Prints, run after run (wall and CPU of each child process, from ``wait4``):

* ``json``: ``oxytimer --db FILE summary --format json --skip-integrity-check``;
* ``text``: the same with ``--format text`` (the default);
* ``csv``: ``--format csv`` (every pair listed: the per-unit rows are read);
* ``filtered``: ``--caregiver husband --caregiver midwife --format json`` (the stored
  cells, migration 0011);
* ``python``: the interpreter starting and importing what ``summary`` imports, without
  reading the file (``-c`` import only): the floor under every figure above.

With ``--compare``, also in this process, once: the summary from the stored rows and
from every mother's records (every mother marked stale in a transaction rolled back
afterwards: the path every summary took before), unfiltered and filtered, compared as
JSON (they must be identical), with their CPU times; and the refresh of every mother's
stored rows (rolled back too).

JSON last: medians of ``--runs``.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OXYTIMER = [sys.executable, "-m", "oxytimer"]
IMPORTS = (
    "import click, numpy, oxytimer.cli, oxytimer.domain.summary, oxytimer.domain.stats,"
    " oxytimer.storage.summary, oxytimer.storage.summary_columns"
)


def child(args: list[str]) -> tuple[float, float]:
    """(wall, CPU) of one child process."""
    started = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, cwd=ROOT)
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(args)} failed")
    return wall, usage.ru_utime + usage.ru_stime


def measured(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    """(wall, CPU of this process, value) of ``fn()``."""
    started, cpu = time.perf_counter(), time.process_time()
    value = fn()
    return time.perf_counter() - started, time.process_time() - cpu, value


def compare(db: Path) -> dict[str, Any]:
    """Stored against records, unfiltered and filtered; the refresh of everyone."""
    from oxytimer.domain.instrument import load_instrument
    from oxytimer.storage.analysis import AnalysisFilter
    from oxytimer.storage.repository import Repository
    from oxytimer.storage.summary import summarise_database
    from oxytimer.storage.summary_table import refresh

    instrument = load_instrument()
    repo = Repository.open(db)
    out: dict[str, Any] = {}

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

    filters = {
        "all": AnalysisFilter(),
        "caregiver": AnalysisFilter(caregivers=("husband", "midwife")),
    }
    for name, flt in filters.items():

        def summary(flt: AnalysisFilter = flt) -> str:
            found = summarise_database(repo, flt, instrument=instrument, per_unit=False)
            return json.dumps(found.to_dict(), sort_keys=True, allow_nan=True)

        wall, cpu, stored = measured(summary)
        out[f"{name}_stored_in_process"] = (round(wall, 2), round(cpu, 2))
        wall, cpu, from_records = measured(all_stale(summary))
        out[f"{name}_records_in_process"] = (round(wall, 2), round(cpu, 2))
        # generated_at differs by the time between them
        strip = {"versions"}
        same = {k: v for k, v in json.loads(stored).items() if k not in strip} == {
            k: v for k, v in json.loads(from_records).items() if k not in strip
        }
        assert same, f"the stored rows disagree with the records ({name})"
        out[f"{name}_identical"] = same
        print(json.dumps({name: out}), flush=True)
    wall, cpu, _ = measured(all_stale(lambda: refresh(repo)))
    out["refresh_all"] = (round(wall, 2), round(cpu, 2))
    repo.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--compare", action="store_true", help="stored against records, once")
    args = parser.parse_args()
    compileall.compile_dir(ROOT / "oxytimer", quiet=1)

    base = [*OXYTIMER, "--db", str(args.db), "summary", "--skip-integrity-check"]
    commands = {
        "python": [sys.executable, "-c", IMPORTS],
        "json": [*base, "--format", "json"],
        "text": [*base, "--format", "text"],
        "csv": [*base, "--format", "csv"],
        "filtered": [*base, "--caregiver", "husband", "--caregiver", "midwife", "--format", "json"],
    }
    rows: dict[str, list[tuple[float, float]]] = {k: [] for k in commands}
    for _ in range(args.runs):
        for key, command in commands.items():
            rows[key].append(child(command))
        print(json.dumps({k: [round(x, 2) for x in v[-1]] for k, v in rows.items()}), flush=True)
    result: dict[str, Any] = {"db": str(args.db), "runs": args.runs, "load": os.getloadavg()}
    for key, values in rows.items():
        result[f"{key}_wall_s"] = round(statistics.median(v[0] for v in values), 2)
        result[f"{key}_cpu_s"] = round(statistics.median(v[1] for v in values), 2)
        result[f"{key}_wall_min_s"] = round(min(v[0] for v in values), 2)
    if args.compare:
        result["compare"] = compare(args.db)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
