"""The stored per-mother summary on a study server (issue 15, item 4): what
storage/summary_table.py is to a SQLite file, in PostgreSQL.

``summary_pairing`` holds, per mother and design, the row
:func:`oxytimer.storage.analysis.grouped_sql` computes from her sessions (in PostgreSQL's
dialect) beside her own record's fields the summary filters and counts on (site, study
code, status, age, occupation, enrolment), the figures the summary reads from that row
(:data:`DERIVED_COLUMNS`) and the parts of her dose that do not depend on the time now
(:data:`DOSE_COLUMNS`, as on a laptop: computed as if now were the far future). One
wide row per mother: a summary reads one table, without a join.

Kept current by the server itself, whoever writes: triggers on the record tables mark the
mothers a statement touched in ``summary_stale``, and at commit a deferred trigger
recomputes every stale mother (:func:`refresh_function_sql`, set-based SQL, as the tables'
owner). A summary reads the stored rows of current mothers and computes the few stale ones
(a refresh that failed, a transaction still open) from their records, so the stored rows
are never used out of date.

Days and slots of the stored dose are counted in the time zone of the computer that ran
``oxytimer server init`` (``summary_state.zone``); a summary from a computer in another zone
computes adherence from the records (slower, the same figures a laptop there would give).

Row-level security as for the records: a puskesmas role reads its own site's rows, the
coordinator every row; nobody but the owner's functions writes them. Nothing here imports
the driver: these are SQL texts, run by :func:`oxytimer.storage.server.init_server`.
"""

from __future__ import annotations

import json
from typing import Any, Final

from oxytimer.storage.analysis import (
    CAREGIVERS,
    DESIGNS,
    GROUPED_COLUMNS,
    POSTGRESQL,
    AnalysisFilter,
)
from oxytimer.storage.analysis import grouped_sql as _grouped_sql
from oxytimer.storage.server_schema import COORDINATOR_GROUP, SITE_GROUP

STALE: Final = "(SELECT mother_id FROM pg_temp.oxytimer_refreshing)"
"""The mothers being refreshed, inside the refresh function: a temporary table, analysed,
so that PostgreSQL plans for one mother after a bedside change as for a million at an
upgrade (an array would be taken for ten mothers, and a million would take hours)."""

FAR_FUTURE: Final = 253402300799
"""9999-12-31T23:59:59Z in epoch seconds: "now" for the stored dose."""

MOTHER_COLUMNS: Final = (
    "site_id",
    "site_code",
    "study_code",
    "status",
    "age",
    "occupation",
    "enrolled_at",
)
"""Her record's fields stored beside her sessions' figures (a change to her record marks
her stale like a change to her sessions)."""

_GROUPED_TYPES: Final = {
    "mother_id": "text NOT NULL",
    "seconds": "double precision",
    "pre_sum": "double precision",
    "post_sum": "double precision",
    "versions": "text",
    "first_pre": "text",
    "last_post": "text",
    "pre_scales": "text",
    "post_scales": "text",
}

DERIVED_COLUMNS: Final = {
    # her main caregiver (oxytimer.domain.summary.main_caregiver: the most sessions, a tie
    # to the first in vocabulary order)
    "main_caregiver": "CASE "
    + "".join(
        f"WHEN g.c_{c} > 0 AND g.c_{c} = GREATEST({', '.join(f'g.c_{o}' for o in CAREGIVERS)})"
        f" THEN '{c}' "
        for c in CAREGIVERS
    )
    + "ELSE 'unknown' END",
    # the parts of her first pre-score's and last post-score's keys (analysis._fields)
    "pre_value": "CAST(split_part(g.first_pre, chr(31), 3) AS double precision)",
    "post_value": "CAST(split_part(g.last_post, chr(31), 3) AS double precision)",
    "first_status": "split_part(g.first_pre, chr(31), 4)",
    "first_paired": "split_part(g.first_pre, chr(31), 5) = '1'",
    "pre_scale": "split_part(g.first_pre, chr(31), 6)",
    "post_scale": "split_part(g.last_post, chr(31), 4)",
}
"""Figures of her row the summary reads as they are, computed when the row is stored."""

_DERIVED_TYPES: Final = {
    "main_caregiver": "text NOT NULL",
    "pre_value": "double precision",
    "post_value": "double precision",
    "first_status": "text",
    "first_paired": "boolean",
    "pre_scale": "text",
    "post_scale": "text",
}

DOSE_COLUMNS: Final = (
    "enrolled",
    "offset_seconds",
    "follow_up_end",
    "slots_touched",
    "slots_done",
    "slots_after_enrolment",
    "last_slot_end",
)
"""Her stored dose (NULL when it is to be computed from her records)."""

