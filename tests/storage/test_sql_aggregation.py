"""The SQL paths of the summary and the dose give exactly what the Python references give.

``pair_in_database`` against ``make_pairs``/``analysed_mother`` on ``mothers_for_analysis``,
``Repository.dose_rows`` against ``domain.adherence.dose`` on each mother's sessions, on a
demo database with every edge case added through the repository: voided, aborted,
interrupted, incomplete, awaiting and running sessions, ties in start time, sessions
without a slot, screened-out mothers and mothers without sessions, locked and withdrawn
mothers.
"""

from __future__ import annotations

import os
import time
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from oxytimer.domain.adherence import DoseSession, dose
from oxytimer.domain.clock import FakeClock, parse_utc
from oxytimer.domain.eligibility import load_criteria
from oxytimer.domain.instrument import load_instrument
from oxytimer.domain.pairing import PairingRule, Scale, make_pairs
from oxytimer.domain.records import MotherStatus
from oxytimer.domain.registry import Enrolment
from oxytimer.domain.summary import analysed_mother, summarise_mothers
from oxytimer.storage.analysis import (
    AnalysisFilter,
    filter_choices,
    mothers_for_analysis,
    pair_in_database,
)
from oxytimer.storage.demo import fill_demo
from oxytimer.storage.repository import Repository, new_id
from oxytimer.storage.summary import adherence_by_mother, enrolment_range, summarise_database

NOW = datetime(2026, 4, 5, 23, 0, tzinfo=UTC)  # the demo spans the March DST changes
CRITERIA = load_criteria()
INSTRUMENT = load_instrument()


def answers(**overrides: bool) -> dict[str, bool]:
    values = {c.id: c.kind == "inclusion" for c in CRITERIA.all}
    values.update(overrides)
    return values


def enrol(repo: Repository, code: str, **fields: object) -> str:
    site_id = repo.site_id("AMP")
    today = repo.clock.now_utc().astimezone().date()
    return repo.enrol(
        Enrolment(
            site_id=site_id,
            study_code=code,
            age=fields.get("age", 22),  # type: ignore[arg-type]
            occupation="trader",
            parity="primipara",
            delivery_date=today - timedelta(days=1),
            delivery_type="normal",
            lives_with_husband=True,
            consent=True,
            consent_date=today,
        ),
        CRITERIA,
        fields.get("eligible", answers()),  # type: ignore[arg-type]
    )


def start(repo: Repository, mother_id: str, pre: int, caregiver: str = "husband", slot=None):
    items = {item.id: i < pre for i, item in enumerate(INSTRUMENT.items)}
    return repo.start_session(
        mother_id=mother_id,
        caregiver=caregiver,
        planned_seconds=240,
        pre_total=pre,
        pre_items=items,
        pre_category=INSTRUMENT.category_for(pre).id,
        min_total=0,
        max_total=INSTRUMENT.max_total,
        protocol_version="2.0.0" if caregiver == "midwife" else "1.0.0",
        instrument_version=INSTRUMENT.version,
        slot=slot,
    )


def finish(repo: Repository, session_id: str, post: int | None, seconds: float = 240.0) -> None:
    repo.update_session_progress(
        session_id,
        status="awaiting_post",
        massage_seconds=seconds,
        paused_seconds=5.0,
        pause_count=2,
    )
    if post is not None:
        items = {item.id: i < post for i, item in enumerate(INSTRUMENT.items)}
        repo.record_post_score(
            session_id,
            total=post,
            items=items,
            category=INSTRUMENT.category_for(post).id,
            min_total=0,
            max_total=INSTRUMENT.max_total,
            instrument_version=INSTRUMENT.version,
        )


