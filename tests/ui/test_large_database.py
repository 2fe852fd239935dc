"""On a database of 10,000 mothers the GUI thread only starts work and shows results.

The database is built once per test run (a session fixture, the demo's bulk path) and
copied for each test. Which thread did what is recorded by thread identity, never by
timing: backups, the tabs' reads and the summary's computation must all run on threads
other than the GUI's, and a cancelled backup must leave nothing behind.
"""

from __future__ import annotations

import os
import shutil
import threading
from datetime import UTC, datetime

import pytest

from oxytimer import app as app_module
from oxytimer.domain.clock import FakeClock
from oxytimer.storage import backup, summary_process
from oxytimer.storage.demo import fill_demo
from oxytimer.storage.repository import Repository
from oxytimer.storage.stepped_backup import BackupCancelled
from oxytimer.ui.backup_timer import BackupTimer

from .loading import wait_loaded

MOTHERS = 10_000


@pytest.fixture(scope="session")
def large_database(tmp_path_factory):
    """A demo database of 10,000 mothers, made once for the whole test run."""
    path = tmp_path_factory.mktemp("large") / "oxy10k.sqlite"
    repo = Repository.open(path, FakeClock(datetime(2026, 3, 2, 23, 0, tzinfo=UTC)))
    fill_demo(repo, mothers=MOTHERS, seed=1, bulk=True)
    repo.close()
    return path


@pytest.fixture
def large_copy(large_database, tmp_path):
    path = tmp_path / "oxy.sqlite"
    shutil.copyfile(large_database, path)
    return path


