"""Run a real countdown through the app's own session and ticker code under CPU load.

    python benchmarks/countdown_accuracy.py --seconds 30 [--load 2]

Both cores are kept busy by busy-looping processes while a MassageSession of N seconds,
split into the protocol's steps, is driven by the app's Ticker on a real QApplication
(offscreen). The last line printed is a JSON object:
  end_error_ms  when the finish signal fired, minus the deadline
  max_lag_ms    the worst delay between a displayed second changing and the true boundary
  mean_lag_ms, p99_lag_ms, changes, load_processes
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import sys
import time


def _burn(stop: multiprocessing.synchronize.Event) -> None:  # type: ignore[name-defined]
    x = 0
    while not stop.is_set():
        for _ in range(100_000):
            x = (x * 31 + 7) % 1_000_003


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--load", type=int, default=os.cpu_count() or 2, help="busy processes")
    args = parser.parse_args()

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from oxytimer.domain.clock import SystemClock
    from oxytimer.domain.protocol import load_protocol
    from oxytimer.domain.session import MassageSession
    from oxytimer.ui.ticker import Ticker

    stop = multiprocessing.Event()
    burners = [multiprocessing.Process(target=_burn, args=(stop,)) for _ in range(args.load)]
    for process in burners:
        process.start()
    time.sleep(0.5)  # let the load settle before timing (a benchmark, not a test)

    app = QApplication(sys.argv)
    clock = SystemClock()
    session = MassageSession(load_protocol().step_durations(args.seconds), clock)
    ticker = Ticker()
    lags: list[float] = []
    result: dict[str, float] = {}
    deadline_holder: list[float] = []

    def on_second(remaining: int) -> None:
        if not deadline_holder:
            return
        boundary = deadline_holder[0] - remaining
        lags.append((clock.monotonic() - boundary) * 1000)

    def on_finished() -> None:
        result["end_error_ms"] = (clock.monotonic() - deadline_holder[0]) * 1000
        app.quit()

    ticker.second_changed.connect(on_second)
    ticker.session_finished.connect(on_finished)
    ticker.attach(session)
    events = session.start()
    deadline = session.deadline()
    assert deadline is not None
    deadline_holder.append(deadline)
    ticker.dispatch(events)
    app.exec()
    stop.set()
    for process in burners:
        process.join()

    lags_sorted = sorted(lags)
    summary = {
        "seconds": args.seconds,
        "load_processes": args.load,
        "end_error_ms": round(result.get("end_error_ms", float("nan")), 3),
        "max_lag_ms": round(max(lags), 3) if lags else None,
        "mean_lag_ms": round(statistics.fmean(lags), 3) if lags else None,
        "p99_lag_ms": round(lags_sorted[int(0.99 * (len(lags) - 1))], 3) if lags else None,
        "changes": len(lags),
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
