"""The File and Help menus: Quit (Ctrl+Q), the user guide (F1) and About.

``add_app_menus(window)`` builds them with the window; the guide and About dialogs load
when first opened (start-up time). Quit closes the window, so it goes through the same
``closeEvent`` as the window's close button (a running massage is asked about first).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QKeySequence

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMainWindow


class AppMenus(QObject):
    """The File menu (first in the menu bar) and the Help menu (last)."""

    def __init__(self, window: QMainWindow, db_path: Path | None, lang: str) -> None:
        super().__init__(window)
        self.window = window
        self.db_path = db_path
        self.lang = lang  # the interface's language: the guide's
        bar = window.menuBar()
        first = bar.actions()[0] if bar.actions() else None
        self.file_menu = bar.addMenu(self.tr("&File"))
        if first is not None:  # File comes first, whatever was added before it
            bar.insertMenu(first, self.file_menu)
        self.quit_action: QAction = self.file_menu.addAction(self.tr("&Quit"))
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))  # on every platform
        self.quit_action.triggered.connect(self._on_quit_triggered)
        self.help_menu = bar.addMenu(self.tr("&Help"))
        self.guide_action: QAction = self.help_menu.addAction(self.tr("User &guide"))
        self.guide_action.setShortcut(QKeySequence("F1"))
        self.guide_action.triggered.connect(self.open_guide)
        self.about_action: QAction = self.help_menu.addAction(self.tr("&About oxytimer"))
        self.about_action.triggered.connect(self.open_about)
        self.dialog: object | None = None  # the last dialog opened (tests look at it)

    @Slot()
    def _on_quit_triggered(self) -> None:
        self.window.close()  # closeEvent asks about a running massage

    @Slot()
    def open_guide(self) -> None:
        from oxytimer.ui.help_dialogs import GuideDialog  # on first use: start-up time

        dialog = GuideDialog(self.lang, self.window)
        self.dialog = dialog
        dialog.exec()

    @Slot()
    def open_about(self) -> None:
        from oxytimer.ui.help_dialogs import AboutDialog  # on first use: start-up time

        dialog = AboutDialog(self.db_path, self.window)
        self.dialog = dialog
        dialog.exec()


def add_app_menus(window: QMainWindow, db_path: Path | None, lang: str) -> AppMenus:
    """Add File (Quit) first and Help (User guide, About) last to ``window``'s menu bar;
    the guide opens in ``lang``, the interface's language."""
    return AppMenus(window, db_path, lang)
