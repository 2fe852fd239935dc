"""The stored per-mother summary (migration 0009) gives exactly the summary computed from
the records: after a refresh, with some mothers stale, and on random records written
through the repository (hypothesis), for every design, pairing rule and filter.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oxytimer.domain.clock import FakeClock
from oxytimer.domain.pairing import PairingRule
from oxytimer.storage.analysis import DESIGNS, AnalysisFilter
from oxytimer.storage.assessments import record_assessment
from oxytimer.storage.repository import Repository
from oxytimer.storage.summary import summarise_database
from oxytimer.storage.summary_table import stale_count
from tests.storage.test_sql_aggregation import (
    FILTERS,
    INSTRUMENT,
    enrol,
    finish,
    start,
)
from tests.storage.test_sql_aggregation import repo as repo  # the edge-case fixture


def every_mother_stale(repo: Repository) -> None:
    repo.db.execute(
        "INSERT INTO summary_stale (mother_id) SELECT id FROM mothers WHERE true"
        " ON CONFLICT DO NOTHING"
    )


def summary_json(repo: Repository, flt: AnalysisFilter, rule: PairingRule) -> str:
    summary = summarise_database(repo, flt, rule, instrument=INSTRUMENT)
    return json.dumps(summary.to_dict(), sort_keys=True, allow_nan=True)


def from_records(repo: Repository, flt: AnalysisFilter, rule: PairingRule) -> str:
    """The summary with every mother computed from her records (the stored rows unused)."""
    repo.db.conn.execute("SAVEPOINT from_records")
    try:
        every_mother_stale(repo)
        return summary_json(repo, flt, rule)
    finally:
        repo.db.conn.execute("ROLLBACK TO from_records")
        repo.db.conn.execute("RELEASE from_records")


def stored_rows_used(repo: Repository) -> int:
    return int(repo.db.execute("SELECT count(*) FROM summary_pairing").fetchone()[0])


@pytest.mark.parametrize("rule", list(PairingRule))
@pytest.mark.parametrize("flt", FILTERS, ids=lambda f: str(f.describe()))
def test_the_stored_summary_equals_the_one_from_the_records(repo, rule, flt):
    repo.refresh_summary()
    assert stale_count(repo.db) == 0 and stored_rows_used(repo) > 0
    for design in DESIGNS:
        chosen = AnalysisFilter(**{**flt.__dict__, "design": design})
        assert summary_json(repo, chosen, rule) == from_records(repo, chosen, rule)


def test_writes_mark_their_mother_stale_and_the_summary_reads_her_records(repo):
    repo.refresh_summary()
    flt = AnalysisFilter(design="full_checklist")
    before = summary_json(repo, flt, PairingRule.FIRST_LAST)
    mother_id = enrol(repo, "AMP-91001")
    session_id = start(repo, mother_id, 0)
    assert stale_count(repo.db) == 1
    finish(repo, session_id, 8)
    after = summary_json(repo, flt, PairingRule.FIRST_LAST)
    assert after != before  # the new pair is in it, read from her records
    assert after == from_records(repo, flt, PairingRule.FIRST_LAST)
    repo.void_session(session_id, "entered for the wrong mother")
    voided = summary_json(repo, flt, PairingRule.FIRST_LAST)
    assert voided not in (before, after)  # her pair is gone, her voided session counted
    assert voided == from_records(repo, flt, PairingRule.FIRST_LAST)
    assert repo.refresh_summary() == 1
    assert stale_count(repo.db) == 0
    assert summary_json(repo, flt, PairingRule.FIRST_LAST) == voided


def test_a_repository_refreshes_when_it_closes_and_a_reader_never_writes(tmp_path):
    path = tmp_path / "x.sqlite"
    clock = FakeClock(datetime(2026, 4, 1, 1, 0, tzinfo=UTC))
    repo = Repository.open(path, clock)
    fill = enrol_with_sites(repo)
    mother_id = enrol(repo, "AMP-00001")
    finish(repo, start(repo, mother_id, 1), 6)
    assert stale_count(repo.db) == fill + 1
    repo.close()
    repo = Repository.open(path, clock)
    assert stale_count(repo.db) == 0
    repo.close()


def enrol_with_sites(repo: Repository) -> int:
    """Sites (from a one-mother demo); how many mothers that wrote."""
    from oxytimer.storage.demo import fill_demo

    return fill_demo(repo, mothers=1, seed=5).mothers


OUTCOMES = ("post", "no_post", "aborted", "interrupted", "running", "void")

session_plan = st.tuples(
    st.integers(0, 8),  # pre
    st.sampled_from(OUTCOMES),
    st.integers(0, 12),  # post
    st.sampled_from(["husband", "midwife", "family"]),
    st.sampled_from([None, "morning", "evening"]),
    st.integers(10, 60 * 14),  # minutes to the next session
)
mother_plan = st.tuples(
    st.lists(session_plan, max_size=5),
    st.sampled_from(["enrolled", "withdrawn", "closed"]),
    st.sampled_from([None, "baseline", "both"]),  # assessments
    st.booleans(),  # refresh the stored rows after her
)


def write_mother(repo: Repository, code: str, plan, clock: FakeClock) -> None:
    sessions, status, assessed, refresh = plan
    mother_id = enrol(repo, code)
    totals = {"min_total": 0, "max_total": INSTRUMENT.max_total}
    if assessed:
        record_assessment(
            repo,
            mother_id,
            "baseline",
            total=2,
            items=None,
            category=None,
            instrument_version=INSTRUMENT.version,
            **totals,
        )
    for pre, outcome, post, caregiver, slot, gap in sessions:
        session_id = start(repo, mother_id, pre, caregiver, slot)
        clock.advance(300)
        if outcome in ("post", "void"):
            finish(repo, session_id, min(post, INSTRUMENT.max_total))
            if outcome == "void":
                repo.void_session(session_id, "duplicate entry")
        elif outcome == "no_post":
            finish(repo, session_id, None)
        elif outcome == "aborted":
            repo.update_session_progress(
                session_id,
                status="aborted",
                massage_seconds=30.0,
                paused_seconds=0.0,
                pause_count=0,
                abort_reason="ibu lelah",
            )
        elif outcome == "interrupted":
            repo.mark_interrupted()
        clock.advance(gap * 60)
        if outcome == "running":
            repo.mark_interrupted()
    if assessed == "both":
        record_assessment(
            repo,
            mother_id,
            "end",
            total=7,
            items=None,
            category=None,
            instrument_version=INSTRUMENT.version,
            **totals,
        )
    open_sessions = repo.db.execute(
        "SELECT count(*) FROM sessions WHERE mother_id = ? AND voided = 0"
        " AND status IN ('running', 'paused', 'awaiting_post', 'interrupted')",
        [mother_id],
    ).fetchone()[0]
    if status == "withdrawn":
        repo.withdraw(mother_id, "moved away", clock.now_utc().astimezone().date())
    elif status == "closed" and not open_sessions:  # (refused while one is open)
        repo.close_follow_up(mother_id, "follow-up done")
    if refresh:
        repo.refresh_summary()


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    mothers=st.lists(mother_plan, min_size=1, max_size=5),
    last_session_running=st.booleans(),
    hours_later=st.integers(0, 30),
    rule=st.sampled_from(list(PairingRule)),
)
def test_random_records_give_the_same_summary_stored_or_not(
    mothers, last_session_running, hours_later, rule
):
    clock = FakeClock(datetime(2026, 3, 10, 1, 0, tzinfo=UTC))
    repo = Repository.memory(clock)
    repo.add_site("AMP", "Ampenan")
    try:
        for i, plan in enumerate(mothers):
            write_mother(repo, f"AMP-{i + 1:05d}", plan, clock)
            clock.advance(3 * 3600)
        active = repo.db.execute(
            "SELECT id FROM mothers WHERE status = 'enrolled' AND locked = 0"
        ).fetchone()
        if last_session_running and active:  # seen in a slot that has not ended yet
            start(repo, active[0], 1)
        clock.advance(hours_later * 3600)
        for design in DESIGNS:
            flt = AnalysisFilter(design=design)
            assert summary_json(repo, flt, rule) == from_records(repo, flt, rule)
        repo.refresh_summary()
        for design in DESIGNS:
            flt = AnalysisFilter(design=design)
            assert summary_json(repo, flt, rule) == from_records(repo, flt, rule)
        clock.advance(timedelta(days=2).total_seconds())  # the follow-up goes on
        flt = AnalysisFilter(design="full_checklist")
        assert summary_json(repo, flt, rule) == from_records(repo, flt, rule)
    finally:
        repo.close()
