"""Screens speak people's words (issue 13, item 4), in English and Indonesian.

History: field names in the interface language (never ``started_at``), local dates and
times (never ISO), lengths as m:ss (never "179.017"), and its Old/New/Reason columns on
screen at 1024×600. Every table shows the puskesmas by name, its code in the tooltip.
"""

import re

import pytest

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication

from oxytimer.app import install_translators
from oxytimer.domain.data_files import DataFiles
from oxytimer.ui.main_window import MainWindow
from oxytimer.ui.screen_fit import simulate_screen

from .loading import wait_loaded
from .test_registry import enrol_directly, give_session, open_history

ISO = re.compile(r"\d{4}-\d{2}-\d{2}(T|\s)\d{2}:\d{2}")
WORDS = {
    "en": {
        "started": "Started",
        "massage": "Massage time",
        "ended": "Ended",
        "old": "Old",
        "new": "New",
        "reason": "Reason",
        "site": "Mataram",
        "site_tip": "Puskesmas Mataram (MTR)",
    },
    "id": {
        "started": "Mulai",
        "massage": "Lama pijat",
        "ended": "Berakhir",
        "old": "Lama",
        "new": "Baru",
        "reason": "Alasan",
        "site": "Mataram",
        "site_tip": "Puskesmas Mataram (MTR)",
    },
}


@pytest.fixture(params=["en", "id"])
def lang(request, qapp, settings):
    install_translators(qapp, request.param)
    settings.language = request.param
    yield request.param
    install_translators(qapp, "en")


@pytest.fixture
def window(qtbot, repo, protocol, instrument, clock, settings, lang):
    repo.ensure_sites([("MTR", "Puskesmas Mataram")])
    w = MainWindow(repo, DataFiles(protocol, instrument), clock, settings)
    qtbot.addWidget(w)
    w.show()
    return w


def a_session_of_179_seconds(repo, instrument, clock):
    mother_id = enrol_directly(repo)
    session_id = give_session(repo, mother_id, instrument)
    clock.advance(60)
    repo.correct_session(session_id, "massage_seconds", 179.017, "timer read wrongly")
    return mother_id, session_id


def shown(history, column):
    model = history.history_model
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_history_names_fields_and_shows_local_times_and_lengths(
    qtbot, window, repo, instrument, clock, lang
):
    mother_id, _ = a_session_of_179_seconds(repo, instrument, clock)
    history = open_history(qtbot, window.registry_tabs, mother_id)
    words = WORDS[lang]

    history.select_session_value(0, "started_at")
    assert shown(history, 3) == [words["started"]]  # not "started_at"
    (when,) = shown(history, 5)
    assert when == "03/03/2026 07:00"  # local (Mataram), not 2026-03-02T23:00:00.000+00:00

    history.select_session_value(0, "massage_seconds")
    assert set(shown(history, 3)) == {words["massage"]}
    assert shown(history, 4)[0] == "4:00" and shown(history, 5)[0] == "2:59"  # not 179.017
    assert history.sessions_model.index(0, 5).data() == "2:59"

    history.sessions_table.clearSelection()
    history.current = None
    history._show_history()  # every change to her records
    model = history.history_model
    cells = [
        model.index(row, column).data()
        for row in range(model.rowCount())
        for column in range(model.columnCount())
    ]
    assert cells and not any(ISO.search(c) for c in cells)
    fields = set(shown(history, 3))
    assert words["ended"] in fields
    assert not any("_" in f for f in fields), fields  # no stored field names
    assert not any(re.fullmatch(r"\d+\.\d+", c) for c in cells)  # no raw seconds


def test_history_correction_of_a_length_is_typed_as_minutes_and_seconds(
    qtbot, window, repo, instrument, clock, lang
):
    mother_id, session_id = a_session_of_179_seconds(repo, instrument, clock)
    history = open_history(qtbot, window.registry_tabs, mother_id)
    history.select_session_value(0, "massage_seconds")
    qtbot.mouseClick(history.correct_button, Qt.MouseButton.LeftButton)
    dialog = history.dialog
    assert dialog.editor.text() == "2:59"
    dialog.editor.setText("3:30")
    dialog.reason_edit.setText("checked the watch")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert repo.session(session_id).massage_seconds == 210


def test_history_old_new_and_reason_are_on_screen_at_1024x600(
    qtbot, window, repo, instrument, clock, lang
):
    mother_id, _ = a_session_of_179_seconds(repo, instrument, clock)
    simulate_screen(QRect(0, 0, 1024, 600))
    try:
        window.resize(1024, 600)
        history = open_history(qtbot, window.registry_tabs, mother_id)
        history.select_session_value(0, "massage_seconds")
        QApplication.processEvents()
        table = history.history_table
        header = table.horizontalHeader()
        model = history.history_model
        names = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4, 7)]
        assert names == [WORDS[lang][k] for k in ("old", "new", "reason")]
        for column in range(model.columnCount()):
            right = header.sectionViewportPosition(column) + header.sectionSize(column)
            assert header.sectionViewportPosition(column) >= 0
            assert right <= table.viewport().width(), model.headerData(
                column, Qt.Orientation.Horizontal
            )
        assert not table.horizontalScrollBar().isVisible()
    finally:
        simulate_screen(None)


