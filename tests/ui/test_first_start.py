"""The first-start screen (issue 13, item 6): a database with no mother yet says what to
do first (the laptop's tag, the puskesmas, enrolling the first mother, or the demo in a
database of its own), in both languages, and gives way to the usual page once a mother
is there."""

from __future__ import annotations

import pytest

from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from oxytimer.app import install_translators
from oxytimer.domain.data_files import DataFiles
from oxytimer.storage.first_start import DEMO_FILE_NAME, holds_mothers
from oxytimer.storage.laptop import laptop_tag
from oxytimer.storage.repository import Repository
from oxytimer.ui import first_start
from oxytimer.ui.main_window import MainWindow
from oxytimer.ui.settings_dialog import SettingsDialog


@pytest.fixture
def make_window(qtbot, repo, protocol, instrument, clock, settings):
    app = QApplication.instance()

    def make(lang: str = "en") -> MainWindow:
        install_translators(app, lang)
        settings.language = lang
        win = MainWindow(repo, DataFiles(protocol, instrument), clock, settings)
        qtbot.addWidget(win)
        win.show()
        qtbot.waitExposed(win)
        return win

    yield make
    install_translators(app, "en")


def test_an_empty_database_says_what_to_do_first(make_window):
    window = make_window()
    start = window.session_screen.start_page
    panel = start.first_start
    assert panel is not None and panel.isVisible()
    assert not start.next_button.isVisible() and not start.caregiver.isVisible()
    assert "tag" in panel.tag_text.text() and "A, B" in panel.tag_text.text()
    assert panel.sites_text.text().startswith("2. 2 puskesmas are listed (Ampenan, Karang Pule)")
    for button in (panel.tag_button, panel.enrol_button, panel.demo_button):
        assert button.isVisible() and button.isEnabled()


def test_in_indonesian(make_window):
    panel = make_window("id").session_screen.start_page.first_start
    assert panel.title.text() == "Basis data ini belum berisi ibu. Yang pertama dilakukan:"
    assert panel.enrol_button.text() == "Daftarkan ibu pertama…"
    assert panel.sites_text.text().startswith("2. Ada 2 puskesmas dalam daftar")


def test_a_database_with_mothers_shows_the_usual_page(make_window, repo):
    repo.add_mother(repo.site_id("AMP"), "MTR-001")
    start = make_window().session_screen.start_page
    assert start.first_start is None  # not even built
    assert start.next_button.isVisible()


def test_the_tag_button_opens_settings_on_the_tag(qtbot, make_window, repo, monkeypatch):
    window = make_window()
    seen = []

    def exec_(dialog: SettingsDialog) -> int:
        seen.append(dialog.pages.currentWidget() is dialog.laptop_tag.parentWidget())
        dialog.laptop_tag.setText("b")
        dialog.accept()
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(SettingsDialog, "exec", exec_)
    panel = window.session_screen.start_page.first_start
    qtbot.mouseClick(panel.tag_button, first_start.Qt.MouseButton.LeftButton)
    assert seen == [True]
    assert laptop_tag(repo.db) == "B"
    assert "This laptop's tag is B" in panel.tag_text.text()


def test_enrolling_the_first_mother_ends_the_first_start(qtbot, make_window, repo):
    window = make_window()
    start = window.session_screen.start_page
    qtbot.mouseClick(start.first_start.enrol_button, first_start.Qt.MouseButton.LeftButton)
    registry = window.registry_tabs.registry_view
    assert window.tabs.currentWidget() is registry
    # A mother enrolled (the Registry's form is tested in its own tests): the page changes.
    mother_id = repo.add_mother(repo.site_id("AMP"), "MTR-001")
    registry.registry_changed.emit()
    assert not start.first_start.isVisibleTo(start)
    assert start.next_button.isVisibleTo(start)
    assert [m.id for m in start.mothers_model.records()] == [mother_id]


def test_the_demo_is_a_database_of_its_own(qtbot, make_window, repo, tmp_path, monkeypatch):
    window = make_window()
    panel = window.session_screen.start_page.first_start
    asked, launched = [], []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda _parent, _title, text, *a, **k: asked.append(text) or QMessageBox.StandardButton.Yes,
    )
    monkeypatch.setattr(first_start, "launch_app", lambda path: launched.append(path) or True)
    qtbot.mouseClick(panel.demo_button, first_start.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(launched), timeout=60_000)

    demo = tmp_path / DEMO_FILE_NAME
    assert launched == [demo] and str(demo) in asked[0]
    assert not holds_mothers(repo.db)  # nothing added to the study's database
    opened = Repository.open(demo)
    try:
        assert len(opened.mothers()) == first_start.DEMO_MOTHERS
    finally:
        opened.close()
    assert panel.demo_button.isEnabled()
    # Asked again, the same demo is opened, not filled twice.
    qtbot.mouseClick(panel.demo_button, first_start.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(launched) == 2, timeout=60_000)
    opened = Repository.open(demo)
    try:
        assert len(opened.mothers()) == first_start.DEMO_MOTHERS
    finally:
        opened.close()


def test_a_demo_that_cannot_be_made_says_so(qtbot, make_window, monkeypatch, tmp_path):
    window = make_window()
    panel = window.session_screen.start_page.first_start
    launched = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(first_start, "launch_app", lambda path: launched.append(path) or True)
    (tmp_path / DEMO_FILE_NAME).write_bytes(b"not a database at all, " * 100)
    qtbot.mouseClick(panel.demo_button, first_start.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.demo_error.text() != "", timeout=60_000)
    assert panel.demo_error.text().startswith("No demo database was made.")
    assert launched == []
