"""Merging other laptops' databases into this one, by UUID.

Every site, mother, screening, session, score, score item and audit row of the other
databases is brought in unless this database already has it. Merging is:

* idempotent: a row already here with the same content is left alone, so merging the
  same file twice adds nothing;
* order-free: records are matched by their UUIDs, never by position or time, so A then B
  gives the same rows as B then A (when there are no conflicts);
* safe: a row whose UUID is here with different content is a *conflict*: reported,
  never overwritten. A mother whose study code is already used at the same site by
  another UUID, or a score whose session already has a score of that kind, is a conflict
  too; the record is left out together with everything that depends on it (her
  screenings, sessions, scores and their audit rows), and counted. The audit rows of a
  record in conflict that are not here yet are left out as well, so that the trail here
  keeps describing the values here.

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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

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
        code: ``different_content`` (same UUID, other values: the columns are in
            ``detail["columns"]``), ``study_code_taken`` (the code is used at that site
            by another mother), ``score_kind_taken`` (the session already has that
            score), ``site_name_differs`` (same code, other name; the site is still
            matched by its code).
        detail: Values that explain it.
    """

    source: str
    table: str
    record_id: str
    code: str
    detail: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class MergeReport:
    """What merging did.

    Attributes:
        added: Rows added, by table.
        unchanged: Rows already here with the same content, by table.
        skipped: Rows left out because a record they depend on is in conflict, by table.
        conflicts: Every conflict, in order.
    """

    added: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TABLES, 0))
    unchanged: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TABLES, 0))
    skipped: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TABLES, 0))
    conflicts: list[MergeConflict] = field(default_factory=list)

    @property
    def total_added(self) -> int:
        """Rows added in all tables."""
        return sum(self.added.values())


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]


def _rows(conn: sqlite3.Connection, table: str, columns: Sequence[str]) -> list[dict[str, Any]]:
    order = "score_id, item_id" if table == "score_items" else "id"
    cursor = conn.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {order}")
    return [dict(zip(columns, row, strict=True)) for row in cursor]


def _key(table: str, row: Mapping[str, Any]) -> str:
    if table == "score_items":
        return f"{row['score_id']}/{row['item_id']}"
    return str(row["id"])


class _Merger:
    def __init__(self, repo: Repository, report: MergeReport) -> None:
        self.repo = repo
        self.report = report
        self.local_columns = {t: _columns(repo.db.conn, t) for t in TABLES}

    def local(self, table: str, key: str) -> dict[str, Any] | None:
        columns = self.local_columns[table]
        if table == "score_items":
            score_id, _, item_id = key.partition("/")
            where, params = "score_id = ? AND item_id = ?", [score_id, item_id]
        else:
            where, params = "id = ?", [key]
        row = self.repo.db.execute(
            f"SELECT {', '.join(columns)} FROM {table} WHERE {where}", params
        ).fetchone()
        return None if row is None else dict(zip(columns, row, strict=True))

    def insert(self, table: str, row: Mapping[str, Any]) -> None:
        names = list(row)
        self.repo.db.execute(
            f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})",
            [row[n] for n in names],
        )
        self.report.added[table] += 1

    def merge_row(self, source: str, table: str, row: dict[str, Any]) -> bool:
        """Insert the row, or compare it with the one here. Return False on a conflict."""
        key = _key(table, row)
        here = self.local(table, key)
        if here is None:
            self.insert(table, row)
            return True
        differing = sorted(c for c in row if c in here and here[c] != row[c])
        if not differing:
            self.report.unchanged[table] += 1
            return True
        self.report.conflicts.append(
            MergeConflict(source, table, key, "different_content", {"columns": differing})
        )
        return False

    def merge(self, source: str, conn: sqlite3.Connection) -> None:
        report = self.report
        common = {t: [c for c in _columns(conn, t) if c in self.local_columns[t]] for t in TABLES}
        data = {t: _rows(conn, t, common[t]) for t in TABLES}
        left_out: set[str] = set()  # not merged: their dependants are left out too
        conflicted: set[str] = set()  # here with other content: their new audit rows too

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
            self.merge_row(source, "sites", row)

        for row in data["mothers"]:
            row["site_id"] = site_map.get(row["site_id"], row["site_id"])
            if self.local("mothers", row["id"]) is None:
                taken = self.repo.db.execute(
                    "SELECT id FROM mothers WHERE site_id = ? AND study_code = ?",
                    [row["site_id"], row["study_code"]],
                ).fetchone()
                if taken is not None:
                    report.conflicts.append(
                        MergeConflict(
                            source,
                            "mothers",
                            row["id"],
                            "study_code_taken",
                            {"study_code": row["study_code"], "here": taken[0]},
                        )
                    )
                    left_out.add(row["id"])
                    continue
            if not self.merge_row(source, "mothers", row):
                conflicted.add(row["id"])

        for table in ("screenings", "sessions"):
            for row in data[table]:
                if row["mother_id"] in left_out:
                    left_out.add(row["id"])
                    report.skipped[table] += 1
                    continue
                if not self.merge_row(source, table, row):
                    conflicted.add(row["id"])

        for row in data["scores"]:
            if row["session_id"] in left_out:
                left_out.add(row["id"])
                report.skipped["scores"] += 1
                continue
            if self.local("scores", row["id"]) is None:
                taken = self.repo.db.execute(
                    "SELECT id FROM scores WHERE session_id = ? AND kind = ?",
                    [row["session_id"], row["kind"]],
                ).fetchone()
                if taken is not None:
                    report.conflicts.append(
                        MergeConflict(
                            source,
                            "scores",
                            row["id"],
                            "score_kind_taken",
                            {"session": row["session_id"], "kind": row["kind"], "here": taken[0]},
                        )
                    )
                    left_out.add(row["id"])
                    continue
            if not self.merge_row(source, "scores", row):
                conflicted.add(row["id"])

        for row in data["score_items"]:
            if row["score_id"] in left_out:
                report.skipped["score_items"] += 1
                continue
            self.merge_row(source, "score_items", row)

        for row in data["audit_log"]:
            if row["record_id"] in left_out or (
                row["record_id"] in conflicted and self.local("audit_log", row["id"]) is None
            ):
                report.skipped["audit_log"] += 1
                continue
            self.merge_row(source, "audit_log", row)


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
        with repo._write():
            for name, conn in connections:
                merger.merge(name, conn)
    finally:
        for _, conn in connections:
            conn.close()
    return report
