"""Issue 10 on the real file system: what is wrong with a file is said, never "damaged"
unless it is, and nothing is written, chmod-ed or left beside a file that is only read.

Tests run as root in CI, and root ignores file permissions: the cases that need them run
the code in a forked child that has become the user ``nobody`` (:func:`as_nobody`), on
files in a folder ``nobody`` can reach (:func:`shared`). Run as another user, the child
stays that user, and the files are made the same way.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import pwd
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import oxytimer.storage.exchange  # noqa: F401  (for as_nobody's children: see below)
from oxytimer.cli import main
from oxytimer.domain.clock import FakeClock
from oxytimer.storage import backup
from oxytimer.storage.errors import (
    DatabaseDamagedError,
    DatabaseEmptyError,
    DatabaseReadOnlyError,
    DatabaseVanishedError,
    NotOxytimerDatabaseError,
    StorageError,
)
from oxytimer.storage.merge import merge_databases
from oxytimer.storage.repository import Repository
from oxytimer.storage.summary import open_for_reading

ROOT = os.geteuid() == 0
NOBODY = pwd.getpwnam("nobody")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def as_nobody(function: Callable[..., Any], *args: Any) -> Any:
    """Run ``function(*args)`` in a forked child that is the user ``nobody`` (when the
    tests run as root); return its result, or re-raise its exception.

    The child imports what it needs lazily as ``nobody``, who may not read a Python
    installed in root's home: what the commands import lazily (the exports) is imported
    above, before the fork."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read)
        try:
            if ROOT:
                os.setgroups([])
                os.setgid(NOBODY.pw_gid)
                os.setuid(NOBODY.pw_uid)
            try:
                outcome: tuple[str, Any] = ("ok", function(*args))
            except BaseException as error:
                outcome = ("error", (error, traceback.format_exc()))
            data = pickle.dumps(outcome)
        except BaseException:
            data = pickle.dumps(("error", (RuntimeError("child failed"), traceback.format_exc())))
        with os.fdopen(write, "wb") as handle:
            handle.write(data)
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as handle:
        data = handle.read()
    os.waitpid(pid, 0)
    kind, value = pickle.loads(data)
    if kind == "error":
        error, text = value
        if not isinstance(error, StorageError | AssertionError | OSError):
            raise AssertionError(f"the child failed:\n{text}")
        raise error
    return value


@pytest.fixture
def shared() -> Iterator[Path]:
    """A folder the user ``nobody`` can reach and owns."""
    folder = Path(tempfile.mkdtemp(prefix="oxy-safety-"))
    os.chmod(folder, 0o755)
    if ROOT:
        os.chown(folder, NOBODY.pw_uid, NOBODY.pw_gid)
    try:
        yield folder
    finally:
        for path in [folder, *folder.rglob("*")]:
            if path.is_dir():
                os.chmod(path, 0o755)
        shutil.rmtree(folder, ignore_errors=True)


def give_to_nobody(*paths: Path) -> None:
    if ROOT:
        for path in paths:
            os.chown(path, NOBODY.pw_uid, NOBODY.pw_gid)


def make_db(path: Path, *codes: str) -> Path:
    repo = Repository.open(path, FakeClock())
    repo.ensure_sites([("AMP", "Puskesmas Ampenan")])
    for code in codes:
        repo.add_mother(repo.site_id("AMP"), code)
    repo.close()
    return path


def study_codes(path: Path) -> list[str]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        return sorted(r[0] for r in conn.execute("SELECT study_code FROM mothers"))
    finally:
        conn.close()


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# ------------------------------------------------------------ 1. a foreign-owned -shm
def open_and_write(path: Path) -> str:
    repo = Repository.open(path, FakeClock())
    try:
        repo.add_mother(repo.site_id("AMP"), "MTR-009")
    finally:
        repo.close()
    return "written"


def test_a_foreign_owned_shm_is_read_only_not_damaged(shared):
    db = make_db(shared / "site.sqlite", "MTR-001")
    # A live database: -wal and -shm present, as when another user's app has it open.
    holder = sqlite3.connect(db)
    holder.execute("SELECT count(*) FROM mothers").fetchone()
    shm = Path(f"{db}-shm")
    assert shm.exists()
    give_to_nobody(db, Path(f"{db}-wal"))
    if ROOT:
        os.chown(shm, 0, 0)  # the -shm belongs to root
    os.chmod(shm, 0o644)
    before = digest(db)
    good = backup.backup_database(db)  # a good backup the app could offer
    with pytest.raises(StorageError) as error:
        as_nobody(open_and_write, db)
    holder.close()
    assert not isinstance(error.value, DatabaseDamagedError)
    assert isinstance(error.value, DatabaseReadOnlyError)
    assert f"{db}-shm belongs to another user" in str(error.value)
    # Nothing written, nothing restored over it, the backups as they were.
    assert digest(db) == before and backup.list_backups(db) == [good]
    assert study_codes(db) == ["MTR-001"]


