"""Issue 12: the study's two measurements, and data collected before them."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest

from oxytimer.domain.clock import FakeClock
from oxytimer.domain.instrument import load_instrument
from oxytimer.domain.records import InputError
from oxytimer.domain.schedule import BASELINE, END, assessment_due
from oxytimer.storage.analysis import AnalysisFilter
from oxytimer.storage.assessments import assessment_state, record_assessment
from oxytimer.storage.database import import_sqlite_utils
from oxytimer.storage.repository import Repository
from oxytimer.storage.summary import summarise_database

NOW = datetime(2026, 3, 2, 23, 0, tzinfo=UTC)
TABLES = ("sites", "mothers", "sessions", "scores", "score_items", "audit_log")


def old_database(path, mothers=6):
    """A database as oxytimer wrote it before issue 12 (and the audit chain): migrations
    0001–0004 only, the whole checklist before and after every session."""
    import_sqlite_utils()
    import sqlite_utils

    from oxytimer.storage.migrations import migrations

    migrations.apply(sqlite_utils.Database(path), stop_before="0005_audit_chain")
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO sites VALUES ('s1', 'AMP', 'Puskesmas Ampenan', '2026-03-01T00:00:00Z')"
    )
    for n in range(mothers):
        conn.execute(
            "INSERT INTO mothers (id, site_id, study_code, enrolled_at) VALUES (?, 's1', ?, ?)",
            [f"m{n}", f"AMP-{n:03d}", "2026-03-01T00:00:00Z"],
        )
        conn.execute(
            "INSERT INTO sessions (id, mother_id, caregiver, planned_seconds, protocol_version,"
            " instrument_version, status, started_at, massage_seconds) VALUES"
            " (?, ?, 'husband', 240, '1.0.0', '1.0.0', 'completed', ?, 240)",
            [f"x{n}", f"m{n}", "2026-03-01T23:00:00Z"],
        )
        for kind, total in (("pre", n % 3), ("post", 3 + n % 3)):
            conn.execute(
                "INSERT INTO scores (id, session_id, kind, instrument_version, total,"
                " min_total, max_total, category, recorded_at) VALUES"
                " (?, ?, ?, '1.0.0', ?, 0, 8, ?, '2026-03-01T23:05:00Z')",
                [f"{kind}{n}", f"x{n}", kind, total, "kurang" if total < 3 else "cukup"],
            )
    conn.commit()
    conn.close()


def counts(path):
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        conn.close()


def test_a_database_made_before_opens_keeps_every_record_and_its_design(tmp_path):
    path = tmp_path / "old.sqlite"
    old_database(path)
    before = counts(path)
    repo = Repository.open(path, FakeClock(NOW))
    try:
        after = counts(path)
        assert {t: after[t] for t in TABLES if t != "audit_log"} == {
            t: before[t] for t in TABLES if t != "audit_log"
        }
        sessions = repo.sessions_for_mother("m0")
        assert [(s.design, s.protocol_version) for s in sessions] == [("full_checklist", "1.0.0")]
        # Analysed under the design it was collected under, and the summary says so.
        summary = summarise_database(repo)
        assert summary.filters["design"] == "full_checklist"
        assert summary.warnings[0] == "design_full_checklist"
        assert summary.analysis.n_pairs == 6
        assert summary.analysis.pre.mean == pytest.approx(1.0)
        assert summary.analysis.post.mean == pytest.approx(4.0)
    finally:
        repo.close()


def test_baseline_and_end_are_paired_and_designs_never_pooled(tmp_path):
    path = tmp_path / "mixed.sqlite"
    old_database(path, mothers=3)
    repo = Repository.open(path, FakeClock(NOW))
    instrument = load_instrument()
    try:
        site = repo.site_id("AMP")
        for n, (base, end) in enumerate([(0, 4), (1, 5), (2, 6), (1, None)]):
            mother = repo.add_mother(site, f"NEW-{n}")
            for kind, total in (("baseline", base), ("end", end)):
                if total is None:
                    continue
                score = instrument.score({i.id: k < total for k, i in enumerate(instrument.items)})
                record_assessment(
                    repo,
                    mother,
                    kind,
                    total=score.total,
                    items=score.answers,
                    category=score.category,
                    min_total=0,
                    max_total=8,
                    instrument_version=instrument.version,
                    instrument=instrument,
                )
        summary = summarise_database(repo)
        assert summary.filters["design"] == "assessments"
        assert summary.analysis.n_pairs == 3  # the fourth has no end assessment yet
        assert summary.pre == (0.0, 1.0, 2.0) and summary.post == (4.0, 5.0, 6.0)
        assert "mixed_designs" in summary.warnings  # the old sessions: not pooled
        old = summarise_database(repo, AnalysisFilter(design="full_checklist"))
        assert old.analysis.n_pairs == 3 and "mixed_designs" in old.warnings
        # A second baseline is refused; nothing written.
        with pytest.raises(InputError):
            record_assessment(
                repo,
                mother,
                "baseline",
                total=0,
                items=None,
                category="kurang",
                min_total=0,
                max_total=8,
                instrument_version=instrument.version,
            )
    finally:
        repo.close()


def test_the_schedule_knows_when_an_assessment_is_due(tmp_path):
    assert assessment_due(False, False, 0, 6) == BASELINE
    assert assessment_due(True, False, 5, 6) is None
    assert assessment_due(True, False, 6, 6) == END
    assert assessment_due(True, True, 6, 6) is None
    assert assessment_due(False, False, 3, 6, earlier_design=True) is None
    repo = Repository.memory(FakeClock(NOW))
    repo.ensure_sites([("AMP", "Puskesmas Ampenan")])
    mother = repo.add_mother(repo.site_id("AMP"), "MTR-001")
    state = assessment_state(repo, mother)
    assert (state.has_baseline, state.has_end, state.sessions_given) == (False, False, 0)
    repo.close()
