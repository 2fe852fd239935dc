"""Data → Sync and the study server in Settings, against a real server (issue 15)."""

from __future__ import annotations

import threading

import pytest

from oxytimer.storage.repository import Repository
from oxytimer.storage.server_password import save_password
from oxytimer.storage.sync import saved_server
from oxytimer.ui.settings import Settings
from oxytimer.ui.settings_dialog import SettingsDialog
from oxytimer.ui.sync_dialog import SyncDialog, save_server_settings

from .sync_helpers import count, laptop_records, make_laptop, make_study, server_records


@pytest.fixture(autouse=True)
def pgpass(tmp_path, monkeypatch):
    path = tmp_path / "pgpass"
    monkeypatch.setenv("PGPASSFILE", str(path))
    monkeypatch.setenv("OXYTIMER_SETTINGS", str(tmp_path / "settings.ini"))
    return path


def test_settings_keep_the_address_in_the_database_and_the_password_in_libpqs_file(
    qtbot, tmp_path, pgpass
):
    path = make_laptop(tmp_path / "a.sqlite", seed=1, code="AMP", mothers=1)
    repo = Repository.open(path)
    dialog = SettingsDialog(Settings(), None, None, None, None)
    qtbot.addWidget(dialog)
    dialog.server.setText("mysql://x@h/d")
    dialog.accept()
    assert dialog.result() == 0 and "postgresql://" in dialog.slot_error.text()
    dialog.server.setText("postgresql://oxytimer_site_amp@db.example.org/study")
    dialog.server_password.setText("s3cret")
    dialog.accept()
    assert dialog.result() == 1
    url, password = dialog.chosen_server()
    assert save_server_settings(path, repo, url, password) == ""
    assert saved_server(repo.db).url == "postgresql://oxytimer_site_amp@db.example.org/study"
    assert "s3cret" in pgpass.read_text()
    settings_file = tmp_path / "settings.ini"
    assert not settings_file.exists() or "s3cret" not in settings_file.read_text()
    repo.close()


def test_data_sync_runs_on_a_worker_and_says_what_it_did(qtbot, pg_url, tmp_path):
    study = make_study(pg_url, "AMP")
    other = make_laptop(tmp_path / "b.sqlite", seed=2, code="AMP", mothers=2)
    path = make_laptop(tmp_path / "a.sqlite", seed=1, code="AMP", mothers=2)
    repo = Repository.open(other)
    save_server_settings(other, repo, study.roles["AMP"], "")
    repo.close()
    repo = Repository.open(path)
    never = SyncDialog(repo, path)
    qtbot.addWidget(never)
    assert not never.start_button.isEnabled() and "never synced" in never.server_label.text()
    save_server_settings(path, repo, study.roles["AMP"], "")
    dialogs = []  # each kept until the test ends
    for laptop in (other, path):
        here = repo if laptop == path else Repository.open(laptop)
        dialog = SyncDialog(here, laptop)
        dialogs.append(dialog)
        qtbot.addWidget(dialog)
        with qtbot.waitSignal(dialog.synced, timeout=120_000):
            task = dialog.start()
        assert task.thread_id != threading.get_ident()
        assert "Synced:" in dialog.message.text() and dialog.start_button.isEnabled()
        if here is not repo:
            here.close()
    assert count(path, "SELECT count(*) FROM mothers") == 4  # its 2 and the other's 2
    assert laptop_records(path, "AMP") == server_records(pg_url, "AMP")
    repo.close()


def test_a_refused_password_is_one_translated_sentence(qtbot, pg_url, tmp_path):
    study = make_study(pg_url, "AMP")
    path = make_laptop(tmp_path / "a.sqlite", seed=1, code="AMP", mothers=1)
    repo = Repository.open(path)
    save_server_settings(path, repo, study.roles["AMP"], "")
    save_password(study.roles["AMP"], "wrong")
    dialog = SyncDialog(repo, path)
    qtbot.addWidget(dialog)
    task = dialog.start()
    with qtbot.waitSignal(task.failed, timeout=120_000):
        pass
    qtbot.waitUntil(lambda: dialog.start_button.isEnabled())
    assert "refused the user name or password" in dialog.message.text()
    assert "enter the password again in Settings" in dialog.message.text()
    repo.close()
