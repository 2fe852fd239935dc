"""The study server's password goes to libpq's password file, 0600, never elsewhere."""

from __future__ import annotations

import stat

import pytest

from oxytimer.storage.server import ServerError
from oxytimer.storage.server_password import entry_for, has_password, save_password
from oxytimer.storage.sync import without_password


@pytest.fixture
def pgpass(tmp_path, monkeypatch):
    path = tmp_path / "pg" / "pgpass"
    monkeypatch.setenv("PGPASSFILE", str(path))
    monkeypatch.delenv("PGPORT", raising=False)
    return path


def test_a_password_is_kept_in_a_private_file_one_line_per_server(pgpass):
    url = "postgresql://oxytimer_site_amp@db.example.org/study?sslmode=verify-full"
    assert not has_password(url)
    save_password(url, "first")
    assert stat.S_IMODE(pgpass.stat().st_mode) == 0o600
    assert pgpass.read_text() == "db.example.org:5432:study:oxytimer_site_amp:first\n"
    assert has_password(url)
    save_password("postgresql://other@db.example.org:6543/study", "x:y\\z")
    save_password(url, "second")  # replaces its own line, keeps the other
    assert pgpass.read_text().splitlines() == [
        "db.example.org:6543:study:other:x\\:y\\\\z",
        "db.example.org:5432:study:oxytimer_site_amp:second",
    ]
    assert stat.S_IMODE(pgpass.stat().st_mode) == 0o600
    assert sorted(p.name for p in pgpass.parent.iterdir()) == ["pgpass"]  # no leftovers


def test_what_libpq_matches_and_bad_addresses(pgpass):
    assert entry_for("postgresql://r@h/d") == ("h", "5432", "d", "r")
    assert entry_for("postgresql://r@h:7/") == ("h", "7", "r", "r")  # database = user
    assert entry_for("postgresql://r@/d") == ("localhost", "5432", "d", "r")
    for bad in ("postgresql://h/d", "mysql://r@h/d"):
        with pytest.raises(ServerError) as caught:
            save_password(bad, "pw")
        assert caught.value.code == "bad_address"
    with pytest.raises(ServerError):
        save_password("postgresql://r@h/d", "")
    assert not pgpass.exists()


def test_an_address_loses_its_password_before_it_is_kept():
    assert without_password("postgresql://r:secret@h:5/d?sslmode=require") == (
        "postgresql://r@h:5/d?sslmode=require",
        "secret",
    )
    assert without_password("postgresql://r@h/d") == ("postgresql://r@h/d", None)
