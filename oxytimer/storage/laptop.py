"""This laptop's tag, kept in its database, and the study codes it suggests.

The tag (one or two capital letters, :mod:`oxytimer.domain.study_codes`) is set once: at
first start, in Settings, or by ``demo``. It lives in the database (table ``laptop``,
never merged), so a copy of the file keeps its tag and two laptops' codes never collide.
"""

from __future__ import annotations

from oxytimer.domain.records import InputError
from oxytimer.storage.database import Database

# oxytimer.domain.study_codes (uuid) is imported where it is used: the main window reads
# the tag at start-up (start-up time, tests/test_launch.py).


def laptop_tag(db: Database) -> str | None:
    """The database's laptop tag, or None when none was set yet."""
    row = db.execute("SELECT tag FROM laptop WHERE id = 1").fetchone()
    return None if row is None else str(row[0])


def set_laptop_tag(db: Database, tag: str, now: str) -> str:
    """Set (or change) the laptop tag; codes already given keep theirs.

    Args:
        db: The database.
        tag: One or two letters (any case).
        now: When, as a UTC ISO string.

    Returns:
        The tag as stored.

    Raises:
        InputError: ``laptop_tag`` ``required`` or ``invalid_tag``.
    """
    from oxytimer.domain.study_codes import clean_tag

    cleaned = clean_tag(tag)
    with db.atomic():
        db.execute(
            "INSERT INTO laptop (id, tag, set_at) VALUES (1, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET tag = excluded.tag, set_at = excluded.set_at",
            [cleaned, now],
        )
    return cleaned


def suggest_code(db: Database, site_id: str) -> str:
    """The laptop's next study code at a site (``MTR-A007``).

    Reads only this laptop's codes at the site (an index range). Without a tag, the old
    site-wide numbering (``MTR-031``) is suggested: the app asks for a tag at first start.

    Raises:
        InputError: unknown site.
    """
    from oxytimer.domain.registry import suggest_study_code
    from oxytimer.domain.study_codes import code_stem, next_study_code

    row = db.execute("SELECT code FROM sites WHERE id = ?", [site_id]).fetchone()
    if row is None:
        raise InputError("site", "required")
    site_code = str(row[0])
    tag = laptop_tag(db)
    if tag is None:
        codes = [
            r[0] for r in db.execute("SELECT study_code FROM mothers WHERE site_id = ?", [site_id])
        ]
        return suggest_study_code(codes, site_code)
    stem = code_stem(site_code, tag)
    codes = [
        str(r[0])
        for r in db.execute(
            "SELECT study_code FROM mothers WHERE site_id = ? AND study_code >= ?"
            " AND study_code < ?",
            [site_id, stem + "0", stem + ":"],
        )
    ]
    return next_study_code(codes, site_code, tag)


def code_taken(db: Database, site_id: str, study_code: str) -> bool:
    """Whether a mother at the site already has this code (one indexed lookup)."""
    return (
        db.execute(
            "SELECT 1 FROM mothers WHERE site_id = ? AND study_code = ?", [site_id, study_code]
        ).fetchone()
        is not None
    )
