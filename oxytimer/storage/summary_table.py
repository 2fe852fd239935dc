"""The stored per-mother summary (migration 0009): kept current by writers, read by the
summary so that it reads one row per mother instead of every session (issue 17).

``summary_pairing`` holds, per mother and design, exactly the row
:func:`oxytimer.storage.analysis.grouped_sql` computes from her sessions; ``summary_dose``
the parts of her dose (:meth:`SessionRecords.dose_rows`) that do not depend on the time
now: computed as if now were the far future, with the end of the last slot she was
seen in, from which the summary finishes her adherence at the time it runs.

Triggers (migration 0009) mark a mother stale in ``summary_stale`` whenever one of her
records (the mother, a session, a score, an assessment) is inserted or changed, by any
code: the app, corrections, imports, merges, sync. Readers compute stale mothers from
their records, so the stored rows are never used out of date; :func:`refresh` brings
them up to date (a repository refreshes when it closes, and after an upgrade).

The stored dose depends on the computer's time zone and the slot hours
(:data:`~oxytimer.domain.schedule.DEFAULT_SLOT_HOURS`): :func:`signature` records both,
and under another one the dose is computed from the records.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Collection, Iterable, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Final

from oxytimer.storage.analysis import (
    DESIGNS,
    GROUPED_COLUMNS,
    STALE,
    AnalysisFilter,
    Reader,
    grouped_sql,
)

if TYPE_CHECKING:
    from oxytimer.storage.database import Database
    from oxytimer.storage.session_records import SessionRecords

FAR_FUTURE: Final = 253402300799
"""9999-12-31T23:59:59Z in epoch seconds: "now" for the stored dose."""

FEW: Final = 500
"""Up to this many mothers computed from their records, the dose query looks each up."""

_DOSE_COLUMNS: Final = (
    "mother_id, enrolled, offset_seconds, follow_up_end, slots_touched, slots_done,"
    " slots_after_enrolment, last_slot_end"
)
_SLOT_END: Final = "day * 86400 - mu.off + CASE slot WHEN 'morning' THEN :mend ELSE :eend END"


def _windows(end: str) -> str:
    """How many windows ending at hour ``end`` (seconds) fall after her enrolment and no
    later than ``until``: :func:`~oxytimer.domain.adherence.windows_ending_between`'s
    closed form (times after 1970: SQLite's division rounds down)."""
    return (
        f"max(0, (until + offset_seconds - {end}) / 86400"
        f" - (enrolled + offset_seconds - {end}) / 86400)"
    )


def stored_adherence_sql(now: int, hours: Mapping[str, tuple[int, int]]) -> str:
    """Each stored dose row's ``mother_id``, slots ``done`` and ``scheduled`` at ``now``
    (epoch seconds), and whether they ``hold``: not for a mother seen in a slot that
    ends after her follow-up so far (her records say). Stale rows are not left out here.
    The numbers are written into the SQL (integers), so that it joins any query."""
    from oxytimer.domain.records import Slot

    morning, evening = (str(int(hours[slot][1]) * 3600) for slot in (Slot.MORNING, Slot.EVENING))
    return f"""
SELECT mother_id, slots_done AS done,
       slots_touched + {_windows(morning)} + {_windows(evening)} - slots_after_enrolment
           AS scheduled,
       (until = max(enrolled, follow_up_end) OR last_slot_end IS NULL OR last_slot_end <= until)
           AS holds
FROM (SELECT *, max(enrolled, min(follow_up_end, {int(now)})) AS until FROM summary_dose)
"""


def signature() -> str:
    """What the stored dose depends on besides the records: the slot hours and this
    computer's UTC offsets (every 1 January and 1 July from 2000 to 2060)."""
    from oxytimer.domain.schedule import DEFAULT_SLOT_HOURS

    offsets = [
        time.localtime(datetime(year, month, 1, tzinfo=UTC).timestamp()).tm_gmtoff
        for year in range(2000, 2061)
        for month in (1, 7)
    ]
    hours = {str(k): list(v) for k, v in sorted(DEFAULT_SLOT_HOURS.items())}
    return json.dumps({"hours": hours, "offsets": offsets}, sort_keys=True)


def has_summary_table(db: Reader) -> bool:
    """Whether ``db`` has the stored summary (migration 0009)."""
    row = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'summary_state'"
    ).fetchone()
    return row is not None


def stale_count(db: Database) -> int:
    """How many mothers' stored summary rows are out of date."""
    return int(db.execute("SELECT count(*) FROM summary_stale").fetchone()[0])


