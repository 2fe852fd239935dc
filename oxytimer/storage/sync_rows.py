"""Rows for a sync with the study server: the merge rules' source and target on both sides.

:mod:`oxytimer.storage.merge_rules` decides how two copies combine; a sync gives it

* :class:`ServerSource` and :class:`ServerTarget`: the study server (PostgreSQL) read or
  written in the caller's transaction, as the connected puskesmas role sees it: row-level
  security shows it its own site's records only, and refuses anything else;
* :class:`LaptopSource`: this laptop's SQLite file, limited to the sites of that role (a
  laptop may hold other sites' records, merged from a file: they are not sent).

Every query is one round trip, counted in :attr:`Trips.count` (batches come from a
server-side cursor, ``size`` rows a fetch; a batch is inserted by one statement).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

from oxytimer.storage.audit_chain import MISSING_AUDIT_TABLES, records_missing_audit
from oxytimer.storage.merge import SqliteSource
from oxytimer.storage.merge_rules import AUDIT_FIELDS, ITEM_TABLES, TABLES, Row, row_key
from oxytimer.storage.server_changes import CHANGES_TABLE
from oxytimer.storage.server_schema import ARRIVALS_TABLE

if TYPE_CHECKING:
    import psycopg


class Trips:
    """Round trips to the server, counted."""

    def __init__(self) -> None:
        self.count = 0


def _server_columns(conn: psycopg.Connection[Any], trips: Trips) -> dict[str, list[str]]:
    trips.count += 1
    found: dict[str, list[str]] = {t: [] for t in TABLES}
    for table, column in conn.execute(
        "SELECT table_name, column_name FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND table_name = ANY(%s)"
        " ORDER BY table_name, ordinal_position",
        [list(TABLES)],
    ):
        found[table].append(column)
    return found


class _Server:
    """What the server's source and target share: columns, trails, counted queries."""

    def __init__(self, conn: psycopg.Connection[Any], trips: Trips) -> None:
        self.conn = conn
        self.trips = trips
        self._columns = _server_columns(conn, trips)

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        self.trips.count += 1
        return self.conn.execute(sql, params).fetchall()

    def columns(self, table: str) -> list[str]:
        return list(self._columns[table])

    def trail(self, table: str, record_id: str) -> list[Row]:
        rows = self._query(
            f"SELECT {', '.join(AUDIT_FIELDS)} FROM audit_log"
            ' WHERE table_name = %s AND record_id = %s ORDER BY at COLLATE "C", id COLLATE "C"',
            [table, record_id],
        )
        return [dict(zip(AUDIT_FIELDS, row, strict=True)) for row in rows]

    def laptop_tag(self) -> str | None:
        return None  # the server is no laptop: no study codes of its own


