"""Syncing this laptop with the study server: the file merge's rules, both ways.

``oxytimer sync [URL]`` and Data → Sync call :func:`sync`. It connects as the laptop's
puskesmas role (the password from libpq's password file, never from oxytimer's files),
then

1. **pulls**: the server's records of the role's site (row-level security shows it no
   other) are merged into this file with :class:`~oxytimer.storage.merge_rules.MergeRules`,
   exactly as another laptop's file would be: by UUID, idempotent, order-free, audited
   updates brought up to date, conflicts held back with their dependants and kept here
   (``merge_conflicts``) until a person resolves them (``oxytimer conflicts``). One SQLite
   transaction here, reading one snapshot of the server;
2. **pushes**: this file's records of the role's site are merged into the server by the
   same rules, in one PostgreSQL transaction (pushes of one site wait for each other: an
   advisory lock per site). A record in conflict is not sent; the conflict is the one the
   pull just met and kept here, resolved here, and sent by the next sync. A conflict met
   only here (another laptop's push reached the server between this pull and this push)
   is kept here too, as if the server's copy had been merged into this file
   (:func:`as_kept_here`): resolved the same way.

Only what changed since the last sync is compared: the server numbers audit rows as
they arrive (``oxytimer_arrivals``), this file numbers its own as they are written (its
audit chain), so a pull asks for the records named by audit rows that arrived on the
server after the last one it saw (``sync_server.pulled_seq``), a push sends the records
named by audit rows written here after the last push (``pushed_seq``). Changes without
an audit row (a running session's heartbeat; a merge rule's bookkeeping) are marked by
triggers on both sides, whatever writes them: on the server in ``oxytimer_changes``,
numbered on the arrivals' own line (storage/server_changes.py), here in
``sync_changes`` (migration 0012, its own numbers: ``pushed_change``). Two copies that
differ only there are no conflict: the one whose heartbeat went on later wins. Sites
are always compared whole. A direction that held back a conflict does not move its
mark: the next sync asks again for everything after it. What one direction brought is
not sent back by the other. The first sync with a server, and ``full=True``, compare
every row.

A sync cut off at any moment (network lost, laptop closed, kill -9) loses nothing: each
direction commits whole or not at all (its mark with it), and the next sync finishes the
job. Every failure
a person can meet is a :class:`~oxytimer.storage.server.ServerError` with a sentence and
a ``code`` the app translates.

The server's address (without the password) is kept in this database (``sync_server``,
migration 0009, never merged) with the time and counts of the last sync.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import urlsplit, urlunsplit

from oxytimer.storage.merge_rules import (
    TABLES,
    MergeConflict,
    MergeLeftOut,
    MergeReport,
    MergeRules,
    Row,
    RowSource,
    audit_record,
)
from oxytimer.storage.server import CONNECT_TIMEOUT, ServerError, connect, redact
from oxytimer.storage.sync_rows import LaptopSource, ServerSource, ServerTarget, Trips

if TYPE_CHECKING:
    import psycopg

    from oxytimer.storage.database import Database
    from oxytimer.storage.repository import Repository

BATCH: Final = 2000
"""Rows read, checked and written at a time (each batch is a few round trips)."""

SESSION: Final = {
    # Row-level security makes the planner's cost estimates of a site's reads large:
    # compiling them (JIT) costs more than running them.
    "options": "-c jit=off",
    # A network that goes away during a sync is noticed in about a minute, not hours.
    "keepalives": 1,
    "keepalives_idle": 30,
    "keepalives_interval": 10,
    "keepalives_count": 3,
    "tcp_user_timeout": 60000,
}
"""libpq parameters of a sync's connection."""

Checkpoint = Callable[[str, str, int, bool], None]
"""Called at each step: direction (``pull``/``push``), step (a table, ``commit`` before
committing, ``committed`` after), batch number, and whether it is the step's last call.
It may raise to stop the sync there (the app's Cancel): that direction is rolled back."""

