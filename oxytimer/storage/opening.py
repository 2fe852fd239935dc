"""Looking at a database file without writing to it: what it is, what it holds.

Every way of reading a file that is not (or not yet) the app's own open database goes
through here: the check before opening, backups, restore, merge sources, the summary and
exports of a read-only file. Nothing here writes to the file, changes its mode, or (for
a merge source, ``leave_no_trace``) leaves a -wal or -shm file beside it.

A database on read-only media (a write-protected stick, a 0400 file in a folder the user
cannot write) cannot even be read the usual way in WAL mode: SQLite wants to create its
-shm file. Such a file is opened ``immutable`` when it has no -wal holding changes (then
the file alone is the whole database); with such a -wal the user is told to copy both.
"""

from __future__ import annotations

import contextlib
import functools
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from oxytimer.storage.errors import (
    DatabaseDamagedError,
    DatabaseEmptyError,
    DatabaseMissingError,
    DatabaseReadOnlyError,
    DatabaseTooNewError,
    DatabaseUnreadableError,
    NotOxytimerDatabaseError,
    StorageError,
    not_writable,
    translate_error,
)
from oxytimer.storage.schema import MIGRATION_NAMES, MIGRATION_SET, MIGRATIONS_TABLE

REQUIRED_TABLES: Final = ("sites", "mothers", "sessions", "scores", "score_items", "audit_log")
"""Tables every oxytimer database has had since its first version."""

COUNTED_TABLES: Final = ("mothers", "sessions", "scores", "audit_log")
"""The record counts shown for a database (and compared between backups)."""

SIDE_SUFFIXES: Final = ("-wal", "-shm")

_SQLITE_HEADER: Final = b"SQLite format 3\x00"


@dataclass(frozen=True)
class DatabaseInfo:
    """What a database file holds, for the user to compare before choosing.

    Attributes:
        path: The file.
        size: Its size in bytes.
        modified: When the file was last written (UTC).
        counts: Records per table of :data:`COUNTED_TABLES`.
        last_change: The time of the newest audit row (UTC ISO text), None if none.
        migrations: The schema's applied migrations.
    """

    path: Path
    size: int
    modified: datetime
    counts: dict[str, int] = field(default_factory=dict)
    last_change: str | None = None
    migrations: tuple[str, ...] = ()

    @property
    def records(self) -> int:
        """Every counted record (audit rows included): grows with every change."""
        return sum(self.counts.values())

    @property
    def is_empty(self) -> bool:
        """No mother and no audit row: nothing was ever recorded in it."""
        return self.records == 0


class _Source(sqlite3.Connection):
    """A read-only connection that removes the side files it created when closed."""

    created: list[Path]

    def close(self) -> None:
        super().close()
        for side in getattr(self, "created", []):
            with contextlib.suppress(OSError):
                side.unlink()


def _uri(path: Path, **params: str) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{Path(path).resolve().as_uri()}?{query}"


def _wal_has_content(path: Path) -> bool:
    try:
        return Path(f"{path}-wal").stat().st_size > 0
    except OSError:
        return False