# ---------------------------------------------- read-only folder, 0400 file, immutable
def summarise(path: Path) -> int:
    repo = open_for_reading(path)
    try:
        return len(repo.mothers())
    finally:
        repo.close()


def test_a_wal_database_in_a_read_only_folder_is_read_without_side_files(shared):
    stick = shared / "stick"
    stick.mkdir()
    db = make_db(stick / "site.sqlite", "MTR-001", "MTR-002")
    assert listing(stick) == ["site.sqlite"]  # closed cleanly: no -wal
    give_to_nobody(stick, db)
    os.chmod(stick, 0o555)
    before = digest(db)
    assert as_nobody(summarise, db) == 2  # opened immutable: the file is the database
    with pytest.raises(DatabaseReadOnlyError) as error:
        as_nobody(open_and_write, db)
    assert f"the folder {stick} is read-only" in str(error.value)
    assert listing(stick) == ["site.sqlite"] and digest(db) == before


def merge_into(target: Path, source: Path) -> dict[str, int]:
    repo = Repository.open(target, FakeClock())
    try:
        return dict(merge_databases(repo, [source]).added)
    finally:
        repo.close()


def test_a_read_only_stick_is_a_merge_source_and_keeps_no_trace(shared):
    stick = shared / "stick"
    stick.mkdir()
    source = make_db(stick / "other.sqlite", "MTR-101")
    give_to_nobody(stick, source)
    os.chmod(stick, 0o555)
    here = make_db(shared / "here.sqlite", "MTR-001")
    give_to_nobody(*shared.glob("here.sqlite*"))
    before = digest(source)
    added = as_nobody(merge_into, here, source)
    assert added["mothers"] == 1
    assert study_codes(here) == ["MTR-001", "MTR-101"]
    assert listing(stick) == ["other.sqlite"] and digest(source) == before


def test_a_merge_source_in_a_writable_folder_keeps_no_side_files(tmp_path):
    source = make_db(tmp_path / "other.sqlite", "MTR-101")
    here = make_db(tmp_path / "here.sqlite", "MTR-001")
    before = digest(source)
    assert merge_into(here, source)["mothers"] == 1
    assert not Path(f"{source}-wal").exists() and not Path(f"{source}-shm").exists()
    assert digest(source) == before


def cli(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=True, input=input)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError("".join(traceback.format_exception(result.exception)))
    return result.exit_code, result.stdout, result.stderr


def test_a_0400_database_is_never_chmod_ed_nor_written(shared):
    db = make_db(shared / "site.sqlite", "MTR-001")
    saved = backup.backup_database(db)
    backups = shared / "backups"
    give_to_nobody(db, backups, saved)
    os.chmod(db, 0o400)
    before = digest(db)
    with pytest.raises(DatabaseReadOnlyError):
        as_nobody(open_and_write, db)
    status, _out, err = as_nobody(cli, "--db", str(db), "restore", "--yes", str(saved))
    assert status == 1 and "nothing was restored" in err and "read-only" in err
    out_dir = shared / "export"
    status, out, err = as_nobody(
        cli, "--db", str(db), "export", "--identifying", "--out", str(out_dir)
    )
    assert status == 0, err
    assert out.strip() and all(Path(p).exists() for p in out.split())
    status, out, err = as_nobody(cli, "--db", str(db), "export", "--out", str(out_dir))
    assert status == 1 and "needs the pseudonym key that the first export writes" in err
    status, out, err = as_nobody(cli, "--db", str(db), "verify")  # it only reads
    assert status == 0 and out.startswith("The audit trail is intact"), err
    assert mode(db) == 0o400 and digest(db) == before


