"""The summary on a study server from its stored per-mother rows, as columns (issue 15).

The server aggregates (excluded counts, Tables 1–2, the versions and scales seen) in one
query over ``summary_pairing`` (storage/server_summary_table.py), and sends each analysed
mother's numbers (pre, post, sessions, completed, seconds, adherence) in one binary COPY
read straight into numpy: no Python object per mother. Her texts (study code, site, id)
are read only when the summary must list its pairs (``--format csv``, the app).

Used for the ``first-last`` and ``means`` rules without filters on sessions (caregiver,
protocol or instrument version: the stored rows aggregate every session of a design);
otherwise :func:`oxytimer.storage.analysis.pair_in_database` pairs from the records.
Results are those of a SQLite file holding the same records (tests compare them).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
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
from oxytimer.storage.analysis import (
    CAREGIVERS,
    GROUPED_COLUMNS,
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
from oxytimer.storage.server_summary_table import MOTHER_COLUMNS, grouped_rows_sql, signature

if TYPE_CHECKING:
    from oxytimer.domain.clock import Clock
    from oxytimer.domain.instrument import Instrument
    from oxytimer.domain.summary import Summary, SummaryColumns
    from oxytimer.storage.server_analysis import ServerReader

_SEP: Final = "chr(31)"
_STALE: Final = "(SELECT mother_id FROM summary_stale)"


def _part(column: str, n: int) -> str:
    return f"split_part({column}, {_SEP}, {n})"


_FIRST_PAIRED: Final = f"({_part('first_pre', 5)} = '1')"
_FIRST_STATUS: Final = _part("first_pre", 4)

_MAIN_CAREGIVER: Final = (
    "CASE "
    + "".join(
        f"WHEN c_{c} > 0 AND c_{c} = GREATEST({', '.join(f'c_{g}' for g in CAREGIVERS)})"
        f" THEN '{c}' "
        for c in CAREGIVERS
    )
    + "ELSE 'unknown' END"
)
"""Who gave most of her completed sessions, a tie to the first in vocabulary order
(:func:`oxytimer.domain.summary.main_caregiver`)."""


def usable(reader: ServerReader, flt: AnalysisFilter, rule: PairingRule) -> bool:
    """Whether the stored rows answer this summary: a per-mother rule, no session filter,
    and a server that has them (set up by this version's ``server init``)."""
    if rule is PairingRule.SESSIONS or not stored_summary_usable(flt):
        return False
    found = reader.execute("SELECT to_regclass('summary_pairing')").fetchone()
    return found is not None and found[0] is not None


def _rows_sql(design: str, params: list[Any], flt: AnalysisFilter) -> str:
    """Every followed mother with a record of ``design`` that passes ``flt``: her stored
    row, or her records' when she is stale; ``stale`` says which."""
    columns = ", ".join([*MOTHER_COLUMNS, *GROUPED_COLUMNS])
    params.append(design)
    rows = (
        f"SELECT {columns}, false AS stale FROM summary_pairing"
        f" WHERE design = ? AND mother_id NOT IN {_STALE}"
        f" UNION ALL SELECT *, true FROM ({grouped_rows_sql(design, _STALE)}) AS r"
    )
    where = _mother_where(flt, params, POSTGRESQL)
    where = where.replace("s.code", "m.site_code")
    status = "m.status != 'screened_out'"
    where = f"{where} AND {status}" if where else f"WHERE {status}"
    return f"SELECT * FROM ({rows}) AS m {where}"


def _figures_sql(rows: str, rule: PairingRule) -> str:
    """One row per grouping set over ``rows``: the totals (grouping ``()``), then each
    value of the Tables' columns, the versions lists and the scales, with how many
    analysed mothers have it."""
    age = "age"
    if rule is PairingRule.FIRST_LAST:
        pre_scale, post_scale = _part("first_pre", 6), _part("last_post", 4)
        unfinished = f"n_pairs > 0 AND NOT {_FIRST_PAIRED}"
    else:
        pre_scale, post_scale = "pre_scales", "post_scales"
        unfinished = "false"
    keys = {
        "age": age,
        "occupation": "occupation",
        "caregiver": _MAIN_CAREGIVER,
        "site": "site_code",
        "versions": "versions",
        "pre_scale": f"CASE WHEN n_pairs > 0 THEN {pre_scale} END",
        "post_scale": f"CASE WHEN n_pairs > 0 THEN {post_scale} END",
    }
    keyed = ", ".join(f"{expr} AS k_{name}" for name, expr in keys.items())
    sets = ", ".join(["()", *(f"(k_{name})" for name in keys)])
    grouping = ", ".join(f"k_{name}" for name in keys)
    return f"""
SELECT GROUPING({grouping}) AS g, {grouping},
    count(*) FILTER (WHERE n_pairs > 0) AS analysed,
    sum(n_voided), sum(n_interrupted), sum(n_aborted), sum(n_awaiting),
    count(*) FILTER (WHERE n_pairs = 0) AS no_post,
    count(*) FILTER (WHERE {unfinished}) AS from_unfinished,
    count(*) FILTER (WHERE {unfinished} AND {_FIRST_STATUS} IN ('interrupted', 'incomplete')),
    count(*) FILTER (WHERE {unfinished} AND {_FIRST_STATUS} = 'aborted'),
    count(*) FILTER (WHERE {unfinished} AND {_FIRST_STATUS} = 'awaiting_post')
FROM (SELECT *, {keyed} FROM ({rows}) AS r) AS f
GROUP BY GROUPING SETS ({sets})
"""


_VECTOR_COLUMNS: Final = ("pre", "post", "n_pairs", "sessions", "completed", "seconds", "dose")


def _vectors_sql(rows: str, rule: PairingRule, now: int) -> str:
    """Each analysed mother's numbers (:data:`_VECTOR_COLUMNS`, all double precision and
    never NULL) in the order of the pairs. ``dose``: her adherence from the stored dose
    (NaN: none), or -1 when it must be computed from her records."""
    from oxytimer.domain.records import Slot
    from oxytimer.domain.schedule import DEFAULT_SLOT_HOURS

    morning = DEFAULT_SLOT_HOURS[Slot.MORNING][1] * 3600
    evening = DEFAULT_SLOT_HOURS[Slot.EVENING][1] * 3600
    if rule is PairingRule.FIRST_LAST:
        pre = f"CAST({_part('first_pre', 3)} AS double precision)"
        post = f"CAST({_part('last_post', 3)} AS double precision)"
    else:
        pre, post = "pre_sum / n_pairs", "post_sum / n_pairs"

    def windows(end: str) -> str:  # summary_table._windows, in PostgreSQL's words
        return (
            f"GREATEST(0, (until + offset_seconds - {end}) / 86400"
            f" - (enrolled + offset_seconds - {end}) / 86400)"
        )

    scheduled = (
        f"(slots_touched + {windows(str(morning))} + {windows(str(evening))}"
        " - slots_after_enrolment)"
    )
    holds = (
        "(until = GREATEST(enrolled, follow_up_end) OR last_slot_end IS NULL"
        " OR last_slot_end <= until)"
    )
    dose = (
        f"CASE WHEN d.mother_id IS NULL OR m.stale OR NOT {holds} THEN -1"
        f" WHEN {scheduled} > 0 THEN CAST(slots_done AS double precision) / {scheduled}"
        " ELSE 'NaN' END"
    )
    return f"""
COPY (
    SELECT {pre}, {post}, CAST(n_pairs AS double precision),
        CAST(n - n_voided AS double precision), CAST(n_completed AS double precision),
        seconds, CAST({dose} AS double precision)
    FROM ({rows}) AS m
    LEFT JOIN (SELECT *, GREATEST(enrolled, LEAST(follow_up_end, {int(now)})) AS until
               FROM summary_dose) AS d ON d.mother_id = m.mother_id
    WHERE n_pairs > 0
    ORDER BY site_code COLLATE "C", study_code COLLATE "C"
) TO STDOUT (FORMAT binary)
"""


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


def _stored_zone_current(reader: ServerReader) -> bool:
    """Whether the stored dose was counted in this connection's time zone and hours."""
    row = reader.execute(
        "SELECT zone, signature, current_setting('TimeZone') FROM summary_state WHERE id = 1"
    ).fetchone()
    return row is not None and row[0] == row[2] and row[1] == signature(row[0])


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
    from oxytimer.storage.server_analysis import server_doses

    assert flt.design is not None
    reader.execute("SET work_mem = '256MB'")  # (sorting a million mothers in memory)
    params: list[Any] = []
    rows = _rows_sql(flt.design, params, flt)

    excluded: Counter[str] = Counter()
    ages: Counter[int | None] = Counter()
    occupations: Counter[str | None] = Counter()
    caregivers: Counter[str] = Counter()
    sites: Counter[str] = Counter()
    scales: set[Scale] = set()
    protocols: set[str] = set()
    instruments: set[str] = set()
    from_unfinished = 0
    for row in reader.execute(_figures_sql(rows, rule), params):
        (g, age, occupation, caregiver, site, versions, pre_scale, post_scale, analysed) = row[:9]
        if g == 0b1111111:  # the totals
            (voided, interrupted, aborted, awaiting, no_post, unfinished) = row[9:15]
            (from_interrupted, from_aborted, from_awaiting) = row[15:18]
            excluded[VOIDED] += int(voided or 0)
            excluded[INTERRUPTED] += int(interrupted or 0) - from_interrupted
            excluded[ABORTED] += int(aborted or 0) - from_aborted
            excluded[AWAITING_POST] += int(awaiting or 0) - from_awaiting
            excluded[NO_POST_SCORE] += no_post
            from_unfinished = unfinished
            continue
        if not analysed:
            continue
        if not g & 0b1000000:
            ages[age] += analysed
        elif not g & 0b0100000:
            occupations[occupation] += analysed
        elif not g & 0b0010000:
            caregivers[caregiver] += analysed
        elif not g & 0b0001000:
            sites[site] += analysed
        elif not g & 0b0000100:
            found_protocols, found_instruments = _versions(versions)
            protocols.update(found_protocols)
            instruments.update(found_instruments)
        else:
            texts = pre_scale if not g & 0b0000010 else post_scale
            if rule is PairingRule.FIRST_LAST:
                scales.add(_parse_scale(texts, None))
            else:
                scales.update(_parse_scale(t, None) for t in _unlisted(texts))
    excluded[SCREENED_OUT] += _screened_out(reader, flt)

    now = math.floor(clock.now_utc().timestamp())
    pre, post, n_pairs, sessions, completed, seconds, dose = _read_binary(
        _copy_bytes(reader, _vectors_sql(rows, rule, now), params), len(_VECTOR_COLUMNS)
    )
    missing = np.flatnonzero(dose < 0)
    ids: list[str] | None = None
    codes: list[str] | None = None
    site_of: list[str] | None = None
    zone_current = _stored_zone_current(reader)
    if per_unit or missing.size or not zone_current:
        listed = _copy_lines(
            reader,
            f"COPY (SELECT mother_id, study_code, site_code FROM ({rows}) AS m"
            ' WHERE n_pairs > 0 ORDER BY site_code COLLATE "C", study_code COLLATE "C")'
            " TO STDOUT",
            params,
        )
        ids = [r[0] for r in listed]
        codes = [r[1] for r in listed]
        site_of = [r[2] for r in listed]
    if ids is not None and not zone_current:
        missing = np.arange(len(ids))
    if missing.size:
        assert ids is not None
        wanted = [ids[i] for i in missing]
        doses = server_doses(reader, clock, wanted)
        for i, mother_id in zip(missing, wanted, strict=True):
            found = doses.get(mother_id)
            adherence = found.adherence if found is not None else None
            dose[i] = math.nan if adherence is None else adherence
    adherence_list = [None if math.isnan(a) else a for a in dose.tolist()]
    return SummaryColumns(
        rule=rule,
        pre=pre.tolist(),
        post=post.tolist(),
        excluded=dict(sorted((k, v) for k, v in excluded.items() if v)),
        not_independent=False,
        baseline_from_unfinished=from_unfinished,
        scales=frozenset(scales),
        ages=ages,
        occupations=occupations,
        main_caregivers=caregivers,
        sites=sites,
        sessions=sessions.astype(np.int64).tolist(),
        completed=completed.astype(np.int64).tolist(),
        seconds=seconds.tolist(),
        adherence=adherence_list,
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
