"""The Data menu: import, export, merge, conflicts, back up, restore.

``add_data_menu(window)`` adds it to the main window; the actions live in
:class:`DataActions` so tests can trigger them. The file dialogs are Qt's static
functions (tests replace them with monkeypatch).

Export, merge, import and restore run on a worker thread (``ui/data_tasks.py``: a
progress dialog after a second, Cancel); merge, import and restore are refused while a
massage runs (their writes would hold up the session's). Every finished task's result
is shown by :meth:`DataActions.task_finished`, the one place to change how.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QEvent, QObject, Slot

from oxytimer.storage.repository import (
    DatabaseDamagedError,
    DatabaseTooNewError,
    Repository,
    StorageError,
)
from oxytimer.ui.data_tasks import STOP_WAIT_S, DataTasks, refresh_summary
from oxytimer.ui.messages import storage_error_text
from oxytimer.ui.screen_fit import dialogs_fitted
from oxytimer.ui.workers import Cancelled, Job, Task, write_task

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
        self.tasks = DataTasks(window)
        menu = window.menuBar().addMenu(self.tr("&Data"))
        self.menu = menu
        self.import_action = menu.addAction(self.tr("Import CSV…"))
        self.export_action = menu.addAction(self.tr("Export…"))
        self.merge_action = menu.addAction(self.tr("Merge another database…"))
        self.conflicts_action = menu.addAction(self.tr("Conflicts…"))
        self.sync_action = menu.addAction(self.tr("Sync with the study server…"))
        self.server_summary_action = menu.addAction(self.tr("Summary on the study server…"))
        self.server_window: QMainWindow | None = None
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
        self.sync_action.triggered.connect(self._on_sync_action_triggered)
        self.server_summary_action.triggered.connect(self._on_server_summary_action_triggered)
        self.backup_action.triggered.connect(self._on_backup_action_triggered)
        self.restore_action.triggered.connect(self._on_restore_action_triggered)

    def running(self) -> str | None:
        """The title of the task running (export, merge, import, restore), or None."""
        return self.tasks.title() if self.tasks.running() else None

    def stop(self) -> None:
        """The app is closing: stop the running task and a backup asked for from the menu,
        and wait for them (nothing of either is kept)."""
        self.tasks.stop()
        if self.backups is not None:
            self.backups.stop()
        sync = getattr(self, "sync_dialog", None)  # (closed, its sync may still stop)
        task = getattr(sync, "task", None)
        if task is not None and not task.done:
            task.cancel()  # it stops at its next batch; nothing half kept
            task.wait(STOP_WAIT_S)

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
        if self._refuse_during_massage(self.tr("Import")):
            return
        from oxytimer.ui.import_wizard import ImportDialog  # loaded on first use

        dialog = ImportDialog(self.repo, self.window, tasks=self.tasks)
        dialog.imported.connect(
            lambda n: self.task_finished(
                "import",
                (n, dialog.result_.mothers_added if dialog.result_ else None, dialog.source_path()),
            )
        )
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
        folder = Path(dialog.folder_edit.text())
        identifying = dialog.identifying.isChecked()

        def run(writer: Repository, job: Job) -> tuple[list[Path], int]:
            from oxytimer.storage.export_whole import export_whole
            from oxytimer.storage.reading import registry_count

            files = export_whole(
                writer, folder, fmt, identifying=identifying, stopped=lambda: job.cancelled
            )
            return files, registry_count(writer)  # every mother is in an export

        # Beside the work, not in front of it: an export reads the records (its connection
        # writes only where the audit trail's check got to, a moment's transaction).
        self.tasks.start(
            lambda done, failed: write_task(self.repo, run, done, failed),
            title=self.tr("Export"),
            text=self.tr("Exporting the records…"),
            on_finished=lambda files: self.task_finished("export", files),
            on_failed=self._on_export_failed,
            modal=False,
        )

    def _on_export_failed(self, error: object) -> None:
        from oxytimer.storage.exchange import MissingExtraError

        if isinstance(error, Cancelled):
            self._stopped(self.tr("Export stopped: no file was written."))
        elif isinstance(error, MissingExtraError):
            self._warn(
                self.tr("Export"),
                self.tr(
                    "This format needs the optional package {package}. Install it with:"
                    " pip install 'oxytimer[{extra}]'"
                ).format(package=error.package, extra=error.extra),
            )
        elif isinstance(error, OSError):
            self._warn(
                self.tr("Export"),
                self.tr("Cannot write the files: {detail}").format(detail=str(error)),
            )
        elif isinstance(error, StorageError):
            self._warn(self.tr("Nothing was exported"), storage_error_text(error, typed=False))
        else:
            self._failed(error)

    def _failed(self, error: object) -> None:
        """An unforeseen failure (its transaction was rolled back): said in a sentence."""
        self._warn(
            self.tr("The task failed"),
            self.tr("It could not be done, and nothing was changed: {detail}").format(
                detail=str(error) or type(error).__name__
            ),
        )

    def _stopped(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 10_000)

    def task_finished(self, kind: str, result: object) -> None:
        """Show what a finished Data task did: the one place for every task's result.

        ``kind`` and ``result``: "export" (the files written), "merge" (the
        :class:`MergeReport`), "import" (the sessions added), "restore" (the backup of
        the records as they were), "backup" (the backup's path).
        """
        from oxytimer.ui import confirmations  # the sentence, in the window's message bar

        if kind == "export":  # (the files, and the mothers they hold: counted on the worker)
            files, mothers = result if isinstance(result, tuple) else (result, None)
            confirmations.export_done(
                self.window, files if isinstance(files, list) else [], mothers=mothers
            )
        elif kind == "merge":
            self._refresh()
            self.show_merge_result(cast("MergeReport", result))
        elif kind == "import":
            self._refresh()
            sessions, mothers, source = (
                result if isinstance(result, tuple) else (int(cast(int, result)), None, None)
            )
            confirmations.import_done(self.window, sessions, mothers, source)
        elif kind == "restore":
            self._refresh()
            confirmations.restore_done(self.window, cast("Path | None", result))
        elif kind == "backup":
            confirmations.backup_done(self.window, Path(str(result)))

    def _refuse_during_massage(self, title: str) -> bool:
        """Say so and return True when a massage runs (a writing task would hold it up)."""
        if self._session_running():
            self._warn(title, self.tr("Finish or stop the running massage first."))
            return True
        return False

    @Slot()
    def _on_merge_action_triggered(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        from oxytimer.ui.save_paths import documents_dir

        if self._refuse_during_massage(self.tr("Merge")):
            return
        with dialogs_fitted():  # Qt's own dialog, fitted to the screen
            paths, _ = QFileDialog.getOpenFileNames(
                self.window,
                self.tr("Merge databases from other laptops"),
                str(documents_dir()),
                self.tr("oxytimer databases (*.sqlite *.db);;All files (*)"),
            )
        if not paths:
            return
        chosen = [Path(p) for p in paths]

        def run(writer: Repository, job: Job) -> MergeReport:
            from oxytimer.storage.merge import merge_databases
            from oxytimer.storage.task_db import stop_when

            # One transaction: cancelled, it is rolled back and nothing is merged.
            with stop_when(writer.db.conn, lambda: job.cancelled):
                report = merge_databases(writer, chosen)
            refresh_summary(writer, job)  # the merged mothers' stored summary rows
            return report

        self.tasks.start(
            lambda done, failed: write_task(self.repo, run, done, failed),
            title=self.tr("Merge"),
            text=self.tr("Merging the other laptops' records…"),
            on_finished=lambda report: self.task_finished("merge", report),
            on_failed=self._on_merge_failed,
        )

    def _on_merge_failed(self, error: object) -> None:
        if isinstance(error, Cancelled):
            self._stopped(self.tr("Merge stopped: nothing was merged."))
        elif isinstance(error, DatabaseDamagedError | DatabaseTooNewError):
            self._warn(
                self.tr("Nothing was merged"),
                self.tr(
                    "A chosen file is damaged, is not an oxytimer database, or comes from a"
                    " newer version of oxytimer. Nothing was merged.\n\n{detail}"
                ).format(detail=str(error)),
            )
        elif isinstance(error, StorageError):
            self._warn(self.tr("Nothing was merged"), storage_error_text(error, typed=False))
        else:
            self._failed(error)

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
    def _on_sync_action_triggered(self) -> None:
        from oxytimer.ui.sync_dialog import SyncDialog  # loaded on first use

        if self._session_running():
            self._warn(
                self.tr("Sync with the study server"),
                self.tr("Finish the massage first: a sync waits until no session runs."),
            )
            return
        dialog = SyncDialog(self.repo, self.db_path, self.window)
        self.sync_dialog = dialog
        dialog.synced.connect(lambda _result: self._refresh())
        dialog.exec()

    @Slot()
    def _on_server_summary_action_triggered(self) -> None:
        """Ask for the server's address (the sync's, to start with) and open its Summary."""
        from PySide6.QtWidgets import QInputDialog, QLineEdit

        from oxytimer.storage.sync import saved_server

        title = self.tr("Summary on the study server")
        saved = saved_server(self.repo.db)
        with dialogs_fitted():  # Qt's own dialog, fitted to the screen
            url, ok = QInputDialog.getText(
                self.window,
                title,
                self.tr("The study server's address (postgresql://ROLE@HOST/DATABASE):"),
                QLineEdit.EchoMode.Normal,
                saved.url if saved is not None else "postgresql://",
            )
        url = url.strip()
        if not ok or not url:
            return
        if not url.startswith(("postgresql://", "postgres://")) or url.rstrip("/").endswith(":"):
            self._warn(
                title,
                self.tr(
                    "This is not a server address: write it as postgresql://ROLE@HOST/DATABASE."
                ),
            )
            return
        self.open_server_window(url)

    def open_server_window(self, url: str) -> QMainWindow:
        """A window of its own with the Summary of the study server at ``url``, read only
        (closed with this one)."""
        from oxytimer.ui.server_window import ServerWindow  # loaded on first use

        window = self.window
        opened = ServerWindow(
            url,
            window.data,  # type: ignore[attr-defined]
            window.clock,  # type: ignore[attr-defined]
            window.settings,  # type: ignore[attr-defined]
            parent=window,
        )
        if self.server_window is not None:
            self.server_window.close()
        else:
            window.installEventFilter(self)  # the main window closed: this one too
        self.server_window = opened
        opened.show()
        return opened

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.window
            and event.type() == QEvent.Type.Hide
            and not event.spontaneous()  # (not minimised: closed)
            and self.server_window is not None
        ):
            self.server_window.close()
        return False

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
        self.window.statusBar().clearMessage()
        self.task_finished("backup", path)

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
        from PySide6.QtWidgets import QFileDialog

        from oxytimer.storage.backup import backup_dir

        with dialogs_fitted():  # Qt's own dialog, fitted to the screen
            path, _ = QFileDialog.getOpenFileName(
                self.window,
                self.tr("Restore a backup"),
                str(backup_dir(self.db_path)),
                self.tr("Backups (*.sqlite);;All files (*)"),
            )
        if not path:
            return
        backup = Path(path)

        def check(_job: Job) -> dict[str, Any]:
            from oxytimer.storage.backup import restorable
            from oxytimer.storage.opening import describe

            return describe(restorable(backup))  # a whole check of the file: on a worker

        def make(
            done: Callable[[Any], None], failed: Callable[[object], None]
        ) -> Task:  # (no connection to the records needed)
            task = Task(check)  # (no parent: kept alive until its result is delivered)
            task.finished.connect(done)
            task.failed.connect(failed)
            return task.start()

        self.tasks.start(
            make,
            title=self.tr("Restore"),
            text=self.tr("Checking the backup…"),
            on_finished=lambda offered: self._ask_restore(backup, offered),
            on_failed=self._on_restore_failed,
        )

    def _ask_restore(self, backup: Path, offered: dict[str, Any]) -> None:
        from PySide6.QtWidgets import QMessageBox

        path = str(backup)
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
        db_path = self.db_path
        assert db_path is not None

        def run(writer: Repository, job: Job) -> Path:
            from oxytimer.storage.task_db import restore_in_steps

            return restore_in_steps(
                writer,
                db_path,
                backup,
                stopped=lambda: job.cancelled,
                progress=job.report,
                checked=True,
            )

        self.tasks.start(
            lambda done, failed: write_task(self.repo, run, done, failed),
            title=self.tr("Restore"),
            text=self.tr("Restoring the backup…"),
            on_finished=lambda before: self.task_finished("restore", before),
            on_failed=self._on_restore_failed,
        )

    def _on_restore_failed(self, error: object) -> None:
        if isinstance(error, Cancelled):
            self._stopped(self.tr("Restore stopped: the records are as they were."))
        elif isinstance(error, StorageError):
            self._warn(self.tr("Nothing was restored"), storage_error_text(error, typed=False))
        else:
            self._failed(error)


def add_data_menu(window: QMainWindow, db_path: Path | None = None) -> DataActions:
    """Add the Data menu (Import CSV…, Export…, Merge…, Conflicts…, Back up now, Restore…) to
    ``window``, which must have a ``repo`` attribute; ``db_path`` defaults to the
    repository's file."""
    return DataActions(window, db_path)
