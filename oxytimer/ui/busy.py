"""While a save waits for another program's write: say so, and keep painting.

The repository's writes begin IMMEDIATE and wait for the database's write lock (another
program, e.g. a command started before the app, may hold it). :class:`BusyIndicator` is
the database's ``on_busy`` hook: between the short steps of that wait it shows a wait
cursor and a status-bar sentence and lets Qt paint (user input waits, so nothing else is
started meanwhile); when the save gets its turn, both go away.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt
from PySide6.QtWidgets import QApplication, QMainWindow

translate = QCoreApplication.translate


class BusyIndicator:
    """The ``on_busy`` hook of the app's database (``repo.db.on_busy``)."""

    def __init__(self, window: QMainWindow) -> None:
        self.window = window
        self.active = False

    def __call__(self, waited: float | None) -> None:
        if waited is None:
            if self.active:
                QApplication.restoreOverrideCursor()
                self.window.statusBar().clearMessage()
                self.active = False
            return
        if not self.active:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            self.window.statusBar().showMessage(
                translate(
                    "busy",
                    "Waiting for the database: another program is writing to it. Your"
                    " entry is saved as soon as it has finished.",
                )
            )
            self.active = True
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
