"""Open oxytimer as ``run_gui`` does and drive it to a screen, for the README screenshots.

    oxytimer --db /tmp/x.sqlite demo
    printf '[General]\\nlanguage=id\\noperator=Bidan Sari\\n' > /tmp/s_id.ini
    OXYTIMER_SETTINGS=/tmp/s_id.ini ../shared/tools/screenshot.sh docs/screenshots/guided_id.png \\
        --wait 8 -- .venv/bin/python scripts/screenshot_drive.py guided /tmp/x.sqlite

SCREEN is ``start`` (a mother and the husband chosen) or ``guided`` (the countdown running).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from oxytimer.app import create_window, install_translators
from oxytimer.ui.settings import Settings
from oxytimer.ui.theme import stylesheet


def main(target: str, db: Path) -> int:
    app = QApplication(sys.argv[:1])
    settings = Settings()
    install_translators(app, settings.language)
    app.setStyleSheet(stylesheet(settings.theme, settings.font_size))
    window, repo = create_window(db, settings=settings)
    window.show()
    window.setGeometry(app.primaryScreen().availableGeometry())  # no window manager here
    screen = window.session_screen

    def go() -> None:
        start = screen.start_page
        start.mothers_view.selectRow(1)
        start.caregiver.set_value("husband")
        if target == "start":
            return
        start.next_button.click()
        for i, item in enumerate(screen.instrument.items):
            screen.pre_page.form.choice_widget(item.id).set_value("yes" if i % 3 else "no")
        screen.pre_page.start_button.click()

    QTimer.singleShot(500, go)
    status = app.exec()
    repo.close()
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1], Path(sys.argv[2])))
