"""Merging other laptops' databases into this one, by UUID.

Every site, mother, screening, session, score, score item and audit row of the other
databases is brought in unless this database already has it. Merging is:

* idempotent: a row already here with the same content is left alone, so merging the
  same file twice adds nothing;
* order-free: records are matched by their UUIDs, never by position or time, so A then B
  gives the same rows as B then A (when there are no conflicts);
* up to date: a record here in an older state is brought up to date when the other
  database's audit trail accounts for every difference: its trail for that record holds
  every audit row the trail here holds (nothing was changed here independently), and
  its newer audit rows account for every difference (below): a session that got its
  post-score or was voided on a laptop after an earlier merge. The newer audit rows come
  in with it. A copy *older* than the record here (its trail is part of the trail here
  and the trail here accounts for the differences) changes nothing, so merging an old
  and a new copy in either order gives the same rows;
* safe: a record changed on both sides (each trail has audit rows the other lacks), or
  differing without audit rows to account for it, is a *conflict*: reported, never
  overwritten. A mother whose study code is already used at the same site by another
  UUID, or a score whose session already has a score of that kind, is a conflict too. A
  record in conflict is left out together with everything that depends on it (a mother's
  screenings, sessions, scores, score items and all their audit rows; a session's scores
  ...), so that no half of an update arrives (a post-score on a session still awaiting
  it): the rows left out are counted in ``skipped`` and listed in ``left_out`` with the
  conflict they follow; those already here with the same content count as unchanged.
  The trail here keeps describing the values here.

Sites are matched by **code**, not UUID: every laptop creates the shipped sites itself,
each with its own UUID, so the other database's site UUID is mapped to this database's
site of the same code (a different name for the same code is reported). A site this
database lacks is added with its UUID. Audit rows are copied as they are (their
``record_id`` of a site is the other laptop's site UUID). Merging writes no audit rows of
its own: the merged records bring their own trail.

A record's audit rows account for a difference when each differing column's latest
change (over both trails, by time) is one only the newer side has and sets its value; a
conflict resolved by a person (:mod:`oxytimer.storage.conflicts`) brings the other
side's rows in and adds the person's choice as the latest change, so merging again, in
either order, converges. A session one copy's start-up marked interrupted (no person
acted) gives way to the same session finished on the other laptop.

The rules live in :mod:`oxytimer.storage.merge_rules`, written against a row source and
a row target; this module gives both for SQLite files. Rows are read, checked and
written in batches: memory does not grow with the number of records.

Everything is written in one transaction: a failure (disk full ...) leaves nothing.
Conflicts are kept in this database (``merge_conflicts``) until a person resolves them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

from oxytimer.storage.audit_chain import records_missing_audit, require_intact
from oxytimer.storage.backup import check_file
from oxytimer.storage.bulk import bulk_cache, summary_marked_at_end
from oxytimer.storage.database import Database
from oxytimer.storage.merge_rules import (
    AUDIT_FIELDS,
    ITEM_TABLES,
    TABLES,
    MergeConflict,
    MergeLeftOut,
    MergeReport,
    MergeRules,
    Row,
    row_key,
)
from oxytimer.storage.repository import DatabaseDamagedError, Repository

__all__ = [
    "TABLES",
    "MergeConflict",
    "MergeLeftOut",
    "MergeReport",
    "SqliteSource",
    "SqliteTarget",
    "merge_databases",
]

BATCH: Final = 2000
"""Rows read, checked and written at a time."""

CACHE_KIB: Final = 128 * 1024
"""This database's page cache while merging (the source keeps SQLite's default): 128 MiB.
The merged rows keep their random UUIDs, so their index pages are all over the file; the
cache holds as many as the memory target allows (300 MB at 100,000 mothers)."""


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]


def _trail(conn: sqlite3.Connection, table: str, record_id: str) -> list[Row]:
    cursor = conn.execute(
        f"SELECT {', '.join(AUDIT_FIELDS)} FROM audit_log"
        " WHERE table_name = ? AND record_id = ? ORDER BY at, rowid",
        [table, record_id],
    )
    return [dict(zip(AUDIT_FIELDS, row, strict=True)) for row in cursor]


def _tag(conn: sqlite3.Connection) -> str | None:
    try:
        row = conn.execute("SELECT tag FROM laptop WHERE id = 1").fetchone()
    except sqlite3.OperationalError:
        return None  # a file from before laptop tags
    return None if row is None else str(row[0])


class SqliteSource:
    """The rows of another oxytimer file, read through its own (read-only) connection."""

    def __init__(self, name: str, conn: sqlite3.Connection) -> None:
        self.name = name
        self.conn = conn

    def columns(self, table: str) -> list[str]:
        return _columns(self.conn, table)

    def batches(self, table: str, columns: Sequence[str], size: int) -> Iterator[list[Row]]:
        cursor = self.conn.execute(f"SELECT {', '.join(columns)} FROM {table}")
        while chunk := cursor.fetchmany(size):
            yield [dict(zip(columns, values, strict=True)) for values in chunk]

    def trail(self, table: str, record_id: str) -> list[Row]:
        return _trail(self.conn, table, record_id)

    def laptop_tag(self) -> str | None:
        return _tag(self.conn)

    def unaudited(self) -> Mapping[str, set[str]]:
        """Records with no audit row of their insertion in that file: its trail was
        deleted, or another program wrote it (refused: conflict ``audit_missing``)."""
        return records_missing_audit(self.conn)


class SqliteTarget:
    """This database, written in the caller's transaction."""

    def __init__(self, db: Database) -> None:
        self.conn = db.conn
        self._columns = {t: _columns(self.conn, t) for t in TABLES}

    def columns(self, table: str) -> list[str]:
        return list(self._columns[table])

    def rows_by_key(self, table: str, keys: Sequence[str]) -> dict[str, Row]:
        columns = self._columns[table]
        found: dict[str, Row] = {}
        for start in range(0, len(keys), 500):
            part = list(keys[start : start + 500])
            if table in ITEM_TABLES:
                parents = sorted({k.partition("/")[0] for k in part})
                where = f"{ITEM_TABLES[table][0]} IN ({', '.join('?' * len(parents))})"
                params: list[str] = parents
            else:
                where = f"id IN ({', '.join('?' * len(part))})"
                params = part
            cursor = self.conn.execute(
                f"SELECT {', '.join(columns)} FROM {table} WHERE {where}", params
            )
            for values in cursor:
                row = dict(zip(columns, values, strict=True))
                found[row_key(table, row)] = row
        return found

    def trail(self, table: str, record_id: str) -> list[Row]:
        return _trail(self.conn, table, record_id)

    def site_by_code(self, code: str) -> tuple[str, str, str] | None:
        row = self.conn.execute(
            "SELECT id, name, created_at FROM sites WHERE code = ?", [code]
        ).fetchone()
        return None if row is None else (str(row[0]), str(row[1]), str(row[2]))

    def _pairs(
        self, sql: str, keys: Sequence[tuple[str, str]], first: str | None = None
    ) -> dict[tuple[str, str], str]:
        """Run ``sql`` over the keys' second (``first`` given) or first parts, 500 at a
        time, and keep the (first, second) -> id rows among the keys."""
        found: dict[tuple[str, str], str] = {}
        wanted = set(keys)
        values = sorted({k[1] if first is not None else k[0] for k in wanted})
        for start in range(0, len(values), 500):
            part = values[start : start + 500]
            params = ([first] if first is not None else []) + part
            cursor = self.conn.execute(sql.format(marks=", ".join("?" * len(part))), params)
            for one, two, record_id in cursor:
                if (one, two) in wanted:
                    found[(str(one), str(two))] = str(record_id)
        return found

    def mothers_with_codes(self, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], str]:
        found: dict[tuple[str, str], str] = {}
        for site in {site for site, _ in keys}:
            found |= self._pairs(
                "SELECT site_id, study_code, id FROM mothers"
                " WHERE site_id = ? AND study_code IN ({marks})",
                [k for k in keys if k[0] == site],
                first=site,
            )
        return found

    def scores_of_kinds(self, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], str]:
        return self._pairs(
            "SELECT session_id, kind, id FROM scores WHERE session_id IN ({marks})", keys
        )

    def assessments_of_kinds(self, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], str]:
        return self._pairs(
            "SELECT mother_id, kind, id FROM assessments WHERE voided = 0"
            " AND mother_id IN ({marks})",
            keys,
        )

    def insert(self, table: str, rows: Sequence[Row]) -> None:
        names = list(rows[0])
        self.conn.executemany(
            f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
            [[row[n] for n in names] for row in rows],
        )

    def update(self, table: str, key: str, changes: Mapping[str, Any]) -> None:
        if table in ITEM_TABLES:
            parent_id, _, item_id = key.partition("/")
            where = f"{ITEM_TABLES[table][0]} = ? AND item_id = ?"
            params = [parent_id, item_id]
        else:
            where, params = "id = ?", [key]
        self.conn.execute(
            f"UPDATE {table} SET {', '.join(f'{c} = ?' for c in changes)} WHERE {where}",
            [*changes.values(), *params],
        )

    def laptop_tag(self) -> str | None:
        return _tag(self.conn)


