"""Sessions: starting, progress, scores, resuming, and their reads (and the dose)."""

from __future__ import annotations

import functools
import math
from collections.abc import Collection, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from oxytimer.domain.clock import parse_utc, utc_iso
from oxytimer.domain.records import (
    OPEN_STATUSES,
    Caregiver,
    InputError,
    ScoreKind,
    SessionStatus,
    Slot,
    require_reason,
)

# The registry, screening and dose modules (and json, uuid) are imported by the methods
# that use them, not here: the app's start screen needs none of them (start-up time,
# issue 2; tests/test_launch.py).
if TYPE_CHECKING:
    from oxytimer.domain.adherence import MotherDose
    from oxytimer.domain.instrument import Instrument


from oxytimer.storage.mother_records import MotherRecords
from oxytimer.storage.repository_base import DESIGNS, ScoreRecord, SessionRecord, new_id
from oxytimer.storage.value_checks import _checked_score


def _midnight_after(status_date: str | None) -> int | None:
    """The epoch second of the local midnight after ``status_date`` (SQL function)."""
    if not status_date:
        return None
    day_after = date.fromisoformat(status_date) + timedelta(days=1)
    return math.floor(datetime.combine(day_after, time(0)).astimezone().timestamp())


def dose_parameters(hours: Mapping[str, tuple[int, int]], now: int) -> dict[str, Any]:
    """The parameters of the dose query: now and the slot windows, in minutes and seconds."""
    morning, evening = hours[Slot.MORNING], hours[Slot.EVENING]
    return {
        "now": now,
        "m0": morning[0] * 60,
        "m1": morning[1] * 60,
        "e0": evening[0] * 60,
        "e1": evening[1] * 60,
        "mend": morning[1] * 3600,
        "eend": evening[1] * 3600,
    }


def dose_from_row(
    r: Sequence[Any], hours: Mapping[str, tuple[int, int]], givers: Sequence[str]
) -> MotherDose:
    """One row of the dose query (SQLite's or the server's) as her dose."""
    from oxytimer.domain.adherence import Dose, MotherDose, windows_ending_between

    touched, touched_in_window, slots_done = r[7], r[8], r[9]
    r = (*r[:9], *r[10:])
    windows = windows_ending_between(r[4], r[5], r[6], hours)
    return MotherDose(
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


class SessionRecords(MotherRecords):
    """Massage sessions and their scores."""

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
    WHERE m.status != 'screened_out'{mothers}
),
mu AS MATERIALIZED (SELECT *, max(e, end_at) AS u FROM mo),
given AS (
    SELECT mother_id, count(*) AS n, sum({done}) AS n_given,
        sum(status = 'aborted') AS n_aborted, total(massage_seconds) AS seconds,
        sum(pause_count) AS pauses{by_giver}
    FROM sessions WHERE voided = 0{session_mothers} GROUP BY mother_id
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
        BETWEEN mu.e + 1 AND mu.u) AS n_touched_in{extra_slots}
    FROM done JOIN mu ON mu.id = done.mother_id
    WHERE done.day >= (mu.e + mu.off) / 86400
    GROUP BY done.mother_id
)
SELECT {extra}mu.id, mu.site_code, mu.study_code, mu.status, mu.e, mu.u, mu.off,
    coalesce(slots.n_touched, 0), coalesce(slots.n_touched_in, 0), coalesce(slots.n_done, 0),
    coalesce(given.n, 0), coalesce(given.n_given, 0), coalesce(given.n_aborted, 0),
    coalesce(given.seconds, 0.0), coalesce(given.pauses, 0){giver_columns}
