"""A new language (or text size) at once: the main window builds its contents again.

Rather than every view re-reading its texts, the window installs the new translators and
builds its tabs and menus again, in the new language, keeping the open database (the
repository is the same object), the tab shown and the window itself (its status bar,
backups and busy indicator go on). What the old contents hold that is not saved would be
lost, so the rebuild waits while a massage runs or a score, an enrolment or a dialog is
being filled in, and says so; it happens as soon as that is over.

The old contents are hidden at once and deleted once no worker thread is running: a page
being read for an old table then lands in a table no one sees, never in a deleted one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QThreadPool, QTimer, Slot
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import QApplication, QLineEdit

if TYPE_CHECKING:
    from oxytimer.ui.main_window import MainWindow

# How often a waiting rebuild looks whether it may start, and whether the old contents
# may be deleted (milliseconds).
CHECK_EVERY_MS = 500


class WindowContents(QObject):
    """Builds ``window``'s contents again on demand (``window._build()`` builds them)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.pending = False
        """A rebuild was asked for and waits for the massage (or form) to be over."""
        self.rebuilds = 0
        self._retired: list[QObject] = []
        self._wait = QTimer(self)
        self._wait.setInterval(CHECK_EVERY_MS)
        self._wait.timeout.connect(self._on_wait_timeout)
        self._cleanup = QTimer(self)
        self._cleanup.setInterval(CHECK_EVERY_MS)
        self._cleanup.timeout.connect(self._on_cleanup_timeout)

    def built(self) -> None:
        """The window has (re)built its contents: watch them for the end of a massage."""
        self.window.session_screen.currentChanged.connect(self._on_contents_changed)
        self.window.tabs.currentChanged.connect(self._on_contents_changed)

    def busy_reason(self) -> str | None:
        """Why the contents cannot be built again now (a sentence), or None."""
        window = self.window
        screen = window.session_screen
        if not screen.retry_pending():
            return self.tr(
                "The last change to a session is not saved yet. The new language will be"
                " used once it is saved."
            )
        if screen.massage_in_progress() or screen.currentWidget() is not screen.start_page:
            return self.tr(
                "A massage or a score is in progress. The new language will be used as soon"
                " as it is finished and saved; nothing of it is lost."
            )
        if window.data_actions.running() is not None:
            return self.tr(
                "An export, a merge, an import or a restore is running. The new language"
                " will be used once it is over."
            )
        built = window.registry_tabs.lazy.built_pages()
        registry = built.get("registry")
        form = getattr(registry, "form", None)
        if form is not None and _has_typed_input(form):
            return self.tr(
                "The enrolment form holds what you typed. The new language will be used"
                " once it is saved or cleared."
            )
        return None

    def rebuild_when_idle(self) -> bool:
        """Build the contents again now, or (saying why) as soon as nothing would be lost.

        Returns whether it was done now.
        """
        reason = self.busy_reason()
        if reason is None:
            self.rebuild()
            return True
        self.pending = True
        self._wait.start()
        from PySide6.QtWidgets import QMessageBox  # only when asking: start-up time

        QMessageBox.information(self.window, self.tr("Settings"), reason)
        return False

    @Slot()
    def _on_contents_changed(self) -> None:
        if self.pending:
            # After the page change is done (the old page may still be in its slot).
            QTimer.singleShot(0, self._on_wait_timeout)

    @Slot()
    def _on_wait_timeout(self) -> None:
        if not self.pending or QApplication.activeModalWidget() is not None:
            return  # a dialog is open: what it edits belongs to the old contents
        if self.busy_reason() is None:
            self.rebuild()

    def rebuild(self) -> None:
        """Install the language of the settings and build the tabs and menus again."""
        from oxytimer.ui.language import install_translators
        from oxytimer.ui.settings import apply_sound

        window = self.window
        self.pending = False
        self._wait.stop()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            install_translators(app, window.settings.language)
        apply_sound(window.settings, window.cues)  # spoken steps in the new language
        current = window.tabs.currentIndex()
        self._retire_contents()
        window._build()
        window.tabs.setCurrentIndex(current)
        if window.tabs.currentWidget() is window.session_screen:
            window.session_screen.start_page.search.setFocus(Qt.FocusReason.OtherFocusReason)
        self.rebuilds += 1
        self._cleanup.start()

    def _retire_contents(self) -> None:
        """Take the tabs, menus and window shortcuts off the window, hidden, kept until
        no worker could still deliver a result to them."""
        window = self.window
        window.summary_tab.stop()  # an analysis for the old tab: not needed any more
        old = window.takeCentralWidget()
        if old is not None:
            old.hide()
            self._retired.append(old)
        # The tabs' shortcuts (Ctrl+T, Ctrl+M ...) belong to the window: the new tabs
        # make their own.
        for shortcut in window.findChildren(
            QShortcut, options=Qt.FindChildOption.FindDirectChildrenOnly
        ):
            shortcut.setEnabled(False)
            self._retired.append(shortcut)
        bar = window.menuBar()
        for action in bar.actions():
            bar.removeAction(action)
            self._retired.append(action.menu() or action)
        for helper in (window.data_actions, window.app_menus):
            helper.setParent(None)
            self._retired.append(helper)

    @Slot()
    def _on_cleanup_timeout(self) -> None:
        if QThreadPool.globalInstance().activeThreadCount() > 0:
            return  # a page or an analysis for the old contents may still come back
        self._cleanup.stop()
        retired, self._retired = self._retired, []
        for item in retired:
            item.deleteLater()


def _has_typed_input(form: QObject) -> bool:
    """True when a form holds text typed or a choice made by the user (not yet saved)."""
    from PySide6.QtWidgets import QCheckBox

    from oxytimer.ui.widgets import ChoiceButtons

    suggested = getattr(form, "code_edit", None)  # the study code the form suggests
    for edit in form.findChildren(QLineEdit):
        owner = edit.parent()
        if edit is suggested or edit.isReadOnly():
            continue
        if owner is not None and owner.inherits("QAbstractSpinBox"):
            continue  # a date or number field always shows a value
        if edit.text().strip():
            return True
    if any(box.isChecked() for box in form.findChildren(QCheckBox)):
        return True
    return any(choice.value() is not None for choice in form.findChildren(ChoiceButtons))