def test_backup_and_restore_on_a_read_only_folder_say_so(shared):
    stick = shared / "stick"
    stick.mkdir()
    db = make_db(stick / "site.sqlite", "MTR-001")
    other = make_db(shared / "other.sqlite", "MTR-002")
    give_to_nobody(stick, db, other)
    os.chmod(stick, 0o555)
    before = digest(db)
    status, _out, err = as_nobody(cli, "--db", str(db), "backup")
    assert status == 1 and "no backup was made" in err and "read-only" in err
    status, _out, err = as_nobody(cli, "--db", str(db), "restore", "--yes", str(other))
    assert status == 1 and "nothing was restored" in err and "read-only" in err
    status, _out, err = as_nobody(cli, "--db", str(db), "export", "--out", str(shared / "x"))
    # The first de-identified export must store the database's key: a sentence, no trace.
    assert status == 1 and "nothing was exported" in err and "Traceback" not in err
    assert listing(stick) == ["site.sqlite"] and digest(db) == before


# ------------------------------------------------------------- 2. 0-byte, schema-less
def test_an_empty_file_is_never_a_new_database_unless_asked(tmp_path):
    db = make_db(tmp_path / "site.sqlite", "MTR-001")
    good = [backup.backup_database(db)]
    for code in ("MTR-002", "MTR-003"):
        repo = Repository.open(db)
        repo.add_mother(repo.site_id("AMP"), code)
        repo.close()
        good.append(backup.backup_database(db))
    os.truncate(db, 0)  # what a FAT stick or a power cut can leave
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    for _start in range(14):
        with pytest.raises(DatabaseEmptyError):
            Repository.open(db)
        with pytest.raises(DatabaseEmptyError):
            backup.backup_database(db)
        status, _out, err = cli("--db", str(db), "backup")
        assert status == 1 and "holds no records" in err and "--new" in err
    assert db.stat().st_size == 0
    assert backup.list_backups(db) == good
    assert backup.latest_good_backup(db) == good[-1]
    Repository.open(db, new=True).close()  # asked for: a new database
    assert study_codes(db) == []


def test_a_schema_less_file_is_empty_and_a_foreign_one_is_not_oxytimer(tmp_path):
    bare = tmp_path / "bare.sqlite"
    conn = sqlite3.connect(bare)
    conn.execute("PRAGMA user_version = 7")
    conn.close()
    with pytest.raises(DatabaseEmptyError):
        Repository.open(bare)
    foreign = tmp_path / "foreign.sqlite"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE mothers (x)")
    conn.commit()
    conn.close()
    before = digest(foreign)
    with pytest.raises(NotOxytimerDatabaseError):
        Repository.open(foreign)
    assert digest(foreign) == before


def test_a_new_database_appears_whole_or_not_at_all(tmp_path):
    db = tmp_path / "new.sqlite"
    Repository.open(db).close()
    assert listing(tmp_path) == ["new.sqlite"]  # no temporary file left
    assert mode(db) == 0o600


# ---------------------------------------------------------- 3. killed backups (.partial)
PAUSED_BACKUP = """
import sys
from oxytimer.storage import backup

real = backup.quick_check
def pause(conn, path=None):
    if path is None:  # the backup being written
        print("writing", flush=True)
        sys.stdin.readline()
    return real(conn, path)
backup.quick_check = pause
backup.backup_database(sys.argv[1])
"""


