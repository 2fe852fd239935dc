"""Render the README's screenshots of the bedside flow, offscreen and deterministic.

    .venv/bin/python scripts/screenshots.py [--lang en|id] [--out docs/screenshots]

Builds the real main window on a temporary database, drives it as a user would (a fake
clock stands in for waiting) and saves PNGs of what the window shows.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="en", choices=("en", "id"))
    parser.add_argument("--out", default="docs/screenshots")
    parser.add_argument("--size", default="1280x800")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    tmp = Path(tempfile.mkdtemp())
    os.environ["OXYTIMER_SETTINGS"] = str(tmp / "settings.ini")

    from PySide6.QtWidgets import QApplication

    from oxytimer.app import create_window, install_translators
    from oxytimer.domain.clock import FakeClock
    from oxytimer.ui.settings import Settings
    from oxytimer.ui.theme import stylesheet

    app = QApplication([])
    settings = Settings()
    settings.language = args.lang
    settings.operator = "Bidan Sari"
    install_translators(app, args.lang)
    app.setStyleSheet(stylesheet(settings.theme, settings.font_size))
    clock = FakeClock(datetime(2026, 3, 2, 23, 5, tzinfo=UTC))  # 07:05 in Mataram
    window, repo = create_window(tmp / "oxy.sqlite", clock=clock, settings=settings)
    width, height = (int(v) for v in args.size.split("x"))
    window.resize(width, height)
    window.show()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    suffix = "" if args.lang == "en" else "_id"

    screen = window.session_screen
    start = screen.start_page
    site = repo.sites()[0]["id"]
    for code in ("MTR-001", "MTR-002", "MTR-003"):
        repo.add_mother(site, code)
    screen.refresh()
    start.select_mother(repo.mothers()[0].id)
    start.caregiver.buttons["husband"].click()
    app.processEvents()
    window.grab().save(str(out / f"start{suffix}.png"))

    start.next_button.click()
    for number, item in enumerate(screen.instrument.items):
        screen.pre_page.form.choice_widget(item.id).buttons["yes" if number < 2 else "no"].click()
    app.processEvents()
    window.grab().save(str(out / f"prescore{suffix}.png"))
    screen.pre_page.start_button.click()
    for _ in range(int(100 / 0.5)):
        clock.advance(0.5)
        screen.ticker.poll_now()
    # Let the step-change flash (a real-time animation) fade before the picture.
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(900, loop.quit)
    loop.exec()
    window.grab().save(str(out / f"guided{suffix}.png"))
    print(f"saved start, prescore and guided screenshots ({args.lang}) in {out}")
    screen.abort_session("screenshots done")  # so closing asks nothing
    window.close()
    repo.close()
    del window


if __name__ == "__main__":
    main()
