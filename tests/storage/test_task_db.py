"""Data tasks on a worker's own connection: stopped half-way, they leave nothing half done."""

import hashlib
import os
import shutil

import pytest

from oxytimer.domain.clock import FakeClock
from oxytimer.storage import backup as backups
from oxytimer.storage.demo import fill_demo
from oxytimer.storage.exchange import export
from oxytimer.storage.export_whole import export_whole
from oxytimer.storage.merge import TABLES, merge_databases
from oxytimer.storage.repository import Repository
from oxytimer.storage.task_db import TaskStopped, open_writer, restore_in_steps, stop_when


def demo(path, mothers, seed):
    repo = Repository.open(path, FakeClock(), operator="Bidan Sari")
    fill_demo(repo, mothers=mothers, seed=seed, bulk=True)
    return repo


def content(repo):
    """Every record table's rows, hashed (the same records give the same digest)."""
    digest = hashlib.sha256()
    for table in TABLES:
        for row in repo.db.execute(f"SELECT * FROM [{table}] ORDER BY rowid"):
            digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


class StopAfter:
    """``stopped()`` that turns true after ``calls`` looks, noting whether ``conn`` then
    had a write transaction open (the task was half-way through writing)."""

    def __init__(self, calls, conn=None):
        self.calls, self.conn = calls, conn
        self.looks = 0
        self.writing_when_stopped = None

    def __call__(self):
        self.looks += 1
        if self.looks < self.calls:
            return False
        if self.writing_when_stopped is None and self.conn is not None:
            self.writing_when_stopped = self.conn.in_transaction
        return True


@pytest.fixture(scope="module")
def laptops(tmp_path_factory):
    folder = tmp_path_factory.mktemp("laptops")
    for name, seed in (("here", 1), ("there", 2)):
        demo(folder / f"{name}.sqlite", 60, seed).close()
    return folder


def test_a_merge_stopped_half_way_merges_nothing(laptops, tmp_path):
    here = tmp_path / "here.sqlite"
    shutil.copyfile(laptops / "here.sqlite", here)
    repo = Repository.open(here, FakeClock())
    before = content(repo)
    writer = open_writer(here, FakeClock())
    stop = StopAfter(25, writer.db.conn)  # (a whole merge looks about 50 times)
    with pytest.raises(TaskStopped), stop_when(writer.db.conn, stop):
        merge_databases(writer, [laptops / "there.sqlite"])
    assert stop.writing_when_stopped  # it was writing when it stopped
    assert not writer.db.conn.in_transaction
    writer.close()
    assert content(repo) == before
    # Not stopped, the same merge brings the other laptop's records in.
    writer = open_writer(here, FakeClock())
    with stop_when(writer.db.conn, lambda: False):
        merge_databases(writer, [laptops / "there.sqlite"])
    writer.close()
    assert content(repo) != before
    repo.close()


def test_a_stopped_export_writes_no_file_and_leaves_older_ones(laptops, tmp_path):
    repo = Repository.open(laptops / "here.sqlite", FakeClock())
    out = tmp_path / "out"
    out.mkdir()
    (out / "mothers.csv").write_text("older export\n")
    stop = StopAfter(8)  # (a whole export looks about 16 times)
    with pytest.raises(TaskStopped):
        export_whole(repo, out, "csv", stopped=stop)
    assert stop.looks >= 8  # stopped while reading, not before
    assert sorted(os.listdir(out)) == ["mothers.csv"]  # no staging folder, no new file
    assert (out / "mothers.csv").read_text() == "older export\n"

    written = export_whole(repo, out, "csv")
    reference = tmp_path / "reference"
    expected = export(repo, reference, "csv")
    assert sorted(p.name for p in written) == sorted(p.name for p in expected)
    assert sorted(os.listdir(out)) == sorted(p.name for p in expected)
    for path in written:
        assert path.parent == out
        assert path.read_bytes() == (reference / path.name).read_bytes()
        assert path.stat().st_mode & 0o777 == 0o600
    repo.close()


