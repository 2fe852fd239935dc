"""The study server's schema in PostgreSQL, made from the SQLite file's own schema.

The server mirrors the laptop's record tables: the same table and column names, types,
CHECK constraints, keys, indexes and protective triggers. Rather than a second set of
hand-written DDL that would drift from the SQLite migrations, the server's DDL is derived
from the SQLite schema this version of oxytimer creates (all migrations applied to an
in-memory database), translated where the two engines differ (``REAL``, ``BLOB``, integer
width, ``RAISE(ABORT, ...)`` triggers).

Versioning follows the SQLite file: the server's ``oxytimer_migrations`` table lists the
SQLite migrations whose schema it holds. A server that lists one this version does not
know was set up by a newer oxytimer and is refused, as a newer SQLite file is.

Access is PostgreSQL's, not ours: a role per puskesmas (``oxytimer_site``'s members) sees
and writes only its own site's records through row-level security, never deletes, and
cannot change an audit row; the coordinator role (``oxytimer_coordinator``'s members)
reads everything. Nothing here imports the PostgreSQL driver: these are SQL texts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from oxytimer.storage.database import Database

SERVER_TABLES: Final = (
    "sites",
    "mothers",
    "screenings",
    "sessions",
    "scores",
    "score_items",
    "assessments",
    "assessment_items",
    "audit_log",
)
"""The record tables a server holds, parents first (the laptop's local tables stay local)."""

SITE_GROUP: Final = "oxytimer_site"
COORDINATOR_GROUP: Final = "oxytimer_coordinator"
VERSION_TABLE: Final = "oxytimer_migrations"
ROLES_TABLE: Final = "oxytimer_site_roles"
ARRIVALS_TABLE: Final = "oxytimer_arrivals"
"""The order audit rows arrived on the server (``seq``): a laptop's sync asks only for the
records named by audit rows that arrived since its last one."""

_TYPES: Final = (
    (re.compile(r"\bREAL\b"), "double precision"),
    (re.compile(r"\bBLOB\b"), "bytea"),
    (re.compile(r"\bINTEGER\b"), "bigint"),
)
_RAISE_TRIGGER: Final = re.compile(
    r"CREATE TRIGGER (\w+) BEFORE (DELETE|UPDATE) ON (\w+)\s+BEGIN SELECT RAISE\(ABORT, "
    r"'([^']*)'\); END",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class SqliteSchema:
    """What this version's SQLite schema holds for the server's tables."""

    migrations: tuple[str, ...]
    tables: dict[str, str]  # table -> CREATE TABLE text (SQLite)
    columns: dict[str, list[tuple[str, str, bool, str | None]]]  # name, type, notnull, default
    indexes: list[str]  # CREATE INDEX texts on those tables
    triggers: list[tuple[str, str, str, str]]  # name, DELETE|UPDATE, table, message


def sqlite_schema() -> SqliteSchema:
    """The schema every migration of this version gives a new SQLite database."""
    from oxytimer.storage.schema import MIGRATION_NAMES, migrate

    db = Database(memory=True)
    try:
        migrate(db)
        tables: dict[str, str] = {}
        columns: dict[str, list[tuple[str, str, bool, str | None]]] = {}
        for table in SERVER_TABLES:
            row = db.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", [table]
            ).fetchone()
            tables[table] = str(row[0])
            columns[table] = [
                (str(r[1]), str(r[2]), bool(r[3]), None if r[4] is None else str(r[4]))
                for r in db.execute(f"PRAGMA table_info([{table}])")
            ]
        marks = ",".join("?" * len(SERVER_TABLES))
        indexes = [
            str(r[0])
            for r in db.execute(
                f"SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
                f" AND tbl_name IN ({marks}) ORDER BY name",
                list(SERVER_TABLES),
            )
        ]
        triggers = []
        for (text,) in db.execute(
            f"SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ({marks})"
            " ORDER BY name",
            list(SERVER_TABLES),
        ):
            found = _RAISE_TRIGGER.search(" ".join(str(text).split()))
            if found is not None:  # others guard the laptop's own write paths only
                name, event, table, message = found.groups()
                triggers.append((name, event.upper(), table, message))
        return SqliteSchema(tuple(MIGRATION_NAMES), tables, columns, indexes, triggers)
    finally:
        db.close()


def pg_type(sqlite_type: str) -> str:
    """A SQLite column type in PostgreSQL's words."""
    result = sqlite_type
    for pattern, replacement in _TYPES:
        result = pattern.sub(replacement, result)
    return result or "text"


def create_table_sql(sqlite_sql: str) -> str:
    """SQLite's CREATE TABLE text as PostgreSQL runs it (IF NOT EXISTS)."""
    text = sqlite_sql.replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS", 1)
    for pattern, replacement in _TYPES:
        text = pattern.sub(replacement, text)
    return text


def create_index_sql(sqlite_sql: str) -> str:
    text = re.sub(r"^CREATE (UNIQUE )?INDEX", r"CREATE \1INDEX IF NOT EXISTS", sqlite_sql)
    return text.replace("[", '"').replace("]", '"')


def trigger_sql(name: str, event: str, table: str, message: str) -> list[str]:
    """A PostgreSQL trigger that refuses ``event`` on ``table`` with SQLite's message."""
    quoted = message.replace("'", "''")
    return [
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$"
        f" BEGIN RAISE EXCEPTION '{quoted}' USING ERRCODE = 'insufficient_privilege'; END $$",
        f"DROP TRIGGER IF EXISTS {name} ON {table}",
        f"CREATE TRIGGER {name} BEFORE {event} ON {table} FOR EACH ROW EXECUTE FUNCTION {name}()",
    ]


def access_sql() -> list[str]:
    """Group roles, grants and row-level security policies (run by the tables' owner)."""
    record_tables = [t for t in SERVER_TABLES if t not in ("sites", "audit_log")]
    statements = [
        f"CREATE TABLE IF NOT EXISTS {ROLES_TABLE} (role_name text PRIMARY KEY,"
        " site_code text NOT NULL)",
        # Which sites the connected role belongs to. SECURITY DEFINER: site roles cannot
        # read the role table itself.
        "CREATE OR REPLACE FUNCTION oxytimer_site_ids() RETURNS SETOF text LANGUAGE sql"
        " STABLE SECURITY DEFINER SET search_path = public AS $$"
        f" SELECT s.id FROM sites s JOIN {ROLES_TABLE} r ON r.site_code = s.code"
        " WHERE r.role_name = session_user $$",
        "CREATE OR REPLACE FUNCTION oxytimer_site_codes() RETURNS SETOF text LANGUAGE sql"
        " STABLE SECURITY DEFINER SET search_path = public AS $$"
        f" SELECT site_code FROM {ROLES_TABLE} WHERE role_name = session_user $$",
        "REVOKE ALL ON FUNCTION oxytimer_site_ids() FROM PUBLIC",
        "REVOKE ALL ON FUNCTION oxytimer_site_codes() FROM PUBLIC",
        f"REVOKE ALL ON {ROLES_TABLE} FROM PUBLIC",
    ]
    for group in (SITE_GROUP, COORDINATOR_GROUP):
        statements.append(
            "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = "
            f"'{group}') THEN CREATE ROLE {group} NOLOGIN; END IF; END $$"
        )
    statements += [
        f"GRANT EXECUTE ON FUNCTION oxytimer_site_ids() TO {SITE_GROUP}",
        f"GRANT EXECUTE ON FUNCTION oxytimer_site_codes() TO {SITE_GROUP}",
        f"GRANT SELECT, INSERT ON sites TO {SITE_GROUP}",
        # a sync keeps a site's earliest creation time, whichever laptop came first
        f"GRANT UPDATE (created_at) ON sites TO {SITE_GROUP}",
        f"GRANT SELECT, INSERT ON audit_log TO {SITE_GROUP}",
        f"GRANT SELECT, INSERT, UPDATE ON {', '.join(record_tables)} TO {SITE_GROUP}",
        f"GRANT SELECT ON {', '.join(SERVER_TABLES)} TO {COORDINATOR_GROUP}",
        f"GRANT SELECT ON {VERSION_TABLE} TO {SITE_GROUP}, {COORDINATOR_GROUP}",
    ]
    mine = "IN (SELECT oxytimer_site_ids())"

    def of(table: str, parent: str, column: str) -> tuple[str, str]:
        # A row is the site's when its parent record is visible to the role. A correlated
        # EXISTS is one index probe per row written (and a semi-join for reads); an
        # uncorrelated "IN (SELECT id FROM parent)" would read every visible parent for
        # every row a sync inserts.
        rule = f"EXISTS (SELECT 1 FROM {parent} p WHERE p.id = {table}.{column})"
        return rule, rule

    visible = {
        "sites": ("true", "code IN (SELECT oxytimer_site_codes())"),
        "mothers": (f"site_id {mine}", f"site_id {mine}"),
        "screenings": of("screenings", "mothers", "mother_id"),
        "sessions": of("sessions", "mothers", "mother_id"),
        "scores": of("scores", "sessions", "session_id"),
        "score_items": of("score_items", "scores", "score_id"),
        "assessments": of("assessments", "mothers", "mother_id"),
        "assessment_items": of("assessment_items", "assessments", "assessment_id"),
    }
    # An audit row belongs to the site of the record it is about. One EXISTS over the
    # site's records of every audited table: PostgreSQL turns it into a semi-join when
    # reading, and into one index probe per branch when checking a row written.
    records = " UNION ALL ".join(
        [f"SELECT 'sites' AS t, id FROM sites WHERE id {mine}"]
        + [
            f"SELECT '{t}', id FROM {t}"
            for t in ("mothers", "screenings", "sessions", "scores", "assessments")
        ]
    )
    audit = (
        f"EXISTS (SELECT 1 FROM ({records}) r"
        " WHERE r.t = audit_log.table_name AND r.id = audit_log.record_id)"
    )
    visible["audit_log"] = (audit, audit)
    for table in SERVER_TABLES:
        using, check = visible[table]
        statements += [
            f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
            f"DROP POLICY IF EXISTS site_reads ON {table}",
            f"CREATE POLICY site_reads ON {table} FOR SELECT TO {SITE_GROUP} USING ({using})",
            f"DROP POLICY IF EXISTS site_adds ON {table}",
            f"CREATE POLICY site_adds ON {table} FOR INSERT TO {SITE_GROUP} WITH CHECK ({check})",
            f"DROP POLICY IF EXISTS site_updates ON {table}",
            f"DROP POLICY IF EXISTS coordinator_reads ON {table}",
            f"CREATE POLICY coordinator_reads ON {table} FOR SELECT TO {COORDINATOR_GROUP}"
            " USING (true)",
        ]
        if table in record_tables or table == "sites":
            statements.append(
                f"CREATE POLICY site_updates ON {table} FOR UPDATE TO {SITE_GROUP}"
                f" USING ({using}) WITH CHECK ({check})"
            )
    return statements


def arrivals_sql() -> list[str]:
    """The server's arrival order of audit rows (run by the owner, after :func:`access_sql`).

    Every audit row inserted gets the next ``seq`` (a trigger, as the owner: site roles
    may only read it, and row-level security shows each its own site's). Every change to
    a record reaches the server with its audit rows, so the records named by the audit
    rows that arrived after ``seq`` N are what changed since a sync that saw N. Pushes of
    one site wait for each other (the sync's advisory lock), so within a site the order
    of ``seq`` is the order of commits. Rows already there are numbered once, by time.
    """
    return [
        f"CREATE TABLE IF NOT EXISTS {ARRIVALS_TABLE} (seq bigserial PRIMARY KEY,"
        " audit_id text NOT NULL UNIQUE)",
        "CREATE OR REPLACE FUNCTION oxytimer_arrived() RETURNS trigger LANGUAGE plpgsql"
        " SECURITY DEFINER SET search_path = public AS $$ BEGIN"
        f" INSERT INTO {ARRIVALS_TABLE} (audit_id) VALUES (NEW.id); RETURN NULL; END $$",
        "REVOKE ALL ON FUNCTION oxytimer_arrived() FROM PUBLIC",
        "DROP TRIGGER IF EXISTS oxytimer_arrival ON audit_log",
        "CREATE TRIGGER oxytimer_arrival AFTER INSERT ON audit_log FOR EACH ROW"
        " EXECUTE FUNCTION oxytimer_arrived()",
        f"INSERT INTO {ARRIVALS_TABLE} (audit_id) SELECT id FROM audit_log a WHERE NOT EXISTS"
        f" (SELECT 1 FROM {ARRIVALS_TABLE} r WHERE r.audit_id = a.id) ORDER BY at, id",
        f"REVOKE ALL ON {ARRIVALS_TABLE} FROM PUBLIC",
        f"GRANT SELECT ON {ARRIVALS_TABLE} TO {SITE_GROUP}, {COORDINATOR_GROUP}",
        f"ALTER TABLE {ARRIVALS_TABLE} ENABLE ROW LEVEL SECURITY",
        f"DROP POLICY IF EXISTS site_reads ON {ARRIVALS_TABLE}",
        f"CREATE POLICY site_reads ON {ARRIVALS_TABLE} FOR SELECT TO {SITE_GROUP} USING"
        f" (EXISTS (SELECT 1 FROM audit_log a WHERE a.id = {ARRIVALS_TABLE}.audit_id))",
        f"DROP POLICY IF EXISTS coordinator_reads ON {ARRIVALS_TABLE}",
        f"CREATE POLICY coordinator_reads ON {ARRIVALS_TABLE} FOR SELECT TO {COORDINATOR_GROUP}"
        " USING (true)",
    ]