Progress = Callable[[int, int], None]
"""Rows done and rows in all (both directions; the total grows when the pull adds)."""


@dataclass
class SyncResult:
    """What a sync did.

    Attributes:
        server: The server's address (no password).
        codes: The sites the role syncs.
        pulled: The pull into this laptop (conflicts kept here).
        pushed: The push into the server.
        kept: The push's conflicts as kept here (:func:`as_kept_here`), beside the pull's.
        other_sites_mothers: Mothers here of other sites, not sent.
        round_trips: Queries sent to the server.
    """

    server: str
    codes: list[str]
    pulled: MergeReport = field(default_factory=MergeReport)
    pushed: MergeReport = field(default_factory=MergeReport)
    kept: MergeReport = field(default_factory=MergeReport)
    other_sites_mothers: int = 0
    round_trips: int = 0

    @property
    def conflicts(self) -> int:
        """Conflicts held back, each counted once: the push meets again what the pull
        met and kept here (the same record, or for a study code taken, the other mother
        holding the code)."""
        pulled = {c.record_id for c in self.pulled.conflicts}
        again = [
            c
            for c in self.pushed.conflicts
            if c.record_id in pulled or str(c.detail.get("here", "")) in pulled
        ]
        return len(self.pulled.conflicts) + len(self.pushed.conflicts) - len(again)


# ------------------------------------------------------------------ the saved server
@dataclass(frozen=True)
class SavedServer:
    url: str
    last_sync_at: str | None
    last_sent: int | None
    last_received: int | None
    pulled_seq: int | None = None
    pushed_seq: int | None = None
    pushed_change: int | None = None


def without_password(url: str) -> tuple[str, str | None]:
    """``url`` without its password, and the password (None when it has none)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url, None
    user = parts.username or ""
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    port = f":{parts.port}" if parts.port else ""
    netloc = f"{user}@{host}{port}" if user else f"{host}{port}"
    return urlunsplit(parts._replace(netloc=netloc)), parts.password


def saved_server(db: Database) -> SavedServer | None:
    """The server this laptop syncs with, or None when it never synced."""
    row = db.execute(
        "SELECT url, last_sync_at, last_sent, last_received, pulled_seq, pushed_seq,"
        " pushed_change FROM sync_server WHERE id = 1"
    ).fetchone()
    return None if row is None else SavedServer(*row)


def save_server(db: Database, url: str) -> str:
    """Keep the server's address (its password is dropped: it goes to libpq's file).

    Another server than before: the next sync compares everything.
    """
    clean, _ = without_password(url.strip())
    with db.atomic():
        db.execute(
            "INSERT INTO sync_server (id, url) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET"
            " pulled_seq = CASE WHEN url = excluded.url THEN pulled_seq END,"
            " pushed_seq = CASE WHEN url = excluded.url THEN pushed_seq END,"
            " pushed_change = CASE WHEN url = excluded.url THEN pushed_change END,"
            " url = excluded.url",
            [clean],
        )
    return clean


def _record(
    db: Database,
    now: str,
    sent: int,
    received: int,
    pushed_seq: int | None,
    pulled_seq: int | None,
    pushed_change: int | None = None,
) -> None:
    """The last sync's time and counts, and how far each direction got (None: as before)."""
    with db.atomic():
        db.execute(
            "UPDATE sync_server SET last_sync_at = ?, last_sent = ?, last_received = ?,"
            " pushed_seq = coalesce(?, pushed_seq), pulled_seq = coalesce(?, pulled_seq),"
            " pushed_change = coalesce(?, pushed_change) WHERE id = 1",
            [now, sent, received, pushed_seq, pulled_seq, pushed_change],
        )