def _precheck(path: Path) -> None:
    """Missing, 0 bytes, unreadable or not SQLite at all: said before SQLite is asked."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise DatabaseMissingError(f"no database at {path}") from None
    except OSError as error:
        raise DatabaseUnreadableError(f"cannot open {path}: {error.strerror}") from error
    if not path.is_file():
        raise DatabaseUnreadableError(f"{path} is not a file")
    if info.st_size == 0:
        raise DatabaseEmptyError(f"{path} is empty (0 bytes)")
    try:
        with open(path, "rb") as handle:
            header = handle.read(len(_SQLITE_HEADER))
    except PermissionError as error:
        raise DatabaseUnreadableError(
            f"cannot open {path}: permission denied (it belongs to another user)"
        ) from error
    except OSError as error:
        raise DatabaseUnreadableError(f"cannot read {path}: {error.strerror}") from error
    if header != _SQLITE_HEADER:
        if len(header) < len(_SQLITE_HEADER) or not any(header):
            raise DatabaseDamagedError(f"{path} is not a database (its first bytes are lost)")
        raise DatabaseDamagedError(f"{path} is not a database file")


def connect_readonly(path: Path, *, leave_no_trace: bool = False) -> sqlite3.Connection:
    """Open ``path`` read-only, as the file, its folder and its -wal allow.

    Args:
        path: An existing database file.
        leave_no_trace: Leave no -wal or -shm beside the file (a merge source): the file
            is opened ``immutable`` when no -wal holds changes; otherwise the side files
            this connection had to create are removed when it is closed.

    Raises:
        DatabaseMissingError, DatabaseEmptyError, DatabaseUnreadableError,
        DatabaseDamagedError: see :func:`_precheck`.
        DatabaseReadOnlyError: its -wal holds changes but the folder is read-only.
    """
    path = Path(path)
    _precheck(path)
    wal = _wal_has_content(path)
    if leave_no_trace and not wal:
        return _connect(path, immutable=True)
    existed = {s: Path(f"{path}{s}").exists() for s in SIDE_SUFFIXES}
    conn = _connect(path, immutable=False)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as error:
        conn.close()
        translated = translate_error(error, path)
        read_only_media = isinstance(
            translated, DatabaseReadOnlyError | DatabaseUnreadableError
        ) and bool(not_writable(path))
        if read_only_media and not wal:
            # SQLite cannot create the -shm here; without a -wal holding changes the
            # file alone is the whole database.
            return _connect(path, immutable=True)
        if read_only_media:
            raise DatabaseReadOnlyError(
                f"{path} has changes in {path}-wal that cannot be read here (read-only"
                " folder or side file); copy both files to a writable folder first"
            ) from error
        raise (translated or DatabaseUnreadableError(f"{path}: {error}")) from error
    if leave_no_trace and isinstance(conn, _Source):
        conn.created = [Path(f"{path}{s}") for s, was in existed.items() if not was]
    return conn


def _connect(path: Path, *, immutable: bool) -> sqlite3.Connection:
    params = {"mode": "ro", **({"immutable": "1"} if immutable else {})}
    try:
        conn = sqlite3.connect(_uri(path, **params), uri=True, factory=_Source)
    except sqlite3.Error as error:
        raise (
            translate_error(error, path) or DatabaseUnreadableError(f"{path}: {error}")
        ) from error
    conn.created = []
    conn.execute("PRAGMA busy_timeout = 5000")
    return conn


def quick_check(conn: sqlite3.Connection, path: Path | None = None) -> None:
    """Run ``PRAGMA quick_check``; raise :class:`DatabaseDamagedError` only for damage."""
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.Error as error:
        raise (translate_error(error, path) or StorageError(str(error))) from error
    if [tuple(r) for r in rows] != [("ok",)]:
        where = f"{path}: " if path is not None else ""
        raise DatabaseDamagedError(
            f"{where}the database file is damaged: " + "; ".join(str(r[0]) for r in rows[:5])
        )


def read_schema(conn: sqlite3.Connection, path: Path) -> tuple[str, ...]:
    """Check ``conn`` holds an oxytimer database this version reads; its migrations.

    Raises:
        DatabaseEmptyError: it holds no table at all.
        NotOxytimerDatabaseError: its tables are not oxytimer's.
        DatabaseTooNewError: it was written by a newer oxytimer.
    """
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables:
            raise DatabaseEmptyError(f"{path} holds no data (no tables)")
        missing = [t for t in (MIGRATIONS_TABLE, *REQUIRED_TABLES) if t not in tables]
        if missing:
            raise NotOxytimerDatabaseError(f"{path} is not an oxytimer database")
        names = tuple(
            r[0]
            for r in conn.execute(
                f"SELECT name FROM [{MIGRATIONS_TABLE}] WHERE migration_set = ? ORDER BY rowid",
                [MIGRATION_SET],
            )
        )
    except sqlite3.Error as error:
        translated = translate_error(error, path)
        if isinstance(translated, DatabaseDamagedError):
            raise translated from error
        raise (translated or NotOxytimerDatabaseError(f"{path}: {error}")) from error
    if not names:
        raise NotOxytimerDatabaseError(f"{path} is not an oxytimer database")
    unknown = [n for n in names if n not in MIGRATION_NAMES]
    if unknown:
        raise DatabaseTooNewError(
            "this database was written by a newer version of oxytimer "
            f"(schema {unknown[-1]}); update oxytimer to open it"
        )
    return names


@functools.cache
def _first_schema_columns() -> dict[str, frozenset[str]]:
    """The columns of :data:`REQUIRED_TABLES` in the first schema (every later schema has
    them too: migrations only add)."""
    from oxytimer.storage.database import Database
    from oxytimer.storage.migrations import m0001_initial

    db = Database(memory=True)
    try:
        m0001_initial(db)  # type: ignore[arg-type]
        return {t: frozenset(_columns(db.conn, t)) for t in REQUIRED_TABLES}
    finally:
        db.close()


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA table_info([{table}])")]


def check_columns(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse a hand-built file: its tables must have oxytimer's columns.

    Raises:
        NotOxytimerDatabaseError: a table lacks a column every oxytimer database has.
    """
    try:
        for table, expected in _first_schema_columns().items():
            missing = sorted(expected - set(_columns(conn, table)))
            if missing:
                raise NotOxytimerDatabaseError(
                    f"{path} is not an oxytimer database (table {table} has no"
                    f" {', '.join(missing)})"
                )
    except sqlite3.Error as error:
        raise (translate_error(error, path) or StorageError(str(error))) from error


