"""Which schema migrations a database has, read without importing sqlite-utils.

The migrations themselves are sqlite-utils ``Migrations`` in
:mod:`oxytimer.storage.migrations`, which imports sqlite-utils (about 50 ms). Opening a
database that is up to date needs none of it: the names applied are read here with plain
SQL from the table sqlite-utils keeps them in, and :mod:`oxytimer.storage.migrations` is
imported only when something is pending. That module checks, when it is imported, that
:data:`MIGRATION_NAMES` names exactly the migrations it registers, in order.
"""

from __future__ import annotations

from typing import Final

from oxytimer.storage.database import Database

MIGRATION_SET: Final = "oxytimer"
"""The name of oxytimer's set in the migrations table."""

MIGRATION_NAMES: Final = (
    "0001_initial",
    "0002_screenings_mother_index",
    "0003_scores_session_total_index",
    "0004_export_secret",
    "0005_audit_chain",
    "0006_summary_indexes",
    "0007_laptop_tag_and_conflicts",
    "0008_session_truth",
    "0009_sync_server",
    "0010_summary_table",
    "0011_summary_cells",
)
"""Every migration this version registers, in order (append when adding one)."""

MIGRATIONS_TABLE: Final = "_sqlite_migrations"
"""Where sqlite-utils records applied migrations: migration_set, name, applied_at."""


def applied_migration_names(db: Database) -> list[str]:
    """The names of oxytimer's migrations applied to ``db``, in the order applied.

    The same as ``[m.name for m in migrations.applied(db)]`` with sqlite-utils: nothing
    when the table (or a view of that name) does not exist, else the set's rows by rowid.
    """
    exists = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?",
        [MIGRATIONS_TABLE],
    ).fetchone()
    if exists is None:
        return []
    rows = db.execute(
        f"SELECT name FROM [{MIGRATIONS_TABLE}] WHERE migration_set = ? ORDER BY rowid",
        [MIGRATION_SET],
    )
    return [row[0] for row in rows]


def pending_migration_names(applied: list[str]) -> list[str]:
    """The migrations not in ``applied``, in order (sqlite-utils' ``pending``)."""
    done = set(applied)
    return [name for name in MIGRATION_NAMES if name not in done]


def _table_needs_fixing(db: Database) -> bool:
    """Whether sqlite-utils would rebuild the migrations table (its key is not ``id``).

    ``Migrations.apply`` does that even with nothing pending, for tables made by older
    tools; a table it created itself never needs it.
    """
    key = [
        row[1]
        for row in sorted(
            (r for r in db.execute(f"PRAGMA table_info([{MIGRATIONS_TABLE}])") if r[5]),
            key=lambda r: r[5],
        )
    ]
    return key != ["id"]


def migrate(db: Database) -> None:
    """Apply the pending migrations to ``db`` with sqlite-utils, if any are pending.

    Exactly what ``migrations.apply(db)`` does, but sqlite-utils is imported only when
    there is something to do.
    """
    applied = applied_migration_names(db)
    if applied and not pending_migration_names(applied) and not _table_needs_fixing(db):
        return
    from oxytimer.storage.migrations import migrations

    migrations.apply(db.utils())
