"""Data → Sync: this laptop with the study server, on a worker, with a progress bar.

The server's address is set in Settings (Work tab) and kept in the database without its
password; a password typed there goes to libpq's password file (0600). The sync itself
(:func:`oxytimer.storage.sync.sync`) runs on a pool thread with a connection of its own
(:mod:`oxytimer.ui.workers`): the window keeps painting, Cancel stops it between two
batches (the unfinished direction is rolled back, nothing half kept). Every way it can
fail is one translated sentence (:func:`sync_error_text`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Signal, Slot
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from oxytimer.ui.screen_fit import FittedDialog
from oxytimer.ui.workers import Cancelled, Job, Task

if TYPE_CHECKING:
    from oxytimer.storage.repository import Repository
    from oxytimer.storage.sync import SyncResult

translate = QCoreApplication.translate


def sync_error_text(error: BaseException) -> str:
    """One sentence, in the interface language, for why a sync did not run or finish."""
    from oxytimer.storage.repository import StorageError
    from oxytimer.storage.server import ServerError
    from oxytimer.ui.messages import storage_error_text

    if isinstance(error, Cancelled):
        return translate(
            "SyncDialog", "The sync was stopped. Nothing of the unfinished part was kept."
        )
    if isinstance(error, StorageError):
        return storage_error_text(error, typed=False)
    if not isinstance(error, ServerError):
        return translate("SyncDialog", "The sync failed: {detail}").format(detail=str(error))
    where = error.where
    texts = {
        "no_driver": translate(
            "SyncDialog",
            "Syncing needs the PostgreSQL driver, which is not installed: pip install"
            " 'oxytimer[server]'.",
        ),
        "never_synced": translate(
            "SyncDialog",
            "This laptop has never synced: enter the study server's address in Settings"
            " (Work tab) first; the study's administrator has it.",
        ),
        "password_refused": translate(
            "SyncDialog",
            "The server refused the user name or password ({where}): enter the password"
            " again in Settings.",
        ),
        "no_password": translate(
            "SyncDialog",
            "The server asks for a password and none is saved for {where}: enter it in Settings.",
        ),
        "no_database": translate(
            "SyncDialog",
            "There is no such database on the server ({where}): check the address in Settings.",
        ),
        "not_initialised": translate(
            "SyncDialog",
            "The database at {where} holds no oxytimer study: check the address, or ask the"
            " administrator to set the server up.",
        ),
        "timeout": translate(
            "SyncDialog",
            "The server did not answer in time ({where}): check the network and sync again."
            " Nothing was lost.",
        ),
        "unreachable": translate(
            "SyncDialog",
            "No server answers at {where}: check the address and the network. Nothing was"
            " lost; the laptop keeps working offline.",
        ),
        "connection_lost": translate(
            "SyncDialog",
            "The connection to the server was lost during the sync ({where}). Nothing of"
            " the unfinished part was kept: sync again when the network is back.",
        ),
        "not_site_role": translate(
            "SyncDialog",
            "The user in {where} is not a puskesmas of the study server: use the role the"
            " administrator made for this puskesmas.",
        ),
        "server_newer": translate(
            "SyncDialog",
            "The study server was set up by a newer version of oxytimer: update oxytimer on"
            " this laptop first.",
        ),
        "server_older": translate(
            "SyncDialog",
            "The study server is older than this oxytimer: ask its administrator to upgrade"
            " it ('oxytimer server init').",
        ),
        "bad_address": translate(
            "SyncDialog",
            "This is not a server address: write it as postgresql://ROLE@HOST/DATABASE.",
        ),
    }
    text = texts.get(error.code)
    if text is None:
        return translate("SyncDialog", "The sync failed: {detail}").format(detail=str(error))
    return text.format(where=where)


def save_server_settings(db_path: Path | None, repo: Repository, url: str, password: str) -> str:
    """Keep the address (no password) in the database and a password in libpq's file.

    Returns:
        "" when done, else a sentence saying what was not kept.
    """
    from oxytimer.storage.repository import StorageError
    from oxytimer.storage.server import ServerError
    from oxytimer.storage.sync import save_server, without_password

    address, inline = without_password(url.strip())
    password = password or inline or ""
    try:
        if password:
            from oxytimer.storage.server_password import save_password

            save_password(address, password)
        save_server(repo.db, address)
    except ServerError as error:
        return sync_error_text(error)
    except StorageError as error:
        return sync_error_text(error)
    return ""


class SyncDialog(FittedDialog):
    """Starts the sync, shows its progress and its result in a sentence."""

    synced = Signal(object)
    """The :class:`SyncResult` of a finished sync."""

    def __init__(self, repo: Repository, db_path: Path | None, parent: QWidget | None = None):
        super().__init__(parent)
        from oxytimer.storage.sync import saved_server

        self.repo = repo
        self.db_path = db_path
        self.task: Task | None = None
        self.result: SyncResult | None = None
        self.setWindowTitle(self.tr("Sync with the study server"))
        saved = saved_server(repo.db)
        self.url = saved.url if saved else ""
        self.server_label = QLabel(self)
        self.server_label.setWordWrap(True)
        if saved is None:
            self.server_label.setText(
                self.tr(
                    "This laptop has never synced: enter the study server's address in"
                    " Settings (Work tab) first."
                )
            )
        else:
            from oxytimer.storage.server import redact

            last = saved.last_sync_at or self.tr("never")
            if saved.last_sync_at:
                from oxytimer.domain.clock import parse_utc
                from oxytimer.ui.labels import format_datetime

                last = format_datetime(parse_utc(saved.last_sync_at))
            self.server_label.setText(
                self.tr("Server: {server}\nLast sync: {last}").format(
                    server=redact(saved.url), last=last
                )
            )
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName(self.tr("Sync progress"))
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Sync result"))
        self.start_button = QPushButton(self.tr("Sync now"), self)
        self.start_button.setAccessibleName(self.tr("Sync now"))
        self.start_button.setEnabled(saved is not None)
        self.cancel_button = QPushButton(self.tr("Stop"), self)
        self.cancel_button.setAccessibleName(self.tr("Stop the sync"))
        self.cancel_button.setEnabled(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.addButton(self.start_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.server_label)
        layout.addWidget(self.progress)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.buttons)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.buttons.rejected.connect(self.reject)
        self.start_button.clicked.connect(self._on_start_button_clicked)
        self.cancel_button.clicked.connect(self._on_cancel_button_clicked)

    # ----------------------------------------------------------------- running
    def _work(self, job: Job) -> Any:
        from oxytimer.storage.sync import sync

        def checkpoint(direction: str, step: str, number: int, last: bool) -> None:
            job.check()

        if self.db_path is None:  # an in-memory database: this thread, this connection
            return sync(self.repo, None, progress=job.report, checkpoint=checkpoint)
        from oxytimer.storage.locking import COMMAND_BUSY_TIMEOUT_MS
        from oxytimer.storage.repository import Repository

        repo = Repository.open(self.db_path, operator=self.repo.operator)
        try:
            # wait for the window's own writes rather than fail on them
            repo.db.execute(f"PRAGMA busy_timeout = {COMMAND_BUSY_TIMEOUT_MS}")
            return sync(repo, None, progress=job.report, checkpoint=checkpoint)
        finally:
            repo.close()

    def start(self) -> Task:
        """Start the sync (on a worker thread for a database file)."""
        self.message.setText(self.tr("Syncing…"))
        self.start_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.setRange(0, 0)  # busy until the first count arrives
        # No parent: a running task outlives a dialog closed under it (workers._LIVE).
        task = Task(self._work)
        self.task = task
        task.progress.connect(self._on_task_progress)
        task.finished.connect(self._on_task_finished)
        task.failed.connect(self._on_task_failed)
        return task.run_here() if self.db_path is None else task.start()

    @Slot()
    def _on_start_button_clicked(self) -> None:
        self.start()

    @Slot()
    def _on_cancel_button_clicked(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.message.setText(self.tr("Stopping…"))

    @Slot(int, int)
    def _on_task_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, max(total, 1)))

    def _done(self) -> None:
        self.start_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.progress.setRange(0, 1)

    @Slot(object)
    def _on_task_finished(self, result: SyncResult) -> None:
        self._done()
        self.progress.setValue(1)
        self.result = result
        received = result.pulled.total_added + sum(result.pulled.updated.values())
        sent = result.pushed.total_added + sum(result.pushed.updated.values())
        text = self.tr("Synced: {received} rows received, {sent} rows sent.").format(
            received=received, sent=sent
        )
        if result.other_sites_mothers:
            text += " " + self.tr(
                "{count} mothers of other puskesmas on this laptop were not sent."
            ).format(count=result.other_sites_mothers)
        if result.conflicts:
            text += " " + self.tr(
                "{count} records changed both here and on the server are held back: resolve"
                " them in Data → Conflicts, then sync again."
            ).format(count=result.conflicts)
        self.message.setText(text)
        self.synced.emit(result)

    @Slot(object)
    def _on_task_failed(self, error: object) -> None:
        self._done()
        self.message.setText(
            sync_error_text(error if isinstance(error, BaseException) else Exception(error))
        )

    def reject(self) -> None:
        if self.task is not None and not self.task.done:
            self.task.cancel()  # the worker stops at its next batch; nothing half kept
        super().reject()
