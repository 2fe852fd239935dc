"""A non-modal message over the bottom of the main window: what an action did.

The bar floats over the window's contents (it is not in a layout), so nothing moves when it
appears or goes. It says what happened ("Report saved to …"), may offer one action ("Open
folder"), can be dismissed, and goes by itself after long enough to be read: a few seconds
plus time per word, held while the mouse is over it. A warning stays until dismissed.
Tests call :meth:`MessageBar.expire` instead of waiting for the timer.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer, Slot
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMainWindow, QPushButton, QWidget

MARGIN = 10
BASE_MS = 10_000
PER_WORD_MS = 400
"""A message stays BASE_MS plus PER_WORD_MS for each of its words (slow readers too)."""


def shown_for_ms(text: str) -> int:
    """How long a message of ``text`` stays before it goes by itself."""
    return BASE_MS + PER_WORD_MS * len(text.split())


class MessageBar(QFrame):
    """One message at a time over the bottom of ``window``; a new one replaces the last."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.setObjectName("messageBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(self.tr("Message"))
        self.label = QLabel(self)
        self.label.setObjectName("messageText")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.action_button = QPushButton(self)
        self.action_button.hide()
        self.close_button = QPushButton(self.tr("Close"), self)
        self.close_button.setAccessibleName(self.tr("Close the message"))
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(12, 6, 6, 6)
        self.row.addWidget(self.label, 1)
        self.row.addWidget(self.action_button)
        self.row.addWidget(self.close_button)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self._action: Callable[[], object] | None = None
        self.warning = False
        self.hide()
        window.installEventFilter(self)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.timer.timeout.connect(self.expire)
        self.close_button.clicked.connect(self.dismiss)
        self.action_button.clicked.connect(self._on_action_button_clicked)

    def show_message(
        self,
        text: str,
        *,
        action: tuple[str, Callable[[], object]] | None = None,
        warning: bool = False,
    ) -> None:
        """Show ``text`` (replacing any message), with an optional (label, function) button."""
        self.label.setText(text)
        self.label.setAccessibleName(text)
        self.warning = warning
        self.setProperty("warning", warning)
        self.style().unpolish(self)
        self.style().polish(self)
        self._action = action[1] if action else None
        if action:
            self.action_button.setText(action[0])
            self.action_button.setAccessibleName(action[0])
        self.action_button.setVisible(action is not None)
        self.timer.stop()
        if not warning:
            self.timer.start(shown_for_ms(text))
        self.show()
        self.raise_()
        self.place()

    def text(self) -> str:
        """The message shown ("" when none is)."""
        return "" if self.isHidden() else self.label.text()

    @Slot()
    def dismiss(self) -> None:
        self.timer.stop()
        self.hide()

    @Slot()
    def expire(self) -> None:
        """The message has been shown long enough (the timer; tests call it)."""
        if self.pointed_at():  # being read: it goes once the mouse leaves
            return
        self.dismiss()

    def pointed_at(self) -> bool:
        """Whether the mouse pointer is over the message."""
        return self.rect().contains(self.mapFromGlobal(QCursor.pos()))

    def place(self) -> None:
        """Over the bottom of the window's contents, above the status bar, full width."""
        window = self.window_
        width = max(window.width() - 2 * MARGIN, 100)
        row = self.row
        height = (
            row.totalHeightForWidth(width)
            if row.hasHeightForWidth()
            else row.totalSizeHint().height()
        )
        bottom = window.height()
        status = window.statusBar() if window.statusBar().isVisible() else None
        if status is not None:
            bottom = status.geometry().top()
        self.setGeometry(QRect(MARGIN, max(bottom - height - MARGIN, 0), width, height))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        resized = event.type() in (QEvent.Type.Resize, QEvent.Type.LayoutRequest)
        if watched is self.window_ and resized and not self.isHidden():
            self.place()
        return False

    def leaveEvent(self, event: QEvent) -> None:
        super().leaveEvent(event)
        if not self.isHidden() and not self.warning and not self.timer.isActive():
            self.timer.start(BASE_MS // 2)

    @Slot()
    def _on_action_button_clicked(self) -> None:
        if self._action is not None:
            self._action()


def message_bar(window: QWidget) -> MessageBar | None:
    """The message bar of ``window``'s main window (made on first use), or None."""
    top = window.window()
    if not isinstance(top, QMainWindow):
        return None
    bar = top.findChild(MessageBar, options=Qt.FindChildOption.FindDirectChildrenOnly)
    return bar if bar is not None else MessageBar(top)