def _newest_arrival(conn: psycopg.Connection[Any], trips: Trips, above: int) -> int:
    """The last arrival number above ``above`` this role sees on the server (its own
    uncommitted ones too), or ``above`` when there is none: reads only the arrivals
    after ``above``."""
    from oxytimer.storage.server_changes import CHANGES_TABLE
    from oxytimer.storage.server_schema import ARRIVALS_TABLE

    trips.count += 1
    row = conn.execute(
        f"SELECT max(seq) FROM (SELECT seq FROM {ARRIVALS_TABLE} WHERE seq > %s"
        f" UNION ALL SELECT seq FROM {CHANGES_TABLE} WHERE seq > %s) x",
        [above, above],
    ).fetchone()
    return above if row is None or row[0] is None else int(row[0])


def _chain_end(db: Database) -> int | None:
    row = db.execute("SELECT max(seq) FROM audit_chain").fetchone()
    return None if row[0] is None else int(row[0])


def _changes_end(db: Database) -> int:
    """The number of the last change marked here without an audit row (0: none)."""
    row = db.execute("SELECT coalesce(max(seq), 0) FROM sync_changes").fetchone()
    return int(row[0])


# ------------------------------------------------------------------ watching the rules
class _Watched:
    """A row source whose batches report progress and pass the checkpoint."""

    def __init__(
        self, source: Any, direction: str, checkpoint: Checkpoint, step: Callable[[int], None]
    ) -> None:
        self.source = source
        self.name: str = source.name
        self.direction = direction
        self.checkpoint = checkpoint
        self.step = step

    def columns(self, table: str) -> list[str]:
        return self.source.columns(table)  # type: ignore[no-any-return]

    def batches(self, table: str, columns: Sequence[str], size: int) -> Iterator[list[Row]]:
        number = 0
        for rows in self.source.batches(table, columns, size):
            number += 1
            self.checkpoint(self.direction, table, number, False)
            yield rows
            self.step(len(rows))
        self.checkpoint(self.direction, table, number, True)

    def trail(self, table: str, record_id: str) -> list[Row]:
        return self.source.trail(table, record_id)  # type: ignore[no-any-return]

    def laptop_tag(self) -> str | None:
        return self.source.laptop_tag()  # type: ignore[no-any-return]

    def unaudited(self) -> Mapping[str, set[str]]:
        return self.source.unaudited()  # type: ignore[no-any-return]


def _no_checkpoint(direction: str, step: str, number: int, last: bool) -> None:
    return None


# ------------------------------------------------------------------ checks
def _site_codes(conn: psycopg.Connection[Any], trips: Trips, where: str) -> list[str]:
    import psycopg

    trips.count += 1
    try:
        with conn.transaction():
            codes = sorted(str(r[0]) for r in conn.execute("SELECT oxytimer_site_codes()"))
    except (psycopg.errors.InsufficientPrivilege, psycopg.errors.UndefinedFunction):
        codes = []
    if not codes:
        raise ServerError(
            f"The user in {where} is not a puskesmas role of the study server: sync with the"
            " role 'oxytimer server add-site' made for this laptop's puskesmas.",
            "not_site_role",
            where,
        )
    return codes


def _check_server(
    conn: psycopg.Connection[Any], trips: Trips, repo: Repository, where: str
) -> list[str]:
    """The role's site codes, once the server is known to hold this version's tables."""
    from oxytimer.storage.schema import MIGRATION_NAMES
    from oxytimer.storage.server import server_migrations

    trips.count += 2
    have = server_migrations(conn)
    if not have:
        raise ServerError(
            f"The database at {where} holds no oxytimer study: the address names another"
            " database, or the administrator has not run 'oxytimer server init' yet.",
            "not_initialised",
            where,
        )
    newer = [name for name in have if name not in MIGRATION_NAMES]
    if newer:
        raise ServerError(
            f"The study server at {where} was set up by a newer version of oxytimer: update"
            " oxytimer on this laptop first.",
            "server_newer",
            where,
        )
    from oxytimer.storage.server_changes import CHANGES_TABLE

    trips.count += 1
    present: dict[str, set[str]] = {}
    for table, column in conn.execute(
        "SELECT table_name, column_name FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND table_name = ANY(%s)",
        [[*TABLES, CHANGES_TABLE]],
    ):
        present.setdefault(table, set()).add(column)
    if CHANGES_TABLE not in present:  # set up before the marks of changes (0012)
        raise ServerError(
            f"The study server at {where} is older than this oxytimer: ask its"
            " administrator to run 'oxytimer server init' with this version.",
            "server_older",
            where,
        )
    for table in TABLES:
        mine = {r[1] for r in repo.db.execute(f"PRAGMA table_info([{table}])")}
        if mine - present.get(table, set()):
            raise ServerError(
                f"The study server at {where} is older than this oxytimer: ask its"
                " administrator to run 'oxytimer server init' with this version.",
                "server_older",
                where,
            )
    return _site_codes(conn, trips, where)


