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

Migration 0011 adds ``summary_cells`` (each mother's sessions of a design per caregiver,
protocol and instrument version, for the filters on sessions: see
:func:`stored_grouped_sql`) and ``summary_mothers`` (her fields and her site's code, so
that a summary with no stale mother reads no mothers' rows).

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
    ASSESSMENTS,
    CELL_KEYS,
    DESIGNS,
    GROUPED_COLUMNS,
    STALE,
    AnalysisFilter,
    Reader,
    _in,
    exact_sql,
    grouped_sql,
    stored_summary_usable,
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
    """Whether ``db`` has the whole stored summary (migrations 0010 and 0011). A file of
    an earlier version read where it cannot be upgraded (a read-only stick) has part or
    none of it, and is summarised from its records."""
    row = db.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
        " AND name IN ('summary_state', 'summary_cells', 'summary_mothers')"
    ).fetchone()
    return bool(row[0] == 3)


def some_stale(db: Reader) -> bool:
    """Whether any mother's stored summary rows are out of date."""
    return db.execute("SELECT 1 FROM summary_stale LIMIT 1").fetchone() is not None


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
            _refresh_cells(db)
            db.execute(f"DELETE FROM summary_mothers WHERE id IN {STALE}")
            db.execute(
                f"INSERT INTO summary_mothers ({MOTHER_COLUMNS})"
                " SELECT m.id, s.code, m.study_code, m.status, m.age, m.occupation,"
                " m.enrolled_at FROM mothers m JOIN sites s ON s.id = m.site_id"
                f" WHERE m.id IN {STALE}"
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


MOTHER_COLUMNS: Final = "id, site_code, study_code, status, age, occupation, enrolled_at"
"""The columns of ``summary_mothers`` (migration 0011): a mother's as in ``mothers``, her
site's code as ``site_code``."""

_CELL_COLUMNS: Final = ", ".join(GROUPED_COLUMNS[:1] + CELL_KEYS + GROUPED_COLUMNS[1:])


def _refresh_cells(db: Database) -> None:
    """The stale mothers' ``summary_cells`` (migration 0011), in the transaction of
    :func:`refresh`: her sessions of each design grouped per caregiver, protocol and
    instrument version (:func:`grouped_sql` with ``cells``); for the assessments, the
    massage time of her non-voided sessions per caregiver and protocol version."""
    db.execute(f"DELETE FROM summary_cells WHERE mother_id IN {STALE}")
    count = "count(*) OVER (PARTITION BY mother_id)"
    for design in DESIGNS:
        params: list[object] = [design]
        if design == ASSESSMENTS:
            source = (
                "SELECT mother_id, caregiver, protocol_version, '' AS instrument_version,"
                " total(massage_seconds) AS seconds,"
                f" min({exact_sql('massage_seconds')}) AS exact FROM sessions"
                f" WHERE voided = 0 AND mother_id IN {STALE}"
                " GROUP BY mother_id, caregiver, protocol_version"
            )
            columns = "mother_id, caregiver, protocol_version, instrument_version, seconds"
        else:
            source = grouped_sql(AnalysisFilter(design=design), params, STALE, cells=True)
            columns = _CELL_COLUMNS
        db.execute(
            f"INSERT INTO summary_cells (design, {columns}, exact, cells)"
            f" SELECT ?, {columns}, exact, {count} FROM ({source})",
            params,
        )


def _json_literal(values: Collection[str]) -> str:
    """``values`` as an SQL literal of a JSON array (for ``json_each``)."""
    text = json.dumps(sorted(values))
    return "'" + text.replace("'", "''") + "'"


def _cell_where(flt: AnalysisFilter, params: list[object]) -> str:
    """The cells ``flt`` chooses (its design's; stale mothers' left to their records)."""
    where = ["design = ?", f"mother_id NOT IN {STALE}"]
    params.append(flt.design)
    chosen = [flt.caregivers, flt.protocol_versions, flt.instrument_versions]
    if flt.design == ASSESSMENTS:  # (the assessments' own version: see below)
        chosen[2] = None
    for key, values in zip(CELL_KEYS, chosen, strict=True):
        if values:
            where.append(_in(key, values, params))
    return " AND ".join(where)


_SUMMED: Final = {"seconds", "pre_sum", "post_sum"}


def _cells_sum(column: str) -> str:
    if column in _SUMMED:
        return f"total({column}) AS {column}"
    if column == "first_pre":
        return "min(first_pre) AS first_pre"
    if column == "last_post":
        return "max(last_post) AS last_post"
    if column in ("versions", "pre_scales", "post_scales"):
        return f"group_concat({column}) AS {column}"  # lists: read as sets
    return f"sum({column}) AS {column}"


def stored_grouped_sql(db: Reader, flt: AnalysisFilter, params: list[object]) -> str:
    """:func:`grouped_sql` for every mother (SQLite), from the stored rows where they
    answer ``flt``; the records of the others (stale mothers, and under a filter on
    sessions those whose chosen cells cannot be added exactly).

    Without a filter on sessions, the stored per-mother rows. With one, each mother's
    chosen cells (``summary_cells``): all her cells chosen, her stored row as it is;
    some, the cells added up when every sum in them is exact (in any order), else her
    records. For the assessments the baseline and end assessment's row is kept and the
    chosen sessions' caregiver, protocol version and massage time put in; a filter on
    the instrument version keeps the mothers whose baseline and end have one version
    among the chosen (a mother with two is read from her records).
    """
    if not has_summary_table(db):
        return grouped_sql(flt, params)
    columns = ", ".join(GROUPED_COLUMNS)
    some_stale = db.execute("SELECT 1 FROM summary_stale LIMIT 1").fetchone() is not None
    if stored_summary_usable(flt):
        params.append(flt.design)
        stored = (
            f"SELECT {columns} FROM summary_pairing WHERE design = ? AND mother_id NOT IN {STALE}"
        )
        return f"{stored} UNION ALL {grouped_sql(flt, params, STALE)}" if some_stale else stored

    cell_params: list[object] = []
    chosen = f"SELECT * FROM summary_cells WHERE {_cell_where(flt, cell_params)}"
    from_records: set[str] = set()
    uniform = ""
    version_params: list[object] = []
    if flt.design == ASSESSMENTS and flt.instrument_versions:
        versions = (
            "SELECT mother_id, count(DISTINCT instrument_version) AS k,"
            " max(instrument_version) AS version FROM assessments"
            " WHERE voided = 0 AND kind IN ('baseline', 'end') GROUP BY mother_id"
        )
        from_records.update(
            r[0] for r in db.execute(f"SELECT mother_id FROM ({versions}) WHERE k > 1")
        )
        uniform = (
            f" JOIN ({versions}) v ON v.mother_id = p.mother_id AND v.k = 1"
            f" AND {_in('v.version', flt.instrument_versions, version_params)}"
        )
    session_filter = bool(flt.caregivers or flt.protocol_versions)
    if flt.design == ASSESSMENTS and not session_filter:
        sql = (
            f"SELECT {', '.join('p.' + c for c in GROUPED_COLUMNS)} FROM summary_pairing p"
            f"{uniform} WHERE p.design = ? AND p.mother_id NOT IN {STALE}"
        )
        params.extend([*version_params, flt.design])
    else:
        if flt.design == ASSESSMENTS:
            picked = (
                "max(caregiver) AS caregiver, max(protocol_version) AS protocol_version,"
                " total(seconds) AS seconds"
            )
        else:
            picked = ", ".join(_cells_sum(c) for c in GROUPED_COLUMNS[1:])
        mothers = (
            f"SELECT mother_id, count(*) = max(cells) AS whole, min(exact) AS exact, {picked}"
            f" FROM ({chosen}) GROUP BY mother_id"
        )
        from_records.update(
            r[0]
            for r in db.execute(
                f"SELECT mother_id FROM ({mothers}) WHERE NOT whole AND NOT exact",
                cell_params,
            )
        )
        whole = ", ".join("p." + c for c in GROUPED_COLUMNS)
        if flt.design == ASSESSMENTS:
            # Her one pseudo-session: counted for the chosen sessions' greatest caregiver,
            # versioned with their greatest protocol version (greatest, as the records).
            patched = [
                *(f"p.{c}" for c in GROUPED_COLUMNS[:3]),
                "m.seconds",
                *(f"p.{c}" for c in GROUPED_COLUMNS[4:8]),
                *(
                    f"CASE WHEN m.caregiver = '{c[2:]}' THEN p.n_completed ELSE 0 END"
                    for c in GROUPED_COLUMNS[8:12]
                ),
                "replace(m.protocol_version, ',', char(28))"
                " || substr(p.versions, instr(p.versions, char(31)))",
                *(f"p.{c}" for c in GROUPED_COLUMNS[13:]),
            ]
            join = f"JOIN summary_pairing p ON p.design = ? AND p.mother_id = m.mother_id{uniform}"
            sql = (
                f"WITH m AS ({mothers}) SELECT {whole} FROM m {join} WHERE m.whole"
                f" UNION ALL SELECT {', '.join(patched)} FROM m {join}"
                " WHERE NOT m.whole AND m.exact"
            )
            params.extend([*cell_params, flt.design, *version_params])
            params.extend([flt.design, *version_params])
        else:
            sql = (
                f"WITH m AS ({mothers}) SELECT {whole} FROM m JOIN summary_pairing p"
                " ON p.design = ? AND p.mother_id = m.mother_id WHERE m.whole"
                f" UNION ALL SELECT {columns} FROM m WHERE NOT m.whole AND m.exact"
            )
            params.extend([*cell_params, flt.design])
    if not from_records and not some_stale:
        return sql
    recompute = STALE
    if from_records:
        recompute = (
            f"(SELECT mother_id FROM summary_stale UNION ALL"
            f" SELECT value FROM json_each({_json_literal(from_records)}))"
        )
    return f"{sql} UNION ALL {grouped_sql(flt, params, recompute)}"


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