def refresh(repo: SessionRecords, *, everything: bool = False) -> int:
    """Bring the stored rows of every stale mother up to date, in one transaction.

    Args:
        repo: A repository open for writing.
        everything: Recompute every mother (also done when the time zone or the slot
            hours differ from the stored ones).

    Returns:
        How many mothers were refreshed.
    """
    from oxytimer.domain.schedule import DEFAULT_SLOT_HOURS

    db = repo.db
    current = signature()
    with db.atomic():
        row = db.execute("SELECT signature FROM summary_state WHERE id = 1").fetchone()
        if everything or row is None or row[0] != current:
            db.execute(
                "INSERT INTO summary_stale (mother_id) SELECT id FROM mothers WHERE true"
                " ON CONFLICT DO NOTHING"
            )
        count = stale_count(db)
        if count:
            db.execute(f"DELETE FROM summary_pairing WHERE mother_id IN {STALE}")
            columns = ", ".join(GROUPED_COLUMNS)
            for design in DESIGNS:
                params: list[object] = [design]
                grouped = grouped_sql(AnalysisFilter(design=design), params, STALE)
                db.execute(
                    f"INSERT INTO summary_pairing (design, {columns})"
                    f" SELECT ?, {columns} FROM ({grouped})",
                    params,
                )
            db.execute(f"DELETE FROM summary_dose WHERE mother_id IN {STALE}")
            sql, named = repo.dose_sql(
                DEFAULT_SLOT_HOURS,
                FAR_FUTURE,
                mother_set=STALE,
                extra="mu.end_at, slots.last_end, ",
                extra_slots=f", max({_SLOT_END}) AS last_end",
                slots_only=True,
            )
            rows = [
                (r[2], r[6], r[8], r[0], r[9], r[11], r[10], r[1])
                for r in db.execute(sql, named).fetchall()
            ]
            db.conn.executemany(
                f"INSERT INTO summary_dose ({_DOSE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            db.execute("DELETE FROM summary_stale")
        db.execute(
            "INSERT INTO summary_state (id, signature) VALUES (1, ?)"
            " ON CONFLICT (id) DO UPDATE SET signature = excluded.signature",
            [current],
        )
    return count


def adherence_of(repo: SessionRecords, mother_ids: Iterable[str]) -> dict[str, float | None]:
    """The registry's adherence (:attr:`Dose.adherence`) of the ``mother_ids`` now.

    From the stored rows where they are current and still hold at this time; from the
    records (:meth:`SessionRecords.dose_rows`) for the others: stale mothers, and those
    seen in a slot that ends after their follow-up so far.
    """
    from oxytimer.domain.schedule import DEFAULT_SLOT_HOURS

    wanted = set(mother_ids)
    db = repo.db
    if not stored_dose_current(db):
        return {r.mother_id: r.dose.adherence for r in repo.dose_rows() if r.mother_id in wanted}
    now = math.floor(repo.clock.now_utc().timestamp())
    out: dict[str, float | None] = {}
    for mother_id, done, scheduled in db.execute(
        f"SELECT mother_id, done, scheduled FROM ({stored_adherence_sql(now, DEFAULT_SLOT_HOURS)})"
        f" WHERE holds AND mother_id NOT IN {STALE}"
    ):
        if mother_id in wanted:  # (as Dose.adherence computes it)
            out[mother_id] = done / scheduled if scheduled else None
    out.update(adherence_from_records(repo, [m for m in wanted if m not in out]))
    return out


def stored_dose_current(db: Reader) -> bool:
    """Whether the stored dose rows were made under this computer's time zone and the
    default slot hours (:func:`signature`); if not, adherence comes from the records."""
    if not has_summary_table(db):
        return False
    state = db.execute("SELECT signature FROM summary_state WHERE id = 1").fetchone()
    return state is not None and state[0] == signature()


def adherence_from_records(
    repo: SessionRecords, mother_ids: Collection[str]
) -> dict[str, float | None]:
    """The adherence of the ``mother_ids`` from their records (:meth:`dose_rows`): a
    lookup each for a few, one pass over everyone for many. Mothers the registry does
    not follow are left out."""
    wanted = set(mother_ids)
    if len(wanted) > FEW:  # one pass over everyone rather than a lookup per mother
        return {r.mother_id: r.dose.adherence for r in repo.dose_rows() if r.mother_id in wanted}
    if wanted:
        return {r.mother_id: r.dose.adherence for r in repo.dose_rows(mother_ids=sorted(wanted))}
    return {}
