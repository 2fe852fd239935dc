"""Writers take turns (issue 10, case 6): commands wait for each other's writes, and
never write under the running app."""

import os
import signal
import sqlite3
import subprocess
import sys

from click.testing import CliRunner

from oxytimer.cli import main
from oxytimer.storage.repository import Repository

HEADER = "participant,site,pre,post,date\n"


def csv_file(path, first, count):
    rows = [
        f"MTR-{first + i:04},AMP,1,4,2026-01-02 {7 + i // 60:02}:{i % 60:02}" for i in range(count)
    ]
    path.write_text(HEADER + "\n".join(rows) + "\n")
    return path


def make_db(path):
    repo = Repository.open(path)
    repo.ensure_sites([("AMP", "Puskesmas Ampenan")])
    repo.close()


def mothers(path):
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM mothers").fetchone()[0]
    finally:
        conn.close()


HOLD_WRITE = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("holding", flush=True)
sys.stdin.readline()
conn.execute("ROLLBACK")
"""


def test_two_simultaneous_imports_both_succeed(tmp_path):
    db = tmp_path / "site.sqlite"
    make_db(db)
    files = [csv_file(tmp_path / f"{n}.csv", n * 1000, 200) for n in (1, 2)]
    env = {**os.environ, "OXYTIMER_DB": str(db)}
    # A third writer holds the write lock while both commands start, so that they
    # really meet; it lets go once both are running.
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_WRITE, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "holding"
    imports = [
        subprocess.Popen(
            [sys.executable, "-m", "oxytimer", "import", str(f)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for f in files
    ]
    holder.communicate("\n", timeout=60)
    results = [p.communicate(timeout=300) for p in imports]
    for process, (out, err) in zip(imports, results, strict=True):
        assert process.returncode == 0, err
        assert "Imported 200 session(s)" in out
    assert mothers(db) == 400


APP_LOCK = """
import sys
from PySide6.QtCore import QLockFile
lock = QLockFile(sys.argv[1])
lock.setStaleLockTime(0)
assert lock.tryLock(0)
print("locked", flush=True)
sys.stdin.readline()
"""


def test_commands_do_not_write_under_the_running_app(tmp_path):
    db = tmp_path / "site.sqlite"
    make_db(db)
    data = csv_file(tmp_path / "a.csv", 1, 3)
    app = subprocess.Popen(
        [sys.executable, "-c", APP_LOCK, f"{db}.lock"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert app.stdout.readline().strip() == "locked"
        result = CliRunner().invoke(main, ["--db", str(db), "import", str(data)])
        assert result.exit_code == 1
        assert f"oxytimer (process {app.pid}) has {db} open" in result.stderr
        assert result.stderr.lower().count("nothing was written") == 1  # said once
        assert "Traceback" not in result.output
        assert mothers(db) == 0
    finally:
        os.kill(app.pid, signal.SIGKILL)
        app.communicate()
    # The app is gone (its lock is stale): the command writes.
    result = CliRunner().invoke(main, ["--db", str(db), "import", str(data)])
    assert result.exit_code == 0, result.output
    assert mothers(db) == 3