@contextmanager
def _server_errors(where: str, step: str) -> Iterator[None]:
    """The driver's errors during a sync, as sentences (nothing of ``step`` was kept)."""
    import psycopg

    try:
        yield
    except psycopg.OperationalError as error:
        if "timeout" in str(error).lower() or "timed out" in str(error).lower():
            code, what = "timeout", "The server stopped answering"
        else:
            code, what = "connection_lost", "The connection to the server was lost"
        raise ServerError(
            f"{what} during the {step} ({where}): nothing of it was kept; sync again when the"
            " network is back.",
            code,
            where,
        ) from None
    except psycopg.Error as error:
        detail = error.diag.message_primary or str(error).strip()
        raise ServerError(
            f"The server refused the {step} ({where}): {detail}. Nothing of it was kept.",
            "refused",
            where,
        ) from None


# ------------------------------------------------------------------ the two directions
def _pull(
    repo: Repository,
    conn: psycopg.Connection[Any],
    source_name: str,
    trips: Trips,
    batch: int,
    checkpoint: Checkpoint,
    step: Callable[[int], None],
    since: int | None,
    sizes: Callable[[ServerSource], None],
) -> tuple[MergeReport, int | None]:
    from oxytimer.storage.audit_chain import require_intact
    from oxytimer.storage.conflicts import record_conflicts
    from oxytimer.storage.merge import SqliteTarget

    report = MergeReport()
    require_intact(repo.db.conn)
    trips.count += 3  # BEGIN, SET TRANSACTION, COMMIT
    with conn.transaction():
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        source = ServerSource(source_name, conn, trips, since)
        sizes(source)
        with repo._write():
            saved = saved_server(repo.db)
            all_sent = (
                saved is not None
                and saved.pushed_seq == _chain_end(repo.db)
                and (saved.pushed_change or 0) == _changes_end(repo.db)
            )
            rules = MergeRules(SqliteTarget(repo.db), report, batch)
            watched: RowSource = _Watched(source, "pull", checkpoint, step)
            rules.merge(watched)
            record_conflicts(repo.db, report, repo._now())
            whole = not report.conflicts and not report.left_out
            if whole:
                # Everything up to there is here: next time, only what arrives after it.
                # (Held back records are asked for again until their conflict is gone.)
                repo.db.execute("UPDATE sync_server SET pulled_seq = ?", [source.newest])
            if whole and all_sent:
                # What just came from the server need not go back to it.
                repo.db.execute(
                    "UPDATE sync_server SET pushed_seq = ?, pushed_change = ?",
                    [_chain_end(repo.db), _changes_end(repo.db)],
                )
            checkpoint("pull", "commit", 1, True)
    checkpoint("pull", "committed", 1, True)
    return report, (source.newest if whole else None)


