"""App-side data safety: the lock, a damaged database at start, backups, the Data menu,
the import dialog, and typed input kept after a failed save."""

import hashlib
import os
import signal
import subprocess
import sys
from datetime import timedelta

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from oxytimer import app as app_module
from oxytimer.storage import backup
from oxytimer.storage.repository import DatabaseFullError, Repository
from oxytimer.ui.backup_timer import BackupTimer
from oxytimer.ui.import_wizard import ImportDialog
from oxytimer.ui.message_bar import message_bar

HOLDER = """
import sys, time
from PySide6.QtCore import QLockFile
lock = QLockFile(sys.argv[1])
lock.setStaleLockTime(0)
assert lock.tryLock(0)
print("locked", flush=True)
time.sleep(60)
"""


def test_second_copy_refused_and_stale_lock_taken_over(tmp_path):
    db = tmp_path / "oxy.sqlite"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db) + ".lock"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        lock = app_module.db_lock(db)
        assert not lock.tryLock(0)
        assert backup.lock_holder(db) == holder.pid
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        holder.communicate()
    # The process was killed: its lock is stale and is taken over.
    lock = app_module.db_lock(db)
    assert lock.tryLock(0)
    assert backup.lock_holder(db) is None  # held by this very process
    lock.unlock()


def test_running_app_refuses_a_second_copy(tmp_path, qapp, settings, monkeypatch):
    db = tmp_path / "oxy.sqlite"
    held = app_module.db_lock(db)
    assert held.tryLock(0)
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a: shown.append(a[1]))
    try:
        # QLockFile refuses a second lock even within one process.
        assert app_module.run_gui(db) == 1
    finally:
        held.unlock()
        qapp.setStyleSheet("")  # run_gui styled the shared QApplication
    assert shown == ["oxytimer is already open"]


@pytest.mark.parametrize("full", [True, False])
def test_a_lock_that_cannot_be_written_is_not_another_copy(
    tmp_path, qapp, settings, monkeypatch, full
):
    """On a full disk (or a failing stick) the lock file cannot be written: that is
    said, not "another copy of oxytimer is using this database"."""
    import resource

    db = tmp_path / "oxy.sqlite"
    Repository.open(db).close()
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a: shown.append((a[1], a[2])))
    monkeypatch.setattr("oxytimer.storage.errors.disk_full", lambda _path: full)
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, hard))  # no file may grow: a full disk
    try:
        assert app_module.run_gui(db) == 1
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)
        qapp.setStyleSheet("")  # run_gui styled the shared QApplication
    ((title, text),) = shown
    assert title == "Cannot open the database"
    expected = "The disk holding the database is full" if full else "its lock file"
    assert expected in text and "Nothing was changed." in text
    assert not (tmp_path / "oxy.sqlite.lock").exists()


def make_db(path, clock, *codes):
    repo = Repository.open(path, clock)
    repo.ensure_sites([("AMP", "Puskesmas Ampenan")])
    for code in codes:
        repo.add_mother(repo.site_id("AMP"), code)
    return repo


def damage(path):
    data = bytearray(path.read_bytes())
    data[4096:12288] = b"\x5a" * 8192
    path.write_bytes(bytes(data))


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("answer", [QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No])
def test_damaged_database_at_start_offers_the_latest_good_backup(
    tmp_path, qtbot, settings, clock, monkeypatch, answer
):
    db = tmp_path / "oxy.sqlite"
    repo = make_db(db, clock, "MTR-001")
    backup.backup_repository(repo, db)
    repo.add_mother(repo.site_id("AMP"), "MTR-002")
    repo.close()
    damage(db)
    before = digest(db)
    asked = []

    def question(parent, title, text, *args):
        asked.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    opened = app_module.open_database(db, settings, clock=clock)
    # Both files described: the damaged one's date, the backup's date and counts.
    assert asked and "Restore this backup?" in asked[0]
    assert "Latest good backup: made" in asked[0] and "1 mothers" in asked[0]
    assert "Damaged file: last written" in asked[0]
    if answer == QMessageBox.StandardButton.No:
        assert opened is None and digest(db) == before
        return
    window, repo = opened
    qtbot.addWidget(window)
    assert [m.study_code for m in repo.mothers()] == ["MTR-001"]
    kept = list((tmp_path / "backups").glob("*.damaged"))
    assert len(kept) == 1
    repo.close()


def test_damaged_database_without_backup_is_left_alone(tmp_path, settings, clock, monkeypatch):
    db = tmp_path / "oxy.sqlite"
    make_db(db, clock, "MTR-001").close()
    damage(db)
    before = digest(db)
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    assert app_module.open_database(db, settings, clock=clock) is None
    assert "No good backup" in shown[0] and digest(db) == before


