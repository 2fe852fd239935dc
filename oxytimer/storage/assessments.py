"""Baseline and end assessments: the full checklist, the study's outcome (issue 12).

A mother's *baseline assessment* is taken before her first massage and her *end
assessment* after her last planned session (the protocol's ``planned_sessions``); a site
may add *daily* ones. Each is the whole checklist, with its items' answers, audited like
every record. Around each session only the short session check is recorded (the
``scores`` of a session whose ``design`` is ``"session_check"``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from oxytimer.domain.records import InputError
from oxytimer.storage.repository import Repository, _checked_score, new_id

if TYPE_CHECKING:
    from oxytimer.domain.instrument import Instrument

KINDS = ("baseline", "end", "daily")


@dataclass(frozen=True)
class AssessmentRecord:
    id: str
    mother_id: str
    kind: str
    total: int
    category: str | None
    instrument_version: str
    recorded_at: str
    items: Mapping[str, bool]


@dataclass(frozen=True)
class AssessmentState:
    """What the schedule needs to know of a mother's assessments and sessions."""

    has_baseline: bool
    has_end: bool
    sessions_given: int  # massages given in full under the session-check design
    earlier_design: bool = False  # she has sessions scored with the full checklist


def record_assessment(
    repo: Repository,
    mother_id: str,
    kind: str,
    *,
    total: int,
    items: Mapping[str, bool] | None,
    category: str | None,
    min_total: int,
    max_total: int,
    instrument_version: str,
    instrument: Instrument | None = None,
    source: str = "app",
    recorded_at: str | None = None,
) -> str:
    """Record a baseline, end or daily assessment (the full checklist).

    Raises:
        InputError: unknown kind, a second baseline or end, a score that does not agree
            with the instrument, or a mother not enrolled or locked. Nothing is written.
    """
    if kind not in KINDS:
        raise InputError("assessment", "invalid")
    if instrument is not None and instrument.check:
        raise InputError("assessment", "instrument_mismatch", version=instrument.version)
    category = _checked_score(
        "assessment",
        total,
        items,
        category,
        min_total,
        max_total,
        instrument_version,
        instrument,
    )
    repo._require_active_mother(mother_id)
    repo._require_unlocked(mother_id)
    assessment_id = new_id()
    with repo._write():
        if kind != "daily":
            row = repo.db.execute(
                "SELECT 1 FROM assessments WHERE mother_id = ? AND kind = ? AND voided = 0",
                [mother_id, kind],
            ).fetchone()
            if row is not None:
                raise InputError("assessment", "duplicate")
        repo._insert(
            "assessments",
            {
                "id": assessment_id,
                "mother_id": mother_id,
                "kind": kind,
                "instrument_version": instrument_version,
                "total": total,
                "min_total": min_total,
                "max_total": max_total,
                "category": category,
                "recorded_at": recorded_at or repo._now(),
                "source": source,
                "operator": repo.operator,
            },
        )
        for item_id, value in (items or {}).items():
            repo.db.execute(
                "INSERT INTO assessment_items (assessment_id, item_id, value) VALUES (?, ?, ?)",
                [assessment_id, item_id, int(bool(value))],
            )
    return assessment_id


def assessments_for_mother(repo: Repository, mother_id: str) -> list[AssessmentRecord]:
    """Her non-voided assessments, oldest first."""
    rows = repo.db.execute(
        "SELECT id, mother_id, kind, total, category, instrument_version, recorded_at"
        " FROM assessments WHERE mother_id = ? AND voided = 0 ORDER BY recorded_at, rowid",
        [mother_id],
    ).fetchall()
    out = []
    for r in rows:
        items = {
            str(item): bool(value)
            for item, value in repo.db.execute(
                "SELECT item_id, value FROM assessment_items WHERE assessment_id = ?", [r[0]]
            )
        }
        out.append(
            AssessmentRecord(
                id=r[0],
                mother_id=r[1],
                kind=r[2],
                total=r[3],
                category=r[4],
                instrument_version=r[5],
                recorded_at=r[6],
                items=items,
            )
        )
    return out


def assessment_states(
    repo: Repository, mother_id: str | None = None, *, mother_ids: Sequence[str] | None = None
) -> dict[str, AssessmentState]:
    """Every mother's (or one's, or those of ``mother_ids``: a page of Today) assessments
    and sessions given, in one query."""
    if mother_ids is not None:
        ids = list(mother_ids)
        found: dict[str, AssessmentState] = {}
        for start in range(0, len(ids), 500):  # (SQLite's limit on parameters)
            chunk = ids[start : start + 500]
            found.update(
                _assessment_states(repo, f"WHERE m.id IN ({', '.join('?' for _ in chunk)})", chunk)
            )
        return found
    return _assessment_states(repo, *(("WHERE m.id = ?", [mother_id]) if mother_id else ("", [])))


def _assessment_states(
    repo: Repository, where: str, params: list[str]
) -> dict[str, AssessmentState]:
    from oxytimer.domain.schedule import given_sql

    rows = repo.db.execute(
        "SELECT m.id,"
        " EXISTS (SELECT 1 FROM assessments a WHERE a.mother_id = m.id AND a.voided = 0"
        "   AND a.kind = 'baseline'),"
        " EXISTS (SELECT 1 FROM assessments a WHERE a.mother_id = m.id AND a.voided = 0"
        "   AND a.kind = 'end'),"
        f" (SELECT count(*) FROM sessions x WHERE x.mother_id = m.id AND x.voided = 0"
        f"   AND x.design = 'session_check' AND {given_sql('x')}),"
        " EXISTS (SELECT 1 FROM sessions x WHERE x.mother_id = m.id AND x.voided = 0"
        "   AND x.design = 'full_checklist')"
        f" FROM mothers m {where}",
        params,
    )
    return {r[0]: AssessmentState(bool(r[1]), bool(r[2]), int(r[3]), bool(r[4])) for r in rows}


def assessment_state(repo: Repository, mother_id: str) -> AssessmentState:
    """One mother's :class:`AssessmentState`."""
    return assessment_states(repo, mother_id).get(mother_id, AssessmentState(False, False, 0))
