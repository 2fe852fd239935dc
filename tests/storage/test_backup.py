"""Backups, restore, and every storage failure on the real file system."""

import hashlib
import os
import random
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlite_utils import Database

from oxytimer.domain.clock import FakeClock
from oxytimer.storage import backup
from oxytimer.storage.exchange import import_csv
from oxytimer.storage.migrations import known_migration_names, migrations
from oxytimer.storage.repository import (
    DatabaseDamagedError,
    DatabaseFullError,
    DatabaseLockedError,
    DatabaseReadOnlyError,
    DatabaseTooNewError,
    Repository,
)

CSV = (
    b"participant,site,pre,post,date\n"
    b"MTR-001,AMP,1,4,2026-01-02 07:00\nMTR-002,AMP,2,5,2026-01-02 07:10\n"
)


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def damage(path):
    data = bytearray(path.read_bytes())
    for offset in range(4096, min(len(data), 4096 * 4), 5):
        data[offset] = 0x5A
    path.write_bytes(bytes(data))


def codes(path):
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return sorted(r[0] for r in conn.execute("SELECT study_code FROM mothers"))
    finally:
        conn.close()


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "oxy.sqlite"
    repo = Repository.open(path, FakeClock())
    repo.ensure_sites([("AMP", "Puskesmas Ampenan")])
    import_csv(repo, CSV)
    repo.close()
    return path


def add_mother(db, code):
    repo = Repository.open(db, FakeClock())
    repo.add_mother(repo.site_id("AMP"), code)
    repo.close()


def test_backup_is_private_checked_and_not_repeated_when_nothing_changed(db):
    first = backup.backup_database(db)
    assert first.parent == db.parent / "backups"
    assert mode(first) == 0o600 and mode(first.parent) == 0o700
    assert codes(first) == ["MTR-001", "MTR-002"]
    assert not list(first.parent.glob(".*partial"))
    conn = sqlite3.connect(first)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()
    content = digest(first)
    start = datetime.now(UTC)
    for i in range(1, 15):
        again = backup.backup_database(db, now=start + timedelta(hours=i))
        # Identical: the newest backup is renamed to now, no copy pushes anything out.
        assert backup.list_backups(db) == [again] and digest(again) == content
        assert backup.backup_time(again) == start + timedelta(hours=i)
    add_mother(db, "MTR-003")
    changed = backup.backup_database(db, now=start + timedelta(hours=20))
    assert backup.list_backups(db) == [again, changed]


def test_damaged_database_is_not_backed_up_and_keeps_good_backups(db):
    good = backup.backup_database(db)
    damage(db)
    before = digest(db)
    with pytest.raises(DatabaseDamagedError):
        backup.backup_database(db)
    assert backup.list_backups(db) == [good]
    assert backup.latest_good_backup(db) == good
    assert digest(db) == before


def test_latest_good_backup_skips_damaged_ones(db):
    older = backup.backup_database(db)
    add_mother(db, "MTR-003")
    newer = backup.backup_database(db)
    damage(newer)
    assert backup.latest_good_backup(db) == older


def test_restore_backs_up_current_then_replaces_it(db):
    saved = backup.backup_database(db)
    repo = Repository.open(db)
    repo.add_mother(repo.site_id("AMP"), "MTR-099")
    repo.close()
    before = backup.restore(db, saved)
    assert before is not None and "before-restore" in before.name
    assert codes(before) == ["MTR-001", "MTR-002", "MTR-099"]
    assert codes(db) == ["MTR-001", "MTR-002"]
    assert mode(db) == 0o600


def test_restore_into_the_open_repository(db):
    saved = backup.backup_database(db)
    repo = Repository.open(db)
    repo.add_mother(repo.site_id("AMP"), "MTR-099")
    backup.restore(db, saved, repo=repo)
    assert sorted(m.study_code for m in repo.mothers()) == ["MTR-001", "MTR-002"]
    repo.add_mother(repo.site_id("AMP"), "MTR-100")  # still usable
    repo.close()
    assert codes(db) == ["MTR-001", "MTR-002", "MTR-100"]


def test_restore_over_a_damaged_database_keeps_a_copy(db):
    saved = backup.backup_database(db)
    damage(db)
    damaged = db.read_bytes()
    kept = backup.restore(db, saved)
    assert kept.name.endswith(".damaged") and kept.read_bytes() == damaged
    assert mode(kept) == 0o600
    assert kept not in backup.list_backups(db)
    assert codes(db) == ["MTR-001", "MTR-002"]


def test_restore_refuses_bad_backups_and_changes_nothing(db, tmp_path):
    saved = backup.backup_database(db)
    damage(saved)
    before = digest(db)
    with pytest.raises(DatabaseDamagedError):
        backup.restore(db, saved)
    newer = tmp_path / "newer.sqlite"
    repo = Repository.open(newer)
    repo.db.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
        " VALUES ('oxytimer', '9999_future', 'x')"
    )
    repo.close()
    with pytest.raises(DatabaseTooNewError):
        backup.restore(db, newer)
    assert digest(db) == before


