"""The tamper-evident audit trail: a hash chain over ``audit_log`` and its checks.

Each database keeps its own chain in ``audit_chain`` (migration ``0005_audit_chain``):
one row per audit row, in the order the rows arrived *in this database* (written by
oxytimer, imported, or brought in by a merge), holding
``sha256(previous hash + the audit row's content)``. The chain is local, like the
export secret: merging copies audit rows, never chain rows, and each database extends
its own chain as the rows arrive. So the clinical tables and ``audit_log`` of A+B and
B+A stay identical while each file can still prove that nothing in its own trail was
changed, deleted or slipped in afterwards.

The chain is extended by a trigger on ``audit_log`` that calls :func:`chain_hash`
through the SQL function ``oxytimer_chain_hash``, registered on oxytimer's connections
only (:func:`register_functions`): an audit row inserted with another tool (the sqlite3
shell, a database browser) fails with "no such function", and one inserted after the
trigger was dropped is not in the chain. Changes to scores, score items and screenings
are refused unless oxytimer's repository is writing (``oxytimer_audited()``, the same
way).

What this detects: any change with ordinary tools (a changed, deleted or added audit
row, a dropped trigger). It is not a signature: someone who reads this module and
recomputes the chain with Python can forge it; the backups keep the older states.

Checks:

* :func:`check_at_open` (the app at start, the CLI before export and merge): the
  protective triggers, the chain rows added since the last verified position (kept in
  ``audit_chain_state``), and the counts; the whole chain is walked only when the counts
  or the remembered position disagree (then to say where).
* :func:`verify_chain` (``oxytimer verify``): the whole chain.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from hashlib import sha256 as _sha256
from typing import Any, Final

from oxytimer.storage.repository import StorageError

AUDIT_COLUMNS: Final = (
    "id",
    "at",
    "operator",
    "action",
    "table_name",
    "record_id",
    "field",
    "old_value",
    "new_value",
    "reason",
)
"""The audit row's columns the chain covers, in the order they are hashed."""

PROTECTIVE_TRIGGERS: Final = (
    "audit_log_no_update",
    "audit_log_no_delete",
    "audit_log_no_replace",
    "audit_log_chain",
    "audit_chain_no_update",
    "audit_chain_no_delete",
    "audit_chain_no_replace",
    "sessions_no_delete",
    "sessions_no_replace",
    "mothers_no_delete",
    "mothers_no_replace",
    "scores_no_delete",
    "scores_no_replace",
    "scores_audited_update",
    "score_items_no_delete",
    "score_items_no_replace",
    "score_items_audited_update",
    "screenings_no_delete",
    "screenings_no_replace",
    "screenings_audited_update",
)
"""The triggers that protect the records and their trail; each is checked at open."""

MAX_BREAKS: Final = 1000
"""At most this many breaks are listed (the rest are counted)."""

# Kinds of break.
CHANGED: Final = "changed"
DELETED: Final = "deleted"
INSERTED: Final = "inserted"
TRIGGER_MISSING: Final = "trigger_missing"
NO_CHAIN: Final = "no_chain"


def _encoded(value: Any) -> str:
    """One value, tagged with its SQLite type and (for text) its length, so that no two
    different rows can give the same string."""
    if value is None:
        return "n"
    if isinstance(value, str):
        return f"s{len(value)}:{value}"
    if isinstance(value, bytes):
        return f"b{value.hex()}"
    return f"{type(value).__name__[0]}{value!r}"  # int, float


def chain_hash(previous: str | None, *content: Any) -> str:
    """``sha256`` of the previous hash and one audit row's content (hex).

    The content is the values of :data:`AUDIT_COLUMNS` as SQLite stores them, each
    tagged with its type (``None`` is not ``"None"``, ``1`` is not ``"1"``).
    """
    text = "\x1f".join([previous or "", *map(_encoded, content)])
    return _sha256(text.encode("utf-8")).hexdigest()


