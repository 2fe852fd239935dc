"""App basics (issue 13, item 6): File ▸ Quit (Ctrl+Q), Help ▸ User guide (F1) and About,
and save dialogs that start in the user's Documents folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from PySide6.QtCore import QStandardPaths, Qt, QTimer, QUrl
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox

from oxytimer.app import SWITCH_INTERVAL_S, install_translators
from oxytimer.domain.data_files import DataFiles
from oxytimer.domain.session import State
from oxytimer.ui.main_window import MainWindow
from tests.ui.test_session_flow import run_to, start_massage


@pytest.fixture
def window(qtbot, repo, protocol, instrument, clock, settings):
    win = MainWindow(repo, DataFiles(protocol, instrument), clock, settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def make_active(qtbot, window):
    """Keys go to the active window, as when the user has clicked on it."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def press_ctrl_q(qtbot, window):
    make_active(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)


def close_when_shown(found: list) -> None:
    """Close the next modal dialog as soon as it is shown, keeping it for the test."""

    def close() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, close)
            return
        found.append(dialog)
        dialog.reject()

    QTimer.singleShot(0, close)


def test_file_menu_comes_first_and_help_last(window):
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles[0] == "&File" and titles[-1] == "&Help"
    assert window.app_menus.quit_action.shortcut().toString() == "Ctrl+Q"
    assert window.app_menus.guide_action.shortcut().toString() == "F1"


def test_ctrl_q_closes_the_window(qtbot, window, monkeypatch):
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a))
    press_ctrl_q(qtbot, window)
    assert not window.isVisible()
    assert asked == []  # nothing running: nothing to ask


def test_ctrl_q_during_a_massage_asks_first(qtbot, window, repo, clock, monkeypatch):
    screen = window.session_screen
    session_id = start_massage(qtbot, screen)
    run_to(screen, clock, 20, step=1)
    asked = []

    def answer(no_or_yes):
        def question(parent, title, text, *args, **kwargs):
            asked.append(text)
            return no_or_yes

        return question

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    press_ctrl_q(qtbot, window)
    assert asked and "Quit anyway?" in asked[0]
    assert window.isVisible() and screen.session.state is State.RUNNING
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    press_ctrl_q(qtbot, window)
    assert not window.isVisible()
    assert repo.session(session_id).status == "interrupted"


def test_about_shows_version_licence_and_the_database_path(qtbot, window, tmp_path):
    from oxytimer import __version__

    found: list = []
    close_when_shown(found)
    window.app_menus.about_action.trigger()
    (dialog,) = found
    assert dialog is window.app_menus.dialog
    assert dialog.shown_text("database") == str(tmp_path / "oxy.sqlite")
    assert dialog.shown_text("folder") == str(tmp_path)
    assert dialog.shown_text("version") == __version__
    assert "MIT" in dialog.shown_text("licence")


@pytest.mark.parametrize(("lang", "heading"), [("en", "a short guide"), ("id", "panduan singkat")])
def test_f1_opens_the_guide_in_the_interface_language(
    qtbot, qapp, repo, protocol, instrument, clock, settings, lang, heading
):
    install_translators(qapp, lang)
    settings.language = lang
    try:
        win = MainWindow(repo, DataFiles(protocol, instrument), clock, settings)
        qtbot.addWidget(win)
        win.show()
        qtbot.waitExposed(win)
        found: list = []
        close_when_shown(found)
        make_active(qtbot, win)
        qtbot.keyClick(win, Qt.Key.Key_F1)
        (dialog,) = found
        assert dialog.path.name == f"guide_{lang}.html"
        text = dialog.browser.toPlainText()
        assert heading in text
        other = "panduan singkat" if lang == "en" else "a short guide"
        assert other not in text
        # The illustrations are in the guide, and found among the bundled resources.
        html = dialog.browser.toHtml()
        assert "landmarks.svg" in html
        picture = dialog.browser.source().resolved(QUrl("../illustrations/landmarks.svg"))
        assert Path(picture.toLocalFile()).is_file()
    finally:
        install_translators(qapp, "en")


