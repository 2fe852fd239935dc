"""Conflicts merges met, kept until a person resolves them, and their resolutions.

A merge stores each conflict with both versions (``merge_conflicts``, this database's
own table: never merged). A person resolves one here; every resolution is a correction
with a reason, audited, so the trail shows who resolved what, when and why:

* ``study_code_taken`` (the same code for two different mothers): rename the mother here
  (:func:`rename_mother`); merging again brings the other one in with all her records.
* the same mother enrolled twice by mistake (two records, two codes): link them
  (:func:`link_mothers`): her sessions move to one record, the other is closed.
* ``different_content`` (the same record changed on both laptops): choose their value,
  keep the one here, or type the right one (:func:`choose_values`). The other laptop's
  audit rows for the record are copied in first, so its value stays in the history, and
  the choice is written as the latest change: merging the two copies again, in either
  order, ends with the chosen value on both.

A conflict whose record a later merge brings in (after a rename on the other laptop) is
marked resolved by that merge.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from oxytimer.domain.records import InputError, clean_study_code, require_reason
from oxytimer.storage.database import Database
from oxytimer.storage.merge_rules import AUDIT_FIELDS, MergeReport, audit_record
from oxytimer.storage.repository import Repository

RESOLVABLE: Final = {
    "study_code_taken": "rename",
    "different_content": "choose",
}
"""Each kind of conflict a person can resolve here, and how."""


@dataclass(frozen=True)
class StoredConflict:
    """A conflict kept in this database.

    Attributes:
        id: Its number (what ``oxytimer conflicts resolve N`` names).
        table: The record's table.
        record_id: The record's id (``score_id/item_id`` for a score item).
        kind: ``study_code_taken``, ``different_content``, ``score_kind_taken`` ...
        source: The file it came from.
        detail: What the merge found (``columns``, ``study_code``, ``here`` ...).
        theirs: Their row (``row``) and their audit rows missing here (``trail``).
        here: The record here now (for ``study_code_taken``: the mother holding the
            code), or None.
        waiting: Rows left out until it is resolved.
        found_at: When it was last met (UTC ISO).
        resolved_at: When it was resolved, or None while open.
        resolution: What resolved it.
    """

    id: int
    table: str
    record_id: str
    kind: str
    source: str
    detail: Mapping[str, Any]
    theirs: Mapping[str, Any]
    here: Mapping[str, Any] | None
    waiting: int
    found_at: str
    resolved_at: str | None
    resolution: str | None


def record_conflicts(db: Database, report: MergeReport, now: str) -> None:
    """Keep a merge's conflicts (reopening any met again); close those it merged."""
    waiting: dict[str, int] = {}
    for x in report.left_out:
        waiting[x.because] = waiting.get(x.because, 0) + 1
    for c in report.conflicts:
        db.execute(
            "INSERT INTO merge_conflicts (table_name, record_id, kind, source, detail, theirs,"
            " waiting, found_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (table_name, record_id, kind) DO UPDATE SET source = excluded.source,"
            " detail = excluded.detail, theirs = excluded.theirs, waiting = excluded.waiting,"
            " found_at = excluded.found_at, resolved_at = NULL, resolution = NULL",
            [
                c.table,
                c.record_id,
                c.code,
                c.source,
                json.dumps(c.detail, default=str),
                json.dumps(c.theirs, default=str),
                waiting.get(f"{c.table}/{c.record_id}", 0),
                now,
            ],
        )
    for kind, table in (
        ("study_code_taken", "mothers"),
        ("score_kind_taken", "scores"),
        ("assessment_kind_taken", "assessments"),
    ):
        db.execute(
            "UPDATE merge_conflicts SET resolved_at = ?, resolution = 'merged'"
            f" WHERE resolved_at IS NULL AND kind = ? AND record_id IN (SELECT id FROM {table})",
            [now, kind],
        )


def _here(db: Database, table: str, key: str) -> dict[str, Any] | None:
    if table == "score_items":
        score_id, _, item_id = key.partition("/")
        cursor = db.execute(
            "SELECT * FROM score_items WHERE score_id = ? AND item_id = ?", [score_id, item_id]
        )
    else:
        cursor = db.execute(f"SELECT * FROM {table} WHERE id = ?", [key])
    row = cursor.fetchone()
    names = [d[0] for d in cursor.description]
    return None if row is None else dict(zip(names, row, strict=True))


