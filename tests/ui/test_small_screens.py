"""Every screen fits a 1024x600 netbook, the smallest screen oxytimer is used on.

The window is built with the real style sheet (default font size 14, as shipped), sized
to 1024x600 and driven through the bedside session and every tab. On each screen the
window must be able to shrink to the screen (its minimum size hint fits), and the
controls a user needs there must be whole inside the visible window: not cut by its
edge, not hidden under a scroll area's edge.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QPushButton, QStyle, QTableView, QWidget

from oxytimer.app import install_translators
from oxytimer.domain.data_files import DataFiles
from oxytimer.domain.session import State
from oxytimer.ui.main_window import MainWindow
from oxytimer.ui.theme import stylesheet

from .loading import wait_loaded

SCREEN = QSize(1024, 600)


@pytest.fixture(params=["en", "id"])
def window(request, qtbot, repo, protocol, instrument, clock, settings) -> Iterator[MainWindow]:
    lang = request.param
    app = QApplication.instance()
    install_translators(app, lang)
    settings.language = lang
    app.setStyleSheet(stylesheet("light", 14))
    repo.add_mother(repo.site_id("AMP"), "MTR-001")
    window = MainWindow(repo, DataFiles(protocol, instrument), clock, settings)
    qtbot.addWidget(window)
    window.resize(SCREEN)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()
    app.setStyleSheet("")
    install_translators(app, "en")


def run_to(window: MainWindow, clock, seconds: float, step: float = 0.5) -> None:
    screen = window.session_screen
    target = clock.monotonic() + seconds
    while clock.monotonic() < target - 1e-9:
        clock.advance(min(step, target - clock.monotonic()))
        screen.ticker.poll_now()


def assert_fits(window: MainWindow, *buttons: QPushButton) -> None:
    QApplication.processEvents()
    hint = window.minimumSizeHint()
    assert hint.width() <= SCREEN.width() and hint.height() <= SCREEN.height(), hint
    assert window.size() == SCREEN, window.size()  # nothing forced it to grow
    visible = QRect(QPoint(0, 0), SCREEN)
    for button in buttons:
        assert button.isVisible(), button.text()
        rect = QRect(button.mapTo(window, QPoint(0, 0)), button.size())
        assert visible.contains(rect), f"{button.text()!r} at {rect} is off the screen"
        # Inside the window but scrolled away or cut by a scroll area counts as hidden.
        shown = button.visibleRegion().boundingRect()
        assert shown.size() == button.size(), f"{button.text()!r} is cut: {shown}"


def test_the_mothers_list_headings_are_whole_at_1024x600(window):
    QApplication.processEvents()
    table = window.session_screen.start_page.mothers_view
    header = table.horizontalHeader()
    for column in range(header.count()):
        assert header.sectionSize(column) >= header.sectionSizeHint(column), (
            table.model().headerData(column, Qt.Orientation.Horizontal)
        )
    assert header.length() <= table.viewport().width()  # and no sideways scrolling


def test_the_summary_plot_titles_fit_their_plots_at_1024x600(window):
    window.tabs.setCurrentWidget(window.summary_tab)
    QApplication.processEvents()
    for name, plot in window.summary_tab.view.plots.items():
        title = plot.getPlotItem().titleLabel
        assert title.item.boundingRect().width() <= plot.width(), name
        assert plot.getPlotItem().sceneBoundingRect().width() <= plot.width() + 1, name


def test_the_bedside_session_fits_1024x600(qtbot, window, clock):
    screen = window.session_screen
    start = screen.start_page
    start.select_mother(start.mothers_model.records()[0].id)
    start.caregiver.set_value("husband")
    assert_fits(window, start.next_button, start.enrol_button)

    qtbot.mouseClick(start.next_button, Qt.MouseButton.LeftButton)
    assessment = screen.assessment_page  # her first massage: the baseline assessment
    assert screen.currentWidget() is assessment
    assert_fits(window, assessment.save_button, assessment.back_button)
    for item in assessment.form.instrument.items:
        assessment.form.choice_widget(item.id).set_value("no")
    qtbot.mouseClick(assessment.save_button, Qt.MouseButton.LeftButton)
    pre = screen.pre_page
    assert screen.currentWidget() is pre
    assert_fits(window, pre.start_button, pre.back_button)
    for item in pre.form.instrument.items:
        pre.form.choice_widget(item.id).set_value("yes")

    qtbot.mouseClick(pre.start_button, Qt.MouseButton.LeftButton)
    guided = screen.guided_page
    assert screen.currentWidget() is guided
    assert_fits(window, guided.done_button, guided.abort_button)  # getting ready: untimed
    for _ in screen.protocol.preparation_steps:
        qtbot.mouseClick(guided.done_button, Qt.MouseButton.LeftButton)
    run_to(window, clock, 5)
    assert_fits(window, guided.pause_button, guided.abort_button)
    # The digits are big (readable from across the bed) and whole.
    countdown = guided.countdown
    assert countdown.pixel_size >= 80
    assert countdown.fontMetrics().horizontalAdvance(countdown.text()) <= countdown.width()
    assert countdown.fontMetrics().height() <= countdown.height() * 1.05

    screen.toggle_pause()  # the PAUSED banner takes room too
    assert_fits(window, guided.pause_button, guided.abort_button)
    screen.toggle_pause()
    run_to(window, clock, screen.session.remaining() + 1)
    assert screen.session.state is State.FINISHED
    assert_fits(window, guided.done_button)

    qtbot.mouseClick(guided.done_button, Qt.MouseButton.LeftButton)
    post = screen.post_page
    assert screen.currentWidget() is post
    assert_fits(window, post.save_button, post.later_button)
    qtbot.mouseClick(post.later_button, Qt.MouseButton.LeftButton)

    # Back on the start page, with a session waiting for its post-score.
    assert start.open_box.isVisible()
    assert_fits(window, start.next_button, start.record_post_button)


def test_every_tab_fits_1024x600(qtbot, window):
    tabs = window.registry_tabs
    window.tabs.setCurrentWidget(tabs.today_view)
    assert_fits(window, tabs.today_view.start_button)
    window.tabs.setCurrentWidget(tabs.registry_view)
    registry = tabs.registry_view
    assert_fits(window, registry.history_button, registry.withdraw_button)
    # The enrolment form scrolls rather than being cut at the side.
    form = registry.form
    assert form.width() >= form.minimumSizeHint().width()
    window.tabs.setCurrentWidget(tabs.history_view)
    history = tabs.history_view
    assert_fits(window, history.correct_button, history.void_button)
    window.tabs.setCurrentWidget(window.summary_tab)
    view = window.summary_tab.view
    qtbot.waitUntil(lambda: view.summary is not None, timeout=60_000)  # plots built too
    QApplication.processEvents()
    assert_fits(window, view.csv_button, view.pdf_button)
    content = view.scroll_area.widget()
    assert content.width() <= view.scroll_area.viewport().width()  # no sideways scrolling
    for plot in view.plots.values():  # tall enough for their titles and axis labels
        assert plot.height() >= plot.minimumHeight() >= 200


def test_start_up_focus_is_on_the_mothers_search(window):
    window.activateWindow()
    QApplication.processEvents()
    assert window.focusWidget() is window.session_screen.start_page.search


def _all_buttons(root: QWidget) -> list[QPushButton]:
    return [b for b in root.findChildren(QPushButton) if b.isVisible()]


def test_caregiver_buttons_wrap_rather_than_widen_the_window(window):
    start = window.session_screen.start_page
    buttons = list(start.caregiver.buttons.values())
    rows = {b.mapTo(window, QPoint(0, 0)).y() for b in buttons}
    assert len(rows) == 2  # 2 × 2 at 1024 px
    for button in _all_buttons(start.caregiver):
        # The chosen one is bold: its text must still fit.
        bold = button.font()
        bold.setBold(True)
        button.setFont(bold)
        assert button.fontMetrics().horizontalAdvance(button.text()) < button.width()


def test_wrap_grid_layout_keeps_rows_even(qtbot):
    from oxytimer.ui.widgets import ChoiceButtons

    choices = ChoiceButtons([(v, v.title() * 3) for v in ("a", "b", "c", "d")], wrap=True)
    qtbot.addWidget(choices)
    choices.show()  # polished: the sizes are final
    cell = max(
        max(b.sizeHint().width(), b.minimumSizeHint().width()) for b in choices.buttons.values()
    )

    def rows_at(width: int) -> int:
        choices.resize(width, choices.heightForWidth(width))
        QApplication.processEvents()
        return len({b.y() for b in choices.buttons.values()})

    assert rows_at(4 * cell + 40) == 1
    assert rows_at(3 * cell) == 2  # 2 × 2, never 3 + 1
    assert rows_at(cell + 2) == 4
    assert choices.minimumSizeHint().width() <= cell + 2


def test_wrap_grid_layout_saves_a_row_with_columns_as_wide_as_their_items(qtbot):
    """One long label: equal columns would need three rows, columns sized to their own
    items need two; every button still gets at least its size hint."""
    from oxytimer.ui.widgets import ChoiceButtons

    labels = ("Mm", "A much longer label than the others", "Nn")
    choices = ChoiceButtons([(str(i), t) for i, t in enumerate(labels)], wrap=True)
    qtbot.addWidget(choices)
    choices.show()
    buttons = list(choices.buttons.values())
    hints = [max(b.sizeHint().width(), b.minimumSizeHint().width()) for b in buttons]
    gap = max(choices.layout().spacing(), 0)
    width = hints[0] + hints[1] + gap + 4  # room for 2 columns sized to content only
    assert 2 * max(hints) + gap > width  # ... but not for 2 equal ones
    choices.resize(width, choices.heightForWidth(width))
    QApplication.processEvents()
    assert len({b.y() for b in buttons}) == 2
    assert all(b.width() >= hint for b, hint in zip(buttons, hints, strict=True))
    assert buttons[0].x() == buttons[2].x()  # still a grid: the columns line up
    assert buttons[1].geometry().right() <= width


def test_wrap_grid_layout_follows_changed_and_hidden_items(qtbot):
    """The layout keeps its cell size until Qt invalidates it: a longer text or a hidden
    button must still re-arrange the buttons."""
    from oxytimer.ui.widgets import ChoiceButtons

    choices = ChoiceButtons([(v, v.title()) for v in ("a", "b", "c", "d")], wrap=True)
    qtbot.addWidget(choices)
    choices.show()
    layout = choices.layout()
    width = layout.sizeHint().width()  # one row of four
    choices.buttons["a"].setText("A much, much longer caregiver label")
    QApplication.processEvents()
    assert layout.sizeHint().width() > width + 100
    choices.buttons["a"].hide()  # the long one: the cell shrinks back
    QApplication.processEvents()
    assert layout.sizeHint().width() < width  # three short buttons: less than four were


# --- text cut off at 1280×800 (the README's screenshots), in both languages -------------
LAPTOP = QSize(1280, 800)


@pytest.fixture(params=["en", "id"])
def laptop_window(
    request, qtbot, repo, protocol, instrument, clock, settings
) -> Iterator[MainWindow]:
    lang = request.param
    app = QApplication.instance()
    install_translators(app, lang)
    settings.language = lang
    app.setStyleSheet(stylesheet("light", 14))
    site = repo.site_id("AMP")
    for n in range(1, 4):
        repo.add_mother(
            site,
            f"AMP-{n:05d}",
            occupation="self_employed",
            parity="multipara",
            delivery_type="caesarean",
        )
    # The longest status: closed and locked.
    repo.close_follow_up(repo.add_mother(site, "AMP-00004"), "Follow-up completed")
    window = MainWindow(repo, DataFiles(protocol, instrument), clock, settings)
    qtbot.addWidget(window)
    window.resize(LAPTOP)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()
    app.setStyleSheet("")
    install_translators(app, "en")


def test_today_states_are_whole_at_1280x800(qtbot, laptop_window):
    from oxytimer.domain.schedule import SlotState
    from oxytimer.ui.today_view import TodayModel, state_text

    window = laptop_window
    today = window.registry_tabs.today_view
    window.tabs.setCurrentWidget(today)
    wait_loaded(qtbot, today)
    QApplication.processEvents()
    assert window.size() == LAPTOP
    table = today.table
    metrics = QFontMetrics(table.font())
    margins = 2 * (table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1) + 2
    assert table.font().pointSize() >= 20  # still read from across the room
    # Every state a cell can show (not only today's), so that none is cut later in the day.
    for column in TodayModel.SLOT_COLUMNS:
        width = table.columnWidth(column)
        for state in SlotState:
            text = state_text(state.value)
            assert metrics.horizontalAdvance(text) + margins <= width, (text, width)
    shown = [today.model.index(r, 2).data() for r in range(today.model.rowCount())]
    assert shown
    assert all(metrics.horizontalAdvance(t) + margins <= table.columnWidth(2) for t in shown)
    # Each row one line tall: nothing wrapped.
    assert all(table.rowHeight(r) == table.verticalHeader().defaultSectionSize() for r in range(3))
    # The columns fill the table and none goes past its edge.
    right = table.columnViewportPosition(3) + table.columnWidth(3)
    assert right <= table.viewport().width()


def test_today_is_loading_until_its_columns_are_fitted_to_the_rows(qtbot, laptop_window):
    """Rows arrive, then the columns are fitted to them (on the next round of events): a
    test that checked the columns once the rows were read raced with the fitting."""
    window = laptop_window
    today = window.registry_tabs.today_view
    window.tabs.setCurrentWidget(today)
    wait_loaded(qtbot, today)
    assert not today.model.loading
    today._fit_site_column_later()  # as when a page of rows has just arrived
    assert today.loading
    wait_loaded(qtbot, today)
    assert not today.loading


def test_registry_columns_are_inside_the_table_at_1280x800(qtbot, laptop_window):
    window = laptop_window
    registry = window.registry_tabs.registry_view
    window.tabs.setCurrentWidget(registry)
    wait_loaded(qtbot, registry)
    QApplication.processEvents()
    registry.table.fit_columns()
    QApplication.processEvents()
    table = registry.table
    last = table.model().columnCount() - 1
    right = table.columnViewportPosition(last) + table.columnWidth(last)
    assert table.columnViewportPosition(0) == 0
    assert right <= table.viewport().width(), (right, table.viewport().width())
    assert table.horizontalScrollBar().maximum() == 0
    metrics = QFontMetrics(table.font())
    for column in range(last + 1):  # and no column is squeezed below its text
        texts = [table.model().index(r, column).data() for r in range(table.model().rowCount())]
        needed = max(metrics.horizontalAdvance(t) for t in texts)
        assert needed < table.columnWidth(column), (texts, table.columnWidth(column))
    # The enrolment form (in the list's place) needs no sideways scrolling.
    registry.start_enrolment()
    QApplication.processEvents()
    assert registry.form.width() >= registry.form.minimumSizeHint().width()


def test_history_details_are_whole_at_1280x800(laptop_window, qtbot):
    window = laptop_window
    history = window.registry_tabs.history_view
    window.tabs.setCurrentWidget(history)
    # the mothers are read on a worker thread, then the first one's details are shown
    qtbot.waitUntil(lambda: history.details_model.rowCount() > 0, timeout=20_000)
    QApplication.processEvents()
    table = history.details_table
    model = history.details_model
    metrics = QFontMetrics(table.font())
    rows = {model.record(r).field: r for r in range(model.rowCount())}
    width = table.columnWidth(1)
    margins = 2 * (table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1) + 2
    for field in ("study_code", "occupation"):  # "Self-employed" was "Self-…"
        text = model.index(rows[field], 1).data()
        assert metrics.horizontalAdvance(text) + margins <= width, (text, width)
    # A value too long for one line wraps (its row grows) rather than being cut; its
    # tooltip has it whole.
    for field, row in rows.items():
        text = model.index(row, 1).data()
        wrapped = metrics.boundingRect(
            QRect(0, 0, width - margins, 10_000), Qt.TextFlag.TextWordWrap, text
        )
        assert wrapped.height() <= table.rowHeight(row), (field, text, table.rowHeight(row))
        assert model.index(row, 1).data(Qt.ItemDataRole.ToolTipRole) == text


@pytest.fixture(params=["en", "id"])
def summary_window(
    request, qtbot, repo, protocol, instrument, clock, settings
) -> Iterator[MainWindow]:
    from oxytimer.storage.demo import fill_demo

    lang = request.param
    app = QApplication.instance()
    install_translators(app, lang)
    settings.language = lang
    app.setStyleSheet(stylesheet("light", 14))
    fill_demo(repo, mothers=30, seed=2)  # ties, so that every Ranks cell has a figure
    window = MainWindow(repo, DataFiles(protocol, instrument), clock, settings)
    qtbot.addWidget(window)
    window.resize(LAPTOP)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.summary_tab.view.wait()
    window.close()
    app.setStyleSheet("")
    install_translators(app, "en")


def test_summary_test_tables_are_whole_at_1280x800(qtbot, summary_window):
    window = summary_window
    view = window.summary_tab.view  # built now, so that its signal can be awaited
    with qtbot.waitSignal(view.summary_updated, timeout=20_000):
        window.tabs.setCurrentWidget(window.summary_tab)  # shown: recomputes in a thread
    QApplication.processEvents()
    assert window.size() == LAPTOP
    page = view.pages.currentWidget()  # the "Test" page: Ranks and Test Statistics
    # The Summary needs no sideways scrolling, and its pages do not scroll on their own.
    assert view.scroll_area.horizontalScrollBar().maximum() == 0
    for name in ("ranks", "test_statistics"):
        model = view.models[name]
        table = next(t for t in page.findChildren(QTableView) if t.model() is model)
        assert table.isVisible()
        last = model.columnCount() - 1
        right = table.columnViewportPosition(last) + table.columnWidth(last)
        assert table.columnViewportPosition(0) == 0
        assert right <= table.viewport().width(), (name, right, table.viewport().width())
        assert table.horizontalScrollBar().maximum() == 0
        # Every column as wide as its header and its cells need (nothing elided) ...
        header = table.horizontalHeader()
        for column in range(last + 1):
            width = table.columnWidth(column)
            assert header.sectionSizeFromContents(column).width() <= width, (name, column)
            assert table.sizeHintForColumn(column) <= width or column == 0, (name, column)
        # ... and every row as tall as its (wrapped) texts.
        for row in range(model.rowCount()):
            assert table.sizeHintForRow(row) <= table.rowHeight(row), (name, row)
        # The table is whole inside its page, left to right.
        left = table.mapTo(page, QPoint(0, 0)).x()
        assert left >= 0 and left + table.width() <= page.width(), name
    ranks = view.models["ranks"]
    assert ranks.cell(1, 2) and ranks.cell(1, 2) != "—"  # a mean rank is shown
    # The pairing combo shows its text whole.
    combo = view.pairing_combo
    assert combo.fontMetrics().horizontalAdvance(combo.currentText()) < combo.width() - 40
