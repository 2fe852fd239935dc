"""Every screen is built where it is shown: no widget is styled and then moved.

Under the app's style sheet, moving a widget that was already styled (polished) to
another parent styles it again, and every widget it holds: opening the Registry restyled
360 widgets this way, 0.1 ms or more each, the window unable to paint meanwhile (issue
17). The check is by event, not by time: a widget already polished that changes parent.
"""

from __future__ import annotations

import os
import traceback
from pathlib import Path

import pytest

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QWidget

import oxytimer
from oxytimer.app import create_window
from oxytimer.ui.theme import stylesheet


class MovesOfStyledWidgets(QObject):
    """Each move of a polished widget (counting those it holds), with where it was made."""

    def __init__(self) -> None:
        super().__init__()
        self.moves: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ParentChange and isinstance(watched, QWidget):
            parent = watched.parentWidget()
            if parent is not None and parent.metaObject().className() in QT_OWN_MOVES:
                return False
            styled = [
                w
                for w in (watched, *watched.findChildren(QWidget))
                if w.testAttribute(Qt.WidgetAttribute.WA_WState_Polished)
            ]
            stack = traceback.extract_stack()[:-1]
            # (Moves made inside a library, pyqtgraph's plot item, are the library's.)
            if styled and stack[-1].filename.startswith(OURS):
                ours = [f for f in stack if f.filename.startswith(OURS)]
                where = " < ".join(
                    f"{os.path.basename(f.filename)}:{f.lineno}" for f in reversed(ours[-3:])
                )
                self.moves.append(f"{type(watched).__name__} ({len(styled)} styled) at {where}")
        return False


OURS = (str(Path(oxytimer.__file__).parent), str(Path(__file__).parent))
# Qt's own: a combo box moves its list into its popup when its size policy is set.
QT_OWN_MOVES = {"QComboBoxPrivateContainer"}


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_window_and_every_tab_are_built_in_place(qtbot, qapp, tmp_path, settings, lang):
    settings.language = lang
    qapp.setStyleSheet(stylesheet(settings.theme, settings.font_size))
    moves = MovesOfStyledWidgets()
    qapp.installEventFilter(moves)
    try:
        window, repo = create_window(tmp_path / "oxy.sqlite", settings=settings)
        qtbot.addWidget(window)
        window.show()
        QApplication.processEvents()
        assert moves.moves == [], "the window"
        tabs = window.registry_tabs
        for name in ("today", "registry", "history"):
            window.tabs.setCurrentWidget(tabs.lazy.page(name))
            QApplication.processEvents()
            assert moves.moves == [], name
        tabs.registry_view.start_enrolment()  # the form, built when first needed
        QApplication.processEvents()
        assert moves.moves == [], "the enrolment form"
        window.tabs.setCurrentWidget(window.summary_tab)
        view = window.summary_tab.view
        view.ensure_plots()  # every table and plot, built a part per turn otherwise
        QApplication.processEvents()
        assert moves.moves == [], "the summary"
    finally:
        qapp.removeEventFilter(moves)
        qapp.setStyleSheet("")
    repo.close()


def test_the_check_sees_a_styled_widget_moved(qtbot, qapp):
    qapp.setStyleSheet(stylesheet("light", 14))
    moves = MovesOfStyledWidgets()
    qapp.installEventFilter(moves)
    try:
        first, second = QWidget(), QWidget()
        qtbot.addWidget(first)
        qtbot.addWidget(second)
        child = QWidget(first)
        child.ensurePolished()
        child.setParent(second)
        assert len(moves.moves) == 1 and "QWidget (1 styled)" in moves.moves[0]
    finally:
        qapp.removeEventFilter(moves)
        qapp.setStyleSheet("")
