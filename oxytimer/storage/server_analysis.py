"""The clinician summary and the dose on a study server (issue 15, item 4).

The same queries as on a SQLite file (storage/analysis.py, in its PostgreSQL dialect):
the server pairs and aggregates, one row per mother comes back. Only the dose has a
text of its own here (:data:`_DOSE_SQL`: SQLite's, session_records.py, in PostgreSQL's
words). Days and slots are counted in this computer's time zone, as on a laptop: the
connection is set to it. The connection is read only: nothing is written.

Sessions of one mother that start at the same instant are ordered by their id here (the
server has no rowid), by the order they were written in a SQLite file.
"""

from __future__ import annotations

import math
import os
import re
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from oxytimer.storage.analysis import POSTGRESQL, Dialect

if TYPE_CHECKING:
    import psycopg

    from oxytimer.domain.adherence import Dose
    from oxytimer.domain.clock import Clock


READS_TABLES_OF = "0008_session_truth"
"""The last migration whose tables and columns the summary reads: a server set up with
it can be analysed (later ones, e.g. indexes, only make it faster)."""

FEW = 5000
"""Up to this many mothers, the dose query reads only theirs."""

_NAMED = re.compile(r"(?<![:\w]):([a-z_][a-z0-9_]*)")


class ServerReader:
    """A read-only connection to a study server that runs the summary's SQL: ``?`` and
    ``:name`` parameters as psycopg's."""

    dialect: Dialect = POSTGRESQL

    def __init__(self, conn: psycopg.Connection[Any], url: str = "") -> None:
        self.conn = conn
        self.url = url

    def sibling(self) -> ServerReader:
        """Another connection that sees exactly what this one sees (the same snapshot),
        for a query run at the same time as this one's."""
        snapshot = self.conn.execute("SELECT pg_export_snapshot()").fetchone()
        assert snapshot is not None
        other = open_reader(self.url)
        from psycopg import sql

        other.conn.execute(  # (first in its transaction, as it must be)
            sql.SQL("SET TRANSACTION SNAPSHOT {}").format(sql.Literal(snapshot[0]))
        )
        return other

    def execute(self, sql: str, params: Any = ()) -> Any:
        return self.conn.execute(*self.prepared(sql, params))

    @staticmethod
    def prepared(sql: str, params: Any = ()) -> tuple[str, Any]:
        """``sql`` and ``params`` as psycopg takes them."""
        if params:
            sql = sql.replace("%", "%%")
            if isinstance(params, Mapping):
                sql = _NAMED.sub(r"%(\1)s", sql)
            else:
                sql = sql.replace("?", "%s")
        return sql, params or None

    def close(self) -> None:
        self.conn.close()


def local_zone() -> str | None:
    """This computer's time zone as PostgreSQL names it (``TZ``, or /etc/localtime's
    zoneinfo name), or None when it cannot be told (then a fixed offset is used)."""
    name = os.environ.get("TZ", "").lstrip(":")
    if name:
        return name
    try:
        target = str(Path("/etc/localtime").resolve())
    except OSError:  # pragma: no cover - no such file on this system
        return None
    marker = "zoneinfo/"
    return target.split(marker, 1)[1] if marker in target else None


def open_reader(url: str) -> ServerReader:
    """A read-only connection to the server at ``url`` in this computer's time zone.

    Raises:
        ServerError: No driver, no server, a refused password... in a sentence.
    """
    import psycopg

    from oxytimer.storage.schema import MIGRATION_NAMES
    from oxytimer.storage.server import (
        ServerError,
        ServerSchemaNewerError,
        connect,
        redact,
        server_migrations,
    )

    conn = connect(url)
    try:
        held = server_migrations(conn)
    except Exception:
        conn.close()
        raise
    needed = MIGRATION_NAMES[: MIGRATION_NAMES.index(READS_TABLES_OF) + 1]
    unknown = [name for name in held if name not in MIGRATION_NAMES]
    if unknown or not set(needed) <= set(held):
        conn.close()
        if unknown:
            raise ServerSchemaNewerError(
                f"The server at {redact(url)} was set up by a newer oxytimer: update oxytimer."
            )
        raise ServerError(
            f"{redact(url)} holds no study records of this version:"
            f" run oxytimer server init {redact(url)} first."
        )
    conn.rollback()  # (reading the versions began a transaction)
    zone = local_zone() or posix_offset(time.localtime().tm_gmtoff)
    conn.execute("SELECT set_config('TimeZone', %s, false)", [zone])
    conn.commit()
    # Every query of one summary sees the same records (a sync may commit meanwhile).
    conn.read_only = True
    conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
    return ServerReader(conn, url)