class Threads:
    """Records on which thread each wrapped function ran."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.seen: dict[str, set[int]] = {}
        self.monkeypatch = monkeypatch

    def watch(self, target: str) -> None:
        module, name = target.rsplit(".", 1)
        original = getattr(__import__(module, fromlist=[name]), name)

        def wrapped(*args, **kwargs):
            self.seen.setdefault(target, set()).add(threading.get_ident())
            return original(*args, **kwargs)

        self.monkeypatch.setattr(target, wrapped)


def test_backups_tab_loads_and_the_summary_run_off_the_gui_thread(
    qtbot, large_copy, settings, clock, monkeypatch
):
    import oxytimer.ui.summary_view  # noqa: F401 - imported here so that it can be watched

    gui = threading.get_ident()
    threads = Threads(monkeypatch)
    for target in (
        "oxytimer.ui.backup_timer.backup_in_steps",
        "oxytimer.ui.registry_view.registry_page",
        "oxytimer.ui.registry_view.flow_counts",
        "oxytimer.ui.history_view.registry_page",
        "oxytimer.ui.history_view._changes",  # the chosen mother's records
        "oxytimer.ui.today_view.today_page",
        "oxytimer.ui.summary_view.summarise_in_process",
        "oxytimer.ui.summary_filters.filter_choices",
    ):
        threads.watch(target)
    window, repo = app_module.create_window(large_copy, clock=clock, settings=settings)
    qtbot.addWidget(window)
    window.show()

    backups = app_module.start_backups(window, repo, large_copy, delay_ms=0)
    with qtbot.waitSignal(backups.backup_made, timeout=120_000):
        pass
    assert len(backup.list_backups(large_copy)) == 1
    assert backups.task is not None and backups.task.thread_id != gui

    tabs = window.registry_tabs
    for name in ("today", "registry", "history"):
        window.tabs.setCurrentIndex(window.tabs.indexOf(tabs.lazy.tab_of(name)))
        page = tabs.lazy.page(name)
        wait_loaded(qtbot, page)
    registry = tabs.registry_view
    # The first rows only: a page, not 10,000 mothers; more as the list is scrolled.
    page_size = registry.model.page_size
    assert registry.model.rowCount() == page_size
    assert registry.model.canFetchMore()
    registry.table.scrollToBottom()
    qtbot.waitUntil(lambda: registry.model.rowCount() == 2 * page_size, timeout=60_000)
    assert tabs.history_view.mothers_model.rowCount() == page_size
    assert tabs.history_view.details_model.rowCount() > 0  # the first mother's, read
    assert 0 < tabs.today_view.model.rowCount() <= page_size
    assert "Screened" in registry.flow_label.text()

    # A search, in SQL, off the GUI thread too.
    code = registry.model.record(5).study_code
    registry.search_edit.setText(code)
    registry._search_timer.timeout.emit()
    qtbot.waitUntil(
        lambda: not registry.loading and [e.study_code for e in registry.model.records()] == [code],
        timeout=60_000,
    )

    window.tabs.setCurrentWidget(window.summary_tab)
    qtbot.waitUntil(
        lambda: (
            window.summary_tab._view is not None and window.summary_tab.view.summary is not None
        ),
        timeout=300_000,
    )
    assert len(window.summary_tab.view.summary.units) > MOTHERS // 2

    assert set(threads.seen) == {
        "oxytimer.ui.backup_timer.backup_in_steps",
        "oxytimer.ui.registry_view.registry_page",
        "oxytimer.ui.registry_view.flow_counts",
        "oxytimer.ui.history_view.registry_page",
        "oxytimer.ui.history_view._changes",
        "oxytimer.ui.today_view.today_page",
        "oxytimer.ui.summary_view.summarise_in_process",
        "oxytimer.ui.summary_filters.filter_choices",
    }
    on_gui = sorted(target for target, idents in threads.seen.items() if gui in idents)
    assert on_gui == []
    # The worker thread only waited: the summary was computed in a process of its own.
    assert summary_process.process_id() not in (None, os.getpid())
    window.summary_tab.view.wait()
    backups.stop()
    repo.close()


def test_a_cancelled_backup_leaves_nothing_half_done(qtbot, large_copy, monkeypatch):
    from oxytimer.ui import backup_timer

    repo = Repository.open(large_copy)
    before = repo.db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    halfway, resume = threading.Event(), threading.Event()
    original = backup_timer.backup_in_steps

    def pausing(db_path, **kwargs):
        report = kwargs["progress"]

        def progress(done, total):
            report(done, total)
            if done >= total // 2 and not halfway.is_set():
                halfway.set()  # half of it copied: wait here until the test cancels
                resume.wait(60)

        kwargs["progress"] = progress
        return original(db_path, **kwargs)

    monkeypatch.setattr(backup_timer, "backup_in_steps", pausing)
    timer = BackupTimer(repo, large_copy)
    failed = []
    timer.backup_failed.connect(failed.append)
    task = timer.backup_now()
    assert task is not None
    errors = []
    task.failed.connect(errors.append)
    qtbot.waitUntil(halfway.is_set, timeout=120_000)
    assert any(backup.backup_dir(large_copy).iterdir())  # the partial file exists now
    task.cancel()
    resume.set()
    qtbot.waitUntil(lambda: task.done and bool(errors), timeout=60_000)
    assert isinstance(errors[0], BackupCancelled)
    assert failed == []  # a cancelled backup is not a failure to report
    # Nothing half done: no backup, no partial file; the database whole and unchanged.
    assert backup.list_backups(large_copy) == []
    assert list(backup.backup_dir(large_copy).iterdir()) == []
    backup.check_file(large_copy)
    assert repo.db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == before
    timer.stop()
    repo.close()


def test_exports_merges_imports_and_restores_from_the_app_run_off_the_gui_thread(
    qtbot, large_copy, tmp_path, settings, clock, monkeypatch
):
    from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

    from oxytimer.ui.export_dialog import ExportDialog
    from oxytimer.ui.import_wizard import ImportDialog

    gui = threading.get_ident()
    threads = Threads(monkeypatch)
    targets = (
        "oxytimer.storage.export_whole.export_whole",
        "oxytimer.storage.merge.merge_databases",
        "oxytimer.storage.exchange.plan_import",
        "oxytimer.storage.exchange.import_csv",
        "oxytimer.storage.backup.restorable",
        "oxytimer.storage.task_db.restore_in_steps",
    )
    for target in targets:
        threads.watch(target)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: told.append(a[2]))
    # A finished task's answer is in the window's message bar (ui/confirmations.py).
    monkeypatch.setattr(
        "oxytimer.ui.message_bar.MessageBar.show_message",
        lambda _bar, text, **_kw: told.append(text),
    )
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: told.append("warning: " + a[2]))
    monkeypatch.setattr(QMessageBox, "exec", lambda box: told.append(box.text()) or 0)
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    window, repo = app_module.create_window(large_copy, clock=clock, settings=settings)
    qtbot.addWidget(window)
    window.show()
    actions = window.data_actions

    def done(count: int) -> None:
        qtbot.waitUntil(lambda: len(told) >= count and not actions.tasks.running(), timeout=300_000)

    out = tmp_path / "exports"

    def export_to(dialog: ExportDialog) -> QDialog.DialogCode:
        dialog.folder_edit.setText(str(out))
        dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("csv"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ExportDialog, "exec", export_to)
    actions.export_action.trigger()
    done(1)
    assert f"to {out} (" in told[-1]  # the folder, with Open folder

    other = tmp_path / "other.sqlite"
    laptop = Repository.open(other, FakeClock(datetime(2026, 3, 2, 23, 0, tzinfo=UTC)))
    fill_demo(laptop, mothers=10, seed=5, bulk=True)
    laptop.close()
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a: ([str(other)], ""))
    actions.merge_action.trigger()
    done(2)
    assert told[-1].startswith("Added:")

    paper = tmp_path / "paper.csv"
    paper.write_text("participant,site,pre,post,date\nMTR-901,AMP,1,4,2026-03-01 07:00\n")
    imported: list[int] = []

    def import_file(dialog: ImportDialog) -> int:
        dialog.imported.connect(imported.append)
        dialog.path_edit.setText(str(paper))
        dialog.check()
        qtbot.waitUntil(dialog.import_button.isEnabled, timeout=300_000)
        dialog.do_import()
        qtbot.waitUntil(lambda: bool(imported), timeout=300_000)
        return 1

    monkeypatch.setattr(ImportDialog, "exec", import_file)
    actions.import_action.trigger()
    assert imported == [1]
    done(3)
    assert told[-1].startswith("Imported 1 session(s)")

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(other), ""))
    said = len(told)  # whatever the earlier steps said (the import says what came in)
    actions.restore_action.trigger()
    done(said + 1)
    assert "Restored" in told[-1]
    assert repo.db.execute("SELECT count(*) FROM mothers").fetchone()[0] == 10

    assert set(threads.seen) == set(targets)
    on_gui = sorted(target for target, idents in threads.seen.items() if gui in idents)
    assert on_gui == []
    repo.close()
