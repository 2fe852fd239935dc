"""The app warns at open when the audit trail was tampered with (issue 10 item 5), in
English and Indonesian, saying where and what to do; an intact trail says nothing."""

from __future__ import annotations

import re
import sqlite3

import pytest

from PySide6.QtWidgets import QMessageBox

from oxytimer.app import check_audit_trail, create_window


@pytest.fixture
def warnings(monkeypatch):
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _parent, title, text, *a: shown.append((title, text))
    )
    return shown


def open_window(qtbot, path, clock, settings):
    window, repo = create_window(path, clock=clock, settings=settings)
    qtbot.addWidget(window)
    return window, repo


def test_an_intact_trail_opens_without_a_warning(qtbot, tmp_path, clock, settings, warnings):
    window, repo = open_window(qtbot, tmp_path / "a.sqlite", clock, settings)
    try:
        assert check_audit_trail(window, repo)
    finally:
        repo.close()
    assert warnings == []


def test_deleted_rows_and_a_dropped_trigger_are_reported_at_open(
    qtbot, tmp_path, clock, settings, warnings
):
    path = tmp_path / "a.sqlite"
    window, repo = open_window(qtbot, path, clock, settings)
    repo.add_mother(repo.sites()[0]["id"], "MTR-001")
    repo.close()
    window.close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute("DELETE FROM audit_log WHERE table_name = 'mothers'")
    conn.close()

    window, repo = open_window(qtbot, path, clock, settings)
    try:
        assert not check_audit_trail(window, repo)
    finally:
        repo.close()
    [(title, text)] = warnings
    assert title == "The audit trail was tampered with"
    # Where the trail was cut comes first; the dropped trigger is counted with the rest.
    assert re.match(r"Row \d+ of the audit trail was deleted\. 1 other problem\(s\)", text)
    assert "data manager" in text and "exports and merges are refused" in text


def test_the_warning_is_in_indonesian_too(qtbot, tmp_path, clock, settings, warnings):
    from PySide6.QtWidgets import QApplication

    from oxytimer.app import install_translators

    path = tmp_path / "a.sqlite"
    window, repo = open_window(qtbot, path, clock, settings)
    repo.close()
    window.close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET operator = 'x' WHERE rowid = 1")
    conn.close()
    app = QApplication.instance()
    translators = install_translators(app, "id")
    try:
        window, repo = open_window(qtbot, path, clock, settings)
        try:
            assert not check_audit_trail(window, repo)
        finally:
            repo.close()
    finally:
        for translator in translators:
            app.removeTranslator(translator)
        install_translators(app, "en")
    [(title, text)] = warnings
    assert title == "Jejak audit telah diutak-atik"
    assert text.startswith("Baris 1 jejak audit (ditulis 2026-")
    assert "diubah setelah disimpan. Ditemukan juga 1 masalah lain." in text
    assert "pengelola data penelitian" in text
