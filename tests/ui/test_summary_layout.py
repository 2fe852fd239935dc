"""The Summary tab at arm's length: plot labels as large as the text, tables as narrow as
the page (the whole tab is checked at 1024x600 and 20 pt by tests/ui/test_layout_check.py)."""

from __future__ import annotations

import pytest

from PySide6.QtGui import QFontInfo, QFontMetrics

from oxytimer.app import install_translators
from oxytimer.storage.demo import fill_demo
from oxytimer.ui.settings import LARGEST_TEXT_SIZE
from oxytimer.ui.summary_view import SummaryView, _FitTable
from oxytimer.ui.theme import stylesheet

WAIT_MS = 20_000


@pytest.fixture
def large_text(qapp):
    """Indonesian (the longer headings) at the largest text size."""
    install_translators(qapp, "id")
    qapp.setStyleSheet(stylesheet("light", LARGEST_TEXT_SIZE))
    yield
    qapp.setStyleSheet("")
    install_translators(qapp, "en")


@pytest.fixture
def view(qtbot, repo, instrument, protocol, clock, settings, large_text):
    fill_demo(repo, mothers=40, seed=4)
    v = SummaryView(repo, instrument, protocol, clock, "id")
    qtbot.addWidget(v)
    v.resize(1000, 560)
    v.show()
    with qtbot.waitSignal(v.summary_updated, timeout=WAIT_MS):
        v.refresh()
    yield v
    v.wait()


def test_the_plots_texts_are_as_large_as_the_interface_text(view):
    text = QFontInfo(view.font()).pixelSize()
    assert text >= 26  # 20 pt
    for plot in view.plots.values():
        item = plot.getPlotItem()
        for name in ("left", "bottom"):
            axis = item.getAxis(name)
            assert axis.style["tickFont"].pixelSize() == text
            if axis.labelText:
                assert f"font-size: {text}px" in axis.labelString()
        # The bottom axis has room for its values: none is hidden for want of height.
        bottom = item.getAxis("bottom")
        assert bottom.height() >= QFontMetrics(bottom.style["tickFont"]).height()
        assert plot.width() >= item.titleLabel.item.boundingRect().width()
    legend = view.plots["categories"].getPlotItem().legend
    assert legend is not None
    assert [label.opts["size"] for _sample, label in legend.items] == [f"{text}px"] * 2


def test_the_tables_keep_to_the_page_and_wrap_their_headings(view):
    room = view.scroll_area.viewport().width()
    content = view.scroll_area.widget()
    assert content.width() <= room  # nothing scrolls sideways
    tables = view.findChildren(_FitTable)
    assert tables
    wrapped = [t for t in tables if t.horizontalHeader().wrap]
    assert wrapped, "at 20 pt on a 1000-pixel window some table needs its headings wrapped"
    for table in tables:
        assert table.max_width is not None and table.width() <= table.max_width
        header = table.horizontalHeader()
        if header.wrap:
            assert header.height() >= header.lines_height()  # every line of every heading
        for section in range(header.count()):  # no heading narrower than its longest word
            assert header.sectionSize(section) >= header.sectionSizeHint(section) - 2


def test_a_wide_window_gives_the_tables_their_natural_width(qtbot, view):
    tables = view.findChildren(_FitTable)
    view.resize(2400, 900)
    qtbot.waitUntil(lambda: all(t.max_width > 2000 for t in tables), timeout=WAIT_MS)
    assert not any(t.horizontalHeader().wrap for t in tables)
