"""Data → Conflicts: a real study-code conflict resolved in the dialog (issue 11)."""

import sqlite3
from datetime import UTC, datetime

import pytest

from PySide6.QtWidgets import QApplication, QMainWindow

from oxytimer.app import install_translators
from oxytimer.domain.clock import FakeClock
from oxytimer.storage.merge import merge_databases
from oxytimer.storage.repository import Repository
from oxytimer.ui.conflicts_dialog import ConflictsDialog
from oxytimer.ui.merge_summary import merge_box

TABLES = ("sites", "mothers", "screenings", "sessions", "scores", "score_items", "audit_log")


def dump(path):
    conn = sqlite3.connect(path)
    try:
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in TABLES}
    finally:
        conn.close()


def enrol(path, hour, operator):
    repo = Repository.open(path, FakeClock(datetime(2026, 3, 1, hour, 0, tzinfo=UTC)), operator)
    repo.ensure_sites([("MTR", "Puskesmas Mataram")])
    mother = repo.add_mother(repo.site_id("MTR"), "MTR-007", age=20 + hour)
    repo.close()
    return mother


def merge(into, other, operator="koordinator"):
    repo = Repository.open(into, FakeClock(datetime(2026, 3, 2, 1, 0, tzinfo=UTC)), operator)
    try:
        return merge_databases(repo, [other])
    finally:
        repo.close()


@pytest.fixture
def conflict(tmp_path):
    a, b = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    here, there = enrol(a, 1, "bidan A"), enrol(b, 2, "bidan B")
    report = merge(a, b)
    assert [c.code for c in report.conflicts] == ["study_code_taken"]
    return a, b, here, there


def test_a_code_conflict_is_renamed_in_the_dialog(qtbot, conflict):
    a, b, here, there = conflict
    repo = Repository.open(a, FakeClock(datetime(2026, 3, 2, 3, 0, tzinfo=UTC)), "bidan Sari")
    dialog = ConflictsDialog(repo=repo)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 1 and "MTR-007" in dialog.list.item(0).text()
    cells = {
        dialog.table.item(r, 0).text(): (
            dialog.table.item(r, 1).text(),
            dialog.table.item(r, 2).text(),
        )
        for r in range(dialog.table.rowCount())
    }
    assert cells["Study code"] == ("MTR-007", "MTR-007") and cells["Age"] == ("21", "22")
    assert dialog.new_code.text() == "MTR-008"  # the next free code is offered

    with qtbot.assertNotEmitted(dialog.resolved):
        dialog.resolve_button.click()  # no reason
    assert dialog.error.text() == "Give a reason." and not dialog.error.isHidden()
    dialog.new_code.setText("MTR-007")
    dialog.reason.setText("paper form")
    dialog.resolve_button.click()
    assert "already used" in dialog.error.text()
    assert repo.mother(here).study_code == "MTR-007"  # nothing written

    dialog.new_code.setText("mtr-008")
    with qtbot.waitSignal(dialog.resolved):
        dialog.resolve_button.click()
    assert dialog.list.count() == 0 and not dialog.empty.isHidden()
    assert repo.mother(here).study_code == "MTR-008"
    (rename,) = [r for r in repo.audit_rows() if r["field"] == "study_code"]
    assert (rename["operator"], rename["at"], rename["reason"]) == (
        "bidan Sari",
        "2026-03-02T03:00:00.000+00:00",
        "paper form",
    )
    repo.close()

    assert merge(a, b).conflicts == []
    assert merge(b, a).conflicts == []
    assert dump(a) == dump(b)
    assert {r[0]: r[2] for r in dump(a)["mothers"]} == {here: "MTR-008", there: "MTR-007"}


def test_the_merge_box_sums_up_and_shows_every_row_on_details(qtbot, tmp_path, conflict):
    a, b, *_ = conflict
    report = merge(a, b)
    box, resolve = merge_box(report, None)
    qtbot.addWidget(box)
    assert "Study code MTR-007 is used here by another mother. (1 record(s) wait)" in box.text()
    assert "waits for mothers/" in box.detailedText()
    assert not resolve.isHidden()
    window = QMainWindow()
    qtbot.addWidget(window)
    app = QApplication.instance()
    install_translators(app, "id")
    try:
        box, _ = merge_box(report, None)
        qtbot.addWidget(box)
        repo = Repository.open(a)
        dialog = ConflictsDialog(repo=repo)
        qtbot.addWidget(dialog)
        assert "Study code" not in box.text() and "MTR-007" in box.text()
        assert "MTR-007" in dialog.list.item(0).text()
        assert "study code" not in dialog.list.item(0).text()
        repo.close()
    finally:
        install_translators(app, "en")


def test_the_laptop_tag_is_set_in_settings_and_shown_in_the_status_bar(
    qtbot, tmp_path, settings, clock, monkeypatch
):
    from oxytimer.app import create_window
    from oxytimer.ui.settings_dialog import SettingsDialog

    window, repo = create_window(tmp_path / "m.sqlite", clock=clock, settings=settings)
    qtbot.addWidget(window)
    assert "not set" in window.tag_label.text()
    site = repo.sites()[0]
    assert repo.suggest_study_code(site["id"]) == f"{site['code']}-001"  # no tag yet

    def typed(tag):
        def exec_(dialog):
            dialog.laptop_tag.setText(tag)
            dialog.accept()
            return int(dialog.result())

        return exec_

    monkeypatch.setattr(SettingsDialog, "exec", typed("1"))
    window.settings_action.trigger()  # refused: letters only
    assert "not set" in window.tag_label.text()
    monkeypatch.setattr(SettingsDialog, "exec", typed("kb"))
    window.settings_action.trigger()
    assert window.tag_label.text() == "Laptop KB"
    assert repo.suggest_study_code(site["id"]) == f"{site['code']}-KB001"
    repo.close()
