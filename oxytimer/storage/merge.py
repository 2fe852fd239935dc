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
  replaying its newer audit rows on the row here, each from the old value it records,
  gives its row (a session that got its post-score or was voided on a laptop after an
  earlier merge). The newer audit rows come in with it. A copy *older* than the record
  here (its trail is part of the trail here and the trail here accounts for the
  differences) changes nothing, so merging an old and a new copy in either order gives
  the same rows;
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

Everything is written in one transaction: a failure (disk full ...) leaves nothing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from oxytimer.storage.audit_chain import records_missing_audit, require_intact
from oxytimer.storage.backup import check_file
from oxytimer.storage.repository import DatabaseDamagedError, Repository

TABLES: Final = (
    "sites",
    "mothers",
    "screenings",
    "sessions",
    "scores",
    "score_items",
    "audit_log",
)


@dataclass(frozen=True)
class MergeConflict:
    """A record that was not merged.

    Attributes:
        source: The file it came from.
        table: Its table.
        record_id: Its UUID (for score items: ``score_id/item_id``).
        code: ``different_content`` (same UUID, other values changed on both sides or
            not accounted for by the audit trail: the columns are in
            ``detail["columns"]``), ``study_code_taken`` (the code is used at that site
            by another mother), ``score_kind_taken`` (the session already has that
            score), ``site_name_differs`` (same code, other name; the site is still
            matched by its code), ``audit_missing`` (the record has no audit row of its
            insertion in that file: its trail was deleted, or another program wrote it).
        detail: Values that explain it.
    """

    source: str
    table: str
    record_id: str
    code: str
    detail: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class MergeLeftOut:
    """A row not merged because a record it depends on is in conflict.

    Attributes:
        source: The file it came from.
        table: Its table.
        record_id: Its UUID (for score items: ``score_id/item_id``).
        because: ``table/record_id`` of the record in conflict.
    """

    source: str
    table: str
    record_id: str
    because: str


@dataclass
class MergeReport:
    """What merging did.

    Attributes:
        added: Rows added, by table.
        updated: Rows here brought up to date (their newer audit rows are counted in
            ``added``), by table.
        unchanged: Rows already here with the same content (or in a newer state), by
            table.
        skipped: Rows left out because a record they depend on is in conflict, by table.
        conflicts: Every conflict, in order.
        left_out: Every row counted in ``skipped``, with the conflict it follows.
    """

    added: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TABLES, 0))
    updated: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TABLES, 0))
    unchanged: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TABLES, 0))
    skipped: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TABLES, 0))
    conflicts: list[MergeConflict] = field(default_factory=list)
    left_out: list[MergeLeftOut] = field(default_factory=list)

    @property
    def total_added(self) -> int:
        """Rows added in all tables."""
        return sum(self.added.values())


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]


_ORDER: Final = {"score_items": "score_id, item_id", "audit_log": "at, rowid"}
_AUDIT_FIELDS: Final = ("id", "action", "field", "old_value", "new_value")
_UNAUDITED: Final[Mapping[str, frozenset[str]]] = {"sessions": frozenset({"progress_at"})}
"""Columns the repository changes without an audit row, whatever the record's state."""
_HEARTBEAT: Final = frozenset({"massage_seconds", "paused_seconds"})
"""Session columns the heartbeat changes without an audit row while it runs."""


def _rows(conn: sqlite3.Connection, table: str, columns: Sequence[str]) -> list[dict[str, Any]]:
    order = _ORDER.get(table, "id")
    cursor = conn.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {order}")
    return [dict(zip(columns, row, strict=True)) for row in cursor]


def _key(table: str, row: Mapping[str, Any]) -> str:
    if table == "score_items":
        return f"{row['score_id']}/{row['item_id']}"
    return str(row["id"])


def _where(table: str, key: str) -> tuple[str, list[str]]:
    if table == "score_items":
        score_id, _, item_id = key.partition("/")
        return "score_id = ? AND item_id = ?", [score_id, item_id]
    return "id = ?", [key]


def _text(value: Any) -> str | None:
    """A value as the audit trail writes it (``str``, None stays None)."""
    return None if value is None else str(value)


def _item_column(item_id: str) -> Callable[[str | None], str | None]:
    def column_of(field: str | None) -> str | None:
        return "value" if field == f"item:{item_id}" else None

    return column_of


