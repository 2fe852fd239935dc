"""The study server's set-up and access rules, on a real PostgreSQL (issue 15, items 1, 2, 5)."""

from __future__ import annotations

import sqlite3
import sys
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from click.testing import CliRunner

from oxytimer.cli import main
from oxytimer.storage import server_schema as ss
from oxytimer.storage.repository import Repository
from oxytimer.storage.server import (
    ServerError,
    ServerSchemaNewerError,
    add_coordinator,
    add_site,
    init_server,
)

NOW = "2026-12-02T01:00:00.000+00:00"


def login(url: str, role: str, password: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=f"{role}:{password}@{parts.hostname}:{parts.port}"))


def sqlite_columns(tmp_path) -> dict[str, list[str]]:
    repo = Repository.open(tmp_path / "laptop.sqlite")
    try:
        return {
            t: [r[1] for r in repo.db.execute(f"PRAGMA table_info([{t}])")]
            for t in ss.SERVER_TABLES
        }
    finally:
        repo.close()


def seed(url: str) -> None:
    """Two puskesmas, each with a mother, a session, a score, its items and audit rows."""
    with psycopg.connect(url) as conn:
        for site, code in (("s-amp", "AMP"), ("s-ckr", "CKR")):
            m, s, sc = f"m-{code}", f"x-{code}", f"sc-{code}"
            conn.execute(
                "INSERT INTO sites (id, code, name, created_at) VALUES (%s, %s, %s, %s)",
                [site, code, f"Puskesmas {code}", NOW],
            )
            conn.execute(
                "INSERT INTO mothers (id, site_id, study_code, enrolled_at) VALUES"
                " (%s, %s, %s, %s)",
                [m, site, f"{code}-A1", NOW],
            )
            conn.execute(
                "INSERT INTO sessions (id, mother_id, caregiver, planned_seconds,"
                " protocol_version, instrument_version, status, started_at) VALUES"
                " (%s, %s, 'husband', 240, '1.0.0', '1.0.0', 'completed', %s)",
                [s, m, NOW],
            )
            conn.execute(
                "INSERT INTO scores (id, session_id, kind, instrument_version, total, min_total,"
                " max_total, recorded_at) VALUES (%s, %s, 'pre', '1.0.0', 3, 0, 8, %s)",
                [sc, s, NOW],
            )
            conn.execute(
                "INSERT INTO score_items (score_id, item_id, value) VALUES (%s, 'drips', 1)", [sc]
            )
            for table, record in (("mothers", m), ("sessions", s), ("scores", sc)):
                conn.execute(
                    "INSERT INTO audit_log (id, at, operator, action, table_name, record_id)"
                    " VALUES (%s, %s, 'Bidan', 'insert', %s, %s)",
                    [f"a-{table}-{code}", NOW, table, record],
                )


def test_init_mirrors_the_sqlite_files_tables_and_columns(pg_url, tmp_path):
    result = init_server(pg_url)
    assert result.created and result.applied
    with psycopg.connect(pg_url) as conn:
        for table, columns in sqlite_columns(tmp_path).items():
            server = [
                r[0]
                for r in conn.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = %s"
                    " ORDER BY ordinal_position",
                    [table],
                )
            ]
            assert server == columns, table
        # SQLite's CHECK constraints hold on the server too
        with pytest.raises(psycopg.errors.CheckViolation):
            conn.execute(
                "INSERT INTO sites (id, code, name, created_at) VALUES ('x', '  ', 'n', 'now')"
            )


def test_init_again_is_a_no_op_and_a_newer_server_is_refused(pg_url):
    init_server(pg_url)
    again = init_server(pg_url)
    assert not again.created and again.applied == []
    with psycopg.connect(pg_url) as conn:
        conn.execute(f"INSERT INTO {ss.VERSION_TABLE} (name) VALUES ('9999_from_the_future')")
    with pytest.raises(ServerSchemaNewerError, match="newer version of oxytimer"):
        init_server(pg_url)
    result = CliRunner().invoke(main, ["server", "init", pg_url])
    assert result.exit_code == 1
    assert "newer version of oxytimer" in result.output
    assert "Traceback" not in result.output


def test_a_puskesmas_sees_and_writes_only_its_own_records(pg_url):
    init_server(pg_url)
    seed(pg_url)
    amp = add_site(pg_url, "AMP")
    assert amp.role == "oxytimer_site_amp" and len(amp.password) >= 20
    with psycopg.connect(login(pg_url, amp.role, amp.password)) as conn:
        for table in ("mothers", "sessions", "scores", "score_items", "audit_log"):
            rows = conn.execute(f"SELECT * FROM {table}").fetchall()
            assert rows, table
            text = repr(rows)
            assert "CKR" not in text and "AMP" in text, table
        # its own records: insert and update allowed
        conn.execute(
            "INSERT INTO mothers (id, site_id, study_code, enrolled_at) VALUES"
            " ('m-amp-2', 's-amp', 'AMP-A2', %s)",
            [NOW],
        )
        changed = conn.execute("UPDATE mothers SET age = 25 WHERE id = 'm-amp-2'")
        assert changed.rowcount == 1
        # the other site's mother: invisible to an update
        assert conn.execute("UPDATE mothers SET age = 30 WHERE id = 'm-CKR'").rowcount == 0
        conn.commit()
    # Refused by PostgreSQL itself: a mother for the other site, a session for the other
    # site's mother, a delete, an audit row about the other site's record.
    refused = [
        (
            "INSERT INTO mothers (id, site_id, study_code, enrolled_at) VALUES"
            " ('m-x', 's-ckr', 'CKR-X', 'now')",
            psycopg.errors.InsufficientPrivilege,
        ),
        (
            "INSERT INTO sessions (id, mother_id, caregiver, planned_seconds, protocol_version,"
            " instrument_version, status, started_at) VALUES ('x-x', 'm-CKR', 'husband', 240,"
            " '1', '1', 'completed', 'now')",
            psycopg.errors.InsufficientPrivilege,
        ),
        ("DELETE FROM mothers WHERE id = 'm-AMP'", psycopg.errors.InsufficientPrivilege),
        (
            "INSERT INTO audit_log (id, at, operator, action, table_name, record_id) VALUES"
            " ('a-x', 'now', 'x', 'update', 'mothers', 'm-CKR')",
            psycopg.errors.InsufficientPrivilege,
        ),
        (f"SELECT * FROM {ss.ROLES_TABLE}", psycopg.errors.InsufficientPrivilege),
    ]
    for statement, error in refused:
        with (
            psycopg.connect(login(pg_url, amp.role, amp.password)) as conn,
            pytest.raises(error),
        ):
            conn.execute(statement)