def posix_offset(offset: int) -> str:
    """A fixed UTC offset in seconds as a POSIX zone PostgreSQL takes (signs reversed)."""
    sign = "-" if offset >= 0 else "+"
    return f"<LOCAL>{sign}{abs(offset) // 3600:02d}:{abs(offset) % 3600 // 60:02d}"


_SLOT_END = "day * 86400 - mu.off + CASE slot WHEN 'morning' THEN :mend ELSE :eend END"
_EPOCH = "floor(extract(epoch FROM CAST({} AS timestamptz)))"
_LOCAL = "current_setting('TimeZone')"

# SQLite's dose query (SessionRecords._DOSE_SQL) in PostgreSQL's words: unixepoch() is
# the epoch second rounded down, 'localtime' the connection's time zone, min/max of
# several values LEAST/GREATEST, a true condition 1.
_DOSE_SQL = f"""
WITH mo AS (
    SELECT m.id, m.site_id, m.study_code, s.code AS site_code, m.status,
        CAST({_EPOCH.format("m.enrolled_at")} AS bigint) AS e,
        CAST(extract(epoch FROM CAST(m.enrolled_at AS timestamptz) AT TIME ZONE {_LOCAL})
             - extract(epoch FROM CAST(m.enrolled_at AS timestamptz)) AS bigint) AS off,
        CASE WHEN m.status = 'enrolled' THEN :now ELSE LEAST(
            coalesce((SELECT CAST({_EPOCH.format('max(l.at COLLATE "C")')} AS bigint)
                      FROM audit_log l
                      WHERE l.table_name = 'mothers' AND l.field = 'status'
                      AND l.record_id = m.id), :now),
            coalesce(CAST(floor(extract(epoch FROM
                CAST(CAST(NULLIF(m.status_date, '') AS date) + 1 AS timestamp)
                AT TIME ZONE {_LOCAL})) AS bigint), :now),
            :now) END AS end_at
    FROM mothers m JOIN sites s ON s.id = m.site_id
    WHERE m.status != 'screened_out'{{mothers}}
),
mu AS MATERIALIZED (SELECT *, GREATEST(e, end_at) AS u FROM mo),
given AS (
    SELECT mother_id, count(*) AS n, sum(CASE WHEN {{done}} THEN 1 ELSE 0 END) AS n_given,
        sum(CASE WHEN status = 'aborted' THEN 1 ELSE 0 END) AS n_aborted,
        coalesce(sum(massage_seconds), 0.0) AS seconds,
        CAST(sum(pause_count) AS bigint) AS pauses{{by_giver}}
    FROM sessions WHERE voided = 0{{session_mothers}} GROUP BY mother_id
),
local AS (
    SELECT x.mother_id, x.slot, CAST({_EPOCH.format("x.started_at")} AS bigint) + mu.off AS t,
        CASE WHEN {{done_x}} THEN 1 ELSE 0 END AS full_
    FROM sessions x JOIN mu ON mu.id = x.mother_id
    WHERE x.voided = 0
),
done AS (
    SELECT mother_id, t / 86400 AS day, coalesce(slot, CASE
        WHEN t % 86400 / 60 >= :m0 AND t % 86400 / 60 < :m1 THEN 'morning'
        WHEN t % 86400 / 60 >= :e0 AND t % 86400 / 60 < :e1 THEN 'evening'
        WHEN t % 86400 < 43200 THEN 'morning' ELSE 'evening' END) AS slot, max(full_) AS full_
    FROM local GROUP BY 1, 2, 3
),
slots AS (
    SELECT done.mother_id, count(*) AS n_touched, sum(full_) AS n_done, sum(CASE WHEN
        {_SLOT_END}
        BETWEEN mu.e + 1 AND mu.u THEN 1 ELSE 0 END) AS n_touched_in,
        max({_SLOT_END}) AS last_end
    FROM done JOIN mu ON mu.id = done.mother_id
    WHERE done.day >= (mu.e + mu.off) / 86400
    GROUP BY done.mother_id
)
SELECT {{columns}}
FROM mu LEFT JOIN given ON given.mother_id = mu.id
LEFT JOIN slots ON slots.mother_id = mu.id
"""


