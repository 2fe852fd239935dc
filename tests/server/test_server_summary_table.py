"""The study server's stored per-mother summary (storage/server_summary_table.py): kept
equal to the records by the server whoever writes, read only by the site it belongs to,
and never used for a mother whose rows are out of date."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import psycopg
import pytest

from oxytimer.domain.clock import FakeClock
from oxytimer.domain.instrument import load_instrument
from oxytimer.domain.pairing import PairingRule
from oxytimer.storage import server_summary_table as st
from oxytimer.storage.analysis import DESIGNS, AnalysisFilter
from oxytimer.storage.repository import Repository
from oxytimer.storage.server import add_coordinator, init_server
from oxytimer.storage.summary import open_for_reading, summarise_database, summarise_server
from oxytimer.storage.sync import sync

from .sync_helpers import make_laptop, make_study, role_url
from .test_server_summary import as_json, copy_into_server, records  # noqa: F401

INSTRUMENT = load_instrument()
NOW = datetime(2026, 4, 5, 23, 0, tzinfo=UTC)
COLUMNS = ", ".join(st.STORED_COLUMNS)


@pytest.fixture(autouse=True)
def pgpass(tmp_path, monkeypatch):
    """libpq's password file of this test (never the real ~/.pgpass)."""
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "pgpass"))


def differences(url: str) -> dict[str, int]:
    """Rows that differ between the stored summary and the same rows computed now from
    the records, per design (as the owner, in the stored zone); and the stale mothers."""
    out = {}
    everyone = "(SELECT id FROM mothers)"
    with psycopg.connect(url) as conn:
        zone = conn.execute("SELECT zone FROM summary_state").fetchone()[0]
        conn.execute("SELECT set_config('TimeZone', %s, false)", [zone])
        for design in DESIGNS:
            computed = (
                f"WITH d AS MATERIALIZED ({st.dose_rows_sql(everyone)})"
                f" {st.grouped_rows_sql(design, everyone, 'd')}"
            ).replace("%", "%%")
            stored = f"SELECT {COLUMNS} FROM summary_pairing WHERE design = %s"
            found = conn.execute(
                f"SELECT (SELECT count(*) FROM (({computed}) EXCEPT ALL ({stored})) a)"
                f" + (SELECT count(*) FROM (({stored}) EXCEPT ALL ({computed})) b),"
                " (SELECT count(*) FROM summary_pairing WHERE design = %s"
                " AND enrolled IS NOT NULL)",
                [design, design, design],
            ).fetchone()
            out[design] = found[0]
            assert found[1] > 0 or design == "full_checklist", design  # something compared
        out["stale"] = conn.execute("SELECT count(*) FROM summary_stale").fetchone()[0]
    return out


NOTHING = {"assessments": 0, "session_check": 0, "full_checklist": 0, "stale": 0}


def run_sync(path, url):
    repo = Repository.open(path)
    try:
        return sync(repo, url)
    finally:
        repo.close()


def test_syncs_keep_the_stored_rows_equal_to_the_records(pg_url, tmp_path):
    study = make_study(pg_url, "AMP", "MTR")
    amp = make_laptop(tmp_path / "amp.sqlite", seed=4, code="AMP", mothers=12)
    mtr = make_laptop(tmp_path / "mtr.sqlite", seed=5, code="MTR", mothers=12)
    run_sync(amp, study.roles["AMP"])
    run_sync(mtr, study.roles["MTR"])
    assert differences(pg_url) == NOTHING
    # a correction on the laptop (her record, her sessions) reaches the stored rows
    repo = Repository.open(amp)
    try:
        mother, session = repo.db.execute(
            "SELECT m.id, x.id FROM mothers m JOIN sessions x ON x.mother_id = m.id"
            " WHERE x.status = 'completed' ORDER BY m.study_code LIMIT 1"
        ).fetchone()
        repo.unlock_record(mother, "to correct her age")
        repo.correct_mother(mother, "age", 19, "typo")
        repo.void_session(session, "duplicate entry")
    finally:
        repo.close()
    run_sync(amp, study.roles["AMP"])
    assert differences(pg_url) == NOTHING
    with psycopg.connect(pg_url) as conn:
        stored = conn.execute(
            "SELECT age, n_voided FROM summary_pairing WHERE mother_id = %s"
            " AND design = 'session_check'",
            [mother],
        ).fetchone()
    assert stored == (19, 1)