def _push(
    repo: Repository,
    conn: psycopg.Connection[Any],
    where: str,
    codes: list[str],
    trips: Trips,
    batch: int,
    checkpoint: Checkpoint,
    step: Callable[[int], None],
    sizes: Callable[[LaptopSource], None],
    since: int | None,
    since_change: int,
    pulled_to: int | None,
) -> tuple[MergeReport, MergeReport, int, tuple[int | None, int], tuple[int | None, int | None]]:
    report = MergeReport()
    lite = repo.db.conn
    trips.count += 2 + len(codes)  # BEGIN, a lock per site, COMMIT
    with conn.transaction():
        for code in codes:  # sorted: two laptops of several sites never wait in a circle
            conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"oxytimer sync {code}"])
        target = ServerTarget(conn, trips)
        # Did anybody else send anything since the pull? (Only then do this push's own
        # arrivals need to come back to this laptop.)
        before = None if pulled_to is None else _newest_arrival(conn, trips, pulled_to)

        def server_site_ids() -> list[str]:
            trips.count += 1
            return [
                str(r[0])
                for r in conn.execute("SELECT id FROM sites WHERE code = ANY(%s)", [codes])
            ]

        lite.execute("BEGIN")  # one read snapshot of this file (no write lock)
        try:
            source = LaptopSource("this laptop", lite, codes, server_site_ids, since, since_change)
            sizes(source)
            others = source.other_sites_mothers()
            rules = MergeRules(target, report, batch)
            watched: RowSource = _Watched(source, "push", checkpoint, step)
            rules.merge(watched)
        finally:
            lite.execute("ROLLBACK")
        after = None if before is None else _newest_arrival(conn, trips, before)
        kept = as_kept_here(report, target, lite, where)
        checkpoint("push", "commit", 1, True)
    checkpoint("push", "committed", 1, True)
    return report, kept, others, (source.newest, source.newest_change), (before, after)


_TAKEN: Final = ("study_code_taken", "score_kind_taken", "assessment_kind_taken")


def as_kept_here(
    pushed: MergeReport, server: ServerTarget, lite: sqlite3.Connection, where: str
) -> MergeReport:
    """The push's conflicts as this laptop keeps them, as if the server's copy had been
    merged into this file: the server's row and its audit rows missing here are
    "theirs", this file's record is "here" (read in the push's transaction).

    * ``different_content``: the same record, the server's version beside this one
      (resolved by choosing values, as after a merge);
    * a natural key taken (a study code, a score's or an assessment's kind): the server's
      record holding it, ``here`` naming this file's (a study code: rename the mother
      here, and the next sync brings the other one in).

    Conflicts about this file's own rows (``audit_missing``, a site's name) are not about
    the server's records: they are reported, as from a merge of this file elsewhere.
    """
    kept = MergeReport()
    causes: dict[str, str] = {}
    for c in pushed.conflicts:
        if c.code == "different_content":
            key = c.record_id
            theirs = server.rows_by_key(c.table, [key]).get(key)
            if theirs is None:
                continue
            table, record_id, _ = audit_record(c.table, key)
            known = {
                str(r[0])
                for r in lite.execute(
                    "SELECT id FROM audit_log WHERE table_name = ? AND record_id = ?",
                    [table, record_id],
                )
            }
            trail = [a for a in server.trail(table, record_id) if a["id"] not in known]
            kept.conflicts.append(
                MergeConflict(
                    where, c.table, key, c.code, dict(c.detail), {"row": theirs, "trail": trail}
                )
            )
            causes[f"{c.table}/{key}"] = f"{c.table}/{key}"
        elif c.code in _TAKEN:
            other = str(c.detail.get("here", ""))
            theirs = server.rows_by_key(c.table, [other]).get(other)
            if theirs is None:
                continue
            detail = {**c.detail, "here": c.record_id}
            kept.conflicts.append(
                MergeConflict(where, c.table, other, c.code, detail, {"row": theirs, "trail": []})
            )
            causes[f"{c.table}/{c.record_id}"] = f"{c.table}/{other}"
    for x in pushed.left_out:
        if x.because in causes:
            kept.left_out.append(MergeLeftOut(where, x.table, x.record_id, causes[x.because]))
    return kept


