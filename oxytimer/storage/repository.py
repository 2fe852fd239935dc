"""The only module that writes SQL.

Every write goes through :class:`Repository`, inside one transaction together with its
audit rows, so a record and the trail that explains it are committed or lost together.
"""

from __future__ import annotations

import contextlib
import functools
import math
import os
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from oxytimer.domain.clock import Clock, SystemClock, parse_utc, utc_iso
from oxytimer.domain.records import (
    OPEN_STATUSES,
    Caregiver,
    InputError,
    MotherStatus,
    ScoreKind,
    SessionStatus,
    Slot,
    clean_study_code,
    require_reason,
)
from oxytimer.storage.creation import create_private_file as create_private_file
from oxytimer.storage.database import Database

# The errors live in storage/errors.py; imported from here too, as they always were.
from oxytimer.storage.errors import (
    DatabaseDamagedError as DatabaseDamagedError,
)
from oxytimer.storage.errors import (
    DatabaseEmptyError as DatabaseEmptyError,
)
from oxytimer.storage.errors import (
    DatabaseFullError as DatabaseFullError,
)
from oxytimer.storage.errors import (
    DatabaseLockedError as DatabaseLockedError,
)
from oxytimer.storage.errors import (
    DatabaseMissingError as DatabaseMissingError,
)
from oxytimer.storage.errors import (
    DatabaseReadOnlyError as DatabaseReadOnlyError,
)
from oxytimer.storage.errors import (
    DatabaseTooNewError as DatabaseTooNewError,
)
from oxytimer.storage.errors import (
    DatabaseUnreadableError as DatabaseUnreadableError,
)
from oxytimer.storage.errors import (
    DatabaseVanishedError as DatabaseVanishedError,
)
from oxytimer.storage.errors import (
    NotOxytimerDatabaseError as NotOxytimerDatabaseError,
)
from oxytimer.storage.errors import (
    StorageError as StorageError,
)
from oxytimer.storage.errors import (
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
    from oxytimer.domain.adherence import MotherDose
    from oxytimer.domain.eligibility import Criteria
    from oxytimer.domain.instrument import Instrument
    from oxytimer.domain.registry import Enrolment, FlowCounts, RegistryEntry


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


class Repository:
    """All reads and writes of clinical records.

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
        # Scores, score items and screenings may change only inside _write (triggers).
        register_functions(db.conn, lambda: self._writing > 0)

    # ---------------------------------------------------------------- opening
    @classmethod
    def open(
        cls,
        path: str | Path,
        clock: Clock | None = None,
        operator: str = "",
        *,
        new: bool = False,
        create: bool = True,
    ) -> Repository:
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
        return cls(db, clock, operator)

    @classmethod
    def memory(cls, clock: Clock | None = None, operator: str = "") -> Repository:
        """A migrated in-memory database, for tests and the demo."""
        db = Database(memory=True)
        configure(db)
        migrate(db)
        return cls(db, clock, operator)

    def close(self) -> None:
        self.db.close()

    # ------------------------------------------------------------ transactions
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
        current = self.db.execute(f"SELECT * FROM {table} WHERE id = ?", [record_id]).fetchone()
        if current is None:
            raise InputError("id", "not_found", table=table)
        names = [d[0] for d in self.db.execute(f"SELECT * FROM {table} LIMIT 0").description]
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
        import json

        if not rows:
            return
        columns = list(rows[0])
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        now = self._now()
        with self._write():
            self.db.conn.executemany(sql, [[row[c] for c in columns] for row in rows])
            if table in ("score_items", "assessment_items"):
                return
            self.db.conn.executemany(
                "INSERT INTO audit_log (id, at, operator, action, table_name, record_id,"
                " new_value) VALUES (?, ?, ?, 'insert', ?, ?, ?)",
                [
                    (
                        new_id(),
                        str(row[stamp]) if stamp else now,
                        self.operator,
                        table,
                        str(row["id"]),
                        json.dumps(row, default=str),
                    )
                    for row in rows
                ],
            )

    # ------------------------------------------------------------------ sites
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

    # ---------------------------------------------------------------- mothers
    def add_mother(self, site_id: str, study_code: str, **fields: Any) -> str:
        """Enrol a mother by study code at a site and return her id.

        Raises:
            InputError: empty or malformed code, unknown site, code already used there.
        """
        code = clean_study_code(study_code)
        if (
            not site_id
            or self.db.execute("SELECT 1 FROM sites WHERE id = ?", [site_id]).fetchone() is None
        ):
            raise InputError("site", "required")
        if self.db.execute(
            "SELECT 1 FROM mothers WHERE site_id = ? AND study_code = ?", [site_id, code]
        ).fetchone():
            raise InputError("study_code", "duplicate", value=code)
        mother_id = new_id()
        row = {
            "id": mother_id,
            "site_id": site_id,
            "study_code": code,
            "status": MotherStatus.ENROLLED.value,
            "enrolled_at": self._now(),
            **fields,
        }
        with self._write():
            self._insert("mothers", row)
        return mother_id

    _MOTHER_SELECT = (
        "SELECT m.id, m.site_id, s.code, m.study_code, m.status, m.locked, m.enrolled_at,"
        " m.age, m.occupation FROM mothers m JOIN sites s ON s.id = m.site_id"
    )

    def mothers(self, *, active_only: bool = False) -> list[Mother]:
        where = "WHERE m.status = 'enrolled'" if active_only else ""
        rows = self.db.execute(f"{self._MOTHER_SELECT} {where} ORDER BY s.code, m.study_code")
        return [Mother(r[0], r[1], r[2], r[3], r[4], bool(r[5]), r[6], r[7], r[8]) for r in rows]

    def mother(self, mother_id: str) -> Mother:
        """One mother by id: one query on the primary key."""
        r = self.db.execute(f"{self._MOTHER_SELECT} WHERE m.id = ?", [mother_id]).fetchone()
        if r is None:
            raise InputError("mother", "not_found")
        return Mother(r[0], r[1], r[2], r[3], r[4], bool(r[5]), r[6], r[7], r[8])

    def _require_active_mother(self, mother_id: str) -> None:
        row = self.db.execute(
            "SELECT status, locked FROM mothers WHERE id = ?", [mother_id]
        ).fetchone()
        if row is None:
            raise InputError("mother", "not_found")
        if row[1]:
            raise RecordLockedError("mother", "locked")
        if row[0] != MotherStatus.ENROLLED:
            raise InputError("mother", "not_active", status=row[0])

    # --------------------------------------------------------------- sessions
    def start_session(
        self,
        *,
        mother_id: str,
        caregiver: str,
        planned_seconds: int,
        pre_total: int,
        pre_items: Mapping[str, bool] | None,
        pre_category: str | None,
        min_total: int,
        max_total: int,
        protocol_version: str,
        instrument_version: str,
        slot: str | None = None,
        instrument: Instrument | None = None,
        design: str = "full_checklist",
    ) -> str:
        """Commit a running session with its pre-score, before the countdown starts.

        ``design`` says what the scores around the session are: ``"session_check"`` (only
        the items that can change within a session; the app since protocol 2.0.0) or
        ``"full_checklist"`` (the whole checklist before and after; paper imports and
        every session recorded before).

        With ``instrument`` given, the score is checked against it: known items, a total
        that is their sum, the category the instrument gives that total, its version.

        Raises:
            InputError: unknown caregiver, duration outside 3–5 minutes, score out of range
                or inconsistent with the instrument, mother not enrolled or locked.
        """
        pre_category = _checked_score(
            "pre_score",
            pre_total,
            pre_items,
            pre_category,
            min_total,
            max_total,
            instrument_version,
            instrument,
        )
        if caregiver not in {c.value for c in Caregiver}:
            raise InputError("caregiver", "required")
        if not 180 <= planned_seconds <= 300:
            raise InputError("duration", "out_of_range", min=3, max=5)
        if slot is not None and slot not in {s.value for s in Slot}:
            raise InputError("slot", "invalid")
        if design not in DESIGNS:
            raise InputError("design", "invalid")
        self._require_active_mother(mother_id)
        session_id = new_id()
        now = self._now()
        with self._write():
            self._insert(
                "sessions",
                {
                    "id": session_id,
                    "mother_id": mother_id,
                    "caregiver": caregiver,
                    "planned_seconds": planned_seconds,
                    "protocol_version": protocol_version,
                    "instrument_version": instrument_version,
                    "status": SessionStatus.RUNNING.value,
                    "slot": slot,
                    "started_at": now,
                    "progress_at": now,
                    "operator": self.operator,
                    # (the column's default is the earlier design: written only when new)
                    **({"design": design} if design != "full_checklist" else {}),
                },
            )
            self._insert_score(
                session_id,
                ScoreKind.PRE,
                pre_total,
                pre_items,
                pre_category,
                min_total,
                max_total,
                instrument_version,
            )
        return session_id

    def _insert_score(
        self,
        session_id: str,
        kind: ScoreKind,
        total: int,
        items: Mapping[str, bool] | None,
        category: str | None,
        min_total: int,
        max_total: int,
        instrument_version: str,
    ) -> None:
        score_id = new_id()
        self._insert(
            "scores",
            {
                "id": score_id,
                "session_id": session_id,
                "kind": kind.value,
                "instrument_version": instrument_version,
                "total": total,
                "min_total": min_total,
                "max_total": max_total,
                "category": category,
                "recorded_at": self._now(),
            },
        )
        for item_id, value in (items or {}).items():
            self.db.execute(
                "INSERT INTO score_items (score_id, item_id, value) VALUES (?, ?, ?)",
                [score_id, item_id, int(bool(value))],
            )

    def _session_mother(self, session_id: str) -> str:
        row = self.db.execute(
            "SELECT mother_id FROM sessions WHERE id = ?", [session_id]
        ).fetchone()
        if row is None:
            raise InputError("session", "not_found")
        return str(row[0])

    def _require_no_open_sessions(self, mother_id: str) -> None:
        """Refuse to close or lock a record while one of its sessions is still open."""
        row = self.db.execute(
            "SELECT count(*) FROM sessions WHERE mother_id = ? AND voided = 0 AND status IN"
            " ('running', 'paused', 'awaiting_post', 'interrupted')",
            [mother_id],
        ).fetchone()
        if row[0]:
            raise InputError("mother", "open_sessions", count=int(row[0]))

    def _session_status(self, session_id: str) -> str:
        row = self.db.execute("SELECT status FROM sessions WHERE id = ?", [session_id]).fetchone()
        if row is None:
            raise InputError("session", "not_found")
        return str(row[0])

    def update_session_progress(
        self,
        session_id: str,
        *,
        status: str,
        massage_seconds: float,
        paused_seconds: float,
        pause_count: int,
        abort_reason: str | None = None,
        preparation_seconds: float | None = None,
    ) -> None:
        """Commit a state change of a running session (pause, resume, finish, abort).

        ``preparation_seconds`` (the untimed steps before the countdown) is saved when
        given; it is never massage time.
        """
        if status == SessionStatus.ABORTED:
            abort_reason = require_reason(abort_reason, "abort_reason")
        changes: dict[str, Any] = {
            "status": status,
            "massage_seconds": round(massage_seconds, 3),
            "paused_seconds": round(paused_seconds, 3),
            "pause_count": pause_count,
        }
        if preparation_seconds is not None:
            changes["preparation_seconds"] = round(max(preparation_seconds, 0.0), 3)
        if status in (SessionStatus.AWAITING_POST, SessionStatus.ABORTED):
            changes["ended_at"] = self._now()
        if abort_reason is not None:
            changes["abort_reason"] = abort_reason
        with self._write():
            current = self._session_status(session_id)
            if current not in (*OPEN_STATUSES,):
                raise InputError("session", "not_open", status=current)
            self._update("sessions", session_id, changes)
            # progress_at is a heartbeat, not clinical data: not audited.
            self.db.execute(
                "UPDATE sessions SET progress_at = ? WHERE id = ?", [self._now(), session_id]
            )

    def heartbeat(self, session_id: str, massage_seconds: float, paused_seconds: float) -> None:
        """Remember how far a running session got, so a crash loses at most a few seconds.

        A progress marker, not a clinical value, so it is not audited.
        """
        with self._write():
            self.db.execute(
                "UPDATE sessions SET massage_seconds = ?, paused_seconds = ?, progress_at = ?"
                " WHERE id = ? AND status IN ('running', 'paused')",
                [round(massage_seconds, 3), round(paused_seconds, 3), self._now(), session_id],
            )

    def record_post_score(
        self,
        session_id: str,
        *,
        total: int,
        items: Mapping[str, bool] | None,
        category: str | None,
        min_total: int,
        max_total: int,
        instrument_version: str,
        instrument: Instrument | None = None,
    ) -> None:
        """Record the post-massage score of a finished (or interrupted) session.

        With ``instrument`` given, the score is checked against it (see
        :meth:`start_session`).
        """
        category = _checked_score(
            "post_score",
            total,
            items,
            category,
            min_total,
            max_total,
            instrument_version,
            instrument,
        )
        with self._write():
            status = self._session_status(session_id)
            if status not in (SessionStatus.AWAITING_POST, SessionStatus.INTERRUPTED):
                raise InputError("session", "not_awaiting_post", status=status)
            self._require_unlocked(self._session_mother(session_id))
            self._insert_score(
                session_id,
                ScoreKind.POST,
                total,
                items,
                category,
                min_total,
                max_total,
                instrument_version,
            )
            changes: dict[str, Any] = {"status": SessionStatus.COMPLETED.value}
            if status == SessionStatus.INTERRUPTED:
                changes["ended_at"] = self._now()
            self._update("sessions", session_id, changes)

    def close_incomplete(self, session_id: str, reason: str) -> None:
        """Close an interrupted or awaiting session without a post-score."""
        reason = require_reason(reason)
        with self._write():
            status = self._session_status(session_id)
            if status not in (SessionStatus.AWAITING_POST, SessionStatus.INTERRUPTED):
                raise InputError("session", "not_open", status=status)
            self._require_unlocked(self._session_mother(session_id))
            changes = {"status": SessionStatus.INCOMPLETE.value, "close_reason": reason}
            if status == SessionStatus.INTERRUPTED:
                changes["ended_at"] = self._now()
            self._update("sessions", session_id, changes, reason=reason)

    def resume_session(self, session_id: str, within_seconds: float) -> SessionRecord:
        """Resume an interrupted massage from where it stopped.

        Allowed once per session, within ``within_seconds`` (the protocol's
        ``resume_within_minutes``) of the last progress saved before the interruption. The
        record keeps both parts: the massage given before (``first_part_seconds``), when it
        was resumed and the gap; the massage given after is the rest of
        ``massage_seconds``.

        Raises:
            InputError: not interrupted, resumed before, nothing left to give, too late
                (``resume_too_late`` with the limit in minutes), or the mother's record
                is locked or no longer active.
        """
        with self._write():
            record = self.session(session_id)
            if record.status != SessionStatus.INTERRUPTED or record.voided:
                raise InputError("session", "not_open", status=record.status)
            if record.resumed_at is not None:
                raise InputError("session", "already_resumed")
            if record.massage_seconds >= record.planned_seconds:
                raise InputError("session", "nothing_to_resume")
            self._require_active_mother(record.mother_id)
            self._require_unlocked(record.mother_id)
            last = parse_utc(record.progress_at or record.started_at)
            gap = max((self.clock.now_utc() - last).total_seconds(), 0.0)
            if gap > within_seconds:
                raise InputError("session", "resume_too_late", minutes=round(within_seconds / 60))
            now = self._now()
            self._update(
                "sessions",
                session_id,
                {
                    "status": SessionStatus.RUNNING.value,
                    "first_part_seconds": record.massage_seconds,
                    "resumed_at": now,
                    "resume_gap_seconds": round(gap, 3),
                },
                reason="resumed after an interruption",
            )
            self.db.execute("UPDATE sessions SET progress_at = ? WHERE id = ?", [now, session_id])
        return self.session(session_id)

    def resumable(self, record: SessionRecord, within_seconds: float) -> bool:
        """Whether :meth:`resume_session` would accept this session now."""
        if (
            record.status != SessionStatus.INTERRUPTED
            or record.voided
            or record.resumed_at is not None
            or record.massage_seconds >= record.planned_seconds
        ):
            return False
        last = parse_utc(record.progress_at or record.started_at)
        return (self.clock.now_utc() - last).total_seconds() <= within_seconds

    def mark_interrupted(self) -> list[str]:
        """At start-up: every session still running or paused was cut off by a crash.

        Returns the ids marked. Their massage time is what the last heartbeat recorded.
        """
        with self._write():
            ids = [
                str(r[0])
                for r in self.db.execute(
                    "SELECT id FROM sessions WHERE status IN ('running', 'paused')"
                )
            ]
            for session_id in ids:
                reason = "the app stopped during the session"
                self._update(
                    "sessions",
                    session_id,
                    {"status": SessionStatus.INTERRUPTED.value},
                    reason=reason,
                )
                # The massage time came from unaudited heartbeats: record what it stands at.
                done = self.db.execute(
                    "SELECT massage_seconds, paused_seconds FROM sessions WHERE id = ?",
                    [session_id],
                ).fetchone()
                self._audit(
                    "update", "sessions", session_id, "massage_seconds", None, done[0], reason
                )
                self._audit(
                    "update", "sessions", session_id, "paused_seconds", None, done[1], reason
                )
        return ids

    # ----------------------------------------------------------------- reads
    _SESSION_SELECT = (
        "SELECT x.id, x.mother_id, m.study_code, s.code, x.caregiver, x.planned_seconds,"
        " x.status, x.slot, x.started_at, x.ended_at, x.massage_seconds, x.paused_seconds,"
        " x.pause_count, x.abort_reason, x.voided, x.protocol_version, x.instrument_version,"
        " x.preparation_seconds, x.first_part_seconds, x.resumed_at, x.resume_gap_seconds,"
        " x.design, x.progress_at"
        " FROM sessions x JOIN mothers m ON m.id = x.mother_id JOIN sites s ON s.id = m.site_id"
    )

    def _sessions(self, where: str, params: Sequence[Any]) -> list[SessionRecord]:
        rows = self.db.execute(
            f"{self._SESSION_SELECT} {where} ORDER BY x.started_at", list(params)
        ).fetchall()
        scores = self._scores_for([r[0] for r in rows])
        return [
            SessionRecord(
                id=r[0],
                mother_id=r[1],
                study_code=r[2],
                site_code=r[3],
                caregiver=r[4],
                planned_seconds=r[5],
                status=r[6],
                slot=r[7],
                started_at=r[8],
                ended_at=r[9],
                massage_seconds=r[10],
                paused_seconds=r[11],
                pause_count=r[12],
                abort_reason=r[13],
                voided=bool(r[14]),
                protocol_version=r[15],
                instrument_version=r[16],
                pre=scores.get((r[0], "pre")),
                post=scores.get((r[0], "post")),
                preparation_seconds=r[17],
                first_part_seconds=r[18],
                resumed_at=r[19],
                resume_gap_seconds=r[20],
                design=r[21],
                progress_at=r[22],
            )
            for r in rows
        ]

    def _scores_for(self, session_ids: Sequence[str]) -> dict[tuple[str, str], ScoreRecord]:
        found: dict[tuple[str, str], ScoreRecord] = {}
        for start in range(0, len(session_ids), 500):
            chunk = list(session_ids[start : start + 500])
            marks = ", ".join("?" for _ in chunk)
            score_rows = self.db.execute(
                "SELECT id, session_id, kind, total, category, instrument_version FROM scores"
                f" WHERE session_id IN ({marks})",
                chunk,
            ).fetchall()
            items: dict[str, dict[str, bool]] = {}
            ids = [r[0] for r in score_rows]
            if ids:
                item_marks = ", ".join("?" for _ in ids)
                for score_id, item_id, value in self.db.execute(
                    "SELECT score_id, item_id, value FROM score_items"
                    f" WHERE score_id IN ({item_marks})",
                    ids,
                ):
                    items.setdefault(score_id, {})[item_id] = bool(value)
            for r in score_rows:
                found[(r[1], r[2])] = ScoreRecord(r[0], r[2], r[3], r[4], items.get(r[0], {}), r[5])
        return found

    def session(self, session_id: str) -> SessionRecord:
        found = self._sessions("WHERE x.id = ?", [session_id])
        if not found:
            raise InputError("session", "not_found")
        return found[0]

    def sessions_with_status(self, *statuses: str) -> list[SessionRecord]:
        marks = ", ".join("?" for _ in statuses)
        return self._sessions(f"WHERE x.status IN ({marks}) AND x.voided = 0", statuses)

    def sessions_for_mother(self, mother_id: str) -> list[SessionRecord]:
        return self._sessions("WHERE x.mother_id = ?", [mother_id])

    def audit_rows(
        self, table: str | None = None, record_id: str | None = None
    ) -> list[dict[str, Any]]:
        clauses, params = [], []
        if table:
            clauses.append("table_name = ?")
            params.append(table)
        if record_id:
            clauses.append("record_id = ?")
            params.append(record_id)
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        cursor = self.db.execute(f"SELECT * FROM audit_log {where} ORDER BY at, rowid", params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]

    # --- registry ------------------------------------------------------------------
    # Issue 3: sites, enrolment with screening, withdrawal, closing and locking,
    # corrections with a reason, voids, change history, flow counts and dose.

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

    def enrolment_problems(
        self, enrolment: Enrolment, criteria: Criteria, answers: Mapping[str, bool | None]
    ) -> list[InputError]:
        """Every problem with an enrolment, including a code already used at the site.

        Returns:
            The problems, one per field; empty when :meth:`enrol` will accept it.
        """
        from oxytimer.domain.eligibility import screen
        from oxytimer.domain.registry import check_enrolment

        unanswered = [c.id for c in criteria.all if answers.get(c.id) is None]
        if unanswered:
            problems = [InputError("screening", "unanswered", ids=unanswered)]
            eligible = True  # check the form as for an eligible mother meanwhile
        else:
            problems = []
            eligible = screen(criteria, {c.id: bool(answers[c.id]) for c in criteria.all}).eligible
        problems += check_enrolment(enrolment, self._today(), eligible=eligible)
        if enrolment.site_id and not any(p.field == "site" for p in problems):
            exists = self.db.execute("SELECT 1 FROM sites WHERE id = ?", [enrolment.site_id])
            if exists.fetchone() is None:
                problems.append(InputError("site", "required"))
        if not any(p.field in ("site", "study_code") for p in problems):
            from oxytimer.storage.laptop import code_taken

            code = clean_study_code(enrolment.study_code)
            if code_taken(self.db, enrolment.site_id, code):
                problems.append(InputError("study_code", "duplicate", value=code))
        return problems

    def enrol(
        self, enrolment: Enrolment, criteria: Criteria, answers: Mapping[str, bool | None]
    ) -> str:
        """Screen a mother and record her, with her screening, in one transaction.

        An eligible mother is enrolled; one who fails screening is recorded as
        ``screened_out`` with the failed criterion ids as the reason, and can never be
        given sessions. The criteria version is stored with the screening.

        Args:
            enrolment: The form's values.
            criteria: The screening criteria used.
            answers: Yes (True) / no (False) for every criterion id.

        Returns:
            The mother's id.

        Raises:
            InputError: the first problem :meth:`enrolment_problems` finds; nothing is
                written.
        """
        import json

        from oxytimer.domain.eligibility import screen

        problems = self.enrolment_problems(enrolment, criteria, answers)
        if problems:
            raise problems[0]
        clean_answers = {c.id: bool(answers[c.id]) for c in criteria.all}
        result = screen(criteria, clean_answers)
        failed = [c.id for c in result.failed]
        mother_id = new_id()
        now = self._now()

        def iso(day: date | None) -> str | None:
            return None if day is None else day.isoformat()

        def as_int(value: bool | None) -> int | None:
            return None if value is None else int(value)

        row: dict[str, Any] = {
            "id": mother_id,
            "site_id": enrolment.site_id,
            "study_code": clean_study_code(enrolment.study_code),
            "name": (enrolment.name or "").strip() or None,
            "age": enrolment.age,
            "occupation": enrolment.occupation,
            "parity": enrolment.parity,
            "delivery_date": iso(enrolment.delivery_date),
            "delivery_type": enrolment.delivery_type,
            "lives_with_husband": as_int(enrolment.lives_with_husband),
            "consent": int(enrolment.consent),
            "consent_date": iso(enrolment.consent_date) if enrolment.consent else None,
            "status": (
                MotherStatus.ENROLLED.value if result.eligible else MotherStatus.SCREENED_OUT.value
            ),
            "status_reason": None if result.eligible else ", ".join(failed),
            "status_date": None if result.eligible else self._today().isoformat(),
            "enrolled_at": now,
        }
        with self._write():
            self._insert("mothers", row)
            self._insert(
                "screenings",
                {
                    "id": new_id(),
                    "mother_id": mother_id,
                    "criteria_version": criteria.version,
                    "answers": json.dumps(clean_answers),
                    "eligible": int(result.eligible),
                    "failed": json.dumps(failed),
                    "screened_at": now,
                    "operator": self.operator,
                },
            )
        return mother_id

    def _mother_row(self, mother_id: str) -> tuple[str, bool]:
        row = self.db.execute(
            "SELECT status, locked FROM mothers WHERE id = ?", [mother_id]
        ).fetchone()
        if row is None:
            raise InputError("mother", "not_found")
        return str(row[0]), bool(row[1])

    def _require_unlocked(self, mother_id: str) -> str:
        status, locked = self._mother_row(mother_id)
        if locked:
            raise RecordLockedError("mother", "locked")
        return status

    def withdraw(self, mother_id: str, reason: str, on: date) -> None:
        """Record that an enrolled mother withdrew (or was withdrawn) on a day.

        Raises:
            InputError: no reason, a date in the future, she is not enrolled, or her
                record is locked (:class:`RecordLockedError`).
        """
        reason = require_reason(reason)
        if on > self._today():
            raise InputError("withdrawal_date", "future")
        with self._write():
            status = self._require_unlocked(mother_id)
            if status != MotherStatus.ENROLLED:
                raise InputError("mother", "not_active", status=status)
            self._update(
                "mothers",
                mother_id,
                {
                    "status": MotherStatus.WITHDRAWN.value,
                    "status_reason": reason,
                    "status_date": on.isoformat(),
                },
                reason=reason,
            )

    def close_follow_up(self, mother_id: str, reason: str) -> None:
        """Close an enrolled mother's follow-up (today) and lock her record.

        Raises:
            InputError: no reason, she is not enrolled, or her record is locked.
        """
        reason = require_reason(reason)
        with self._write():
            status = self._require_unlocked(mother_id)
            if status != MotherStatus.ENROLLED:
                raise InputError("mother", "not_active", status=status)
            self._require_no_open_sessions(mother_id)
            self._update(
                "mothers",
                mother_id,
                {
                    "status": MotherStatus.CLOSED.value,
                    "status_reason": reason,
                    "status_date": self._today().isoformat(),
                },
                reason=reason,
            )
            self._update("mothers", mother_id, {"locked": 1}, reason=reason, action="lock")

    def lock_record(self, mother_id: str, reason: str) -> None:
        """Lock a mother's record (and her sessions and scores) against edits."""
        reason = require_reason(reason)
        with self._write():
            self._require_unlocked(mother_id)
            self._require_no_open_sessions(mother_id)
            self._update("mothers", mother_id, {"locked": 1}, reason=reason, action="lock")

    def unlock_record(self, mother_id: str, reason: str) -> None:
        """Unlock a locked record so that it can be corrected; the reason is logged.

        Raises:
            InputError: no reason, or the record is not locked (``not_locked``).
        """
        reason = require_reason(reason)
        with self._write():
            _, locked = self._mother_row(mother_id)
            if not locked:
                raise InputError("mother", "not_locked")
            self._update("mothers", mother_id, {"locked": 0}, reason=reason, action="unlock")

    def correct_mother(self, mother_id: str, field: str, value: Any, reason: str) -> None:
        """Correct one registry value of a mother, with the reason in the audit log.

        Args:
            mother_id: Her id.
            field: One of :data:`oxytimer.domain.registry.EDITABLE_MOTHER_FIELDS`.
            value: ``int`` age, ``date`` dates, ``bool`` yes/no, a code otherwise;
                None clears an optional value (name).

        Raises:
            InputError: no reason, a bad value, the same value, or a locked record.
        """
        from oxytimer.domain.registry import EDITABLE_MOTHER_FIELDS, check_field

        reason = require_reason(reason)
        if field not in EDITABLE_MOTHER_FIELDS:
            raise InputError(field, "not_editable")
        if value is None and field != "name":
            raise InputError(field, "required")
        problem = check_field(field, value, self._today())
        if problem is not None:
            raise problem
        stored: Any = value
        if isinstance(value, date):
            stored = value.isoformat()
        elif isinstance(value, bool):
            stored = int(value)
        elif isinstance(value, str):
            stored = value.strip() or None
        with self._write():
            self._require_unlocked(mother_id)
            self._require_changed("mothers", mother_id, field, stored)
            self._update("mothers", mother_id, {field: stored}, reason=reason)

    def _require_changed(self, table: str, record_id: str, field: str, value: Any) -> None:
        row = self.db.execute(f"SELECT {field} FROM {table} WHERE id = ?", [record_id]).fetchone()
        if row is None:
            raise InputError("id", "not_found", table=table)
        if row[0] == value:
            raise InputError(field, "unchanged")

    def _closed_session_of_unlocked_mother(self, session_id: str) -> None:
        row = self.db.execute(
            "SELECT mother_id, status, voided FROM sessions WHERE id = ?", [session_id]
        ).fetchone()
        if row is None:
            raise InputError("session", "not_found")
        self._require_unlocked(str(row[0]))
        if row[1] in OPEN_STATUSES:
            raise InputError("session", "still_open")
        if row[2]:
            raise InputError("session", "voided")

    def correct_session(self, session_id: str, field: str, value: Any, reason: str) -> None:
        """Correct one detail of a finished session, with the reason in the audit log.

        Args:
            session_id: The session.
            field: One of :data:`SESSION_CORRECTABLE`.
            value: The corrected value (a code, or a number of seconds / pauses).
            reason: Why; required.

        Raises:
            InputError: no reason, a bad value, the same value, a running or voided
                session, or a locked record.
        """
        reason = require_reason(reason)
        if field not in SESSION_CORRECTABLE:
            raise InputError(field, "not_editable")
        with self._write():
            self._closed_session_of_unlocked_mother(session_id)
            planned = self.db.execute(
                "SELECT planned_seconds FROM sessions WHERE id = ?", [session_id]
            ).fetchone()[0]
            stored = _check_session_value(field, value, planned)
            self._require_changed("sessions", session_id, field, stored)
            self._update("sessions", session_id, {field: stored}, reason=reason)

    def correct_score(
        self,
        score_id: str,
        reason: str,
        instrument: Instrument,
        *,
        total: int | None = None,
        items: Mapping[str, bool] | None = None,
    ) -> None:
        """Correct a recorded score: its items (the total is recomputed) or its total.

        The category is always recomputed from the instrument, so that it stays
        consistent with the total. A score recorded item by item can only be corrected
        through its items.

        Args:
            score_id: The score.
            reason: Why; required.
            instrument: The instrument the score was recorded with (same version).
            total: The corrected total, for a score recorded without items.
            items: Corrected answers by item id (the others are kept); together with the
                stored ones they must answer every item.

        Raises:
            InputError: no reason, nothing to change, an unknown item, a total out of
                range, a mismatched instrument version, or a locked record.
        """
        reason = require_reason(reason)
        row = self.db.execute(
            "SELECT session_id, total, instrument_version FROM scores WHERE id = ?", [score_id]
        ).fetchone()
        if row is None:
            raise InputError("score", "not_found")
        session_id, old_total, version = str(row[0]), int(row[1]), str(row[2])
        if version != instrument.version:
            raise InputError("score", "instrument_mismatch", version=version)
        stored_items = {
            str(r[0]): bool(r[1])
            for r in self.db.execute(
                "SELECT item_id, value FROM score_items WHERE score_id = ?", [score_id]
            )
        }
        item_ids = [item.id for item in instrument.items]
        if items is not None:
            unknown = [k for k in items if k not in item_ids]
            if unknown:
                raise InputError("items", "invalid", ids=unknown)
            merged = {**stored_items, **{k: bool(v) for k, v in items.items()}}
            missing = [k for k in item_ids if k not in merged]
            if missing:
                raise InputError("items", "incomplete", ids=missing)
            new_total = sum(merged[k] for k in item_ids)
            changed_items = {k: v for k, v in merged.items() if stored_items.get(k) != v}
        elif total is not None:
            if stored_items:
                raise InputError("total", "has_items")
            if isinstance(total, bool) or not isinstance(total, int):
                raise InputError("total", "not_a_number")
            if not instrument.min_total <= total <= instrument.max_total:
                raise InputError(
                    "total", "out_of_range", min=instrument.min_total, max=instrument.max_total
                )
            new_total, changed_items = total, {}
        else:
            raise InputError("total", "required")
        if new_total == old_total and not changed_items:
            raise InputError("items" if items is not None else "total", "unchanged")
        category = instrument.category_for(new_total).id
        with self._write():
            self._closed_session_of_unlocked_mother(session_id)
            for item_id, value in changed_items.items():
                if item_id in stored_items:
                    self.db.execute(
                        "UPDATE score_items SET value = ? WHERE score_id = ? AND item_id = ?",
                        [int(value), score_id, item_id],
                    )
                else:
                    self.db.execute(
                        "INSERT INTO score_items (score_id, item_id, value) VALUES (?, ?, ?)",
                        [score_id, item_id, int(value)],
                    )
                old = stored_items.get(item_id)
                self._audit(
                    "update",
                    "scores",
                    score_id,
                    f"item:{item_id}",
                    None if old is None else int(old),
                    int(value),
                    reason,
                )
            self._update(
                "scores", score_id, {"total": new_total, "category": category}, reason=reason
            )

    def void_session(self, session_id: str, reason: str) -> None:
        """Void a wrong session: kept, marked voided with the reason, left out of analysis.

        Raises:
            InputError: no reason, a running or already voided session, a locked record.
        """
        reason = require_reason(reason)
        with self._write():
            self._closed_session_of_unlocked_mother(session_id)
            self._update(
                "sessions",
                session_id,
                {"voided": 1, "void_reason": reason},
                reason=reason,
                action="void",
            )

    # registry reads
    _REGISTRY_SELECT = (
        "SELECT m.id, m.site_id, s.code, m.study_code, m.status, m.locked, m.enrolled_at,"
        " m.name, m.age, m.occupation, m.parity, m.delivery_date, m.delivery_type,"
        " m.lives_with_husband, m.consent, m.consent_date, m.status_reason, m.status_date,"
        " (SELECT eligible FROM screenings x WHERE x.mother_id = m.id"
        "  ORDER BY x.screened_at DESC LIMIT 1),"
        " (SELECT failed FROM screenings x WHERE x.mother_id = m.id"
        "  ORDER BY x.screened_at DESC LIMIT 1)"
        " FROM mothers m JOIN sites s ON s.id = m.site_id"
    )

    def registry(self, mother_id: str | None = None) -> list[RegistryEntry]:
        """Every mother (or one), with her latest screening outcome."""
        where, params = ("WHERE m.id = ?", [mother_id]) if mother_id else ("", [])
        return self._registry_rows(
            f"{self._REGISTRY_SELECT} {where} ORDER BY s.code, m.study_code", params
        )

    def _registry_rows(self, sql: str, params: Sequence[Any]) -> list[RegistryEntry]:
        """Registry entries from a query selecting ``_REGISTRY_SELECT``'s columns."""
        import json

        from oxytimer.domain.registry import RegistryEntry

        rows = self.db.execute(sql, list(params)).fetchall()

        def flag(value: Any) -> bool | None:
            return None if value is None else bool(value)

        return [
            RegistryEntry(
                id=r[0],
                site_id=r[1],
                site_code=r[2],
                study_code=r[3],
                status=r[4],
                locked=bool(r[5]),
                enrolled_at=r[6],
                name=r[7],
                age=r[8],
                occupation=r[9],
                parity=r[10],
                delivery_date=r[11],
                delivery_type=r[12],
                lives_with_husband=flag(r[13]),
                consent=flag(r[14]),
                consent_date=r[15],
                status_reason=r[16],
                status_date=r[17],
                eligible=flag(r[18]),
                failed=tuple(json.loads(r[19])) if r[19] else (),
            )
            for r in rows
        ]

    def registry_entry(self, mother_id: str) -> RegistryEntry:
        found = self.registry(mother_id)
        if not found:
            raise InputError("mother", "not_found")
        return found[0]

    def screening(self, mother_id: str) -> dict[str, Any] | None:
        """A mother's latest screening: version, answers, eligible, failed, when, who."""
        import json

        cursor = self.db.execute(
            "SELECT id, criteria_version, answers, eligible, failed, screened_at, operator"
            " FROM screenings WHERE mother_id = ? ORDER BY screened_at DESC LIMIT 1",
            [mother_id],
        )
        row = cursor.fetchone()
        if row is None:
            return None
        return {
            "id": row[0],
            "criteria_version": row[1],
            "answers": json.loads(row[2]),
            "eligible": bool(row[3]),
            "failed": json.loads(row[4]),
            "screened_at": row[5],
            "operator": row[6],
        }

    def flow_counts(self) -> FlowCounts:
        """The participant flow (screened, eligible, enrolled, completed, withdrawn)."""
        from oxytimer.domain.registry import flow_counts

        return flow_counts(self.registry())

    def change_history(
        self, table: str, record_id: str, field: str | None = None
    ) -> list[dict[str, Any]]:
        """The audit rows of one record (or one of its fields), oldest first.

        For a score, the items' rows have the field ``item:<item id>``.
        """
        if field is None:
            return self.audit_rows(table, record_id)
        cursor = self.db.execute(
            "SELECT * FROM audit_log WHERE table_name = ? AND record_id = ? AND field = ?"
            " ORDER BY at, rowid",
            [table, record_id, field],
        )
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]

    def mother_history(self, mother_id: str) -> list[dict[str, Any]]:
        """Every audit row about a mother: her record, screening, sessions and scores."""
        ids = [mother_id]
        ids += [
            str(r[0])
            for r in self.db.execute("SELECT id FROM screenings WHERE mother_id = ?", [mother_id])
        ]
        session_ids = [
            str(r[0])
            for r in self.db.execute("SELECT id FROM sessions WHERE mother_id = ?", [mother_id])
        ]
        ids += session_ids
        for session_id in session_ids:
            ids += [
                str(r[0])
                for r in self.db.execute("SELECT id FROM scores WHERE session_id = ?", [session_id])
            ]
        marks = ", ".join("?" for _ in ids)
        # The table names let the audit_record (table_name, record_id) index find them
        # (record ids are UUIDs: no other table's row has one of these ids).
        cursor = self.db.execute(
            "SELECT * FROM audit_log WHERE table_name IN"
            " ('mothers', 'screenings', 'sessions', 'scores')"
            f" AND record_id IN ({marks}) ORDER BY at, rowid",
            ids,
        )
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]

    def sessions_started_since(self, since: datetime) -> list[SessionRecord]:
        """Non-voided sessions of every mother started at or after ``since``."""
        return self._sessions("WHERE x.started_at >= ? AND x.voided = 0", [utc_iso(since)])

    _DOSE_SQL = """
WITH mo AS (
    SELECT m.id, m.study_code, s.code AS site_code, m.status,
        unixepoch(m.enrolled_at) AS e,
        unixepoch(m.enrolled_at, 'localtime') - unixepoch(m.enrolled_at) AS off,
        CASE WHEN m.status = 'enrolled' THEN :now ELSE min(
            coalesce((SELECT unixepoch(max(l.at)) FROM audit_log l
                      WHERE l.table_name = 'mothers' AND l.field = 'status'
                      AND l.record_id = m.id), :now),
            coalesce(oxytimer_local_midnight_after(m.status_date), :now),
            :now) END AS end_at
    FROM mothers m JOIN sites s ON s.id = m.site_id
    WHERE m.status != 'screened_out'
),
mu AS MATERIALIZED (SELECT *, max(e, end_at) AS u FROM mo),
given AS (
    SELECT mother_id, count(*) AS n, sum({done}) AS n_given,
        sum(status = 'aborted') AS n_aborted, total(massage_seconds) AS seconds,
        sum(pause_count) AS pauses{by_giver}
    FROM sessions WHERE voided = 0 GROUP BY mother_id
),
local AS (
    SELECT x.mother_id, x.slot, unixepoch(x.started_at) + mu.off AS t, {done_x} AS full
    FROM sessions x JOIN mu ON mu.id = x.mother_id
    WHERE x.voided = 0
),
done AS (
    SELECT mother_id, t / 86400 AS day, coalesce(slot, CASE
        WHEN t % 86400 / 60 >= :m0 AND t % 86400 / 60 < :m1 THEN 'morning'
        WHEN t % 86400 / 60 >= :e0 AND t % 86400 / 60 < :e1 THEN 'evening'
        WHEN t % 86400 < 43200 THEN 'morning' ELSE 'evening' END) AS slot, max(full) AS full
    FROM local GROUP BY 1, 2, 3
),
slots AS (
    SELECT done.mother_id, count(*) AS n_touched, sum(full) AS n_done, sum(
        day * 86400 - mu.off + CASE slot WHEN 'morning' THEN :mend ELSE :eend END
        BETWEEN mu.e + 1 AND mu.u) AS n_touched_in
    FROM done JOIN mu ON mu.id = done.mother_id
    WHERE done.day >= (mu.e + mu.off) / 86400
    GROUP BY done.mother_id
)
SELECT mu.id, mu.site_code, mu.study_code, mu.status, mu.e, mu.u, mu.off,
    coalesce(slots.n_touched, 0), coalesce(slots.n_touched_in, 0), coalesce(slots.n_done, 0),
    coalesce(given.n, 0), coalesce(given.n_given, 0), coalesce(given.n_aborted, 0),
    coalesce(given.seconds, 0.0), coalesce(given.pauses, 0){giver_columns}
FROM mu LEFT JOIN given ON given.mother_id = mu.id
LEFT JOIN slots ON slots.mother_id = mu.id
ORDER BY mu.site_code, mu.study_code
"""

    def dose_rows(self, hours: Mapping[str, tuple[int, int]] | None = None) -> list[MotherDose]:
        """Every enrolled, withdrawn or closed mother's dose over her follow-up so far.

        Voided sessions are excluded. See :func:`oxytimer.domain.adherence.dose` for the
        definitions, which this computes in one query (tests compare the two): days and
        slots in the UTC offset of each mother's enrolment; follow-up ends now for an
        enrolled mother, else at her last status change and no later than the day after
        her status date.

        Args:
            hours: The slot windows (the UI passes ``Settings.slot_hours()``); by
                default :data:`oxytimer.domain.schedule.DEFAULT_SLOT_HOURS`.

        Returns:
            One row per mother, ordered by site and study code.
        """
        from oxytimer.domain.adherence import Dose, MotherDose, windows_ending_between
        from oxytimer.domain.schedule import DEFAULT_SLOT_HOURS, given_sql

        if hours is None:
            hours = DEFAULT_SLOT_HOURS

        now = math.floor(self.clock.now_utc().timestamp())

        @functools.cache
        def midnight_after(status_date: str | None) -> int | None:
            if not status_date:
                return None
            day_after = date.fromisoformat(status_date) + timedelta(days=1)
            return math.floor(datetime.combine(day_after, time(0)).astimezone().timestamp())

        self.db.conn.create_function(
            "oxytimer_local_midnight_after", 1, midnight_after, deterministic=True
        )
        givers = [c.value for c in Caregiver]
        sql = self._DOSE_SQL.format(
            done=given_sql(),
            done_x=given_sql("x"),
            by_giver="".join(f", sum(caregiver = '{c}') AS n_{c}" for c in givers),
            giver_columns="".join(f", coalesce(given.n_{c}, 0)" for c in givers),
        )
        morning, evening = hours[Slot.MORNING], hours[Slot.EVENING]
        rows = []
        for r in self.db.execute(
            sql,
            {
                "now": now,
                "m0": morning[0] * 60,
                "m1": morning[1] * 60,
                "e0": evening[0] * 60,
                "e1": evening[1] * 60,
                "mend": morning[1] * 3600,
                "eend": evening[1] * 3600,
            },
        ):
            touched, touched_in_window, slots_done = r[7], r[8], r[9]
            r = (*r[:9], *r[10:])
            windows = windows_ending_between(r[4], r[5], r[6], hours)
            rows.append(
                MotherDose(
                    mother_id=r[0],
                    site_code=r[1],
                    study_code=r[2],
                    status=r[3],
                    dose=Dose(
                        slots_done=slots_done,
                        slots_scheduled=touched + windows - touched_in_window,
                        slots_partial=touched - slots_done,
                        sessions=r[9],
                        sessions_given=r[10],
                        sessions_partial=r[9] - r[10],
                        aborted=r[11],
                        massage_minutes=round(r[12] / 60, 2),
                        pauses=r[13],
                        by_caregiver={c: n for c, n in zip(givers, r[14:], strict=True) if n},
                    ),
                )
            )
        return rows


