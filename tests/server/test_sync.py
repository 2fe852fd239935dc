"""Laptops syncing through a real study server (issue 15, items 2 and 3)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from oxytimer.cli import main
from oxytimer.storage.repository import Repository
from oxytimer.storage.sync import saved_server, sync

from .sync_helpers import count, count_text, laptop_records, make_laptop, make_study, server_records


@pytest.fixture(autouse=True)
def pgpass(tmp_path, monkeypatch):
    """libpq's password file of this test (never the real ~/.pgpass)."""
    path = tmp_path / "pgpass"
    monkeypatch.setenv("PGPASSFILE", str(path))
    return path


def unlocked_mother(path):
    """The first mother of the laptop at ``path``, unlocked there (demo mothers are closed)."""
    repo = Repository.open(path)
    try:
        mother = repo.db.execute("SELECT id FROM mothers ORDER BY study_code").fetchone()[0]
        repo.unlock_record(mother, "to correct her age")
        return mother
    finally:
        repo.close()


def set_age(path, mother, age, reason):
    repo = Repository.open(path)
    try:
        repo.correct_mother(mother, "age", age, reason)
    finally:
        repo.close()


def run_sync(path, url=None, **kwargs):
    repo = Repository.open(path)
    try:
        return sync(repo, url, **kwargs)
    finally:
        repo.close()


def test_two_laptops_of_one_site_end_with_identical_records(pg_url, tmp_path):
    study = make_study(pg_url, "AMP")
    # b made first: its site rows are older, and the server and a take b's creation time
    b = make_laptop(tmp_path / "b.sqlite", seed=2, code="AMP")
    a = make_laptop(tmp_path / "a.sqlite", seed=1, code="AMP")
    created = "SELECT created_at FROM sites WHERE code = 'AMP'"
    earlier = count_text(b, created)
    assert earlier < count_text(a, created)
    mothers_a = count(a, "SELECT count(*) FROM mothers")
    mothers_b = count(b, "SELECT count(*) FROM mothers")
    first = run_sync(a, study.roles["AMP"])
    assert first.pushed.added["mothers"] == mothers_a and first.pulled.total_added == 0
    second = run_sync(b, study.roles["AMP"])
    assert second.pulled.added["mothers"] == mothers_a
    assert second.pushed.added["mothers"] == mothers_b
    third = run_sync(a)  # the saved server
    assert third.pulled.added["mothers"] == mothers_b and third.pushed.total_added == 0
    assert third.conflicts == 0
    assert laptop_records(a, "AMP") == laptop_records(b, "AMP") == server_records(pg_url, "AMP")
    assert count(a, "SELECT count(*) FROM mothers") == mothers_a + mothers_b
    assert count_text(a, created) == count_text(b, created) == earlier
    # idempotent: again, both ways, nothing moves; only what arrived since the last sync
    # is compared (the sites apart), unless asked to compare everything
    for path in (a, b):
        again = run_sync(path)
        assert again.pulled.total_added == again.pushed.total_added == 0
        assert sum(again.pulled.updated.values()) == sum(again.pushed.updated.values()) == 0
        compared = sum(again.pulled.unchanged.values()) - again.pulled.unchanged["sites"]
        assert compared == 0 and again.pushed.unchanged["mothers"] == 0
        full = run_sync(path, full=True)
        assert full.pulled.total_added == full.pushed.total_added == 0
        assert full.pulled.unchanged["mothers"] == full.pushed.unchanged["mothers"] > 0
    # the audit trail of each laptop is intact (merged rows chained as they arrived)
    result = CliRunner().invoke(main, ["--db", str(b), "verify"])
    assert result.exit_code == 0, result.output


def test_an_audited_change_reaches_the_other_laptop(pg_url, tmp_path):
    study = make_study(pg_url, "AMP")
    a = make_laptop(tmp_path / "a.sqlite", seed=1, code="AMP")
    b = make_laptop(tmp_path / "b.sqlite", seed=2, code="AMP")
    for path in (a, b, a):
        run_sync(path, study.roles["AMP"])
    mother = unlocked_mother(a)
    set_age(a, mother, 33, "age misread")
    run_sync(a)
    result = run_sync(b)
    assert result.pulled.updated["mothers"] == 1 and result.conflicts == 0
    assert count(b, f"SELECT age FROM mothers WHERE id = '{mother}'") == 33
    assert laptop_records(a, "AMP") == laptop_records(b, "AMP")