def register_functions(conn: sqlite3.Connection, audited: Callable[[], bool]) -> None:
    """Register the SQL functions the protective triggers call on ``conn``.

    Args:
        conn: An oxytimer connection.
        audited: Whether the repository is writing (changes to scores, score items and
            screenings are allowed only then).
    """
    conn.create_function("oxytimer_chain_hash", 1 + len(AUDIT_COLUMNS), chain_hash)
    conn.create_function("oxytimer_audited", 0, lambda: int(audited()))


@dataclass(frozen=True)
class AuditBreak:
    """One place where the trail is not what the chain says.

    Attributes:
        kind: ``changed`` (the row's content is not what was chained), ``deleted`` (a
            chained row is gone), ``inserted`` (a row that is not in the chain: added
            with another tool or while the triggers were dropped), ``trigger_missing``
            (a protective trigger was dropped), ``no_chain`` (the chain tables are gone).
        position: The row's place in this database's chain (1 = first), if it has one.
        audit_id: The audit row's id (for a missing trigger: the trigger's name).
        table_name: The audited record's table, if known.
        record_id: The audited record's id, if known.
        at: The audit row's time, if known.
    """

    kind: str
    position: int | None = None
    audit_id: str = ""
    table_name: str | None = None
    record_id: str | None = None
    at: str | None = None

    def describe(self) -> str:
        """One English line (the CLI's; the app translates its own)."""
        where = f"row {self.position} of the trail" if self.position else "a row"
        what = f"{self.table_name} {self.record_id}" if self.table_name else ""
        when = f", written {self.at}" if self.at else ""
        if self.kind == TRIGGER_MISSING:
            return f"the protective trigger {self.audit_id} is missing (dropped)"
        if self.kind == NO_CHAIN:
            return "the audit trail's hash chain is missing (its table was dropped)"
        if self.kind == CHANGED:
            return f"{where} (audit {self.audit_id}: {what}{when}) was changed"
        if self.kind == DELETED:
            return f"{where} (audit {self.audit_id}) was deleted"
        return (
            f"audit row {self.audit_id} ({what}{when}) was added outside oxytimer"
            " (it is not in the chain)"
        )


@dataclass
class ChainCheck:
    """The result of checking the trail.

    Attributes:
        breaks: What is wrong, first found first (at most :data:`MAX_BREAKS`).
        more: Breaks found beyond those listed.
        checked: Chain rows whose hash was recomputed.
        full: Whether the whole chain was walked.
    """

    breaks: list[AuditBreak] = field(default_factory=list)
    more: int = 0
    checked: int = 0
    full: bool = False

    @property
    def ok(self) -> bool:
        return not self.breaks

    def add(self, item: AuditBreak) -> None:
        if len(self.breaks) < MAX_BREAKS:
            self.breaks.append(item)
        else:
            self.more += 1

    def first(self) -> AuditBreak:
        """The break to tell first: a row (it says where), else a missing trigger."""
        rows = (b for b in self.breaks if b.kind != TRIGGER_MISSING)
        return next(rows, self.breaks[0])

    def sentence(self) -> str:
        """What is wrong and what to do, in one English paragraph (CLI)."""
        first = self.first().describe()
        others = len(self.breaks) - 1 + self.more
        also = f" (and {others} more problem(s); run 'oxytimer verify' to list them)"
        return (
            f"the audit trail of this database has been tampered with: {first}"
            f"{also if others else ''}. oxytimer changed nothing. Keep this file and its backups"
            " folder as they are and give both to the study's data manager, who can compare"
            " it with a backup made before the change ('oxytimer restore' puts one back)."
        )


class AuditTrailBrokenError(StorageError):
    """The audit trail was tampered with: export and merge are refused (the message says
    where and what to do)."""

    def __init__(self, check: ChainCheck, whose: str = "this database") -> None:
        super().__init__(check.sentence().replace("this database", whose, 1))
        self.check = check


def require_intact(
    conn: sqlite3.Connection, whose: str = "this database", *, remember: bool = True
) -> None:
    """Refuse to go on (export, merge) when :func:`check_at_open` finds a break.

    Args:
        conn: The database.
        whose: How the sentence names it ("this database", or a merge source's path).
        remember: Whether to record the verified position (not in a merge source).

    Raises:
        AuditTrailBrokenError: The trail is broken; the message says where.
    """
    if not chain_applies(conn):
        return  # an older oxytimer's file: no chain to check (merge still checks its rows)
    check = check_at_open(conn, remember=remember)
    if not check.ok:
        raise AuditTrailBrokenError(check, whose)