def _checked_score(
    field: str,
    total: int,
    items: Mapping[str, bool] | None,
    category: str | None,
    min_total: int,
    max_total: int,
    version: str,
    instrument: Instrument | None,
) -> str | None:
    """The category to store for a score, after checking its range and ``instrument``.

    Raises:
        InputError: the total is outside its range (``out_of_range``), or the score does
            not agree with the instrument it claims to come from.
    """
    if not min_total <= total <= max_total:
        raise InputError(field, "out_of_range", min=min_total, max=max_total)
    if instrument is None:
        return category
    if (version, min_total, max_total) != (
        instrument.version,
        instrument.min_total,
        instrument.max_total,
    ):
        raise InputError(field, "instrument_mismatch", version=instrument.version)
    known = {item.id for item in instrument.items}
    if items:
        if not set(items) <= known:
            raise InputError(field, "instrument_mismatch", version=instrument.version)
        if set(items) == known and total != sum(1 for v in items.values() if v):
            raise InputError(field, "instrument_mismatch", version=instrument.version)
    if instrument.check:  # a session check: a total without bands
        if category:
            raise InputError(field, "instrument_mismatch", version=instrument.version)
        return None
    expected = instrument.category_for(total).id
    if category is not None and category != expected:
        raise InputError(field, "instrument_mismatch", version=instrument.version)
    return expected