OLD = "full_checklist"
EARLIER = AnalysisFilter(design=OLD)
"""The edge-case mothers below were scored under the earlier design (the whole checklist
before and after every session); the demo's under the assessments and session checks."""


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    path = tmp_path_factory.mktemp("sql") / "edge.sqlite"
    clock = FakeClock(NOW)
    r = Repository.open(path, clock, operator="test")
    fill_demo(r, mothers=90, seed=3)
    clock.set_utc(NOW - timedelta(days=3))

    # a mother without sessions, one screened out, one with only a voided session
    enrol(r, "AMP-90001")
    enrol(r, "AMP-90002", eligible=answers(**{CRITERIA.inclusion[0].id: False}))
    only_void = enrol(r, "AMP-90003")
    s = start(r, only_void, 2)
    clock.advance(300)
    finish(r, s, 5)
    r.void_session(s, "entered for the wrong mother")

    # aborted first (its pre-score is the baseline), an evening session without a slot,
    # one closed incomplete, then two more: one interrupted and one still running
    m = enrol(r, "AMP-90004", age=36)
    clock.advance(3600)
    s = start(r, m, 1)
    clock.advance(60)
    r.update_session_progress(
        s,
        status="aborted",
        massage_seconds=60.0,
        paused_seconds=0.0,
        pause_count=0,
        abort_reason="ibu lelah",
    )
    clock.set_utc(NOW - timedelta(days=2, hours=11))  # 17:00 in Mataram
    s = start(r, m, 3, "midwife")
    clock.advance(300)
    finish(r, s, 6, seconds=237.5)
    clock.advance(3600)
    s = start(r, m, 2, "midwife")
    clock.advance(300)
    finish(r, s, None)
    r.close_incomplete(s, "mother asleep")
    clock.advance(4 * 3600)  # 22:00: outside both windows, counted for the evening
    s = start(r, m, 2)
    r.mark_interrupted()
    clock.advance(3600)
    start(r, m, 4, "family")  # left running

    # two sessions of one mother starting at the same second: rowid order breaks the tie
    tied = enrol(r, "AMP-90005")
    clock.set_utc(NOW - timedelta(days=1))
    first = start(r, tied, 1)
    clock.advance(300)
    finish(r, first, 4)
    record = r.session(first)
    twin = new_id()
    r.insert_many(
        "sessions",
        [
            {
                "id": twin,
                "mother_id": tied,
                "caregiver": "family",
                "planned_seconds": 240,
                "protocol_version": "1.0.0",
                "instrument_version": INSTRUMENT.version,
                "status": "completed",
                "slot": None,
                "started_at": record.started_at,
                "ended_at": record.ended_at,
                "massage_seconds": 200.0,
                "paused_seconds": 0.0,
                "pause_count": 0,
                "progress_at": record.ended_at,
                "source": "demo",
                "operator": "test",
            }
        ],
        stamp="started_at",
    )
    r.insert_many(
        "scores",
        [
            {
                "id": new_id(),
                "session_id": twin,
                "kind": kind,
                "instrument_version": INSTRUMENT.version,
                "total": total,
                "min_total": 0,
                "max_total": INSTRUMENT.max_total,
                "category": INSTRUMENT.category_for(total).id,
                "recorded_at": record.started_at,
            }
            for kind, total in (("pre", 3), ("post", 7))
        ],
        stamp="recorded_at",
    )

    # void completed sessions of a closed (locked) mother and of an enrolled one
    for status in ("closed", "enrolled"):
        mother_id, session_id = r.db.execute(
            "SELECT m.id, x.id FROM sessions x JOIN mothers m ON m.id = x.mother_id"
            " WHERE m.status = ? AND x.status = 'completed' AND x.voided = 0"
            " AND m.study_code NOT LIKE 'AMP-9%'"
            " ORDER BY m.study_code, x.started_at LIMIT 1",
            [status],
        ).fetchone()
        locked = r.db.execute("SELECT locked FROM mothers WHERE id = ?", [mother_id]).fetchone()
        if locked[0]:
            r.unlock_record(mother_id, "correction")
        r.void_session(session_id, "duplicate entry")
    # a withdrawal dated before its recording
    withdrawn = enrol(r, "AMP-90006")
    s = start(r, withdrawn, 2, slot="morning")
    clock.advance(300)
    finish(r, s, 5)
    clock.advance(2 * 86400)
    r.withdraw(withdrawn, "moved away", date(2026, 4, 3))

    # a mother first scored with another instrument (version 2.0.0, totals 0-10) whose
    # session was aborted (its pre-score is her baseline), then with the usual one
    rescaled = enrol(r, "AMP-90007")
    clock.set_utc(NOW - timedelta(hours=20))
    other = new_id()
    stamp = clock.now_utc().isoformat(timespec="milliseconds")
    r.insert_many(
        "sessions",
        [
            {
                "id": other,
                "mother_id": rescaled,
                "caregiver": "husband",
                "planned_seconds": 240,
                "protocol_version": "1.0.0",
                "instrument_version": "2.0.0",
                "status": "aborted",
                "abort_reason": "ibu lelah",
                "slot": None,
                "started_at": stamp,
                "ended_at": stamp,
                "massage_seconds": 30.0,
                "paused_seconds": 0.0,
                "pause_count": 0,
                "progress_at": stamp,
                "source": "demo",
                "operator": "test",
            }
        ],
        stamp="started_at",
    )
    r.insert_many(
        "scores",
        [
            {
                "id": new_id(),
                "session_id": other,
                "kind": "pre",
                "instrument_version": "2.0.0",
                "total": 9,
                "min_total": 0,
                "max_total": 10,
                "category": None,
                "recorded_at": stamp,
            }
        ],
        stamp="recorded_at",
    )
    clock.advance(3600)
    s = start(r, rescaled, 2)
    clock.advance(300)
    finish(r, s, 5)
    r.clock = FakeClock(NOW)
    yield r
    r.close()


