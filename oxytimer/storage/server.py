"""Setting up the study server: tables, versions, roles (PostgreSQL, psycopg 3).

``oxytimer server init URL`` and ``oxytimer server add-site URL CODE`` call these. The
driver is an optional extra (``pip install 'oxytimer[server]'``): it is imported only here,
and its absence is said in a sentence. Every failure a person can meet (no driver, wrong
password, no server at that address, a server from a newer oxytimer) is a
:class:`ServerError` with a sentence; nothing is half applied (DDL runs in one
transaction, as PostgreSQL allows).
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import urlsplit, urlunsplit

from oxytimer.storage import server_schema as ss

if TYPE_CHECKING:
    import psycopg


class ServerError(Exception):
    """A study-server failure, in a sentence a person can act on.

    ``code`` names the case for a translated message (the app's): ``no_driver``,
    ``password_refused``, ``no_password``, ``no_database``, ``timeout``, ``unreachable``,
    ``tls``, ``not_initialised``, ``server_newer``, ``server_older``, ``not_site_role``,
    ``never_synced``, ``connection_lost``, ``bad_address``, ``other``; ``where`` is the
    server's address without its password.
    """

    def __init__(self, message: str, code: str = "other", where: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.where = where


class ServerSchemaNewerError(ServerError):
    """The server was set up by a newer oxytimer."""


SITE_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,7}$")
ROLE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,40}$")


def _driver() -> Any:
    try:
        import psycopg
    except ImportError:
        raise ServerError(
            "The study server needs the PostgreSQL driver: pip install 'oxytimer[server]'",
            "no_driver",
        ) from None
    return psycopg


CONNECT_TIMEOUT: Final = 10
"""Seconds libpq waits for the server to answer a connection (``connect_timeout``)."""


def connect(
    url: str, *, timeout: int = CONNECT_TIMEOUT, autocommit: bool = False, **params: Any
) -> psycopg.Connection[Any]:
    """A connection to ``url`` (libpq's URL or key=value form), or a ServerError.

    ``params`` are more libpq connection parameters (``keepalives_idle`` ...).
    """
    psycopg = _driver()
    try:
        return psycopg.connect(  # type: ignore[no-any-return]
            url, connect_timeout=timeout, autocommit=autocommit, **params
        )
    except psycopg.OperationalError as error:
        raise connect_error(str(error), url) from None
    except psycopg.ProgrammingError as error:
        raise ServerError(
            f"This is not a server address oxytimer can use: {error}", "bad_address", redact(url)
        ) from None


def connect_error(message: str, url: str) -> ServerError:
    """What a failed connection means, in a sentence (the password never shown)."""
    where = redact(url)
    low = message.lower()
    if "no password supplied" in low:
        return ServerError(
            f"The server asks for a password and none is saved for {where}: give it once"
            " (oxytimer sync URL --password, or Settings).",
            "no_password",
            where,
        )
    if "password authentication failed" in low:
        return ServerError(
            f"The server refused the user name or password ({where}).", "password_refused", where
        )
    if "does not exist" in low and "database" in low:
        return ServerError(
            f"There is no such database on the server ({where}).", "no_database", where
        )
    if "timeout" in low or "timed out" in low:
        return ServerError(
            f"The server did not answer in time ({where}): check the network.", "timeout", where
        )
    if "connection refused" in low or "could not connect" in low or "no route" in low:
        return ServerError(
            f"No server answers at {where}: check the address and the network.",
            "unreachable",
            where,
        )
    if "ssl" in low or "certificate" in low:
        return ServerError(
            f"A secure connection to {where} could not be made: {message.strip()}", "tls", where
        )
    return ServerError(f"Could not connect to {where}: {message.strip()}", "other", where)


def redact(url: str) -> str:
    """``url`` with its password hidden, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def server_migrations(conn: psycopg.Connection[Any]) -> list[str]:
    """The SQLite migrations whose schema the server holds (empty on a new server)."""
    exists = conn.execute("SELECT to_regclass(%s)", [ss.VERSION_TABLE]).fetchone()
    if exists is None or exists[0] is None:
        return []
    return [r[0] for r in conn.execute(f"SELECT name FROM {ss.VERSION_TABLE} ORDER BY name")]


@dataclass(frozen=True)
class InitResult:
    created: bool
    applied: list[str]


def study_zone() -> str:
    """The time zone the server's stored dose counts days in: this computer's (the one
    that runs ``server init``), as PostgreSQL names it."""
    import time

    from oxytimer.storage.server_analysis import local_zone, posix_offset

    return local_zone() or posix_offset(time.localtime().tm_gmtoff)


def init_server(url: str) -> InitResult:
    """Create the study's tables on the server, or bring them up to this version.

    The stored per-mother summary (storage/server_summary_table.py) is made too, and
    filled for every mother when it is new (or the time zone changed), after the tables'
    transaction, a chunk of mothers per transaction: a large server takes a while once.
    """
    from oxytimer.storage import server_summary_table as summary_table

    schema = ss.sqlite_schema()
    psycopg = _driver()
    with connect(url) as conn:
        try:
            with conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(hashtext('oxytimer server init'))")
                have = server_migrations(conn)
                newer = [name for name in have if name not in schema.migrations]
                if newer:
                    raise ServerSchemaNewerError(
                        "This server was set up by a newer version of oxytimer (it has"
                        f" {', '.join(newer)}): update oxytimer on this computer first."
                    )
                conn.execute(
                    f"CREATE TABLE IF NOT EXISTS {ss.VERSION_TABLE} (name text PRIMARY KEY,"
                    " applied_at timestamptz NOT NULL DEFAULT now())"
                )
                for table in ss.SERVER_TABLES:
                    conn.execute(ss.create_table_sql(schema.tables[table]))
                    _add_missing_columns(conn, table, schema.columns[table])
                for index in schema.indexes:
                    conn.execute(ss.create_index_sql(index))
                for trigger in schema.triggers:
                    for statement in ss.trigger_sql(*trigger):
                        conn.execute(statement)
                for statement in [*ss.access_sql(), *ss.arrivals_sql()]:
                    conn.execute(statement)
                zone = study_zone()
                for statement in summary_table.setup_sql(zone):
                    conn.execute(statement)
                for statement, params in summary_table.state_sql(zone):
                    conn.execute(statement, params)
                missing = [name for name in schema.migrations if name not in have]
                for name in missing:
                    conn.execute(f"INSERT INTO {ss.VERSION_TABLE} (name) VALUES (%s)", [name])
        except psycopg.errors.InsufficientPrivilege as error:
            raise ServerError(
                "This user may not create tables or roles on the server: run"
                f" 'oxytimer server init' as the database's owner ({error.diag.message_primary})."
            ) from None
        # The stored rows of mothers marked above (a new table, another time zone), a
        # chunk per transaction: cut off, the next init (or any write) goes on from there.
        while True:
            with conn.transaction():
                done = conn.execute(
                    "SELECT oxytimer_summary_refresh(%s)", [summary_table.FILL_CHUNK]
                ).fetchone()
            if not done or not done[0]:
                break
    return InitResult(created=not have, applied=missing)


def _add_missing_columns(
    conn: psycopg.Connection[Any], table: str, columns: list[tuple[str, str, bool, str | None]]
) -> None:
    present = {
        r[0]
        for r in conn.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s",
            [table],
        )
    }
    for name, sqlite_type, notnull, default in columns:
        if name in present:
            continue
        clause = f'ALTER TABLE {table} ADD COLUMN "{name}" {ss.pg_type(sqlite_type)}'
        if default is not None:
            clause += f" DEFAULT {default}"
            if notnull:
                clause += " NOT NULL"
        conn.execute(clause)


@dataclass(frozen=True)
class Credentials:
    role: str
    password: str
    url: str


def _new_login(conn: psycopg.Connection[Any], role: str, group: str, url: str) -> Credentials:
    from psycopg import sql

    exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role]).fetchone()
    if exists is not None:
        raise ServerError(f"The server already has a role {role}: each is made once.")
    password = secrets.token_urlsafe(18)
    conn.execute(
        sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} IN ROLE {}").format(
            sql.Identifier(role), sql.Literal(password), sql.Identifier(group)
        )
    )
    parts = urlsplit(url)
    host = parts.hostname or "localhost"
    port = f":{parts.port}" if parts.port else ""
    login = urlunsplit(parts._replace(netloc=f"{role}@{host}{port}"))
    return Credentials(role=role, password=password, url=login)


