"""Start-up on a large database beside an empty one (issue 10, item 11).

    .venv/bin/python benchmarks/startup_large_db.py --large /work/bench/demo10k.sqlite
    .venv/bin/python benchmarks/startup_large_db.py --large FILE --cold   # root: drop caches
    .venv/bin/python benchmarks/startup_large_db.py --large FILE --before REV

Copies the large database (never opened in place) and makes an empty one as the first
start does, then runs ``oxytimer --db F --quit-after-show`` (open the database, build the
window, exit once it has painted) on each, in pairs whose order alternates, and prints the
medians and the ratio large / empty: start-up should not grow with the file's size.
``--cold`` drops the page cache before every run (Linux, as root), as after a reboot.
``--before REV`` also runs the code of git revision REV (e.g. the commit before the change)
on copies of the same files, for the figures side by side.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def drop_caches() -> None:
    os.sync()
    Path("/proc/sys/vm/drop_caches").write_text("3\n")


def timed(db: Path, env: dict[str, str], cold: bool) -> float:
    if cold:
        drop_caches()
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "oxytimer", "--db", str(db), "--quit-after-show"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=db.parent,  # not the repository root: ``-m`` would import ./oxytimer from there
    )
    return time.perf_counter() - start


def prepare(folder: Path, large: Path, env: dict[str, str]) -> tuple[Path, Path]:
    """A copy of ``large`` and an empty database (made by a first start) in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    big = folder / "large.sqlite"
    shutil.copyfile(large, big)
    os.chmod(big, 0o600)
    empty = folder / "empty.sqlite"
    for db in (big, empty):  # the first start (creation, or any migration) is not timed
        timed(db, env, cold=False)
    return big, empty


def measure(big: Path, empty: Path, env: dict[str, str], runs: int, cold: bool) -> dict:
    times: dict[str, list[float]] = {"large": [], "empty": []}
    for run in range(runs):
        order = ("large", "empty") if run % 2 == 0 else ("empty", "large")
        for name in order:
            times[name].append(timed(big if name == "large" else empty, env, cold))
    large_ms = statistics.median(times["large"]) * 1000
    empty_ms = statistics.median(times["empty"]) * 1000
    return {"large_ms": large_ms, "empty_ms": empty_ms, "ratio": large_ms / empty_ms}


def checkout(rev: str, folder: Path) -> Path:
    """The package of revision ``rev`` in ``folder`` (git archive), for PYTHONPATH."""
    folder.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev, "oxytimer"], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", type=Path, required=True, help="a large database to copy")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cold", action="store_true", help="drop the page cache before runs")
    parser.add_argument("--before", help="also run this git revision's code")
    args = parser.parse_args()
    size_mb = args.large.stat().st_size / 1e6
    base = {
        **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
        "QT_QPA_PLATFORM": "offscreen",
    }
    with tempfile.TemporaryDirectory() as tmp:
        base["OXYTIMER_SETTINGS"] = str(Path(tmp) / "settings.ini")
        Path(base["OXYTIMER_SETTINGS"]).write_text("[General]\nlanguage=en\noperator=bench\n")
        versions = {"this code": dict(base)}
        if args.before:
            old = checkout(args.before, Path(tmp) / "before")
            versions[f"{args.before}"] = {**base, "PYTHONPATH": str(old)}
        print(f"large database: {size_mb:.0f} MB; {args.runs} pairs; cold={args.cold}")
        for name, env in versions.items():
            big, empty = prepare(Path(tmp) / name.replace(" ", "_"), args.large, env)
            result = measure(big, empty, env, args.runs, args.cold)
            print(
                f"{name:>12}: empty {result['empty_ms']:.0f} ms, large"
                f" {result['large_ms']:.0f} ms, large/empty {result['ratio']:.2f}x"
            )


if __name__ == "__main__":
    main()
