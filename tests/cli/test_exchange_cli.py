"""The import and export commands, through click's runner."""

import csv
import hashlib

import pytest
from click.testing import CliRunner

from oxytimer.cli import main
from oxytimer.storage.repository import Repository

GOOD = (
    "participant,site,pre,post,date\n"
    "MTR-001,AMP,1,4,2026-01-02 07:00\nMTR-002,CKR,0,3,03/01/2026 16:00\n"
)


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def db(tmp_path):
    return tmp_path / "oxy.sqlite"


def invoke(runner, db, *args):
    return runner.invoke(main, ["--db", str(db), *args], catch_exceptions=False)


def test_import_then_export(runner, db, tmp_path):
    source = tmp_path / "paper.csv"
    source.write_text(GOOD)
    result = invoke(runner, db, "import", str(source))
    assert result.exit_code == 0, result.output
    assert "Imported 2 session(s), 2 new mother(s)" in result.output
    again = invoke(runner, db, "import", str(source))
    assert again.exit_code == 0 and "Nothing new" in again.output
    assert "2 row(s) were imported before" in again.output

    out = tmp_path / "out"
    result = invoke(runner, db, "export", "--out", str(out))
    assert result.exit_code == 0, result.output
    with open(out / "sessions.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["site"], r["study_code"], r["pre_total"], r["post_total"]) for r in rows] == [
        ("AMP", "MTR-001", "1", "4"),
        ("CKR", "MTR-002", "0", "3"),
    ]
    for fmt, expected in (("redcap", "redcap_records.csv"), ("bundle", "oxytimer-bundle-")):
        result = invoke(runner, db, "export", "--out", str(out), "--format", fmt)
        assert result.exit_code == 0, result.output
        assert expected in result.output


def test_bad_file_lists_rows_and_writes_nothing(runner, db, tmp_path):
    source = tmp_path / "paper.csv"
    source.write_text(
        "participant;site;pre;post;date\nMTR-001;AMP;1;4;2026-01-02 07:00\n"
        "MTR-002;AMP;12;4;2026-01-02 07:00\n;AMP;1;x;2026-01-02 07:00\n"
        "MTR-003;AMP;1;4;2026-01-02\nMTR-001;AMP;1;5;02/01/2026 07:00\n"
    )
    result = invoke(runner, db, "import", str(source))
    assert result.exit_code == 1
    assert "5 problem(s); nothing was imported" in result.stderr
    assert "line 3, column pre, value '12': must be from 0 to 8" in result.stderr
    assert "line 4, column participant: value required" in result.stderr
    assert "line 4, column post, value 'x': not a number" in result.stderr
    assert "line 5, column date, value '2026-01-02': the time of day is missing" in result.stderr
    assert (
        "line 6, column date, value '02/01/2026 07:00': same participant and time as line 2"
        in result.stderr
    )
    repo = Repository.open(db)
    assert repo.db.execute("SELECT count(*) FROM sessions").fetchone()[0] == 0
    repo.close()


def test_dry_run_writes_nothing(runner, db, tmp_path):
    source = tmp_path / "paper.csv"
    source.write_text(GOOD)
    result = invoke(runner, db, "import", "--dry-run", str(source))
    assert result.exit_code == 0 and "Would import 2 session(s)" in result.output
    repo = Repository.open(db)
    assert repo.db.execute("SELECT count(*) FROM sessions").fetchone()[0] == 0
    repo.close()


def test_export_needs_an_existing_database(runner, db, tmp_path):
    result = invoke(runner, db, "export", "--out", str(tmp_path))
    assert result.exit_code == 1 and "no database at" in result.stderr
    assert not db.exists()


def test_missing_extra_is_a_clear_error(runner, db, tmp_path, monkeypatch):
    from oxytimer.storage import exchange

    def missing(*args, **kwargs):
        raise exchange.MissingExtraError("openpyxl", "xlsx")

    monkeypatch.setattr(exchange, "export_xlsx", missing)
    Repository.open(db).close()
    result = invoke(runner, db, "export", "--format", "xlsx", "--out", str(tmp_path))
    assert result.exit_code == 1
    assert "pip install 'oxytimer[xlsx]'" in result.stderr


def damage(path):
    data = bytearray(path.read_bytes())
    for offset in range(4096, min(len(data), 4096 * 3), 7):
        data[offset] = 0xA5
    path.write_bytes(bytes(data))


def test_damaged_database_is_refused_and_not_written(runner, db, tmp_path):
    source = tmp_path / "paper.csv"
    source.write_text(GOOD)
    assert invoke(runner, db, "import", str(source)).exit_code == 0
    damage(db)
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    for args in (["import", str(source)], ["export", "--out", str(tmp_path / "o")]):
        result = invoke(runner, db, *args)
        assert result.exit_code == 1
        assert "damaged" in result.stderr
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest


