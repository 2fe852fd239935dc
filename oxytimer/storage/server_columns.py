"""The summary on a study server from its stored per-mother rows, as columns (issue 15).

Two queries over ``summary_pairing`` (storage/server_summary_table.py), run at the same
time on two connections that see the same snapshot: one sends each analysed mother's
numbers (pre, post, sessions, completed, seconds, adherence, and her age, main caregiver,
site and occupation as codes for Tables 1–2) in a binary COPY read straight into numpy;
the other sums the exclusions per distinct versions list and scales (a few rows). No
Python object per mother, and no sorting on the server: the figures do not depend on the
order (see domain/stats.py). Her texts (study code, site, id), in the order of the pairs,
are read only when the summary lists its pairs (``--format csv``, the app).

Used for the ``first-last`` and ``means`` rules without filters on sessions (caregiver,
protocol or instrument version: the stored rows aggregate every session of a design);
otherwise :func:`oxytimer.storage.analysis.pair_in_database` pairs from the records.
Results are those of a SQLite file holding the same records (tests compare them).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Final

from oxytimer.domain.pairing import (
    ABORTED,
    AWAITING_POST,
    INTERRUPTED,
    NO_POST_SCORE,
    SCREENED_OUT,
    VOIDED,
    PairingRule,
    Scale,
)
from oxytimer.domain.records import Caregiver, Occupation
from oxytimer.storage.analysis import (
    POSTGRESQL,
    AnalysisFilter,
    _mother_where,
    _parse_scale,
    _unlisted,
    _versions,
    design_warnings,
    resolve_design,
    stored_summary_usable,
)
from oxytimer.storage.server_summary_table import DOSE_COLUMNS, grouped_rows_sql, signature

if TYPE_CHECKING:
    from oxytimer.domain.clock import Clock
    from oxytimer.domain.instrument import Instrument
    from oxytimer.domain.summary import Summary, SummaryColumns
    from oxytimer.storage.server_analysis import ServerReader

_STALE: Final = "(SELECT mother_id FROM summary_stale)"
_ORDER: Final = 'ORDER BY site_code COLLATE "C", study_code COLLATE "C"'
"""The order of the pairs (pair_in_database's)."""


def usable(reader: ServerReader, flt: AnalysisFilter, rule: PairingRule) -> bool:
    """Whether the stored rows answer this summary: a per-mother rule, no session filter,
    and a server that has them (set up by this version's ``server init``)."""
    if rule is PairingRule.SESSIONS or not stored_summary_usable(flt):
        return False
    found = reader.execute("SELECT to_regclass('summary_pairing')").fetchone()
    return found is not None and found[0] is not None


def _rows_sql(design: str, params: list[Any], flt: AnalysisFilter, columns: tuple[str, ...]) -> str:
    """The ``columns`` (and ``stale``) of every followed mother with a record of
    ``design`` that passes ``flt``: her stored row, or her records' when she is stale
    (then without her dose)."""
    needed = (*columns, "status", "site_code")
    if flt.enrolled_from or flt.enrolled_to:
        needed += ("enrolled_at",)
    chosen = ", ".join(dict.fromkeys(needed))
    params.append(design)
    rows = (
        f"SELECT {chosen}, false AS stale FROM summary_pairing"
        f" WHERE design = ? AND mother_id NOT IN {_STALE}"
        f" UNION ALL SELECT {chosen}, true FROM ({grouped_rows_sql(design, _STALE)}) AS r"
    )
    where = _mother_where(flt, params, POSTGRESQL)
    where = where.replace("s.code", "m.site_code")
    status = "m.status != 'screened_out'"
    where = f"{where} AND {status}" if where else f"WHERE {status}"
    return f"SELECT * FROM ({rows}) AS m {where}"


def _figures_sql(rows: str, rule: PairingRule) -> str:
    """One row per distinct versions list and scales of the mothers of ``rows``, with
    how many are analysed and their exclusion counts (summed over the rows: the totals).
    (Few rows: every mother of a study mostly has the same.)"""
    if rule is PairingRule.FIRST_LAST:
        scales = "pre_scale, post_scale"
        unfinished = "n_pairs > 0 AND NOT first_paired"
    else:
        scales = "pre_scales, post_scales"
        unfinished = "false"
    return f"""
SELECT versions, {scales}, count(*) FILTER (WHERE n_pairs > 0),
    sum(n_voided), sum(n_interrupted), sum(n_aborted), sum(n_awaiting),
    count(*) FILTER (WHERE n_pairs = 0),
    count(*) FILTER (WHERE {unfinished}),
    count(*) FILTER (WHERE {unfinished} AND first_status IN ('interrupted', 'incomplete')),
    count(*) FILTER (WHERE {unfinished} AND first_status = 'aborted'),
    count(*) FILTER (WHERE {unfinished} AND first_status = 'awaiting_post')
FROM ({rows}) AS f
GROUP BY versions, {scales}
"""


def _codes(values: tuple[str, ...], column: str) -> str:
    """``column``'s position in ``values`` (1, 2 ...), 0 for NULL or '', -1 for another."""
    listed = ", ".join("'" + v.replace("'", "''") + "'" for v in values)
    return (
        f"CAST(CASE WHEN coalesce({column}, '') = '' THEN 0 ELSE"
        f" coalesce(array_position(CAST(ARRAY[{listed}] AS text[]), {column}), -1) END"
        " AS double precision)"
    )


_VECTOR_COLUMNS: Final = (
    "pre",
    "post",
    "n_pairs",
    "sessions",
    "completed",
    "seconds",
    "dose",
    "age",
    "caregiver",
    "site",
    "occupation",
)


def _with_dose(rows: str, now: int, columns: str) -> str:
    """``columns`` of the analysed ones of ``rows``, which may name ``dose``: her
    adherence now from her stored dose (NaN: none), or -1 when it must be computed from
    her records (stale, or seen in a slot that ends after her follow-up so far)."""
    from oxytimer.domain.records import Slot
    from oxytimer.domain.schedule import DEFAULT_SLOT_HOURS

    morning = DEFAULT_SLOT_HOURS[Slot.MORNING][1] * 3600
    evening = DEFAULT_SLOT_HOURS[Slot.EVENING][1] * 3600

    def windows(end: int) -> str:  # summary_table._windows, in PostgreSQL's words
        return (
            f"GREATEST(0, (until + offset_seconds - {end}) / 86400"
            f" - (enrolled + offset_seconds - {end}) / 86400)"
        )

    scheduled = f"(slots_touched + {windows(morning)} + {windows(evening)} - slots_after_enrolment)"
    holds = (
        "(until = GREATEST(enrolled, follow_up_end) OR last_slot_end IS NULL"
        " OR last_slot_end <= until)"
    )
    dose = (
        f"CASE WHEN stale OR enrolled IS NULL OR NOT {holds} THEN -1"
        f" WHEN {scheduled} > 0 THEN CAST(slots_done AS double precision) / {scheduled}"
        " ELSE 'NaN' END"
    )
    return (
        f"SELECT {columns} FROM (SELECT *, CAST({dose} AS double precision) AS dose"
        f" FROM (SELECT *, GREATEST(enrolled, LEAST(follow_up_end, {int(now)})) AS until"
        f" FROM ({rows}) AS r) AS u) AS m WHERE n_pairs > 0"
    )


def _vectors_sql(
    rows: str, rule: PairingRule, now: int, sites: tuple[str, ...], *, ordered: bool
) -> str:
    """Each analysed mother's numbers (:data:`_VECTOR_COLUMNS`, all double precision and
    never NULL: see :func:`_with_dose`; age NaN when not recorded; caregiver, site and
    occupation as :func:`_codes` in :data:`CAREGIVER_CODES`, ``sites`` and
    :data:`OCCUPATION_CODES`), in the order of the pairs when ``ordered`` (else as the
    server reads them: the figures do not depend on it, see stats._describe)."""
    if rule is PairingRule.FIRST_LAST:
        pre, post = "pre_value", "post_value"
    else:
        pre, post = "pre_sum / n_pairs", "post_sum / n_pairs"
    columns = (
        f"{pre}, {post}, CAST(n_pairs AS double precision), CAST(n - n_voided AS double"
        " precision), CAST(n_completed AS double precision), seconds, dose,"
        " coalesce(CAST(age AS double precision), 'NaN'),"
        f" {_codes(CAREGIVER_CODES, 'main_caregiver')}, {_codes(sites, 'site_code')},"
        f" {_codes(OCCUPATION_CODES, 'occupation')}"
    )
    query = _with_dose(rows, now, columns)
    return f"COPY ({query} {_ORDER if ordered else ''}) TO STDOUT (FORMAT binary)"


def _read_binary(data: bytes, width: int) -> Any:
    """The columns of a binary COPY of ``width`` double precision columns, none NULL."""
    import numpy as np

    fields: list[tuple[str, str]] = [("count", ">i2")]
    for i in range(width):
        fields += [(f"length{i}", ">i4"), (f"v{i}", ">f8")]
    row = np.dtype(fields)
    header = 11 + 4 + 4 + int.from_bytes(data[15:19], "big")
    body = data[header:-2]  # the trailer: -1 as a field count
    table = np.frombuffer(body, dtype=row)
    return [table[f"v{i}"].astype(np.float64) for i in range(width)]


def _copy_bytes(reader: ServerReader, sql: str, params: Any) -> bytes:
    sql, params = reader.prepared(sql, params)
    chunks = []
    with reader.conn.cursor() as cursor, cursor.copy(sql, params) as copy:
        for chunk in copy:
            chunks.append(bytes(chunk))
    return b"".join(chunks)


def _copy_lines(reader: ServerReader, sql: str, params: Any) -> list[list[str]]:
    text = _copy_bytes(reader, sql, params).decode("utf-8")
    return [line.split("\t") for line in text.splitlines()]


def _screened_out(reader: ServerReader, flt: AnalysisFilter) -> int:
    params: list[Any] = []
    where = _mother_where(flt, params, POSTGRESQL)
    status = "m.status = 'screened_out'"
    where = f"{where} AND {status}" if where else f"WHERE {status}"
    row = reader.execute(
        f"SELECT count(*) FROM mothers m JOIN sites s ON s.id = m.site_id {where}", params
    ).fetchone()
    return int(row[0])


def _adherence(
    reader: ServerReader,
    clock: Clock,
    rows: str,
    params: list[Any],
    dose: Any,
    ids: list[str] | None,
) -> list[float | None]:
    """Each analysed mother's adherence: ``dose`` (from the stored rows, NaN for none),
    where -1 (or everywhere, in a time zone other than the stored one) from her records.

    With ``ids`` (the mothers in the order of ``dose``) in that order; without them the
    mothers from the records come last (their order is not needed: only the figures
    are made).
    """
    import numpy as np

    from oxytimer.storage.server_analysis import server_doses

    now = math.floor(clock.now_utc().timestamp())
    if not _stored_zone_current(reader):
        dose = np.full(dose.shape, -1.0)
    missing = np.flatnonzero(dose < 0)
    values: list[float | None] = [None if math.isnan(a) else a for a in dose.tolist()]
    if not missing.size:
        return values
    if ids is not None:
        wanted = [ids[i] for i in missing.tolist()]
    elif missing.size == dose.size:
        wanted = [r[0] for r in reader.execute(f"{_with_dose(rows, now, 'mother_id')}", params)]
    else:
        wanted = [
            r[0]
            for r in reader.execute(f"{_with_dose(rows, now, 'mother_id')} AND dose = -1", params)
        ]
    doses = server_doses(reader, clock, wanted)
    found = [doses[m].adherence if m in doses else None for m in wanted]
    if ids is not None:
        for i, adherence in zip(missing.tolist(), found, strict=True):
            values[i] = adherence
        return values
    kept = np.delete(np.asarray(values, dtype=object), missing).tolist()
    return [*kept, *found]


def _stored_zone_current(reader: ServerReader) -> bool:
    """Whether the stored dose was counted in this connection's time zone and hours."""
    row = reader.execute(
        "SELECT zone, signature, current_setting('TimeZone') FROM summary_state WHERE id = 1"
    ).fetchone()
    return row is not None and row[0] == row[2] and row[1] == signature(row[0])


_FIGURE_SOURCE: Final = (
    "versions",
    "pre_scale",
    "post_scale",
    "pre_scales",
    "post_scales",
    "n_pairs",
    "n_voided",
    "n_interrupted",
    "n_aborted",
    "n_awaiting",
    "first_paired",
    "first_status",
)
CAREGIVER_CODES: Final = (*(c.value for c in Caregiver), "unknown")
OCCUPATION_CODES: Final = tuple(o.value for o in Occupation)

_VECTOR_SOURCE: Final = (
    "age",
    "main_caregiver",
    "occupation",
    "pre_value",
    "post_value",
    "pre_sum",
    "post_sum",
    "n_pairs",
    "n",
    "n_voided",
    "n_completed",
    "seconds",
    "mother_id",
    "study_code",
    *DOSE_COLUMNS,
)
"""The stored columns each of the two queries reads (a narrow row is read faster)."""


def _numbers(
    reader: ServerReader,
    flt: AnalysisFilter,
    rule: PairingRule,
    clock: Clock,
    sites: tuple[str, ...],
    *,
    ordered: bool,
) -> Any:
    """The analysed mothers' :data:`_VECTOR_COLUMNS` as numpy arrays (one binary COPY)."""
    assert flt.design is not None
    params: list[Any] = []
    rows = _rows_sql(flt.design, params, flt, _VECTOR_SOURCE)
    now = math.floor(clock.now_utc().timestamp())
    data = _copy_bytes(reader, _vectors_sql(rows, rule, now, sites, ordered=ordered), params)
    return _read_binary(data, len(_VECTOR_COLUMNS))


def _counted(codes: Any, values: tuple[Any, ...]) -> Counter[Any]:
    """How many of ``codes`` (:func:`_codes`) there are of each value (0: None)."""
    import numpy as np

    found, counts = np.unique(codes, return_counts=True)
    out: Counter[Any] = Counter()
    for code, count in zip(found.tolist(), counts.tolist(), strict=True):
        if code < 0:  # (the server's CHECK allows no such value)
            raise ValueError("a value this version of oxytimer does not know")
        out[None if code == 0 else values[int(code) - 1]] += count
    return out


def stored_columns(
    reader: ServerReader,
    flt: AnalysisFilter,
    rule: PairingRule,
    clock: Clock,
    *,
    per_unit: bool,
) -> SummaryColumns:
    """The summary's columns from the stored rows (see :func:`usable`); ``flt`` has its
    design resolved. ``per_unit``: also each pair's texts (for its CSV, the app)."""
    import numpy as np

    from oxytimer.domain.summary import SummaryColumns

    assert flt.design is not None
    params: list[Any] = []
    rows = _rows_sql(flt.design, params, flt, _FIGURE_SOURCE)
    sites = tuple(r[0] for r in reader.execute("SELECT code FROM sites ORDER BY code"))
    # The server counts (one query) and sends the numbers (another) at the same time, on
    # two connections that see the same snapshot.
    other = reader.sibling()
    try:
        with ThreadPoolExecutor(1) as pool:
            counting = pool.submit(
                lambda: other.execute(_figures_sql(rows, rule), params).fetchall()
            )
            numbers = _numbers(reader, flt, rule, clock, sites, ordered=per_unit)
            figures = counting.result()
    finally:
        other.close()

    excluded: Counter[str] = Counter()
    scales: set[Scale] = set()
    protocols: set[str] = set()
    instruments: set[str] = set()
    from_unfinished = 0
    for row in figures:
        (versions, pre_scale, post_scale, analysed, voided, interrupted, aborted) = row[:7]
        (awaiting, no_post, unfinished, from_interrupted, from_aborted, from_awaiting) = row[7:]
        excluded[VOIDED] += int(voided or 0)
        excluded[INTERRUPTED] += int(interrupted or 0) - from_interrupted
        excluded[ABORTED] += int(aborted or 0) - from_aborted
        excluded[AWAITING_POST] += int(awaiting or 0) - from_awaiting
        excluded[NO_POST_SCORE] += no_post
        from_unfinished += unfinished
        if not analysed:
            continue
        found_protocols, found_instruments = _versions(versions)
        protocols.update(found_protocols)
        instruments.update(found_instruments)
        if rule is PairingRule.FIRST_LAST:
            scales.update(_parse_scale(t, None) for t in (pre_scale, post_scale))
        else:
            scales.update(_parse_scale(t, None) for t in _unlisted(pre_scale))
            scales.update(_parse_scale(t, None) for t in _unlisted(post_scale))
    excluded[SCREENED_OUT] += _screened_out(reader, flt)

    params = []
    rows = _rows_sql(flt.design, params, flt, _VECTOR_SOURCE)
    pre, post, n_pairs, sessions, completed, seconds, dose, age, giver, site, job = numbers
    ages: Counter[int | None] = Counter()
    found, counts = np.unique(age, return_counts=True)  # (NaN: one each, counted as None)
    for value, count in zip(found.tolist(), counts.tolist(), strict=True):
        ages[None if math.isnan(value) else int(value)] += count
    ids: list[str] | None = None
    codes: list[str] | None = None
    site_of: list[str] | None = None
    if per_unit:
        listed = _copy_lines(
            reader,
            f"COPY (SELECT mother_id, study_code, site_code FROM ({rows}) AS m"
            f" WHERE n_pairs > 0 {_ORDER}) TO STDOUT",
            params,
        )
        ids = [r[0] for r in listed]
        codes = [r[1] for r in listed]
        site_of = [r[2] for r in listed]
    adherence = _adherence(reader, clock, rows, params, dose, ids)
    return SummaryColumns(
        rule=rule,
        pre=pre.tolist(),
        post=post.tolist(),
        excluded=dict(sorted((k, v) for k, v in excluded.items() if v)),
        not_independent=False,
        baseline_from_unfinished=from_unfinished,
        scales=frozenset(scales),
        ages=ages,
        occupations=_counted(job, OCCUPATION_CODES),
        main_caregivers=_counted(giver, CAREGIVER_CODES),
        sites=_counted(site, sites),
        sessions=sessions.astype(np.int64).tolist(),
        completed=completed.astype(np.int64).tolist(),
        seconds=seconds.tolist(),
        adherence=adherence,
        protocol_versions=frozenset(protocols),
        instrument_versions=frozenset(instruments),
        units=codes if per_unit else None,
        pair_sites=site_of if per_unit else None,
        pair_mother_ids=ids if per_unit else None,
        pair_sessions=n_pairs.astype(np.int64).tolist() if per_unit else None,
        mother_ids=ids if per_unit else None,
        study_codes=codes if per_unit else None,
    )


def stored_summary(
    reader: ServerReader,
    flt: AnalysisFilter | None,
    rule: PairingRule | str,
    clock: Clock,
    *,
    instrument: Instrument | None,
    versions: Mapping[str, Any] | None,
    source_name: str,
    per_unit: bool,
) -> Summary | None:
    """The summary from the stored rows, or None when they cannot answer it (see
    :func:`usable`)."""
    from oxytimer.domain.summary import summarise_columns

    flt = resolve_design(reader, flt or AnalysisFilter())
    rule = PairingRule(rule)
    if not usable(reader, flt, rule):
        return None
    summary = summarise_columns(
        stored_columns(reader, flt, rule, clock, per_unit=per_unit),
        instrument=instrument,
        filters=flt.describe(),
        versions=versions,
        source_name=source_name,
    )
    notes = design_warnings(reader, flt)  # first: which measurement this is
    return replace(summary, warnings=(*notes, *summary.warnings)) if notes else summary
