"""Nothing cut, nothing off screen: every screen and dialog, checked by the layout check.

``scripts/render_screens.py`` walks the bedside session (start, pre-score, guided step,
paused, finished, post-score), every tab and every dialog (also with its error messages
shown) in one language at one text size, on a simulated 1024x600 and 1280x800 screen;
``oxytimer.ui.layout_check`` lists any label whose text needs more room than it has, any
button narrower than its text, any widget outside its window or the window outside the
screen, and scroll areas scrolling inside scroll areas. The lists must be empty, in both
languages, at the default and the largest text size.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication

from oxytimer.app import install_translators
from oxytimer.ui.dialogs import OperatorDialog
from oxytimer.ui.layout_check import layout_problems
from oxytimer.ui.screen_fit import simulate_screen
from oxytimer.ui.settings import DEFAULT_TEXT_SIZE, LARGEST_TEXT_SIZE
from oxytimer.ui.theme import stylesheet

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "render_screens.py"
SIZES = ["1024x600", "1280x800"]
# Screens whose findings are not fixed yet (issue 13, item 1); ``scripts/render_screens.py
# --review`` lists them; remove a screen here once it is fixed.
NOT_YET_FIXED: set[str] = set()
# Screens whose tables may still show too few rows (the check's newest finding): History's
# three tables share a 600 px screen. Only that finding is let through for them.
TABLES_NOT_YET_FIXED = {"history"}
SHORT_TABLE = "whole row(s) of"


def _known(finding: str) -> bool:
    screen = finding.split(" ", 1)[0]
    return screen in NOT_YET_FIXED or (screen in TABLES_NOT_YET_FIXED and SHORT_TABLE in finding)


def _render_screens():
    spec = importlib.util.spec_from_file_location("render_screens", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("render_screens", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def tour(tmp_path_factory):
    """The script's module and a database filled once (demo mothers, a correction)."""
    module = _render_screens()
    template = tmp_path_factory.mktemp("layout") / "template.sqlite"
    data = module.fill_database(template)
    return module, template, data


@pytest.mark.parametrize("text_size", [DEFAULT_TEXT_SIZE, LARGEST_TEXT_SIZE])
@pytest.mark.parametrize("lang", ["en", "id"])
def test_every_screen_and_dialog_fits(qapp, tour, tmp_path, monkeypatch, lang, text_size):
    module, template, data = tour
    monkeypatch.setenv("OXYTIMER_SETTINGS", str(tmp_path / "settings.ini"))
    db = tmp_path / "oxytimer.sqlite"
    shutil.copyfile(template, db)
    wanted = set(module.ALL_SCREENS) - {"report_page1", "summary-full"}
    renderer = module.Renderer(
        qapp, db, data, lang, "light", text_size, None, review=True, verbose=False
    )
    try:
        findings = renderer.run(SIZES, wanted)
    finally:
        qapp.setStyleSheet("")
        install_translators(qapp, "en")
    assert [f for f in findings if not _known(f)] == []


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_check_sees_a_dialog_made_too_small(qtbot, qapp, lang):
    install_translators(qapp, lang)
    qapp.setStyleSheet(stylesheet("light", DEFAULT_TEXT_SIZE))
    screen = QRect(0, 0, 1024, 600)
    simulate_screen(screen)
    try:
        dialog = OperatorDialog(None, "Bidan Sari")
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        QApplication.processEvents()
        assert layout_problems(dialog, screen) == []  # as the app sizes it

        dialog.setFixedSize(260, 150)  # shrunk: the explanation and buttons no longer fit
        QApplication.processEvents()
        problems = layout_problems(dialog, screen)
        assert any("text needs" in p for p in problems), problems
        assert any("Continue" in p or "Lanjut" in p for p in problems), problems

        dialog.setFixedSize(1100, 400)  # wider than the screen
        QApplication.processEvents()
        assert any("larger than the screen" in p for p in layout_problems(dialog, screen))
    finally:
        simulate_screen(None)
        qapp.setStyleSheet("")
        install_translators(qapp, "en")


def test_the_check_sees_a_table_showing_too_few_rows(qtbot, qapp):
    """A list read through a slit (the Registry at 20 pt on 1024x600 showed two rows)."""
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QTableView, QVBoxLayout, QWidget

    from oxytimer.ui.layout_check import MIN_TABLE_ROWS

    screen = QRect(0, 0, 1024, 600)
    window = QWidget()
    qtbot.addWidget(window)
    table = QTableView(window)
    model = QStandardItemModel(30, 2, table)
    for row in range(30):
        model.setItem(row, 0, QStandardItem(f"MTR-{row:03}"))
    table.setModel(model)
    QVBoxLayout(window).addWidget(table)
    row_height = table.rowHeight(0)
    chrome = table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth() + 30
    window.resize(400, chrome + 2 * row_height)  # two rows in view
    window.show()
    qtbot.waitExposed(window)
    QApplication.processEvents()
    problems = layout_problems(window, screen)
    assert any("whole row(s) of 30" in p for p in problems), problems

    window.resize(400, chrome + (MIN_TABLE_ROWS + 2) * row_height)
    QApplication.processEvents()
    assert layout_problems(window, screen) == []

    model.setRowCount(2)  # a short list shown whole is not a slit, however small
    window.resize(400, chrome + 2 * row_height)
    QApplication.processEvents()
    assert layout_problems(window, screen) == []
