"""Start-up time of `oxytimer --quit-after-show` against a bare PySide6 window.

    python benchmarks/startup.py [--runs 31] [--db PATH] [--platform xcb]
    python benchmarks/startup.py --bundle dist/oxytimer   # the standalone app against the venv

With ``--bundle`` the standalone app (scripts/build_app.py) is compared with the venv's
``oxytimer`` in the same way, and the bundle's size on disk is printed too.

Both exit once their window has painted for the first time (the app through
``--quit-after-show``, the bare window through the same kind of event filter), and are run
side by side as fresh processes, in pairs whose order alternates (same interpreter, same
platform plugin: offscreen unless --platform says otherwise), so disk caches and the
machine's load hit both alike. Prints the median and minimum wall time of each, the median
(and quartiles) of the pairs' ratios, and the ratio of the medians; the last line is a
JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = (
    "import sys\n"
    "from PySide6.QtCore import QEvent, QObject, QTimer\n"
    "from PySide6.QtWidgets import QApplication, QLabel\n"
    "class FirstPaint(QObject):\n"
    "    def eventFilter(self, watched, event):\n"
    "        if event.type() == QEvent.Type.Paint:\n"
    "            watched.removeEventFilter(self)\n"
    "            QTimer.singleShot(0, app.quit)\n"
    "        return False\n"
    "app = QApplication(sys.argv)\n"
    "w = QLabel('bare window'); w.resize(1200, 780)\n"
    "watch = FirstPaint(); w.installEventFilter(watch)\n"
    "w.show()\n"
    "QTimer.singleShot(30000, lambda: app.exit(2))\n"
    "sys.exit(app.exec())\n"
)


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=31)
    parser.add_argument("--db", help="database to open (default: a fresh temporary file)")
    parser.add_argument("--platform", default="offscreen", help="QT_QPA_PLATFORM for both")
    parser.add_argument(
        "--bundle", type=Path, help="a standalone app folder, compared with the venv's oxytimer"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "bench.sqlite")
        env = {
            # An installed app runs from compiled bytecode; PYTHONDONTWRITEBYTECODE (set in
            # some shells and CI) would make every run recompile oxytimer's sources.
            **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
            "QT_QPA_PLATFORM": args.platform,
            "OXYTIMER_SETTINGS": str(Path(tmp) / "settings.ini"),
        }
        # The installed `oxytimer` command (what the README launches), else `python -m`.
        script = Path(sys.executable).with_name("oxytimer")
        launcher = [str(script)] if script.exists() else [sys.executable, "-m", "oxytimer"]
        app_cmd = [*launcher, "--db", db, "--quit-after-show"]
        bare_cmd = [sys.executable, "-c", BARE]
        names = ("bare PySide6 window", "oxytimer --quit-after-show")
        if args.bundle is not None:
            bare_cmd = app_cmd
            app_cmd = [str(args.bundle / "oxytimer"), "--db", db, "--quit-after-show"]
            names = ("venv oxytimer --quit-after-show", "standalone oxytimer --quit-after-show")
        timed(app_cmd, env)  # first run creates and migrates the database
        timed(bare_cmd, env)
        app_times, bare_times = [], []
        for run in range(args.runs):
            # Pairs, in alternating order: a slow spell of the machine, or whichever goes
            # first, weighs on both alike.
            if run % 2:
                app_times.append(timed(app_cmd, env))
                bare_times.append(timed(bare_cmd, env))
            else:
                bare_times.append(timed(bare_cmd, env))
                app_times.append(timed(app_cmd, env))
    ratios = [a / b for a, b in zip(app_times, bare_times, strict=True)]
    quartiles = statistics.quantiles(ratios, n=4)
    result = {
        "runs": args.runs,
        "platform": args.platform,
        "bare_median_ms": round(statistics.median(bare_times) * 1000, 1),
        "app_median_ms": round(statistics.median(app_times) * 1000, 1),
        "bare_min_ms": round(min(bare_times) * 1000, 1),
        "app_min_ms": round(min(app_times) * 1000, 1),
    }
    result["ratio_of_medians"] = round(result["app_median_ms"] / result["bare_median_ms"], 3)
    result["paired_ratio_median"] = round(statistics.median(ratios), 3)
    result["paired_ratio_quartiles"] = [round(quartiles[0], 3), round(quartiles[2], 3)]
    if args.bundle is not None:
        files = [p for p in args.bundle.rglob("*") if p.is_file() and not p.is_symlink()]
        result["bundle_mb"] = round(sum(p.stat().st_size for p in files) / 1e6, 1)
        print(f"standalone app: {result['bundle_mb']} MB in {len(files)} files")
    print(f"{names[0]}: median {result['bare_median_ms']} ms")
    print(f"{names[1]}: median {result['app_median_ms']} ms")
    print(
        f"ratio: {result['paired_ratio_median']} (median of {args.runs} side-by-side pairs;"
        f" quartiles {result['paired_ratio_quartiles']}); ratio of the medians:"
        f" {result['ratio_of_medians']}"
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
