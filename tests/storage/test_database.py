"""The light Database mirrors sqlite-utils', and opening an up-to-date file skips sqlite-utils."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import sqlite_utils
from hypothesis import given
from hypothesis import strategies as st
from sqlite_utils.db import _first_keyword as utils_first_keyword

from oxytimer.storage.database import Database, _first_keyword
from oxytimer.storage.migrations import known_migration_names, migrations
from oxytimer.storage.repository import Repository, StorageError
from oxytimer.storage.schema import (
    MIGRATION_NAMES,
    MIGRATIONS_TABLE,
    applied_migration_names,
    migrate,
    pending_migration_names,
)
from oxytimer.storage.summary import open_for_reading


@pytest.fixture
def path(tmp_path):
    return tmp_path / "t.sqlite"


@pytest.fixture
def db(path):
    db = Database(path)
    db.execute("CREATE TABLE t (x INTEGER NOT NULL CHECK (x > 0))")
    yield db
    db.close()


def seen(path):
    """The rows another connection sees (only what is committed)."""
    other = sqlite3.connect(path)
    try:
        return [r[0] for r in other.execute("SELECT x FROM t ORDER BY x")]
    finally:
        other.close()


# ------------------------------------------------------------------ the Database
def test_write_outside_a_transaction_is_committed_at_once(db, path):
    db.execute("INSERT INTO t VALUES (?)", [1])
    db.execute("INSERT INTO t VALUES (:x)", {"x": 2})
    assert not db.conn.in_transaction
    assert seen(path) == [1, 2]
    assert db.execute("SELECT count(*) FROM t").fetchone() == (2,)


def test_write_inside_atomic_is_committed_at_its_end_only(db, path):
    with db.atomic() as same:
        assert same is db
        db.execute("INSERT INTO t VALUES (1)")
        assert db.conn.in_transaction
        assert seen(path) == []
    assert not db.conn.in_transaction
    assert seen(path) == [1]


def test_atomic_rolls_back_when_the_block_raises(db, path):
    with pytest.raises(KeyError), db.atomic():
        db.execute("INSERT INTO t VALUES (1)")
        raise KeyError("boom")
    assert not db.conn.in_transaction
    assert seen(path) == []


def test_nested_atomic_rolls_back_its_savepoint_only(db, path):
    with db.atomic():
        db.execute("INSERT INTO t VALUES (1)")
        with pytest.raises(sqlite3.IntegrityError), db.atomic():
            db.execute("INSERT INTO t VALUES (2)")
            db.execute("INSERT INTO t VALUES (-3)")
        assert db.conn.in_transaction
        with db.atomic():
            db.execute("INSERT INTO t VALUES (4)")
        assert seen(path) == []
    assert seen(path) == [1, 4]


def test_failed_statement_leaves_no_transaction_open(db, path):
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO t VALUES (0)")
    assert not db.conn.in_transaction
    db.execute("INSERT INTO t VALUES (5)")
    assert seen(path) == [5]


def test_failed_statement_inside_a_transaction_keeps_it(db, path):
    db.execute("BEGIN")
    db.execute("INSERT INTO t VALUES (1)")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO t VALUES (0)")
    assert db.conn.in_transaction
    db.rollback()
    db.rollback()  # nothing open: nothing happens
    assert not db.conn.in_transaction
    assert seen(path) == []


def test_transaction_control_statements_are_not_committed_behind_your_back(db, path):
    db.execute("-- a comment first\n BEGIN")
    db.execute("INSERT INTO t VALUES (1)")
    assert db.conn.in_transaction and seen(path) == []
    db.execute("/* c */ COMMIT")
    assert not db.conn.in_transaction and seen(path) == [1]


def test_memory_flag_and_arguments(path):
    for memory_db in (Database(memory=True), Database(":memory:")):
        assert memory_db.memory
        memory_db.close()
    on_file = Database(path)
    conn = sqlite3.connect(path)
    on_conn = Database(conn)
    assert not on_file.memory and not on_conn.memory
    assert on_conn.conn is conn
    on_file.close()
    on_conn.close()
    with pytest.raises(ValueError):
        Database()
    with pytest.raises(ValueError):
        Database(path, memory=True)


def test_recursive_triggers_are_on(db):
    assert db.execute("PRAGMA recursive_triggers").fetchone() == (1,)


def test_utils_is_sqlite_utils_over_the_same_connection(db):
    full = db.utils()
    assert isinstance(full, sqlite_utils.Database)
    assert full.conn is db.conn and db.utils() is full
    assert full.memory is False
    assert Database(memory=True).utils().memory is True


# Every step runs on both databases; they must end in the same state after each one.
STEPS = [
    "INSERT INTO t VALUES (1)",
    "INSERT INTO t VALUES (0)",  # fails
    "SELECT * FROM t",
    "PRAGMA user_version = 3",
    "  -- why\n/* so */ ;INSERT INTO t VALUES (2)",
    "BEGIN",
    "INSERT INTO t VALUES (3)",
    "INSERT INTO t VALUES (-1)",  # fails inside the transaction
    "SAVEPOINT sp",
    "INSERT INTO t VALUES (4)",
    "ROLLBACK TO sp",
    "RELEASE sp",
    "END",
    "SAVEPOINT outer",  # outside a transaction: opens one
    "INSERT INTO t VALUES (5)",
    "ROLLBACK TO outer",
    "INSERT INTO t VALUES (6)",
    "RELEASE outer",
    "UPDATE t SET x = x + 10 WHERE x = 1",
    "INSERT INTO t SELECT 20 RETURNING x",
    "CREATE TABLE u (y)",
    "no such statement",  # fails to parse
    "BEGIN IMMEDIATE",
    "DELETE FROM t WHERE x = 2",
    "ROLLBACK",
]


def run_steps(db, path):
    states = []
    db.execute("CREATE TABLE t (x INTEGER NOT NULL CHECK (x > 0))")
    for sql in STEPS:
        try:
            cursor = db.execute(sql)
            outcome = repr(cursor.fetchall())
        except sqlite3.Error as error:
            outcome = type(error).__name__
        states.append((sql, outcome, db.conn.in_transaction, seen(path)))
    return states


def test_execute_behaves_like_sqlite_utils_step_by_step(tmp_path):
    ours = Database(tmp_path / "ours.sqlite")
    theirs = sqlite_utils.Database(tmp_path / "theirs.sqlite", execute_plugins=False)
    try:
        expected = run_steps(theirs, tmp_path / "theirs.sqlite")
        assert run_steps(ours, tmp_path / "ours.sqlite") == expected
    finally:
        ours.close()
        theirs.close()


@given(st.text(alphabet=" \n\t;-/*\ufeffabcBEGIN_x(1)", max_size=30))
def test_first_keyword_is_sqlite_utils_first_keyword(sql):
    assert _first_keyword(sql) == utils_first_keyword(sql)


# ---------------------------------------------------------------- the migrations
def test_migration_names_are_the_registered_migrations():
    assert tuple(known_migration_names()) == MIGRATION_NAMES
    assert [m.name for m in migrations._migrations] == list(MIGRATION_NAMES)


@pytest.mark.parametrize("stop_before", [*MIGRATION_NAMES, None, "fresh"])
def test_applied_and_pending_by_sql_are_what_sqlite_utils_says(tmp_path, stop_before):
    db = Database(tmp_path / "m.sqlite")
    if stop_before != "fresh":
        migrations.apply(db.utils(), stop_before=stop_before)
    if stop_before not in (None, "fresh"):  # another set in the same table is not ours
        db.execute(
            f"INSERT INTO {MIGRATIONS_TABLE} (migration_set, name, applied_at)"
            " VALUES ('other', 'x', 'now')"
        )
    applied = applied_migration_names(db)
    assert applied == [m.name for m in migrations.applied(db.utils())]
    assert pending_migration_names(applied) == [m.name for m in migrations.pending(db.utils())]
    db.close()


def test_migrate_is_apply(tmp_path):
    db = Database(tmp_path / "m.sqlite")
    migrations.apply(db.utils(), stop_before=MIGRATION_NAMES[-1])
    migrate(db)
    assert applied_migration_names(db) == list(MIGRATION_NAMES)
    count = db.execute(f"SELECT count(*) FROM {MIGRATIONS_TABLE}").fetchone()
    migrate(db)  # nothing pending: nothing written
    assert db.execute(f"SELECT count(*) FROM {MIGRATIONS_TABLE}").fetchone() == count
    db.close()


def test_migrate_fixes_a_migrations_table_keyed_otherwise_as_sqlite_utils_does(tmp_path):
    db = Database(tmp_path / "m.sqlite")
    migrations.apply(db.utils())
    db.execute(f"CREATE TABLE old AS SELECT * FROM {MIGRATIONS_TABLE}")
    db.execute(f"DROP TABLE {MIGRATIONS_TABLE}")
    db.execute(
        f"CREATE TABLE {MIGRATIONS_TABLE} (migration_set TEXT, name TEXT, applied_at TEXT,"
        " PRIMARY KEY (migration_set, name))"
    )
    db.execute(f"INSERT INTO {MIGRATIONS_TABLE} SELECT migration_set, name, applied_at FROM old")
    assert db.utils()[MIGRATIONS_TABLE].pks == ["migration_set", "name"]
    migrate(db)
    assert db.utils()[MIGRATIONS_TABLE].pks == ["id"]
    assert applied_migration_names(db) == list(MIGRATION_NAMES)
    db.close()


def test_summary_refuses_a_database_with_pending_migrations(tmp_path):
    old = tmp_path / "old.sqlite"
    db = Database(old)
    migrations.apply(db.utils(), stop_before="0009_sync_server")
    db.close()
    with pytest.raises(StorageError, match="opened once"):
        open_for_reading(old)
    Repository.open(old).close()
    open_for_reading(old).close()


STORED_SUMMARY = {
    "0010_summary_table": ("summary_stale", "summary_pairing", "summary_dose", "summary_state"),
    "0011_summary_cells": ("summary_cells", "summary_mothers"),
}


@pytest.mark.parametrize("missing", [["0011_summary_cells"], list(STORED_SUMMARY)])
def test_a_file_without_the_stored_summary_is_read_from_its_records(tmp_path, missing):
    """An earlier version's file (0010, or 0009) on a read-only stick: summarised as it
    is, from its records (the stored summary, 0010 and 0011, only saves time), as the
    upgraded copy is."""
    import json

    from oxytimer.domain.clock import FakeClock
    from oxytimer.storage.demo import fill_demo
    from oxytimer.storage.summary import summarise_database

    path = tmp_path / "new.sqlite"
    repo = Repository.open(path, FakeClock())
    fill_demo(repo, mothers=12, seed=3)
    repo.close()
    old = tmp_path / "old.sqlite"
    old.write_bytes(path.read_bytes())
    conn = sqlite3.connect(old)  # back to what the earlier version wrote
    triggers = "'sites_summary_update'" if missing == ["0011_summary_cells"] else "'%summary%'"
    for (trigger,) in conn.execute(
        f"SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE {triggers}"
    ).fetchall():
        conn.execute(f"DROP TRIGGER {trigger}")
    for migration in missing:
        for table in STORED_SUMMARY[migration]:
            conn.execute(f"DROP TABLE {table}")
        conn.execute(f"DELETE FROM {MIGRATIONS_TABLE} WHERE name = ?", [migration])
    conn.commit()
    conn.close()
    os.chmod(old, 0o400)

    def summary(file):
        reader = open_for_reading(file)
        try:
            text = json.dumps(summarise_database(reader).to_dict(), sort_keys=True)
            return text.replace(str(file), "FILE")
        finally:
            reader.close()

    assert summary(old) == summary(path)
    reader = open_for_reading(old, check=False)
    try:  # read as it was: not upgraded, nothing written
        assert not set(missing) & set(applied_migration_names(reader.db))
    finally:
        reader.close()


OPEN_UP_TO_DATE = """
import sys
from oxytimer.storage.repository import Repository
Repository.open(sys.argv[1]).close()
print(sorted(m for m in ("sqlite_utils", "oxytimer.storage.migrations") if m in sys.modules))
"""


def open_in_fresh_process(path: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-c", OPEN_UP_TO_DATE, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_opening_an_up_to_date_database_does_not_import_sqlite_utils(tmp_path):
    path = tmp_path / "app.sqlite"
    assert open_in_fresh_process(path) == "['oxytimer.storage.migrations', 'sqlite_utils']"
    assert open_in_fresh_process(path) == "[]"
    repo = Repository.open(path)
    assert applied_migration_names(repo.db) == list(MIGRATION_NAMES)
    repo.close()


HIDDEN = """
import sys
from oxytimer.storage.database import import_sqlite_utils
import_sqlite_utils()
print(sorted(m for m in ("sqlite_utils", "numpy", "pandas") if m in sys.modules))
import numpy
"""


def test_importing_sqlite_utils_does_not_import_numpy():
    result = subprocess.run(
        [sys.executable, "-c", HIDDEN], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr  # numpy still imports afterwards
    assert result.stdout.strip() == "['sqlite_utils']"


HOLD_WRITE = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("holding", flush=True)
sys.stdin.readline()
conn.execute("ROLLBACK")
print("released", flush=True)
"""


@pytest.mark.parametrize("how", ["atomic", "execute"])
def test_a_write_that_must_wait_calls_on_busy_until_its_turn(tmp_path, how):
    path = tmp_path / "w.sqlite"
    db = Database(path)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("CREATE TABLE t (x)")
    db.execute("PRAGMA busy_timeout = 5000")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_WRITE, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    calls = []

    def on_busy(waited):
        calls.append(waited)
        if len(calls) == 2:  # the other writer finishes after two steps
            holder.stdin.write("\n")
            holder.stdin.flush()
            assert holder.stdout.readline().strip() == "released"

    try:
        assert holder.stdout.readline().strip() == "holding"
        db.on_busy = on_busy
        if how == "atomic":
            with db.atomic():
                db.execute("INSERT INTO t VALUES (1)")
        else:
            db.execute("INSERT INTO t VALUES (1)")
    finally:
        holder.communicate(timeout=30)
    assert len(calls) == 3 and calls[-1] is None and all(c > 0 for c in calls[:2])
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
    assert not db.conn.in_transaction
    db.close()
    check = sqlite3.connect(path)
    assert check.execute("SELECT x FROM t").fetchall() == [(1,)]
    check.close()