def test_backup_at_start_and_once_a_day(tmp_path, qtbot, settings, clock):
    db = tmp_path / "oxy.sqlite"
    window, repo = app_module.create_window(db, clock=clock, settings=settings)
    qtbot.addWidget(window)
    timer = app_module.start_backups(window, repo, db, delay_ms=0)
    assert timer.timer.isActive()
    # The start-up backup waits for the event loop (the window is painted first).
    assert backup.list_backups(db) == []
    with qtbot.waitSignal(timer.backup_made):
        pass
    assert len(backup.list_backups(db)) == 1
    last = timer.last_backup_time()
    assert not timer.check_now(last + timedelta(hours=23))
    repo.add_mother(repo.sites()[0]["id"], "MTR-009")  # a change: a new backup
    with qtbot.waitSignal(timer.backup_made):
        assert timer.check_now(last + timedelta(hours=24))
    assert len(backup.list_backups(db)) == 2
    repo.close()


def test_backup_failure_is_reported_not_raised(tmp_path, qtbot, repo, monkeypatch):
    timer = BackupTimer(repo, tmp_path / "oxy.sqlite")

    def full(*args, **kwargs):
        raise DatabaseFullError("database or disk is full")

    monkeypatch.setattr("oxytimer.ui.backup_timer.backup_in_steps", full)
    with qtbot.waitSignal(timer.backup_failed) as signal_:
        assert timer.backup_now() is not None
    # A backup is not a form: nothing typed, no Save button to press again.
    assert signal_.args[0] == (
        "The disk is full. Nothing was written and the records are as they were. Free"
        " some space, then try again."
    )


def test_enrolment_keeps_what_was_typed_when_the_disk_is_full(
    qtbot, repo, clock, settings, monkeypatch
):
    from oxytimer.domain.eligibility import load_criteria
    from oxytimer.ui.registry_view import RegistryView

    from .test_registry import fill_form

    view = RegistryView(repo, load_criteria(), clock, settings)
    qtbot.addWidget(view)
    view.show()
    form = view.form
    fill_form(qtbot, view, site="AMP", code="MTR-031", age="24")

    def full(*args, **kwargs):
        raise DatabaseFullError("database or disk is full")

    monkeypatch.setattr(repo, "enrol", full)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.code_edit.text() == "MTR-031" and form.age_edit.text() == "24"
    assert "disk is full" in form.general_error.text() and form.general_error.isVisible()
    assert repo.mothers() == []
    monkeypatch.undo()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)  # retry works
    assert [m.study_code for m in repo.mothers()] == ["MTR-031"]


def test_import_dialog_lists_bad_rows_then_imports(tmp_path, qtbot, repo, monkeypatch):
    dialog = ImportDialog(repo)
    qtbot.addWidget(dialog)
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "participant,site,pre,post,date\n"
        "MTR-001,AMP,1,4,2026-03-01 07:00\nMTR-002,AMP,10,x,2026-03-01 07:00\n"
    )
    dialog.path_edit.setText(str(bad))
    with qtbot.waitSignal(dialog.checked, timeout=20_000):  # checked on a worker
        qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    assert dialog.problems.rowCount() == 2
    assert dialog.problems.item(0, 1).text() == "post"
    assert dialog.problems.item(1, 3).text() == "Must be from 0 to 8."
    assert not dialog.import_button.isEnabled()

    good = tmp_path / "good.csv"
    good.write_text(
        "participant,site,pre,post,date\n"
        "MTR-001,AMP,1,4,2026-03-01 07:00\nMTR-002,AMP,0,3,2026-03-01 07:00\n"
    )
    dialog.path_edit.setText(str(good))
    with qtbot.waitSignal(dialog.checked, timeout=20_000):
        dialog.check()
    assert dialog.import_button.isEnabled() and dialog.problems.rowCount() == 0

    def full(*args, **kwargs):
        raise DatabaseFullError("database or disk is full")

    monkeypatch.setattr("oxytimer.storage.exchange.import_csv", full)
    dialog.do_import()
    qtbot.waitUntil(lambda: "disk is full" in dialog.error.text(), timeout=20_000)
    assert dialog.path_edit.text() == str(good) and dialog.result() == 0  # still open
    assert dialog.import_button.isEnabled()  # try again
    monkeypatch.undo()
    with qtbot.waitSignal(dialog.imported, timeout=20_000) as imported:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert imported.args == [2]
    assert len(repo.sessions_with_status("completed")) == 2


