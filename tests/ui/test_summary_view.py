"""The Summary tab on a demo database: filters, tables, worker thread, PDF and CSV."""

from __future__ import annotations

import contextlib
import os
import resource
import signal

import pytest

from PySide6.QtWidgets import QMessageBox

from oxytimer.domain.data_files import DataFiles
from oxytimer.domain.pairs_csv import read_pairs_csv
from oxytimer.storage.demo import fill_demo
from oxytimer.ui.summary_report import report_html
from oxytimer.ui.summary_view import SummaryView

WAIT_MS = 20_000


@pytest.fixture
def demo_repo(repo):
    fill_demo(repo, mothers=48, seed=2)
    return repo


@pytest.fixture
def view(qtbot, demo_repo, instrument, protocol, clock, settings):
    v = SummaryView(demo_repo, instrument, protocol, clock, "en")
    qtbot.addWidget(v)
    v.resize(1200, 760)
    v.show()
    with qtbot.waitSignal(v.summary_updated, timeout=WAIT_MS):
        v.refresh()
    yield v
    v.wait()


def column(model, name):
    return model.headers().index(name)


def test_tables_show_the_summary(view, qtmodeltester):
    s = view.summary
    assert s is not None and s.analysis.n_pairs > 30
    for model in view.models.values():
        qtmodeltester.check(model)
    desc = view.models["descriptives"]
    assert [r[0] for r in desc.rows()] == ["Before", "After", "Difference (after − before)"]
    assert desc.cell(0, 1) == str(s.analysis.n_pairs)
    ranks = view.models["ranks"]
    assert ranks.cell(3, 1) == str(s.analysis.n_pairs)  # Total
    cats = view.models["categories"]
    assert [r[0] for r in cats.rows()] == [
        "Insufficient (Kurang)",
        "Sufficient (Cukup)",
        "Plentiful (Banyak)",
        "Total",
    ]
    assert int(cats.cell(0, 1)) > int(cats.cell(1, 1))  # mostly Kurang before
    assert int(cats.cell(1, 3)) > int(cats.cell(0, 3))  # mostly Cukup after
    cross = view.models["crosstab"]
    assert sum(int(r[-1]) for r in cross.rows()) == s.analysis.n_pairs
    groups = [r[1] for r in view.models["characteristics"].rows()]
    assert {"< 20", "20–35", "> 35", "Not working", "Husband"} <= set(groups)
    r_rows = {r[0]: r[1] for r in view.models["r_numbers"].rows()}
    assert any(k.startswith("Effect size r") and f"N = {s.analysis.n_pairs}" in k for k in r_rows)
    assert "p < .001" in view.sentence_label.text()
    assert ".000" not in view.models["test_statistics"].cell(1, 1)
    assert any("Adherence" in r[0] for r in view.models["dose"].rows())
    excluded = {r[0] for r in view.models["excluded"].rows()}
    assert "Screened out (mothers)" in excluded or "Aborted sessions" in excluded
    assert view.status_label.text().endswith("pairs (mothers)")


def test_filters_update_the_tables(qtbot, view):
    # Baseline against end assessment: an end assessment follows the last planned session,
    # so every mother paired completed her follow-up; the filters are tried on sessions.
    assert view.summary.filters["design"] == "assessments"
    view.design = "session_check"
    with qtbot.waitSignal(view.summary_updated, timeout=WAIT_MS):
        view.refresh()
    everything = view.summary.analysis.n_pairs
    with qtbot.waitSignal(view.summary_updated, timeout=WAIT_MS):
        view.completed_check.setChecked(True)
    closed = view.summary.analysis.n_pairs
    assert 0 < closed < everything
    assert view.summary.filters["completed_follow_up_only"] is True
    assert view.models["descriptives"].cell(0, 1) == str(closed)

    index = view.site_combo.findData("AMP")
    with qtbot.waitSignal(view.summary_updated, timeout=WAIT_MS):
        view.site_combo.setCurrentIndex(index)
    assert view.summary.filters["sites"] == ["AMP"]
    sites = [r for r in view.models["characteristics"].rows() if r[0] == "Site" or "AMP" in r[1]]
    assert sites and all(r[1] == "Ampenan (AMP)" for r in sites)  # by name, and its code

    with qtbot.waitSignal(view.summary_updated, timeout=WAIT_MS):
        view.site_combo.setCurrentIndex(0)
    with qtbot.waitSignal(view.summary_updated, timeout=WAIT_MS):
        view.pairing_combo.setCurrentIndex(view.pairing_combo.findData("sessions"))
    assert view.summary.not_independent
    assert "not independent" in view.warnings_label.text()
    assert view.status_label.text().endswith("pairs (sessions)")


