"""Settings for operations that read or write a whole table (import, export, merge), and
the ids their bulk inserts give to new rows."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
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
