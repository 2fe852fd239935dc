"""The Data menu: import, export, merge, conflicts, back up, restore.

``add_data_menu(window)`` adds it to the main window; the actions live in
:class:`DataActions` so tests can trigger them. The file dialogs are Qt's static
functions (tests replace them with monkeypatch).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot

from oxytimer.storage.repository import (
    DatabaseDamagedError,
    DatabaseTooNewError,
    Repository,
    StorageError,
)
from oxytimer.ui.messages import storage_error_text

# The menu is built with the window; the dialogs and the import, export and merge code
# load when an action is first used (start-up time).
if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

    from oxytimer.storage.merge_rules import MergeReport
    from oxytimer.ui.backup_timer import BackupTimer


def database_path(repo: Repository) -> Path | None:
    """The file of the repository's database, or None for an in-memory one."""
    row = repo.db.execute("PRAGMA database_list").fetchone()
    return Path(row[2]) if row and row[2] else None


class DataActions(QObject):
    """The Data menu's actions on a main window (``window.repo``; ``window.refresh()``)."""

    def __init__(self, window: QMainWindow, db_path: Path | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.repo: Repository = window.repo  # type: ignore[attr-defined]
        self.db_path = db_path or database_path(self.repo)
        self.backups: BackupTimer | None = None
        menu = window.menuBar().addMenu(self.tr("&Data"))
        self.menu = menu
        self.import_action = menu.addAction(self.tr("Import CSV…"))
        self.export_action = menu.addAction(self.tr("Export…"))
        self.merge_action = menu.addAction(self.tr("Merge another database…"))
        self.conflicts_action = menu.addAction(self.tr("Conflicts…"))
        menu.addSeparator()
        self.backup_action = menu.addAction(self.tr("Back up now"))
        self.restore_action = menu.addAction(self.tr("Restore…"))
        for action in (self.backup_action, self.restore_action):
            action.setEnabled(self.db_path is not None)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.import_action.triggered.connect(self._on_import_action_triggered)
        self.export_action.triggered.connect(self._on_export_action_triggered)
        self.merge_action.triggered.connect(self._on_merge_action_triggered)
        self.conflicts_action.triggered.connect(self._on_conflicts_action_triggered)
        self.backup_action.triggered.connect(self._on_backup_action_triggered)
        self.restore_action.triggered.connect(self._on_restore_action_triggered)

    def _refresh(self) -> None:
        refresh = getattr(self.window, "refresh", None)
        if callable(refresh):
            refresh()

    def _session_running(self) -> bool:
        screen = getattr(self.window, "session_screen", None)
        session = getattr(screen, "session", None)
        state = getattr(session, "state", None)
        return state is not None and str(getattr(state, "value", state)) in ("running", "paused")

    def _warn(self, title: str, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(self.window, title, text)

    @Slot()
    def _on_import_action_triggered(self) -> None:
        from oxytimer.ui.import_wizard import ImportDialog  # loaded on first use

        dialog = ImportDialog(self.repo, self.window)
        dialog.imported.connect(lambda n: self._refresh())
        dialog.exec()
        result = dialog.result_
        if result is not None and result.written:
            from oxytimer.ui.confirmations import import_done

            import_done(
                self.window, result.sessions_added, result.mothers_added, dialog.source_path()
            )

    @Slot()
    def _on_export_action_triggered(self) -> None:
        from PySide6.QtWidgets import QDialog

        from oxytimer.ui.export_dialog import ExportDialog
        from oxytimer.ui.save_paths import documents_dir

        # The user's Documents, not the program's or the database's folder.
        folder = documents_dir() / "oxytimer-exports"
        dialog = ExportDialog(folder, self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        fmt = str(dialog.format_combo.currentData())
        from oxytimer.storage.exchange import MissingExtraError, export

        try:
            files = export(
                self.repo,
                Path(dialog.folder_edit.text()),
                fmt,
                identifying=dialog.identifying.isChecked(),
            )
        except MissingExtraError as error:
            self._warn(
                self.tr("Export"),
                self.tr(
                    "This format needs the optional package {package}. Install it with:"
                    " pip install 'oxytimer[{extra}]'"
                ).format(package=error.package, extra=error.extra),
            )
            return
        except OSError as error:
            self._warn(
                self.tr("Export"),
                self.tr("Cannot write the files: {detail}").format(detail=str(error)),
            )
            return
        except StorageError as error:
            self._warn(self.tr("Nothing was exported"), storage_error_text(error))
            return
        from oxytimer.storage.reading import registry_count
        from oxytimer.ui.confirmations import export_done

        # Every mother is in an export (de-identified unless asked).
        export_done(self.window, files, mothers=registry_count(self.repo))

    @Slot()
    def _on_merge_action_triggered(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        from oxytimer.ui.save_paths import documents_dir

        paths, _ = QFileDialog.getOpenFileNames(
            self.window,
            self.tr("Merge databases from other laptops"),
            str(documents_dir()),
            self.tr("oxytimer databases (*.sqlite *.db);;All files (*)"),
        )
        if not paths:
            return
        from oxytimer.storage.merge import merge_databases

        try:
            report = merge_databases(self.repo, [Path(p) for p in paths])
        except (DatabaseDamagedError, DatabaseTooNewError) as error:
            self._warn(
                self.tr("Nothing was merged"),
                self.tr(
                    "A chosen file is damaged, is not an oxytimer database, or comes from a"
                    " newer version of oxytimer. Nothing was merged.\n\n{detail}"
                ).format(detail=str(error)),
            )
            return
        except StorageError as error:
            self._warn(self.tr("Nothing was merged"), storage_error_text(error))
            return
        self._refresh()
        self.show_merge_result(report)

    def show_merge_result(self, report: MergeReport) -> None:
        """The merge's summary with "Show Details…" and, with conflicts, a way to them."""
        from oxytimer.ui.merge_summary import merge_box

        box, resolve = merge_box(report, self.window)
        self.last_merge_box = box
        box.exec()
        if box.clickedButton() is resolve:
            self._on_conflicts_action_triggered()

    @Slot()
    def _on_conflicts_action_triggered(self) -> None:
        from oxytimer.ui.conflicts_dialog import ConflictsDialog  # loaded on first use

        dialog = ConflictsDialog(self.window, self.repo)
        dialog.resolved.connect(lambda _n: self._refresh())
        dialog.exec()

    @Slot()
    def _on_backup_action_triggered(self) -> None:
        if self.db_path is None:
            return
        if self.backups is None:
            from oxytimer.ui.backup_timer import BackupTimer  # on first use: start-up time

            self.backups = BackupTimer(self.repo, self.db_path, self)
            self.backups.backup_made.connect(self._on_backups_backup_made)
            self.backups.backup_failed.connect(self._on_backups_backup_failed)
        # On a worker thread; the answer comes when it is done.
        if self.backups.backup_now() is not None:
            self.window.statusBar().showMessage(self.tr("Backing up the records…"))

    @Slot(str)
    def _on_backups_backup_made(self, path: str) -> None:
        from oxytimer.ui.confirmations import backup_done

        self.window.statusBar().clearMessage()
        backup_done(self.window, Path(path))

    @Slot(str)
    def _on_backups_backup_failed(self, text: str) -> None:
        self.window.statusBar().clearMessage()
        self._warn(self.tr("No backup was made"), text)

    @Slot()
    def _on_restore_action_triggered(self) -> None:
        if self.db_path is None:
            return
        if self._session_running():
            self._warn(self.tr("Restore"), self.tr("Finish or stop the running massage first."))
            return
        from PySide6.QtWidgets import QFileDialog, QMessageBox

        from oxytimer.storage.backup import backup_dir, restore

        path, _ = QFileDialog.getOpenFileName(
            self.window,
            self.tr("Restore a backup"),
            str(backup_dir(self.db_path)),
            self.tr("Backups (*.sqlite);;All files (*)"),
        )
        if not path:
            return
        from oxytimer.storage.backup import restorable
        from oxytimer.storage.opening import describe

        try:
            offered = describe(restorable(Path(path)))
        except StorageError as error:
            self._warn(self.tr("Nothing was restored"), storage_error_text(error))
            return
        answer = QMessageBox.question(
            self.window,
            self.tr("Restore"),
            self.tr(
                "Replace all records with the backup {name}? The current records are backed"
                " up first."
            ).format(name=Path(path).name)
            + "\n\n"
            + self.tr(
                "The backup holds {mothers} mothers, {sessions} sessions and {scores}"
                " scores; last change {last}."
            ).format(
                mothers=offered["mothers"],
                sessions=offered["sessions"],
                scores=offered["scores"],
                last=offered["last_change"] or "-",
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            before = restore(self.db_path, Path(path), repo=self.repo)
        except StorageError as error:
            self._warn(self.tr("Nothing was restored"), storage_error_text(error))
            return
        from oxytimer.ui.confirmations import restore_done

        self._refresh()
        restore_done(self.window, before)


def add_data_menu(window: QMainWindow, db_path: Path | None = None) -> DataActions:
    """Add the Data menu (Import CSV…, Export…, Merge…, Conflicts…, Back up now, Restore…) to
    ``window``, which must have a ``repo`` attribute; ``db_path`` defaults to the
    repository's file."""
    return DataActions(window, db_path)
