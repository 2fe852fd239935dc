"""How long the window cannot paint, and how late the countdown is, on a large database.

    python benchmarks/gui_responsiveness.py --db demo100k.sqlite [--seconds 60]
    python benchmarks/gui_responsiveness.py            # an empty database, for comparison

Works on a copy of ``--db`` (in a temporary folder; the original is never opened for
writing). Builds the window as the app does (``app.create_window``, then the data files'
and audit trail's checks; the language and style sheet as the app sets them), shows it, then:

1. the start-up backup (``app.start_backups``), until it is saved (and the tabs' modules
   imported in the background, as 3 s after the app's start);
2. opens each tab in turn (Today, Registry, History, Summary) and times its first rows
   (Summary: its result) from the click;
3. a real massage of ``--seconds`` on the app's ticker (the real clock: this is a
   benchmark, not a test), during which the daily backup runs, Today refreshes and the
   Registry is searched.

A heartbeat timer on the GUI thread (every 5 ms) measures the longest time the event loop
could not run (and so could not paint) after the window was shown. The same heartbeat in
a bare Qt process of its own, running meanwhile, gives what the machine alone costs (a
process waiting for a core on a loaded machine): ``machine_stall_ms``. The last line
printed is a JSON object: build_window_ms, max_stall_ms (and the phase it happened in),
machine_stall_ms, startup_backup_ms, daily_backup_ms, countdown_max_lag_ms,
countdown_end_error_ms, first_rows_ms per tab.
"""

from __future__ import annotations

import argparse
import faulthandler
import gc
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a database to copy (default: an empty one)")
    parser.add_argument("--seconds", type=float, default=60.0, help="the massage's length")
    parser.add_argument(
        "--trace-stalls",
        action="store_true",
        help="print (to stderr) where the GUI thread was while it could not paint",
    )
    parser.add_argument(
        "--text-size", type=int, help="the interface's text size in points (the app's default)"
    )
    parser.add_argument(
        "--switch-interval",
        type=float,
        help="the interpreter's switch interval in ms (default: the app's; Python's is 5)",
    )
    args = parser.parse_args()

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    work = Path(tempfile.mkdtemp(prefix="oxytimer-gui-"))
    os.environ["OXYTIMER_SETTINGS"] = str(work / "settings.ini")
    db_path = work / "oxy.sqlite"
    if args.db is not None:
        shutil.copyfile(args.db, db_path)
        os.chmod(db_path, 0o600)
    try:
        result = run(
            db_path,
            args.seconds,
            trace=args.trace_stalls,
            text_size=args.text_size,
            switch_ms=args.switch_interval,
        )
        print(json.dumps(result))
    finally:
        shutil.rmtree(work, ignore_errors=True)


REFERENCE = """
import json, select, sys, time
from PySide6.QtCore import QCoreApplication, QTimer
app = QCoreApplication([])
gaps, last = [], [time.perf_counter()]
def beat():
    now = time.perf_counter()
    gaps.append(now - last[0])
    last[0] = now
    if len(gaps) % 20 == 0 and select.select([sys.stdin], [], [], 0)[0]:
        app.quit()
timer = QTimer()
timer.setInterval(5)
timer.timeout.connect(beat)
timer.start()
app.exec()
gaps.sort()
print(json.dumps({"max": gaps[-1] * 1000, "p99": gaps[int(len(gaps) * 0.99)] * 1000}))
"""


def start_reference() -> subprocess.Popen[str]:
    """A bare Qt process with the same heartbeat: what the machine's load alone costs."""
    return subprocess.Popen(
        [sys.executable, "-c", REFERENCE], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )


def reference_stalls(process: subprocess.Popen[str]) -> dict[str, float]:
    out, _ = process.communicate("", timeout=60)  # (closing its input ends it)
    found = json.loads(out.strip().splitlines()[-1])
    return {k: round(v, 1) for k, v in found.items()}