def _stored(db: Database, row: tuple[Any, ...]) -> StoredConflict:
    cid, table, record_id, kind, source, detail, theirs, waiting, found, resolved, how = row
    detail = json.loads(detail)
    if kind == "study_code_taken":
        here = _here(db, "mothers", str(detail.get("here", "")))
    else:
        here = _here(db, table, record_id) if table != "sites" else None
    return StoredConflict(
        cid, table, record_id, kind, source, detail, json.loads(theirs), here, waiting, found,
        resolved, how,
    )  # fmt: skip


_SELECT: Final = (
    "SELECT id, table_name, record_id, kind, source, detail, theirs, waiting, found_at,"
    " resolved_at, resolution FROM merge_conflicts"
)


def open_conflicts(db: Database) -> list[StoredConflict]:
    """The conflicts no one has resolved yet, in the order first met."""
    rows = db.execute(f"{_SELECT} WHERE resolved_at IS NULL ORDER BY id").fetchall()
    return [_stored(db, row) for row in rows]


def conflict(db: Database, conflict_id: int) -> StoredConflict:
    """One open conflict.

    Raises:
        InputError: ``conflict`` ``not_found`` (unknown, or already resolved).
    """
    row = db.execute(f"{_SELECT} WHERE id = ? AND resolved_at IS NULL", [conflict_id]).fetchone()
    if row is None:
        raise InputError("conflict", "not_found", id=conflict_id)
    return _stored(db, row)


def _close(repo: Repository, conflict_id: int, resolution: str) -> None:
    repo.db.execute(
        "UPDATE merge_conflicts SET resolved_at = ?, resolution = ? WHERE id = ?",
        [repo._now(), resolution, conflict_id],
    )


def rename_mother(repo: Repository, conflict_id: int, new_code: str, reason: str) -> str:
    """Resolve a ``study_code_taken`` conflict: give the mother here a new code.

    The rename is a correction of her record, audited with the reason (even on a locked
    record: the lock keeps her clinical values; the code change is in her trail).

    Returns:
        The new code, as stored.

    Raises:
        InputError: unknown or resolved conflict, not a code conflict, an empty reason,
            a bad code, or a code already used at her site; nothing is written.
    """
    found = conflict(repo.db, conflict_id)
    if found.kind != "study_code_taken":
        raise InputError("conflict", "wrong_kind", kind=found.kind)
    reason = require_reason(reason)
    code = clean_study_code(new_code)
    if found.here is None:
        raise InputError("mother", "not_found")
    from oxytimer.storage.laptop import code_taken

    if code == found.here["study_code"] or code_taken(repo.db, found.here["site_id"], code):
        raise InputError("study_code", "duplicate", value=code)
    with repo._write():
        repo._update("mothers", str(found.here["id"]), {"study_code": code}, reason=reason)
        _close(repo, conflict_id, f"renamed {found.here['study_code']} to {code}")
    return code


def _typed(example: Any, text: str) -> Any:
    """A typed value in the type the column holds here (int, float or text)."""
    if isinstance(example, bool) or not isinstance(example, int | float):
        return text
    try:
        return int(text) if isinstance(example, int) else float(text)
    except ValueError:
        raise InputError("value", "not_a_number", value=text) from None