def test_restore_refused_while_the_app_holds_the_lock(db, tmp_path):
    saved = backup.backup_database(db)
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        (tmp_path / "oxy.sqlite.lock").write_text(f"{holder.pid}\noxytimer\n{os.uname()[1]}\n")
        with pytest.raises(DatabaseLockedError, match="close it first"):
            backup.restore(db, saved)
    finally:
        holder.kill()
        holder.wait()
    backup.restore(db, saved)  # the lock is stale now


def test_older_schema_is_backed_up_then_migrated(tmp_path):
    path = tmp_path / "old.sqlite"
    old = Database(path)
    migrations.apply(old, stop_before=known_migration_names()[-1])
    old.execute(
        "INSERT INTO sites (id, code, name, created_at) VALUES ('s1', 'AMP', 'Ampenan', 'x')"
    )
    old.conn.commit()
    old.close()
    repo = Repository.open(path)
    applied = [m.name for m in migrations.applied(repo.db.utils())]
    repo.close()
    assert applied == known_migration_names()
    (saved,) = backup.list_backups(path)
    assert "before-upgrade" in saved.name and mode(saved) == 0o600
    kept = Database(saved)
    assert [m.name for m in migrations.applied(kept)] == known_migration_names()[:-1]
    assert kept.execute("SELECT code FROM sites").fetchall() == [("AMP",)]
    kept.close()
    Repository.open(path).close()  # up to date: no second backup
    assert len(backup.list_backups(path)) == 1


# ----------------------------------------------------------------------- failures
def counts(repo):
    return [
        repo.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("mothers", "sessions", "scores", "audit_log")
    ]


def test_disk_full_writes_nothing_and_says_so(db):
    repo = Repository.open(db)
    pages = repo.db.execute("PRAGMA page_count").fetchone()[0]
    repo.db.execute(f"PRAGMA max_page_count = {pages}")
    before = counts(repo)
    many = b"participant,site,pre,post,date\n" + b"".join(
        f"X-{i:04d},AMP,1,4,2026-01-02 07:00\n".encode() for i in range(400)
    )
    with pytest.raises(DatabaseFullError):
        import_csv(repo, many)
    with pytest.raises(DatabaseFullError):
        for i in range(200):
            repo.add_mother(repo.site_id("AMP"), f"F-{i:03d}")
    added = counts(repo)[0] - before[0]
    assert counts(repo)[3] - before[3] == added  # each mother with her audit row, no half
    repo.db.execute("PRAGMA max_page_count = 1073741823")
    assert import_csv(repo, many).sessions_added == 400
    assert repo.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    repo.close()


def test_read_only_database_refuses_writes(db):
    conn = sqlite3.connect(db.resolve().as_uri() + "?mode=ro", uri=True)
    repo = Repository(Database(conn), FakeClock())
    before = counts(repo)
    with pytest.raises(DatabaseReadOnlyError):
        repo.add_mother(repo.site_id("AMP"), "MTR-050")
    with pytest.raises(DatabaseReadOnlyError):
        import_csv(repo, b"participant,site,pre,post,date\nMTR-051,AMP,1,4,2026-01-02 07:00\n")
    assert counts(repo) == before
    conn.close()


LOCKER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute("INSERT INTO sites (id, code, name, created_at) VALUES ('x', 'LCK', 'L', 'x')")
print("locked", flush=True)
sys.stdin.readline()
conn.execute("ROLLBACK")
"""


def test_database_locked_by_another_process(db):
    locker = subprocess.Popen(
        [sys.executable, "-c", LOCKER, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert locker.stdout.readline().strip() == "locked"
        repo = Repository(Database(db), FakeClock())
        repo.db.execute("PRAGMA busy_timeout = 100")
        before = counts(repo)
        with pytest.raises(DatabaseLockedError):
            repo.add_mother(repo.site_id("AMP"), "MTR-050")
        with pytest.raises(DatabaseLockedError):
            import_csv(repo, b"participant,site,pre,post,date\nMTR-051,AMP,1,4,2026-01-02 07:00\n")
        assert counts(repo) == before
    finally:
        locker.communicate("\n", timeout=10)
    repo.add_mother(repo.site_id("AMP"), "MTR-050")  # retry succeeds
    repo.close()


def test_damaged_database_is_refused_and_never_written(db):
    damage(db)
    before = digest(db)
    with pytest.raises(DatabaseDamagedError):
        Repository.open(db)
    assert digest(db) == before
    assert not (db.parent / "backups").exists()


def test_database_and_sidecar_files_are_private(tmp_path):
    path = tmp_path / "new.sqlite"
    repo = Repository.open(path)
    repo.ensure_sites([("AMP", "Puskesmas Ampenan")])
    for suffix in ("", "-wal", "-shm"):
        side = tmp_path / f"new.sqlite{suffix}"
        assert side.exists() and mode(side) == 0o600, suffix
    repo.close()


# ---------------------------------------------------------------- crash (kill -9)
WRITER = """
import sys
from oxytimer.storage.repository import Repository
repo = Repository.open(sys.argv[1], operator="writer")
site = repo.site_id("AMP")
start = int(sys.argv[2])
for i in range(start, start + 100000):
    repo.add_mother(site, f"K{i}")
    print(i, flush=True)