class StallTracer(threading.Thread):
    """Samples the GUI thread's Python stack whenever the heartbeat is late.

    Each sample stands for about ``every`` seconds of a stall; the report groups them by
    phase and by the innermost frames of the project's own code (a C++ call, such as a
    layout, shows as the Python line that made it). The stacks are read as text
    (``faulthandler``): holding another thread's frames, this thread could drop their
    last reference and so destroy the GUI thread's Qt objects here.
    """

    def __init__(self, last: list[float], phase: list[str], late_ms: float = 40.0) -> None:
        super().__init__(daemon=True)
        self.gui = threading.get_ident()
        self.last, self.phase, self.late = last, phase, late_ms / 1000
        self.every = 0.01
        self.samples: Counter[tuple[str, str]] = Counter()
        self.stopped = threading.Event()
        self.dump = tempfile.TemporaryFile()  # noqa: SIM115 - kept open while sampling

    def run(self) -> None:
        woke = time.perf_counter()
        while not self.stopped.wait(self.every):
            now = time.perf_counter()
            slept, woke = now - woke, now
            if now - self.last[0] < self.late:
                continue
            stacks = self._stacks()
            where = self._where(stacks.pop(self.gui, []))
            if slept > 3 * self.every:  # this thread waited too: what held the GIL?
                held = [w for w in map(self._where, stacks.values()) if w != "(Qt)"]
                where += "  [GIL elsewhere: " + (" | ".join(held) or "?") + "]"
            self.samples[(self.phase[0], where)] += max(1, round(slept / self.every))

    def _stacks(self) -> dict[int, list[tuple[str, int, str]]]:
        """Every thread's frames, innermost first: (file, line, function)."""
        self.dump.seek(0)
        self.dump.truncate()
        faulthandler.dump_traceback(self.dump, all_threads=True)
        self.dump.seek(0)
        stacks: dict[int, list[tuple[str, int, str]]] = {}
        frames: list[tuple[str, int, str]] = []
        for line in self.dump.read().decode("utf-8", "replace").splitlines():
            head = re.match(r"(?:Current thread|Thread) (0x[0-9a-f]+)", line)
            found = re.match(r'\s+File "(.*)", line (\d+) in (\S+)', line)
            if head:
                frames = stacks.setdefault(int(head[1], 16), [])
            elif found:
                frames.append((found[1], int(found[2]), found[3]))
        return stacks

    @staticmethod
    def _where(frames: list[tuple[str, int, str]]) -> str:
        lines = [
            f"{Path(name).name}:{line} {function}"
            for name, line, function in frames
            if ("oxytimer" in name or "pyqtgraph" in name) and "benchmarks" not in name
        ]
        return " < ".join(lines[:6]) or "(Qt)"

    def report(self, top: int = 25) -> None:
        self.stopped.set()
        for (phase, where), n in self.samples.most_common(top):
            print(f"{n * self.every * 1000:7.0f} ms  {phase:26} {where}", file=sys.stderr)