def sync(
    repo: Repository,
    url: str | None = None,
    *,
    progress: Progress | None = None,
    checkpoint: Checkpoint | None = None,
    batch: int = BATCH,
    timeout: int = CONNECT_TIMEOUT,
    full: bool = False,
) -> SyncResult:
    """Pull the role's site's records from the server, then push this laptop's.

    Args:
        repo: This laptop's database (written by the pull).
        url: The server (libpq URL; a password in it is dropped, never kept here); None:
            the one this laptop synced with last.
        progress: Told rows done and rows in all, after each batch.
        checkpoint: Called at each step (see :data:`Checkpoint`); may raise to stop.
        batch: Rows at a time.
        timeout: Seconds to wait for the server to answer the connection.
        full: Compare every row both ways, not only what changed since the last sync
            (the first sync with a server always does).

    Raises:
        ServerError: a sentence (``code``: never synced, no driver, password refused,
            no such database, not set up, timeout, ... see :class:`ServerError`).
        StorageError: this database cannot be written, or its audit trail is broken.
    """
    if url is None or not url.strip():
        saved = saved_server(repo.db)
        if saved is None:
            raise ServerError(
                "This laptop has never synced: give the study server's address once, for"
                " example oxytimer sync 'postgresql://ROLE@HOST/DATABASE?sslmode=verify-full'"
                " (the administrator has it).",
                "never_synced",
            )
        url = saved.url
    url, _ = without_password(url.strip())
    where = redact(url)
    checkpoint = checkpoint or _no_checkpoint
    trips = Trips()
    done = [0]
    total = [0]

    def step(rows: int) -> None:
        done[0] += rows
        if progress is not None:
            progress(done[0], max(total[0], done[0]))

    conn = connect(url, timeout=timeout, autocommit=True, **SESSION)
    trips.count += 1
    try:
        with _server_errors(where, "check"):
            codes = _check_server(conn, trips, repo, where)
        with repo._write():  # a full disk or a read-only file: a StorageError
            save_server(repo.db, url)
        saved = saved_server(repo.db)
        pulled_seq = None if full or saved is None else saved.pulled_seq
        result = SyncResult(server=where, codes=codes)

        def pull_size(source: ServerSource) -> None:
            total[0] = source.count_rows()
            if progress is not None:
                progress(0, total[0])

        with _server_errors(where, "pull"):
            result.pulled, pulled_to = _pull(
                repo, conn, where, trips, batch, checkpoint, step, pulled_seq, pull_size
            )
        saved = saved_server(repo.db)  # the pull may have moved the push's start
        pushed_seq = None if full or saved is None else saved.pushed_seq
        pushed_change = 0 if saved is None else saved.pushed_change or 0

        def push_size(source: LaptopSource) -> None:
            total[0] = done[0] + source.count_rows()

        with _server_errors(where, "push"):
            result.pushed, result.kept, result.other_sites_mothers, newest, (before, after) = _push(
                repo,
                conn,
                where,
                codes,
                trips,
                batch,
                checkpoint,
                step,
                push_size,
                pushed_seq,
                pushed_change,
                pulled_to,
            )
    finally:
        conn.close()
    result.round_trips = trips.count
    whole = not result.pushed.conflicts and not result.pushed.left_out
    with repo._write():
        # Conflicts met only while sending (the server changed between the pull and the
        # push) are kept here as the pull's are: resolvable as after a merge.
        from oxytimer.storage.conflicts import record_conflicts

        if result.kept.conflicts:
            record_conflicts(repo.db, result.kept, repo._now())
        _record(
            repo.db,
            repo._now(),
            sent=result.pushed.total_added,
            received=result.pulled.total_added,
            pushed_seq=newest[0] if whole else None,
            pushed_change=newest[1] if whole else None,
            # Nobody else sent anything between this pull and this push: what this push
            # added need not come back.
            pulled_seq=after if whole and pulled_to is not None and before == pulled_to else None,
        )
    if progress is not None:
        progress(done[0], done[0])
    return result