def chain_applies(conn: sqlite3.Connection) -> bool:
    """Whether the database was given the chain (migration ``0005_audit_chain``): an
    older oxytimer's file (a merge source) has none to check."""
    from oxytimer.storage.schema import MIGRATION_SET, MIGRATIONS_TABLE

    try:
        row = conn.execute(
            f"SELECT 1 FROM [{MIGRATIONS_TABLE}] WHERE migration_set = ? AND name = ?",
            [MIGRATION_SET, "0005_audit_chain"],
        ).fetchone()
    except sqlite3.OperationalError:  # no migrations table
        return False
    return row is not None


def has_chain(conn: sqlite3.Connection) -> bool:
    """Whether the database has the chain tables (migration ``0005_audit_chain``)."""
    found = conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
        " AND name IN ('audit_chain', 'audit_chain_state')"
    ).fetchone()[0]
    return bool(found == 2)


def missing_triggers(conn: sqlite3.Connection) -> list[str]:
    """The protective triggers that are not in the database, in :data:`PROTECTIVE_TRIGGERS`
    order."""
    present = {
        str(r[0]) for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    }
    return [name for name in PROTECTIVE_TRIGGERS if name not in present]


_COLUMNS_SQL: Final = ", ".join(AUDIT_COLUMNS)


class _AuditRows:
    """The audit rows in the order they were written, read alongside the chain.

    The chain follows the order the rows were written (the trigger chains each row as it
    is inserted; the upgrade chained the older rows by rowid), so the rows are read in
    one pass by rowid instead of one lookup by id per chain row (which reads the file
    out of order and was most of a full walk's time). A row that is not where the chain
    expects it (deleted, or one not in the chain in between) is looked up by id.
    """

    def __init__(self, conn: sqlite3.Connection, after: int) -> None:
        self.conn = conn
        start = conn.execute(
            "SELECT l.rowid FROM audit_chain c JOIN audit_log l ON l.id = c.audit_id"
            " WHERE c.seq IN (?, ?) ORDER BY c.seq LIMIT 1",
            [after, after + 1],
        ).fetchone()
        first = 0 if start is None else int(start[0])
        self.cursor = conn.execute(
            f"SELECT {_COLUMNS_SQL} FROM audit_log WHERE rowid >= ? ORDER BY rowid", [first]
        )
        self.pending: tuple[Any, ...] | None = self.cursor.fetchone()

    def _chained(self, audit_id: Any) -> bool:
        found = self.conn.execute(
            "SELECT 1 FROM audit_chain WHERE audit_id = ?", [audit_id]
        ).fetchone()
        return found is not None

    def content(self, audit_id: Any, done: Any) -> tuple[Any, ...] | None:
        """The row with ``audit_id`` (None if it is gone); ``done`` is the previous
        chain row's id (skipped when reading from the verified position)."""
        while self.pending is not None and self.pending[0] != audit_id:
            if self.pending[0] != done and self._chained(self.pending[0]):
                break  # a chained row further on: this chain row's audit row is elsewhere
            self.pending = self.cursor.fetchone()  # not chained: _unchained reports it
        if self.pending is not None and self.pending[0] == audit_id:
            row, self.pending = self.pending, self.cursor.fetchone()
            return row
        found = self.conn.execute(
            f"SELECT {_COLUMNS_SQL} FROM audit_log WHERE id = ?", [audit_id]
        ).fetchone()
        return None if found is None else tuple(found)


