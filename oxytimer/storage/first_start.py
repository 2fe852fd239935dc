"""What the first-start screen needs: whether a database holds any mother yet, and a
separate demo database to try the app with made-up mothers.

The demo never goes into the study's database: it is its own file (``DEMO_FILE_NAME``
beside the study's), filled once with :func:`oxytimer.storage.demo.fill_demo`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from oxytimer.storage.database import Database

DEMO_FILE_NAME: Final = "oxytimer-demo.sqlite"
DEMO_MOTHERS: Final = 30
DEMO_SEED: Final = 1


def holds_mothers(db: Database) -> bool:
    """True once a mother was screened or enrolled in ``db`` (one indexed look-up)."""
    row = db.execute("SELECT EXISTS (SELECT 1 FROM mothers)").fetchone()
    return bool(row[0])


def demo_path(study_db: Path) -> Path:
    """Where the demo database lives: beside the study's database, never in it."""
    return study_db.parent / DEMO_FILE_NAME


def make_demo(path: Path) -> Path:
    """Fill the demo database at ``path`` with made-up mothers, unless it holds some.

    Returns ``path``. A failure leaves no half-filled file (the demo is written in one
    transaction). Raises the repository's ``StorageError`` subclasses or ``DemoError``.
    """
    from oxytimer.storage.demo import fill_demo
    from oxytimer.storage.repository import Repository

    repo = Repository.open(path, operator="demo")
    try:
        if not holds_mothers(repo.db):
            fill_demo(repo, mothers=DEMO_MOTHERS, seed=DEMO_SEED)
    finally:
        repo.close()
    return path
