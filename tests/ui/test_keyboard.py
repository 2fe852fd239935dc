"""The whole bedside flow from the keyboard alone: Tab, arrows, Space, Enter, Esc."""

from __future__ import annotations

import pytest

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QPushButton, QTabWidget

from oxytimer.app import create_window
from oxytimer.domain.session import State
from oxytimer.ui.session_pages import AbortDialog
from oxytimer.ui.settings_dialog import apply_appearance

from .test_session_flow import baseline


def key(k: Qt.Key, times: int = 1) -> None:
    for _ in range(times):
        target = QApplication.focusWidget()
        assert target is not None, "nothing has the keyboard focus"
        QTest.keyClick(target, k)


@pytest.fixture
def window(qtbot, tmp_path, settings, clock):
    window, repo = create_window(tmp_path / "k.sqlite", clock=clock, settings=settings)
    mother_id = repo.add_mother(repo.sites()[0]["id"], "MTR-001")
    baseline(repo, mother_id, window.session_screen.instrument)  # her baseline is taken
    window.refresh()
    qtbot.addWidget(window)
    apply_appearance(settings)  # the style sheet makes the touch targets big
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    yield window
    window.close()
    repo.close()
    QApplication.instance().setStyleSheet("")


def test_whole_session_from_the_keyboard(qtbot, window, clock, monkeypatch):
    screen = window.session_screen
    start = screen.start_page
    asked = []
    monkeypatch.setattr(screen, "ask_abort_reason", lambda: asked.append(1))

    # Start page: Tab into the table chooses the mother under the cursor.
    start.search.setFocus()
    key(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is start.mothers_view
    assert start.selected_mother() is not None
    while QApplication.focusWidget() is not start.caregiver.buttons["husband"]:
        key(Qt.Key.Key_Tab)
    key(Qt.Key.Key_Right)  # arrows move within the choice
    assert QApplication.focusWidget() is start.caregiver.buttons["midwife"]
    key(Qt.Key.Key_Space)
    assert start.caregiver.value() == "midwife"
    key(Qt.Key.Key_Return)

    # Pre-score: the focus is on the first answer; Space = yes, Right Space = no, Tab on.
    pre = screen.pre_page
    assert screen.currentWidget() is pre
    assert pre.isAncestorOf(QApplication.focusWidget())
    for n, _ in enumerate(pre.form.instrument.items):
        if n % 2:
            key(Qt.Key.Key_Right)
        key(Qt.Key.Key_Space)
        key(Qt.Key.Key_Tab)
    assert pre.form.score() is not None
    key(Qt.Key.Key_Return)
    # Getting ready and finding the landmarks (untimed): Enter on each.
    for _ in screen.protocol.preparation_steps:
        assert screen.session.state is State.IDLE
        key(Qt.Key.Key_Return)

    # Guided: Space pauses and resumes, Esc asks before stopping, Enter goes on at the end.
    assert screen.currentWidget() is screen.guided_page
    key(Qt.Key.Key_Space)
    assert screen.session.state is State.PAUSED
    key(Qt.Key.Key_Space)
    assert screen.session.state is State.RUNNING
    key(Qt.Key.Key_Escape)
    assert asked == [1]
    assert screen.session.state is State.RUNNING  # no reason given: carry on
    while screen.session.state is not State.FINISHED:
        clock.advance(1)
        screen.ticker.poll_now()
    assert QApplication.focusWidget() is screen.guided_page.done_button
    session_id = screen.session_id
    key(Qt.Key.Key_Return)

    # Post-score, then back to the start page with the focus on it.
    post = screen.post_page
    assert screen.currentWidget() is post
    assert post.isAncestorOf(QApplication.focusWidget())
    for _ in post.form.instrument.items:
        key(Qt.Key.Key_Space)
        key(Qt.Key.Key_Tab)
    key(Qt.Key.Key_Return)
    assert screen.currentWidget() is start
    assert start.isAncestorOf(QApplication.focusWidget())
    assert window.repo.session(session_id).status == "completed"


@pytest.mark.parametrize(
    ("keys", "stopped"),
    [
        ([("reasons", Qt.Key.Key_Escape)], False),
        ([("reasons", Qt.Key.Key_Return)], False),  # Enter keeps going: the default
        ([("stop_button", Qt.Key.Key_Space)], True),  # Tab to "Stop the massage", Space
    ],
)
def test_stopping_needs_a_deliberate_choice(qtbot, keys, stopped):
    dialog = AbortDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    after = dialog.reasons.nextInFocusChain()  # the next Tab stop after the reason
    while not (after.focusPolicy() & Qt.FocusPolicy.TabFocus) or dialog.reasons.isAncestorOf(after):
        after = after.nextInFocusChain()
    assert after is dialog.stop_button
    for name, k in keys:
        QTest.keyClick(getattr(dialog, name), k)
    assert dialog.result() == (AbortDialog.DialogCode.Accepted if stopped else 0)
    assert not dialog.isVisible()


def test_no_table_traps_the_tab_key(window):
    """A table that moves between its cells on Tab never lets a keyboard user out."""
    for tabs in window.findChildren(QTabWidget):  # build the screens made on first show
        for i in range(tabs.count()):
            tabs.setCurrentIndex(i)
            QApplication.processEvents()
    traps = [
        f"{type(view).__name__} in {type(view.parent()).__name__}"
        for view in window.findChildren(QAbstractItemView)
        if view.tabKeyNavigation() and not view.objectName().startswith("qt_")
    ]
    assert not traps, f"setTabKeyNavigation(False) on the tables in: {traps}"


def test_touch_targets_are_big(window):
    """Buttons at least 44 px high (finger-sized) on the bedside pages."""
    screen = window.session_screen
    small = []
    for page in (screen.start_page, screen.pre_page, screen.guided_page, screen.post_page):
        screen.setCurrentWidget(page)
        QApplication.processEvents()
        small += [
            f"{type(page).__name__}: {b.text()!r} {b.height()}px"
            for b in page.findChildren(QPushButton)
            if b.isVisible() and b.height() < 44
        ]
    assert not small
