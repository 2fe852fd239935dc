"""The language (and the text size) change at once from Settings, without a restart
(issue 13, item 6): the window builds its contents again in the new language, keeping the
open database and the tab shown; during a massage it waits, says so, and loses nothing."""

from __future__ import annotations

import contextlib

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from oxytimer.app import install_translators
from oxytimer.domain.data_files import DataFiles
from oxytimer.domain.session import State
from oxytimer.ui.main_window import MainWindow
from oxytimer.ui.settings_dialog import SettingsDialog
from tests.ui.test_session_flow import add_mother, answer, run_to, start_massage


@pytest.fixture
def window(qtbot, repo, protocol, instrument, clock, settings):
    app = QApplication.instance()
    install_translators(app, "en")
    win = MainWindow(repo, DataFiles(protocol, instrument), clock, settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    install_translators(app, "en")  # the other tests read English


@pytest.fixture
def told(monkeypatch):
    """What the window tells the user in message boxes (answered at once)."""
    said: list[str] = []

    def inform(_parent, _title, text, *args, **kwargs):
        said.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "information", inform)
    return said


def choose_in_settings(window, monkeypatch, *, language=None, text_size=None):
    """Open Settings from the menu, choose, press OK."""

    def exec_(dialog: SettingsDialog) -> int:
        if language is not None:
            dialog.language.setCurrentIndex(dialog.language.findData(language))
        if text_size is not None:
            dialog.font_size.setValue(text_size)
        dialog.accept()
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(SettingsDialog, "exec", exec_)
    window.settings_action.trigger()


def tab_titles(window) -> list[str]:
    return [window.tabs.tabText(i) for i in range(window.tabs.count())]


def menu_titles(window) -> list[str]:
    return [a.text() for a in window.menuBar().actions()]


def test_the_language_changes_at_once_keeping_the_tab_and_the_database(
    qtbot, window, repo, monkeypatch, told
):
    mother_id = add_mother(qtbot, window.session_screen)
    registry = window.registry_tabs.registry_view
    window.tabs.setCurrentWidget(registry)
    assert tab_titles(window)[:3] == ["Massage", "Today", "Registry"]

    choose_in_settings(window, monkeypatch, language="id")

    assert told == []  # nothing to wait for: no message
    assert tab_titles(window) == ["Pijat", "Hari ini", "Registrasi", "Riwayat", "Ringkasan"]
    assert menu_titles(window)[0] == "&Berkas" and menu_titles(window)[-1] == "B&antuan"
    # The same tab, now built in Indonesian, showing the same database.
    assert window.tabs.currentIndex() == 2
    new_registry = window.registry_tabs.registry_view
    assert new_registry is not registry and window.tabs.currentWidget() is new_registry
    assert window.repo is repo and repo.mother(mother_id).study_code == "MTR-001"
    start = window.session_screen.start_page
    assert start.next_button.text() == "Berikutnya: skor sebelum pijat"
    assert [m.id for m in start.mothers_model.records()] == [mother_id]
    # Only the new contents are in the window: one menu bar's worth, working shortcuts.
    assert len(menu_titles(window)) == 4
    qtbot.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.registry_tabs.history_view
    # The old contents are deleted once no worker could still answer them.
    from shiboken6 import isValid

    qtbot.waitUntil(lambda: not isValid(registry), timeout=10_000)
    # And back to English, as often as wanted.
    choose_in_settings(window, monkeypatch, language="en")
    assert tab_titles(window)[:3] == ["Massage", "Today", "Registry"]
    assert window.settings.language == "en"


def test_the_text_size_change_builds_the_window_again(qtbot, window, monkeypatch, told):
    before = window.contents.rebuilds
    choose_in_settings(window, monkeypatch, text_size=20)
    assert window.contents.rebuilds == before + 1
    assert window.settings.font_size == 20
    choose_in_settings(window, monkeypatch)  # nothing changed: nothing built again
    assert window.contents.rebuilds == before + 1


def test_during_a_massage_the_change_waits_and_nothing_is_lost(
    qtbot, window, repo, clock, monkeypatch, told
):
    screen = window.session_screen
    session_id = start_massage(qtbot, screen)
    run_to(screen, clock, 30, step=1)

    choose_in_settings(window, monkeypatch, language="id")

    # Said in a sentence; the massage goes on, on the same screen, in English.
    assert len(told) == 1 and "massage" in told[0]
    assert window.contents.pending
    assert window.session_screen is screen and screen.session.state is State.RUNNING
    assert tab_titles(window)[0] == "Massage"
    run_to(screen, clock, screen.session.remaining() + 1)
    assert screen.session.state is State.FINISHED
    assert tab_titles(window)[0] == "Massage"  # the finished massage still waits for its score
    qtbot.mouseClick(screen.guided_page.done_button, Qt.MouseButton.LeftButton)
    answer(qtbot, screen.post_page.form, [])
    qtbot.mouseClick(screen.post_page.save_button, Qt.MouseButton.LeftButton)

    # Saved, back on the start page: now the window speaks Indonesian.
    qtbot.waitUntil(lambda: tab_titles(window)[0] == "Pijat")
    assert not window.contents.pending
    record = repo.session(session_id)
    assert record.status == "completed" and record.post is not None
    assert record.massage_seconds == pytest.approx(240, abs=1)


def test_a_half_filled_enrolment_form_is_not_thrown_away(qtbot, window, monkeypatch, told):
    registry = window.registry_tabs.registry_view
    window.tabs.setCurrentWidget(registry)
    registry.form.age_edit.setText("24")

    choose_in_settings(window, monkeypatch, language="id")

    assert len(told) == 1 and "enrolment" in told[0]
    assert window.registry_tabs.registry_view is registry
    assert registry.form.age_edit.text() == "24"
    registry.form.reset(registry._today())  # cleared: the change happens
    qtbot.waitUntil(lambda: tab_titles(window)[0] == "Pijat")


def test_after_a_live_change_every_tab_fits_a_small_screen(qtbot, window, monkeypatch, told):
    """Indonesian at the largest text size chosen on a 1024x600 laptop: every tab is as
    whole as when the app starts that way (the layout check of issue 13, item 2)."""
    from PySide6.QtCore import QRect

    from oxytimer.ui.layout_check import layout_problems
    from oxytimer.ui.screen_fit import simulate_screen
    from oxytimer.ui.settings import LARGEST_TEXT_SIZE
    from oxytimer.ui.workers import shared_pool

    add_mother(qtbot, window.session_screen)
    area = QRect(0, 0, 1024, 600)
    simulate_screen(area)
    app = QApplication.instance()
    try:
        window.resize(1024, 600)
        choose_in_settings(window, monkeypatch, language="id", text_size=LARGEST_TEXT_SIZE)
        assert window.settings.font_size == LARGEST_TEXT_SIZE
        found = {}
        for index in range(window.tabs.count() - 1):  # (the Summary is the report lane's)
            window.tabs.setCurrentIndex(index)
            # Its rows read on workers and its columns fitted to them: as the user sees it.
            shared_pool().waitForDone(20_000)
            for _ in range(3):
                app.processEvents()
            with contextlib.suppress(qtbot.TimeoutError):
                qtbot.waitUntil(lambda: not layout_problems(window, area), timeout=5_000)
            found[window.tabs.tabText(index)] = layout_problems(window, area)
        # History's tables may still show too few rows (tests/ui/test_layout_check.py).
        found["Riwayat"] = [p for p in found.get("Riwayat", []) if "whole row(s) of" not in p]
        assert found == {name: [] for name in found}
    finally:
        simulate_screen(None)
        app.setStyleSheet("")