def test_newer_database_is_refused(runner, db, tmp_path):
    repo = Repository.open(db)
    repo.db.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
        " VALUES ('oxytimer', '9999_future', 'x')"
    )
    repo.close()
    source = tmp_path / "paper.csv"
    source.write_text(GOOD)
    result = invoke(runner, db, "import", str(source))
    assert result.exit_code == 1 and "newer version of oxytimer" in result.stderr


def test_a_year_0001_date_is_one_line_not_a_traceback(runner, db, tmp_path):
    source = tmp_path / "paper.csv"
    source.write_text("participant,site,pre,post,date\nMTR-001,AMP,1,4,01/01/0001 07:30\n")
    result = runner.invoke(main, ["--db", str(db), "import", str(source)])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert "line 2, column date, value '01/01/0001 07:30': not a date and time" in result.output
    assert Repository.open(db).db.execute("SELECT count(*) FROM sessions").fetchone()[0] == 0


def test_an_unreadable_file_is_a_sentence(runner, db, tmp_path, monkeypatch):
    """A stick that fails while the file is read (EIO) gives a sentence, not a traceback."""
    import builtins
    import errno

    source = tmp_path / "paper.csv"
    source.write_text(GOOD)
    real_open = builtins.open

    def failing_open(path, *args, **kwargs):
        if str(path) == str(source):
            raise OSError(errno.EIO, "Input/output error")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", failing_open)
    result = runner.invoke(main, ["--db", str(db), "import", str(source)])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert f"oxytimer: cannot read {source}: Input/output error" in result.output


def test_identifying_exports_warn(runner, db, tmp_path):
    source = tmp_path / "paper.csv"
    source.write_text(GOOD)
    invoke(runner, db, "import", str(source))
    plain = invoke(runner, db, "export", "--out", str(tmp_path / "a"))
    assert "Warning" not in plain.output
    named = invoke(runner, db, "export", "--identifying", "--out", str(tmp_path / "b"))
    assert named.exit_code == 0
    assert "Warning: these files identify mothers" in named.output


@pytest.mark.parametrize("fmt", ["csv", "redcap", "sav"])
def test_an_export_that_fails_half_way_writes_no_file(runner, db, tmp_path, monkeypatch, fmt):
    """The disk fills up after the first of a format's files: neither is written (not the
    first beside an older version of the second), and the sentence says why."""
    import errno
    import os

    from oxytimer.storage import export_files

    source = tmp_path / "paper.csv"
    source.write_text(GOOD)
    assert invoke(runner, db, "import", str(source)).exit_code == 0
    out = tmp_path / "out"
    out.mkdir()
    real_fsync, calls = os.fsync, []

    def fsync(fd):
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(fd)

    monkeypatch.setattr(export_files.os, "fsync", fsync)
    result = invoke(runner, db, "export", "--out", str(out), "--format", fmt)
    assert result.exit_code == 1
    assert os.listdir(out) == []  # nothing under a final name, no staging folder left
    assert result.stderr == (
        f"oxytimer: nothing was exported: the disk of {out} is full."
        " Free some space and export again.\n"
    )


def test_commands_beside_the_running_app_leave_the_stored_summary_to_it(runner, db, tmp_path):
    """Export and verify may run while the app has the database open; refreshing the
    stored summary there would hold the app's saves for as long as it takes (a minute
    after a large merge), so they leave it to the app, which refreshes when it closes."""
    import os
    import sqlite3

    source = tmp_path / "paper.csv"
    source.write_text(GOOD)
    assert invoke(runner, db, "import", str(source)).exit_code == 0

    def stale():
        conn = sqlite3.connect(db)
        try:
            if not stale.marked:
                conn.execute("INSERT INTO summary_stale SELECT id FROM mothers")
                conn.commit()
                stale.marked = True
            return conn.execute("SELECT count(*) FROM summary_stale").fetchone()[0]
        finally:
            conn.close()

    stale.marked = False
    assert stale() == 2
    lock = tmp_path / "oxy.sqlite.lock"
    lock.write_text(f"{os.getppid()}\noxytimer\n{os.uname()[1]}\n")  # the app, running
    assert invoke(runner, db, "export", "--out", str(tmp_path / "out")).exit_code == 0
    assert invoke(runner, db, "verify").exit_code == 0
    listed = invoke(runner, db, "conflicts")  # (it only reads: not refused)
    assert listed.exit_code == 0 and listed.output == "No open conflicts.\n"
    assert stale() == 2
    lock.unlink()  # the app closed: a command refreshes as it closes
    assert invoke(runner, db, "verify").exit_code == 0
    assert stale() == 0
