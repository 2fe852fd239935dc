"""Every screen, walked widget by widget: nothing left in the other language, every
control named for screen readers, the session flow usable from the keyboard alone.

The walks are generic (every widget of the main window, every tab, every page of the
session screen), so that screens added later are covered without changing this file.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QStackedWidget,
    QTabWidget,
    QTextEdit,
    QWidget,
)

import oxytimer.ui
from oxytimer.app import create_window, install_translators
from oxytimer.domain.session import State
from oxytimer.domain.sites import load_sites
from oxytimer.ui.help_dialogs import AboutDialog, GuideDialog
from oxytimer.ui.session_pages import AbortDialog
from oxytimer.ui.session_view import SessionScreen
from oxytimer.ui.settings_dialog import SettingsDialog

# Words that are the same in both languages (names, units, keys, data of the test).
SAME_IN_BOTH = {
    "oxytimer",
    "ok",
    "puskesmas",
    "esc",
    "enter",
    "pt",
    "normal",
    "status",
    "volume",
    "bahasa",
    "indonesia",
    "english",
    "sc",
    "drive",
    "folder",
    "data",
}
WORD = re.compile(r"[^\W\d_]{2,}")
# The test's own data: its study code, its operator, the shipped sites.
TEST_DATA = {"mtr", "bidan", "sari"} | {
    word.lower() for site in load_sites() for word in WORD.findall(f"{site.code} {site.name}")
}
CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractSlider)
CONTROLS_WITH_VIEWS = (*CONTROLS, QAbstractItemView, QTextEdit, QPlainTextEdit)


# ------------------------------------------------------------------ walking
def _path(widget: QObject, root: QObject) -> str:
    parts = []
    node = widget
    while node is not None and node is not root:
        parent = node.parent()
        siblings = [] if parent is None else [c for c in parent.children() if type(c) is type(node)]
        index = siblings.index(node) if node in siblings else 0
        parts.append(f"{type(node).__name__}{index}")
        node = parent
    return "/".join(reversed(parts))


def _model_texts(model: QAbstractItemModel | None) -> Iterator[str]:
    if model is None:
        return
    root = QModelIndex()
    try:
        columns = model.columnCount(root)
    except TypeError:  # a list model: one column (columnCount is private there)
        columns = 1
    for section in range(columns):
        yield str(model.headerData(section, Qt.Orientation.Horizontal) or "")
    for row in range(min(model.rowCount(root), 30)):
        for column in range(columns):
            yield str(model.data(model.index(row, column, root)) or "")


def texts_of(widget: QWidget) -> Iterator[str]:
    """What a user can read or hear on one widget (not what they typed)."""
    yield widget.accessibleName()
    yield widget.accessibleDescription()
    yield widget.toolTip()
    if widget.isWindow():
        yield widget.windowTitle()
    if isinstance(widget, QLabel):
        yield re.sub(r"<[^>]+>", " ", widget.text())
    if isinstance(widget, QAbstractButton):
        yield widget.text()
    if isinstance(widget, QGroupBox):
        yield widget.title()
    if isinstance(widget, QLineEdit):
        yield widget.placeholderText()
    if isinstance(widget, QComboBox):
        for i in range(widget.count()):
            yield widget.itemText(i)
    if isinstance(widget, QTabWidget):
        for i in range(widget.count()):
            yield widget.tabText(i)
            yield widget.tabToolTip(i)
    if isinstance(widget, QMenu):
        yield widget.title()
    if isinstance(widget, QAbstractItemView) and not isinstance(widget, QHeaderView):
        yield from _model_texts(widget.model())
    for action in widget.actions():
        yield action.text()
        yield action.toolTip() if action.toolTip() != action.text().replace("&", "") else ""


def snapshot(root: QWidget) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for widget in [root, *root.findChildren(QWidget)]:
        texts = [t for t in texts_of(widget) if t and t.strip()]
        if texts:
            out[_path(widget, root)] = texts
    return out


def every_page(window: QWidget) -> Iterator[str]:
    """Show each tab of each QTabWidget and each page of each QStackedWidget in turn."""
    tabs = [w for w in window.findChildren(QTabWidget) if w.count()]
    for n, tab_widget in enumerate(tabs):
        for i in range(tab_widget.count()):
            tab_widget.setCurrentIndex(i)
            QApplication.processEvents()
            yield f"tab {i} of tab widget {n}"
    for stack in window.findChildren(QStackedWidget):
        if isinstance(stack, SessionScreen):
            continue  # walked through its real flow instead
        for i in range(stack.count()):
            stack.setCurrentIndex(i)
            QApplication.processEvents()
            yield f"page {i} of {type(stack).__name__}"


def needs_translation(text: str) -> bool:
    if Path(text.replace("\u200b", "")).exists():
        return False  # a file's path (About's data folder) is data, not text
    words = {w.lower() for w in WORD.findall(text)}
    return bool(words - SAME_IN_BOTH - TEST_DATA)


# ------------------------------------------------------------------ the screens
def run_to(screen: SessionScreen, clock, seconds: float) -> None:
    target = clock.monotonic() + seconds
    while clock.monotonic() < target - 1e-9:
        clock.advance(min(0.5, target - clock.monotonic()))
        screen.ticker.poll_now()


def dialog_classes() -> list[type[QDialog]]:
    """Every QDialog subclass of oxytimer.ui that can be built with a parent alone."""
    found: dict[str, type[QDialog]] = {}
    for info in pkgutil.iter_modules(oxytimer.ui.__path__):
        module = importlib.import_module(f"oxytimer.ui.{info.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, QDialog) and cls.__module__.startswith("oxytimer.ui"):
                found[cls.__qualname__] = cls
    return list(found.values())


def build_dialogs(window: QMainWindow) -> Iterator[tuple[str, QDialog]]:
    settings = window.settings  # type: ignore[attr-defined]
    yield "SettingsDialog", SettingsDialog(settings, window.cues, window)  # type: ignore[attr-defined]
    yield "AbortDialog", AbortDialog(window)
    menus = window.app_menus  # type: ignore[attr-defined]
    yield "AboutDialog", AboutDialog(menus.db_path, window)
    yield "GuideDialog", GuideDialog(menus.lang, window)
    for cls in dialog_classes():
        if cls in (SettingsDialog, AbortDialog, AboutDialog, GuideDialog):
            continue
        try:
            dialog = cls(window)  # type: ignore[call-arg]
        except TypeError:
            continue  # needs arguments: covered by its own screen's tests
        yield cls.__qualname__, dialog


def walk_everything(qtbot, tmp_path: Path, lang: str, settings, clock) -> dict[str, dict]:
    """Build the app in ``lang`` and take snapshots of every screen along a session."""
    app = QApplication.instance()
    install_translators(app, lang)
    settings.language = lang
    window, repo = create_window(tmp_path / f"{lang}.sqlite", clock=clock, settings=settings)
    qtbot.addWidget(window)
    window.show()
    shots: dict[str, dict] = {}
    try:
        mother_id = repo.add_mother(repo.sites()[0]["id"], "MTR-001")
        window.refresh()
        window.show_interrupted(["x"])
        screen = window.session_screen
        start = screen.start_page
        start.select_mother(mother_id)
        window.tabs.setCurrentWidget(screen)
        shots["start"] = snapshot(window)
        start.caregiver.set_value("husband")
        qtbot.mouseClick(start.next_button, Qt.MouseButton.LeftButton)
        assessment = screen.assessment_page  # her first massage: the baseline first
        assert screen.currentWidget() is assessment
        qtbot.mouseClick(assessment.save_button, Qt.MouseButton.LeftButton)
        shots["baseline assessment, unanswered"] = snapshot(window)
        for item in assessment.form.instrument.items:
            assessment.form.choice_widget(item.id).set_value("no")
        qtbot.mouseClick(assessment.save_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(screen.pre_page.start_button, Qt.MouseButton.LeftButton)
        shots["pre-score, unanswered"] = snapshot(window)
        for item in screen.pre_page.form.instrument.items:
            screen.pre_page.form.choice_widget(item.id).set_value("yes")
        qtbot.mouseClick(screen.pre_page.start_button, Qt.MouseButton.LeftButton)
        assert screen.currentWidget() is screen.guided_page
        shots["guided, preparation"] = snapshot(window)
        for _ in screen.protocol.preparation_steps:
            qtbot.mouseClick(screen.guided_page.done_button, Qt.MouseButton.LeftButton)
        run_to(screen, clock, 5)
        shots["guided"] = snapshot(window)
        screen.toggle_pause()
        shots["guided, paused"] = snapshot(window)
        screen.toggle_pause()
        run_to(screen, clock, screen.session.remaining() + 1)
        assert screen.session.state is State.FINISHED
        shots["guided, finished"] = snapshot(window)
        qtbot.mouseClick(screen.guided_page.done_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(screen.post_page.save_button, Qt.MouseButton.LeftButton)
        shots["post-score"] = snapshot(window)
        qtbot.mouseClick(screen.post_page.later_button, Qt.MouseButton.LeftButton)
        shots["start, session waiting"] = snapshot(window)
        for name in every_page(window):
            shots[name] = snapshot(window)
        for name, dialog in build_dialogs(window):
            shots[f"dialog {name}"] = snapshot(dialog)
            dialog.deleteLater()
    finally:
        window.close()
        repo.close()
        install_translators(app, "en")
    return shots


def test_no_text_is_left_in_english_in_indonesian(qtbot, tmp_path, settings, clock):
    start = clock.now_utc()
    english = walk_everything(qtbot, tmp_path, "en", settings, clock)
    indonesian = walk_everything(qtbot, tmp_path, "id", settings, type(clock)(start))
    assert english.keys() == indonesian.keys()
    left: dict[str, list[str]] = {}
    for shot, en_widgets in english.items():
        id_widgets = indonesian[shot]
        for path, en_texts in en_widgets.items():
            for text in set(en_texts) & set(id_widgets.get(path, [])):
                if needs_translation(text):
                    left.setdefault(text.strip(), []).append(f"{shot}: {path}")
    report = [
        f"{text!r} ({len(where)}x, e.g. {min(where)})" for text, where in sorted(left.items())
    ]
    assert not report, "left in English on the Indonesian screens:\n" + "\n".join(report)


def test_indonesian_screens_read_indonesian(qtbot, tmp_path, settings, clock):
    """Spot checks that the walk really sees the Indonesian (and the Qt buttons)."""
    shots = walk_everything(qtbot, tmp_path, "id", settings, clock)
    everything = {t for shot in shots.values() for texts in shot.values() for t in texts}
    for expected in (
        "Pijat oksitosin",
        "Suami",
        "Pemeriksaan sebelum pijat",
        "Penilaian awal",
        "Tanpa batas waktu",
        "Jeda (Spasi)",
        "Batal",
    ):
        assert expected in everything


# ------------------------------------------------------------------ accessibility
def _has_label(widget: QWidget) -> bool:
    if widget.accessibleName().strip():
        return True
    if isinstance(widget, QAbstractButton) and widget.text().replace("&", "").strip():
        return True
    window = widget.window()
    return any(
        label.buddy() is widget and label.text().strip() for label in window.findChildren(QLabel)
    )


def _is_qt_internal(widget: QWidget) -> bool:
    """Parts Qt builds inside its own widgets (combo popups, spin box editors, scrollers)."""
    if widget.objectName().startswith("qt_") or type(widget).__name__ in (
        "QScrollBar",
        "QHeaderView",
    ):
        return True
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, (QComboBox, QAbstractSpinBox)):
            return True
        parent = parent.parentWidget()
    return False


def unnamed_controls(root: QWidget) -> list[str]:
    out = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, CONTROLS_WITH_VIEWS):
            continue
        if _is_qt_internal(widget):
            continue
        if not _has_label(widget):
            out.append(f"{type(widget).__name__} {widget.objectName()!r} at {_path(widget, root)}")
    return out


@pytest.mark.parametrize("lang", ["en", "id"])
def test_every_control_has_an_accessible_name(qtbot, tmp_path, settings, clock, lang):
    app = QApplication.instance()
    install_translators(app, lang)
    settings.language = lang
    window, repo = create_window(tmp_path / "a.sqlite", clock=clock, settings=settings)
    qtbot.addWidget(window)
    try:
        # The session's pages after the start page are built when first used: build them
        # now, so that their controls are checked too.
        screen = window.session_screen
        assert {screen.pre_page, screen.guided_page, screen.post_page} <= set(
            window.findChildren(QWidget)
        )
        missing = []
        for _ in every_page(window):
            missing += unnamed_controls(window)
        for name, dialog in build_dialogs(window):
            missing += [f"{name}: {m}" for m in unnamed_controls(dialog)]
        assert not sorted(set(missing)), "controls without an accessible name:\n" + "\n".join(
            sorted(set(missing))
        )
    finally:
        window.close()
        repo.close()
        install_translators(app, "en")