def _walk(
    conn: sqlite3.Connection, after: int, previous: str, result: ChainCheck
) -> tuple[int, str]:
    """Check the chain rows after position ``after``; return the last position and hash.

    Each row is checked against the stored hash of the one before it, so one changed row
    is reported alone, not with every row after it.
    """
    last_seq, last_hash = after, previous
    done = conn.execute("SELECT audit_id FROM audit_chain WHERE seq = ?", [after]).fetchone()
    last_id = None if done is None else done[0]
    rows = _AuditRows(conn, after)
    chain = conn.execute(
        "SELECT seq, audit_id, hash FROM audit_chain WHERE seq > ? ORDER BY seq", [after]
    )
    for seq, audit_id, stored in chain:
        content = rows.content(audit_id, last_id)
        if seq != last_seq + 1:
            # Chain rows were removed (with their audit rows): the link cannot be checked.
            result.add(AuditBreak(DELETED, last_seq + 1, "?"))
        elif content is None:
            result.add(AuditBreak(DELETED, seq, str(audit_id)))
        else:
            result.checked += 1
            if chain_hash(last_hash, *content) != stored:
                row = dict(zip(AUDIT_COLUMNS, content, strict=True))
                result.add(
                    AuditBreak(
                        CHANGED, seq, str(audit_id), row["table_name"], row["record_id"], row["at"]
                    )
                )
        last_seq, last_hash, last_id = int(seq), str(stored), audit_id
    return last_seq, last_hash


def _unchained(conn: sqlite3.Connection) -> Iterator[AuditBreak]:
    cursor = conn.execute(
        "SELECT l.id, l.table_name, l.record_id, l.at FROM audit_log l"
        " WHERE NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.audit_id = l.id)"
        " ORDER BY l.rowid"
    )
    for audit_id, table_name, record_id, at in cursor:
        yield AuditBreak(INSERTED, None, str(audit_id), table_name, record_id, at)


def verify_chain(conn: sqlite3.Connection) -> ChainCheck:
    """Walk the whole chain (``oxytimer verify``): every break, with where it is."""
    result = ChainCheck(full=True)
    for name in missing_triggers(conn):
        result.add(AuditBreak(TRIGGER_MISSING, audit_id=name))
    if not has_chain(conn):
        result.add(AuditBreak(NO_CHAIN))
        return result
    _walk(conn, 0, "", result)
    for item in _unchained(conn):
        result.add(item)
    return result


def _counts_agree(conn: sqlite3.Connection) -> bool:
    """Whether there are as many audit rows as chain positions (``seq`` has no gaps:
    chain rows are never deleted), so none was deleted or added outside the chain."""
    logged = conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    last = conn.execute("SELECT coalesce(max(seq), 0) FROM audit_chain").fetchone()[0]
    return bool(logged == last)


def _tail_chained(conn: sqlite3.Connection) -> bool:
    """Whether the newest audit row is in the chain (no row was appended around it)."""
    row = conn.execute(
        "SELECT EXISTS (SELECT 1 FROM audit_chain c WHERE c.audit_id ="
        " (SELECT id FROM audit_log ORDER BY rowid DESC LIMIT 1))"
        " OR NOT EXISTS (SELECT 1 FROM audit_log)"
    ).fetchone()
    return bool(row[0])


