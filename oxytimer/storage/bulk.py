"""Settings for operations that read or write a whole table (import, export)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Final

from oxytimer.storage.database import Database

BULK_CACHE_KIB: Final = 16 * 1024
"""SQLite's page cache during a bulk operation: 16 MiB (the default is 2 MiB). Rows with
random UUID keys land all over their indexes; once an index outgrows the cache every
insert waits for pages, and time grows faster than the rows. A fixed, bounded cache keeps
the growth linear up to far larger databases than the study's."""


@contextmanager
def bulk_cache(db: Database) -> Iterator[None]:
    """Use a :data:`BULK_CACHE_KIB` page cache for the block, then the previous one."""
    before = db.execute("PRAGMA cache_size").fetchone()[0]
    db.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
    try:
        yield
    finally:
        db.execute(f"PRAGMA cache_size = {int(before)}")
