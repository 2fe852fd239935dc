"""The summary on a study server (issue 15, item 4): the server pairs and aggregates,
and gives exactly the figures of the same records in one SQLite file, for every design,
pairing rule and filter, in two time zones; on the command line with every format.
"""

from __future__ import annotations

import json
import sqlite3
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner

from oxytimer.cli import main
from oxytimer.domain.clock import FakeClock
from oxytimer.domain.instrument import load_instrument
from oxytimer.domain.pairing import PairingRule
from oxytimer.storage import server_schema as ss
from oxytimer.storage.analysis import DESIGNS, AnalysisFilter
from oxytimer.storage.demo import fill_demo
from oxytimer.storage.merge import merge_databases
from oxytimer.storage.repository import Repository
from oxytimer.storage.server import ServerError, init_server
from oxytimer.storage.summary import open_for_reading, summarise_database, summarise_server

INSTRUMENT = load_instrument()
NOW = datetime(2026, 4, 5, 23, 0, tzinfo=UTC)


def copy_into_server(path: Path, url: str) -> None:
    """Every record of the SQLite file at ``path`` into the server at ``url`` (COPY)."""
    init_server(url)
    source = sqlite3.connect(path)
    try:
        with psycopg.connect(url) as conn:
            for table in ss.SERVER_TABLES:
                columns = ", ".join(r[1] for r in source.execute(f"PRAGMA table_info({table})"))
                with conn.cursor().copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in source.execute(f"SELECT {columns} FROM {table} ORDER BY rowid"):
                        copy.write_row(row)
    finally:
        source.close()


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    """A demo database of 120 mothers over two laptops' seeds, with withdrawals, voided
    sessions and the earlier design's sessions beside the assessments."""
    folder = tmp_path_factory.mktemp("server-summary")
    path, other = folder / "merged.sqlite", folder / "other.sqlite"
    clock = FakeClock(NOW - timedelta(days=4))
    repo = Repository.open(other, clock, operator="test")
    fill_demo(repo, mothers=60, seed=8)
    repo.close()
    clock.set_utc(NOW - timedelta(days=9))
    repo = Repository.open(path, clock, operator="test")
    fill_demo(repo, mothers=60, seed=3)
    merge_databases(repo, [other])
    clock.set_utc(NOW - timedelta(days=1))
    sessions = repo.db.execute(
        "SELECT x.id FROM sessions x JOIN mothers m ON m.id = x.mother_id"
        " WHERE x.status = 'completed' AND m.locked = 0 ORDER BY x.id LIMIT 4"
    ).fetchall()
    for (session_id,) in sessions:
        repo.void_session(session_id, "duplicate entry")
    enrolled = repo.db.execute(
        "SELECT id FROM mothers WHERE status = 'enrolled' AND locked = 0 ORDER BY id LIMIT 3"
    ).fetchall()
    for (mother_id,) in enrolled:
        repo.withdraw(mother_id, "moved away", date(2026, 4, 3))
    repo.close()
    return path


@pytest.fixture
def server(records, pg_url):
    copy_into_server(records, pg_url)
    return pg_url


def as_json(summary) -> dict:
    found = summary.to_dict()
    found["source"].pop("name")  # a file's path, the server's address
    return json.loads(json.dumps(found, allow_nan=True))


FILTERS = [
    AnalysisFilter(),
    AnalysisFilter(site_codes=("AMP", "MTR")),
    AnalysisFilter(caregivers=("midwife",)),
    AnalysisFilter(protocol_versions=("2.0.0",)),
    AnalysisFilter(completed_follow_up_only=True),
    AnalysisFilter(enrolled_from=date(2026, 3, 28), enrolled_to=date(2026, 4, 1)),
    AnalysisFilter(instrument_versions=(INSTRUMENT.version,)),
]


@pytest.mark.parametrize("zone", ["UTC", "Asia/Makassar"])
def test_the_server_summary_equals_the_merged_files(server, records, zone, monkeypatch):
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        clock = FakeClock(NOW)
        repo = open_for_reading(records, clock, check=False)
        try:
            compared = 0
            for design in DESIGNS:
                for flt in FILTERS:
                    chosen = AnalysisFilter(**{**flt.__dict__, "design": design})
                    for rule in PairingRule:
                        local = summarise_database(repo, chosen, rule, instrument=INSTRUMENT)
                        remote = summarise_server(
                            server, chosen, rule, clock=clock, instrument=INSTRUMENT
                        )
                        assert as_json(remote) == as_json(local), (design, flt, rule)
                        compared += bool(local.pre)
            assert compared > 20  # most combinations have pairs
        finally:
            repo.close()
    finally:
        monkeypatch.undo()
        time.tzset()


@pytest.mark.parametrize("fmt", ["text", "json", "csv"])
def test_summary_command_on_a_server_url(server, records, fmt):
    runner = CliRunner()
    args = ["summary", "--format", fmt, "--design", "full_checklist", "--site", "AMP"]
    remote = runner.invoke(main, ["--db", server, *args])
    local = runner.invoke(main, ["--db", str(records), *args])
    assert remote.exit_code == 0, remote.output
    assert local.exit_code == 0, local.output
    if fmt == "json":
        remote_json, local_json = json.loads(remote.output), json.loads(local.output)
        for found in (remote_json, local_json):
            found["source"].pop("name")
            found["versions"].pop("generated_at", None)
        assert remote_json == local_json
    elif fmt == "csv":
        assert remote.output == local.output
    else:
        assert "Wilcoxon" in remote.output
        assert server.split("@")[-1] in remote.output or "database" in remote.output


def test_a_server_that_is_not_there_is_a_sentence(pg_url):
    closed = pg_url.replace(pg_url.split("@")[1].split("/")[0], "127.0.0.1:1")
    with pytest.raises(ServerError):
        summarise_server(closed)
    result = CliRunner().invoke(main, ["--db", closed, "summary"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "No server answers" in result.output


def test_a_database_without_the_study_tables_is_a_sentence(pg_url):
    result = CliRunner().invoke(main, ["--db", pg_url, "summary"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "server init" in result.output


def test_export_from_a_server_is_the_files_export(server, records, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    runner = CliRunner()
    for source, folder in ((server, "server"), (str(records), "file")):
        result = runner.invoke(
            main, ["--db", source, "export", "--identifying", "--out", str(tmp_path / folder)]
        )
        assert result.exit_code == 0, result.output
    for name in ("sessions.csv", "mothers.csv"):
        from_server = (tmp_path / "server" / name).read_text(encoding="utf-8")
        assert from_server == (tmp_path / "file" / name).read_text(encoding="utf-8")
        assert from_server.count("\n") > 100

    # de-identified by default: pseudonyms of this computer's key for the server, stable
    ids = [r[0] for r in sqlite3.connect(records).execute("SELECT id FROM sessions")]
    for attempt in ("one", "two"):
        result = runner.invoke(main, ["--db", server, "export", "--out", str(tmp_path / attempt)])
        assert result.exit_code == 0, result.output
    text = (tmp_path / "one" / "sessions.csv").read_text(encoding="utf-8")
    assert not any(i in text for i in ids[:50])
    assert text == (tmp_path / "two" / "sessions.csv").read_text(encoding="utf-8")
    keys = list((tmp_path / "data").rglob("*.key"))
    assert len(keys) == 1 and keys[0].stat().st_mode & 0o777 == 0o600

    refused = runner.invoke(main, ["--db", server, "export", "--format", "bundle"])
    assert refused.exit_code == 1 and "Traceback" not in refused.output
    assert "nothing was exported" in refused.output
