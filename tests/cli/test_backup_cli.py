"""The backup and restore commands."""

import hashlib
import shutil
import stat

from click.testing import CliRunner

from oxytimer.cli import main
from oxytimer.storage.repository import Repository


def invoke(db, *args, input=None):
    return CliRunner().invoke(main, ["--db", str(db), *args], catch_exceptions=False, input=input)


def make_db(path, *codes):
    repo = Repository.open(path)
    repo.ensure_sites([("AMP", "Puskesmas Ampenan")])
    for code in codes:
        repo.add_mother(repo.site_id("AMP"), code)
    repo.close()


def study_codes(path):
    repo = Repository.open(path)
    try:
        return [m.study_code for m in repo.mothers()]
    finally:
        repo.close()


def test_backup_then_restore(tmp_path):
    db = tmp_path / "oxy.sqlite"
    make_db(db, "MTR-001")
    result = invoke(db, "backup")
    assert result.exit_code == 0, result.output
    saved = tmp_path / "backups" / result.output.strip().rsplit("/", 1)[-1]
    assert saved.exists() and stat.S_IMODE(saved.stat().st_mode) == 0o600
    repo = Repository.open(db)
    repo.add_mother(repo.site_id("AMP"), "MTR-002")
    repo.close()
    result = invoke(db, "restore", str(saved), input="n\n")
    assert result.exit_code == 1 and "nothing was restored" in result.stderr
    assert study_codes(db) == ["MTR-001", "MTR-002"]
    result = invoke(db, "restore", str(saved), input="y\n")
    assert result.exit_code == 0, result.output
    # What both hold is shown before anything is replaced.
    assert f"{saved} holds 1 mothers, 0 sessions" in result.output
    assert f"The database now at {db} holds 2 mothers" in result.output
    assert "The previous database was saved as" in result.output
    assert study_codes(db) == ["MTR-001"]


def test_backup_of_missing_or_damaged_database_fails(tmp_path):
    db = tmp_path / "oxy.sqlite"
    result = invoke(db, "backup")
    assert result.exit_code == 1 and "no database" in result.stderr
    make_db(db, "MTR-001")
    data = bytearray(db.read_bytes())
    data[4096:8192] = b"\x5a" * 4096
    db.write_bytes(bytes(data))
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    result = invoke(db, "backup")
    assert result.exit_code == 1 and "damaged" in result.stderr
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest


def test_restore_of_damaged_backup_fails_and_changes_nothing(tmp_path):
    db = tmp_path / "oxy.sqlite"
    make_db(db, "MTR-001")
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"this is not a database" * 100)
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    result = invoke(db, "restore", str(bad))
    assert result.exit_code == 1 and "nothing was restored" in result.stderr
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest


def test_merge_command(tmp_path):
    a, b, here = tmp_path / "a.sqlite", tmp_path / "b.sqlite", tmp_path / "here.sqlite"
    make_db(a, "MTR-001")
    make_db(b, "MTR-002")
    result = invoke(here, "merge", str(a), str(b))
    assert result.exit_code == 0, result.output + result.stderr
    assert "Merged 2 database(s): 2 mothers" in result.output
    assert sorted(study_codes(here)) == ["MTR-001", "MTR-002"]
    again = invoke(here, "merge", str(a), str(b))
    assert again.exit_code == 0 and "nothing new" in again.output
    clash = tmp_path / "clash.sqlite"
    make_db(clash, "MTR-001")
    result = invoke(here, "merge", str(clash))
    assert result.exit_code == 3
    assert "study_code_taken" in result.stderr


def test_merge_refuses_a_damaged_file(tmp_path):
    here, bad = tmp_path / "here.sqlite", tmp_path / "bad.sqlite"
    make_db(here, "MTR-001")
    bad.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    result = invoke(here, "merge", str(bad))
    assert result.exit_code == 1 and "nothing was merged" in result.stderr


def correct_age(path, age, reason):
    repo = Repository.open(path)
    try:
        (mother,) = repo.mothers()
        repo.correct_mother(mother.id, "age", age, reason)
        return mother.id
    finally:
        repo.close()


def test_merge_command_shows_updated_and_left_out_records(tmp_path):
    a, here = tmp_path / "a.sqlite", tmp_path / "here.sqlite"
    make_db(a, "MTR-001")
    assert invoke(here, "merge", str(a)).exit_code == 0
    later = tmp_path / "a-later.sqlite"
    shutil.copyfile(a, later)
    mother = correct_age(later, 30, "typo")
    result = invoke(here, "merge", str(later))
    assert result.exit_code == 0, result.output + result.stderr
    assert "Brought up to date (changed on the other laptop since): 1 mothers." in result.output

    correct_age(here, 31, "checked the register")  # changed on both sides: a conflict
    latest = tmp_path / "a-latest.sqlite"
    shutil.copyfile(later, latest)
    correct_age(latest, 33, "typo again")
    result = invoke(here, "merge", str(latest))
    assert result.exit_code == 3
    assert "Left out because of conflicts: 1 audit_log." in result.output
    assert f"conflict: {latest}: mothers {mother}: different_content" in result.stderr
    (line,) = [x for x in result.stderr.splitlines() if x.startswith("left out:")]
    assert line.startswith(f"left out: {latest}: audit_log ")
    assert line.endswith(f"waits for conflict mothers/{mother}")


def test_new_turns_an_empty_file_into_a_database_only_when_asked(tmp_path):
    db = tmp_path / "oxy.sqlite"
    db.write_bytes(b"")
    data = tmp_path / "a.csv"
    data.write_text("participant,site,pre,post,date\nMTR-001,AMP,1,4,2026-01-02 07:00\n")
    result = invoke(db, "import", str(data))
    assert result.exit_code == 1 and "--new" in result.stderr
    assert db.stat().st_size == 0
    result = CliRunner().invoke(main, ["--db", str(db), "--new", "import", str(data)])
    assert result.exit_code == 0, result.output
    assert study_codes(db) == ["MTR-001"]