def check_at_open(conn: sqlite3.Connection, *, remember: bool = True) -> ChainCheck:
    """The quick check: triggers, the chain since the last verified position.

    Only the chain rows after the last verified position are hashed; the rows before it
    are not read. Every change to the trail with ordinary tools needs a protective trigger
    dropped (the app finds it missing) or, if it was put back, changes the schema's
    version: then the audit rows are counted against the chain, and when anything
    disagrees (a missing trigger, the counts, the remembered position, an unchained
    newest row) the whole chain is walked to say where. When all is well and ``remember``
    is true the position (and the schema version) are recorded (best effort: a read-only
    file is checked again next time). A break is never recorded as verified: it is found
    again at every open until the file is put right.

    Args:
        conn: The database.
        remember: Whether to record the new verified position.
    """
    result = ChainCheck()
    missing = missing_triggers(conn)
    for name in missing:
        result.add(AuditBreak(TRIGGER_MISSING, audit_id=name))
    if not has_chain(conn):
        result.add(AuditBreak(NO_CHAIN))
        return result
    schema = int(conn.execute("PRAGMA schema_version").fetchone()[0])
    state = conn.execute(
        "SELECT verified_seq, verified_hash, schema_version FROM audit_chain_state WHERE id = 1"
    ).fetchone()
    verified = 0 if state is None else int(state[0])
    after, previous = (0, "") if state is None else (verified, str(state[1]))
    if after:
        here = conn.execute("SELECT hash FROM audit_chain WHERE seq = ?", [after]).fetchone()
        if here is None or here[0] != previous:
            after, previous = 0, ""  # the verified part was altered: walk it all
    agree = True
    if missing or state is None or int(state[2]) != schema or not _tail_chained(conn):
        agree = _counts_agree(conn) and _tail_chained(conn)
    if after and (missing or not agree):
        after, previous = 0, ""  # tampered with: find where
    result.full = after == 0
    last_seq, last_hash = _walk(conn, after, previous, result)
    if result.full or not agree:
        for item in _unchained(conn):
            result.add(item)
    changed = (last_seq, schema) != (verified, state and state[2])
    if result.ok and remember and changed and not conn.in_transaction:
        try:
            with conn:
                conn.execute(
                    "INSERT INTO audit_chain_state"
                    " (id, verified_seq, verified_hash, schema_version) VALUES (1, ?, ?, ?)"
                    " ON CONFLICT (id) DO UPDATE SET"
                    " verified_seq = excluded.verified_seq,"
                    " verified_hash = excluded.verified_hash,"
                    " schema_version = excluded.schema_version",
                    [last_seq, last_hash, schema],
                )
        except sqlite3.Error:
            pass  # read-only or busy: the same rows are checked again next time
    return result


def build_chain(conn: sqlite3.Connection, *, empty: bool = False) -> int:
    """Chain the audit rows that are not chained yet, in the order they were written.

    Used once, by the migration that adds the chain (existing databases stay valid).
    Returns how many rows were chained.

    Args:
        conn: The database.
        empty: The chain is known to be empty (the migration): every row is read
            without looking it up in the chain.
    """
    last = conn.execute("SELECT hash FROM audit_chain ORDER BY seq DESC LIMIT 1").fetchone()
    previous = "" if last is None else str(last[0])
    unchained = (
        "" if empty else " WHERE NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.audit_id = l.id)"
    )
    cursor = conn.execute(
        f"SELECT {', '.join(AUDIT_COLUMNS)} FROM audit_log l{unchained} ORDER BY l.rowid"
    )
    count = 0
    while True:
        rows = cursor.fetchmany(10_000)
        if not rows:
            break
        batch = []
        for content in rows:
            previous = chain_hash(previous, *content)
            batch.append((content[0], previous))
        conn.executemany("INSERT INTO audit_chain (audit_id, hash) VALUES (?, ?)", batch)
        count += len(batch)
    return count


MISSING_AUDIT_TABLES: Final = ("mothers", "screenings", "sessions", "scores")


def records_missing_audit(conn: sqlite3.Connection) -> dict[str, set[str]]:
    """The records that have no ``insert`` audit row, by table (merge refuses them).

    Every mother, screening, session and score oxytimer writes (by hand, import, demo or
    merge) comes with the audit row of its insertion; one without it was written by
    something else, or its trail was deleted.
    """
    # One sorted pass over each side (the ids through their primary-key indexes, the
    # audit rows read in file order and sorted), not one index lookup per record: on a
    # large file those lookups land on random pages (11 s of CPU at 100,000 mothers,
    # 5 s this way; time in proportion to the rows).
    names = ", ".join(f"'{t}'" for t in MISSING_AUDIT_TABLES)
    records = " UNION ALL ".join(f"SELECT '{t}', id FROM {t}" for t in MISSING_AUDIT_TABLES)
    missing: dict[str, set[str]] = {t: set() for t in MISSING_AUDIT_TABLES}
    for table, record_id in conn.execute(
        f"{records} EXCEPT SELECT table_name, record_id FROM audit_log NOT INDEXED"
        f" WHERE action = 'insert' AND table_name IN ({names}) ORDER BY 1, 2"
    ):
        missing[str(table)].add(str(record_id))
    return {t: ids for t, ids in missing.items() if ids}
