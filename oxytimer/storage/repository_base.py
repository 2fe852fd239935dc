"""The repository's foundation: opening a database, transactions with their audit rows,
the record types and the puskesmas (sites).

Every write goes through :meth:`RepositoryBase._write`, inside one transaction together with
its audit rows, so a record and the trail that explains it are committed or lost together.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from oxytimer.domain.clock import Clock, SystemClock, utc_iso
from oxytimer.domain.records import (
    InputError,
)
from oxytimer.storage.database import Database
from oxytimer.storage.errors import (
    DatabaseEmptyError,
    DatabaseMissingError,
    DatabaseReadOnlyError,
    DatabaseTooNewError,
    StorageError,
    not_writable,
    open_error,
    read_only_reason,
    translate_error,
)
from oxytimer.storage.schema import (
    MIGRATION_NAMES,
    applied_migration_names,
    migrate,
    pending_migration_names,
)

# The registry, screening and dose modules (and json, uuid) are imported by the methods
# that use them, not here: the app's start screen needs none of them (start-up time,
# issue 2; tests/test_launch.py).
if TYPE_CHECKING:
    pass


class RecordLockedError(InputError):
    """The record is locked (follow-up closed); unlock it with a reason first."""


@dataclass(frozen=True)
class Mother:
    id: str
    site_id: str
    site_code: str
    study_code: str
    status: str
    locked: bool
    enrolled_at: str
    age: int | None = None
    occupation: str | None = None


@dataclass(frozen=True)
class ScoreRecord:
    id: str
    kind: str
    total: int
    category: str | None
    items: Mapping[str, bool]
    instrument_version: str


@dataclass(frozen=True)
class SessionRecord:
    id: str
    mother_id: str
    study_code: str
    site_code: str
    caregiver: str
    planned_seconds: int
    status: str
    slot: str | None
    started_at: str
    ended_at: str | None
    massage_seconds: float
    paused_seconds: float
    pause_count: int
    abort_reason: str | None
    voided: bool
    protocol_version: str
    instrument_version: str
    pre: ScoreRecord | None
    post: ScoreRecord | None
    preparation_seconds: float = 0.0
    first_part_seconds: float | None = None
    resumed_at: str | None = None
    resume_gap_seconds: float | None = None
    design: str = "full_checklist"
    progress_at: str | None = None

    @property
    def second_part_seconds(self) -> float | None:
        """Massage given after a resume (None when it was never resumed)."""
        if self.first_part_seconds is None:
            return None
        return max(self.massage_seconds - self.first_part_seconds, 0.0)


DESIGNS = ("full_checklist", "session_check")


"""What a session's scores are: the whole checklist, or the short session check."""


def new_id() -> str:
    import uuid

    return str(uuid.uuid4())


def _translate_sqlite_error(error: sqlite3.Error) -> StorageError | None:
    return translate_error(error)


def configure(db: Database) -> None:
    """Connection settings every oxytimer connection uses."""
    from oxytimer.storage.audit_chain import register_functions

    # The audit trail's triggers call these (a Repository registers its own "audited").
    register_functions(db.conn, lambda: False)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA busy_timeout = 5000")
    if not db.memory:
        db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")


def check_schema_not_newer(db: Database, applied: Sequence[str] | None = None) -> None:
    """Refuse a database with migrations this code does not know.

    Args:
        db: The database.
        applied: Its applied migrations, when already read (``applied_migration_names``).
    """
    if applied is None:
        applied = applied_migration_names(db)
    unknown = [name for name in applied if name not in MIGRATION_NAMES]
    if unknown:
        raise DatabaseTooNewError(
            "this database was written by a newer version of oxytimer "
            f"(schema {unknown[-1]}); update oxytimer to open it"
        )