def test_an_export_that_fails_half_way_writes_no_file(laptops, tmp_path, monkeypatch):
    repo = Repository.open(laptops / "here.sqlite", FakeClock())
    out = tmp_path / "out"
    import oxytimer.storage.export_csv as module

    original = module.write_csv
    calls = []

    def second_fails(path, columns, rows):
        calls.append(path)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        original(path, columns, rows)

    monkeypatch.setattr(module, "write_csv", second_fails)
    with pytest.raises(OSError):
        export_whole(repo, out, "csv")
    assert len(calls) == 2 and os.listdir(out) == []  # the first file is not kept
    repo.close()


def test_a_restore_stopped_half_way_leaves_the_records(laptops, tmp_path):
    db = tmp_path / "oxy.sqlite"
    shutil.copyfile(laptops / "here.sqlite", db)
    other = tmp_path / "other.sqlite"
    shutil.copyfile(laptops / "there.sqlite", other)
    repo = Repository.open(db, FakeClock())
    before = content(repo)
    copied = []
    writer = open_writer(db, FakeClock())
    # Stopped after the first step of the copy into the records.
    with pytest.raises(TaskStopped):
        restore_in_steps(
            writer,
            db,
            other,
            stopped=lambda: bool(copied),
            progress=lambda done, total: copied.append((done, total)),
        )
    assert copied and copied[0][0] < copied[0][1]  # half-way
    assert not writer.db.conn.in_transaction
    writer.close()
    assert content(repo) == before
    (safety,) = backups.list_backups(db)  # the records as they were, kept first
    assert "before-restore" in safety.name

    writer = open_writer(db, FakeClock())
    restore_in_steps(writer, db, other)
    writer.close()
    assert content(repo) == content(Repository.open(other, FakeClock()))
    repo.close()


def test_a_restore_stopped_while_backing_up_first_keeps_no_backup(laptops, tmp_path):
    db = tmp_path / "oxy.sqlite"
    shutil.copyfile(laptops / "here.sqlite", db)
    repo = Repository.open(db, FakeClock())
    before = content(repo)
    writer = open_writer(db, FakeClock())
    with pytest.raises(TaskStopped):
        restore_in_steps(writer, db, laptops / "there.sqlite", stopped=StopAfter(3))
    writer.close()
    assert content(repo) == before
    assert backups.list_backups(db) == []
    assert [p.name for p in backups.backup_dir(db).glob("*.partial")] == []
    repo.close()


def test_what_a_killed_export_left_is_removed_by_the_next_one(laptops, tmp_path):
    import subprocess
    import sys

    from oxytimer.storage.export_whole import STAGING_PREFIX

    repo = Repository.open(laptops / "here.sqlite", FakeClock())
    out = tmp_path / "out"
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    killed = out / f"{STAGING_PREFIX}{int(gone.stdout)}-x1y2"
    running = out / f"{STAGING_PREFIX}{os.getppid()}-a3b4"  # an export in another process
    for folder in (killed, running):
        folder.mkdir(parents=True)
        (folder / "sessions.csv").write_text("half of an export\n")
    export_whole(repo, out, "csv")
    assert sorted(os.listdir(out)) == sorted(["mothers.csv", "sessions.csv", running.name])
    repo.close()


def test_an_export_no_one_can_stop_leaves_ctrl_c_to_python(laptops, tmp_path, monkeypatch):
    """``oxytimer export`` has no Cancel: SQLite's progress handler is not installed,
    since Ctrl+C arriving in it would become SQLite's "interrupted" (a traceback) instead
    of Python's KeyboardInterrupt (click's "Aborted!")."""
    import oxytimer.storage.export_whole as module

    def no_handler(*_args):
        raise AssertionError("a progress handler was installed")

    monkeypatch.setattr(module, "stop_when", no_handler)
    repo = Repository.open(laptops / "here.sqlite", FakeClock())
    try:
        assert len(export_whole(repo, tmp_path / "out", "csv")) == 2
    finally:
        repo.close()