class ServerSource(_Server):
    """The server's records this role may read, for a pull (in a read-only transaction).

    ``since``: only the records named by audit rows that arrived after that number
    (:data:`~oxytimer.storage.server_schema.ARRIVALS_TABLE`), their items and those
    audit rows, and every site; None: every row.
    """

    def __init__(
        self, name: str, conn: psycopg.Connection[Any], trips: Trips, since: int | None = None
    ) -> None:
        super().__init__(conn, trips)
        self.name = name
        self.since = since
        self.window: dict[str, set[str]] = {}
        self.newest = since
        if since is None:
            rows = self._query(
                f"SELECT max(seq) FROM (SELECT max(seq) AS seq FROM {ARRIVALS_TABLE}"
                f" UNION ALL SELECT max(seq) FROM {CHANGES_TABLE}) x"
            )
            self.newest = 0 if rows[0][0] is None else int(rows[0][0])
            return
        # What arrived with audit rows, and what changed without (the same numbers).
        for seq, audit_id, table, record_id in self._query(
            f"SELECT r.seq, a.id, a.table_name, a.record_id FROM {ARRIVALS_TABLE} r"
            " JOIN audit_log a ON a.id = r.audit_id WHERE r.seq > %s"
            f" UNION ALL SELECT seq, NULL, table_name, record_id FROM {CHANGES_TABLE}"
            " WHERE seq > %s",
            [since, since],
        ):
            if audit_id is not None:
                self.window.setdefault("audit_log", set()).add(str(audit_id))
            self.window.setdefault(str(table), set()).add(str(record_id))
            self.newest = max(int(seq), self.newest or 0)

    def batches(self, table: str, columns: Sequence[str], size: int) -> Iterator[list[Row]]:
        if self.since is None or table == "sites":
            yield from self._all(table, columns, size)
            return
        if table in ITEM_TABLES:
            column, parent = ITEM_TABLES[table]
            keys, step = sorted(self.window.get(parent, ())), max(1, size // 10)
        else:
            column = "id"
            keys, step = sorted(self.window.get(table, ())), size
        for start in range(0, len(keys), step):
            rows = self._query(
                f"SELECT {', '.join(columns)} FROM {table} WHERE {column} = ANY(%s)",
                [keys[start : start + step]],
            )
            if rows:
                yield [dict(zip(columns, values, strict=True)) for values in rows]

    def _all(self, table: str, columns: Sequence[str], size: int) -> Iterator[list[Row]]:
        with self.conn.cursor(name=f"oxytimer_sync_{table}") as cursor:
            self.trips.count += 1
            cursor.execute(f"SELECT {', '.join(columns)} FROM {table}")
            while True:
                self.trips.count += 1
                chunk = cursor.fetchmany(size)
                if not chunk:
                    return
                yield [dict(zip(columns, values, strict=True)) for values in chunk]

    def unaudited(self) -> Mapping[str, set[str]]:
        """Records on the server with no audit row of their insertion (refused)."""
        missing: dict[str, set[str]] = {}
        for table in MISSING_AUDIT_TABLES:
            among = ""
            params: list[Any] = [table]
            if self.since is not None:
                if not self.window.get(table):
                    continue
                among = " AND t.id = ANY(%s)"
                params.append(sorted(self.window[table]))
            ids = {
                str(r[0])
                for r in self._query(
                    f"SELECT id FROM {table} t WHERE NOT EXISTS (SELECT 1 FROM audit_log a"
                    " WHERE a.table_name = %s AND a.record_id = t.id AND a.action = 'insert')"
                    + among,
                    params,
                )
            }
            if ids:
                missing[table] = ids
        return missing

    def count_rows(self) -> int:
        """How many rows a pull reads (for the progress bar; a window: about)."""
        if self.since is not None:
            items = 8 * len(self.window.get("scores", ())) + 8 * len(
                self.window.get("assessments", ())
            )
            return sum(len(v) for v in self.window.values()) + items
        union = " UNION ALL ".join(f"SELECT count(*) FROM {t}" for t in TABLES)
        return sum(int(r[0]) for r in self._query(union))


class ServerTarget(_Server):
    """The server, written by a push in the caller's transaction."""

    def rows_by_key(self, table: str, keys: Sequence[str]) -> dict[str, Row]:
        if not keys:
            return {}
        columns = self._columns[table]
        if table in ITEM_TABLES:
            where = f"{ITEM_TABLES[table][0]} = ANY(%s)"
            params = sorted({k.partition("/")[0] for k in keys})
        else:
            where, params = "id = ANY(%s)", list(keys)
        found: dict[str, Row] = {}
        for values in self._query(
            f"SELECT {', '.join(columns)} FROM {table} WHERE {where}", [params]
        ):
            row = dict(zip(columns, values, strict=True))
            found[row_key(table, row)] = row
        return found

    def site_by_code(self, code: str) -> tuple[str, str, str] | None:
        rows = self._query("SELECT id, name, created_at FROM sites WHERE code = %s", [code])
        return None if not rows else (str(rows[0][0]), str(rows[0][1]), str(rows[0][2]))

    def _pairs(self, sql: str, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], str]:
        if not keys:
            return {}
        firsts = [k[0] for k in keys]
        seconds = [k[1] for k in keys]
        return {
            (str(a), str(b)): str(record) for a, b, record in self._query(sql, [firsts, seconds])
        }

    def mothers_with_codes(self, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], str]:
        return self._pairs(
            "SELECT m.site_id, m.study_code, m.id FROM mothers m"
            " JOIN unnest(%s::text[], %s::text[]) AS k(a, b)"
            " ON m.site_id = k.a AND m.study_code = k.b",
            keys,
        )

    def scores_of_kinds(self, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], str]:
        return self._pairs(
            "SELECT s.session_id, s.kind, s.id FROM scores s"
            " JOIN unnest(%s::text[], %s::text[]) AS k(a, b)"
            " ON s.session_id = k.a AND s.kind = k.b",
            keys,
        )

    def assessments_of_kinds(self, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], str]:
        return self._pairs(
            "SELECT s.mother_id, s.kind, s.id FROM assessments s"
            " JOIN unnest(%s::text[], %s::text[]) AS k(a, b)"
            " ON s.mother_id = k.a AND s.kind = k.b WHERE s.voided = 0",
            keys,
        )

    def insert(self, table: str, rows: Sequence[Row]) -> None:
        """The rows in one statement (one round trip, one executor start for the batch:
        the row-level security check still runs for every row)."""
        import json

        names = ", ".join(rows[0])
        self.trips.count += 1
        self.conn.execute(
            f"INSERT INTO {table} ({names}) SELECT {names}"
            f" FROM jsonb_populate_recordset(NULL::{table}, %s::jsonb)",
            [json.dumps(list(rows))],
        )

    def update(self, table: str, key: str, changes: Mapping[str, Any]) -> None:
        if table in ITEM_TABLES:
            parent_id, _, item_id = key.partition("/")
            where = f"{ITEM_TABLES[table][0]} = %s AND item_id = %s"
            params = [parent_id, item_id]
        else:
            where, params = "id = %s", [key]
        self.trips.count += 1
        self.conn.execute(
            f"UPDATE {table} SET {', '.join(f'{c} = %s' for c in changes)} WHERE {where}",
            [*changes.values(), *params],
        )


