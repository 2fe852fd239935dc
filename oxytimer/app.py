"""Start-up only: QApplication, translations, theme, database, main window."""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLockFile,
    QObject,
    QTimer,
    Signal,
)
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QWidget

from oxytimer import collector
from oxytimer.domain.clock import Clock, SystemClock
from oxytimer.domain.data_files import DataFiles
from oxytimer.paths import APP_NAME, DESKTOP_ID, ORGANIZATION
from oxytimer.resources import resource_path
from oxytimer.storage.repository import DatabaseDamagedError, Repository, StorageError
from oxytimer.ui.language import install_translators
from oxytimer.ui.main_window import MainWindow
from oxytimer.ui.messages import audit_trail_text, storage_error_text
from oxytimer.ui.settings import Settings
from oxytimer.ui.theme import stylesheet

if TYPE_CHECKING:
    from oxytimer.ui.backup_timer import BackupTimer


def db_lock(db_path: Path) -> QLockFile:
    """A lock beside the database so that a second copy of the app is refused.

    A lock left by a crashed process is stale (its process is gone) and is taken over.
    """
    # Beside the file itself, whatever link leads to it (storage/locking.lock_path).
    lock = QLockFile(f"{Path(db_path).resolve()}.lock")
    lock.setStaleLockTime(0)
    return lock


def create_window(
    db_path: Path,
    *,
    clock: Clock | None = None,
    settings: Settings | None = None,
    new: bool = False,
) -> tuple[MainWindow, Repository]:
    """Open the database and build the main window (used by the app and by tests).

    ``new``: the user asked for a new database (``--new``): an empty file at ``db_path``
    becomes one.
    """
    clock = clock or SystemClock()
    settings = settings or Settings()
    repo = Repository.open(db_path, clock, operator=settings.operator, new=new)
    if not repo.sites():
        from oxytimer.domain.sites import load_sites  # a new database only

        repo.ensure_sites([(s.code, s.name) for s in load_sites()])
    interrupted = repo.mark_interrupted()
    # The protocol and instrument files are read when first needed (run_gui checks them
    # as soon as the window has painted): the first screen needs neither.
    window = MainWindow(repo, DataFiles(), clock, settings, db_label=str(db_path))
    from oxytimer.ui.busy import BusyIndicator

    repo.db.on_busy = BusyIndicator(window)  # a save that must wait keeps the window painting
    window.show_interrupted(interrupted)
    return window, repo


# A literal context and text in every call, so that pyside6-lupdate finds the string.
translate = QCoreApplication.translate