def test_the_audit_trail_refuses_update_and_delete_for_everyone(pg_url):
    init_server(pg_url)
    seed(pg_url)
    amp = add_site(pg_url, "AMP")
    for url in (pg_url, login(pg_url, amp.role, amp.password)):  # the owner too
        for statement in (
            "UPDATE audit_log SET reason = 'x' WHERE id = 'a-mothers-AMP'",
            "DELETE FROM audit_log WHERE id = 'a-mothers-AMP'",
        ):
            with (
                psycopg.connect(url) as conn,
                pytest.raises(psycopg.errors.InsufficientPrivilege),
            ):
                conn.execute(statement)
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT count(*) FROM audit_log").fetchone() == (6,)


def test_the_coordinator_reads_every_site_and_writes_nothing(pg_url):
    init_server(pg_url)
    seed(pg_url)
    coordinator = add_coordinator(pg_url, "dinkes")
    with psycopg.connect(login(pg_url, coordinator.role, coordinator.password)) as conn:
        codes = {r[0] for r in conn.execute("SELECT study_code FROM mothers")}
        assert codes == {"AMP-A1", "CKR-A1"}
        assert conn.execute("SELECT count(*) FROM audit_log").fetchone() == (6,)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE mothers SET age = 30")


def test_add_site_bad_input_is_a_sentence_and_writes_nothing(pg_url):
    runner = CliRunner()
    result = runner.invoke(main, ["server", "add-site", pg_url, "AMP"])
    assert result.exit_code == 1 and "not set up yet" in result.output
    init_server(pg_url)
    for code in ("a", "AMP;DROP", "123"):
        result = runner.invoke(main, ["server", "add-site", pg_url, code])
        assert result.exit_code == 1 and "is not a site code" in result.output
    result = runner.invoke(main, ["server", "add-site", pg_url, "amp"])
    assert result.exit_code == 0, result.output
    assert "password:" in result.output and "oxytimer_site_amp" in result.output
    again = runner.invoke(main, ["server", "add-site", pg_url, "AMP"])
    assert again.exit_code == 1 and "already has a role" in again.output
    with psycopg.connect(pg_url) as conn:
        assert conn.execute(f"SELECT count(*) FROM {ss.ROLES_TABLE}").fetchone() == (1,)


def test_connection_failures_are_sentences(pg_url):
    parts = urlsplit(pg_url)
    wrong = urlunsplit(
        parts._replace(netloc=f"{parts.username}:nope@{parts.hostname}:{parts.port}")
    )
    with pytest.raises(ServerError, match="refused the user name or password") as caught:
        init_server(wrong)
    assert "nope" not in str(caught.value)  # the password is never echoed
    closed = urlunsplit(parts._replace(netloc=f"{parts.username}@127.0.0.1:1"))
    with pytest.raises(ServerError, match="No server answers"):
        init_server(closed)
    missing = urlunsplit(parts._replace(path="/no_such_database"))
    with pytest.raises(ServerError, match="no such database"):
        init_server(missing)


def test_without_the_driver_the_cli_says_what_to_install(pg_url, monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg fails
    result = CliRunner().invoke(main, ["server", "init", pg_url])
    assert result.exit_code == 1
    assert "pip install 'oxytimer[server]'" in result.output


def test_a_laptop_database_rows_fit_the_server_schema(pg_url, tmp_path):
    """Every column of every record table takes the laptop's values as they are."""
    init_server(pg_url)
    from oxytimer.storage.demo import fill_demo

    path = tmp_path / "demo.sqlite"
    repo = Repository.open(path)
    fill_demo(repo, mothers=5, seed=1)
    repo.close()
    with sqlite3.connect(path) as lite, psycopg.connect(pg_url) as conn:
        for table in ss.SERVER_TABLES:
            cursor = lite.execute(f"SELECT * FROM {table}")
            names = [d[0] for d in cursor.description]
            rows = cursor.fetchall()
            marks = ", ".join(["%s"] * len(names))
            with conn.cursor() as cur:
                cur.executemany(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})", rows)
            count = conn.execute(f"SELECT count(*) FROM {table}").fetchone()
            assert count == (len(rows),), table