def test_data_menu_backup_and_restore(tmp_path, qtbot, settings, clock, monkeypatch):
    db = tmp_path / "oxy.sqlite"
    window, repo = app_module.create_window(db, clock=clock, settings=settings)
    qtbot.addWidget(window)
    actions = window.data_actions
    assert actions.menu.title() == "&Data" and actions.menu in window.menuBar().findChildren(QMenu)
    assert [a.text() for a in actions.menu.actions() if a.text()] == [
        "Import CSV…",
        "Export…",
        "Merge another database…",
        "Conflicts…",
        "Sync with the study server…",
        "Back up now",
        "Restore…",
    ]
    assert actions.db_path == db
    boxes = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: boxes.append(a[2]))
    bar = message_bar(window)
    actions.backup_action.trigger()  # on a worker thread; answered by signal
    qtbot.waitUntil(lambda: bar.text() != "", timeout=20_000)
    (saved,) = backup.list_backups(db)
    assert bar.text() == f"Backup saved: {saved}"  # in the window's bar, not a box
    assert bar.action_button.text() == "Open folder" and boxes == []
    repo.add_mother(repo.site_id("AMP"), "MTR-077")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(saved), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    actions.restore_action.trigger()  # checked, then restored, on workers
    qtbot.waitUntil(lambda: bar.text().startswith("Restored"), timeout=20_000)
    assert bar.text().startswith("Restored. The records as they were are saved in ")
    assert [m.study_code for m in repo.mothers()] == []
    repo.close()


def test_data_files_are_read_after_the_first_screen_and_a_broken_one_stops_the_app(
    tmp_path, qtbot, settings, clock, monkeypatch
):
    from oxytimer.domain.data_files import DataFiles

    window, repo = app_module.create_window(tmp_path / "oxy.sqlite", clock=clock, settings=settings)
    qtbot.addWidget(window)
    assert not window.data.loaded  # the first screen is built without them
    assert app_module.check_data_files(window) and window.data.loaded

    broken = tmp_path / "protocol.toml"
    broken.write_text("version = 1\n", encoding="utf-8")
    window.data = DataFiles(protocol_path=broken)
    shown, exits = [], []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    monkeypatch.setattr(app_module.QCoreApplication, "exit", lambda status: exits.append(status))
    assert not app_module.check_data_files(window)
    assert str(broken) in shown[0] and exits == [1]
    repo.close()


def test_the_app_checks_the_data_files_once_its_window_is_up(tmp_path, qapp, settings, monkeypatch):
    """run_gui itself: the window is shown first, then a broken file is explained and the
    app stops with status 1, its lock released."""
    import gc

    from PySide6.QtCore import QTimer

    from oxytimer.domain.data_files import DataFiles

    broken = tmp_path / "protocol.toml"
    broken.write_text("version = 1\n", encoding="utf-8")
    monkeypatch.setattr(app_module, "DataFiles", lambda: DataFiles(protocol_path=broken))
    monkeypatch.setattr("oxytimer.ui.dialogs.ensure_operator", lambda settings: True)
    shown = []
    monkeypatch.setattr(
        QMessageBox, "critical", lambda parent, title, text: shown.append((parent, text))
    )
    db = tmp_path / "oxy.sqlite"
    guard = QTimer()  # never hang the suite (stopped below: it must not fire later)
    guard.setSingleShot(True)
    guard.timeout.connect(lambda: qapp.exit(99))
    guard.start(20_000)
    try:
        status = app_module.run_gui(db)
    finally:
        guard.stop()
        gc.unfreeze()  # run_gui froze everything alive, the tests' objects too
        qapp.setStyleSheet("")
    assert status == 1
    ((window, text),) = shown
    assert window.isVisible() and window.data is not None  # said on the window, once up
    assert str(broken) in text
    lock = app_module.db_lock(db)
    assert lock.tryLock(0)  # released
    lock.unlock()
    window.close()


@pytest.mark.parametrize(
    "error",
    [
        "DatabaseReadOnlyError",
        "DatabaseUnreadableError",
        "DatabaseLockedError",
        "DatabaseEmptyError",
        "NotOxytimerDatabaseError",
    ],
)
def test_only_damage_ever_offers_a_backup(tmp_path, settings, clock, monkeypatch, error):
    from oxytimer.storage import errors

    db = tmp_path / "oxy.sqlite"
    make_db(db, clock, "MTR-001").close()
    backup.backup_database(db)  # a good backup that could be offered
    before = digest(db)

    def failing(*args, **kwargs):
        raise getattr(errors, error)("the reason")

    monkeypatch.setattr(app_module, "create_window", failing)
    asked, shown = [], []
    monkeypatch.setattr(QMessageBox, "question", lambda *a: asked.append(a) or 0)
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    assert app_module.open_database(db, settings, clock=clock) is None
    assert asked == [] and len(shown) == 1 and "the reason" in shown[0]
    assert "The database file is damaged" not in shown[0]
    assert digest(db) == before


