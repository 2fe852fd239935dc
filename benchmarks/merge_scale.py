"""Merge of demo databases into an empty one: time and peak memory, this code beside another.

    .venv/bin/python benchmarks/merge_scale.py --source 1000=/work/bench/demo1k.sqlite \\
        --source 10000=/work/bench/demo10k.sqlite [--baseline-ref 8d20012] \\
        [--only-new 100000=/work/bench/demo10k.sqlite*10]

Each merge runs in its own process (peak resident memory from ``getrusage``): the source
is copied to a temporary folder first (never merged from in place), the target is a new
empty database. ``N=PATH*K`` builds the source from PATH's records K times over (ids
and study codes of each copy suffixed). ``--baseline-ref REF`` also runs the same merge
with the code of that git commit (extracted with ``git archive``), alternating, and
prints the ratios. The last
line is JSON: per size, seconds (wall and CPU) and peak MiB of each, and the growth
exponent ``k`` (CPU time ∝ n^k) between consecutive sizes for this code.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import resource, sys, time
from pathlib import Path
from oxytimer.storage.merge import merge_databases
from oxytimer.storage.repository import Repository
target, source = sys.argv[1], sys.argv[2]
repo = Repository.open(target, operator="bench")
started = time.perf_counter()
cpu = time.process_time()
report = merge_databases(repo, [Path(source)])
cpu = time.process_time() - cpu
elapsed = time.perf_counter() - started
repo.close()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
import oxytimer
assert oxytimer.__file__.startswith(sys.argv[3]), oxytimer.__file__
print(elapsed, peak, report.added["mothers"], len(report.conflicts), cpu)
"""


_SUFFIXED = frozenset({"id", "mother_id", "session_id", "score_id", "record_id", "study_code"})


def repeated(source: Path, times: int, out: Path) -> Path:
    """A larger source: ``source`` and ``times - 1`` copies of its records, each copy's
    ids and study codes suffixed (``.1`` ...), so that they are new records."""
    import sqlite3

    conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    conn.execute("VACUUM INTO ?", [str(out)])
    conn.close()
    conn = sqlite3.connect(out)
    conn.execute("ATTACH ? AS s", [f"file:{source}?mode=ro"])
    for table in ("mothers", "screenings", "sessions", "scores", "score_items", "audit_log"):
        cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
        where = " WHERE table_name != 'sites'" if table == "audit_log" else ""
        for k in range(1, times):
            exprs = [f"{c} || '.{k}'" if c in _SUFFIXED else c for c in cols]
            conn.execute(
                f"INSERT INTO main.{table} ({', '.join(cols)})"
                f" SELECT {', '.join(exprs)} FROM s.{table}{where}"
            )
        conn.commit()
    conn.close()
    return out


def run(code_root: Path, source: Path, work: Path) -> tuple[float, float, int, float]:
    copy = work / "source.sqlite"
    for suffix in ("", "-wal", "-shm"):
        if Path(str(source) + suffix).exists():
            shutil.copyfile(str(source) + suffix, str(copy) + suffix)
    target = work / "target.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(target), str(copy), str(code_root)],
        check=True,
        capture_output=True,
        text=True,
        cwd=work,  # not the repository: "python -c" puts the working folder first on sys.path
        env={"PYTHONPATH": str(code_root), "PATH": "/usr/bin:/bin", "HOME": str(work)},
    ).stdout.split()
    return float(out[0]), float(out[1]), int(out[2]), float(out[4])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--source", action="append", default=[], help="N=PATH")
    parser.add_argument("--only-new", action="append", default=[], help="N=PATH (no baseline)")
    parser.add_argument("--baseline-ref", help="git commit of the code to compare with")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        baseline = None
        if args.baseline_ref:
            baseline = work / "baseline"
            baseline.mkdir()
            archive = subprocess.run(
                ["git", "-C", str(ROOT), "archive", args.baseline_ref, "oxytimer"],
                check=True,
                capture_output=True,
            ).stdout
            subprocess.run(["tar", "-x", "-C", str(baseline)], input=archive, check=True)
        results: dict[int, dict[str, float]] = {}
        plan = [(s, True) for s in args.source] + [(s, False) for s in args.only_new]
        for spec, compare in plan:
            n_text, _, path = spec.partition("=")
            n = int(n_text)
            if "*" in path:  # PATH*K: PATH's records K times over
                path, _, times = path.partition("*")
                path = str(repeated(Path(path), int(times), work / f"repeated-{n}.sqlite"))
            seconds, peak, mothers, cpu = run(ROOT, Path(path), work)
            results[n] = {
                "seconds": round(seconds, 2),
                "cpu_seconds": round(cpu, 2),
                "peak_mib": round(peak, 1),
            }
            line = (
                f"{n:>7} mothers: this code {seconds:7.1f} s ({cpu:.1f} s CPU)"
                f" {peak:6.0f} MiB ({mothers} merged)"
            )
            if compare and baseline is not None:
                old_s, old_peak, _, old_cpu = run(baseline, Path(path), work)
                results[n].update(
                    baseline_seconds=round(old_s, 2),
                    baseline_cpu_seconds=round(old_cpu, 2),
                    baseline_peak_mib=round(old_peak, 1),
                )
                line += (
                    f" | baseline {old_s:7.1f} s ({old_cpu:.1f} s CPU) {old_peak:6.0f} MiB"
                    f" | CPU x{old_cpu / cpu:.2f} less, memory x{old_peak / peak:.1f} less"
                )
            print(line, flush=True)
        sizes = sorted(results)
        # CPU time: on a shared machine the wall time mostly measures the other load.
        ks = {
            f"{a}-{b}": round(
                math.log(results[b]["cpu_seconds"] / results[a]["cpu_seconds"]) / math.log(b / a),
                3,
            )
            for a, b in itertools.pairwise(sizes)
        }
        print(json.dumps({"merge": results, "k": ks}))


if __name__ == "__main__":
    main()