@pytest.fixture
def documents(tmp_path, monkeypatch):
    """A Documents folder of the user's own, set the way the desktop sets it (XDG)."""
    folder = tmp_path / "Dokumen"
    folder.mkdir()
    config = tmp_path / "config"
    config.mkdir()
    (config / "user-dirs.dirs").write_text(f'XDG_DOCUMENTS_DIR="{folder}"\n')
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    assert Path(location) == folder  # the platform reads the setting
    return folder


@pytest.mark.parametrize(
    ("button", "name"), [("pdf_button", "summary.pdf"), ("csv_button", "pairs.csv")]
)
def test_summary_save_dialogs_start_in_documents(
    qtbot, window, documents, monkeypatch, button, name
):
    started = []
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        lambda parent, caption, start, filters: started.append(start) or ("", ""),
    )
    window.tabs.setCurrentWidget(window.summary_tab)
    view = window.summary_tab.view
    getattr(view, button).click()
    assert started == [str(documents / name)]
    assert Path.cwd() not in Path(started[0]).parents


def test_export_starts_in_documents(qtbot, window, documents, monkeypatch):
    seen = []

    def exec_(dialog):
        seen.append(dialog.folder_edit.text())
        return QDialog.DialogCode.Rejected

    from oxytimer.ui.export_dialog import ExportDialog

    monkeypatch.setattr(ExportDialog, "exec", exec_)
    window.data_actions.export_action.trigger()
    assert seen == [str(documents / "oxytimer-exports")]


def test_export_browse_opens_on_an_existing_folder(qtbot, documents, monkeypatch):
    """The export folder is made when exporting: until then Browse opens on Documents,
    not on the program's working folder (where Qt goes for a folder that does not exist)."""
    from oxytimer.ui.export_dialog import ExportDialog

    started = []
    monkeypatch.setattr(
        QFileDialog,
        "getExistingDirectory",
        lambda parent, caption, start: started.append(start) or "",
    )
    dialog = ExportDialog(documents / "oxytimer-exports")
    qtbot.addWidget(dialog)
    dialog.browse_button.click()
    (documents / "oxytimer-exports").mkdir()
    dialog.browse_button.click()
    assert started == [str(documents), str(documents / "oxytimer-exports")]


def test_merge_and_import_choose_files_from_documents(qtbot, window, repo, documents, monkeypatch):
    from oxytimer.ui.import_wizard import ImportDialog

    started = []
    monkeypatch.setattr(
        QFileDialog,
        "getOpenFileNames",
        lambda parent, caption, start, filters: started.append(start) or ([], ""),
    )
    monkeypatch.setattr(
        QFileDialog,
        "getOpenFileName",
        lambda parent, caption, start, filters: started.append(start) or ("", ""),
    )
    window.data_actions.merge_action.trigger()
    dialog = ImportDialog(repo, window)
    qtbot.addWidget(dialog)
    dialog.browse_button.click()
    assert started == [str(documents), str(documents)]


SWITCH_INTERVAL = """
import sys
from pathlib import Path
from oxytimer import app

status = app.run_gui(Path(sys.argv[1]), quit_after_show=True)
print(status, sys.getswitchinterval(), flush=True)
"""


def test_the_app_lets_the_window_have_the_interpreter_soon(tmp_path):
    """A worker running Python keeps the interpreter 1 ms at most once the window asks
    (Python's 5 ms made each call of a table's repaint wait while a backup ran)."""
    env = {
        **os.environ,
        "OXYTIMER_SETTINGS": str(tmp_path / "settings.ini"),
        "QT_QPA_PLATFORM": "offscreen",
    }
    result = subprocess.run(
        [sys.executable, "-c", SWITCH_INTERVAL, str(tmp_path / "oxy.sqlite")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    status, interval = result.stdout.split()
    assert status == "0", result.stderr
    assert float(interval) == SWITCH_INTERVAL_S < sys.getswitchinterval()
