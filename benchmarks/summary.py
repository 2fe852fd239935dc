"""How long ``oxytimer summary`` takes on 100,000 pairs: from a CSV and from a database.

    .venv/bin/python benchmarks/summary.py                      # CSV only
    .venv/bin/python benchmarks/summary.py --db /tmp/bench.sqlite --create-db

Prints, for 100,000 pairs in a ``--pairs`` CSV (SPEC.md's d_i = (i mod 7) − 2) and for a
100,000-mother demo database: the computation time (in-process, the analysis alone and
each step before it) and the whole-process time of ``oxytimer summary --format json``
(median of --runs fresh processes) on the 100,000-pair file and on a 1-pair file, run
alternately with R's ``wilcox.test(post, pre, paired = TRUE, conf.int = TRUE)`` on the
same files when Rscript is on PATH (and says so when it is not), as wall time and as CPU
time (user + system of the child, which other load on the machine disturbs less).
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OXYTIMER = [sys.executable, "-m", "oxytimer"]


def make_csv(path: Path, n: int) -> None:
    rng = random.Random(4)
    with open(path, "w", encoding="utf-8") as out:
        out.write("participant,pre,post\n")
        for i in range(n):
            pre = rng.randint(0, 3)
            out.write(f"P{i:06d},{pre},{pre + (i % 7) - 2}\n")


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def process_seconds(args: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def one_process(args: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child: user + system) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def side_by_side(commands: dict[str, list[str]], runs: int) -> dict[str, tuple[float, float]]:
    """Median (wall, CPU) of each command, run alternately so that both see the same load."""
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, args in commands.items():
            wall, cpu = one_process(args)
            walls[name].append(wall)
            cpus[name].append(cpu)
    return {
        name: (statistics.median(walls[name]), statistics.median(cpus[name])) for name in commands
    }


R_SCRIPT = (
    "args <- commandArgs(TRUE); d <- read.csv(args[1]);"
    " print(wilcox.test(d$post, d$pre, paired = TRUE, conf.int = TRUE))\n"
)


def bench_csv(n: int, runs: int, folder: Path) -> None:
    from oxytimer.domain.pairs_csv import read_pairs_csv
    from oxytimer.domain.stats import analyse

    path = folder / f"pairs{n}.csv"
    make_csv(path, n)
    read_s, table = timed(lambda: read_pairs_csv(path))
    analyse(table.pre[:100], table.post[:100])  # import numpy outside the timing
    analyse_s, result = timed(lambda: analyse(table.pre, table.post))
    w = result.wilcoxon
    print(f"== --pairs CSV, {n:,} pairs")
    print(
        f"  check: Z = {w.z:.3f}, HL = {result.hodges_lehmann.estimate}, "
        f"CI [{result.hodges_lehmann.ci_low}, {result.hodges_lehmann.ci_high}]"
    )
    print(f"  computation (analyse):         {analyse_s * 1000:8.1f} ms")
    print(f"  reading the CSV:               {read_s * 1000:8.1f} ms")
    one = folder / "one.csv"
    one.write_text("participant,pre,post\nP1,1,3\n", encoding="utf-8")
    commands = {
        "oxytimer, 1 pair": [*OXYTIMER, "summary", "--pairs", str(one), "--format", "json"],
        f"oxytimer, {n:,} pairs": [*OXYTIMER, "summary", "--pairs", str(path), "--format", "json"],
    }
    rscript = shutil.which("Rscript")
    if rscript is not None:
        script = folder / "wilcox.R"
        script.write_text(R_SCRIPT, encoding="utf-8")
        commands["R, 1 pair"] = [rscript, str(script), str(one)]
        commands[f"R, {n:,} pairs"] = [rscript, str(script), str(path)]
    else:
        print("  R: skipped (Rscript is not on PATH)")
    figures = side_by_side(commands, runs)
    print(f"  whole process, median of {runs} alternating runs (wall, CPU user+system):")
    for name, (wall, cpu) in figures.items():
        print(f"    {name:28s} {wall * 1000:8.1f} ms wall  {cpu * 1000:8.1f} ms CPU")
    if rscript is not None:
        for label in ("1 pair", f"{n:,} pairs"):
            ox, r = figures[f"oxytimer, {label}"], figures[f"R, {label}"]
            print(f"  {label}: oxytimer / R = {ox[0] / r[0]:.2f} (wall), {ox[1] / r[1]:.2f} (CPU)")


def bench_db(db: Path, runs: int, create: bool, mothers: int, reference: bool) -> None:
    from oxytimer.domain.instrument import load_instrument
    from oxytimer.domain.pairing import make_pairs
    from oxytimer.domain.stats import analyse
    from oxytimer.domain.summary import category_spec
    from oxytimer.storage.analysis import mothers_for_analysis, pair_in_database
    from oxytimer.storage.summary import adherence_by_mother, open_for_reading, summarise_database

    if create and not db.exists():
        print(f"== creating a {mothers:,}-mother demo database at {db} (bulk path)")
        seconds = process_seconds(
            [*OXYTIMER, "--db", str(db), "demo", "--mothers", str(mothers), "--seed", "1"], 1
        )
        print(f"  demo: {seconds:.1f} s, {db.stat().st_size / 1e6:,.0f} MB")
    if not db.exists():
        print(f"== database: skipped ({db} does not exist; add --create-db)")
        return
    open_s, repo = timed(lambda: open_for_reading(db, check=False))
    pair_s, found = timed(lambda: pair_in_database(repo.db, None, "first-last"))
    dose_s, doses = timed(lambda: adherence_by_mother(repo))
    pairing = found.pairing
    spec = category_spec(load_instrument())
    analyse(pairing.pre[:100], pairing.post[:100])
    analyse_s, _ = timed(lambda: analyse(pairing.pre, pairing.post, categories=spec))
    whole_s, summary = timed(lambda: summarise_database(repo, instrument=load_instrument()))
    print(f"== database {db}: {len(doses):,} followed mothers, {summary.analysis.n_pairs:,} pairs")
    print(f"  computation (analyse):         {analyse_s * 1000:8.1f} ms")
    print(f"  pairing in SQL (pair_in_database): {pair_s * 1000:8.1f} ms")
    print(f"  adherence (dose_rows, one query):  {dose_s * 1000:8.1f} ms")
    print(
        f"  whole summary service:         {whole_s * 1000:8.1f} ms"
        " (summarise_database: pairs, adherence, analysis, Tables 1-2, dose)"
    )
    print(f"  opening:                       {open_s * 1000:8.1f} ms")
    if reference:
        read_s, mothers_found = timed(lambda: mothers_for_analysis(repo.db))
        ref_s, ref = timed(lambda: make_pairs(mothers_found, "first-last"))
        same = "same pairs" if ref == pairing else "DIFFERENT PAIRS"
        print(
            f"  reference: mothers_for_analysis {read_s:.1f} s + make_pairs {ref_s:.1f} s ({same})"
        )
    repo.close()
    whole = process_seconds(
        [*OXYTIMER, "--db", str(db), "summary", "--format", "json", "--skip-integrity-check"], runs
    )
    print(f"  whole process (median of {runs}):  {whole * 1000:8.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--db", type=Path, default=None, help="a demo database to time")
    parser.add_argument("--create-db", action="store_true", help="create --db if missing")
    parser.add_argument("--mothers", type=int, default=100_000)
    parser.add_argument(
        "--reference", action="store_true", help="also time the per-session Python path"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        bench_csv(args.pairs, args.runs, Path(folder))
    if args.db is not None:
        bench_db(args.db, args.runs, args.create_db, args.mothers, args.reference)


if __name__ == "__main__":
    main()
