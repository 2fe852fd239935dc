"""Corrections through the audit trail, voiding, and the change history."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from oxytimer.domain.records import (
    OPEN_STATUSES,
    InputError,
    require_reason,
)

# The registry, screening and dose modules (and json, uuid) are imported by the methods
# that use them, not here: the app's start screen needs none of them (start-up time,
# issue 2; tests/test_launch.py).
if TYPE_CHECKING:
    from oxytimer.domain.instrument import Instrument


from oxytimer.storage.session_records import SessionRecords
from oxytimer.storage.value_checks import SESSION_CORRECTABLE, _check_session_value


class Corrections(SessionRecords):
    """Audited corrections of mothers, sessions and scores, and their history."""

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