def add_site(url: str, code: str) -> Credentials:
    """Create the login role of puskesmas ``code``; its password is returned once."""
    code = code.strip().upper()
    if not SITE_CODE.match(code):
        raise ServerError(
            f"{code!r} is not a site code: 2–8 capital letters or digits, starting with a letter."
        )
    role = f"oxytimer_site_{code.lower()}"
    with connect(url) as conn, conn.transaction():
        if not server_migrations(conn):
            raise ServerError(
                "The server is not set up yet: run 'oxytimer server init URL'.", "not_initialised"
            )
        credentials = _new_login(conn, role, ss.SITE_GROUP, url)
        conn.execute(
            f"INSERT INTO {ss.ROLES_TABLE} (role_name, site_code) VALUES (%s, %s)", [role, code]
        )
    return credentials


def add_coordinator(url: str, name: str) -> Credentials:
    """Create a coordinator's login role (reads every site); its password is returned once."""
    if not ROLE_NAME.match(name):
        raise ServerError(
            f"{name!r} is not a role name: small letters, digits and _, starting with a letter."
        )
    with connect(url) as conn, conn.transaction():
        if not server_migrations(conn):
            raise ServerError(
                "The server is not set up yet: run 'oxytimer server init URL'.", "not_initialised"
            )
        return _new_login(conn, f"oxytimer_coord_{name}", ss.COORDINATOR_GROUP, url)
