"""Today's rows are as high as Qt itself would make them, without Qt measuring every cell.

Qt's ``ResizeToContents`` rows measured every cell of every row read at each layout (most
of Today's first opening on a district's database); :class:`RowHeights` measures each
distinct text once per column width. The heights must still be Qt's own: a wrapped name
or state whole, a row no taller than it needs.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication

from oxytimer.app import install_translators
from oxytimer.domain.data_files import DataFiles
from oxytimer.domain.schedule import SlotState
from oxytimer.ui.main_window import MainWindow
from oxytimer.ui.settings import LARGEST_TEXT_SIZE
from oxytimer.ui.theme import stylesheet
from oxytimer.ui.today_view import TodayRow

from .loading import wait_loaded

LONG_NAME = "Puskesmas Karang Pule Sekarbela Kota Mataram"


@pytest.fixture(params=["en", "id"])
def today(request, qtbot, repo, protocol, instrument, clock, settings) -> Iterator:
    lang = request.param
    app = QApplication.instance()
    install_translators(app, lang)
    settings.language = lang
    settings.font_size = LARGEST_TEXT_SIZE
    app.setStyleSheet(stylesheet("light", LARGEST_TEXT_SIZE))
    repo.add_site("KPL", LONG_NAME)
    repo.add_mother(repo.site_id("AMP"), "MTR-001")
    window = MainWindow(repo, DataFiles(protocol, instrument), clock, settings)
    qtbot.addWidget(window)
    window.resize(QSize(1024, 600))
    window.show()
    qtbot.waitExposed(window)
    view = window.registry_tabs.today_view
    window.tabs.setCurrentWidget(view)
    wait_loaded(qtbot, view)
    yield window, view
    window.close()
    app.setStyleSheet("")
    install_translators(app, "en")


def every_kind_of_row() -> list[TodayRow]:
    """Every state, partial ones with the massage given, under a short and a long name."""
    rows = []
    for n, state in enumerate(SlotState):
        for site in ("AMP", "KPL"):
            rows.append(
                TodayRow(
                    mother_id=f"m{n}{site}",
                    study_code=f"MTR-{n:03}",
                    site_code=site,
                    morning=state.value,
                    evening=SlotState.UPCOMING.value,
                    morning_given=(43.0, 180.0),
                )
            )
    return rows


def qt_heights(table) -> list[int]:
    minimum = table.verticalHeader().minimumSectionSize()
    return [max(minimum, table.sizeHintForRow(r)) for r in range(table.model().rowCount())]


@pytest.mark.parametrize("width", [1024, 1280, 1900])
def test_rows_are_as_high_as_qt_measures_them(qtbot, today, width):
    window, view = today
    window.resize(QSize(width, 600 if width == 1024 else 800))
    view.model.set_records(every_kind_of_row())
    wait_loaded(qtbot, view)
    QApplication.processEvents()
    table = view.table
    heights = [table.rowHeight(r) for r in range(view.model.rowCount())]
    assert heights == qt_heights(table)
    if width == 1024:  # a netbook at the largest text: some state or name wraps
        assert max(heights) > table.verticalHeader().minimumSectionSize()


def test_rows_follow_the_columns_when_the_window_narrows(qtbot, today):
    window, view = today
    window.resize(QSize(1900, 800))
    view.model.set_records(every_kind_of_row())
    wait_loaded(qtbot, view)
    QApplication.processEvents()
    wide = [view.table.rowHeight(r) for r in range(view.model.rowCount())]
    window.resize(QSize(1024, 600))
    qtbot.waitUntil(
        lambda: (
            [view.table.rowHeight(r) for r in range(view.model.rowCount())]
            == qt_heights(view.table)
        )
    )
    assert [view.table.rowHeight(r) for r in range(view.model.rowCount())] != wide


def test_history_rows_are_as_high_as_qt_measures_them(qtbot, today, repo, clock):
    """History's changes (a long reason wraps) and the mother's details, in both
    languages at 1024x600 and the largest text."""
    from datetime import timedelta

    from oxytimer.domain.eligibility import load_criteria
    from oxytimer.domain.registry import Enrolment

    criteria = load_criteria()

    window, _today = today
    day = clock.now_utc().date()
    mother_id = repo.enrol(
        Enrolment(
            site_id=repo.site_id("KPL"),
            study_code="MTR-002",
            age=24,
            occupation="trader",
            parity="primipara",
            delivery_date=day,
            delivery_type="normal",
            lives_with_husband=True,
            consent=True,
            consent_date=day,
        ),
        criteria,
        {c.id: c.kind == "inclusion" for c in criteria.all},
    )
    for age in (25, 26, 27):
        repo.correct_mother(
            mother_id, "age", age, f"Her identity card read again at the visit: {age} years"
        )
    repo.correct_mother(mother_id, "delivery_date", day - timedelta(days=1), "Typed wrong")
    history = window.registry_tabs.history_view
    window.tabs.setCurrentWidget(history)
    history.show_mother(mother_id)
    wait_loaded(qtbot, history)
    fields = [row.field for row in history.details_model.records()]
    history.details_table.selectRow(fields.index("age"))  # its changes listed
    wait_loaded(qtbot, history)
    QApplication.processEvents()
    assert history.history_model.rowCount() >= 3
    for table in (history.history_table, history.details_table):
        heights = [table.rowHeight(r) for r in range(table.model().rowCount())]
        assert heights == qt_heights(table), table.accessibleName()
    # The reasons wrap on this screen: some row is more than one line.
    table = history.history_table
    assert max(table.rowHeight(r) for r in range(3)) > table.verticalHeader().defaultSectionSize()