def test_an_empty_file_at_start_is_refused_then_created_with_new(
    tmp_path, qtbot, settings, clock, monkeypatch
):
    db = tmp_path / "oxy.sqlite"
    db.write_bytes(b"")
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    assert app_module.open_database(db, settings, clock=clock) is None
    assert "--new" in shown[0] and db.stat().st_size == 0
    window, repo = app_module.open_database(db, settings, clock=clock, new=True)
    qtbot.addWidget(window)
    assert repo.sites()  # a new database, with the puskesmas list
    repo.close()


PRIVATE_FILES = """
import os, stat, sys
from pathlib import Path
from oxytimer import app

def report(db_path, settings, **kwargs):
    for name in (f"{db_path}.lock", settings.store.fileName()):
        print(oct(stat.S_IMODE(os.stat(name).st_mode)), flush=True)
    return None

app.open_database = report
sys.exit(app.run_gui(Path(sys.argv[1]), quit_after_show=True))
"""


def test_lock_and_settings_files_are_private(tmp_path):
    settings_file = tmp_path / "settings.ini"
    settings_file.write_text("[General]\noperator=Bidan Sari\n")
    os.chmod(settings_file, 0o644)
    env = {**os.environ, "OXYTIMER_SETTINGS": str(settings_file), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", PRIVATE_FILES, str(tmp_path / "oxy.sqlite")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.split() == ["0o600", "0o600"], result.stderr


WRITE_HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("holding", flush=True)
sys.stdin.readline()
conn.execute("ROLLBACK")
print("released", flush=True)
"""


def test_a_save_that_must_wait_shows_it_and_keeps_painting(tmp_path, qtbot, settings, clock):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    db = tmp_path / "oxy.sqlite"
    window, repo = app_module.create_window(db, clock=clock, settings=settings)
    qtbot.addWidget(window)
    site = repo.sites()[0]["id"]
    holder = subprocess.Popen(
        [sys.executable, "-c", WRITE_HOLDER, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "holding"
    indicator = repo.db.on_busy
    seen = {"calls": 0, "timer": False, "message": "", "cursor": None}
    QTimer.singleShot(0, lambda: seen.update(timer=True))  # runs only if events are processed

    def watching(waited):
        indicator(waited)
        if waited is None:
            return
        seen["calls"] += 1
        seen["message"] = window.statusBar().currentMessage()
        seen["cursor"] = QApplication.overrideCursor()
        if seen["calls"] == 3:  # the other program finishes
            holder.stdin.write("\n")
            holder.stdin.flush()
            assert holder.stdout.readline().strip() == "released"

    repo.db.on_busy = watching
    try:
        repo.add_mother(site, "MTR-777")
    finally:
        holder.communicate(timeout=30)
    assert seen["calls"] >= 3 and seen["timer"]
    assert "Waiting for the database" in seen["message"]
    assert seen["cursor"] is not None and QApplication.overrideCursor() is None
    assert window.statusBar().currentMessage() == ""
    assert [m.study_code for m in repo.mothers()] == ["MTR-777"]
    repo.close()


def test_a_link_to_the_database_shares_its_lock(tmp_path, qapp, settings, monkeypatch):
    """The app opened through a link (a shortcut, another path to the same file) holds
    the file's own lock: a second copy by the other path, or a command that writes, is
    refused as usual rather than writing under it."""
    from oxytimer.storage.locking import refuse_while_app_runs
    from oxytimer.storage.repository import DatabaseLockedError

    db = tmp_path / "oxy.sqlite"
    Repository.open(db).close()
    link = tmp_path / "shortcut.sqlite"
    link.symlink_to(db)
    held = app_module.db_lock(link)
    assert held.tryLock(0)
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a: shown.append(a[1]))
    try:
        assert app_module.run_gui(db) == 1  # the second copy, by the file's own path
    finally:
        held.unlock()
        qapp.setStyleSheet("")  # run_gui styled the shared QApplication
    assert shown == ["oxytimer is already open"]
    # The app (another live process) opened the file by its own path; a command by the
    # link is refused.
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        (tmp_path / "oxy.sqlite.lock").write_text(f"{holder.pid}\noxytimer\n{os.uname()[1]}\n")
        with pytest.raises(DatabaseLockedError):
            refuse_while_app_runs(link)
    finally:
        holder.kill()
        holder.wait()
