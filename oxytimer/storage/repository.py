"""The only module that writes SQL.

Every write goes through :class:`Repository`, inside one transaction together with its
audit rows, so a record and the trail that explains it are committed or lost together.
"""

from __future__ import annotations

import json
import os
import sqlite3
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

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
from oxytimer.storage.migrations import known_migration_names, migrations


class StorageError(RuntimeError):
    """Something about the database file itself went wrong; the message says what."""


class DatabaseTooNewError(StorageError):
    """The file was written by a newer version of oxytimer."""


class DatabaseDamagedError(StorageError):
    """``PRAGMA quick_check`` found damage; the file must not be written to."""


class DatabaseReadOnlyError(StorageError):
    """The file or its folder cannot be written."""


class DatabaseFullError(StorageError):
    """The disk (or the database's page limit) is full."""


class DatabaseLockedError(StorageError):
    """Another process holds the database lock."""


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


def new_id() -> str:
    return str(uuid.uuid4())


def _translate_sqlite_error(error: sqlite3.Error) -> StorageError | None:
    text = str(error).lower()
    if "full" in text:
        return DatabaseFullError(str(error))
    if "readonly" in text or "read-only" in text:
        return DatabaseReadOnlyError(str(error))
    if "locked" in text or "busy" in text:
        return DatabaseLockedError(str(error))
    if "malformed" in text or "not a database" in text:
        return DatabaseDamagedError(str(error))
    return None


def configure(db: Database) -> None:
    """Connection settings every oxytimer connection uses."""
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA busy_timeout = 5000")
    if not db.memory:
        db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")


def check_schema_not_newer(db: Database) -> None:
    """Refuse a database with migrations this code does not know."""
    applied = [m.name for m in migrations.applied(db)]
    unknown = [name for name in applied if name not in known_migration_names()]
    if unknown:
        raise DatabaseTooNewError(
            "this database was written by a newer version of oxytimer "
            f"(schema {unknown[-1]}); update oxytimer to open it"
        )


def quick_check(db: Database) -> None:
    """Raise :class:`DatabaseDamagedError` unless ``PRAGMA quick_check`` says ok."""
    try:
        rows = db.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as error:
        raise DatabaseDamagedError(f"the database file is damaged: {error}") from error
    if [tuple(r) for r in rows] != [("ok",)]:
        raise DatabaseDamagedError(
            "the database file is damaged: " + "; ".join(str(r[0]) for r in rows[:5])
        )


