"""Read the records the clinician summary analyses, with its filters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlite_utils import Database

from oxytimer.domain.pairing import MotherSessions, SessionScores


@dataclass(frozen=True)
class AnalysisFilter:
    """Which records the summary looks at. None means: no restriction.

    Attributes:
        site_codes: puskesmas codes.
        enrolled_from, enrolled_to: enrolment dates (inclusive, UTC date of enrolment).
        caregivers: who gave the massage (sessions by others are left out).
        protocol_versions: protocol versions of the sessions.
        completed_follow_up_only: only mothers whose follow-up was closed.
    """

    site_codes: tuple[str, ...] | None = None
    enrolled_from: date | None = None
    enrolled_to: date | None = None
    caregivers: tuple[str, ...] | None = None
    protocol_versions: tuple[str, ...] | None = None
    completed_follow_up_only: bool = False

    def describe(self) -> dict[str, Any]:
        """The filter as plain values, for reports and JSON."""
        return {
            "sites": list(self.site_codes) if self.site_codes else None,
            "enrolled_from": self.enrolled_from.isoformat() if self.enrolled_from else None,
            "enrolled_to": self.enrolled_to.isoformat() if self.enrolled_to else None,
            "caregivers": list(self.caregivers) if self.caregivers else None,
            "protocol_versions": list(self.protocol_versions) if self.protocol_versions else None,
            "completed_follow_up_only": self.completed_follow_up_only,
        }


def _in(column: str, values: tuple[str, ...], params: list[Any]) -> str:
    params.extend(values)
    return f"{column} IN ({', '.join('?' for _ in values)})"


def mothers_for_analysis(db: Database, flt: AnalysisFilter | None = None) -> list[MotherSessions]:
    """Every mother that passes the filter, with her sessions that pass it.

    Sessions come with their pre and post totals and categories. One query each for
    mothers and sessions, so a database of 100,000 mothers reads in one pass.
    """
    flt = flt or AnalysisFilter()
    where: list[str] = []
    params: list[Any] = []
    if flt.site_codes:
        where.append(_in("s.code", flt.site_codes, params))
    if flt.enrolled_from:
        where.append("substr(m.enrolled_at, 1, 10) >= ?")
        params.append(flt.enrolled_from.isoformat())
    if flt.enrolled_to:
        where.append("substr(m.enrolled_at, 1, 10) <= ?")
        params.append(flt.enrolled_to.isoformat())
    if flt.completed_follow_up_only:
        where.append("m.status = 'closed'")
    mother_where = ("WHERE " + " AND ".join(where)) if where else ""
    mothers: dict[str, dict[str, Any]] = {}
    for row in db.execute(
        "SELECT m.id, m.study_code, s.code, m.status, m.age, m.occupation FROM mothers m"
        f" JOIN sites s ON s.id = m.site_id {mother_where} ORDER BY s.code, m.study_code",
        params,
    ):
        mothers[row[0]] = {
            "code": row[1],
            "site": row[2],
            "status": row[3],
            "age": row[4],
            "occupation": row[5],
            "sessions": [],
        }

    session_where: list[str] = []
    session_params: list[Any] = []
    if flt.caregivers:
        session_where.append(_in("x.caregiver", flt.caregivers, session_params))
    if flt.protocol_versions:
        session_where.append(_in("x.protocol_version", flt.protocol_versions, session_params))
    clause = ("WHERE " + " AND ".join(session_where)) if session_where else ""
    for row in db.execute(
        "SELECT x.id, x.mother_id, x.started_at, x.status, x.voided, pre.total, post.total,"
        " pre.category, post.category, x.massage_seconds, x.caregiver, x.protocol_version,"
        " x.instrument_version FROM sessions x"
        " LEFT JOIN scores pre ON pre.session_id = x.id AND pre.kind = 'pre'"
        " LEFT JOIN scores post ON post.session_id = x.id AND post.kind = 'post'"
        f" {clause}",
        session_params,
    ):
        mother = mothers.get(row[1])
        if mother is not None:
            mother["sessions"].append(
                SessionScores(
                    session_id=row[0],
                    started_at=row[2],
                    status=row[3],
                    voided=bool(row[4]),
                    pre=None if row[5] is None else float(row[5]),
                    post=None if row[6] is None else float(row[6]),
                    pre_category=row[7],
                    post_category=row[8],
                    massage_seconds=float(row[9] or 0.0),
                    caregiver=row[10],
                    protocol_version=row[11],
                    instrument_version=row[12],
                )
            )
    return [
        MotherSessions(
            mother_id=mother_id,
            study_code=m["code"],
            site_code=m["site"],
            status=m["status"],
            sessions=tuple(m["sessions"]),
            age=m["age"],
            occupation=m["occupation"],
        )
        for mother_id, m in mothers.items()
    ]


def filter_choices(db: Database) -> dict[str, list[str]]:
    """Values the summary's filter controls offer."""
    return {
        "sites": [r[0] for r in db.execute("SELECT code FROM sites ORDER BY code")],
        "caregivers": [
            r[0] for r in db.execute("SELECT DISTINCT caregiver FROM sessions ORDER BY 1")
        ],
        "protocol_versions": [
            r[0] for r in db.execute("SELECT DISTINCT protocol_version FROM sessions ORDER BY 1")
        ],
    }
