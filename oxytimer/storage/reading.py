"""Reads for the screens, a page at a time, on a connection of the reader's own.

The Registry, History and Today tabs show the first rows of a list that may hold
100,000 mothers: each page is one query ordered by an index (``LIMIT``/``OFFSET``), its
search and sort done in SQL, so that a page costs the same at any size. The app runs
these on worker threads, each with its own read-only connection (:func:`open_reader`):
in WAL mode a reader neither waits for the app's writes nor makes them wait.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from oxytimer.domain.clock import Clock, utc_iso
from oxytimer.domain.records import MotherStatus
from oxytimer.storage.database import Database
from oxytimer.storage.errors import translate_error
from oxytimer.storage.repository import (
    Mother,
    Repository,
    SessionRecord,
    StorageError,
)

if TYPE_CHECKING:
    from oxytimer.domain.registry import FlowCounts, RegistryEntry

REGISTRY_SORTS: Final = {
    "code": "s.code, m.study_code",
    "status": "m.status, s.code, m.study_code",
    "age": "m.age, s.code, m.study_code",
    "since": "m.enrolled_at, s.code, m.study_code",
}
"""How the registry can be sorted (the key's SQL; each is served by an index)."""


def open_reader(path: str | Path, clock: Clock | None = None) -> Repository:
    """A read-only repository on ``path`` for one worker thread (no check, no migration).

    The app opened, checked and migrated the file already; this connection only reads.

    Raises:
        StorageError: the file cannot be read.
    """
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        db = Database(conn)
        db.execute("PRAGMA busy_timeout = 5000")
    except sqlite3.Error as error:
        raise translate_error(error) or StorageError(str(error)) from error
    return Repository(db, clock)


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _search_where(search: str) -> tuple[str, list[Any]]:
    search = search.strip()
    if not search:
        return "", []
    pattern = _like(search)
    return (
        "WHERE (m.study_code LIKE ? ESCAPE '\\' OR s.code LIKE ? ESCAPE '\\'"
        " OR s.name LIKE ? ESCAPE '\\')",
        [pattern, pattern, pattern],
    )


def registry_page(
    repo: Repository,
    *,
    search: str = "",
    sort: str = "code",
    descending: bool = False,
    offset: int = 0,
    limit: int = 100,
) -> list[RegistryEntry]:
    """A page of the registry: mothers whose study code or puskesmas contains ``search``.

    Args:
        repo: The repository to read.
        search: Text to look for (case-insensitive for ASCII letters); "" for everyone.
        sort: One of :data:`REGISTRY_SORTS`.
        descending: Reverse the order.
        offset: Rows to skip.
        limit: Rows to return at most.
    """
    order = REGISTRY_SORTS[sort]
    if descending:
        order = ", ".join(f"{key} DESC" for key in order.split(", "))
    where, params = _search_where(search)
    return repo._registry_rows(
        f"{repo._REGISTRY_SELECT} {where} ORDER BY {order} LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )


def registry_count(repo: Repository, search: str = "") -> int:
    """How many mothers :func:`registry_page` finds for ``search``."""
    where, params = _search_where(search)
    row = repo.db.execute(
        f"SELECT count(*) FROM mothers m JOIN sites s ON s.id = m.site_id {where}", params
    ).fetchone()
    return int(row[0])


def flow_counts(repo: Repository) -> FlowCounts:
    """The participant flow, counted in SQL (the same as ``Repository.flow_counts``)."""
    from oxytimer.domain.registry import FlowCounts

    row = repo.db.execute(
        """
SELECT
    sum(eligible IS NOT NULL), sum(eligible = 1), sum(eligible = 0),
    sum(status != :out), sum(status = :enrolled), sum(status = :closed),
    sum(status = :withdrawn)
FROM (
    SELECT m.status,
        (SELECT x.eligible FROM screenings x WHERE x.mother_id = m.id
         ORDER BY x.screened_at DESC LIMIT 1) AS eligible
    FROM mothers m
)""",
        {
            "out": MotherStatus.SCREENED_OUT,
            "enrolled": MotherStatus.ENROLLED,
            "closed": MotherStatus.CLOSED,
            "withdrawn": MotherStatus.WITHDRAWN,
        },
    ).fetchone()
    values = [int(v or 0) for v in row]
    return FlowCounts(
        screened=values[0],
        eligible=values[1],
        screened_out=values[2],
        enrolled=values[3],
        active=values[4],
        completed=values[5],
        withdrawn=values[6],
    )


def active_mothers_page(
    repo: Repository, *, search: str = "", offset: int = 0, limit: int = 100
) -> list[Mother]:
    """A page of the enrolled mothers (by puskesmas and code) whose study code or
    puskesmas code contains ``search``: the bedside list.

    One query on the ``mothers_status`` index, whatever the size of the database.
    """
    where, params = "WHERE m.status = ?", [MotherStatus.ENROLLED.value]
    search = search.strip()
    if search:
        pattern = _like(search)
        where += " AND (m.study_code LIKE ? ESCAPE '\\' OR s.code LIKE ? ESCAPE '\\')"
        params += [pattern, pattern]
    rows = repo.db.execute(
        "SELECT m.id, m.site_id, s.code, m.study_code, m.status, m.locked, m.enrolled_at,"
        f" m.age, m.occupation FROM mothers m JOIN sites s ON s.id = m.site_id {where}"
        " ORDER BY s.code, m.study_code LIMIT ? OFFSET ?",
        [*params, limit, offset],
    ).fetchall()
    return [Mother(r[0], r[1], r[2], r[3], r[4], bool(r[5]), r[6], r[7], r[8]) for r in rows]


@dataclass(frozen=True)
class TodayPage:
    """Active mothers (a page of them) and their sessions started since a time."""

    mothers: list[Mother]
    sessions: list[SessionRecord]


def today_page(
    repo: Repository, since: datetime, *, offset: int = 0, limit: int = 100
) -> TodayPage:
    """A page of the active mothers (by puskesmas and code) and their recent sessions."""
    rows = repo.db.execute(
        "SELECT m.id, m.site_id, s.code, m.study_code, m.status, m.locked, m.enrolled_at,"
        " m.age, m.occupation FROM mothers m JOIN sites s ON s.id = m.site_id"
        " WHERE m.status = ? ORDER BY s.code, m.study_code LIMIT ? OFFSET ?",
        [MotherStatus.ENROLLED, limit, offset],
    ).fetchall()
    mothers = [Mother(r[0], r[1], r[2], r[3], r[4], bool(r[5]), r[6], r[7], r[8]) for r in rows]
    sessions: list[SessionRecord] = []
    ids = [m.id for m in mothers]
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        sessions += repo._sessions(
            f"WHERE x.mother_id IN ({marks}) AND x.started_at >= ? AND x.voided = 0",
            [*chunk, utc_iso(since)],
        )
    return TodayPage(mothers, sessions)