def run(
    db_path: Path,
    seconds: float,
    *,
    trace: bool = False,
    text_size: int | None = None,
    switch_ms: float | None = None,
) -> dict[str, object]:
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from oxytimer import app as app_module
    from oxytimer.domain.clock import SystemClock
    from oxytimer.domain.protocol import load_protocol
    from oxytimer.domain.session import MassageSession
    from oxytimer.ui.settings import Settings
    from oxytimer.ui.ticker import Ticker

    qapp = QApplication.instance() or QApplication(sys.argv)
    settings = Settings()
    settings.operator = "Benchmark"
    if text_size is not None:
        settings.font_size = text_size
    # The language and the style sheet, as run_gui sets them (styling each widget is a
    # good part of building a tab).
    from oxytimer.ui.language import install_translators
    from oxytimer.ui.theme import stylesheet

    install_translators(qapp, settings.language)
    qapp.setStyleSheet(stylesheet(settings.theme, settings.font_size))
    clock = SystemClock()
    result: dict[str, object] = {}

    # A database from an older version is upgraded once, before anything is timed.
    from oxytimer.storage.repository import Repository

    Repository.open(db_path).close()
    started = time.perf_counter()
    window, repo = app_module.create_window(db_path, clock=clock, settings=settings)
    window.resize(1280, 800)
    window.show()
    qapp.processEvents()
    result["build_window_ms"] = round((time.perf_counter() - started) * 1000, 1)
    try:  # as run_gui does once the window is shown
        from oxytimer import collector
    except ImportError:  # (an earlier version, run side by side: it froze them the same)
        gc.freeze()
    else:
        collector.enabled = True
        collector.freeze()
    if hasattr(app_module, "share_interpreter"):  # (an earlier version did not)
        app_module.share_interpreter()
    if switch_ms is not None:
        sys.setswitchinterval(switch_ms / 1000)
    # What run_gui does once the window has painted.
    app_module.check_data_files(window)
    app_module.check_audit_trail(window, repo)

    # The heartbeat: the longest gap between two of its ticks is the longest stall.
    phase = ["start"]
    stalls: dict[str, float] = {}
    last = [time.perf_counter()]

    def beat() -> None:
        now = time.perf_counter()
        gap = (now - last[0]) * 1000
        last[0] = now
        stalls[phase[0]] = max(stalls.get(phase[0], 0.0), gap)

    reference = start_reference()
    heart = QTimer()
    heart.setInterval(5)
    heart.timeout.connect(beat)
    heart.start()
    tracer = StallTracer(last, phase) if trace else None
    if tracer is not None:
        tracer.start()

    def wait_until(done: Callable[[], bool], timeout_s: float = 600.0) -> float:
        """Run the event loop until ``done()``; the milliseconds it took."""
        timer = QElapsedTimer()
        timer.start()
        loop = QEventLoop()
        check = QTimer()
        check.setInterval(2)
        check.timeout.connect(lambda: loop.quit() if done() else None)
        check.start()
        guard = QTimer()
        guard.setSingleShot(True)
        guard.timeout.connect(loop.quit)
        guard.start(int(timeout_s * 1000))
        if not done():
            loop.exec()
        check.stop()
        return float(timer.elapsed())

    # 1. The start-up backup.
    phase[0] = "startup_backup"
    made: list[str] = []
    backups = app_module.start_backups(window, repo, db_path, delay_ms=0)
    backups.backup_made.connect(made.append)
    backups.backup_failed.connect(made.append)
    result["startup_backup_ms"] = wait_until(lambda: bool(made))

    # 2. Each tab, its first rows. (After the tabs' modules were imported in the
    # background, 3 s after start-up, as they are before anyone opens a tab: on a small
    # database the backup ends sooner, and the tabs' stalls were their imports.)
    tabs = window.registry_tabs
    if hasattr(tabs.lazy, "preloaded"):
        wait_until(lambda: tabs.lazy.preloaded, 60)
    else:  # (an earlier version imported them on a worker thread)
        preload = lambda: getattr(tabs.lazy, "preloading", None)  # noqa: E731
        wait_until(lambda: preload() is not None and preload().done, 60)
    first_rows: dict[str, float] = {}
    for name in ("today", "registry", "history"):
        phase[0] = f"tab_{name}"
        last[0] = time.perf_counter()
        clicked = QElapsedTimer()
        clicked.start()
        window.tabs.setCurrentIndex(window.tabs.indexOf(tabs.lazy.tab_of(name)))
        page = tabs.lazy.page(name)
        model = page.mothers_model if name == "history" else page.model
        wait_until(lambda m=model, p=page: m.rowCount() > 0 or not p.loading)
        first_rows[name] = float(clicked.elapsed())
    phase[0] = "tab_summary"
    clicked = QElapsedTimer()
    clicked.start()
    window.tabs.setCurrentWidget(window.summary_tab)
    # (Not ``summary_tab.view``: that would build the view at once, as no user can.)
    shown = window.summary_tab

    def summary_shown() -> bool:
        view = shown.built_view
        return view is not None and view.summary is not None

    wait_until(summary_shown)
    first_rows["summary"] = float(clicked.elapsed())
    result["first_rows_ms"] = first_rows

    # 3. A massage, with the daily backup and refreshes while it runs.
    phase[0] = "massage"
    window.tabs.setCurrentWidget(window.session_screen)
    session = MassageSession(load_protocol().step_durations(seconds), clock)
    ticker = Ticker()
    lags: list[float] = []
    ended: list[float] = []
    deadline: list[float] = []
    ticker.second_changed.connect(
        lambda remaining: (
            lags.append((clock.monotonic() - (deadline[0] - remaining)) * 1000)
            if deadline
            else None
        )
    )
    ticker.session_finished.connect(lambda: ended.append((clock.monotonic() - deadline[0]) * 1000))
    ticker.attach(session)
    events = session.start()
    end = session.deadline()
    assert end is not None
    deadline.append(end)
    ticker.dispatch(events)

    made.clear()
    daily = QElapsedTimer()

    def daily_backup() -> None:
        phase[0] = "massage_daily_backup"
        daily.start()
        backups.check_now(clock.now_utc() + timedelta(days=1))

    def then(name: str, action: Callable[[], object]) -> Callable[[], None]:
        def run() -> None:
            phase[0] = name
            action()

        return run

    QTimer.singleShot(2000, daily_backup)
    QTimer.singleShot(4000, then("massage_today_refresh", tabs.today_view.refresh))
    search = tabs.registry_view.search_edit
    QTimer.singleShot(6000, then("massage_registry_search", lambda: search.setText("01")))
    QTimer.singleShot(9000, then("massage_registry_refresh", tabs.registry_view.refresh))
    QTimer.singleShot(12000, then("massage_rest", lambda: None))
    daily_ms: list[float] = []
    backups.backup_made.connect(lambda _p: daily_ms.append(float(daily.elapsed())))
    wait_until(lambda: bool(ended), seconds + 120)
    wait_until(lambda: bool(daily_ms) or not backups.running())
    heart.stop()
    if tracer is not None:
        tracer.report()

    result["daily_backup_ms"] = daily_ms[0] if daily_ms else None
    result["countdown_max_lag_ms"] = round(max(lags), 1) if lags else None
    result["countdown_end_error_ms"] = round(ended[0], 1) if ended else None
    worst = max(stalls, key=lambda k: stalls[k])
    result["max_stall_ms"] = round(stalls[worst], 1)
    result["max_stall_phase"] = worst
    reference_found = reference_stalls(reference)
    result["machine_stall_ms"] = reference_found["max"]
    result["machine_stall_p99_ms"] = reference_found["p99"]
    result["stall_ms_by_phase"] = {k: round(v, 1) for k, v in stalls.items()}
    backups.stop()
    window.close()
    repo.close()
    return result


if __name__ == "__main__":
    main()
