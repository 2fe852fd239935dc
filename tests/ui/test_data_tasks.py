"""The Data menu's tasks run on a worker with a progress dialog; Cancel leaves nothing
half done (a merge, an import and a restore roll back, an export writes no file)."""

from __future__ import annotations

import hashlib
import os
import shutil
import threading

import pytest

from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from oxytimer import app as app_module
from oxytimer.domain.clock import FakeClock
from oxytimer.storage import backup, export_csv
from oxytimer.storage.demo import fill_demo
from oxytimer.storage.merge import TABLES, SqliteTarget
from oxytimer.storage.repository import Repository
from oxytimer.ui import data_tasks
from oxytimer.ui.workers import Job


def content(repo):
    digest = hashlib.sha256()
    for table in TABLES:
        for row in repo.db.execute(f"SELECT * FROM [{table}] ORDER BY rowid"):
            digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def laptops(tmp_path_factory):
    folder = tmp_path_factory.mktemp("laptops")
    for name, seed in (("here", 1), ("there", 2)):
        repo = Repository.open(folder / f"{name}.sqlite", FakeClock(), operator="Bidan Sari")
        fill_demo(repo, mothers=40, seed=seed, bulk=True)
        repo.close()
    return folder


@pytest.fixture
def app_window(qtbot, laptops, tmp_path, settings, clock, monkeypatch):
    db = tmp_path / "oxy.sqlite"
    shutil.copyfile(laptops / "here.sqlite", db)
    window, repo = app_module.create_window(db, clock=clock, settings=settings)
    qtbot.addWidget(window)
    window.show()
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: told.append(a[2]))
    # A finished task's answer is in the window's message bar (ui/confirmations.py).
    monkeypatch.setattr(
        "oxytimer.ui.message_bar.MessageBar.show_message",
        lambda _bar, text, **_kw: told.append(text),
    )
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: told.append(a[2]))
    monkeypatch.setattr(QMessageBox, "exec", lambda box: told.append(box.text()) or 0)
    # The dialog at once (not after a second: tests do not wait for time to pass), and
    # a look at Cancel every 100 SQLite instructions (the test databases are small).
    monkeypatch.setattr(data_tasks, "PROGRESS_AFTER_MS", 0)
    monkeypatch.setattr("oxytimer.storage.task_db.CHECK_EVERY", 100)
    yield window, repo, db, told
    window.data_actions.tasks.cancel()
    qtbot.waitUntil(lambda: not window.data_actions.tasks.running(), timeout=20_000)
    repo.close()


class Pause:
    """Wraps ``owner.name`` so that its first call, after doing its work, waits on its
    thread until the test says to go on; records that thread."""

    def __init__(self, monkeypatch, owner, name):
        original = getattr(owner, name)
        self.reached, self.go_on = threading.Event(), threading.Event()
        self.thread = None

        def paused(*args, **kwargs):
            result = original(*args, **kwargs)
            if not self.reached.is_set():
                self.thread = threading.get_ident()
                self.reached.set()
                self.go_on.wait(60)
            return result

        monkeypatch.setattr(owner, name, paused)


def cancel_from_the_dialog(qtbot, window, pause):
    """Once the task is paused half-way: its dialog shows; Cancel it, let it go on."""
    tasks = window.data_actions.tasks
    qtbot.waitUntil(pause.reached.is_set, timeout=60_000)
    qtbot.waitUntil(lambda: tasks.dialog is not None and tasks.dialog.isVisible())
    assert pause.thread != threading.get_ident()  # on a worker, not the GUI thread
    dialog = tasks.dialog
    dialog.cancel_button.click()
    assert not dialog.cancel_button.isEnabled() and "Stopping" in dialog.text_label.text()
    pause.go_on.set()
    qtbot.waitUntil(lambda: not tasks.running(), timeout=60_000)
    assert tasks.dialog is None


def test_a_merge_cancelled_half_way_merges_nothing(qtbot, app_window, laptops, monkeypatch):
    window, repo, _db, told = app_window
    before = content(repo)
    pause = Pause(monkeypatch, SqliteTarget, "insert")
    monkeypatch.setattr(
        QFileDialog, "getOpenFileNames", lambda *a: ([str(laptops / "there.sqlite")], "")
    )
    window.data_actions.merge_action.trigger()
    cancel_from_the_dialog(qtbot, window, pause)
    assert "Merge stopped: nothing was merged." in window.statusBar().currentMessage()
    assert told == []  # no result, no error
    assert content(repo) == before

    # Not cancelled, the same merge brings the records in and shows its result.
    pause.reached.set()
    window.data_actions.merge_action.trigger()
    qtbot.waitUntil(lambda: bool(told), timeout=60_000)
    assert told[0].startswith("Added:")
    assert content(repo) != before