STORED_COLUMNS: Final = (*MOTHER_COLUMNS, *GROUPED_COLUMNS, *DERIVED_COLUMNS, *DOSE_COLUMNS)
"""The columns of ``summary_pairing`` after its design, in the order of
:func:`grouped_rows_sql`."""

_TEXTS: Final = (
    "site_id",
    "mother_id",
    "study_code",
    "enrolled_at",
    "versions",
    "first_pre",
    "last_post",
    "pre_scales",
    "post_scales",
    "pre_scale",
    "post_scale",
)
TABLE_ORDER: Final = (
    "design",
    "status",
    "site_code",
    *(c for c in STORED_COLUMNS if c not in (*_TEXTS, "status", "site_code")),
    *_TEXTS,
)
"""The columns of ``summary_pairing`` as the table holds them: the numbers and short
texts every summary reads first, the long texts last (PostgreSQL reads a row's columns
from its start)."""

_RECORD_TRIGGERS: Final = (
    # (table, the mother's id in a row of it: an expression over the transition table t)
    ("mothers", "SELECT id FROM t"),
    ("sessions", "SELECT mother_id FROM t"),
    ("assessments", "SELECT mother_id FROM t"),
    ("scores", "SELECT x.mother_id FROM t JOIN sessions x ON x.id = t.session_id"),
    # her end of follow-up is read from the audit trail (the dose)
    (
        "audit_log",
        "SELECT record_id FROM t WHERE t.table_name = 'mothers' AND t.field = 'status'",
    ),
)


def signature(zone: str) -> str:
    """What the stored dose depends on besides the records: the time zone its days are
    counted in and the slot hours."""
    from oxytimer.domain.schedule import DEFAULT_SLOT_HOURS

    hours = {str(k): list(v) for k, v in sorted(DEFAULT_SLOT_HOURS.items())}
    return json.dumps({"hours": hours, "zone": zone}, sort_keys=True)


def _literal(value: Any) -> str:
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"no SQL literal for {value!r}")  # pragma: no cover - our own SQL
    return repr(value)


def inline(sql: str, params: list[Any] | dict[str, Any]) -> str:
    """``sql`` with its ``?`` (or ``:name``) parameters written as literals: the refresh
    is a function's static SQL, made once at ``server init``."""
    if isinstance(params, dict):
        for name in sorted(params, key=len, reverse=True):
            sql = sql.replace(f":{name}", _literal(params[name]))
        return sql
    parts = sql.split("?")
    if len(parts) != len(params) + 1:  # pragma: no cover - our own SQL
        raise ValueError("parameters and placeholders differ")
    return parts[0] + "".join(_literal(p) + part for p, part in zip(params, parts[1:], strict=True))


def grouped_rows_sql(design: str, mothers: str, dose: str = "") -> str:
    """The stored row (:data:`STORED_COLUMNS`) of each of the ``mothers`` (an SQL set)
    with a record of ``design``, from her records; her dose from the query named
    ``dose`` (see :func:`dose_rows_sql`), NULL without one."""
    params: list[Any] = []
    grouped = _grouped_sql(AnalysisFilter(design=design), params, mothers, POSTGRESQL)
    columns = [f"g.{c}" for c in GROUPED_COLUMNS]
    columns += [f"{expr} AS {name}" for name, expr in DERIVED_COLUMNS.items()]
    columns += [f"d.{c}" if dose else f"CAST(NULL AS bigint) AS {c}" for c in DOSE_COLUMNS]
    joined = f" LEFT JOIN {dose} d ON d.mother_id = g.mother_id" if dose else ""
    return inline(
        f"SELECT m.site_id, s.code AS site_code, m.study_code, m.status, m.age,"
        f" m.occupation, m.enrolled_at, {', '.join(columns)} FROM ({grouped}) AS g"
        f" JOIN mothers m ON m.id = g.mother_id JOIN sites s ON s.id = m.site_id{joined}",
        params,
    )


def dose_rows_sql(mothers: str) -> str:
    """Each followed one of the ``mothers``' (an SQL set) id and stored dose
    (:data:`DOSE_COLUMNS`), counted in the connection's time zone."""
    from oxytimer.domain.schedule import DEFAULT_SLOT_HOURS
    from oxytimer.storage.server_analysis import dose_sql
    from oxytimer.storage.session_records import dose_parameters

    sql = dose_sql(mothers=mothers, stored=True)
    return inline(sql, dose_parameters(DEFAULT_SLOT_HOURS, FAR_FUTURE))