def test_tables_show_the_puskesmas_by_name_with_its_code_in_the_tooltip(
    qtbot, window, repo, instrument, lang
):
    mother_id = enrol_directly(repo)
    tabs = window.registry_tabs
    registry = tabs.registry_view
    registry.refresh()
    wait_loaded(qtbot, registry)
    words = WORDS[lang]
    tip = Qt.ItemDataRole.ToolTipRole
    assert registry.model.index(0, 1).data() == words["site"]
    assert registry.model.index(0, 1).data(tip) == words["site_tip"]

    today = tabs.today_view
    today.refresh()
    wait_loaded(qtbot, today)
    assert today.model.index(0, 1).data() == words["site"]
    assert today.model.index(0, 1).data(tip) == words["site_tip"]

    start = window.session_screen.start_page
    window.session_screen.refresh()
    assert start.mothers_model.index(0, 1).data() == words["site"]
    assert start.mothers_model.index(0, 1).data(tip) == words["site_tip"]

    history = open_history(qtbot, tabs, mother_id)
    assert "(Mataram)" in history.mother_combo.currentText()
    details = {r.field: r.text for r in history.details_model.records()}
    assert details["site"] == words["site_tip"]


SPSS_TERMS = re.compile(r"Rank|Ties|Asymp|Sig\.|Test Statistics|Mean\b|Sum of")


def test_the_summary_tables_are_indonesian_with_spss_terms_in_brackets(
    qtbot, qapp, repo, instrument, protocol, clock
):
    from oxytimer.storage.demo import fill_demo
    from oxytimer.ui.summary_view import SummaryView

    fill_demo(repo, mothers=24, seed=2)
    install_translators(qapp, "id")
    try:
        view = SummaryView(repo, instrument, protocol, clock, "id")
        qtbot.addWidget(view)
        view.show()
        with qtbot.waitSignal(view.summary_updated, timeout=20_000):
            view.refresh()
        view.wait()
    finally:
        install_translators(qapp, "en")
    texts = [view.status_label.text(), view.sentence_label.text(), view.warnings_label.text()]
    for name, model in view.models.items():
        texts += [view.captions[name].text(), *model.headers()]
        texts += [row[0] for row in model.rows()]
    texts = [t for t in texts if t]
    outside_brackets = [re.sub(r"\([^()]*\)", "", t) for t in texts]
    assert not [t for t in outside_brackets if SPSS_TERMS.search(t)]
    ranks = view.models["ranks"].rows()
    assert ranks[0][0] == "Peringkat negatif: sesudah < sebelum (Negative Ranks)"
    assert ranks[2][0] == "Sama: sesudah = sebelum (Ties)"
    assert view.models["ranks"].headers()[2] == "Rata-rata peringkat (Mean Rank)"
    # Never "pasangan" (read as couples); "berpasangan" (paired) is the statistical term.
    texts += [plot.getPlotItem().getAxis("left").labelText for plot in view.plots.values()]
    assert not [t for t in texts if re.search(r"\bpasangan\b", t, re.IGNORECASE)]
    hl = view.summary.analysis.hodges_lehmann
    if hl.ci_low is not None and hl.ci_high is not None:  # "3,000 sampai 4,000"
        interval = [row[1] for row in view.models["r_numbers"].rows() if "%" in row[0]]
        assert interval and " sampai " in interval[0]
    n = view.summary.analysis.n_pairs
    assert view.status_label.text() == f"{n} ibu dengan skor sebelum dan sesudah"


def test_history_shows_a_score_without_a_category_in_words(qtbot, window, repo, instrument, lang):
    """The session check (no bands) and the full checklist (with one) in the Before and
    After columns: never "0 ()"."""
    check = instrument.session_check()
    mother_id = enrol_directly(repo)
    session_id = repo.start_session(
        mother_id=mother_id,
        caregiver="husband",
        planned_seconds=240,
        pre_total=0,
        pre_items={item.id: False for item in check.items},
        pre_category=None,
        min_total=0,
        max_total=check.max_total,
        protocol_version="1.0.0",
        instrument_version=instrument.version,
        slot="morning",
        design="session_check",
    )
    repo.update_session_progress(
        session_id, status="awaiting_post", massage_seconds=240, paused_seconds=0, pause_count=0
    )
    repo.record_post_score(
        session_id,
        total=5,
        items=None,
        category="cukup",
        min_total=0,
        max_total=instrument.max_total,
        instrument_version=instrument.version,
    )
    history = open_history(qtbot, window.registry_tabs, mother_id)
    model = history.sessions_model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    before = model.index(0, headers.index({"en": "Before", "id": "Sebelum"}[lang])).data()
    after = model.index(0, headers.index({"en": "After", "id": "Sesudah"}[lang])).data()
    assert "()" not in before and "()" not in after
    of = {"en": "of", "id": "dari"}[lang]
    assert before == f"0 {of} {check.max_total}", before
    assert after == f"5 ({instrument.category_by_id('cukup').label.get(lang)})", after