def test_an_export_cancelled_half_way_writes_no_file(qtbot, app_window, tmp_path, monkeypatch):
    window, _repo, _db, told = app_window
    out = tmp_path / "exports"
    out.mkdir()
    (out / "mothers.csv").write_text("an older export\n")
    from oxytimer.ui.export_dialog import ExportDialog

    def accept(dialog):
        dialog.folder_edit.setText(str(out))
        dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("csv"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ExportDialog, "exec", accept)
    pause = Pause(monkeypatch, export_csv, "write_csv")  # after sessions.csv
    window.data_actions.export_action.trigger()
    cancel_from_the_dialog(qtbot, window, pause)
    assert "Export stopped: no file was written." in window.statusBar().currentMessage()
    assert os.listdir(out) == ["mothers.csv"]  # nothing new, nothing half written
    assert (out / "mothers.csv").read_text() == "an older export\n"
    assert told == []

    pause.reached.set()
    window.data_actions.export_action.trigger()
    qtbot.waitUntil(lambda: bool(told), timeout=60_000)
    assert sorted(os.listdir(out)) == ["mothers.csv", "sessions.csv"]
    assert f"to {out} (" in told[0]  # the folder, with Open folder


def test_an_import_cancelled_half_way_imports_nothing(qtbot, app_window, tmp_path, monkeypatch):
    window, repo, _db, _told = app_window
    rows = "".join(f"MTR-{n:03d},AMP,1,4,2026-03-01 07:{n % 60:02d}\n" for n in range(200))
    csv = tmp_path / "paper.csv"
    csv.write_text("participant,site,pre,post,date\n" + rows)
    before = content(repo)
    from oxytimer.ui.import_wizard import ImportDialog

    dialogs = []

    def run(dialog):
        dialogs.append(dialog)
        dialog.path_edit.setText(str(csv))
        dialog.check()
        return 0

    monkeypatch.setattr(ImportDialog, "exec", run)
    window.data_actions.import_action.trigger()
    dialog = dialogs[0]
    qtbot.waitUntil(dialog.import_button.isEnabled, timeout=60_000)  # checked on a worker
    pause = Pause(monkeypatch, Repository, "_insert_rows")  # the import's batches
    dialog.do_import()
    cancel_from_the_dialog(qtbot, window, pause)
    assert dialog.error.text() == "Stopped: nothing was imported."
    assert dialog.import_button.isEnabled()  # it can be tried again
    assert content(repo) == before
    with qtbot.waitSignal(dialog.imported, timeout=60_000) as imported:
        pause.reached.set()
        dialog.do_import()
    assert imported.args == [200]


def test_a_restore_cancelled_half_way_leaves_the_records(
    qtbot, app_window, laptops, tmp_path, monkeypatch
):
    window, repo, db, told = app_window
    other = tmp_path / "other.sqlite"
    shutil.copyfile(laptops / "there.sqlite", other)
    before = content(repo)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(other), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    # Paused after the first pages were copied into the records (in their transaction).
    monkeypatch.setattr("oxytimer.storage.stepped_backup.STEP_PAGES", 16)
    pause = Pause(monkeypatch, Job, "report")
    window.data_actions.restore_action.trigger()
    cancel_from_the_dialog(qtbot, window, pause)
    assert "Restore stopped" in window.statusBar().currentMessage()
    assert content(repo) == before
    assert told == []
    (kept,) = backup.list_backups(db)  # the records as they were, backed up first
    assert "before-restore" in kept.name

    pause.reached.set()
    window.data_actions.restore_action.trigger()
    qtbot.waitUntil(lambda: bool(told), timeout=60_000)
    assert "Restored" in told[0]
    assert content(repo) == content(Repository.open(other, FakeClock()))


def test_merge_import_and_restore_wait_for_the_massage(qtbot, app_window, monkeypatch):
    window, _repo, _db, told = app_window
    monkeypatch.setattr(window.data_actions, "_session_running", lambda: True)
    opened = []
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a: opened.append(a) or ([], ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: opened.append(a) or ("", ""))
    for action in ("merge_action", "import_action", "restore_action"):
        getattr(window.data_actions, action).trigger()
    assert opened == []
    assert told == ["Finish or stop the running massage first."] * 3


