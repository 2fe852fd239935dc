"""A summary filtered on who gave the massage, the protocol or the instrument version
reads the stored cells (migration 0011) and gives exactly the summary computed from the
records: cells added when their sums are exact, a mother's records when they are not,
the assessments with their chosen sessions' caregiver, protocol and massage time.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oxytimer.domain.clock import FakeClock
from oxytimer.domain.pairing import PairingRule
from oxytimer.storage.analysis import DESIGNS, AnalysisFilter
from oxytimer.storage.assessments import record_assessment
from oxytimer.storage.repository import Repository
from oxytimer.storage.summary_table import stale_count, stored_grouped_sql
from tests.storage.test_sql_aggregation import INSTRUMENT, OLD, enrol, finish, start
from tests.storage.test_sql_aggregation import repo as repo  # the edge-case fixture
from tests.storage.test_summary_table import (
    from_records,
    mother_plan,
    summary_json,
    write_mother,
)

SESSION_FILTERS = [
    AnalysisFilter(caregivers=("husband",)),
    AnalysisFilter(caregivers=("husband", "midwife")),
    AnalysisFilter(caregivers=("midwife", "family"), protocol_versions=("2.0.0",)),
    AnalysisFilter(protocol_versions=("1.0.0",)),
    AnalysisFilter(instrument_versions=(INSTRUMENT.version,)),
    AnalysisFilter(instrument_versions=(INSTRUMENT.version, "2.0.0"), caregivers=("family",)),
    AnalysisFilter(caregivers=("other",)),
]


def reads_sessions(repo: Repository, flt: AnalysisFilter) -> bool:
    """Whether the summary's per-mother rows for ``flt`` read any mother's records."""
    sql = stored_grouped_sql(repo.db, flt, [])
    return "count(*) AS n," in sql  # (grouped_sql's: it aggregates sessions)


def assert_as_records(repo: Repository, flt: AnalysisFilter) -> None:
    for rule in PairingRule:
        assert summary_json(repo, flt, rule) == from_records(repo, flt, rule)


@pytest.mark.parametrize("flt", SESSION_FILTERS, ids=lambda f: str(f.describe()))
def test_a_filter_on_sessions_reads_the_stored_cells_alone(repo, flt):
    repo.refresh_summary()
    assert stale_count(repo.db) == 0
    (two_versions,) = repo.db.execute(
        "SELECT count(*) FROM (SELECT 1 FROM assessments WHERE voided = 0"
        " AND kind IN ('baseline', 'end') GROUP BY mother_id"
        " HAVING count(DISTINCT instrument_version) > 1)"
    ).fetchone()
    for design in DESIGNS:
        chosen = replace(flt, design=design)
        # whole rows, or cells added exactly; a mother assessed under two versions
        # of the instrument from her records
        mixed = design == "assessments" and flt.instrument_versions and two_versions
        assert reads_sessions(repo, chosen) == bool(mixed)
        assert_as_records(repo, chosen)


def mixed_mother(repo: Repository, code: str, seconds: tuple[float, float, float]) -> str:
    """A mother whose sessions were given by husband, midwife and family (three cells)."""
    mother_id = enrol(repo, code)
    for caregiver, length in zip(("husband", "midwife", "family"), seconds, strict=True):
        session_id = start(repo, mother_id, 2, caregiver)
        repo.clock.advance(300)
        finish(repo, session_id, 6, length)
        repo.clock.advance(6 * 3600)
    return mother_id


def test_cells_whose_sums_are_not_exact_are_read_from_the_records(tmp_path):
    repo = Repository.open(tmp_path / "x.sqlite", FakeClock(datetime(2026, 3, 1, 1, tzinfo=UTC)))
    repo.add_site("AMP", "Ampenan")
    try:
        mixed_mother(repo, "AMP-00001", (240.0, 180.5, 300.0))  # exact: added up
        repo.refresh_summary()
        two_of_three = AnalysisFilter(caregivers=("husband", "midwife"), design=OLD)
        assert not reads_sessions(repo, two_of_three)
        assert_as_records(repo, two_of_three)
        mixed_mother(repo, "AMP-00002", (240.1, 180.2, 299.7))  # 0.1 + 0.2 ≠ 0.3
        repo.refresh_summary()
        assert reads_sessions(repo, two_of_three)
        assert_as_records(repo, two_of_three)
        every = AnalysisFilter(caregivers=("husband", "midwife", "family"), design=OLD)
        assert not reads_sessions(repo, every)  # all her cells: her stored row as it is
        assert_as_records(repo, every)
        assessments = replace(two_of_three, design="assessments")
        for mother_id in [r[0] for r in repo.db.execute("SELECT id FROM mothers")]:
            for kind, total in (("baseline", 2), ("end", 7)):
                record_assessment(
                    repo,
                    mother_id,
                    kind,
                    total=total,
                    items=None,
                    category=None,
                    instrument_version=INSTRUMENT.version,
                    min_total=0,
                    max_total=INSTRUMENT.max_total,
                )
        repo.refresh_summary()
        assert reads_sessions(repo, assessments)  # her massage time cannot be added
        assert_as_records(repo, assessments)
        assert_as_records(repo, replace(assessments, caregivers=("midwife",)))
    finally:
        repo.close()


def test_assessments_of_two_instrument_versions_are_read_from_the_records(tmp_path):
    repo = Repository.open(tmp_path / "x.sqlite", FakeClock(datetime(2026, 3, 1, 1, tzinfo=UTC)))
    repo.add_site("AMP", "Ampenan")
    try:
        for code, end_version in (("AMP-00001", INSTRUMENT.version), ("AMP-00002", "9.9.9")):
            mother_id = mixed_mother(repo, code, (240.0, 240.0, 240.0))
            for kind, total, version in (
                ("baseline", 2, INSTRUMENT.version),
                ("end", 7, end_version),
            ):
                record_assessment(
                    repo,
                    mother_id,
                    kind,
                    total=total,
                    items=None,
                    category=None,
                    instrument_version=version,
                    min_total=0,
                    max_total=INSTRUMENT.max_total,
                )
        repo.refresh_summary()
        for versions in ((INSTRUMENT.version,), ("9.9.9",), (INSTRUMENT.version, "9.9.9")):
            flt = AnalysisFilter(instrument_versions=versions, design="assessments")
            assert reads_sessions(repo, flt)  # the mother with two versions
            assert_as_records(repo, flt)
            assert_as_records(repo, replace(flt, caregivers=("family", "husband")))
    finally:
        repo.close()


FILTER_CHOICES = st.builds(
    AnalysisFilter,
    caregivers=st.sampled_from([None, ("husband",), ("husband", "midwife"), ("family",)]),
    protocol_versions=st.sampled_from([None, ("1.0.0",), ("2.0.0",)]),
    instrument_versions=st.sampled_from([None, (INSTRUMENT.version,), ("0.0.1",)]),
)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    mothers=st.lists(mother_plan, min_size=1, max_size=5),
    filters=st.lists(FILTER_CHOICES, min_size=1, max_size=3),
    rule=st.sampled_from(list(PairingRule)),
)
def test_random_records_and_filters_give_the_summary_of_the_records(mothers, filters, rule):
    clock = FakeClock(datetime(2026, 3, 10, 1, 0, tzinfo=UTC))
    repo = Repository.memory(clock)
    repo.add_site("AMP", "Ampenan")
    try:
        for i, plan in enumerate(mothers):
            write_mother(repo, f"AMP-{i + 1:05d}", plan, clock)
            clock.advance(3 * 3600)
        for refreshed in (False, True):
            if refreshed:
                repo.refresh_summary()
            for flt in filters:
                for design in DESIGNS:
                    chosen = replace(flt, design=design)
                    assert summary_json(repo, chosen, rule) == from_records(repo, chosen, rule)
    finally:
        repo.close()


def test_a_sites_new_code_marks_its_mothers_and_the_summary_follows(tmp_path):
    repo = Repository.open(tmp_path / "x.sqlite", FakeClock(datetime(2026, 3, 1, 1, tzinfo=UTC)))
    repo.add_site("AMP", "Ampenan")
    repo.add_site("MTR", "Mataram")
    try:
        mixed_mother(repo, "AMP-00001", (240.0, 180.0, 300.0))
        repo.refresh_summary()
        before = summary_json(repo, AnalysisFilter(site_codes=("AMP",), design=OLD), "first-last")
        repo.db.execute("UPDATE sites SET code = 'ZZZ' WHERE code = 'AMP'")
        assert stale_count(repo.db) == 1  # her stored site code is out of date
        for codes in (("AMP",), ("ZZZ",)):
            flt = AnalysisFilter(site_codes=codes, design=OLD)
            assert_as_records(repo, flt)
        repo.refresh_summary()
        moved = AnalysisFilter(site_codes=("ZZZ",), design=OLD)
        assert summary_json(repo, moved, "first-last").replace("ZZZ", "AMP") == before
        assert_as_records(repo, moved)
    finally:
        repo.close()