def test_a_puskesmas_reads_only_its_own_stored_rows(pg_url, tmp_path):
    study = make_study(pg_url, "AMP", "MTR")
    for code, seed in (("AMP", 6), ("MTR", 7)):
        laptop = make_laptop(tmp_path / f"{code}.sqlite", seed=seed, code=code, mothers=10)
        run_sync(laptop, study.roles[code])
    coordinator = add_coordinator(pg_url, "dinkes")
    coordinator_url = role_url(pg_url, coordinator.role)
    with psycopg.connect(pg_url) as owner:
        every = dict(owner.execute("SELECT site_code, count(*) FROM summary_pairing GROUP BY 1"))
    assert set(every) == {"AMP", "MTR"}
    with psycopg.connect(study.roles["AMP"]) as conn:
        seen = dict(conn.execute("SELECT site_code, count(*) FROM summary_pairing GROUP BY 1"))
        assert seen == {"AMP": every["AMP"]}
        joined = conn.execute(
            "SELECT count(*) FROM summary_pairing p JOIN mothers m ON m.id = p.mother_id"
        ).fetchone()[0]
        assert joined == every["AMP"]  # every row it sees is of a mother it may read
        for statement in (
            "UPDATE summary_pairing SET n_pairs = 0",
            "DELETE FROM summary_pairing",
            "INSERT INTO summary_stale (mother_id) VALUES ('x')",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege), conn.transaction():
                conn.execute(statement)
    with psycopg.connect(coordinator_url, password=coordinator.password) as conn:
        seen = dict(conn.execute("SELECT site_code, count(*) FROM summary_pairing GROUP BY 1"))
        assert seen == every
    # the site's summary on the server is the owner's summary of that site
    clock = FakeClock(NOW)
    mine = summarise_server(study.roles["AMP"], clock=clock, instrument=INSTRUMENT)
    theirs = summarise_server(
        pg_url, AnalysisFilter(site_codes=("AMP",)), clock=clock, instrument=INSTRUMENT
    )
    assert mine.analysis.n_pairs > 0
    assert {**as_json(mine), "filters": None} == {**as_json(theirs), "filters": None}


@pytest.fixture
def server(records, pg_url):  # noqa: F811
    copy_into_server(records, pg_url)
    return pg_url


def compare(server, records, flt=None, rules=(PairingRule.FIRST_LAST, PairingRule.MEANS)):  # noqa: F811
    clock = FakeClock(NOW)
    repo = open_for_reading(records, clock, check=False)
    try:
        for design in DESIGNS:
            chosen = AnalysisFilter(**{**(flt or AnalysisFilter()).__dict__, "design": design})
            for rule in rules:
                local = summarise_database(repo, chosen, rule, instrument=INSTRUMENT)
                for per_unit in (False, True):
                    remote = summarise_server(
                        server, chosen, rule, clock=clock, instrument=INSTRUMENT, per_unit=per_unit
                    )
                    assert as_json(remote) == as_json(local), (design, rule, per_unit)
                    if per_unit:
                        assert remote.pair_rows() == local.pair_rows()
    finally:
        repo.close()


def test_stale_mothers_are_computed_from_their_records(server, records):  # noqa: F811
    assert differences(server) == NOTHING
    with psycopg.connect(server) as conn:
        # rows that would change the figures if they were read: the mothers are stale
        conn.execute("ALTER TABLE summary_stale DISABLE TRIGGER summary_refresh")
        conn.execute(
            "UPDATE summary_pairing SET n_pairs = 0, n_voided = 7, age = 99"
            " WHERE mother_id IN (SELECT mother_id FROM summary_pairing ORDER BY mother_id"
            " LIMIT 25)"
        )
        conn.execute(
            "UPDATE summary_pairing SET slots_done = 0 WHERE mother_id IN (SELECT mother_id"
            " FROM summary_pairing ORDER BY mother_id DESC LIMIT 25)"
        )
        conn.execute(
            "INSERT INTO summary_stale (mother_id) SELECT DISTINCT mother_id FROM summary_pairing"
            " WHERE (n_pairs = 0 AND n_voided = 7) OR slots_done = 0"
        )
    compare(server, records)
    compare(
        server, records, AnalysisFilter(site_codes=("AMP", "MTR"), completed_follow_up_only=True)
    )


def test_stored_rows_out_of_date_would_show(server, records):  # noqa: F811
    """(The check above means something: the summary does read the stored rows.)"""
    clock = FakeClock(NOW)
    before = summarise_server(server, clock=clock, instrument=INSTRUMENT, per_unit=False)
    with psycopg.connect(server) as conn:
        conn.execute("UPDATE summary_pairing SET age = 99")
    after = summarise_server(server, clock=clock, instrument=INSTRUMENT, per_unit=False)
    assert before.characteristics != after.characteristics


@pytest.mark.parametrize(
    ("stored", "reading"), [("Asia/Makassar", "UTC"), ("UTC", "Asia/Jayapura")]
)
def test_a_summary_in_another_time_zone_counts_days_there(
    pg_url,
    records,  # noqa: F811
    stored,
    reading,
    monkeypatch,
):
    """The stored dose counts days in the zone of the server's set-up; a computer in
    another zone computes adherence from the records, as a laptop there would."""
    monkeypatch.setenv("TZ", stored)
    time.tzset()
    try:
        copy_into_server(records, pg_url)
        monkeypatch.setenv("TZ", reading)
        time.tzset()
        compare(pg_url, records)
    finally:
        monkeypatch.undo()
        time.tzset()


def test_init_fills_the_stored_rows_of_a_server_made_before_them(server, records):  # noqa: F811
    with psycopg.connect(server) as conn:
        for table in ("summary_pairing", "summary_stale", "summary_state"):
            conn.execute(f"DROP TABLE {table} CASCADE")
    clock = FakeClock(NOW)
    from_records = summarise_server(server, clock=clock, instrument=INSTRUMENT)  # no table
    init_server(server)
    assert differences(server) == NOTHING
    stored = summarise_server(server, clock=clock, instrument=INSTRUMENT)
    assert as_json(stored) == as_json(from_records)


def test_the_sessions_rule_and_session_filters_still_read_the_records(server, records):  # noqa: F811
    compare(server, records, AnalysisFilter(caregivers=("midwife",)), rules=tuple(PairingRule))
    compare(server, records, rules=(PairingRule.SESSIONS,))