def create_private_file(path: Path) -> None:
    """Create ``path`` readable by its owner only, unless it exists."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
        os.close(fd)
    if os.name == "posix":
        os.chmod(path, 0o600)


class Repository:
    """All reads and writes of clinical records.

    Args:
        db: an open sqlite-utils database (see :meth:`open` and :meth:`memory`).
        clock: stamps every record and audit row.
        operator: who is using the app; stored with every audit row.
    """

    def __init__(self, db: Database, clock: Clock | None = None, operator: str = "") -> None:
        self.db = db
        self.clock: Clock = clock or SystemClock()
        self.operator = operator

    # ---------------------------------------------------------------- opening
    @classmethod
    def open(cls, path: str | Path, clock: Clock | None = None, operator: str = "") -> Repository:
        """Open (creating if needed), check and migrate the database file at ``path``."""
        path = Path(path)
        try:
            create_private_file(path)
        except PermissionError as error:
            raise DatabaseReadOnlyError(f"cannot create {path}: {error}") from error
        try:
            db = Database(path)
            quick_check(db)
            check_schema_not_newer(db)
            configure(db)
            migrations.apply(db)
            for suffix in ("-wal", "-shm"):
                side = Path(str(path) + suffix)
                if side.exists() and os.name == "posix":
                    os.chmod(side, 0o600)
        except sqlite3.Error as error:
            raise _translate_sqlite_error(error) or StorageError(str(error)) from error
        return cls(db, clock, operator)

    @classmethod
    def memory(cls, clock: Clock | None = None, operator: str = "") -> Repository:
        """A migrated in-memory database, for tests and the demo."""
        db = Database(memory=True)
        configure(db)
        migrations.apply(db)
        return cls(db, clock, operator)

    def close(self) -> None:
        self.db.close()

    # ------------------------------------------------------------ transactions
    @contextmanager
    def _write(self) -> Iterator[Database]:
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

    # ------------------------------------------------------------------ sites
    def ensure_sites(self, sites: Sequence[tuple[str, str]]) -> None:
        """Add the (code, name) sites that are not there yet."""
        with self._write():
            for code, name in sites:
                exists = self.db.execute("SELECT 1 FROM sites WHERE code = ?", [code]).fetchone()
                if not exists:
                    self._insert(
                        "sites",
                        {"id": new_id(), "code": code, "name": name, "created_at": self._now()},
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

    def mothers(self, *, active_only: bool = False) -> list[Mother]:
        where = "WHERE m.status = 'enrolled'" if active_only else ""
        rows = self.db.execute(
            "SELECT m.id, m.site_id, s.code, m.study_code, m.status, m.locked, m.enrolled_at,"
            f" m.age, m.occupation FROM mothers m JOIN sites s ON s.id = m.site_id {where}"
            " ORDER BY s.code, m.study_code"
        )
        return [Mother(r[0], r[1], r[2], r[3], r[4], bool(r[5]), r[6], r[7], r[8]) for r in rows]

    def mother(self, mother_id: str) -> Mother:
        for mother in self.mothers():
            if mother.id == mother_id:
                return mother
        raise InputError("mother", "not_found")

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
    ) -> str:
        """Commit a running session with its pre-score, before the countdown starts.

        Raises:
            InputError: unknown caregiver, duration outside 3–5 minutes, score out of range,
                mother not enrolled or locked.
        """
        if caregiver not in {c.value for c in Caregiver}:
            raise InputError("caregiver", "required")
        if not 180 <= planned_seconds <= 300:
            raise InputError("duration", "out_of_range", min=3, max=5)
        if not min_total <= pre_total <= max_total:
            raise InputError("pre_score", "out_of_range", min=min_total, max=max_total)
        if slot is not None and slot not in {s.value for s in Slot}:
            raise InputError("slot", "invalid")
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
    ) -> None:
        """Commit a state change of a running session (pause, resume, finish, abort)."""
        if status == SessionStatus.ABORTED:
            abort_reason = require_reason(abort_reason, "abort_reason")
        changes: dict[str, Any] = {
            "status": status,
            "massage_seconds": round(massage_seconds, 3),
            "paused_seconds": round(paused_seconds, 3),
            "pause_count": pause_count,
        }
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
    ) -> None:
        """Record the post-massage score of a finished (or interrupted) session."""
        if not min_total <= total <= max_total:
            raise InputError("post_score", "out_of_range", min=min_total, max=max_total)
        with self._write():
            status = self._session_status(session_id)
            if status not in (SessionStatus.AWAITING_POST, SessionStatus.INTERRUPTED):
                raise InputError("session", "not_awaiting_post", status=status)
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
            changes = {"status": SessionStatus.INCOMPLETE.value, "close_reason": reason}
            if status == SessionStatus.INTERRUPTED:
                changes["ended_at"] = self._now()
            self._update("sessions", session_id, changes, reason=reason)

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
                self._update(
                    "sessions",
                    session_id,
                    {"status": SessionStatus.INTERRUPTED.value},
                    reason="the app stopped during the session",
                )
        return ids

    # ----------------------------------------------------------------- reads
    _SESSION_SELECT = (
        "SELECT x.id, x.mother_id, m.study_code, s.code, x.caregiver, x.planned_seconds,"
        " x.status, x.slot, x.started_at, x.ended_at, x.massage_seconds, x.paused_seconds,"
        " x.pause_count, x.abort_reason, x.voided, x.protocol_version, x.instrument_version"
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

    def sessions_on_local_day(self, mother_id: str, day: date) -> list[SessionRecord]:
        """The mother's sessions that started on ``day`` in the computer's time zone."""
        return [
            s
            for s in self.sessions_for_mother(mother_id)
            if parse_utc(s.started_at).astimezone().date() == day and not s.voided
        ]

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


def local_day(when: datetime) -> date:
    """The calendar day of a UTC time in the computer's time zone."""
    return when.astimezone().date()
