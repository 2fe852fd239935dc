"""The app opened on a study server (``oxytimer --db postgresql://...``): the Summary, read only.

A clinician or the study's coordinator analyses every record the role may read without
a laptop's file: the Summary tab as on a laptop (every filter, the plots, the PDF report,
the pairs), computed on the server (:func:`oxytimer.storage.summary.summarise_server`),
and the records exported de-identified (CSV). Nothing is written to the server: the
connection is read only, and the window has no bedside, registry or Data menu. A banner
says which server is open and that it is read only.

Every query runs on a pool thread (the window keeps painting while the server thinks).
Every way the server can fail — no driver, no answer, a refused or missing password, a
database that holds no study, a server set up by a newer oxytimer, a connection lost —
is one translated sentence in the window, never a traceback; a password can be given
there (it goes to libpq's password file, mode 0600, as from Settings for a sync).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from oxytimer.domain.clock import Clock
from oxytimer.domain.data_files import DataFiles
from oxytimer.domain.summary import default_versions
from oxytimer.ui.summary_view import SummaryView
from oxytimer.ui.workers import Job, Task

if TYPE_CHECKING:
    from oxytimer.ui.settings import Settings

translate = QCoreApplication.translate


def server_error_text(error: BaseException) -> str:
    """One sentence, in the interface's language, for why the server gave nothing."""
    from oxytimer.storage.server import ServerError

    if not isinstance(error, ServerError):
        return translate("ServerWindow", "The study server could not be read: {detail}").format(
            detail=str(error)
        )
    texts = {
        "no_driver": translate(
            "ServerWindow",
            "Opening a study server needs the PostgreSQL driver, which is not installed:"
            " pip install 'oxytimer[server]'.",
        ),
        "password_refused": translate(
            "ServerWindow",
            "The server refused the user name or password ({where}): enter the password again.",
        ),
        "no_password": translate(
            "ServerWindow",
            "The server asks for a password and none is saved for {where}: enter it below.",
        ),
        "no_database": translate(
            "ServerWindow", "There is no such database on the server ({where}): check the address."
        ),
        "not_initialised": translate(
            "ServerWindow",
            "The database at {where} holds no oxytimer study of this version: check the"
            " address, or ask the administrator to run 'oxytimer server init'.",
        ),
        "server_newer": translate(
            "ServerWindow",
            "The study server was set up by a newer version of oxytimer: update oxytimer on"
            " this computer first.",
        ),
        "timeout": translate(
            "ServerWindow",
            "The server did not answer in time ({where}): check the network and try again.",
        ),
        "unreachable": translate(
            "ServerWindow", "No server answers at {where}: check the address and the network."
        ),
        "connection_lost": translate(
            "ServerWindow",
            "The connection to the server was lost ({where}): try again when the network is back.",
        ),
        "tls": translate(
            "ServerWindow",
            "A secure connection to {where} could not be made: check the server's certificate"
            " (sslmode and root.crt).",
        ),
        "bad_address": translate(
            "ServerWindow",
            "This is not a server address: write it as postgresql://ROLE@HOST/DATABASE.",
        ),
    }
    text = texts.get(error.code)
    if text is None:
        return translate("ServerWindow", "The study server could not be read: {detail}").format(
            detail=str(error)
        )
    return text.format(where=error.where)