"""


def test_kill_9_fifty_times_loses_no_acknowledged_write(db):
    rng = random.Random(5)
    acknowledged: set[int] = set()
    kills = 0
    for round_ in range(50):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db), str(round_ * 100000)],
            stdout=subprocess.PIPE,
            text=True,
        )
        wanted = rng.randint(1, 30)
        for _ in range(wanted):
            line = writer.stdout.readline()
            if not line:
                break
            acknowledged.add(int(line))
        time.sleep(rng.random() * 0.01)
        os.kill(writer.pid, signal.SIGKILL)
        rest, _ = writer.communicate(timeout=10)
        acknowledged.update(int(x) for x in rest.split() if x.isdigit())
        kills += 1
    assert kills == 50
    repo = Repository.open(db)
    assert repo.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {int(m.study_code[1:]) for m in repo.mothers() if m.study_code.startswith("K")}
    assert acknowledged <= stored
    # Every stored mother came with her audit row: no transaction was half-written.
    audited = {
        r[0] for r in repo.db.execute("SELECT record_id FROM audit_log WHERE table_name='mothers'")
    }
    assert {m.id for m in repo.mothers()} <= audited
    repo.close()


def test_damaged_database_with_a_pending_journal_is_left_byte_for_byte(tmp_path):
    # A crash snapshot: committed pages still in the -wal, and a damaged main file.
    # Opening must not checkpoint the journal into the damaged file (nor delete it).
    import gc
    import shutil

    source = tmp_path / "source.sqlite"
    repo = Repository.open(source)
    repo.ensure_sites([(f"S{i}", "x" * 200) for i in range(300)])
    repo.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    repo.ensure_sites([(f"T{i}", "y" * 200) for i in range(50)])
    snapshot = tmp_path / "snapshot.sqlite"
    for suffix in ("", "-wal"):
        shutil.copy(f"{source}{suffix}", f"{snapshot}{suffix}")
    repo.close()
    raw = snapshot.read_bytes()
    journal = Path(f"{snapshot}-wal").read_bytes()

    def md5(path):
        return hashlib.md5(Path(path).read_bytes()).hexdigest() if Path(path).exists() else None

    for page in range(2, len(raw) // 4096):
        damaged = tmp_path / f"damaged{page}.sqlite"
        data = bytearray(raw)
        data[page * 4096 + 8 : page * 4096 + 40] = b"\xff" * 32
        damaged.write_bytes(bytes(data))
        Path(f"{damaged}-wal").write_bytes(journal)
        probe = tmp_path / "probe.sqlite"
        shutil.copy(damaged, probe)
        shutil.copy(f"{damaged}-wal", f"{probe}-wal")
        conn = sqlite3.connect(probe)
        try:
            healthy = conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
        except sqlite3.DatabaseError:
            healthy = False
        conn.close()
        if healthy:
            continue
        before = (md5(damaged), md5(f"{damaged}-wal"))
        with pytest.raises(DatabaseDamagedError):
            Repository.open(damaged)
        gc.collect()  # a leaked connection would checkpoint on collection
        assert (md5(damaged), md5(f"{damaged}-wal")) == before
        return
    pytest.fail("no page whose damage quick_check detects")


@pytest.mark.parametrize("full", [True, False])
def test_a_backup_that_fills_the_disk_says_so_and_leaves_nothing(db, monkeypatch, full):
    """SQLite answers a full disk under a backup with an I/O error as often as with
    "full": the disk is looked at before the partial backup is removed (which frees it),
    and nothing of the backup is left, its side files neither."""
    import resource

    from oxytimer.storage.errors import DatabaseFullError, StorageError

    monkeypatch.setattr(backup, "disk_full", lambda _path: full)
    repo = Repository.open(db, FakeClock())  # (the app's connection, open before)
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (8192, hard))  # two pages, then no more
    try:
        with pytest.raises(StorageError) as error:
            backup.backup_connection(repo.db.conn, db)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)
        repo.close()
    assert isinstance(error.value, DatabaseFullError) is full
    if full:
        assert "cannot write the backup in" in str(error.value)
        assert "the disk is full" in str(error.value)
    assert os.listdir(backup.backup_dir(db)) == []