_DOSE_COLUMNS = """mu.id, mu.site_code, mu.study_code, mu.status, mu.e, mu.u, mu.off,
    coalesce(slots.n_touched, 0), coalesce(slots.n_touched_in, 0), coalesce(slots.n_done, 0),
    coalesce(given.n, 0), coalesce(given.n_given, 0), coalesce(given.n_aborted, 0),
    coalesce(given.seconds, 0.0), coalesce(given.pauses, 0){giver_columns}"""

STORED_DOSE_COLUMNS = """mu.id AS mother_id, mu.e AS enrolled, mu.off AS offset_seconds,
    mu.end_at AS follow_up_end, coalesce(slots.n_touched, 0) AS slots_touched,
    coalesce(slots.n_done, 0) AS slots_done,
    coalesce(slots.n_touched_in, 0) AS slots_after_enrolment, slots.last_end AS last_slot_end"""
"""The stored dose's columns (server_summary_table.DOSE_COLUMNS), when computed as if
now were the far future."""


def dose_sql(*, mothers: str = "", stored: bool = False) -> str:
    """The server's dose query with :func:`dose_parameters`' named parameters, for the
    ``mothers`` (an SQL set of ids; "" for every followed mother); ``stored``: the
    columns of the stored dose, without the sessions' totals."""
    from oxytimer.domain.records import Caregiver
    from oxytimer.domain.schedule import given_sql

    givers = [c.value for c in Caregiver]
    chosen = f" AND m.id IN {mothers}" if mothers else ""
    session_mothers = f" AND mother_id IN {mothers}" if mothers else ""
    if stored:
        session_mothers = " AND false"  # (its totals are not stored)
    giver_columns = "".join(f", coalesce(given.n_{c}, 0)" for c in givers)
    return _DOSE_SQL.format(
        done=given_sql(),
        done_x=given_sql("x"),
        by_giver="".join(
            f", sum(CASE WHEN caregiver = '{c}' THEN 1 ELSE 0 END) AS n_{c}" for c in givers
        ),
        mothers=chosen,
        session_mothers=session_mothers,
        columns=STORED_DOSE_COLUMNS
        if stored
        else _DOSE_COLUMNS.format(giver_columns=giver_columns),
    )


def server_doses(
    reader: ServerReader, clock: Clock, mother_ids: Iterable[str] | None = None
) -> dict[str, Dose]:
    """Every followed mother's dose now (or the ``mother_ids``'), as
    :meth:`SessionRecords.dose_rows` computes it from a SQLite file."""
    from oxytimer.domain.records import Caregiver
    from oxytimer.domain.schedule import DEFAULT_SLOT_HOURS
    from oxytimer.storage.session_records import dose_from_row, dose_parameters

    givers = [c.value for c in Caregiver]
    wanted = None if mother_ids is None else set(mother_ids)
    few = wanted is not None and len(wanted) <= FEW
    sql = dose_sql(mothers="(SELECT unnest(CAST(:ids AS text[])))" if few else "")
    now = math.floor(clock.now_utc().timestamp())
    params = dose_parameters(DEFAULT_SLOT_HOURS, now)
    if few:
        params["ids"] = sorted(wanted or ())
    out = {}
    for row in reader.execute(sql, params):
        if wanted is None or row[0] in wanted:
            found = dose_from_row(tuple(row), DEFAULT_SLOT_HOURS, givers)
            out[found.mother_id] = found.dose
    return out