def test_killed_backups_leave_nothing_after_the_next_one(tmp_path):
    db = make_db(tmp_path / "site.sqlite", "MTR-001")
    folder = tmp_path / "backups"
    for _kill in range(3):
        child = subprocess.Popen(
            [sys.executable, "-c", PAUSED_BACKUP, str(db)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "writing"
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        child.stdin.close()  # type: ignore[union-attr]
        child.stdout.close()
    # Each run removed what the killed one before it left; the last one's is there.
    assert len(list(folder.glob(".*.partial"))) == 1
    made = backup.backup_database(db)
    assert listing(folder) == [made.name]


def test_a_running_backup_s_partial_is_left_alone(tmp_path):
    db = make_db(tmp_path / "site.sqlite", "MTR-001")
    folder = tmp_path / "backups"
    folder.mkdir()
    mine = folder / f".site-x.sqlite.{os.getpid()}.partial"
    mine.write_bytes(b"in progress")
    backup.backup_database(db)
    assert mine.exists()


# ----------------------------------------------------------------- retention by age
def test_retention_keeps_daily_then_weekly_and_the_fullest(tmp_path):
    small = make_db(tmp_path / "small.sqlite", "MTR-001")
    full = make_db(tmp_path / "full.sqlite", *(f"MTR-{i:03}" for i in range(20)))
    db = tmp_path / "site.sqlite"
    folder = tmp_path / "backups"
    folder.mkdir()
    now = datetime(2026, 6, 30, 12, tzinfo=UTC)
    names = {}
    # One backup every 12 hours for 100 days; the fullest is the oldest of all.
    for half_days in range(200):
        made = now - timedelta(hours=12 * half_days)
        name = folder / f"site-{made.strftime('%Y%m%dT%H%M%S%fZ')}.sqlite"
        shutil.copyfile(full if half_days == 199 else small, name)
        names[made] = name
    kept = backup.retained(backup.list_backups(db), now)
    by_time = {t: p for t, p in names.items() if p in kept}
    recent = [t for t in by_time if now - t <= timedelta(days=14)]
    # One per day over two weeks (15 calendar days) and the 3 newest.
    assert len({t.date() for t in recent}) == 15
    assert all(names[now - timedelta(hours=12 * i)] in kept for i in range(3))
    weekly = [t for t in by_time if timedelta(days=14) < now - t <= timedelta(days=61)]
    assert 6 <= len(weekly) <= 8 and len({t.isocalendar()[:2] for t in weekly}) == len(weekly)
    assert names[now - timedelta(hours=12 * 199)] in kept  # the fullest, 99.5 days old
    old = [t for t in by_time if now - t > timedelta(days=61)]
    assert old == [now - timedelta(hours=12 * 199)]
    deleted = backup.rotate(db, now=now)
    assert set(backup.list_backups(db)) == kept and len(deleted) == 200 - len(kept)


def test_restore_refuses_empty_foreign_and_zero_byte_files(tmp_path):
    db = make_db(tmp_path / "site.sqlite", "MTR-001")
    before = digest(db)
    zero = tmp_path / "zero.sqlite"
    zero.write_bytes(b"")
    empty = tmp_path / "empty.sqlite"
    Repository.open(empty).close()  # an oxytimer database with no records
    foreign = tmp_path / "foreign.sqlite"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    for bad, words in ((zero, "empty"), (empty, "holds no records"), (foreign, "not an oxytimer")):
        status, _out, err = cli("--db", str(db), "restore", "--yes", str(bad))
        assert status == 1 and words in err and "nothing was restored" in err, err
    assert digest(db) == before


# -------------------------------------------------------------------- 7. a vanished WAL
def test_a_vanished_wal_stops_writing_and_keeps_what_was_saved(tmp_path):
    db = make_db(tmp_path / "site.sqlite")
    repo = Repository.open(db, FakeClock())
    site = repo.site_id("AMP")
    repo.db.execute("PRAGMA wal_autocheckpoint = 0")  # keep the records in the -wal
    repo.add_mother(site, "MTR-001")
    Path(f"{db}-wal").unlink()  # a cleaning tool, a user tidying the folder
    with pytest.raises(DatabaseVanishedError):
        repo.add_mother(site, "MTR-002")
    with pytest.raises(DatabaseVanishedError):
        repo.add_mother(site, "MTR-003")
    repo.close()
    # MTR-001 was saved before the -wal went: it is in the database file.
    assert study_codes(db) == ["MTR-001"]


def test_a_replaced_database_file_stops_writing(tmp_path):
    db = make_db(tmp_path / "site.sqlite", "MTR-001")
    repo = Repository.open(db, FakeClock())
    other = make_db(tmp_path / "other.sqlite", "MTR-900")
    os.replace(other, db)
    with pytest.raises(DatabaseVanishedError):
        repo.add_mother(repo.site_id("AMP"), "MTR-002")
    repo.close()
    assert study_codes(db) == ["MTR-900"]


# ------------------------------------------------- 10. merge from a hand-built file
def test_merge_from_a_hand_built_file_says_so_and_merges_nothing(tmp_path):
    here = make_db(tmp_path / "here.sqlite", "MTR-001")
    before = digest(here)
    lookalike = tmp_path / "lookalike.sqlite"
    conn = sqlite3.connect(lookalike)
    for table in ("sites", "mothers", "sessions", "scores", "score_items", "audit_log"):
        conn.execute(f"CREATE TABLE {table} (id TEXT PRIMARY KEY, note TEXT)")
    conn.execute("CREATE TABLE _sqlite_migrations (migration_set TEXT, name TEXT, applied_at)")
    conn.execute("INSERT INTO _sqlite_migrations VALUES ('oxytimer', '0001_initial', 'x')")
    conn.execute("INSERT INTO mothers VALUES ('m1', 'hand-made')")
    conn.commit()
    conn.close()
    for source in (lookalike,):
        status, _out, err = cli("--db", str(here), "merge", str(source))
        assert status == 1 and "nothing was merged" in err, err
        assert "is not an oxytimer database (table sites has no" in err
    unmarked = tmp_path / "unmarked.sqlite"
    shutil.copyfile(make_db(tmp_path / "src.sqlite", "MTR-500"), unmarked)
    conn = sqlite3.connect(unmarked)
    conn.execute("DELETE FROM _sqlite_migrations")
    conn.commit()
    conn.close()
    status, _out, err = cli("--db", str(here), "merge", str(unmarked))
    assert status == 1 and "is not an oxytimer database" in err, err
    assert study_codes(here) == ["MTR-001"] and digest(here) == before


def test_backup_runs_in_a_worker_thread_while_the_app_writes(tmp_path):
    import threading

    db = make_db(tmp_path / "site.sqlite", "MTR-001")
    repo = Repository.open(db, FakeClock())
    site = repo.site_id("AMP")
    made: list[Path] = []
    failed: list[BaseException] = []

    def work() -> None:
        try:
            made.append(backup.backup_database(db))
        except BaseException as error:
            failed.append(error)

    worker = threading.Thread(target=work)
    worker.start()
    for i in range(20):
        repo.add_mother(site, f"MTR-{100 + i}")
    worker.join()
    repo.close()
    assert failed == [] and len(made) == 1
    # A consistent snapshot: the first mother and a whole number of the others.
    codes = study_codes(made[0])
    added = len(codes) - 1
    assert codes == ["MTR-001", *(f"MTR-{100 + i}" for i in range(added))]


def test_damage_found_by_a_backup_is_checked_for_at_the_next_start(tmp_path, monkeypatch):
    from oxytimer.storage import opening

    monkeypatch.setattr(opening, "CHECK_AT_OPEN_MAX_BYTES", 0)  # every file is "large"
    db = make_db(tmp_path / "site.sqlite", "MTR-001")
    good = backup.backup_database(db)
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE filler (x)")
    conn.executemany("INSERT INTO filler VALUES (?)", [("x" * 500,)] * 200)
    conn.commit()
    conn.close()
    data = bytearray(db.read_bytes())
    for offset in range(len(data) - 4096 * 8, len(data), 7):  # pages start-up does not read
        data[offset] = 0x5A
    db.write_bytes(bytes(data))
    Repository.open(db).close()  # header and schema only: opens
    with pytest.raises(DatabaseDamagedError):
        backup.backup_database(db)  # the start-up backup checks it whole
    with pytest.raises(DatabaseDamagedError):
        Repository.open(db)  # from now on every open does too
    assert backup.latest_good_backup(db) == good
    backup.restore(db, good)
    Repository.open(db).close()
    assert not opening.damage_mark(db).exists() and study_codes(db) == ["MTR-001"]


# ------------------------------------------------------------ the field's full disk
def test_an_io_error_on_a_full_disk_says_the_disk_is_full(tmp_path, monkeypatch):
    """On a full disk SQLite cannot make the -shm of a database it opens: it answers with
    an I/O error, which is a full disk there, not a failing disk or a missing stick."""
    from collections import namedtuple

    from oxytimer.storage import errors

    db = make_db(tmp_path / "oxy.sqlite", "MTR-001")
    error = sqlite3.OperationalError("disk I/O error")
    error.sqlite_errorcode = 10 | (19 << 8)  # SQLITE_IOERR_SHMSIZE  # type: ignore[attr-defined]
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(errors.shutil, "disk_usage", lambda _p: usage(10**9, 10**9, 4096))
    assert isinstance(errors.open_error(error, db), errors.DatabaseFullError)
    monkeypatch.setattr(errors.shutil, "disk_usage", lambda _p: usage(10**9, 0, 10**9))
    assert isinstance(errors.open_error(error, db), errors.DatabaseUnreadableError)


def test_another_user_s_folder_is_said_to_be_theirs(shared):
    folder = shared / "theirs"
    folder.mkdir()
    db = make_db(folder / "oxy.sqlite", "MTR-001")
    os.chmod(db, 0o644)
    if not ROOT:  # (the test's own user: a folder it may not write)
        os.chmod(folder, 0o555)
    with pytest.raises(DatabaseReadOnlyError) as error:
        as_nobody(open_and_write, db)
    theirs = "belongs to another user" if ROOT else "is read-only"
    assert f"the folder {folder} {theirs}" in str(error.value)
    os.chmod(folder, 0o755)