def test_only_the_latest_request_is_shown(qtbot, view):
    view.completed_check.setChecked(True)
    with qtbot.waitSignal(view.summary_updated, timeout=WAIT_MS) as blocker:
        view.completed_check.setChecked(False)  # supersedes the first request
    assert blocker.args[0].filters["completed_follow_up_only"] is False
    view.wait()
    assert view.summary.filters["completed_follow_up_only"] is False


def test_pdf_and_csv_exports(view, tmp_path):
    pdf = tmp_path / "report.pdf"
    pages = view.export_pdf(pdf)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert pages >= 2 and data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") >= 1
    assert len(data) > 20_000  # the plots are in it
    csv_path = tmp_path / "pairs.csv"
    view.export_csv(csv_path)
    table = read_pairs_csv(csv_path)
    assert len(table) == view.summary.analysis.n_pairs


def test_indonesian_sentence(qtbot, demo_repo, instrument, protocol, clock, settings):
    v = SummaryView(demo_repo, instrument, protocol, clock, "id")
    qtbot.addWidget(v)
    with qtbot.waitSignal(v.summary_updated, timeout=WAIT_MS):
        v.refresh()
    assert "p < 0,001" in v.sentence_label.text()
    v.wait()


def test_main_window_builds_the_tab_lazily(qtbot, demo_repo, instrument, protocol, clock, settings):
    from oxytimer.ui.main_window import MainWindow

    window = MainWindow(demo_repo, DataFiles(protocol, instrument), clock, settings)
    qtbot.addWidget(window)
    window.show()
    assert window.summary_tab._view is None
    with qtbot.waitSignal(window.summary_tab.view.summary_updated, timeout=WAIT_MS):
        window.tabs.setCurrentWidget(window.summary_tab)
    assert window.tabs.tabText(window.tabs.indexOf(window.summary_tab)) == "Summary"
    window.summary_tab.view.wait()


def scored_on_another_instrument(repo):
    """A mother assessed (baseline and end) on a version 2.0.0 checklist with totals 0-10."""
    mother = repo.add_mother(repo.site_id("AMP"), "AMP-V2-01")
    at = "2026-03-02T00:00:00.000+00:00"
    repo.insert_many(
        "assessments",
        [
            {
                "id": f"assessment-v2-{kind}",
                "mother_id": mother,
                "kind": kind,
                "instrument_version": "2.0.0",
                "total": total,
                "min_total": 0,
                "max_total": 10,
                "category": None,
                "recorded_at": at,
                "source": "demo",
                "operator": "test",
            }
            for kind, total in (("baseline", 2), ("end", 9))
        ],
        stamp="recorded_at",
    )


def test_mixed_instruments_are_warned_and_can_be_filtered(
    qtbot, demo_repo, instrument, protocol, clock, settings
):
    scored_on_another_instrument(demo_repo)
    v = SummaryView(demo_repo, instrument, protocol, clock, "en")
    qtbot.addWidget(v)
    v.resize(1200, 760)
    v.show()
    with qtbot.waitSignal(v.summary_updated, timeout=WAIT_MS):
        v.refresh()
    assert v.summary.warnings == ("mixed_instrument_versions", "mixed_score_ranges")
    lines = v.warnings_label.text().splitlines()
    assert lines[0].startswith("⚠ The scores analysed come from more than one version")
    assert lines[1].startswith("⚠ The scores analysed have different ranges")
    assert v.warnings_label.isVisibleTo(v)
    html = report_html(v)
    assert "more than one version of the milk-expression checklist" in html
    assert "Instrument versions" in html
    assert [v.instrument_combo.itemData(i) for i in range(v.instrument_combo.count())] == [
        None,
        instrument.version,
        "2.0.0",
    ]
    with qtbot.waitSignal(v.summary_updated, timeout=WAIT_MS):
        v.instrument_combo.setCurrentIndex(v.instrument_combo.findData(instrument.version))
    assert v.summary.filters["instrument_versions"] == [instrument.version]
    assert v.summary.warnings == ()
    assert "more than one version" not in v.warnings_label.text()
    assert "AMP-V2-01" not in v.summary.units
    v.wait()


def test_unfinished_baselines_are_shown_apart_from_the_left_out(qtbot, view):
    view.design = "session_check"  # sessions: the session checks (secondary outcome)
    with qtbot.waitSignal(view.summary_updated, timeout=WAIT_MS):
        view.refresh()
    s = view.summary
    assert s.rule == "first-last" and s.baseline_from_unfinished > 0
    rows = {r[0]: r[1] for r in view.models["excluded"].rows()}
    label = "Not left out: unfinished sessions whose pre-score is the baseline"
    assert rows[label] == str(s.baseline_from_unfinished)


