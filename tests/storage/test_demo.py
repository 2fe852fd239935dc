"""The demo data: written through the repository, with audit rows, in the study's shape."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import pytest

from oxytimer.domain.clock import FakeClock
from oxytimer.storage.analysis import AnalysisFilter, mothers_for_analysis
from oxytimer.storage.demo import DemoError, fill_demo
from oxytimer.storage.repository import Repository
from oxytimer.storage.summary import summarise_database

NOW = datetime(2026, 3, 2, 23, 0, tzinfo=UTC)


def make(tmp_path, name, **kwargs):
    repo = Repository.open(tmp_path / name, FakeClock(NOW))
    report = fill_demo(repo, seed=7, **kwargs)
    return repo, report


def counts(repo, sql):
    return dict(repo.db.execute(sql).fetchall())


def test_per_record_and_bulk_paths_write_the_same_records(tmp_path):
    a, ra = make(tmp_path, "a.sqlite", mothers=90)
    b, rb = make(tmp_path, "b.sqlite", mothers=90, bulk=True)
    assert (ra.mothers, ra.screened_out, ra.sessions) == (rb.mothers, rb.screened_out, rb.sessions)
    for sql in (
        "SELECT status, count(*) FROM mothers GROUP BY 1",
        "SELECT status, count(*) FROM sessions GROUP BY 1",
        "SELECT category, count(*) FROM scores GROUP BY 1",
        "SELECT locked, count(*) FROM mothers GROUP BY 1",
    ):
        assert counts(a, sql) == counts(b, sql)
    sa, sb = summarise_database(a), summarise_database(b)
    assert sa.to_dict()["wilcoxon"] == sb.to_dict()["wilcoxon"]
    assert sa.dose is not None and sb.dose is not None
    assert sa.dose.adherence == sb.dose.adherence
    # every record has its insert audit row; the per-record path also logs each change
    for repo in (a, b):
        for table in ("mothers", "screenings", "sessions", "scores"):
            missing = repo.db.execute(
                f"SELECT count(*) FROM {table} t WHERE NOT EXISTS (SELECT 1 FROM audit_log l"
                f" WHERE l.table_name = '{table}' AND l.record_id = t.id AND l.action = 'insert')"
            ).fetchone()[0]
            assert missing == 0, table
        assert repo.db.execute("SELECT count(*) FROM audit_log WHERE action = 'lock'").fetchone()[0]
    assert ra.audit_rows > rb.audit_rows
    a.close()
    b.close()


def test_demo_looks_like_the_study(tmp_path):
    repo, report = make(tmp_path, "c.sqlite", mothers=400, bulk=True)
    mothers = mothers_for_analysis(repo.db, AnalysisFilter(design="session_check"))
    ages = Counter("<20" if (m.age or 0) < 20 else "20-35" for m in mothers)
    assert 0.22 < ages["<20"] / len(mothers) < 0.38
    jobs = Counter(m.occupation for m in mothers)
    assert 0.72 < jobs["not_working"] / len(mothers) < 0.88
    statuses = Counter(s.status for m in mothers for s in m.sessions)
    assert statuses["aborted"] and statuses["completed"] > 0.9 * sum(statuses.values())
    sites = {m.site_code for m in mothers}
    assert len(sites) == 11
    # Issue 12: the main analysis pairs each mother's baseline and end assessments
    # (the whole checklist), as the study compared before with after.
    summary = summarise_database(repo)
    assert summary.filters["design"] == "assessments"
    closed = sum(m.status == "closed" for m in mothers)
    assert summary.analysis.n_pairs == closed > 100
    assert 0.5 < summary.analysis.pre.mean < 1.2
    assert 3.5 < summary.analysis.post.mean < 5.0
    assert "mixed_designs" not in summary.warnings  # session checks are its secondary
    secondary = summarise_database(repo, AnalysisFilter(design="session_check"))
    assert secondary.warnings[0] == "design_session_check"
    assert secondary.analysis.n_pairs > closed
    # twice-daily over three days: at most six sessions each
    assert max(len(m.sessions) for m in mothers) <= 6
    started = [s.started_at for m in mothers for s in m.sessions]
    assert max(started) < NOW.isoformat()
    assert report.screened_out == sum(m.status == "screened_out" for m in mothers)
    repo.close()


def test_demo_refuses_a_second_fill(tmp_path):
    repo, _ = make(tmp_path, "d.sqlite", mothers=5)
    with pytest.raises(DemoError):
        fill_demo(repo, mothers=5)
    assert isinstance(repo.clock, FakeClock) and repo.clock.now_utc() == NOW
    repo.close()


def test_fast_adherence_equals_dose_rows(tmp_path):
    from oxytimer.storage.summary import adherence_by_mother

    for bulk in (False, True):
        repo, _ = make(tmp_path, f"e{bulk}.sqlite", mothers=70, bulk=bulk)
        expected = {row.mother_id: row.dose for row in repo.dose_rows()}
        assert adherence_by_mother(repo) == expected
        repo.close()


def test_open_for_reading_refuses_what_it_cannot_read(tmp_path):
    from oxytimer.storage.repository import StorageError
    from oxytimer.storage.summary import open_for_reading, summarise_path

    with pytest.raises(StorageError):
        open_for_reading(tmp_path / "missing.sqlite")
    (tmp_path / "junk.sqlite").write_bytes(b"not a database at all" * 100)
    with pytest.raises(StorageError):
        open_for_reading(tmp_path / "junk.sqlite")
    repo, _ = make(tmp_path, "f.sqlite", mothers=20)
    repo.close()
    s = summarise_path(str(tmp_path / "f.sqlite"), clock=FakeClock(NOW))
    assert s.analysis.n_pairs > 10
