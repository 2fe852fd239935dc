"""Render every screen at the sizes of the bedside laptops, to look at them (issue: small
screens). Offscreen and deterministic; also lists controls that fall outside the window.

    .venv/bin/python scripts/render_screens.py [--lang en|id] [--theme light|contrast|night]
        [--sizes 1024x600,1280x800,1366x768] [--out /tmp/oxytimer-screens]

Writes ``{out}/{screen}_{width}x{height}_{lang}_{theme}.png`` for the bedside pages
(start, prescore, guided, paused, post) and the tabs (today, registry, history, summary).
"""

from __future__ import annotations

import argparse
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="en", choices=("en", "id"))
    parser.add_argument("--theme", default="light", choices=("light", "contrast", "night"))
    parser.add_argument("--font-size", type=int, default=14)
    parser.add_argument("--sizes", default="1024x600,1280x800,1366x768")
    parser.add_argument("--screens", default="", help="comma-separated; default: all")
    parser.add_argument("--out", default=str(Path(tempfile.gettempdir()) / "oxytimer-screens"))
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    tmp = Path(tempfile.mkdtemp())
    os.environ["OXYTIMER_SETTINGS"] = str(tmp / "settings.ini")

    from PySide6.QtCore import QEventLoop, QPoint, QRect, QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    from oxytimer.app import create_window, install_translators
    from oxytimer.domain.clock import FakeClock
    from oxytimer.storage.repository import Repository
    from oxytimer.ui.settings import Settings
    from oxytimer.ui.theme import stylesheet

    app = QApplication([])
    settings = Settings()
    settings.language = args.lang
    settings.theme = args.theme
    settings.font_size = args.font_size
    settings.operator = "Bidan Sari"
    install_translators(app, args.lang)
    app.setStyleSheet(stylesheet(args.theme, args.font_size))
    clock = FakeClock(datetime(2026, 3, 2, 23, 5, tzinfo=UTC))  # 07:05 in Mataram
    db = tmp / "oxy.sqlite"
    try:  # some history for the tabs and the summary's plots
        from oxytimer.storage.demo import fill_demo

        demo_repo = Repository.open(db, clock, operator="demo")
        fill_demo(demo_repo, mothers=30, seed=3)
        demo_repo.close()
    except Exception as error:  # the screens still render, with fewer rows
        print(f"no demo data: {error}")
    window, repo = create_window(db, clock=clock, settings=settings)
    window.show()
    screen = window.session_screen
    start = screen.start_page
    site = repo.sites()[0]["id"]
    for code in ("MTR-001", "MTR-002", "MTR-003"):
        repo.add_mother(site, code)
    screen.refresh()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    wanted = set(filter(None, args.screens.split(",")))

    def settle(ms: int = 0) -> None:
        app.processEvents()
        if ms:
            loop = QEventLoop()
            QTimer.singleShot(ms, loop.quit)
            loop.exec()
        app.processEvents()

    def check(name: str, size: str, controls: list[QWidget]) -> None:
        width, height = (int(v) for v in size.split("x"))
        area = QRect(0, 0, width, height)  # the screen, even if the window is bigger
        for control in controls:
            if not control.isVisible():
                continue
            top_left = control.mapTo(window, QPoint(0, 0))
            rect = QRect(top_left, control.size())
            visible = control.visibleRegion().boundingRect()
            if not area.contains(rect) or visible.size() != control.size():
                print(f"  ! {name} {size}: {control.text()!r} clipped at {rect}")  # type: ignore[attr-defined]

    problems = 0
    for size in args.sizes.split(","):
        width, height = (int(v) for v in size.split("x"))
        window.resize(width, height)
        hint = window.minimumSizeHint()
        if hint.width() > width or hint.height() > height:
            problems += 1
            print(f"  ! window {size}: minimum size {hint.width()}x{hint.height()}")

        def save(name: str, controls: list[QWidget], size: str = size) -> None:
            settle()
            if wanted and name not in wanted:
                return
            window.grab().save(str(out / f"{name}_{size}_{args.lang}_{args.theme}.png"))
            check(name, size, controls)

        window.tabs.setCurrentWidget(screen)
        screen.show_start()
        start.select_mother(start.mothers_model.records()[1].id)
        start.caregiver.buttons["husband"].click()
        save("start", [start.next_button, start.add_button])
        start.next_button.click()
        for number, item in enumerate(screen.instrument.items):
            choice = screen.pre_page.form.choice_widget(item.id)
            choice.buttons["yes" if number < 2 else "no"].click()
        save("prescore", [screen.pre_page.start_button, screen.pre_page.back_button])
        screen.pre_page.start_button.click()
        for _ in range(200):
            clock.advance(0.5)
            screen.ticker.poll_now()
        settle(900)  # the step-change flash fades
        guided = screen.guided_page
        save("guided", [guided.pause_button, guided.abort_button])
        screen.toggle_pause()
        save("paused", [guided.pause_button, guided.abort_button])
        screen.toggle_pause()
        while screen.session is not None and screen.currentWidget() is guided:
            clock.advance(5)
            screen.ticker.poll_now()
            if guided.done_button.isVisible():
                settle(900)
                save("finished", [guided.done_button])
                guided.done_button.click()
        save("post", [screen.post_page.save_button, screen.post_page.later_button])
        screen.post_page.later_button.click()
        tabs = window.registry_tabs
        for name, page in (
            ("today", tabs.today_view),
            ("registry", tabs.registry_view),
            ("history", tabs.history_view),
            ("summary", window.summary_tab),
        ):
            window.tabs.setCurrentWidget(page)
            settle()
            if name == "summary":  # the analysis runs on a worker thread
                view = window.summary_tab.view
                view.wait()
                settle(300)
                full = view.scroll_area.widget().grab()  # below the fold too: the plots' labels
                full.save(str(out / f"summary-full_{size}_{args.lang}_{args.theme}.png"))
            buttons: list[QWidget] = {
                "today": [tabs.today_view.start_button],
                "registry": [tabs.registry_view.history_button],
                "history": [tabs.history_view.correct_button],
                "summary": [window.summary_tab.view.pdf_button],
            }[name]
            save(name, buttons)
    print(f"saved in {out}; {problems} size problem(s)")
    window.summary_tab.view.wait()
    window.close()
    repo.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