def _open_source(path: Path) -> sqlite3.Connection:
    from oxytimer.storage.opening import connect_readonly  # read-only, no side files left

    conn = connect_readonly(Path(path), leave_no_trace=True)
    missing = [
        t
        for t in TABLES
        if conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", [t]).fetchone()
        is None
    ]
    if missing:
        conn.close()
        raise DatabaseDamagedError(f"{path} is not an oxytimer database")
    return conn


def merge_databases(repo: Repository, paths: Sequence[Path], *, batch: int = BATCH) -> MergeReport:
    """Merge the databases at ``paths`` into ``repo``'s database.

    Every file is checked first (``quick_check``, not from a newer oxytimer, an oxytimer
    database); if any fails nothing is merged. The other files are only read. The
    conflicts met are kept here until resolved (:mod:`oxytimer.storage.conflicts`).

    Args:
        repo: This database.
        paths: The other databases.
        batch: Rows read and written at a time.

    Returns:
        What was added, left unchanged, skipped, and every conflict.

    Raises:
        DatabaseDamagedError: a file is damaged or not an oxytimer database.
        DatabaseTooNewError: a file is from a newer oxytimer.
        AuditTrailBrokenError: the audit trail of this database or of a file was
            tampered with (the message says where); nothing was merged.
        StorageError: this database could not be written; nothing was merged.
    """
    from oxytimer.storage.conflicts import record_conflicts

    for path in paths:
        check_file(Path(path), leave_no_trace=True)
    report = MergeReport()
    sources = []
    try:
        for path in paths:
            sources.append(SqliteSource(str(path), _open_source(Path(path))))
        require_intact(repo.db.conn)
        for source in sources:
            require_intact(source.conn, source.name, remember=False)
        # Ids are random: inserts touch index pages all over the file. A bounded page
        # cache (128 MiB) keeps many of them in memory, and statement journals stay in
        # memory instead of a temporary file written for every page (storage/bulk.py).
        # The summary's rows are marked stale once at the end (storage/bulk.py).
        with bulk_cache(repo.db, CACHE_KIB, writing=True), repo._write():
            with summary_marked_at_end(repo.db):
                rules = MergeRules(SqliteTarget(repo.db), report, batch)
                for source in sources:
                    rules.merge(source)
            record_conflicts(repo.db, report, repo._now())
    finally:
        for source in sources:
            source.conn.close()
    return report