def test_the_fixture_has_every_edge_case(repo):
    statuses = dict(repo.db.execute("SELECT status, count(*) FROM sessions GROUP BY 1"))
    assert {"completed", "aborted", "incomplete", "interrupted", "running", "awaiting_post"} <= (
        set(statuses)
    )
    assert repo.db.execute("SELECT count(*) FROM sessions WHERE voided = 1").fetchone()[0] == 3
    assert repo.db.execute("SELECT count(*) FROM sessions WHERE slot IS NULL").fetchone()[0] >= 5
    assert repo.db.execute(
        "SELECT count(*) FROM (SELECT 1 FROM sessions GROUP BY mother_id, started_at"
        " HAVING count(*) > 1)"
    ).fetchone()[0]
    mothers = dict(repo.db.execute("SELECT status, count(*) FROM mothers GROUP BY 1"))
    assert set(mothers) == {"enrolled", "closed", "withdrawn", "screened_out"}


FILTERS = [
    AnalysisFilter(),
    AnalysisFilter(site_codes=("AMP", "MTR")),
    AnalysisFilter(caregivers=("midwife",)),
    AnalysisFilter(caregivers=("husband", "family"), protocol_versions=("1.0.0",)),
    AnalysisFilter(protocol_versions=("2.0.0",)),
    AnalysisFilter(completed_follow_up_only=True),
    AnalysisFilter(enrolled_from=date(2026, 3, 20), enrolled_to=date(2026, 4, 2)),
    AnalysisFilter(enrolled_from=date(2026, 4, 3), enrolled_to=date(2026, 4, 3)),
    AnalysisFilter(instrument_versions=(INSTRUMENT.version,)),
    AnalysisFilter(instrument_versions=("2.0.0",)),
    AnalysisFilter(site_codes=("NOPE",)),
]


@pytest.mark.parametrize("rule", list(PairingRule))
@pytest.mark.parametrize("flt", FILTERS, ids=lambda f: str(f.describe()))
def test_sql_pairing_equals_make_pairs(repo, rule, flt):
    mothers = mothers_for_analysis(repo.db, flt)
    expected = make_pairs(mothers, rule)
    found = pair_in_database(repo.db, flt, rule)
    assert found.pairing == expected
    by_id = {m.mother_id: m for m in mothers}
    analysed = [by_id[i] for i in dict.fromkeys(p.mother_id for p in expected.pairs)]
    assert list(found.analysed) == [analysed_mother(m) for m in analysed]
    completed = [
        s for m in analysed for s in m.sessions if not s.voided and s.status == "completed"
    ]
    assert found.protocol_versions == {s.protocol_version for s in completed}
    assert found.instrument_versions == {s.instrument_version for s in completed}


def local_day(utc_text: str) -> date:
    return parse_utc(utc_text).astimezone().date()


@pytest.mark.parametrize("tz", ["Asia/Makassar", "America/St_Johns", "Pacific/Chatham"])
def test_enrolment_dates_are_local_calendar_dates(repo, zone, tz):
    zone(tz)
    enrolled = {
        code: local_day(at)
        for code, at in repo.db.execute("SELECT study_code, enrolled_at FROM mothers")
    }
    span = enrolment_range(repo)
    assert span == (min(enrolled.values()), max(enrolled.values()))
    for day in sorted(set(enrolled.values()))[-4:]:
        flt = AnalysisFilter(enrolled_from=day, enrolled_to=day)
        mothers = mothers_for_analysis(repo.db, flt)
        assert sorted(m.study_code for m in mothers) == sorted(
            code for code, d in enrolled.items() if d == day
        )
        for rule in PairingRule:
            assert pair_in_database(repo.db, flt, rule).pairing == make_pairs(mothers, rule)
        later = AnalysisFilter(enrolled_from=day)
        assert sorted(m.study_code for m in mothers_for_analysis(repo.db, later)) == sorted(
            code for code, d in enrolled.items() if d >= day
        )