def test_a_record_changed_on_two_laptops_is_held_back_and_resolved_as_in_a_merge(pg_url, tmp_path):
    from oxytimer.storage.conflicts import choose_values, open_conflicts

    study = make_study(pg_url, "AMP")
    a = make_laptop(tmp_path / "a.sqlite", seed=1, code="AMP")
    b = make_laptop(tmp_path / "b.sqlite", seed=2, code="AMP")
    mother = unlocked_mother(a)
    for path in (a, b, a):
        run_sync(path, study.roles["AMP"])
    set_age(a, mother, 31, "on laptop A")
    set_age(b, mother, 35, "on laptop B")
    run_sync(a)
    runner = CliRunner()
    held = runner.invoke(main, ["--db", str(b), "sync"])
    assert held.exit_code == 3, held.output
    assert "held back" in held.output and "Traceback" not in held.output
    assert count(b, f"SELECT age FROM mothers WHERE id = '{mother}'") == 35  # nothing overwritten
    repo = Repository.open(b)
    (found,) = open_conflicts(repo.db)
    assert found.kind == "different_content" and found.record_id == mother
    choose_values(repo, found.id, "asked the mother", take="theirs")
    repo.close()
    assert runner.invoke(main, ["--db", str(b), "sync"]).exit_code == 0
    assert run_sync(a).conflicts == 0
    assert count(a, f"SELECT age FROM mothers WHERE id = '{mother}'") == 31
    assert laptop_records(a, "AMP") == laptop_records(b, "AMP") == server_records(pg_url, "AMP")