def short_address(url: str) -> str:
    """``ROLE@HOST/DATABASE`` of a server's address (no scheme, password or options)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    host = parts.hostname or ""
    login = f"{parts.username}@" if parts.username else ""
    return f"{login}{host}{parts.path}"


NEEDS_PASSWORD = ("password_refused", "no_password")
"""Failures a password typed in the window can mend."""


class ServerSummaryView(SummaryView):
    """The Summary of a study server: the laptop's view, reading the server.

    The filters' choices and every summary come from the server on the view's own pool
    thread (a connection each time, read only); a newer request drops an older result.

    Signals (besides :class:`SummaryView`'s):
        server_failed(object): the server gave nothing (the :class:`ServerError`).
        connected(): the filters' choices came from the server (the summary follows).
    """

    server_failed = Signal(object)
    connected = Signal()

    def __init__(
        self,
        url: str,
        data: DataFiles,
        clock: Clock,
        lang: str,
        parent: QWidget | None = None,
    ) -> None:
        self.url = url  # (read by _load_choices, which the base class calls)
        self.choices_loaded = False
        super().__init__(
            None,  # type: ignore[arg-type]  # no laptop file: the server is read instead
            data.instrument,
            data.protocol,
            clock,
            lang,
            parent,
        )

    def _load_choices(self) -> None:
        from oxytimer.storage.server_reading import server_choices

        url = self.url
        task = Task(lambda _job: server_choices(url), self)
        task.finished.connect(self._on_choices_read)
        task.failed.connect(self._on_server_failed)
        self.choices_task = task.start(self._pool)

    def reload(self) -> None:
        """Read the choices again, then the summary (after a failure was mended)."""
        self._load_choices()

    @Slot(object)
    def _on_choices_read(self, found: tuple[Any, ...]) -> None:
        self.filters.show_choices(found)
        self.choices_loaded = True
        self.connected.emit()
        self.refresh()

    @Slot(object)
    def _on_server_failed(self, error: object) -> None:
        self.status_label.setText(self._not_computed())
        self.server_failed.emit(error)

    def _not_computed(self) -> str:
        # (the sentence saying why is the window's, above the filters: it wraps there)
        return translate("ServerSummaryView", "Not computed: the server did not answer.")

    def refresh(self) -> None:
        """Recompute on the server for the current filters (stale results dropped)."""
        if not self.choices_loaded:
            return  # the choices come first; their arrival asks for the summary
        from oxytimer.storage.summary import summarise_server

        self._request += 1
        request = self._request
        versions = default_versions(
            self.clock.now_utc(),
            protocol_version=self.protocol.version,
            instrument_version=self.instrument.version,
        )
        self.status_label.setText(translate("ServerSummaryView", "Calculating on the server…"))
        url, flt, rule = self.url, self.current_filter(), self.current_rule()
        clock, instrument = self.clock, self.instrument

        def compute(_job: Job) -> Any:
            return summarise_server(
                url, flt, rule, clock=clock, instrument=instrument, versions=versions
            )

        task = Task(compute, self)
        task.finished.connect(lambda summary: self._on_job_finished(request, summary))
        task.failed.connect(lambda error: self._on_summary_failed(request, error))
        self.summary_task = task.start(self._pool)

    def _on_summary_failed(self, request: int, error: object) -> None:
        if request != self._request:
            return
        self.status_label.setText(self._not_computed())
        self.summary_failed.emit(server_error_text(error))  # type: ignore[arg-type]
        self.server_failed.emit(error)


class ServerWindow(QMainWindow):
    """The window of a study server: a banner, the Summary, File (export, quit) and Help."""

    def __init__(
        self,
        url: str,
        data: DataFiles,
        clock: Clock,
        settings: Settings,
        parent: QWidget | None = None,
    ) -> None:
        from oxytimer.storage.server import redact

        super().__init__(parent)
        self.url = url.strip()  # (a password in it stays in memory only, never shown)
        self.where = redact(self.url)
        self.settings = settings
        self.data = data
        self.clock = clock
        self.export_task: Task | None = None
        self._build()
        from oxytimer.ui.screen_fit import fit_window

        fit_window(self, QSize(1200, 780))

    def _build(self) -> None:
        lang = self.settings.language
        self.setWindowTitle(self.tr("oxytimer — study server (read only)"))
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 0)
        self.banner = QLabel(
            self.tr("Study server, read only: {server}").format(server=short_address(self.url))
        )
        self.banner.setToolTip(
            self.tr(
                "The summary of every record this role may read on the study server {where}."
                " Nothing is written to the server; records are entered and corrected on the"
                " laptops."
            ).format(where=self.where)
        )
        self.banner.setObjectName("serverBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(
            "#serverBanner { background: #e3ecf7; color: #14324f; padding: 4px 8px;"
            " border: 1px solid #9db6d4; border-radius: 3px; }"
        )
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.banner)
        # Why the server gave nothing, in sight above the filters (the summary's own
        # status line may be scrolled away at a large text size).
        self.problem = QLabel()
        self.problem.setObjectName("serverProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("#serverProblem { color: #8a1c1c; font-weight: bold; }")
        self.problem.hide()
        layout.addWidget(self.problem)
        self.connecting = QLabel(self.tr("Connecting to the study server…"))
        self.connecting.setWordWrap(True)
        layout.addWidget(self.connecting)
        self.password_row = QWidget()
        row = QHBoxLayout(self.password_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.password_label = QLabel(self.tr("Password of this role:"))
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_label.setBuddy(self.password_edit)
        self.connect_button = QPushButton(self.tr("Connect"))
        row.addWidget(self.password_label)
        row.addWidget(self.password_edit, 1)
        row.addWidget(self.connect_button)
        self.retry_button = QPushButton(self.tr("Try again"))
        row.addWidget(self.retry_button)
        row.addStretch(0)
        self.password_row.hide()
        layout.addWidget(self.password_row)
        self.summary = ServerSummaryView(self.url, self.data, self.clock, lang, central)
        self.summary.hide()  # until the server has answered
        layout.addWidget(self.summary, 1)
        self.room = QWidget()  # holds the rows above at the top meanwhile
        layout.addWidget(self.room, 1)
        self.setCentralWidget(central)
        self._show_where()
        menu = self.menuBar().addMenu(self.tr("&File"))
        self.export_action = menu.addAction(self.tr("&Export the records (de-identified CSV)…"))
        self.export_action.triggered.connect(self._on_export_triggered)
        menu.addSeparator()
        self.quit_action = menu.addAction(self.tr("&Quit"))
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.triggered.connect(self.close)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self.guide_action = help_menu.addAction(self.tr("User &guide"))
        self.guide_action.setShortcut(QKeySequence("F1"))
        self.guide_action.triggered.connect(self._on_guide_triggered)
        self.summary.server_failed.connect(self._on_server_failed)
        self.summary.connected.connect(self._on_summary_connected)
        self.summary.summary_updated.connect(self._on_summary_connected)
        self.connect_button.clicked.connect(self._on_connect_clicked)
        self.retry_button.clicked.connect(self._on_retry_clicked)
        self.password_edit.returnPressed.connect(self._on_connect_clicked)

    def _show_where(self) -> None:
        self.statusBar().showMessage(
            self.tr("Nothing is written to the server: {where}").format(
                where=short_address(self.url)
            )
        )

    @Slot()
    def _on_summary_connected(self) -> None:
        """The server answered: the summary in place of the messages."""
        self.connecting.hide()
        self.problem.hide()
        self.password_row.hide()
        self.room.hide()
        self.summary.show()

    @Slot(object)
    def _on_server_failed(self, error: object) -> None:
        """Say why in a sentence; offer a password field, or to try again."""
        code = getattr(error, "code", "")
        self.connecting.hide()
        self.problem.setText(server_error_text(error))  # type: ignore[arg-type]
        self.problem.show()
        asks = code in NEEDS_PASSWORD
        for widget in (self.password_label, self.password_edit, self.connect_button):
            widget.setVisible(asks)
        self.retry_button.setVisible(not asks and code not in ("no_driver", "server_newer"))
        self.password_row.setVisible(asks or self.retry_button.isVisibleTo(self.password_row))
        if self.summary.summary is None:
            self.summary.hide()  # its filters and tables would be empty: only the sentence
            self.room.show()
        if asks:
            self.password_edit.setFocus()

    def _again(self) -> None:
        self.password_row.hide()
        self.problem.hide()
        if self.summary.isHidden():
            self.connecting.show()
        self.summary.status_label.setText(self.tr("Connecting to the study server…"))
        self.summary.reload()

    @Slot()
    def _on_retry_clicked(self) -> None:
        self._again()

    @Slot()
    def _on_connect_clicked(self) -> None:
        """Keep the typed password in libpq's file (as Settings does), then read again."""
        from oxytimer.storage.server import ServerError
        from oxytimer.storage.server_password import save_password

        password = self.password_edit.text()
        if not password:
            return
        from oxytimer.storage.sync import without_password

        self.url, _ = without_password(self.url)  # the typed password, not the URL's
        self.summary.url = self.url
        try:
            save_password(self.url, password)
        except (ServerError, OSError) as error:
            QMessageBox.warning(
                self,
                self.tr("The password was not kept"),
                self.tr("The password could not be kept in libpq's password file: {error}").format(
                    error=str(error)
                ),
            )
            return
        self.password_edit.clear()
        self._again()

    @Slot()
    def _on_export_triggered(self) -> None:
        from oxytimer.ui.save_paths import in_documents
        from oxytimer.ui.screen_fit import dialogs_fitted

        with dialogs_fitted():  # Qt's own dialog, fitted to the screen
            folder = QFileDialog.getExistingDirectory(
                self, self.tr("Export the server's records into a folder"), in_documents("")
            )
        if folder:
            self.export_records(Path(folder))

    def export_records(self, folder: Path) -> Task:
        """Export the records the role may read, de-identified, as CSV into ``folder``
        (on a pool thread; the result is said in a message)."""
        from oxytimer.paths import data_dir
        from oxytimer.storage.server_export import export_from_server
        from oxytimer.storage.server_reading import key_file_name

        url = self.url
        key_file = data_dir() / "server-keys" / key_file_name(url)
        self.statusBar().showMessage(self.tr("Exporting the server's records…"))
        self.export_action.setEnabled(False)

        def run(_job: Job) -> list[Path]:
            return export_from_server(url, folder, "csv", key_file=key_file)

        task = Task(run, self)
        task.finished.connect(self._on_export_finished)
        task.failed.connect(self._on_export_failed)
        self.export_task = task.start()
        return task

    @Slot(object)
    def _on_export_finished(self, files: list[Path]) -> None:
        self.export_action.setEnabled(True)
        self._show_where()
        self.last_message = self.tr(
            "{n} file(s) written, de-identified (record ids are pseudonyms), into {folder}."
        ).format(n=len(files), folder=str(files[0].parent) if files else "")
        QMessageBox.information(self, self.tr("Records exported"), self.last_message)

    @Slot(object)
    def _on_export_failed(self, error: object) -> None:
        self.export_action.setEnabled(True)
        self._show_where()
        if isinstance(error, OSError):
            text = self.tr("The files could not be written: {error}").format(error=str(error))
        else:
            text = server_error_text(error)  # type: ignore[arg-type]
        self.last_message = text
        QMessageBox.warning(self, self.tr("Nothing was exported"), text)

    @Slot()
    def _on_guide_triggered(self) -> None:
        from oxytimer.ui.help_dialogs import GuideDialog

        GuideDialog(self.settings.language, self).exec()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.summary.stop()  # a summary in progress: its result is not waited for long
        super().closeEvent(event)


def run_server_gui(url: str, *, quit_after_show: bool = False) -> int:
    """Open the window of the study server at ``url``; returns the exit status."""
    import os
    import sys

    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from oxytimer.domain.clock import SystemClock
    from oxytimer.domain.texts import ResourceError
    from oxytimer.paths import APP_NAME, DESKTOP_ID, ORGANIZATION
    from oxytimer.resources import resource_path
    from oxytimer.ui.language import install_translators
    from oxytimer.ui.settings import Settings
    from oxytimer.ui.theme import stylesheet

    if os.name == "posix":
        os.umask(0o077)  # exports and the pseudonym key: this user's only
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APP_NAME)
    app.setDesktopFileName(DESKTOP_ID)
    app.setWindowIcon(QIcon(str(resource_path("icons", "oxytimer.svg"))))
    settings = Settings()
    install_translators(app, settings.language)
    app.setStyleSheet(stylesheet(settings.theme, settings.font_size))
    data = DataFiles()
    try:
        data.check()  # the summary's instrument and protocol
    except ResourceError as error:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(
            None,
            translate("app", "A data file is broken"),
            translate(
                "app",
                "oxytimer cannot guide or score a massage with this file:\n\n{error}\n\n"
                "Put back the file that came with oxytimer, or correct it, then start"
                " oxytimer again.",
            ).format(error=str(error)),
        )
        return 1
    window = ServerWindow(url, data, SystemClock(), settings)
    if quit_after_show:
        QTimer.singleShot(0, app.quit)
    screen = app.primaryScreen()
    room = screen.availableGeometry() if screen is not None else None
    if room is not None and (room.width() < 1300 or room.height() < 820):
        window.showMaximized()
    else:
        window.show()
    status = app.exec()
    window.summary.stop()
    settings.sync()
    return status