_OWN: Final[Mapping[str, str]] = {
    "sites": "code IN (SELECT code FROM temp.sync_codes)",
    "mothers": "site_id IN (SELECT id FROM temp.sync_sites)",
    "screenings": "mother_id IN (SELECT id FROM temp.sync_mothers)",
    "sessions": "mother_id IN (SELECT id FROM temp.sync_mothers)",
    "assessments": "mother_id IN (SELECT id FROM temp.sync_mothers)",
    "scores": "session_id IN (SELECT s.id FROM sessions s JOIN temp.sync_mothers m"
    " ON s.mother_id = m.id)",
    "score_items": "score_id IN (SELECT c.id FROM scores c JOIN sessions s ON c.session_id = s.id"
    " JOIN temp.sync_mothers m ON s.mother_id = m.id)",
    "assessment_items": "assessment_id IN (SELECT a.id FROM assessments a"
    " JOIN temp.sync_mothers m ON a.mother_id = m.id)",
}
"""Which of this laptop's rows belong to the role's sites (``temp.sync_*`` made first)."""


class LaptopSource(SqliteSource):
    """This laptop's records of the role's sites, for a push (read in one snapshot).

    Args:
        name: What the report calls it.
        conn: This database's connection, in a read transaction the caller opened.
        codes: The role's site codes.
        server_site_ids: Gives the ids the server has for those sites, asked when the
            audit rows are read (after the sites were sent): a site's audit rows are sent
            only under an id the server knows (an older file's random site id is mapped by
            code; that site's own audit rows stay here).
    """

    def __init__(
        self,
        name: str,
        conn: sqlite3.Connection,
        codes: Sequence[str],
        server_site_ids: Callable[[], Sequence[str]],
        since: int | None = None,
        since_change: int = 0,
    ) -> None:
        super().__init__(name, conn)
        self.server_site_ids = server_site_ids
        self.since = since
        row = conn.execute("SELECT max(seq) FROM audit_chain").fetchone()
        self.newest: int | None = None if row[0] is None else int(row[0])
        row = conn.execute("SELECT coalesce(max(seq), 0) FROM sync_changes").fetchone()
        self.newest_change = int(row[0])
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS sync_codes (code TEXT PRIMARY KEY)")
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS sync_sites (id TEXT PRIMARY KEY)")
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS sync_mothers (id TEXT PRIMARY KEY)")
        for temp in ("sync_codes", "sync_sites", "sync_mothers"):
            conn.execute(f"DELETE FROM temp.{temp}")
        conn.executemany("INSERT INTO temp.sync_codes VALUES (?)", [[c] for c in codes])
        conn.execute(
            "INSERT INTO temp.sync_sites SELECT id FROM sites"
            " WHERE code IN (SELECT code FROM temp.sync_codes)"
        )
        conn.execute(
            "INSERT INTO temp.sync_mothers SELECT id FROM mothers"
            " WHERE site_id IN (SELECT id FROM temp.sync_sites)"
        )
        if since is not None:  # what changed here since the last push: its audit rows
            conn.execute(
                "CREATE TEMP TABLE IF NOT EXISTS sync_window (table_name TEXT, record_id TEXT,"
                " audit_id TEXT PRIMARY KEY)"
            )
            conn.execute(
                "CREATE INDEX IF NOT EXISTS temp.sync_window_record"
                " ON sync_window (table_name, record_id)"
            )
            conn.execute("DELETE FROM temp.sync_window")
            conn.execute(
                "INSERT INTO temp.sync_window SELECT a.table_name, a.record_id, a.id"
                " FROM audit_chain c JOIN audit_log a ON a.id = c.audit_id WHERE c.seq > ?",
                [since],
            )
            # ... and the records changed without an audit row (migration 0012's marks;
            # their made-up keys name no audit row)
            conn.execute(
                "INSERT OR IGNORE INTO temp.sync_window SELECT table_name, record_id,"
                " 'changed ' || table_name || ' ' || record_id FROM sync_changes WHERE seq > ?",
                [since_change],
            )

    def _where(self, table: str) -> str:
        own = self._own(table)
        if self.since is None or table == "sites":
            return own
        if table == "audit_log":
            return f"({own}) AND id IN (SELECT audit_id FROM temp.sync_window)"
        column, parent = ITEM_TABLES.get(table, ("id", table))
        return (
            f"({own}) AND {column} IN (SELECT record_id FROM temp.sync_window"
            f" WHERE table_name = '{parent}')"
        )

    def _own(self, table: str) -> str:
        if table != "audit_log":
            return _OWN[table]
        known = set(self.server_site_ids())
        sites = [
            str(r[0]) for r in self.conn.execute("SELECT id FROM temp.sync_sites") if r[0] in known
        ]
        site_ids = ", ".join("'" + s.replace("'", "''") + "'" for s in sites) or "NULL"
        parts = [f"(table_name = 'sites' AND record_id IN ({site_ids}))"]
        for name in ("mothers", "screenings", "sessions", "scores", "assessments"):
            parts.append(
                f"(table_name = '{name}' AND record_id IN (SELECT id FROM {name}"
                f" WHERE {_OWN[name]}))"
            )
        return " OR ".join(parts)

    def batches(self, table: str, columns: Sequence[str], size: int) -> Iterator[list[Row]]:
        cursor = self.conn.execute(
            f"SELECT {', '.join(columns)} FROM {table} WHERE {self._where(table)}"
        )
        while chunk := cursor.fetchmany(size):
            yield [dict(zip(columns, values, strict=True)) for values in chunk]

    def count_rows(self) -> int:
        """How many rows a push reads (for the progress bar)."""
        return sum(
            int(self.conn.execute(f"SELECT count(*) FROM {t} WHERE {self._where(t)}").fetchone()[0])
            for t in TABLES
        )

    def other_sites_mothers(self) -> int:
        """Mothers here of sites that are not the role's (never sent)."""
        row = self.conn.execute(
            "SELECT count(*) FROM mothers WHERE site_id NOT IN (SELECT id FROM temp.sync_sites)"
        ).fetchone()
        return int(row[0])

    def unaudited(self) -> Mapping[str, set[str]]:
        """This laptop's records of the role's sites with no insert audit row."""
        missing = records_missing_audit(self.conn)
        own: dict[str, set[str]] = {}
        for table, ids in missing.items():
            mine = {
                str(r[0])
                for r in self.conn.execute(f"SELECT id FROM {table} WHERE {_OWN[table]}")
                if str(r[0]) in ids
            }
            if mine:
                own[table] = mine
        return own
