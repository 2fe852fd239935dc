"""The tables every export writes: sessions, mothers and first-last pairs, streamed.

Exports are de-identified unless ``identifying=True``: the mother's name, free-text
reasons (which may name people) and dates tied to her (delivery, consent, status,
enrolment, session start and end: HIPAA Safe Harbor) are left out; days since her
enrolment and the local time of day stand in for them. Their record ids are keyed
pseudonyms (:func:`export_pseudonyms`): an imported session's UUID is derived from its
site, study code and start time, and would give the time back.

A :class:`Table`'s rows are an iterator over one SQL query, read as they are written:
memory does not grow with the number of records.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, Final

from oxytimer.domain.clock import parse_utc
from oxytimer.domain.instrument import Instrument, load_instrument
from oxytimer.storage.analysis import SQLITE, Dialect, dialect_of, pair_in_database
from oxytimer.storage.repository import Repository

SESSION_COLUMNS: Final = (
    "session_id",
    "site",
    "mother_id",
    "study_code",
    "caregiver",
    "slot",
    "day",
    "start_time_local",
    "planned_seconds",
    "massage_seconds",
    "paused_seconds",
    "pause_count",
    "status",
    "voided",
    "source",
    "protocol_version",
    "instrument_version",
    "pre_total",
    "pre_category",
    "post_total",
    "post_category",
)
SESSION_IDENTIFYING: Final = (
    "abort_reason",
    "close_reason",
    "void_reason",
    "operator",
    "started_at_utc",
    "ended_at_utc",
)
MOTHER_COLUMNS: Final = (
    "mother_id",
    "site",
    "study_code",
    "age",
    "occupation",
    "parity",
    "delivery_day",
    "delivery_type",
    "lives_with_husband",
    "consent",
    "consent_day",
    "status",
    "status_day",
    "locked",
)
MOTHER_IDENTIFYING: Final = (
    "name",
    "status_reason",
    "delivery_date",
    "consent_date",
    "status_date",
    "enrolled_at_utc",
)
"""Dates tied to a person (HIPAA Safe Harbor) are identifying: de-identified exports carry
days since her enrolment (``*_day``, ``day``; the enrolment day is 0) and the local time
of day instead."""


@dataclass(frozen=True)
class Table:
    """Rows ready to write: a header and the values, in order."""

    name: str
    columns: tuple[str, ...]
    rows: Iterable[tuple[Any, ...]]
    """The rows, in order: read once (an iterator over a query for the big tables)."""


def _item_ids(repo: Repository, instrument: Instrument) -> list[str]:
    ids = [item.id for item in instrument.items]
    stored = [r[0] for r in repo.db.execute("SELECT DISTINCT item_id FROM score_items")]
    return ids + sorted(set(stored) - set(ids))


@lru_cache(maxsize=4096)
def _local_day(utc_text: str | None) -> date | None:
    return None if not utc_text else parse_utc(utc_text).astimezone().date()


def _days_since(day: date | str | None, enrolled: date | None) -> int | None:
    """Days from the enrolment day (local) to ``day`` (a date or an ISO date string)."""
    if day is None or enrolled is None:
        return None
    if isinstance(day, str):
        try:
            day = date.fromisoformat(day[:10])
        except ValueError:
            return None
    return (day - enrolled).days


PSEUDONYM_LENGTH: Final = 16
"""Hex digits of a pseudonym (64 bits: no collision to fear among a study's records)."""
_SECRET_BYTES: Final = 32

Pseudonymise = Callable[[str, str], str]
"""``(kind, record_id) -> id to export``; kind is ``"session"`` or ``"mother"``."""


def export_secret(repo: Repository) -> bytes:
    """This database's export key: 32 random bytes, created by the first de-identified
    export (one row in ``export_secret``, written in one transaction, not audited so that
    the key never travels in the audit trail). Each database has its own: merging does not
    copy it, so the same record exported from two databases gets two pseudonyms.

    Raises:
        StorageError: The key does not exist yet and the database cannot be written.
    """
    server_key = getattr(repo, "export_key", None)  # a study server's (server_export.py)
    if server_key is not None:
        return bytes(server_key)
    query = "SELECT key FROM export_secret WHERE id = 1"
    row = repo.db.execute(query).fetchone()
    if row is None:
        with repo._write():
            # OR IGNORE: another connection may have created it meanwhile; theirs stays.
            repo.db.execute(
                "INSERT OR IGNORE INTO export_secret (id, key, created_at) VALUES (1, ?, ?)",
                [secrets.token_bytes(_SECRET_BYTES), repo._now()],
            )
            row = repo.db.execute(query).fetchone()
    return bytes(row[0])


def pseudonym(key: bytes, kind: str, record_id: str) -> str:
    """The keyed pseudonym of a record: the first :data:`PSEUDONYM_LENGTH` hex digits of
    HMAC-SHA256(key, ``kind:record_id``). Stable for a database (same key), not computable
    without its key, and unlinked between kinds."""
    digest = hmac.new(key, f"{kind}:{record_id}".encode(), hashlib.sha256).hexdigest()
    return digest[:PSEUDONYM_LENGTH]


def export_pseudonyms(repo: Repository, *, identifying: bool) -> Pseudonymise:
    """What record ids become in an export: the UUIDs themselves when ``identifying``,
    else keyed pseudonyms (:func:`pseudonym` with :func:`export_secret`).

    Ids can carry data: an imported session's id is a uuid5 of its site, study code and
    start time under a public namespace, so with the site and code from the same row a
    search over every minute of a year gives its start time back (and, with ``day``,
    the enrolment date). A pseudonym keyed with the database's secret cannot be searched
    that way, and stays the same in every export from this database, so re-exports link.
    """
    if identifying:
        return lambda _kind, record_id: record_id
    key = export_secret(repo)
    return lambda kind, record_id: pseudonym(key, kind, record_id)


def _items(score: str, d: Dialect) -> str:
    """A score's answers as one text: item, char(31), value; char(30) between."""
    if d is SQLITE:
        return (
            "(SELECT group_concat(item_id || char(31) || value, char(30)) FROM score_items"
            f" WHERE score_id = {score}.id)"
        )
    return (
        "(SELECT string_agg(item_id || chr(31) || CAST(value AS text), chr(30))"
        f" FROM score_items WHERE score_id = {score}.id)"
    )


def _item_values(text: str | None) -> dict[str, int]:
    if not text:
        return {}
    pairs = (part.split("\x1f") for part in text.split("\x1e"))
    return {item: int(value) for item, value in pairs}


def sessions_table(
    repo: Repository, *, identifying: bool = False, instrument: Instrument | None = None
) -> Table:
    """One row per session: ids, site, code, when, scores, items and versions.

    When is ``day`` (local days since the mother's enrolment, 0 on the day she was
    enrolled) and ``start_time_local`` (HH:MM); the UTC start and end only when
    ``identifying``. ``session_id`` and ``mother_id`` are the UUIDs only when
    ``identifying``, else pseudonyms (:func:`export_pseudonyms`). Item columns are
    ``pre_<item>`` and ``post_<item>``: 1 yes, 0 no, empty when the score was recorded
    as a total only.
    """
    instrument = instrument or load_instrument()
    ids = export_pseudonyms(repo, identifying=identifying)
    items = _item_ids(repo, instrument)
    columns = list(SESSION_COLUMNS)
    columns += [f"pre_{i}" for i in items] + [f"post_{i}" for i in items]
    if identifying:
        columns += list(SESSION_IDENTIFYING)
    d = dialect_of(repo.db)
    query = repo.db.execute(
        "SELECT x.id, s.code, m.id, m.study_code, x.caregiver, x.slot, x.started_at,"
        " x.ended_at, x.planned_seconds, x.massage_seconds, x.paused_seconds, x.pause_count,"
        " x.status, x.voided, x.source, x.protocol_version, x.instrument_version,"
        " x.abort_reason, x.close_reason, x.void_reason, x.operator, m.enrolled_at,"
        f" p.total, p.category, {_items('p', d)},"
        f" q.total, q.category, {_items('q', d)}"
        # Read in the order written: the sites by code, each site's mothers by study code
        # (an index), each mother's sessions by start (an index). Joined the other way,
        # SQLite sorted every session in a temporary B-tree, on disk at 100,000 mothers.
        " FROM sites s CROSS JOIN mothers m CROSS JOIN sessions x"
        " LEFT JOIN scores p ON p.session_id = x.id AND p.kind = 'pre'"
        " LEFT JOIN scores q ON q.session_id = x.id AND q.kind = 'post'"
        " WHERE m.site_id = s.id AND x.mother_id = m.id"
        f" ORDER BY {d.binary('s.code')}, {d.binary('m.study_code')},"
        f" {d.binary('x.started_at')}, {d.binary('x.id')}"
    )

    def rows() -> Iterator[tuple[Any, ...]]:
        for r in query:
            start = parse_utc(r[6]).astimezone()
            row: list[Any] = [ids("session", r[0]), r[1], ids("mother", r[2]), *r[3:6]]
            row.append(_days_since(start.date(), _local_day(r[21])))
            row += [start.strftime("%H:%M"), *r[8:13], int(r[13]), *r[14:17]]
            row += [r[22], r[23], r[25], r[26]]
            pre, post = _item_values(r[24]), _item_values(r[27])
            row += [pre.get(i) for i in items] + [post.get(i) for i in items]
            if identifying:
                row += [*r[17:21], r[6], r[7]]
            yield tuple(row)

    return Table("sessions", tuple(columns), rows())


def mothers_table(repo: Repository, *, identifying: bool = False) -> Table:
    """One row per mother. Delivery, consent and status dates as days since her
    enrolment (``*_day``); the dates, her enrolment time, ``name`` and ``status_reason``
    only when ``identifying``. ``mother_id``: her UUID only when ``identifying``, else
    her pseudonym (the same as in the sessions table)."""
    ids = export_pseudonyms(repo, identifying=identifying)
    columns = list(MOTHER_COLUMNS) + (list(MOTHER_IDENTIFYING) if identifying else [])
    binary = dialect_of(repo.db).binary
    cursor = repo.db.execute(
        "SELECT m.id, s.code, m.study_code, m.age, m.occupation, m.parity, m.delivery_date,"
        " m.delivery_type, m.lives_with_husband, m.consent, m.consent_date, m.status,"
        " m.status_date, m.locked, m.enrolled_at, m.name, m.status_reason"
        " FROM sites s CROSS JOIN mothers m WHERE m.site_id = s.id"  # in index order
        f" ORDER BY {binary('s.code')}, {binary('m.study_code')}"
    )

    def rows() -> Iterator[tuple[Any, ...]]:
        for r in cursor:
            enrolled = _local_day(r[14])
            row = [ids("mother", r[0]), *r[1:6], _days_since(r[6], enrolled), *r[7:10]]
            row.append(_days_since(r[10], enrolled))
            row += [r[11], _days_since(r[12], enrolled), r[13]]
            if identifying:
                row += [r[15], r[16], r[6], r[10], r[12], r[14]]
            yield tuple(row)

    return Table("mothers", tuple(columns), rows())


def first_last_pairs(repo: Repository, *, identifying: bool = False) -> Table:
    """One pair per mother, as in the study: the pre-score of her first session against
    the post-score of her last completed session (voided sessions left out; mothers
    without a completed session are not paired). ``mother_id`` as in
    :func:`mothers_table`.

    Uses the clinician summary's own pairing (:func:`pair_in_database`, in SQL), so the
    bundle and the summary tab analyse the same pairs.
    """
    pairing = pair_in_database(repo.db, rule="first-last").pairing
    ids = export_pseudonyms(repo, identifying=identifying)
    rows = [
        (
            ids("mother", p.mother_id),
            p.site_code,
            p.unit,  # her study code (first-last pairs are one per mother)
            _whole(p.pre),
            _whole(p.post),
        )
        for p in pairing.pairs
    ]
    rows.sort(key=lambda r: (r[1], r[2]))
    return Table("pairs", ("mother_id", "site", "study_code", "pre", "post"), rows)


def _whole(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value