def open_database(
    db_path: Path, settings: Settings, *, clock: Clock | None = None, new: bool = False
) -> tuple[MainWindow, Repository] | None:
    """Open the database and build the window; None (after saying why) when it cannot.

    Only damage leads to offering a backup: a file that cannot be opened, is read-only,
    locked or empty is said to be so, with what to do, and left alone. A damaged
    database is never written to: the user sees the dates and record counts of the
    damaged file and of the latest good backup, and restoring keeps a copy of the
    damaged file in the backups folder.
    """
    try:
        return create_window(db_path, clock=clock, settings=settings, new=new)
    except DatabaseDamagedError as error:
        damaged = error
    except StorageError as error:
        from PySide6.QtWidgets import QMessageBox  # only on the error paths: start-up time

        QMessageBox.critical(
            None,
            translate("app", "Cannot open the database"),
            storage_error_text(error, typed=False),
        )
        return None
    from PySide6.QtWidgets import QMessageBox

    from oxytimer.storage.backup import backup_dir, backup_time, latest_good_backup, restore
    from oxytimer.storage.opening import describe, inspect

    latest = latest_good_backup(db_path)
    if latest is None:
        QMessageBox.critical(
            None,
            translate("app", "The database is damaged"),
            storage_error_text(damaged, typed=False)
            + "\n\n"
            + translate("app", "No good backup was found in {folder}.").format(
                folder=str(backup_dir(db_path))
            ),
        )
        return None
    offered = describe(inspect(latest, full=False))
    made_at = backup_time(latest)
    made = made_at.astimezone().strftime("%Y-%m-%d %H:%M") if made_at else latest.name
    from datetime import datetime

    changed = datetime.fromtimestamp(db_path.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
    answer = QMessageBox.question(
        None,
        translate("app", "The database is damaged"),
        translate(
            "app",
            "The database file is damaged; it was not changed.\n\nDamaged file: last"
            " written {changed}; its records cannot be counted.\nLatest good backup: made"
            " {made}, {mothers} mothers, {sessions} sessions, {scores} scores, last change"
            " {last}.\n\nRestore this backup? Records saved after it would have to be"
            " entered again. A copy of the damaged file is kept in the backups folder.",
        ).format(
            changed=changed,
            made=made,
            mothers=offered["mothers"],
            sessions=offered["sessions"],
            scores=offered["scores"],
            last=offered["last_change"] or "-",
        ),
    )
    if answer != QMessageBox.StandardButton.Yes:
        return None
    try:
        restore(db_path, latest)
        return create_window(db_path, clock=clock, settings=settings)
    except StorageError as error:
        QMessageBox.critical(
            None,
            translate("app", "Cannot open the database"),
            storage_error_text(error, typed=False),
        )
        return None


SWITCH_INTERVAL_S = 0.001
"""How long a worker thread running Python keeps the interpreter once the window's thread
wants it (Python's default: 5 ms). The window takes it for every call into Python (each
row a table paints, each event a Python widget handles) and gives it back at once, so
while a backup, a page of rows or an import ran Python beside it, each call waited up to
the interval: a table's repaint took 5 ms × its rows' calls."""


def share_interpreter() -> None:
    """Let the window's thread have the interpreter soon after it asks (``run_gui``)."""
    sys.setswitchinterval(SWITCH_INTERVAL_S)


# The start-up backup waits until the window is on screen and the user can start reading
# it (the first screen is not delayed by copying the database), then a backup is checked
# for every hour.
START_UP_BACKUP_DELAY_MS = 1000


def start_backups(
    window: MainWindow,
    repo: Repository,
    db_path: Path,
    *,
    delay_ms: int = START_UP_BACKUP_DELAY_MS,
) -> BackupTimer:
    """Back up ``delay_ms`` after the window is shown, then once a day while it runs.

    The backups run on a worker thread; one that lasts over a second shows its progress
    in the status bar.
    """
    from PySide6.QtCore import QElapsedTimer

    from oxytimer.ui.backup_timer import BackupTimer

    timer = BackupTimer(repo, db_path, parent=window)
    status = window.statusBar()
    timer.backup_failed.connect(status.showMessage)
    since = QElapsedTimer()
    timed: list[object] = [None]  # the backup ``since`` times

    def show_progress(done: int, total: int) -> None:
        if timed[0] is not timer.task:
            timed[0] = timer.task
            since.start()
        elif since.elapsed() > PROGRESS_AFTER_MS and total:
            status.showMessage(
                translate("app", "Backing up the records… {percent} %").format(
                    percent=done * 100 // total
                ),
                PROGRESS_AFTER_MS * 2,
            )

    timer.backup_progress.connect(show_progress)
    timer.backup_made.connect(lambda _path: status.clearMessage())
    QTimer.singleShot(delay_ms, timer, timer.backup_now)
    timer.start()
    return timer


PROGRESS_AFTER_MS = 1000
"""Work that lasts longer than this shows its progress."""


NO_PAINT_TIMEOUT_MS = 30_000


def _make_private(settings: Settings) -> None:
    """The settings file (it holds the operator's name) readable by this user only."""
    name = settings.store.fileName()
    if os.name == "posix" and name and os.path.exists(name):
        with contextlib.suppress(OSError):  # another user's file: Qt cannot write it
            os.chmod(name, 0o600)


def check_data_files(window: MainWindow) -> bool:
    """Read the protocol and instrument files now; if one is broken, say so and quit.

    Returns whether both could be read. A broken file (a site's edit gone wrong) stops
    the app with exit status 1: no massage can be guided or scored without it.
    """
    from oxytimer.domain.texts import ResourceError

    try:
        window.data.check()
    except ResourceError as error:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(
            window,
            translate("app", "A data file is broken"),
            translate(
                "app",
                "oxytimer cannot guide or score a massage with this file:\n\n{error}\n\n"
                "Put back the file that came with oxytimer, or correct it, then start"
                " oxytimer again.",
            ).format(error=str(error)),
        )
        QCoreApplication.exit(1)
        return False
    return True


def check_audit_trail(window: MainWindow, repo: Repository) -> bool:
    """Check the audit trail (quickly: what was added since the last check, the triggers,
    the counts); if it was tampered with, say where and what to do. Returns whether it is
    intact. The app keeps running: recording goes on, export and merge are refused."""
    from oxytimer.storage.audit_chain import check_at_open

    check = check_at_open(repo.db.conn)
    if check.ok:
        return True
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.warning(
        window,
        translate("app", "The audit trail was tampered with"),
        audit_trail_text(check),
    )
    return False


class FirstPaint(QObject):
    """Emits ``painted`` when ``widget`` is painted for the first time.

    ``--quit-after-show`` uses it to exit once the window has really been drawn, so that
    start-up is timed up to the first picture on screen.
    """

    painted = Signal()

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self._widget = widget
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._widget and event.type() == QEvent.Type.Paint:
            self._widget.removeEventFilter(self)
            self.painted.emit()
        return False


def run_gui(db_path: Path, *, quit_after_show: bool = False, new: bool = False) -> int:
    """Run the app on ``db_path``; returns the exit status.

    ``new``: start a new database in an empty file at ``db_path`` (``--new``).
    """
    if os.name == "posix":
        # Everything the app creates (the lock, the settings with the operator's name,
        # backups, exports) is readable by this user only.
        os.umask(0o077)
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APP_NAME)
    app.setDesktopFileName(DESKTOP_ID)  # the menu entry and icon of an installed app
    app.setWindowIcon(QIcon(str(resource_path("icons", "oxytimer.svg"))))
    settings = Settings()
    _make_private(settings)
    install_translators(app, settings.language)
    app.setStyleSheet(stylesheet(settings.theme, settings.font_size))
    with contextlib.suppress(OSError):  # a read-only place: the lock below says so
        db_path.parent.mkdir(parents=True, exist_ok=True)
    lock = db_lock(db_path)
    if not lock.tryLock(200):
        from PySide6.QtWidgets import QMessageBox

        if lock.error() == QLockFile.LockError.PermissionError:
            QMessageBox.critical(
                None,
                app.translate("app", "Cannot open the database"),
                app.translate(
                    "app",
                    "The folder of the database cannot be written (a read-only disk or"
                    " stick, or another user's folder):\n{path}\n\nNothing was changed."
                    " Copy the database to a folder you can write and open that copy.",
                ).format(path=str(db_path)),
            )
            return 1
        if lock.error() == QLockFile.LockError.UnknownError:
            # Not held by anyone: the lock file could not be written (a full disk, a
            # failing stick). Another copy of the app is not the reason.
            from oxytimer.storage.errors import disk_full

            QMessageBox.critical(
                None,
                app.translate("app", "Cannot open the database"),
                app.translate(
                    "app",
                    "The disk holding the database is full:\n{path}\n\nNothing was changed."
                    " Free some space, then start oxytimer again.",
                ).format(path=str(db_path))
                if disk_full(db_path)
                else app.translate(
                    "app",
                    "oxytimer cannot write beside the database (its lock file):\n{path}\n\n"
                    "Nothing was changed. Check that the disk or stick is attached and not"
                    " full, then start oxytimer again.",
                ).format(path=str(db_path)),
            )
            return 1
        QMessageBox.critical(
            None,
            app.translate("app", "oxytimer is already open"),
            app.translate(
                "app",
                "Another copy of oxytimer is using this database:\n{path}\n\nSwitch to that"
                " window, or close it first.",
            ).format(path=str(db_path)),
        )
        return 1
    if not quit_after_show:
        from oxytimer.ui.dialogs import ensure_operator

        if not ensure_operator(settings):  # who goes into the audit log, asked every start
            lock.unlock()
            return 1
    opened = open_database(db_path, settings, new=new)
    if opened is None:
        lock.unlock()
        return 1
    window, repo = opened
    watch = FirstPaint(window)
    if quit_after_show:
        # Quit once the window has painted (after the paint pass in progress ends); if
        # it never paints, fail rather than hang.
        watch.painted.connect(lambda: QTimer.singleShot(0, app.quit))
        QTimer.singleShot(NO_PAINT_TIMEOUT_MS, lambda: app.exit(2))
    else:
        # Once the first screen is up: read the protocol and instrument files.
        # Then the audit trail (issue 10).
        watch.painted.connect(
            lambda: QTimer.singleShot(
                0, lambda: check_data_files(window) and check_audit_trail(window, repo)
            )
        )
    screen = app.primaryScreen()
    room = screen.availableGeometry() if screen is not None else None
    if room is not None and (room.width() < 1300 or room.height() < 820):
        window.showMaximized()  # small laptop screens (1280x800, 1024x600): use all of it
    else:
        window.show()
    # launch.main pauses the garbage collector during start-up. What start-up made (the
    # modules, the window) lives as long as the app: frozen, the collector does not scan
    # it again at every full collection, nor at exit. (The few hundred objects start-up
    # let go of while the collector was paused stay with them: a few kilobytes, once.)
    gc.enable()
    collector.enabled = True  # (and so again after the imports and summaries to come)
    collector.freeze()
    share_interpreter()
    backups = start_backups(window, repo, db_path)
    status = app.exec()
    # A backup or an analysis in progress is stopped (nothing of it kept), not waited for.
    backups.stop()
    window.data_actions.stop()  # (a quit that did not go through the window's close)
    window.summary_tab.stop()
    # Everything that must reach the disk is closed here, not left to finalizers.
    repo.close()
    settings.sync()
    lock.unlock()
    return status