def record_mark(path: Path) -> int:
    """How far the records of the file at ``path`` have grown, read in milliseconds.

    The sum of the highest row number of each counted table: records are never deleted
    (triggers refuse it: mothers are withdrawn, sessions voided, scores corrected), so it
    grows with every record and a database with more records has a higher mark. Exact
    counts (:func:`count_records`) read whole tables: seconds for a large backup.

    Raises:
        StorageError: the file cannot be read as an oxytimer database.
    """
    conn = connect_readonly(path, leave_no_trace=True)
    try:
        read_schema(conn, path)
        return sum(
            int(conn.execute(f"SELECT coalesce(max(rowid), 0) FROM {t}").fetchone()[0])
            for t in COUNTED_TABLES
        )
    except sqlite3.Error as error:
        raise (translate_error(error, path) or StorageError(str(error))) from error
    finally:
        conn.close()


def count_records(conn: sqlite3.Connection, path: Path) -> tuple[dict[str, int], str | None]:
    """Records per counted table and the time of the newest audit row."""
    try:
        counts = {
            t: int(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in COUNTED_TABLES
        }
        last = conn.execute("SELECT max(at) FROM audit_log").fetchone()[0]
    except sqlite3.Error as error:
        raise (translate_error(error, path) or StorageError(str(error))) from error
    return counts, last


def damage_mark(path: Path) -> Path:
    """The file a failed ``quick_check`` of a backup leaves (``backups/.damage-found``):
    while it is there, every open of ``path`` runs the full check, whatever its size."""
    return Path(path).parent / "backups" / ".damage-found"


CHECK_AT_OPEN_MAX_BYTES: Final = 64 * 1024 * 1024
"""Files up to this size get the full ``quick_check`` at every open (well under a second);
larger ones only when backed up, restored or merged (see :func:`inspect`)."""


def inspect(
    path: Path,
    *,
    full: bool | None = True,
    counts: bool = True,
    leave_no_trace: bool = False,
    columns: bool = False,
) -> DatabaseInfo:
    """Look at the database file at ``path`` without writing anything.

    Args:
        path: The file.
        full: Run ``PRAGMA quick_check`` (reads the whole file: seconds for a large one).
            Without it, the header and schema are read (what start-up needs). None: only
            for a file of at most :data:`CHECK_AT_OPEN_MAX_BYTES`. A schema that does not
            look like oxytimer's is always checked, so that damage is called damage.
        counts: Count the records (:data:`COUNTED_TABLES`).
        leave_no_trace: Leave no side files (see :func:`connect_readonly`).
        columns: Also check the tables' columns (:func:`check_columns`): for files
            that are read record by record (merge sources, backups to restore).

    Raises:
        StorageError: a subclass saying what is wrong (missing, empty, unreadable,
            read-only media with pending changes, damaged, not oxytimer's, too new).
    """
    path = Path(path)
    conn = connect_readonly(path, leave_no_trace=leave_no_trace)
    if full is None:
        full = path.stat().st_size <= CHECK_AT_OPEN_MAX_BYTES or damage_mark(path).exists()
    try:
        try:
            migrations = read_schema(conn, path)
        except (NotOxytimerDatabaseError, DatabaseEmptyError):
            quick_check(conn, path)  # a damaged schema says "damaged", not "foreign"
            raise
        if full:
            quick_check(conn, path)
            with contextlib.suppress(OSError):
                damage_mark(path).unlink(missing_ok=True)  # checked whole: not damaged
        if columns:
            check_columns(conn, path)
        found, last = count_records(conn, path) if counts else ({}, None)
    finally:
        conn.close()
    stat = path.stat()
    return DatabaseInfo(
        path=path,
        size=stat.st_size,
        modified=datetime.fromtimestamp(stat.st_mtime, UTC),
        counts=found,
        last_change=last,
        migrations=migrations,
    )


def describe(info: DatabaseInfo) -> dict[str, Any]:
    """``info`` as plain values (for messages): counts, last change, file time."""
    return {
        "mothers": info.counts.get("mothers", 0),
        "sessions": info.counts.get("sessions", 0),
        "scores": info.counts.get("scores", 0),
        "audit": info.counts.get("audit_log", 0),
        "last_change": _local_minute(info.last_change),
        "modified": info.modified.astimezone().strftime("%Y-%m-%d %H:%M"),
    }


def _local_minute(stamp: str | None) -> str:
    """A stored UTC time as this computer's local date and time to the minute ("" if none)."""
    if not stamp:
        return ""
    try:
        when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp[:16].replace("T", " ")
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone().strftime("%Y-%m-%d %H:%M")