def _replays(
    table: str,
    base: Mapping[str, Any],
    target: Mapping[str, Any],
    updates: Sequence[Mapping[str, Any]],
    column_of: Callable[[str | None], str | None],
) -> bool:
    """Whether applying the audited ``updates`` (in order) to ``base`` gives ``target``.

    Each update must start from the value it records as old. Columns the repository
    changes without an audit row (a session's ``progress_at``; its massage and paused
    seconds while it runs) are not checked.
    """
    loose = set(_UNAUDITED.get(table, ()))
    if table == "sessions" and base.get("status") in ("running", "paused"):
        loose |= _HEARTBEAT
    state = {c: _text(v) for c, v in base.items()}
    for update in updates:
        if update["action"] == "insert":
            return False  # inserted on both sides: not one record's later changes
        column = column_of(update["field"])
        if column is None or column not in state:
            continue
        if state[column] != update["old_value"] and column not in loose:
            return False
        state[column] = update["new_value"]
    return all(state[c] == _text(v) for c, v in target.items() if c in state and c not in loose)


class _Merger:
    def __init__(self, repo: Repository, report: MergeReport) -> None:
        self.repo = repo
        self.report = report
        self.local_columns = {t: _columns(repo.db.conn, t) for t in TABLES}
        self.source = ""
        self.source_trails: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.held: dict[str, str] = {}  # record id -> "table/id" of the conflict it follows

    def local(self, table: str, key: str) -> dict[str, Any] | None:
        columns = self.local_columns[table]
        where, params = _where(table, key)
        row = self.repo.db.execute(
            f"SELECT {', '.join(columns)} FROM {table} WHERE {where}", params
        ).fetchone()
        return None if row is None else dict(zip(columns, row, strict=True))

    def local_trail(self, record: tuple[str, str]) -> list[dict[str, Any]]:
        cursor = self.repo.db.execute(
            f"SELECT {', '.join(_AUDIT_FIELDS)} FROM audit_log"
            " WHERE table_name = ? AND record_id = ? ORDER BY at, rowid",
            list(record),
        )
        return [dict(zip(_AUDIT_FIELDS, row, strict=True)) for row in cursor]

    def insert(self, table: str, row: Mapping[str, Any]) -> None:
        names = list(row)
        self.repo.db.execute(
            f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})",
            [row[n] for n in names],
        )
        self.report.added[table] += 1

    def conflict(self, table: str, key: str, code: str, detail: Mapping[str, Any]) -> None:
        self.report.conflicts.append(MergeConflict(self.source, table, key, code, detail))
        self.held[key] = f"{table}/{key}"

    def hold(self, table: str, row: dict[str, Any], parent: str) -> bool:
        """Leave out a row whose parent record is held back; return True if it was."""
        cause = self.held.get(parent)
        if cause is None:
            return False
        key = _key(table, row)
        if table in ("screenings", "sessions", "scores"):
            self.held[key] = cause  # their own dependants wait too
        here = self.local(table, key)
        if here is not None and all(here.get(c) == v for c, v in row.items() if c in here):
            self.report.unchanged[table] += 1
        else:
            self.report.skipped[table] += 1
            self.report.left_out.append(MergeLeftOut(self.source, table, key, cause))
        return True

    def merge_row(
        self,
        table: str,
        row: dict[str, Any],
        record: tuple[str, str] | None = None,
        column_of: Callable[[str | None], str | None] = lambda field: field,
    ) -> None:
        """Insert the row, or reconcile it with the one here (see the module docstring).

        ``record`` is the (table, id) whose audit trail describes the row's changes, and
        ``column_of`` maps an audit row's ``field`` to the row's column (None: another).
        """
        key = _key(table, row)
        here = self.local(table, key)
        if here is None:
            self.insert(table, row)
            return
        differing = sorted(c for c in row if c in here and here[c] != row[c])
        if not differing:
            self.report.unchanged[table] += 1
            return
        record = record or (table, key)
        theirs = self.source_trails.get(record, [])
        ours = self.local_trail(record)
        their_ids = {a["id"] for a in theirs}
        our_ids = {a["id"] for a in ours}
        ahead = [a for a in theirs if a["id"] not in our_ids]
        behind = [a for a in ours if a["id"] not in their_ids]
        if ahead and not behind and _replays(table, here, row, ahead, column_of):
            where, params = _where(table, key)
            self.repo.db.execute(
                f"UPDATE {table} SET {', '.join(f'{c} = ?' for c in differing)} WHERE {where}",
                [row[c] for c in differing] + params,
            )
            self.report.updated[table] += 1
            return
        if behind and not ahead and _replays(table, row, here, behind, column_of):
            self.report.unchanged[table] += 1  # an older copy of what is here
            return
        self.conflict(table, key, "different_content", {"columns": differing})

    def refuse_unaudited(self, conn: sqlite3.Connection, data: dict[str, list[Any]]) -> None:
        """Leave out the source's records that have no audit row of their insertion
        (conflict ``audit_missing``), and with them everything that depends on them."""
        for table, ids in records_missing_audit(conn).items():
            for record_id in sorted(ids):
                self.conflict(table, record_id, "audit_missing", {})
            data[table] = [row for row in data[table] if row["id"] not in ids]

    def merge(self, source: str, conn: sqlite3.Connection) -> None:
        report = self.report
        self.source = source
        self.held = {}
        common = {t: [c for c in _columns(conn, t) if c in self.local_columns[t]] for t in TABLES}
        data = {t: _rows(conn, t, common[t]) for t in TABLES}
        self.source_trails = {}
        for audit in data["audit_log"]:
            key = (audit["table_name"], audit["record_id"])
            self.source_trails.setdefault(key, []).append(audit)
        self.refuse_unaudited(conn, data)

        site_map: dict[str, str] = {}
        for row in data["sites"]:
            by_code = self.repo.db.execute(
                "SELECT id, name FROM sites WHERE code = ?", [row["code"]]
            ).fetchone()
            if by_code is not None and by_code[0] != row["id"]:
                site_map[row["id"]] = by_code[0]
                if by_code[1] != row["name"]:
                    report.conflicts.append(
                        MergeConflict(
                            source,
                            "sites",
                            row["id"],
                            "site_name_differs",
                            {"code": row["code"], "name": row["name"], "here": by_code[1]},
                        )
                    )
                else:
                    report.unchanged["sites"] += 1
                continue
            site_map[row["id"]] = row["id"]
            self.merge_row("sites", row)

        for row in data["mothers"]:
            row["site_id"] = site_map.get(row["site_id"], row["site_id"])
            if self.local("mothers", row["id"]) is None:
                taken = self.repo.db.execute(
                    "SELECT id FROM mothers WHERE site_id = ? AND study_code = ?",
                    [row["site_id"], row["study_code"]],
                ).fetchone()
                if taken is not None:
                    self.conflict(
                        "mothers",
                        row["id"],
                        "study_code_taken",
                        {"study_code": row["study_code"], "here": taken[0]},
                    )
                    continue
            self.merge_row("mothers", row)

        for table in ("screenings", "sessions"):
            for row in data[table]:
                if not self.hold(table, row, row["mother_id"]):
                    self.merge_row(table, row)

        for row in data["scores"]:
            if self.hold("scores", row, row["session_id"]):
                continue
            if self.local("scores", row["id"]) is None:
                taken = self.repo.db.execute(
                    "SELECT id FROM scores WHERE session_id = ? AND kind = ?",
                    [row["session_id"], row["kind"]],
                ).fetchone()
                if taken is not None:
                    self.conflict(
                        "scores",
                        row["id"],
                        "score_kind_taken",
                        {"session": row["session_id"], "kind": row["kind"], "here": taken[0]},
                    )
                    continue
            self.merge_row("scores", row)

        for row in data["score_items"]:
            if self.hold("score_items", row, row["score_id"]):
                continue
            # The score's audit trail records its items' changes as field "item:<id>".
            self.merge_row(
                "score_items", row, ("scores", row["score_id"]), _item_column(row["item_id"])
            )

        for row in data["audit_log"]:
            if not self.hold("audit_log", row, row["record_id"]):
                self.merge_row("audit_log", row)


def _open_source(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)
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


def merge_databases(repo: Repository, paths: Sequence[Path]) -> MergeReport:
    """Merge the databases at ``paths`` into ``repo``'s database.

    Every file is checked first (``quick_check``, not from a newer oxytimer, an oxytimer
    database); if any fails nothing is merged. The other files are only read.

    Args:
        repo: This database.
        paths: The other databases.

    Returns:
        What was added, left unchanged, skipped, and every conflict.

    Raises:
        DatabaseDamagedError: a file is damaged or not an oxytimer database.
        DatabaseTooNewError: a file is from a newer oxytimer.
        AuditTrailBrokenError: the audit trail of this database or of a file was
            tampered with (the message says where); nothing was merged.
        StorageError: this database could not be written; nothing was merged.
    """
    for path in paths:
        check_file(Path(path))
    report = MergeReport()
    merger = _Merger(repo, report)
    connections = []
    try:
        for path in paths:
            connections.append((str(path), _open_source(Path(path))))
        require_intact(repo.db.conn)
        for name, conn in connections:
            require_intact(conn, name, remember=False)
        with repo._write():
            for name, conn in connections:
                merger.merge(name, conn)
    finally:
        for _, conn in connections:
            conn.close()
    return report
