"""How import, export, merge and summary grow with the number of mothers (issue 18).

    .venv/bin/python benchmarks/scaling.py                       # 1,000, 10,000, 100,000
    .venv/bin/python benchmarks/scaling.py --sizes 1000 10000 --ops import export-csv

Each operation runs as the user runs it, a fresh ``oxytimer`` process, on a copy of a demo
database of N mothers (``oxytimer demo --mothers N --seed 1``; taken from ``--demo-dir``
when ``demoNk.sqlite`` is there, made otherwise):

- ``import`` / ``import-required``: a paper-sessions file of N mothers with two rows each,
  with and without the optional ``age`` and ``occupation`` columns, into a new database;
- ``export-<format>``: ``oxytimer export --format <format>`` of the demo database;
- ``merge``: ``oxytimer merge`` of the demo database into a new one;
- ``summary``: ``oxytimer summary --format json`` of the demo database.

For each it prints the wall time, the CPU time (user + system) and the process's peak
memory (its maximum resident set), all from ``wait4``, and the growth exponent k between
consecutive sizes (time ∝ n^k: k = log(t2/t1) / log(n2/n1); 1 is linear, 2 quadratic), of
the wall time and of the CPU time (on a shared machine the wall time also measures the
other processes' load; the CPU time only this one's work). The whole process is timed, start-up
included (about 0.3-1 s), which flatters k at the small sizes; the largest pair of sizes is
what the last line reports. Times are the median of ``--runs`` runs (``--runs-large`` at
100,000 and above, one by default; ``--parallel`` starts the runs of one size together);
the peak is the largest of the runs. The last line is JSON: per operation, ``k`` (wall)
and ``k_cpu`` between the two largest sizes, and ``peak_mib``, ``seconds`` and
``cpu_seconds`` at the largest size.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OXYTIMER = [sys.executable, "-m", "oxytimer"]
EXPORTS = ("csv", "redcap", "bundle", "sav", "xlsx")
OPERATIONS = (
    "import",
    "import-required",
    *(f"export-{f}" for f in EXPORTS),
    "merge",
    "summary",
)
SITES = ("AMP", "CKR", "DSA", "DSC", "KPL")
OCCUPATIONS = ("ibu rumah tangga", "pedagang", "petani", "wiraswasta", "pegawai")


def start(args: list[str]) -> tuple[subprocess.Popen[bytes], float]:
    """Start a process (its stderr kept for the error message)."""
    process = subprocess.Popen(
        args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_env()
    )
    return process, time.perf_counter()


def finish(
    args: list[str], process: subprocess.Popen[bytes], started: float
) -> tuple[float, float, float]:
    """Wait for a process; its wall time (s), CPU time (user + system, s) and peak
    resident memory (MiB)."""
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    stderr = process.stderr.read().decode() if process.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 3):  # 3: merge found conflicts (none expected; still a merge)
        raise SystemExit(f"{' '.join(args)} failed ({code}):\n{stderr}")
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, cpu, usage.ru_maxrss / 1024  # KiB on Linux


def run(args: list[str]) -> tuple[float, float, float]:
    """Run a process; its wall time (s), CPU time (user + system, s) and peak resident
    memory (MiB)."""
    return finish(args, *start(args))


def run_all(commands: list[list[str]], parallel: bool) -> list[tuple[float, float, float]]:
    """Run the commands one after the other, or all at once (``parallel``: each process's
    CPU time and peak memory are its own either way; wall times then include the others')."""
    if not parallel:
        return [run(args) for args in commands]
    started = [start(args) for args in commands]
    return [finish(args, *one) for args, one in zip(commands, started, strict=True)]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("TZ", "Asia/Makassar")
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


def make_import_file(path: Path, mothers: int, optional: bool) -> None:
    """Two paper sessions for each of ``mothers`` mothers, morning and evening."""
    with open(path, "w", encoding="utf-8") as out:
        out.write("participant,site,date,pre,post,caregiver")
        out.write(",age,occupation\n" if optional else "\n")
        for i in range(mothers):
            site = SITES[i % len(SITES)]
            day = 1 + i % 28
            extra = f",{18 + i % 25},{OCCUPATIONS[i % 5]}" if optional else ""
            for hour, pre in ((7, i % 5), (16, (i + 2) % 5)):
                when = f"2026-01-{day:02d} {hour:02d}:{i % 60:02d}"
                out.write(f"B{i:06d},{site},{when},{pre},{pre + 2},suami{extra}\n")


def demo_copy(size: int, demo_dir: Path, folder: Path, *, copy: bool = True) -> Path:
    """A private copy of the demo database of ``size`` mothers (made when missing); with
    ``copy`` false, the file in ``demo_dir`` itself (a private copy already: the
    operations only read it)."""
    name = f"demo{size // 1000}k.sqlite" if size % 1000 == 0 else f"demo{size}.sqlite"
    source = demo_dir / name
    if not copy and source.exists():
        return source
    target = folder / f"demo{size}.sqlite"
    if target.exists():
        return target
    if source.exists():
        # A plain copy (never opened by SQLite there: a read-only file's folder gets no
        # side files); a demo database is written whole, without a -wal beside it.
        if Path(f"{source}-wal").exists() and Path(f"{source}-wal").stat().st_size:
            raise SystemExit(f"{source} has a -wal file: it is still being written")
        shutil.copyfile(source, target)
        os.chmod(target, 0o600)
    else:
        print(f"  making a demo database of {size} mothers ...", file=sys.stderr, flush=True)
        subprocess.run(
            [*OXYTIMER, "--db", str(target), "demo", "--mothers", str(size), "--seed", "1"],
            check=True,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            env=_env(),
        )
    return target


def command(op: str, size: int, folder: Path, demo: Path, attempt: int) -> list[str]:
    work = folder / f"{op}-{size}-{attempt}"
    work.mkdir()
    if op.startswith("import"):
        source = folder / f"{op}-{size}.csv"
        if not source.exists():
            make_import_file(source, size, optional=op == "import")
        return [*OXYTIMER, "--db", str(work / "new.sqlite"), "import", str(source)]
    if op.startswith("export-"):
        fmt = op.removeprefix("export-")
        return [*OXYTIMER, "--db", str(demo), "export", "--format", fmt, "--out", str(work)]
    if op == "merge":
        return [*OXYTIMER, "--db", str(work / "merged.sqlite"), "merge", str(demo)]
    if op == "summary":
        return [*OXYTIMER, "--db", str(demo), "summary", "--format", "json"]
    raise ValueError(op)


def exponent(n1: int, t1: float, n2: int, t2: float) -> float:
    return math.log(t2 / t1) / math.log(n2 / n1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--ops", nargs="+", choices=OPERATIONS, default=list(OPERATIONS))
    parser.add_argument("--runs", type=int, default=3, help="runs per size below 100,000")
    parser.add_argument("--runs-large", type=int, default=1, help="runs at 100,000 and above")
    parser.add_argument(
        "--parallel", action="store_true", help="the runs of one size at once (compare CPU time)"
    )
    parser.add_argument("--demo-dir", type=Path, default=Path("/work/bench/v10"))
    parser.add_argument(
        "--no-copy",
        action="store_true",
        help="use the demo files in --demo-dir as they are (private copies: only read)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the working folder")
    args = parser.parse_args()
    sizes = sorted(args.sizes)
    folder = Path(tempfile.mkdtemp(prefix="oxytimer-scaling-"))
    results: dict[str, dict[int, tuple[float, float, float]]] = {op: {} for op in args.ops}
    try:
        for size in sizes:
            needs_demo = any(not op.startswith("import") for op in args.ops)
            demo = (
                demo_copy(size, args.demo_dir, folder, copy=not args.no_copy)
                if needs_demo
                else folder
            )
            runs = args.runs if size < 100_000 else args.runs_large
            for op in args.ops:
                commands = [command(op, size, folder, demo, attempt) for attempt in range(runs)]
                measured = run_all(commands, args.parallel)
                seconds = statistics.median(m[0] for m in measured)
                cpu = statistics.median(m[1] for m in measured)
                peak = max(m[2] for m in measured)
                results[op][size] = (seconds, cpu, peak)
                each = ", ".join(f"{m[1]:.1f}" for m in measured)
                print(
                    f"{op:16s} {size:>7,d} mothers  {seconds:8.2f} s wall  {cpu:8.2f} s CPU"
                    f"  {peak:7.1f} MiB  (CPU of each run: {each})",
                    flush=True,
                )
                for attempt in range(runs):  # free the disk before the next one
                    shutil.rmtree(folder / f"{op}-{size}-{attempt}", ignore_errors=True)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    print()
    summary = {}
    for op, by_size in results.items():
        pairs = list(itertools.pairwise(sizes))
        wall = [exponent(a, by_size[a][0], b, by_size[b][0]) for a, b in pairs]
        cpu = [exponent(a, by_size[a][1], b, by_size[b][1]) for a, b in pairs]
        steps = "  ".join(
            f"k({a:,}->{b:,}) = {kw:.2f} wall, {kc:.2f} CPU"
            for (a, b), kw, kc in zip(pairs, wall, cpu, strict=True)
        )
        print(f"{op:16s} {steps}")
        largest = sizes[-1]
        summary[op] = {
            "k": round(wall[-1], 3) if wall else None,
            "k_cpu": round(cpu[-1], 3) if cpu else None,
            "peak_mib": round(by_size[largest][2], 1),
            "seconds": round(by_size[largest][0], 2),
            "cpu_seconds": round(by_size[largest][1], 2),
            "mothers": largest,
        }
    print(json.dumps(summary, sort_keys=True))


if __name__ == "__main__":
    main()