def test_an_analysis_whose_filters_changed_stops_and_is_never_shown(
    qtbot, tmp_path, instrument, protocol, clock, settings, monkeypatch
):
    import oxytimer.ui.summary_view as module
    from oxytimer.storage.repository import Repository

    repo = Repository.open(tmp_path / "oxy.sqlite", clock)
    fill_demo(repo, mothers=60, seed=4)
    view = SummaryView(repo, instrument, protocol, clock, "en")
    qtbot.addWidget(view)
    asked = []
    original = module.summarise_in_process

    def watched(*args, cancelled, **kwargs):
        asked.append(cancelled)
        return original(*args, cancelled=cancelled, **kwargs)

    monkeypatch.setattr(module, "summarise_in_process", watched)
    view.refresh()
    view.stop()  # a newer request (or closing): the first one is stale now
    qtbot.wait(50)  # let a queued result (if any) arrive: it must be dropped
    assert len(asked) == 1 and asked[0]()  # its queries are told to stop
    assert view.summary is None
    repo.close()


def test_a_stopped_analysis_raises_and_reads_nothing_more(tmp_path, clock):
    from oxytimer.storage.repository import Repository, StorageError
    from oxytimer.storage.summary import summarise_path

    repo = Repository.open(tmp_path / "oxy.sqlite", clock)
    fill_demo(repo, mothers=30, seed=4)
    repo.close()
    with pytest.raises(StorageError):
        summarise_path(str(tmp_path / "oxy.sqlite"), cancelled=lambda: True)
    assert summarise_path(str(tmp_path / "oxy.sqlite"), cancelled=lambda: False).units


def test_an_interval_at_the_achieved_level_is_labelled_with_it(view):
    # Issue 14: d = 1..5 cannot reach 95 %; R's interval [1, 5] is shown at its 93.75 %.
    from oxytimer.domain.pairs_csv import PairsTable
    from oxytimer.domain.summary import summarise_pairs_table

    table = PairsTable(("A", "B", "C", "D", "E"), (0.0,) * 5, (1.0, 2.0, 3.0, 4.0, 5.0))
    view.tables.show_tests(summarise_pairs_table(table))
    rows = {r[0]: r[1] for r in view.models["r_numbers"].rows()}
    assert rows["93.75 % confidence interval"] == "1.000 to 5.000"
    assert not any(label.startswith("95 % confidence") for label in rows)
    assert rows["R's V (sum of positive ranks)"] == "15"


def test_the_slope_plot_draws_the_most_frequent_pairs_first_as_counted_one_by_one():
    # The pairs are counted with NumPy (100,000 Python tuples held the window still); the
    # same pairs and order as counting them one by one, ties in order of appearance.
    import random
    from collections import Counter
    from types import SimpleNamespace

    from oxytimer.ui.summary_plots import most_common_pairs

    rng = random.Random(3)
    for n in (0, 1, 50, 5000):
        pre = [rng.choice([None, 0.0, 1.0, 2.0, 3.5]) for _ in range(n)]
        post = [rng.choice([None, 0.0, 1.0, 4.0, 8.0]) for _ in range(n)]
        counted = Counter(
            (p, q) for p, q in zip(pre, post, strict=True) if p is not None and q is not None
        )
        summary = SimpleNamespace(pre=tuple(pre), post=tuple(post))
        assert most_common_pairs(summary, 7) == counted.most_common(7)


@contextlib.contextmanager
def disk_fills_up_after(size: int):
    """Writes past ``size`` bytes of any file fail as on a full disk (EFBIG, the
    process's file size limit: no mount needed), until the block ends."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)


def test_a_report_that_does_not_fit_on_the_disk_is_not_saved(view, tmp_path, monkeypatch):
    """Qt's PDF writer says nothing when the disk fills up: the report would have been
    "saved", cut off, over the older one. It is checked, and the older one is kept."""
    out = tmp_path / "reports"
    out.mkdir()
    pdf = out / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4 an older report\n%%EOF\n")
    pairs = out / "pairs.csv"
    pairs.write_text("older pairs\n")
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warned.append(a[2]))
    with disk_fills_up_after(20_000):
        assert not view.exports._export(lambda: view.export_pdf(pdf))
    with disk_fills_up_after(100):
        assert not view.exports._export(lambda: view.export_csv(pairs))
    assert warned[0].startswith("The file could not be written: ")
    assert "the file is incomplete (is the disk full?)" in warned[0]
    assert pdf.read_bytes() == b"%PDF-1.4 an older report\n%%EOF\n"
    assert pairs.read_text() == "older pairs\n"
    assert sorted(os.listdir(out)) == ["pairs.csv", "report.pdf"]  # no temp file left
