"""The Data menu's merge result: what was added, brought up to date, in conflict, left out."""

import shutil
from datetime import UTC, datetime

import pytest

from PySide6.QtWidgets import QApplication, QFileDialog, QMainWindow, QMessageBox

from oxytimer.app import install_translators
from oxytimer.domain.clock import FakeClock
from oxytimer.storage.repository import Repository
from oxytimer.ui.data_menu import add_data_menu

LATER = datetime(2026, 3, 3, 1, 0, tzinfo=UTC)


class Window(QMainWindow):
    def __init__(self, repo):
        super().__init__()
        self.repo = repo


def laptop(path):
    repo = Repository.open(path, FakeClock(datetime(2026, 3, 1, 23, 0, tzinfo=UTC)))
    repo.ensure_sites([("AMP", "Puskesmas Ampenan")])
    mother = repo.add_mother(repo.site_id("AMP"), "MTR-001")
    repo.close()
    return mother


def corrected(path, copy_to, age):
    shutil.copyfile(path, copy_to)
    repo = Repository.open(copy_to, FakeClock(LATER), operator="bidan later")
    try:
        (mother,) = repo.mothers()
        repo.correct_mother(mother.id, "age", age, "typo")
    finally:
        repo.close()
    return copy_to


@pytest.fixture
def merge_into(qtbot, repo, monkeypatch):
    window = Window(repo)
    qtbot.addWidget(window)
    actions = add_data_menu(window)
    told = []

    def shown(box):
        told.append(box.text() + "\n" + box.detailedText())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", shown)

    def merge(path):
        monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a: ([str(path)], ""))
        before = len(told)
        actions.merge_action.trigger()  # on a worker; the result comes by signal
        qtbot.waitUntil(lambda: len(told) > before, timeout=20_000)
        return told[-1]

    return merge


def test_merge_message_shows_updated_and_left_out_records(tmp_path, repo, merge_into):
    a = tmp_path / "a.sqlite"
    mother = laptop(a)
    first = merge_into(a)
    assert first.startswith("Added: 1\u00a0mother, 2\u00a0audit trail rows.")  # hers, the site's
    assert "Brought up to date" not in first and "Left out" not in first
    assert "No conflicts: everything came in." in first

    later = corrected(a, tmp_path / "a-later.sqlite", 30)
    text = merge_into(later)
    assert (
        "Brought up to date with changes made on the other laptop since the last merge:"
        " 1\u00a0mother." in text
    )
    assert repo.mother(mother).age == 30

    repo.correct_mother(mother, "age", 31, "checked the register")  # here too: a conflict
    latest = corrected(later, tmp_path / "a-latest.sqlite", 33)
    text = merge_into(latest)
    assert (
        "1 conflict(s)" in text
        and "Changed on both laptops: Age (mothers). (1 record(s) wait)" in text
    )
    assert "Left out until their conflict is resolved: 1\u00a0audit trail row." in text
    assert f"waits for mothers/{mother}" in text  # every row under Show Details
    assert repo.mother(mother).age == 31


def test_merge_message_in_indonesian(tmp_path, repo, merge_into):
    a = tmp_path / "a.sqlite"
    mother = laptop(a)
    merge_into(a)
    repo.correct_mother(mother, "age", 31, "checked the register")
    later = corrected(a, tmp_path / "a-later.sqlite", 33)
    app = QApplication.instance()
    install_translators(app, "id")
    try:
        text = merge_into(later)
    finally:
        install_translators(app, "en")
    assert "conflict(s)" not in text and "Left out" not in text
    assert "1\u00a0baris jejak audit" in text
    assert f"menunggu mothers/{mother}" in text