def test_a_mother_enrolled_before_eight_in_mataram_counts_on_her_local_day(repo):
    # enrolled just after 07:00 WITA on 3 April: still 2 April in UTC
    (at,) = repo.db.execute(
        "SELECT enrolled_at FROM mothers WHERE study_code = 'AMP-90004'"
    ).fetchone()
    assert at.startswith("2026-04-02T23:")
    on_the_third = AnalysisFilter(
        enrolled_from=date(2026, 4, 3), enrolled_to=date(2026, 4, 3), design=OLD
    )
    on_the_second = AnalysisFilter(
        enrolled_from=date(2026, 4, 2), enrolled_to=date(2026, 4, 2), design=OLD
    )
    assert "AMP-90004" in {m.study_code for m in mothers_for_analysis(repo.db, on_the_third)}
    assert "AMP-90004" not in {m.study_code for m in mothers_for_analysis(repo.db, on_the_second)}
    units = {p.unit for p in pair_in_database(repo.db, on_the_third).pairing.pairs}
    assert "AMP-90004" in units
    assert "AMP-90004" not in {
        p.unit for p in pair_in_database(repo.db, on_the_second).pairing.pairs
    }


def test_an_unfinished_baseline_is_not_also_left_out(repo):
    first_last = pair_in_database(repo.db, EARLIER, "first-last").pairing
    means = pair_in_database(repo.db, EARLIER, "means").pairing
    pairs = {p.unit: p for p in first_last.pairs}
    assert pairs["AMP-90004"].pre == 1.0  # her aborted session's pre-score
    assert pairs["AMP-90007"].pre == 9.0  # her aborted session's, on the other scale
    reasons = ("aborted", "interrupted", "awaiting_post")
    left_out = sum(first_last.excluded.get(k, 0) for k in reasons)
    every = sum(means.excluded.get(k, 0) for k in reasons)  # means never use them
    assert first_last.baseline_from_unfinished >= 2
    assert every - left_out == first_last.baseline_from_unfinished
    assert means.baseline_from_unfinished == 0


def test_pooled_instruments_are_found_and_can_be_filtered(repo):
    usual = Scale(INSTRUMENT.version, 0.0, float(INSTRUMENT.max_total))
    first_last = pair_in_database(repo.db, EARLIER, "first-last").pairing
    assert first_last.scales == {usual, Scale("2.0.0", 0.0, 10.0)}
    # means and per-session pairs use completed sessions only: one scale
    assert pair_in_database(repo.db, EARLIER, "means").pairing.scales == {usual}
    summary = summarise_database(repo, EARLIER, "first-last", instrument=INSTRUMENT)
    assert summary.warnings == (
        "design_full_checklist",
        "mixed_designs",  # the demo's assessments and session checks: not pooled
        "mixed_instrument_versions",
        "mixed_score_ranges",
    )
    assert summary.to_dict()["warnings"][:4] == list(summary.warnings)
    one = AnalysisFilter(instrument_versions=(INSTRUMENT.version,), design=OLD)
    only = summarise_database(repo, one, "first-last", instrument=INSTRUMENT)
    assert only.warnings == ("design_full_checklist", "mixed_designs")
    assert "AMP-90007" in only.units
    assert only.filters["instrument_versions"] == [INSTRUMENT.version]
    assert pair_in_database(repo.db, one).pairing.scales == {usual}
    assert filter_choices(repo.db)["instrument_versions"] == sorted({INSTRUMENT.version, "2.0.0"})