# --- registry helpers -----------------------------------------------------------------

SESSION_CORRECTABLE = (
    "caregiver",
    "slot",
    "planned_seconds",
    "massage_seconds",
    "paused_seconds",
    "pause_count",
)
"""Session details a correction may change."""


def _check_session_value(field: str, value: Any, planned_seconds: int) -> Any:
    """The value to store for a corrected session detail, or raise :class:`InputError`."""
    if field == "caregiver":
        if value not in {c.value for c in Caregiver}:
            raise InputError("caregiver", "invalid")
        return str(value)
    if field == "slot":
        if value is not None and value not in {s.value for s in Slot}:
            raise InputError("slot", "invalid")
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(field, "not_a_number")
    if field == "planned_seconds":
        if int(value) != value or not 180 <= value <= 300:
            raise InputError("planned_seconds", "out_of_range", min=180, max=300)
        return int(value)
    if field == "pause_count":
        if int(value) != value or not 0 <= value <= 1000:
            raise InputError("pause_count", "out_of_range", min=0, max=1000)
        return int(value)
    if field == "massage_seconds":
        if not 0 <= value <= planned_seconds:
            raise InputError("massage_seconds", "out_of_range", min=0, max=planned_seconds)
        return round(float(value), 3)
    if field == "paused_seconds":
        if not 0 <= value <= 86400:
            raise InputError("paused_seconds", "out_of_range", min=0, max=86400)
        return round(float(value), 3)
    raise InputError(field, "not_editable")
