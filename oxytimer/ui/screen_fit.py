"""Windows and dialogs sized to their content and to the screen they open on.

The main window opens at its preferred size when the screen has room, else it fills the
screen's available area (a 1024x600 netbook). Every dialog, when first shown, takes the
size its content asks for (word-wrapped texts at a comfortable width), never more than
the screen, and is placed on the screen: ``DialogFitter`` does it, an event filter on
each dialog (every dialog of the app is a :class:`FittedDialog`; Qt's own file and text
dialogs are fitted while :func:`dialogs_fitted` is in effect). Not one filter on the
whole application: that ran Python for every event of every widget, and each call
waited for the interpreter while a worker thread held it.

Tests and ``scripts/render_screens.py`` pretend to be on a given screen with
``simulate_screen`` (the offscreen platform has one fixed screen).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

_simulated: QRect | None = None
# A dialog's word-wrapped texts are laid out at this share of the screen's width at most.
_DIALOG_WIDTH_SHARE = 0.75
_FITTED = "oxytimer_fitted"


def simulate_screen(area: QRect | None) -> None:
    """Use ``area`` as the screen's available geometry (None: the real screen)."""
    global _simulated
    _simulated = QRect(area) if area is not None else None


def available_area(widget: QWidget | None = None) -> QRect:
    """The available geometry of the screen ``widget`` is on (or the primary screen)."""
    if _simulated is not None:
        return QRect(_simulated)
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1024, 600)


def _frame_extra(widget: QWidget) -> QSize:
    """Room the window manager's frame takes around the client area."""
    frame, inner = widget.frameGeometry(), widget.geometry()
    extra = QSize(frame.width() - inner.width(), frame.height() - inner.height())
    # Not shown yet: no frame known; keep room for a title bar and borders.
    return extra if widget.isVisible() and extra.height() > 0 else QSize(8, 32)


def fit_window(window: QWidget, preferred: QSize) -> None:
    """Open ``window`` at ``preferred`` size, or at what the screen's area allows."""
    area = available_area(window)
    extra = _frame_extra(window) if _simulated is None else QSize(0, 0)
    size = preferred.boundedTo(QSize(area.width() - extra.width(), area.height() - extra.height()))
    window.resize(size)
    window.move(_placed(QRect(window.pos(), size + extra), area))


def fit_dialog(dialog: QWidget) -> None:
    """Size ``dialog`` to its content at a readable width, bounded by the screen."""
    area = available_area(dialog)
    extra = _frame_extra(dialog) if _simulated is None else QSize(0, 0)
    room = QSize(area.width() - extra.width(), area.height() - extra.height())
    hint = dialog.sizeHint().expandedTo(dialog.minimumSizeHint())
    width = max(
        hint.width(), dialog.width() if dialog.testAttribute(Qt.WidgetAttribute.WA_Resized) else 0
    )
    width = min(max(width, min(560, room.width())), room.width())
    layout = dialog.layout()
    height = hint.height()
    if layout is not None and layout.hasHeightForWidth():
        height = max(layout.totalHeightForWidth(width), layout.totalMinimumSize().height())
    # Wide enough that the wrapped texts take no more than the screen's height.
    while height > room.height() and width < room.width() * _DIALOG_WIDTH_SHARE:
        width = min(int(width * 1.2), room.width())
        if layout is None or not layout.hasHeightForWidth():
            break
        height = layout.totalHeightForWidth(width)
    size = QSize(width, min(height, room.height()))
    dialog.resize(size)
    parent = dialog.parentWidget()
    if parent is not None:
        centre = parent.window().frameGeometry().center()
        start = centre - QPoint(size.width() // 2, size.height() // 2)
    else:
        start = area.center() - QPoint(size.width() // 2, size.height() // 2)
    dialog.move(_placed(QRect(start, size + extra), area))


def _placed(frame: QRect, area: QRect) -> QPoint:
    """The top-left corner that keeps ``frame`` on ``area`` (moved, never shrunk)."""
    x = min(max(frame.x(), area.left()), area.right() + 1 - frame.width())
    y = min(max(frame.y(), area.top()), area.bottom() + 1 - frame.height())
    return QPoint(max(x, area.left()), max(y, area.top()))


class DialogFitter(QObject):
    """Fits the dialogs it filters to their content and screen when first shown, and
    lets them grow (within the screen) when their content grows: an error message."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(watched, QDialog) or isinstance(watched, QMessageBox):
            return False  # a message box sizes itself to the screen
        if event.type() == QEvent.Type.Show and not watched.property(_FITTED):
            watched.setProperty(_FITTED, True)
            fit_dialog(watched)
        elif event.type() == QEvent.Type.LayoutRequest and watched.property(_FITTED):
            grow_dialog(watched)
        return False


def grow_dialog(dialog: QWidget) -> None:
    """Make ``dialog`` tall enough for its content at its width, within the screen."""
    layout = dialog.layout()
    if layout is None:
        return
    layout.activate()
    width = dialog.width()
    if layout.hasHeightForWidth():
        needed = layout.totalHeightForWidth(width)
    else:
        needed = layout.totalSizeHint().height()
    needed = max(needed, layout.totalMinimumSize().height())
    room = available_area(dialog).height()
    if needed > dialog.height():
        dialog.resize(width, min(needed, room))
        frame = dialog.frameGeometry()
        dialog.move(_placed(frame, available_area(dialog)))


class FittedDialog(QDialog):
    """A dialog fitted to its content and to the screen when first shown (the base of
    every dialog of the app)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.installEventFilter(DialogFitter(self))


@contextmanager
def dialogs_fitted() -> Iterator[None]:
    """Fit every dialog shown meanwhile: around Qt's own (``QFileDialog.getOpenFileName``,
    ``QInputDialog.getText``), which the app does not make itself."""
    app = QApplication.instance()
    fitter = DialogFitter()
    if app is not None:
        app.installEventFilter(fitter)
    try:
        yield
    finally:
        if app is not None:
            app.removeEventFilter(fitter)
        fitter.deleteLater()
