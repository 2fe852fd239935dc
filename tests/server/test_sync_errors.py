"""Each way a sync cannot run is one sentence, exit 1, and changes nothing here (issue 15)."""

from __future__ import annotations

import socket
import stat
import sys
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from click.testing import CliRunner

from oxytimer.cli import main
from oxytimer.storage import server_schema as ss
from oxytimer.storage.repository import Repository
from oxytimer.storage.server import ServerError, init_server
from oxytimer.storage.server_password import save_password
from oxytimer.storage.sync import sync

from .sync_helpers import count, make_laptop, make_study, role_url


@pytest.fixture(autouse=True)
def pgpass(tmp_path, monkeypatch):
    path = tmp_path / "pgpass"
    monkeypatch.setenv("PGPASSFILE", str(path))
    return path


@pytest.fixture
def laptop(tmp_path):
    return make_laptop(tmp_path / "a.sqlite", seed=1, code="AMP", mothers=2)


def cli_sync(path, *args):
    result = CliRunner().invoke(main, ["--db", str(path), "sync", *args])
    assert "Traceback" not in result.output
    return result


def sentence(result) -> str:
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("oxytimer:")]
    assert len(lines) == 1, result.output
    return lines[0]


def with_path(url: str, database: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{database}"))


def test_a_laptop_that_never_synced_is_told_what_to_give(laptop):
    line = sentence(cli_sync(laptop))
    assert "never synced" in line and "postgresql://" in line


def test_without_the_driver_it_says_what_to_install(laptop, pg_url, monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)
    line = sentence(cli_sync(laptop, pg_url))
    assert "pip install 'oxytimer[server]'" in line


def test_password_refused_missing_wrong_database_not_set_up(laptop, pg_url, pgpass):
    study = make_study(pg_url, "AMP")
    amp = study.roles["AMP"]
    before = count(laptop, "SELECT count(*) FROM audit_log")
    # the role's password in libpq's file is wrong
    save_password(amp, "not-the-password")
    line = sentence(cli_sync(laptop, amp))
    assert "refused the user name or password" in line and "not-the-password" not in line
    # no password at all for that address
    pgpass.write_text("")
    line = sentence(cli_sync(laptop, amp))
    assert "asks for a password and none is saved" in line
    # a database that does not exist
    missing = with_path(amp, "no_such_study")
    save_password(missing, study.passwords["AMP"])
    line = sentence(cli_sync(laptop, missing))
    assert "no such database" in line
    # a database that exists but holds no study (the superuser's own, with its password:
    # kept in libpq's file, never in oxytimer's)
    parts = urlsplit(pg_url)
    postgres = with_path(pg_url, "postgres")
    line = sentence(cli_sync(laptop, postgres))
    assert "holds no oxytimer study" in line
    assert parts.password in pgpass.read_text()
    assert stat.S_IMODE(pgpass.stat().st_mode) == 0o600
    for written in laptop.parent.glob("a.sqlite*"):  # nor anywhere in the database
        assert parts.password.encode() not in written.read_bytes()
    assert count(laptop, "SELECT count(*) FROM audit_log") == before


def test_a_server_role_that_is_no_puskesmas_and_servers_of_other_versions(laptop, pg_url):
    init_server(pg_url)
    parts = urlsplit(pg_url)
    owner = role_url(pg_url, parts.username)
    save_password(owner, parts.password)
    line = sentence(cli_sync(laptop, owner))
    assert "is not a puskesmas role" in line
    study = make_study(pg_url, "AMP")
    with psycopg.connect(pg_url) as conn:
        conn.execute("ALTER TABLE sessions DROP COLUMN design")
    assert "older than this oxytimer" in sentence(cli_sync(laptop, study.roles["AMP"]))
    with psycopg.connect(pg_url) as conn:
        conn.execute(f"INSERT INTO {ss.VERSION_TABLE} (name) VALUES ('9999_from_the_future')")
    assert "newer version of oxytimer" in sentence(cli_sync(laptop, study.roles["AMP"]))


def test_a_server_that_does_not_answer_times_out(laptop):
    with socket.socket() as silent:  # accepts the connection, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        port = silent.getsockname()[1]
        repo = Repository.open(laptop)
        try:
            with pytest.raises(ServerError) as caught:
                sync(repo, f"postgresql://oxytimer_site_amp@127.0.0.1:{port}/study", timeout=2)
        finally:
            repo.close()
    assert caught.value.code == "timeout"
    assert "did not answer in time" in str(caught.value)