def test_sql_pairing_covers_the_edge_cases(repo):
    found = pair_in_database(repo.db, EARLIER, "first-last").pairing
    checks = pair_in_database(repo.db, AnalysisFilter(design="session_check")).pairing
    assert set(found.excluded) | set(checks.excluded) == {
        "aborted",
        "awaiting_post",
        "interrupted",
        "no_post_score",
        "screened_out",
        "voided",
    }
    pairs = {p.unit: p for p in found.pairs}
    assert (pairs["AMP-90004"].pre, pairs["AMP-90004"].post) == (1.0, 6.0)  # aborted first
    assert (pairs["AMP-90005"].pre, pairs["AMP-90005"].post) == (1.0, 7.0)  # the tie
    assert "AMP-90001" not in pairs and "AMP-90003" not in pairs
    by_session = pair_in_database(repo.db, EARLIER, "sessions").pairing
    assert by_session.not_independent
    assert [p.unit for p in by_session.pairs if p.mother_id == pairs["AMP-90005"].mother_id] == [
        "AMP-90005#1",
        "AMP-90005#2",
    ]


@pytest.mark.parametrize("rule", list(PairingRule))
def test_summary_from_sql_equals_summary_from_sessions(repo, rule):
    flt = AnalysisFilter(caregivers=("husband", "midwife"), design="session_check")
    versions = {"software": "oxytimer test"}
    got = summarise_database(repo, flt, rule, instrument=INSTRUMENT, versions=versions)
    # The database's own notes on designs come first; the rest is the same figures.
    notes = ("design_session_check", "mixed_designs")
    assert got.warnings[:2] == notes
    got = replace(got, warnings=got.warnings[2:])
    want = summarise_mothers(
        mothers_for_analysis(repo.db, flt),
        rule,
        instrument=INSTRUMENT,
        doses=adherence_by_mother(repo),
        filters=flt.describe(),
        versions=versions,
        source_name=got.source_name,
    )
    assert got.to_dict() == want.to_dict()
    assert got.pair_rows() == want.pair_rows()
    assert got.dose == want.dose


def reference_dose_rows(repo: Repository, hours):
    """The per-mother implementation dose_rows replaced, on the repository's public reads."""
    now = repo.clock.now_utc().astimezone()
    rows = {}
    for entry in repo.registry():
        if entry.status == MotherStatus.SCREENED_OUT:
            continue
        sessions = [
            DoseSession(
                local_start=parse_utc(s.started_at).astimezone(),
                status=s.status,
                slot=s.slot,
                massage_seconds=s.massage_seconds,
                pause_count=s.pause_count,
                caregiver=s.caregiver,
                planned_seconds=s.planned_seconds,
            )
            for s in repo.sessions_for_mother(entry.id)
            if not s.voided
        ]
        enrolled = parse_utc(entry.enrolled_at).astimezone()
        end = now
        if entry.status != MotherStatus.ENROLLED:
            changes = repo.change_history("mothers", entry.id, "status")
            end = parse_utc(max(c["at"] for c in changes)).astimezone() if changes else now
            if entry.status_date:
                day_after = date.fromisoformat(entry.status_date) + timedelta(days=1)
                end = min(end, datetime.combine(day_after, datetime.min.time()).astimezone())
            end = min(end, now)
        rows[entry.id] = (entry.site_code, entry.study_code, entry.status)
        rows[entry.id] += (dose(sessions, enrolled, max(end, enrolled), hours),)
    return rows


@pytest.fixture
def zone(monkeypatch):
    def set_zone(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield set_zone
    monkeypatch.undo()
    time.tzset()
    assert os.environ["TZ"] == "Asia/Makassar"


@pytest.mark.parametrize(
    "tz", ["Asia/Makassar", "Europe/London", "America/St_Johns", "Pacific/Chatham"]
)
@pytest.mark.parametrize(
    "hours",
    [
        {"morning": (6, 12), "evening": (15, 21)},
        {"morning": (0, 9), "evening": (17, 24)},
    ],
)
def test_dose_rows_equal_the_per_mother_reference(repo, zone, tz, hours):
    zone(tz)
    for now in (NOW, NOW - timedelta(days=2, hours=7)):
        repo.clock = FakeClock(now)
        expected = reference_dose_rows(repo, hours)
        got = repo.dose_rows(hours)
        assert [r.mother_id for r in got] == list(expected)
        assert {r.mother_id: (r.site_code, r.study_code, r.status, r.dose) for r in got} == (
            expected
        )
    repo.clock = FakeClock(NOW)
    doses = [r.dose for r in repo.dose_rows(hours)]
    assert any(d.slots_scheduled > d.slots_done > 0 for d in doses)
    assert any(d.aborted for d in doses) and any(len(d.by_caregiver) > 1 for d in doses)