def refreshes_on(monkeypatch, *, wait: threading.Event | None = None):
    """Record the thread of every refresh of the stored summary rows (waiting first, on
    that thread, until ``wait`` is set when given)."""
    from oxytimer.storage import summary_table

    original = summary_table.refresh
    threads: list[int] = []
    reached = threading.Event()

    def recorded(repo, **kwargs):
        threads.append(threading.get_ident())
        reached.set()
        if wait is not None:
            wait.wait(60)
        return original(repo, **kwargs)

    monkeypatch.setattr(summary_table, "refresh", recorded)
    return threads, reached


def assert_summary_is_current(repo):
    """No mother is stale, and the stored rows give the summary her records give."""
    from oxytimer.domain.pairing import PairingRule
    from oxytimer.storage.analysis import AnalysisFilter
    from oxytimer.storage.summary_table import stale_count
    from tests.storage.test_summary_table import from_records, summary_json

    assert stale_count(repo.db) == 0
    for design in ("assessments", "session_check"):
        flt = AnalysisFilter(design=design)
        assert summary_json(repo, flt, PairingRule.FIRST_LAST) == from_records(
            repo, flt, PairingRule.FIRST_LAST
        )


def test_a_merge_in_the_app_refreshes_the_stored_summary_on_its_worker(
    qtbot, app_window, laptops, monkeypatch
):
    window, repo, _db, told = app_window
    threads, _reached = refreshes_on(monkeypatch)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileNames", lambda *a: ([str(laptops / "there.sqlite")], "")
    )
    window.data_actions.merge_action.trigger()
    qtbot.waitUntil(lambda: bool(told), timeout=60_000)
    assert told[0].startswith("Added:")
    assert len(threads) == 1 and threads[0] != threading.get_ident()  # on the worker
    assert_summary_is_current(repo)  # at once, not when the file is closed


def test_an_import_in_the_app_refreshes_the_stored_summary_on_its_worker(
    qtbot, app_window, tmp_path, monkeypatch
):
    window, repo, _db, _told = app_window
    threads, _reached = refreshes_on(monkeypatch)
    rows = "".join(f"MTR-{n:03d},AMP,1,4,2026-03-01 07:{n % 60:02d}\n" for n in range(30))
    csv = tmp_path / "paper.csv"
    csv.write_text("participant,site,pre,post,date\n" + rows)
    from oxytimer.ui.import_wizard import ImportDialog

    dialogs = []

    def run(dialog):
        dialogs.append(dialog)
        dialog.path_edit.setText(str(csv))
        dialog.check()
        return 0

    monkeypatch.setattr(ImportDialog, "exec", run)
    window.data_actions.import_action.trigger()
    dialog = dialogs[0]
    qtbot.waitUntil(dialog.import_button.isEnabled, timeout=60_000)
    with qtbot.waitSignal(dialog.imported, timeout=60_000) as imported:
        dialog.do_import()
    assert imported.args == [30]
    assert len(threads) == 1 and threads[0] != threading.get_ident()
    assert_summary_is_current(repo)


def test_a_cancel_during_the_refresh_keeps_the_merge_and_leaves_the_rows_marked(
    qtbot, app_window, laptops, monkeypatch
):
    from oxytimer.storage.summary_table import stale_count

    window, repo, _db, told = app_window
    go_on = threading.Event()
    _threads, reached = refreshes_on(monkeypatch, wait=go_on)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileNames", lambda *a: ([str(laptops / "there.sqlite")], "")
    )
    before = repo.db.execute("SELECT count(*) FROM mothers").fetchone()[0]
    window.data_actions.merge_action.trigger()
    tasks = window.data_actions.tasks
    qtbot.waitUntil(reached.is_set, timeout=60_000)  # merged and committed; refreshing
    qtbot.waitUntil(lambda: tasks.dialog is not None and tasks.dialog.isVisible())
    tasks.dialog.cancel_button.click()
    go_on.set()
    qtbot.waitUntil(lambda: not tasks.running(), timeout=60_000)
    assert told and told[0].startswith("Added:")  # the merge is done and said so
    assert repo.db.execute("SELECT count(*) FROM mothers").fetchone()[0] > before
    assert stale_count(repo.db) > 0  # the refresh was rolled back: computed from records
    repo.refresh_summary()
    assert_summary_is_current(repo)


