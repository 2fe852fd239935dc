"""Kill a real app process mid-session; the next start must show what was lost."""

import os
import signal
import subprocess
import sys
import textwrap

from PySide6.QtCore import Qt

from oxytimer.app import create_window

DRIVER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from PySide6.QtWidgets import QApplication
    from oxytimer.app import create_window
    from oxytimer.ui.settings import Settings

    app = QApplication([])
    window, repo = create_window(Path(sys.argv[1]), settings=Settings())
    window.show()
    screen = window.session_screen
    start = screen.start_page
    mother_id = repo.add_mother(repo.sites()[0]["id"], "MTR-009")
    screen.refresh()
    start.select_mother(mother_id)
    start.caregiver.buttons["husband"].click()
    start.next_button.click()
    assessment = screen.assessment_page  # her first massage: the baseline assessment
    for item in assessment.form.instrument.items:
        assessment.form.choice_widget(item.id).buttons["no"].click()
    assessment.save_button.click()
    for number, item in enumerate(screen.pre_page.form.instrument.items):
        screen.pre_page.form.choice_widget(item.id).buttons["yes" if number < 2 else "no"].click()
    screen.pre_page.start_button.click()
    for _ in screen.protocol.preparation_steps:  # getting ready, the landmarks: untimed
        screen.guided_page.done_button.click()
    print("RUNNING", screen.session_id, flush=True)
    app.exec()
    """
)


def test_killed_mid_session_is_shown_as_interrupted_with_its_pre_score(qtbot, tmp_path, settings):
    db = tmp_path / "oxy.sqlite"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    with subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    ) as process:
        try:
            line = process.stdout.readline()
            assert line.startswith("RUNNING"), line + process.stderr.read()
            session_id = line.split()[1]
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL

    window, repo = create_window(db, settings=settings)
    qtbot.addWidget(window)
    try:
        record = repo.session(session_id)
        assert record.status == "interrupted"
        assert record.pre is not None and record.pre.total == 2
        start = window.session_screen.start_page
        assert "interrupted" in start.notice.text()
        assert start.open_list.count() == 1
        text = start.open_list.item(0).text()
        assert "MTR-009" in text and "Interrupted" in text and "pre-score 2" in text
        assert start.open_list.item(0).data(Qt.ItemDataRole.UserRole) == session_id
    finally:
        repo.close()
