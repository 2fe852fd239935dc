"""Start-up only: QApplication, translations, theme, database, main window."""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLibraryInfo,
    QLocale,
    QLockFile,
    QObject,
    QTimer,
    QTranslator,
    Signal,
)
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QWidget

from oxytimer.domain.clock import Clock, SystemClock
from oxytimer.domain.data_files import DataFiles
from oxytimer.paths import APP_NAME, DESKTOP_ID, ORGANIZATION
from oxytimer.resources import resource_path
from oxytimer.storage.repository import DatabaseDamagedError, Repository, StorageError
from oxytimer.ui.main_window import MainWindow
from oxytimer.ui.messages import audit_trail_text, storage_error_text
from oxytimer.ui.settings import Settings
from oxytimer.ui.theme import stylesheet

if TYPE_CHECKING:
    from oxytimer.ui.backup_timer import BackupTimer


def install_translators(app: QApplication, lang: str) -> list[QTranslator]:
    """Load the app's and Qt's own translations for ``lang``; English needs none.

    Replaces the translators a previous call installed. Qt's standard texts (dialog
    buttons ...) come from Qt's ``qtbase_<lang>.qm`` when the Qt installation has one and,
    searched first, from ours in resources/translations (the PySide6 wheel has no
    Indonesian). The default QLocale follows ``lang``, so that numbers and dates shown
    with ``QLocale()`` do too.
    """
    for old in app.findChildren(QTranslator, _TRANSLATOR_NAME):
        app.removeTranslator(old)
        old.setObjectName("")
        old.deleteLater()
    translators: list[QTranslator] = []
    QLocale.setDefault(
        QLocale(
            QLocale.Language.Indonesian if lang == "id" else QLocale.Language.English,
            QLocale.Country.Indonesia if lang == "id" else QLocale.Country.UnitedKingdom,
        )
    )
    if lang == "en":
        return translators
    ours = resource_path("translations")
    qt_folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    # The translator installed last is searched first.
    for name, folder in ((f"qtbase_{lang}", qt_folder), (f"qtbase_{lang}", ours)):
        translators += _install(app, name, folder)
    translators += _install(app, f"oxytimer_{lang}", ours)
    return translators


_TRANSLATOR_NAME = "oxytimer_translator"


def _install(app: QApplication, name: str, folder: Path) -> list[QTranslator]:
    translator = QTranslator(app)
    translator.setObjectName(_TRANSLATOR_NAME)
    if (folder / f"{name}.qm").exists() and translator.load(name, str(folder)):
        app.installTranslator(translator)
        return [translator]
    translator.deleteLater()
    return []


def db_lock(db_path: Path) -> QLockFile:
    """A lock beside the database so that a second copy of the app is refused.

    A lock left by a crashed process is stale (its process is gone) and is taken over.
    """
    lock = QLockFile(str(db_path) + ".lock")
    lock.setStaleLockTime(0)
    return lock


def create_window(
    db_path: Path, *, clock: Clock | None = None, settings: Settings | None = None
) -> tuple[MainWindow, Repository]:
    """Open the database and build the main window (used by the app and by tests)."""
    clock = clock or SystemClock()
    settings = settings or Settings()
    repo = Repository.open(db_path, clock, operator=settings.operator)
    if not repo.sites():
        from oxytimer.domain.sites import load_sites  # a new database only

        repo.ensure_sites([(s.code, s.name) for s in load_sites()])
    interrupted = repo.mark_interrupted()
    # The protocol and instrument files are read when first needed (run_gui checks them
    # as soon as the window has painted): the first screen needs neither.
    window = MainWindow(repo, DataFiles(), clock, settings, db_label=str(db_path))
    window.show_interrupted(interrupted)
    return window, repo


# A literal context and text in every call, so that pyside6-lupdate finds the string.
translate = QCoreApplication.translate


def open_database(
    db_path: Path, settings: Settings, *, clock: Clock | None = None
) -> tuple[MainWindow, Repository] | None:
    """Open the database and build the window; None (after saying why) when it cannot.

    A damaged database is never written to: the user is offered the latest good backup,
    and restoring it keeps a copy of the damaged file in the backups folder.
    """
    try:
        return create_window(db_path, clock=clock, settings=settings)
    except DatabaseDamagedError as error:
        damaged = error
    except StorageError as error:
        from PySide6.QtWidgets import QMessageBox  # only on the error paths: start-up time

        QMessageBox.critical(
            None, translate("app", "Cannot open the database"), storage_error_text(error)
        )
        return None
    from PySide6.QtWidgets import QMessageBox

    from oxytimer.storage.backup import backup_dir, backup_time, latest_good_backup, restore

    latest = latest_good_backup(db_path)
    if latest is None:
        QMessageBox.critical(
            None,
            translate("app", "The database is damaged"),
            storage_error_text(damaged)
            + "\n\n"
            + translate("app", "No good backup was found in {folder}.").format(
                folder=str(backup_dir(db_path))
            ),
        )
        return None
    made = backup_time(latest)
    when = made.astimezone().strftime("%Y-%m-%d %H:%M") if made else latest.name
    answer = QMessageBox.question(
        None,
        translate("app", "The database is damaged"),
        translate(
            "app",
            "The database file is damaged; it was not changed.\n\nRestore the latest good"
            " backup, made {when}? Records saved after it would have to be entered again. A"
            " copy of the damaged file is kept in the backups folder.",
        ).format(when=when),
    )
    if answer != QMessageBox.StandardButton.Yes:
        return None
    try:
        restore(db_path, latest)
        return create_window(db_path, clock=clock, settings=settings)
    except StorageError as error:
        QMessageBox.critical(
            None, translate("app", "Cannot open the database"), storage_error_text(error)
        )
        return None


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
    """Back up ``delay_ms`` after the window is shown, then once a day while it runs."""
    from oxytimer.ui.backup_timer import BackupTimer

    timer = BackupTimer(repo, db_path, parent=window)
    timer.backup_failed.connect(window.statusBar().showMessage)
    QTimer.singleShot(delay_ms, timer, timer.backup_now)
    timer.start()
    return timer


NO_PAINT_TIMEOUT_MS = 30_000


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


def run_gui(db_path: Path, *, quit_after_show: bool = False) -> int:
    """Run the app on ``db_path``; returns the exit status."""
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APP_NAME)
    app.setDesktopFileName(DESKTOP_ID)  # the menu entry and icon of an installed app
    app.setWindowIcon(QIcon(str(resource_path("icons", "oxytimer.svg"))))
    settings = Settings()
    install_translators(app, settings.language)
    app.setStyleSheet(stylesheet(settings.theme, settings.font_size))
    db_path.parent.mkdir(parents=True, exist_ok=True)
    lock = db_lock(db_path)
    if not lock.tryLock(200):
        from PySide6.QtWidgets import QMessageBox

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
    opened = open_database(db_path, settings)
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
    gc.freeze()
    start_backups(window, repo, db_path)
    status = app.exec()
    # Everything that must reach the disk is closed here, not left to finalizers.
    repo.close()
    settings.sync()
    lock.unlock()
    return status