FROM mu LEFT JOIN given ON given.mother_id = mu.id
LEFT JOIN slots ON slots.mother_id = mu.id
ORDER BY mu.site_code, mu.study_code
"""

    _SESSION_SELECT = (
        "SELECT x.id, x.mother_id, m.study_code, s.code, x.caregiver, x.planned_seconds,"
        " x.status, x.slot, x.started_at, x.ended_at, x.massage_seconds, x.paused_seconds,"
        " x.pause_count, x.abort_reason, x.voided, x.protocol_version, x.instrument_version,"
        " x.preparation_seconds, x.first_part_seconds, x.resumed_at, x.resume_gap_seconds,"
        " x.design, x.progress_at"
        " FROM sessions x JOIN mothers m ON m.id = x.mother_id JOIN sites s ON s.id = m.site_id"
    )

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

    def sessions_started_since(self, since: datetime) -> list[SessionRecord]:
        """Non-voided sessions of every mother started at or after ``since``."""
        return self._sessions("WHERE x.started_at >= ? AND x.voided = 0", [utc_iso(since)])

    def dose_sql(
        self,
        hours: Mapping[str, tuple[int, int]],
        now: int,
        mother_ids: Collection[str] | None = None,
        *,
        mother_set: str = "",
        extra: str = "",
        extra_slots: str = "",
        slots_only: bool = False,
    ) -> tuple[str, dict[str, Any]]:
        """The query of :meth:`dose_rows` and its parameters: for the ``mother_ids`` (a
        few: each is looked for in the sessions' totals), or the SQL set ``mother_set``,
        or everyone; ``extra`` columns first, ``extra_slots`` added to the per-mother
        slot counts; ``slots_only``: the session totals left at zero (see
        storage/summary_table.py)."""
        import json

        from oxytimer.domain.schedule import given_sql

        self.db.conn.create_function(  # cached per query: the time zone may change between
            "oxytimer_local_midnight_after",
            1,
            functools.cache(_midnight_after),
            deterministic=True,
        )
        givers = [c.value for c in Caregiver]
        chosen = f" IN {mother_set}" if mother_set else ""
        if mother_ids is not None:
            chosen = " IN (SELECT value FROM json_each(:mothers))"
        sql = self._DOSE_SQL.format(
            done=given_sql(),
            done_x=given_sql("x"),
            by_giver="".join(f", sum(caregiver = '{c}') AS n_{c}" for c in givers),
            giver_columns="".join(f", coalesce(given.n_{c}, 0)" for c in givers),
            mothers=f" AND m.id{chosen}" if chosen else "",
            session_mothers=" AND 0" if slots_only else f" AND mother_id{chosen}" if chosen else "",
            extra=extra,
            extra_slots=extra_slots,
        )
        params = dose_parameters(hours, now)
        if mother_ids is not None:
            params["mothers"] = json.dumps(list(mother_ids))
        return sql, params

    def dose_rows(
        self,
        hours: Mapping[str, tuple[int, int]] | None = None,
        mother_ids: Collection[str] | None = None,
    ) -> list[MotherDose]:
        """Every enrolled, withdrawn or closed mother's dose over her follow-up so far.

        Voided sessions are excluded. See :func:`oxytimer.domain.adherence.dose` for the
        definitions, which this computes in one query (tests compare the two): days and
        slots in the UTC offset of each mother's enrolment; follow-up ends now for an
        enrolled mother, else at her last status change and no later than the day after
        her status date.

        Args:
            hours: The slot windows (the UI passes ``Settings.slot_hours()``); by
                default :data:`oxytimer.domain.schedule.DEFAULT_SLOT_HOURS`.
            mother_ids: Only these mothers (None: every one).

        Returns:
            One row per mother, ordered by site and study code.
        """
        from oxytimer.domain.schedule import DEFAULT_SLOT_HOURS

        if hours is None:
            hours = DEFAULT_SLOT_HOURS

        now = math.floor(self.clock.now_utc().timestamp())
        givers = [c.value for c in Caregiver]
        sql, params = self.dose_sql(hours, now, mother_ids)
        return [dose_from_row(r, hours, givers) for r in self.db.execute(sql, params)]
