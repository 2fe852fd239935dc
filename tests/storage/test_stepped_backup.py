"""The backup in small steps: one snapshot while the app writes, and a clean stop."""

import sqlite3

import pytest

from oxytimer.domain.clock import FakeClock
from oxytimer.storage import backup
from oxytimer.storage.repository import Repository
from oxytimer.storage.stepped_backup import BackupCancelled, backup_in_steps


@pytest.fixture
def repo(tmp_path):
    r = Repository.open(tmp_path / "oxy.sqlite", FakeClock(), operator="Bidan Sari")
    r.ensure_sites([("AMP", "Puskesmas Ampenan")])
    site = r.site_id("AMP")
    for n in range(300):  # enough pages for several steps
        r.add_mother(site, f"MTR-{n:03d}", name="x" * 200)
    yield r
    r.close()


def mothers_in(path):
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM mothers").fetchone()[0]
    finally:
        conn.close()


def test_writes_between_steps_neither_wait_nor_enter_the_backup(repo, tmp_path):
    db = tmp_path / "oxy.sqlite"
    steps = []

    def progress(done, total):
        steps.append((done, total))
        if len(steps) == 1:  # the app saves a record while the backup is under way
            repo.add_mother(repo.site_id("AMP"), "MTR-999")

    path = backup_in_steps(db, pages=4, progress=progress)
    assert len(steps) > 3 and steps[-1][0] == steps[-1][1]
    # Copied from the snapshot taken when it began: whole, without the later record.
    backup.check_file(path)
    assert mothers_in(path) == 300
    assert mothers_in(db) == 301
    assert backup.list_backups(db) == [path]


def test_a_cancelled_backup_leaves_nothing(repo, tmp_path):
    db = tmp_path / "oxy.sqlite"
    steps = []
    with pytest.raises(BackupCancelled):
        backup_in_steps(
            db, pages=4, progress=lambda d, t: steps.append(d), cancelled=lambda: len(steps) >= 2
        )
    assert len(steps) == 2  # stopped between two steps
    assert backup.list_backups(db) == []
    assert list(backup.backup_dir(db).iterdir()) == []  # no partial file either


def test_a_backup_cancelled_at_once_leaves_nothing(repo, tmp_path):
    db = tmp_path / "oxy.sqlite"
    with pytest.raises(BackupCancelled):
        backup_in_steps(db, cancelled=lambda: True)
    folder = backup.backup_dir(db)
    assert not folder.exists() or list(folder.iterdir()) == []
