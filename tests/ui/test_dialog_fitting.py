"""Every dialog is fitted to its content and the screen, by a filter on the dialog alone.

One event filter on the whole application ran Python for every event of every widget
(650 calls a second while switching tabs), each call waiting for the interpreter while a
worker thread held it (issue 17).
"""

from __future__ import annotations

import sys

import pytest

from PySide6.QtCore import QEvent, QRect
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog, QLabel

from oxytimer.app import create_window
from oxytimer.ui.screen_fit import FittedDialog, dialogs_fitted, simulate_screen
from tests.ui.test_every_screen import dialog_classes


def test_every_dialog_of_the_app_is_fitted():
    plain = [cls.__qualname__ for cls in dialog_classes() if not issubclass(cls, FittedDialog)]
    assert plain == []


def _python_filter_calls(action) -> int:
    """How many times a Python ``eventFilter`` ran while ``action()`` ran."""
    calls = [0]

    def profile(frame, event, _arg):
        if event == "call" and frame.f_code.co_name == "eventFilter":
            calls[0] += 1

    sys.setprofile(profile)
    try:
        action()
    finally:
        sys.setprofile(None)
    return calls[0]


def test_the_window_runs_no_python_for_the_events_of_its_widgets(qtbot, tmp_path, settings):
    window, repo = create_window(tmp_path / "oxy.sqlite", settings=settings)
    qtbot.addWidget(window)
    window.show()
    QApplication.processEvents()
    label = QLabel("a widget of the window", window)

    def events() -> None:
        for _ in range(200):
            QApplication.sendEvent(label, QEvent(QEvent.Type.LayoutRequest))
            QApplication.sendEvent(label, QEvent(QEvent.Type.StyleChange))

    assert _python_filter_calls(events) == 0
    # (The check sees a filter that is there: one on the label itself.)
    dialog = FittedDialog(window)
    label.installEventFilter(dialog.children()[-1])
    assert _python_filter_calls(events) == 400
    repo.close()


@pytest.mark.parametrize("fitted", [True, False])
def test_qt_s_own_dialogs_are_fitted_within_dialogs_fitted(qtbot, fitted):
    screen = QRect(0, 0, 1024, 600)
    simulate_screen(screen)
    try:
        dialog = QInputDialog()
        qtbot.addWidget(dialog)
        dialog.resize(1500, 900)  # larger than the screen
        if fitted:
            with dialogs_fitted():
                dialog.show()
        else:
            dialog.show()
        QApplication.processEvents()
        inside = dialog.width() <= screen.width() and dialog.height() <= screen.height()
        assert inside == fitted
    finally:
        simulate_screen(None)


def test_a_fitted_dialog_larger_than_the_screen_is_made_to_fit(qtbot):
    screen = QRect(0, 0, 1024, 600)
    simulate_screen(screen)
    try:
        dialog = FittedDialog()
        qtbot.addWidget(dialog)
        dialog.resize(1500, 900)
        dialog.show()
        QApplication.processEvents()
        assert dialog.width() <= screen.width() and dialog.height() <= screen.height()
        plain = QDialog()
        qtbot.addWidget(plain)
        plain.resize(1500, 900)
        plain.show()
        QApplication.processEvents()
        assert plain.width() > screen.width()  # no filter on the application
    finally:
        simulate_screen(None)