class RepositoryBase:
    """Opening, transactions, audit rows and sites: what every part of the repository uses.

    Args:
        db: an open database (see :meth:`open` and :meth:`memory`).
        clock: stamps every record and audit row.
        operator: who is using the app; stored with every audit row.
    """

    def __init__(self, db: Database, clock: Clock | None = None, operator: str = "") -> None:
        from oxytimer.storage.audit_chain import register_functions

        self.db = db
        self.clock: Clock = clock or SystemClock()
        self.operator = operator
        self._writing = 0
        self.keeps_summary = False  # refreshes the stored summary (opened for writing)
        # Scores, score items and screenings may change only inside _write (triggers).
        register_functions(db.conn, lambda: self._writing > 0)

    @classmethod
    def open(
        cls,
        path: str | Path,
        clock: Clock | None = None,
        operator: str = "",
        *,
        new: bool = False,
        create: bool = True,
    ) -> Self:
        """Open, check and migrate the database file at ``path``.

        The file is checked through a read-only connection first (a read-write
        connection to a damaged file could write to it: closing it checkpoints a pending
        -wal). A large file's header and schema only, not the whole file: its full
        ``quick_check`` runs before every backup (the app's start-up backup, in the
        background), restore and merge, so start-up does not grow with the file's size
        (``opening.CHECK_AT_OPEN_MAX_BYTES``).

        Args:
            path: The database file.
            clock: Stamps records and audit rows.
            operator: Who goes into the audit trail.
            new: The user asked for a new database here: an empty (0 bytes or table-less)
                file at ``path`` becomes one. Without it such a file is refused
                (:class:`DatabaseEmptyError`): a stick or a laptop losing power can leave
                one where the records were.
            create: A missing file may be created (a new database).

        Raises:
            StorageError: a subclass saying what is wrong (see storage/errors.py).
        """
        from oxytimer.storage.creation import create_database
        from oxytimer.storage.opening import inspect

        path = Path(path)
        try:
            inspect(path, full=None, counts=False)
        except DatabaseMissingError:
            if not create and not new:
                raise
            create_database(path)
        except DatabaseEmptyError:
            if not new:
                raise
            create_database(path, replace_empty=True)
        if not_writable(path):
            raise DatabaseReadOnlyError(f"{path} cannot be written: {read_only_reason(path)}")
        try:
            conn = sqlite3.connect(
                f"{path.resolve().as_uri()}?mode=rw", uri=True, isolation_level="IMMEDIATE"
            )
            db = Database(conn)
        except sqlite3.Error as error:
            raise open_error(error, path) from error
        try:
            applied = applied_migration_names(db)
            check_schema_not_newer(db, applied)
            if applied and pending_migration_names(applied):
                # An older database: keep a copy before migrating it (issue 5).
                from oxytimer.storage.backup import backup_connection

                backup_connection(db.conn, path, tag="before-upgrade")
            configure(db)
            migrate(db)  # imports sqlite-utils only when something is pending
            upgraded = bool(applied) and bool(pending_migration_names(applied))
            for suffix in ("-wal", "-shm"):
                side = Path(str(path) + suffix)
                if os.name == "posix" and side.exists() and side.stat().st_uid == os.getuid():
                    with contextlib.suppress(OSError):
                        os.chmod(side, 0o600)
            db.watch_files(path)
        except sqlite3.Error as error:
            db.close()
            raise open_error(error, path) from error
        except BaseException:
            db.close()
            raise
        repo = cls(db, clock, operator)
        repo.keeps_summary = True
        if upgraded:
            repo.refresh_summary()  # an upgrade already takes long; the summary then does not
        return repo

    @classmethod
    def memory(cls, clock: Clock | None = None, operator: str = "") -> Self:
        """A migrated in-memory database, for tests and the demo."""
        db = Database(memory=True)
        configure(db)
        migrate(db)
        return cls(db, clock, operator)

    def close(self) -> None:
        """Close the database, bringing the stored summary up to date first (see
        :func:`refresh_summary`)."""
        try:
            if self.keeps_summary:
                self.refresh_summary()
        finally:
            self.db.close()

    def refresh_summary(self) -> int:
        """Recompute the stored summary rows of the mothers whose records changed since
        (storage/summary_table.py), so that the next summary reads them instead of their
        sessions. Nothing to do (or a database that cannot be written now): 0.

        Returns:
            How many mothers were refreshed.
        """
        try:
            if self.db.execute("SELECT 1 FROM summary_stale LIMIT 1").fetchone() is None:
                return 0  # (without importing the summary's code: start-up, issue 2)
            from oxytimer.storage.summary_table import refresh

            return refresh(self)  # type: ignore[arg-type]
        except (sqlite3.Error, StorageError, OSError):
            return 0  # the rows stay stale: the summary reads those mothers' records

    @contextmanager
    def _write(self) -> Iterator[Database]:
        self._writing += 1
        try:
            with self.db.atomic():
                yield self.db
        except sqlite3.IntegrityError:
            raise
        except sqlite3.Error as error:
            translated = _translate_sqlite_error(error)
            if translated is None:
                raise
            raise translated from error
        finally:
            self._writing -= 1

    def _now(self) -> str:
        return utc_iso(self.clock.now_utc())

    def _audit(
        self,
        action: str,
        table: str,
        record_id: str,
        field: str | None = None,
        old: Any = None,
        new: Any = None,
        reason: str | None = None,
    ) -> None:
        self.db.execute(
            "INSERT INTO audit_log (id, at, operator, action, table_name, record_id, field,"
            " old_value, new_value, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                new_id(),
                self._now(),
                self.operator,
                action,
                table,
                record_id,
                field,
                None if old is None else str(old),
                None if new is None else str(new),
                reason,
            ],
        )

    def _insert(self, table: str, row: dict[str, Any]) -> None:
        import json

        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        self.db.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(row.values()))
        self._audit("insert", table, str(row["id"]), new=json.dumps(row, default=str))

    def _update(
        self,
        table: str,
        record_id: str,
        changes: Mapping[str, Any],
        reason: str | None = None,
        action: str = "update",
    ) -> None:
        """Update fields of one row, auditing each field that really changes."""
        cursor = self.db.execute(f"SELECT * FROM {table} WHERE id = ?", [record_id])
        current = cursor.fetchone()
        if current is None:
            raise InputError("id", "not_found", table=table)
        names = [d[0] for d in cursor.description]  # no second query for the names
        old = dict(zip(names, current, strict=True))
        changed = {k: v for k, v in changes.items() if old[k] != v}
        if not changed:
            return
        sets = ", ".join(f"{k} = ?" for k in changed)
        self.db.execute(f"UPDATE {table} SET {sets} WHERE id = ?", [*changed.values(), record_id])
        for field, value in changed.items():
            self._audit(action, table, record_id, field, old[field], value, reason)

    def insert_many(
        self, table: str, rows: Sequence[Mapping[str, Any]], *, stamp: str | None = None
    ) -> None:
        """Bulk path (the demo and benchmarks): insert rows that are already checked.

        Each row is inserted in its final state with the same ``insert`` audit row
        :meth:`_insert` writes (``score_items`` rows are not audited, as in
        :meth:`start_session`). The audit row's time is the record's own ``stamp`` column
        (e.g. ``started_at``) when given, else now. Runs in one transaction (a savepoint
        inside an outer one). No checks beyond the database's constraints: use it only for
        rows built from values the domain has already checked.

        Args:
            table: The table; every row has the same columns.
            rows: The rows, each with an ``id`` (except ``score_items``).
            stamp: The column holding the record's time, for its audit row.
        """
        if not rows:
            return
        with self._write():
            self._insert_rows(table, rows, stamp=stamp)

    def _insert_rows(
        self, table: str, rows: Sequence[Mapping[str, Any]], *, stamp: str | None = None
    ) -> None:
        """:meth:`insert_many` in the caller's transaction, without a savepoint of its own
        (a bulk import: a savepoint makes SQLite keep every page it changes in a journal
        until it is released). The audit rows get time-ordered ids
        (:func:`~oxytimer.storage.bulk.ordered_id`)."""
        import json

        from oxytimer.storage.bulk import ordered_id

        if not rows:
            return
        assert self.db.conn.in_transaction, "_insert_rows runs in the caller's transaction"
        columns = list(rows[0])
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        now = self._now()
        self.db.conn.executemany(sql, [[row[c] for c in columns] for row in rows])
        if table in ("score_items", "assessment_items"):
            return
        self.db.conn.executemany(
            "INSERT INTO audit_log (id, at, operator, action, table_name, record_id,"
            " new_value) VALUES (?, ?, ?, 'insert', ?, ?, ?)",
            [
                (
                    ordered_id(),
                    str(row[stamp]) if stamp else now,
                    self.operator,
                    table,
                    str(row["id"]),
                    json.dumps(row, default=str),
                )
                for row in rows
            ],
        )

    def ensure_sites(self, sites: Sequence[tuple[str, str]]) -> None:
        """Add the (code, name) sites that are not there yet (ids from their codes)."""
        from oxytimer.domain.study_codes import site_uuid

        with self._write():
            for code, name in sites:
                exists = self.db.execute("SELECT 1 FROM sites WHERE code = ?", [code]).fetchone()
                if not exists:
                    self._insert(
                        "sites",
                        {
                            "id": site_uuid(code),
                            "code": code,
                            "name": name,
                            "created_at": self._now(),
                        },
                    )

    def sites(self) -> list[dict[str, str]]:
        return [
            {"id": r[0], "code": r[1], "name": r[2]}
            for r in self.db.execute("SELECT id, code, name FROM sites ORDER BY name")
        ]

    def site_id(self, code: str) -> str:
        row = self.db.execute("SELECT id FROM sites WHERE code = ?", [code]).fetchone()
        if row is None:
            raise InputError("site", "not_found")
        return str(row[0])

    def _today(self) -> date:
        return self.clock.now_utc().astimezone().date()

    def add_site(self, code: str, name: str) -> str:
        """Add a site to the managed list and return its id.

        Raises:
            InputError: bad or duplicate code or name (see
                :func:`oxytimer.domain.registry.check_site`).
        """
        from oxytimer.domain.registry import check_site
        from oxytimer.domain.study_codes import site_uuid

        code, name = check_site(code, name, [(s["code"], s["name"]) for s in self.sites()])
        site_id = site_uuid(code)
        with self._write():
            self._insert(
                "sites", {"id": site_id, "code": code, "name": name, "created_at": self._now()}
            )
        return site_id

    def study_codes(self, site_id: str) -> list[str]:
        """Every study code used at a site."""
        return [
            str(r[0])
            for r in self.db.execute("SELECT study_code FROM mothers WHERE site_id = ?", [site_id])
        ]

    def suggest_study_code(self, site_id: str) -> str:
        """The laptop's next free study code at a site (e.g. ``MTR-A031``).

        See :func:`oxytimer.storage.laptop.suggest_code`.
        """
        from oxytimer.storage.laptop import suggest_code

        return suggest_code(self.db, site_id)
