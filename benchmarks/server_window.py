"""The app opened on a study server (issue 15): time to the first summary, a filter change,
and the GUI thread's longest stall meanwhile.

    .venv/bin/python benchmarks/server_window.py URL [--runs 3]

``URL``: a study server holding records (e.g. a demo file copied in with
``tests/server/test_server_summary.py::copy_into_server``), with a role that may read them
(its password in libpq's file, or in the URL). Each run opens the window
(:class:`oxytimer.ui.server_window.ServerWindow`, offscreen), waits for the first summary,
then chooses the first site and waits again. A 10 ms timer on the GUI thread records the
gaps between its ticks: the longest is the longest time the window could not paint.
Wall times and the process's CPU time are printed; nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("url")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from oxytimer.domain.clock import SystemClock
    from oxytimer.domain.data_files import DataFiles
    from oxytimer.ui.server_window import ServerWindow
    from oxytimer.ui.settings import Settings

    app = QApplication([])
    for run in range(args.runs):
        clock = QElapsedTimer()
        clock.start()
        gaps: list[int] = []
        last = [0]

        def tick(
            gaps: list[int] = gaps, last: list[int] = last, clock: QElapsedTimer = clock
        ) -> None:
            now = clock.elapsed()
            gaps.append(now - last[0])
            last[0] = now

        timer = QTimer()
        timer.setInterval(10)
        timer.timeout.connect(tick)
        timer.start()
        cpu = time.process_time()
        window = ServerWindow(args.url, DataFiles(), SystemClock(), Settings())
        window.show()
        done: list[int] = []
        failed: list[object] = []
        window.summary.summary_updated.connect(
            lambda _s, done=done, c=clock: done.append(c.elapsed())
        )
        window.summary.server_failed.connect(lambda e, failed=failed: failed.append(e))

        def wait(done: list[int] = done, failed: list[object] = failed) -> int:
            while not done:
                if failed:
                    raise SystemExit(f"the server gave nothing: {failed[0]}")
                app.processEvents()
                time.sleep(0.002)
            return done.pop()

        first = wait()
        started = clock.elapsed()
        window.summary.site_combo.setCurrentIndex(1)
        changed = wait() - started
        timer.stop()
        print(
            f"run {run}: first summary {first} ms, a filter change {changed} ms,"
            f" longest GUI gap {max(gaps)} ms, process CPU {time.process_time() - cpu:.2f} s"
        )
        window.close()
        window.deleteLater()
        app.processEvents()


if __name__ == "__main__":
    main()
