"""The main window: wiring only."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Slot
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget, QWidget

from oxytimer.domain.clock import Clock
from oxytimer.domain.data_files import DataFiles
from oxytimer.storage.laptop import laptop_tag
from oxytimer.storage.repository import Repository
from oxytimer.ui.app_menus import add_app_menus
from oxytimer.ui.cues import CuePlayer
from oxytimer.ui.data_menu import add_data_menu
from oxytimer.ui.registry_tabs import RegistryTabs
from oxytimer.ui.screen_fit import fit_window
from oxytimer.ui.session_view import SessionScreen
from oxytimer.ui.settings import Settings, apply_sound
from oxytimer.ui.summary_tab import SummaryTab
from oxytimer.ui.widgets import tab_home
from oxytimer.ui.window_contents import WindowContents


class MainWindow(QMainWindow):
    """Tabs for the bedside session and the other screens."""

    def __init__(
        self,
        repo: Repository,
        data: DataFiles,
        clock: Clock,
        settings: Settings,
        db_label: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.repo = repo
        self.settings = settings
        self.data = data
        self.clock = clock
        self.db_label = db_label
        self.cues = CuePlayer(self)
        apply_sound(settings, self.cues)
        self.tag_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.tag_label)
        self.contents = WindowContents(self)
        self._build()
        # The preferred size, or the whole screen it opens on when that is smaller.
        fit_window(self, QSize(1200, 780))
        # A keyboard user starts at once: typing searches the mothers (not the tab bar).
        self.session_screen.start_page.search.setFocus(Qt.FocusReason.OtherFocusReason)

    def _build(self) -> None:
        """Build the tabs and menus in the interface's language (again after a change)."""
        lang = self.settings.language
        self.tabs = QTabWidget(self)
        self.session_screen = SessionScreen(
            self.repo,
            self.data,
            self.clock,
            lang,
            cues=self.cues,
            parent=tab_home(self.tabs),  # made where it shows: a move restyles it
            slot_hours=self.settings.slot_hours(),
        )
        self.tabs.addTab(self.session_screen, self.tr("Massage"))
        self.registry_tabs = RegistryTabs(
            self.tabs, self.session_screen, self.repo, self.data, self.clock, self.settings
        )
        self.summary_tab = SummaryTab(self.repo, self.data, self.clock, lang, self.tabs)
        self.summary_tab.install(self.tabs, "Ctrl+M")
        self.setCentralWidget(self.tabs)
        self.setWindowTitle(self.tr("oxytimer — oxytocin massage"))
        self.statusBar().showMessage(
            self.tr("Database: {path}").format(path=self.db_label) if self.db_label else ""
        )
        self.show_laptop_tag()
        self.data_actions = add_data_menu(self)
        self.settings_action = self.menuBar().addAction(self.tr("&Settings…"))
        self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.settings_action.triggered.connect(self.open_settings)
        # File (Quit, Ctrl+Q) first, Help (User guide F1, About) last.
        self.app_menus = add_app_menus(self, self.data_actions.db_path, lang)
        self.contents.built()

    def show_interrupted(self, session_ids: list[str]) -> None:
        """Tell the user, without blocking, about sessions the last run left behind."""
        if session_ids:
            self.session_screen.start_page.notice.show_message(
                self.tr(
                    "{n} session(s) were interrupted when oxytimer stopped unexpectedly."
                    " Record the post-score or close them as incomplete (list below)."
                ).format(n=len(session_ids))
            )

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.session_screen.retry_pending() and not self._confirm(
            # A stop or finish could not be saved (disk full, database busy): say so.
            self.tr("Not saved"),
            self.tr(
                "The last change to a session (a stop, a pause or the end of a massage)"
                " could not be saved yet. Quit anyway? It will be lost, and the session"
                " will be kept as interrupted."
            ),
        ):
            event.ignore()
            return
        task = self.data_actions.running()
        if task is not None and not self._confirm(
            # An export beside the work, or a merge, import or restore: stopped, it keeps
            # nothing (its transaction rolls back, an export moves no file in).
            self.tr("A task is still running"),
            self.tr(
                "{task} is still running. Stop it and quit? Nothing of it will be kept."
            ).format(task=task),
        ):
            event.ignore()
            return
        if self.session_screen.massage_in_progress():
            # The countdown holds while the question is open (as it does for Stop).
            held = self.session_screen.hold_countdown()
            if not self._confirm(
                self.tr("A massage is in progress"),
                self.tr("Quit anyway? The session will be kept as interrupted."),
            ):
                if held:
                    self.session_screen.release_countdown()
                event.ignore()
                return
            self.session_screen.leave_running_session()
        self.data_actions.stop()  # (waits until the task has stopped: nothing half done)
        event.accept()

    def _confirm(self, title: str, text: str) -> bool:
        from PySide6.QtWidgets import QMessageBox  # only when asking: start-up time

        answer = QMessageBox.question(self, title, text)
        return answer == QMessageBox.StandardButton.Yes

    @Slot()
    def open_settings(self, page: int = 0) -> None:
        from oxytimer.storage.sync import saved_server
        from oxytimer.ui.settings_dialog import SettingsDialog  # on first use: start-up time

        font_size = self.settings.font_size
        server = saved_server(self.repo.db)
        dialog = SettingsDialog(
            self.settings, self.cues, self, laptop_tag(self.repo.db), server and server.url
        )
        dialog.pages.setCurrentIndex(page)
        if page == dialog.pages.indexOf(dialog.laptop_tag.parentWidget()):
            dialog.laptop_tag.setFocus()  # (from the first-start screen: set the tag)
        accepted = dialog.exec()
        if accepted and dialog.chosen_tag() is not None:
            self._set_laptop_tag(str(dialog.chosen_tag()))
        if accepted and dialog.chosen_server() is not None:
            self._set_server(*dialog.chosen_server())  # type: ignore[misc]
        self.repo.operator = self.settings.operator
        if accepted and (dialog.language_changed() or self.settings.font_size != font_size):
            # The new language (or text size) at once: the window's contents are built
            # again, or as soon as the massage or the form being filled in allows it.
            self.contents.rebuild_when_idle()

    def _set_server(self, url: str, password: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        from oxytimer.ui.data_menu import database_path
        from oxytimer.ui.sync_dialog import save_server_settings

        problem = save_server_settings(database_path(self.repo), self.repo, url, password)
        if problem:
            QMessageBox.warning(self, self.tr("Settings"), problem)

    def _set_laptop_tag(self, tag: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        from oxytimer.domain.records import InputError
        from oxytimer.storage.laptop import set_laptop_tag
        from oxytimer.storage.repository import StorageError
        from oxytimer.ui.messages import storage_error_text

        try:
            set_laptop_tag(self.repo.db, tag, self.repo._now())
        except InputError:
            QMessageBox.warning(
                self, self.tr("Settings"), self.tr("A laptop tag is one or two letters (A–Z).")
            )
        except StorageError as error:
            QMessageBox.warning(self, self.tr("Settings"), storage_error_text(error))
        self.show_laptop_tag()
        self.session_screen.refresh()  # the first-start screen says the tag too

    def show_laptop_tag(self) -> None:
        """The laptop's tag in the status bar (or that it still needs one)."""
        tag = laptop_tag(self.repo.db)
        if tag is None:
            self.tag_label.setText(self.tr("Laptop tag not set: choose one in Settings"))
        else:
            self.tag_label.setText(self.tr("Laptop {tag}").format(tag=tag))

    @Slot()
    def refresh(self) -> None:
        self.session_screen.refresh()

    def rebuild(self) -> None:
        """Build the tabs and menus again now (a new language or text size), keeping the
        tab shown and the open database; see :class:`WindowContents`."""
        self.contents.rebuild()