def tables_sql() -> list[str]:
    """The stored summary's tables (run by the owner)."""
    types = {
        **_GROUPED_TYPES,
        **_DERIVED_TYPES,
        "design": "text NOT NULL",
        "site_id": "text NOT NULL",
        "site_code": "text NOT NULL",
        "study_code": "text NOT NULL",
        "status": "text NOT NULL",
        "occupation": "text",
        "enrolled_at": "text NOT NULL",
    }
    columns = ", ".join(f"{c} {types.get(c, 'bigint')}" for c in TABLE_ORDER)
    return [
        "CREATE TABLE IF NOT EXISTS summary_stale (mother_id text PRIMARY KEY)",
        f"CREATE TABLE IF NOT EXISTS summary_pairing ({columns}, PRIMARY KEY (design, mother_id))",
        "CREATE INDEX IF NOT EXISTS summary_pairing_mother ON summary_pairing (mother_id)",
        "CREATE TABLE IF NOT EXISTS summary_state (id integer PRIMARY KEY CHECK (id = 1),"
        " zone text NOT NULL, signature text NOT NULL)",
        # Which designs the server holds (analysis.designs_in) without reading every
        # session (a laptop's SQLite file has no such index: see designs_in).
        "CREATE INDEX IF NOT EXISTS summary_sessions_design ON sessions (design) WHERE voided = 0",
    ]


def refresh_function_sql(zone: str) -> list[str]:
    """``oxytimer_summary_refresh(most)``: recompute every stale mother's stored rows, or
    ``most`` of them (as the owner, in the study's time zone ``zone``); returns how many."""
    quoted_zone = zone.replace("'", "''")
    columns = ", ".join(["design", *STORED_COLUMNS])
    rows = " UNION ALL ".join(
        f"SELECT {_literal(design)}, * FROM ({grouped_rows_sql(design, STALE, 'd')}) AS r"
        for design in DESIGNS
    )
    return [
        "DROP FUNCTION IF EXISTS oxytimer_summary_refresh()",
        "CREATE OR REPLACE FUNCTION oxytimer_summary_refresh(most bigint DEFAULT NULL)"
        " RETURNS bigint LANGUAGE plpgsql"
        f" SECURITY DEFINER SET search_path = public, pg_temp SET TimeZone = '{quoted_zone}'"
        " SET work_mem = '128MB' AS $$"
        " DECLARE n bigint; BEGIN"
        " PERFORM pg_advisory_xact_lock(hashtext('oxytimer summary refresh'));"
        " CREATE TEMPORARY TABLE IF NOT EXISTS oxytimer_refreshing (mother_id text PRIMARY KEY)"
        " ON COMMIT DELETE ROWS;"
        " DELETE FROM pg_temp.oxytimer_refreshing;"
        " WITH d AS (DELETE FROM summary_stale WHERE most IS NULL OR mother_id IN"
        " (SELECT mother_id FROM summary_stale LIMIT most) RETURNING mother_id)"
        " INSERT INTO pg_temp.oxytimer_refreshing SELECT mother_id FROM d;"
        " GET DIAGNOSTICS n = ROW_COUNT;"
        " IF n = 0 THEN RETURN 0; END IF;"
        " ANALYZE pg_temp.oxytimer_refreshing;"
        f" DELETE FROM summary_pairing WHERE mother_id IN {STALE};"
        f" WITH d AS MATERIALIZED ({dose_rows_sql(STALE)})"
        f" INSERT INTO summary_pairing ({columns}) {rows};"
        " DELETE FROM pg_temp.oxytimer_refreshing;"
        " RETURN n; END $$",
        "REVOKE ALL ON FUNCTION oxytimer_summary_refresh(bigint) FROM PUBLIC",
        f"GRANT EXECUTE ON FUNCTION oxytimer_summary_refresh(bigint) TO {SITE_GROUP},"
        f" {COORDINATOR_GROUP}",
    ]


