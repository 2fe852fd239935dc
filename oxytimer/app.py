"""Start-up only: QApplication, translations, theme, database, main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QLockFile, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from oxytimer.domain.clock import Clock, SystemClock
from oxytimer.domain.instrument import load_instrument
from oxytimer.domain.protocol import load_protocol
from oxytimer.domain.sites import load_sites
from oxytimer.paths import APP_NAME, ORGANIZATION
from oxytimer.resources import resource_path
from oxytimer.storage.repository import Repository, StorageError
from oxytimer.ui.main_window import MainWindow
from oxytimer.ui.messages import storage_error_text
from oxytimer.ui.settings import Settings
from oxytimer.ui.theme import stylesheet


def install_translators(app: QApplication, lang: str) -> list[QTranslator]:
    """Load the app's and Qt's own translations for ``lang``; English needs none."""
    translators: list[QTranslator] = []
    QLocale.setDefault(
        QLocale(
            QLocale.Language.Indonesian if lang == "id" else QLocale.Language.English,
            QLocale.Country.Indonesia if lang == "id" else QLocale.Country.UnitedKingdom,
        )
    )
    if lang == "en":
        return translators
    for name, folder in (
        (f"oxytimer_{lang}", resource_path("translations")),
        (f"qtbase_{lang}", Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))),
    ):
        translator = QTranslator(app)
        if translator.load(name, str(folder)):
            app.installTranslator(translator)
            translators.append(translator)
    return translators


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
        repo.ensure_sites([(s.code, s.name) for s in load_sites()])
    interrupted = repo.mark_interrupted()
    window = MainWindow(
        repo, load_protocol(), load_instrument(), clock, settings, db_label=str(db_path)
    )
    window.show_interrupted(interrupted)
    return window, repo


def run_gui(db_path: Path, *, quit_after_show: bool = False) -> int:
    """Run the app on ``db_path``; returns the exit status."""
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APP_NAME)
    settings = Settings()
    install_translators(app, settings.language)
    app.setStyleSheet(stylesheet(settings.theme, settings.font_size))
    db_path.parent.mkdir(parents=True, exist_ok=True)
    lock = db_lock(db_path)
    if not lock.tryLock(200):
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
    try:
        window, repo = create_window(db_path, settings=settings)
    except StorageError as error:
        QMessageBox.critical(
            None, app.translate("app", "Cannot open the database"), storage_error_text(error)
        )
        return 1
    window.show()
    if quit_after_show:
        QTimer.singleShot(0, app.quit)
    status = app.exec()
    repo.close()
    lock.unlock()
    return status
