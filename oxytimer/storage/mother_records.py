"""Mothers: enrolment, screening, withdrawal, locking and the registry's reads."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from oxytimer.domain.records import (
    InputError,
    MotherStatus,
    clean_study_code,
    require_reason,
)

# The registry, screening and dose modules (and json, uuid) are imported by the methods
# that use them, not here: the app's start screen needs none of them (start-up time,
# issue 2; tests/test_launch.py).
if TYPE_CHECKING:
    from oxytimer.domain.eligibility import Criteria
    from oxytimer.domain.registry import Enrolment, FlowCounts, RegistryEntry


from oxytimer.storage.repository_base import Mother, RecordLockedError, RepositoryBase, new_id


class MotherRecords(RepositoryBase):
    """Mothers and their enrolment, on top of the repository base."""

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

    _MOTHER_SELECT = (
        "SELECT m.id, m.site_id, s.code, m.study_code, m.status, m.locked, m.enrolled_at,"
        " m.age, m.occupation FROM mothers m JOIN sites s ON s.id = m.site_id"
    )

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

    def _require_no_open_sessions(self, mother_id: str) -> None:
        """Refuse to close or lock a record while one of its sessions is still open."""
        row = self.db.execute(
            "SELECT count(*) FROM sessions WHERE mother_id = ? AND voided = 0 AND status IN"
            " ('running', 'paused', 'awaiting_post', 'interrupted')",
            [mother_id],
        ).fetchone()
        if row[0]:
            raise InputError("mother", "open_sessions", count=int(row[0]))

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