def triggers_sql() -> list[str]:
    """Triggers that mark the mothers a statement touched stale, and refresh them at
    commit (a deferred trigger: once per transaction, after its last write)."""
    statements = [
        # At commit: the first stale row's trigger refreshes them all; the others find
        # the transaction's flag (reset whenever a statement marks mothers stale again).
        "CREATE OR REPLACE FUNCTION oxytimer_summary_at_commit() RETURNS trigger"
        " LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$ BEGIN"
        " IF coalesce(current_setting('oxytimer.summary_fresh', true), '') = '' THEN"
        " PERFORM oxytimer_summary_refresh();"
        " PERFORM set_config('oxytimer.summary_fresh', '1', true); END IF;"
        " RETURN NULL; END $$",
        "REVOKE ALL ON FUNCTION oxytimer_summary_at_commit() FROM PUBLIC",
        "DROP TRIGGER IF EXISTS summary_refresh ON summary_stale",
        "CREATE CONSTRAINT TRIGGER summary_refresh AFTER INSERT ON summary_stale"
        " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW"
        " EXECUTE FUNCTION oxytimer_summary_at_commit()",
    ]
    for table, mothers in _RECORD_TRIGGERS:
        for event, transition in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("UPDATE", "OLD")):
            if table == "audit_log" and event == "UPDATE":
                continue  # audit rows are never changed
            name = f"oxytimer_stale_{table}_{event.lower()}_{transition.lower()}"
            statements += [
                f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql"
                " SECURITY DEFINER SET search_path = public AS $$ BEGIN"
                " PERFORM set_config('oxytimer.summary_fresh', '', true);"
                f" INSERT INTO summary_stale (mother_id) SELECT DISTINCT id FROM ({mothers})"
                " AS c (id) WHERE id IS NOT NULL ON CONFLICT DO NOTHING; RETURN NULL; END $$",
                f"REVOKE ALL ON FUNCTION {name}() FROM PUBLIC",
                f"DROP TRIGGER IF EXISTS {name} ON {table}",
                f"CREATE TRIGGER {name} AFTER {event} ON {table}"
                f" REFERENCING {transition} TABLE AS t FOR EACH STATEMENT"
                f" EXECUTE FUNCTION {name}()",
            ]
    return statements


def access_sql() -> list[str]:
    """Who reads the stored rows: a puskesmas role its own site's, the coordinator all."""
    mine = "site_id IN (SELECT oxytimer_site_ids())"
    visible = {
        "summary_pairing": mine,
        "summary_stale": "EXISTS (SELECT 1 FROM mothers m WHERE m.id = summary_stale.mother_id)",
        "summary_state": "true",
    }
    statements = []
    for table, using in visible.items():
        statements += [
            f"REVOKE ALL ON {table} FROM PUBLIC",
            f"GRANT SELECT ON {table} TO {SITE_GROUP}, {COORDINATOR_GROUP}",
            f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
            f"DROP POLICY IF EXISTS site_reads ON {table}",
            f"CREATE POLICY site_reads ON {table} FOR SELECT TO {SITE_GROUP} USING ({using})",
            f"DROP POLICY IF EXISTS coordinator_reads ON {table}",
            f"CREATE POLICY coordinator_reads ON {table} FOR SELECT TO {COORDINATOR_GROUP}"
            " USING (true)",
        ]
    return statements


def layout_sql() -> str:
    """Drop the stored rows when their table has other columns than this version's (it
    is made again, and filled from the records: :func:`state_sql`)."""
    expected = ",".join(TABLE_ORDER)
    return (
        "DO $$ BEGIN IF (SELECT string_agg(column_name, ',' ORDER BY ordinal_position)"
        " FROM information_schema.columns WHERE table_schema = current_schema()"
        f" AND table_name = 'summary_pairing') IS DISTINCT FROM '{expected}'"
        " THEN DROP TABLE IF EXISTS summary_pairing; DROP TABLE IF EXISTS summary_state;"
        " END IF; END $$"
    )


def setup_sql(zone: str) -> list[str]:
    """Everything :func:`~oxytimer.storage.server.init_server` runs for the stored
    summary, in order; then :func:`state_sql` (which may mark every mother stale)."""
    return [
        layout_sql(),
        *tables_sql(),
        *refresh_function_sql(zone),
        *triggers_sql(),
        *access_sql(),
    ]


FILL_CHUNK: Final = 200_000
"""Mothers refreshed per transaction when every mother's rows are made again."""


def state_sql(zone: str) -> list[tuple[str, list[Any]]]:
    """Record the zone and signature; when they changed (or the tables are new), mark
    every mother stale, but leave their refresh to :data:`FILL_CHUNK` mothers at a time
    after the init's commit (one transaction of a million would take very long): until
    then summaries compute them from their records."""
    current = signature(zone)
    return [
        (
            "INSERT INTO summary_stale (mother_id) SELECT id FROM mothers WHERE NOT EXISTS"
            " (SELECT 1 FROM summary_state WHERE id = 1 AND signature = %s)"
            " ON CONFLICT DO NOTHING",
            [current],
        ),
        ("SELECT set_config('oxytimer.summary_fresh', '1', true)", []),
        (
            "INSERT INTO summary_state (id, zone, signature) VALUES (1, %s, %s)"
            " ON CONFLICT (id) DO UPDATE SET zone = excluded.zone,"
            " signature = excluded.signature",
            [zone, current],
        ),
    ]
