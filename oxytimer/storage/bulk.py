"""Settings for operations that read or write a whole table (import, export, merge), the
ids their bulk inserts give to new rows, and how they mark the stored summary stale."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Final

from oxytimer.storage.database import Database

BULK_CACHE_KIB: Final = 16 * 1024
"""SQLite's page cache during a bulk operation: 16 MiB (the default is 2 MiB)."""
IMPORT_CACHE_KIB: Final = 48 * 1024
"""The page cache while an import writes. Rows with random UUID keys (an imported
session's id comes from its site, code and time) land all over their indexes; once an
index outgrows the cache every insert waits for pages, and time grows faster than the
rows. The ids the import makes itself are time-ordered (:func:`ordered_id`) and land at
their indexes' ends; 48 MiB holds most of the rest up to 100,000 mothers (measured:
78 s of CPU for 100,000 against 88 s with 16 MiB; peak memory 207 MiB)."""


@contextmanager
def bulk_cache(db: Database, kib: int = BULK_CACHE_KIB, *, writing: bool = False) -> Iterator[None]:
    """For the block: a page cache of ``kib`` KiB and, when ``writing``, SQLite's
    statement journals in memory; then the previous settings. Enter it before the
    transaction begins.

    Every insert into a table with triggers keeps a statement journal (the pages it
    changes, to undo that one statement). SQLite keeps it in memory up to 64 KiB and in a
    temporary file from then on, for the rest of the transaction: two writes to that file
    for every page every later insert touches, the most part of a bulk insert's system
    time. ``temp_store = MEMORY`` keeps it in memory; it holds one statement's pages only
    (a bulk write has no savepoint inside its transaction), so it stays small. Not for
    reading (an export): temporary tables and indexes of large queries would then be held
    in memory too.
    """
    cache = db.execute("PRAGMA cache_size").fetchone()[0]
    temp_store = db.execute("PRAGMA temp_store").fetchone()[0]
    db.execute(f"PRAGMA cache_size = -{int(kib)}")
    if writing:
        db.execute("PRAGMA temp_store = MEMORY")
    try:
        yield
    finally:
        db.execute(f"PRAGMA cache_size = {int(cache)}")
        db.execute(f"PRAGMA temp_store = {int(temp_store)}")


def ordered_id() -> str:
    """A new random id that sorts by the time it was made: a UUID of version 7 (RFC 9562:
    48 bits of Unix time in milliseconds, then 74 random bits).

    Unique like a random (version 4) UUID, but rows made one after the other get ids next
    to each other: their primary-key index (and the audit chain's) grows at its end, in
    pages the cache holds, instead of at a random page of a large file.
    """
    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")  # 80 bits; 74 are used
    value = (
        (ms & 0xFFFF_FFFF_FFFF) << 80
        | 0x7 << 76
        | (rand >> 68) << 64
        | 0b10 << 62
        | rand & ((1 << 62) - 1)
    )
    h = f"{value:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


_MARK_INSERTED: Final[Mapping[str, str]] = {
    "mothers": "SELECT id FROM mothers WHERE rowid > :mothers",
    "sessions": "SELECT mother_id FROM sessions WHERE rowid > :sessions",
    "assessments": "SELECT mother_id FROM assessments WHERE rowid > :assessments",
    # A new score of a new session: her mother is marked by the session's row already.
    "scores": "SELECT s.mother_id FROM scores c JOIN sessions s ON s.id = c.session_id"
    " WHERE c.rowid > :scores AND s.rowid <= :sessions",
}
"""For each table whose inserts mark the stored summary stale (migration 0010's
``<table>_summary_insert`` triggers): the mothers of the rows inserted since its
largest rowid was ``:<table>``."""


@contextmanager
def summary_marked_at_end(db: Database) -> Iterator[None]:
    """For a bulk insert in the caller's transaction: the mothers of the rows it inserts
    are marked stale in ``summary_stale`` once, with one statement per table at the end,
    instead of by a trigger for every row.

    The summary's per-row insert triggers (migration 0010) are dropped for the block and
    created again from their own text after it, all in the transaction: a failure, or a
    process killed half way, rolls the triggers back with the rows. Their update triggers
    stay (a merge brings a few records up to date; the import fills in a few mothers).
    New rows get rowids past each table's largest (no table here has AUTOINCREMENT or
    deletes rows), so "inserted in the block" is "rowid past the largest before it".

    Per row, the triggers cost an insert into ``summary_stale`` and, for a score, a look-up
    of its session (its table row: at 100,000 mothers a merge's scores reach sessions all
    over a 190 MB table); here a score is looked up only when its session was already in
    the database, in the sessions' id index.

    A schema whose summary insert triggers are not the four this knows is left alone: its
    triggers mark the rows.
    """
    conn = db.conn
    assert conn.in_transaction, "summary_marked_at_end runs in the caller's transaction"
    triggers = conn.execute(
        "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'"
        " AND sql LIKE '%summary_stale%' AND sql LIKE '%AFTER INSERT ON%'"
    ).fetchall()
    if sorted(t[1] for t in triggers) != sorted(_MARK_INSERTED):
        yield
        return
    since = {
        table: conn.execute(f"SELECT coalesce(max(rowid), 0) FROM {table}").fetchone()[0]
        for table in _MARK_INSERTED
    }
    for name, _table, _sql in triggers:
        conn.execute(f'DROP TRIGGER "{name}"')
    try:
        yield
        for table, select in _MARK_INSERTED.items():
            if table == "scores" and not since["sessions"]:
                continue  # every session is new: their mothers are marked
            conn.execute(
                f"INSERT INTO summary_stale (mother_id) {select} ON CONFLICT DO NOTHING", since
            )
    finally:
        if conn.in_transaction:  # (after an error SQLite may have rolled back: they are back)
            present = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            }
            for name, _table, sql in triggers:
                if name not in present:
                    conn.execute(sql)