def go_on_when_cancelled(monkeypatch, pause):
    """The paused task goes on as soon as it is asked to stop (as it would at its next
    statement), so that a close that waits for it does not wait for the test."""
    original = Job.cancel

    def cancel(job):
        original(job)
        pause.go_on.set()

    monkeypatch.setattr(Job, "cancel", cancel)


def test_closing_the_window_during_an_export_asks_then_stops_it_whole(
    qtbot, app_window, tmp_path, monkeypatch
):
    window, _repo, _db, told = app_window
    out = tmp_path / "exports"
    out.mkdir()
    (out / "mothers.csv").write_text("an older export\n")
    from oxytimer.ui.export_dialog import ExportDialog

    def accept(dialog):
        dialog.folder_edit.setText(str(out))
        dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("csv"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ExportDialog, "exec", accept)
    pause = Pause(monkeypatch, export_csv, "write_csv")  # after sessions.csv
    go_on_when_cancelled(monkeypatch, pause)
    asked, answers = [], [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *a: asked.append(a[2]) or answers.pop(0))
    window.data_actions.export_action.trigger()
    qtbot.waitUntil(pause.reached.is_set, timeout=60_000)
    task = window.data_actions.tasks.task

    assert not window.close()  # No: the export goes on, the window stays
    assert asked == ["Export is still running. Stop it and quit? Nothing of it will be kept."]
    assert window.isVisible() and not task.job.cancelled

    assert window.close()  # Yes: stopped, waited for, nothing of it kept
    assert task.ended.is_set() and not window.isVisible()
    assert os.listdir(out) == ["mothers.csv"]  # no new file, no staging folder left
    assert (out / "mothers.csv").read_text() == "an older export\n"
    qtbot.waitUntil(lambda: not window.data_actions.tasks.running())
    assert told == []  # no error, no result


def test_closing_the_window_during_a_merge_merges_nothing(qtbot, app_window, laptops, monkeypatch):
    window, repo, _db, told = app_window
    before = content(repo)
    pause = Pause(monkeypatch, SqliteTarget, "insert")
    go_on_when_cancelled(monkeypatch, pause)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileNames", lambda *a: ([str(laptops / "there.sqlite")], "")
    )
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    window.data_actions.merge_action.trigger()
    qtbot.waitUntil(pause.reached.is_set, timeout=60_000)
    task = window.data_actions.tasks.task
    assert window.close()
    assert task.ended.is_set()
    assert content(repo) == before
    qtbot.waitUntil(lambda: not window.data_actions.tasks.running())
    assert told == []


def test_a_new_language_waits_for_a_running_task(qtbot, app_window, tmp_path, monkeypatch):
    window, _repo, _db, told = app_window
    from oxytimer.ui.export_dialog import ExportDialog

    def accept(dialog):
        dialog.folder_edit.setText(str(tmp_path / "exports"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ExportDialog, "exec", accept)
    pause = Pause(monkeypatch, export_csv, "write_csv")
    window.data_actions.export_action.trigger()
    qtbot.waitUntil(pause.reached.is_set, timeout=60_000)
    actions = window.data_actions
    assert not window.contents.rebuild_when_idle()  # its menu keeps the task it runs
    assert told[0].startswith("An export, a merge, an import or a restore is running.")
    assert window.data_actions is actions
    pause.go_on.set()
    qtbot.waitUntil(lambda: window.contents.rebuilds == 1, timeout=60_000)
    from shiboken6 import isValid

    # The old contents are deleted once no worker could answer them (left over, a later
    # test's style sheet would reach them).
    qtbot.waitUntil(lambda: not isValid(actions), timeout=20_000)


def test_closing_stops_a_sync_its_closed_dialog_left_running(qtbot, app_window):
    """A sync dialog closed while it syncs asks the sync to stop; the app's close waits
    for it to have stopped (nothing half kept: see tests/server/test_sync_killed.py)."""
    from types import SimpleNamespace

    from oxytimer.ui.workers import Cancelled, Task

    window, _repo, _db, _told = app_window
    started = threading.Event()

    def sync(job):
        started.set()
        job._cancel.wait(60)  # (its next batch: it stops there)
        raise Cancelled()

    task = Task(sync).start()
    window.data_actions.sync_dialog = SimpleNamespace(task=task)
    assert started.wait(20)
    window.data_actions.stop()
    assert task.job.cancelled and task.ended.is_set()
    qtbot.waitUntil(lambda: task.done)