def test_a_laptop_of_another_site_gets_none_and_the_server_refuses_it(pg_url, tmp_path):
    import psycopg

    from oxytimer.storage.merge import merge_databases

    study = make_study(pg_url, "AMP", "CKR")
    a = make_laptop(tmp_path / "a.sqlite", seed=1, code="AMP")
    run_sync(a, study.roles["AMP"])
    c = make_laptop(tmp_path / "c.sqlite", seed=3, code="CKR")
    result = run_sync(c, study.roles["CKR"])
    assert result.pulled.added["mothers"] == 0
    assert laptop_records(c, "AMP")["mothers"] == []
    # A copy of AMP's file merged into this laptop is not sent with CKR's role ...
    repo = Repository.open(c)
    merge_databases(repo, [a])
    repo.close()
    again = run_sync(c)
    assert again.other_sites_mothers == count(a, "SELECT count(*) FROM mothers")
    assert again.pushed.added["mothers"] == 0
    # ... and the server itself refuses CKR's role anything of AMP's: it sees no row,
    # may change none, and may add none.
    amp = server_records(pg_url, "AMP")
    mother = amp["mothers"][0]
    mother_id = dict(mother)["id"]
    session_id = dict(amp["sessions"][0])["id"]
    with psycopg.connect(study.roles["CKR"]) as conn:
        for table in ("mothers", "sessions", "scores", "audit_log"):
            rows = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            mine = len(server_records(pg_url, "CKR")[table])
            assert rows == mine, table  # only CKR's own
        assert conn.execute("SELECT * FROM mothers WHERE id = %s", [mother_id]).fetchall() == []
        arrived = conn.execute("SELECT count(*) FROM oxytimer_arrivals").fetchone()[0]
        assert arrived == len(server_records(pg_url, "CKR")["audit_log"])
        assert conn.execute("UPDATE mothers SET age = 20 WHERE id = %s", [mother_id]).rowcount == 0
        assert (
            conn.execute("UPDATE sessions SET ended_at = 'x' WHERE id = %s", [session_id]).rowcount
            == 0
        )
    with (
        psycopg.connect(study.roles["CKR"]) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        conn.execute(
            "INSERT INTO audit_log (id, at, operator, action, table_name, record_id)"
            " VALUES ('x', 'now', 'x', 'update', 'mothers', %s)",
            [mother_id],
        )
    # the role's pushes are checked by the server: a push of AMP's mother is refused
    from oxytimer.storage.sync_rows import ServerTarget, Trips

    with (
        psycopg.connect(study.roles["CKR"]) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        row = dict(mother)
        row["id"] = "another-id"
        row["study_code"] = "AMP-ZZ001"
        ServerTarget(conn, Trips()).insert("mothers", [row])


def test_the_audit_trail_on_the_server_refuses_update_and_delete_after_a_sync(pg_url, tmp_path):
    import psycopg

    study = make_study(pg_url, "AMP")
    a = make_laptop(tmp_path / "a.sqlite", seed=1, code="AMP")
    run_sync(a, study.roles["AMP"])
    for url in (study.roles["AMP"], pg_url):
        for statement in ("UPDATE audit_log SET reason = 'x'", "DELETE FROM audit_log"):
            with psycopg.connect(url) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
    assert len(server_records(pg_url, "AMP")["audit_log"]) == len(
        laptop_records(a, "AMP")["audit_log"]
    )


def test_the_cli_keeps_a_given_password_in_libpqs_file_and_the_address_without_it(
    pg_url, tmp_path, pgpass
):
    from urllib.parse import urlsplit, urlunsplit

    study = make_study(pg_url, "AMP")
    pgpass.write_text("")  # as on a new laptop
    a = make_laptop(tmp_path / "a.sqlite", seed=1, code="AMP", mothers=2)
    parts = urlsplit(study.roles["AMP"])
    password = study.passwords["AMP"]
    with_password = urlunsplit(
        parts._replace(netloc=f"{parts.username}:{password}@{parts.hostname}:{parts.port}")
    )
    result = CliRunner().invoke(main, ["--db", str(a), "sync", with_password])
    assert result.exit_code == 0, result.output
    assert "Synced with" in result.output and password not in result.output
    assert password in pgpass.read_text()
    repo = Repository.open(a)
    assert saved_server(repo.db).url == study.roles["AMP"]
    repo.close()
    for written in tmp_path.glob("a.sqlite*"):
        assert password.encode() not in written.read_bytes()
    # next time: no address, no password
    again = CliRunner().invoke(main, ["--db", str(a), "sync"])
    assert again.exit_code == 0 and "0 row(s) received, 0 row(s) sent" in again.output


def test_a_study_code_given_on_two_laptops_is_renamed_here_and_both_mothers_arrive(
    pg_url, tmp_path
):
    from oxytimer.storage.conflicts import open_conflicts, rename_mother

    study = make_study(pg_url, "AMP")
    a = make_laptop(tmp_path / "a.sqlite", seed=1, code="AMP", mothers=1)
    b = make_laptop(tmp_path / "b.sqlite", seed=2, code="AMP", mothers=1)
    for path in (a, b):  # the same code, typed by hand on both laptops
        repo = Repository.open(path)
        repo.add_mother(repo.site_id("AMP"), "AMP-P001")
        repo.close()
    run_sync(a, study.roles["AMP"])
    held = run_sync(b, study.roles["AMP"])
    assert held.conflicts == 1
    assert {c.code for c in held.pulled.conflicts} == {"study_code_taken"}
    repo = Repository.open(b)
    (found,) = open_conflicts(repo.db)
    rename_mother(repo, found.id, "AMP-P002", "two mothers, one code")
    repo.close()
    assert run_sync(b).conflicts == 0
    assert run_sync(a).conflicts == 0
    codes = "SELECT group_concat(study_code) FROM (SELECT study_code FROM mothers"
    codes += " WHERE study_code LIKE 'AMP-P%' ORDER BY 1)"
    assert count_text(a, codes) == count_text(b, codes) == "AMP-P001,AMP-P002"
    assert laptop_records(a, "AMP") == laptop_records(b, "AMP") == server_records(pg_url, "AMP")