def choose_values(
    repo: Repository,
    conflict_id: int,
    reason: str,
    *,
    take: str | None = None,
    values: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Resolve a ``different_content`` conflict: one value per differing column.

    Args:
        repo: This database.
        conflict_id: The conflict.
        reason: Why; required.
        take: ``"theirs"`` or ``"here"``: that version's value of every differing column.
        values: Typed values by column (override ``take`` for those columns).

    Returns:
        The values now held, by column.

    Raises:
        InputError: unknown or resolved conflict, another kind, an empty reason, no
            choice, an unknown column or a value the record refuses; nothing is written.
    """
    found = conflict(repo.db, conflict_id)
    if found.kind != "different_content" or found.table in ("audit_log", "sites"):
        raise InputError("conflict", "wrong_kind", kind=found.kind)
    reason = require_reason(reason)
    if take not in (None, "theirs", "here"):
        raise InputError("take", "invalid", value=take)
    values = dict(values or {})
    columns = list(found.detail.get("columns", []))
    unknown = [c for c in values if c not in columns]
    if unknown:
        raise InputError("column", "not_found", value=unknown[0], columns=columns)
    if take is None and set(values) != set(columns):
        raise InputError("value", "required", columns=columns)
    here = found.here
    if here is None:
        raise InputError("id", "not_found", table=found.table)
    theirs = found.theirs.get("row", {})
    chosen: dict[str, Any] = {}
    for column in columns:
        if column in values:
            chosen[column] = _typed(here[column], values[column])
        else:
            chosen[column] = (theirs if take == "theirs" else here).get(column)
    record_table, record_id, _ = audit_record(found.table, found.record_id)
    item = found.record_id.partition("/")[2] if found.table == "score_items" else None
    try:
        with repo._write():
            for audit in found.theirs.get("trail", []):
                exists = repo.db.execute("SELECT 1 FROM audit_log WHERE id = ?", [audit["id"]])
                if exists.fetchone() is None:
                    names = [n for n in AUDIT_FIELDS if n in audit]
                    repo.db.execute(
                        f"INSERT INTO audit_log ({', '.join(names)})"
                        f" VALUES ({', '.join('?' * len(names))})",
                        [audit[n] for n in names],
                    )
            for column, value in chosen.items():
                field = f"item:{item}" if item is not None else column
                repo._audit("update", record_table, record_id, field, here[column], value, reason)
            if found.table == "score_items":
                score_id, _, item_id = found.record_id.partition("/")
                where, params = "score_id = ? AND item_id = ?", [score_id, item_id]
            else:
                where, params = "id = ?", [found.record_id]
            repo.db.execute(
                f"UPDATE {found.table} SET {', '.join(f'{c} = ?' for c in chosen)} WHERE {where}",
                [*chosen.values(), *params],
            )
            _close(repo, conflict_id, "chose " + ", ".join(f"{c}={v}" for c, v in chosen.items()))
    except sqlite3.IntegrityError as error:
        raise InputError("value", "invalid", detail=str(error)) from None
    return chosen


def link_mothers(repo: Repository, duplicate: str, keep: str, reason: str) -> int:
    """The same mother enrolled twice by mistake: make ``keep`` her one record.

    Both records stay, with their trails: the duplicate's sessions move to ``keep`` (each
    move audited: field ``mother_id``), and the duplicate is closed and locked with
    ``same mother as <code>: <reason>``. Merging carries the moves to the other laptops
    like any audited change.

    Args:
        repo: This database.
        duplicate: Study code (or id) of the record to fold in.
        keep: Study code (or id) of the record that stays.
        reason: Why; required.

    Returns:
        How many sessions moved.

    Raises:
        InputError: unknown mother, the same record twice, an empty reason, or an open
            session on the duplicate; nothing is written.
    """
    reason = require_reason(reason)

    def find(ref: str) -> tuple[str, str]:
        rows = repo.db.execute(
            "SELECT id, study_code FROM mothers WHERE id = ? OR study_code = ?",
            [ref.strip(), ref.strip().upper()],
        ).fetchall()
        if len(rows) != 1:
            raise InputError("mother", "not_found", value=ref)
        return str(rows[0][0]), str(rows[0][1])

    dup_id, _ = find(duplicate)
    keep_id, keep_code = find(keep)
    if dup_id == keep_id:
        raise InputError("mother", "same_record", value=keep_code)
    note = f"same mother as {keep_code}: {reason}"
    with repo._write():
        repo._require_no_open_sessions(dup_id)
        sessions = [
            str(r[0])
            for r in repo.db.execute("SELECT id FROM sessions WHERE mother_id = ?", [dup_id])
        ]
        for session_id in sessions:
            repo._update("sessions", session_id, {"mother_id": keep_id}, reason=note)
        repo._update(
            "mothers",
            dup_id,
            {"status": "closed", "status_reason": note, "status_date": repo._today().isoformat()},
            reason=note,
        )
        repo._update("mothers", dup_id, {"locked": 1}, reason=note, action="lock")
    return len(sessions)
