"""Data in and out: CSV import of paper sessions, CSV/REDCap/SPSS/Excel exports, and the
reproducibility bundle.

Import is all or nothing: :func:`plan_import` reads and checks every row against the
instrument and the database and lists every problem; :func:`import_csv` writes only when
there is none, in one transaction, through the repository's own audited inserts. Imported
sessions have ``source = 'import'``, status ``completed``, no recorded slot (it follows
from the start time, as for app sessions) and a session id derived from (site,
participant, date and time), so importing the same file again adds nothing and a
changed score for the same session is reported as a conflict.

Every row needs a date with the time of day: the time gives the session's slot (morning,
evening) and the order of a mother's sessions (first pre-score, last post-score). A date
alone, or the same participant twice at the same time, is a problem of that row.

Problems and errors are codes (see :class:`ImportProblem`); the CLI and the UI word them.
Exports are de-identified unless ``identifying=True``: the mother's name, free-text
reasons (which may name people) and dates tied to her (delivery, consent, status,
enrolment, session start and end: HIPAA Safe Harbor) are left out; days since her
enrolment and the local time of day stand in for them. Their record ids are keyed
pseudonyms (:func:`export_pseudonyms`): an imported session's UUID is derived from its
site, study code and start time, and would give the time back.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
import os
import re
import secrets
import tempfile
import uuid
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, Final

from oxytimer import __version__
from oxytimer.domain.clock import parse_utc, utc_iso
from oxytimer.domain.instrument import Instrument, load_instrument
from oxytimer.domain.pairing import make_pairs
from oxytimer.domain.protocol import load_protocol
from oxytimer.domain.records import (
    AGE_MAX,
    AGE_MIN,
    Caregiver,
    InputError,
    MotherStatus,
    Occupation,
    ScoreKind,
    SessionStatus,
    clean_study_code,
)
from oxytimer.storage.analysis import mothers_for_analysis
from oxytimer.storage.repository import Repository

IMPORT_NAMESPACE: Final = uuid.UUID("6f1d7c1e-3b0a-4d55-9a51-0c8e4f3d2a77")
"""Namespace of the deterministic ids of imported sessions (never change it)."""

REQUIRED_COLUMNS: Final = ("participant", "site", "date", "pre", "post")
OPTIONAL_COLUMNS: Final = ("caregiver", "duration_min", "age", "occupation")
MAX_IMPORT_BYTES: Final = 20 * 1024 * 1024

_CAREGIVER_WORDS: Final[Mapping[str, str]] = {
    "husband": "husband",
    "suami": "husband",
    "midwife": "midwife",
    "bidan": "midwife",
    "family": "family",
    "keluarga": "family",
    "other": "other",
    "lainnya": "other",
    "lain": "other",
    "lain_lain": "other",
}
_OCCUPATION_WORDS: Final[Mapping[str, str]] = {
    **{o.value: o.value for o in Occupation},
    "tidak_bekerja": "not_working",
    "irt": "not_working",
    "ibu_rumah_tangga": "not_working",
    "pedagang": "trader",
    "buruh": "labourer_farmer",
    "petani": "labourer_farmer",
    "buruh_petani": "labourer_farmer",
    "buruh_tani": "labourer_farmer",
    "wiraswasta": "self_employed",
    "pegawai": "employee",
    "karyawan": "employee",
    "pns": "employee",
    "pegawai_pns": "employee",
    "lainnya": "other",
}
_NUMBER = re.compile(r"^[+-]?\d{1,9}(?:[.,]\d{1,9})?$")
_DMY = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?:[ T]+(\d{1,2})[:.](\d{2}))?$")
_YMD = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]+(\d{1,2})[:.](\d{2}))?$")


# ------------------------------------------------------------------------------ import
@dataclass(frozen=True)
class ImportProblem:
    """One thing wrong with an import file.

    Attributes:
        line: The line of the file (1 is the header); 0 for the file as a whole.
        column: The column concerned, or ``""``.
        value: The value as it was in the file (shortened to 60 characters).
        code: What is wrong: ``not_utf8``, ``empty``, ``too_large``, ``csv_error``,
            ``missing_column``, ``unknown_column``, ``duplicate_column``,
            ``wrong_field_count``, ``required``, ``not_a_number``, ``not_whole``,
            ``out_of_range``, ``bad_date``, ``time_required`` (a date without the time of
            day), ``duplicate_row`` (same participant and time as the line in
            ``params["line"]``), ``future_date``, ``unknown_site``,
            ``invalid_code``, ``unknown_caregiver``, ``unknown_occupation``,
            ``mother_differs`` (age or occupation differs from an earlier row or the
            stored mother), ``mother_not_active``, ``conflict`` (this session was
            imported before with different values).
        params: Values the message needs, e.g. ``{"min": 0, "max": 8}``.
    """

    line: int
    column: str
    value: str
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ImportRow:
    """A checked row, ready to be written."""

    line: int
    site_code: str
    study_code: str
    pre: int
    post: int
    when: datetime
    caregiver: str
    planned_seconds: int
    age: int | None
    occupation: str | None
    session_id: str


@dataclass
class ImportPlan:
    """What importing a file would do.

    Attributes:
        rows: Every checked row (empty rows skipped).
        problems: Every problem found; nothing is written unless this is empty.
        new_rows: Rows whose session is not in the database yet.
        already_imported: Rows whose session was imported before with the same values.
        new_mothers: (site code, study code) of the mothers that would be created.
    """

    rows: list[ImportRow] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    new_rows: list[ImportRow] = field(default_factory=list)
    already_imported: int = 0
    new_mothers: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether the file can be imported (no problems)."""
        return not self.problems


def _short(value: str) -> str:
    return value if len(value) <= 60 else value[:57] + "..."


def _decode(data: bytes) -> str:
    return data.decode("utf-8-sig")


def _separator(text: str) -> str:
    header = next((line for line in text.splitlines() if line.strip()), "")
    return ";" if header.count(";") > header.count(",") else ","


def _key(text: str) -> str:
    return re.sub(r"[\s/-]+", "_", text.strip().lower())


def _number(text: str) -> float | None:
    cleaned = text.strip().replace(" ", "")
    if not _NUMBER.match(cleaned):
        return None
    return float(cleaned.replace(",", "."))


def _parse_when(text: str) -> datetime | date | None:
    """A date-time (local if naive) as an aware datetime; a date alone as a ``date``;
    None when it is neither."""
    text = text.strip()
    dmy, ymd = _DMY.match(text), _YMD.match(text)
    try:
        if dmy or ymd:
            if dmy:
                day, month, year, hour, minute = dmy.groups()
            else:
                assert ymd is not None
                year, month, day, hour, minute = ymd.groups()
            if hour is None:
                return date(int(year), int(month), int(day))
            moment = datetime(int(year), int(month), int(day), int(hour), int(minute))
        else:
            moment = datetime.fromisoformat(text)  # seconds, a UTC offset ...
            if ":" not in text:
                return moment.date()  # 20260301: a date without a time of day
    except ValueError:
        return None
    return moment.astimezone() if moment.tzinfo is None else moment


def import_session_id(site_code: str, study_code: str, when: datetime | None, nth: int) -> str:
    """The deterministic id of an imported session (same file, same ids).

    ``when`` None and ``nth`` > 0 were used by versions that took rows without a date or
    several rows at the same time; kept so the ids of earlier imports stay the same.
    """
    stamp = "" if when is None else utc_iso(when.astimezone(UTC))
    return str(uuid.uuid5(IMPORT_NAMESPACE, f"{site_code}|{study_code}|{stamp}|{nth}"))


class _RowChecker:
    """Checks the cells of one row, collecting problems."""

    def __init__(self, line: int, cells: Mapping[str, str]) -> None:
        self.line = line
        self.cells = cells
        self.problems: list[ImportProblem] = []

    def problem(self, column: str, code: str, **params: Any) -> None:
        value = self.cells.get(column, "")
        self.problems.append(ImportProblem(self.line, column, _short(value), code, params))

    def text(self, column: str, required: bool = False) -> str | None:
        value = self.cells.get(column, "").strip()
        if not value:
            if required:
                self.problem(column, "required")
            return None
        return value

    def whole(self, column: str, low: int, high: int, required: bool = False) -> int | None:
        value = self.text(column, required)
        if value is None:
            return None
        number = _number(value)
        if number is None:
            self.problem(column, "not_a_number")
            return None
        if number != int(number):
            self.problem(column, "not_whole")
            return None
        if not low <= number <= high:
            self.problem(column, "out_of_range", min=low, max=high)
            return None
        return int(number)


def plan_import(
    repo: Repository,
    data: bytes,
    *,
    instrument: Instrument | None = None,
    today: date | None = None,
) -> ImportPlan:
    """Read and check an import file without writing anything.

    Args:
        repo: The database the rows would go to (for sites, mothers and earlier imports).
        data: The file's bytes: UTF-8 with or without BOM, ``,`` or ``;`` separated.
        instrument: Gives the allowed score range (default: the shipped instrument).
        today: Dates after this local day are refused (default: the repository clock's).

    Returns:
        The plan, listing every problem (line, column, value, code).
    """
    instrument = instrument or load_instrument()
    protocol = load_protocol()
    today = today or repo.clock.now_utc().astimezone().date()
    plan = ImportPlan()
    if len(data) > MAX_IMPORT_BYTES:
        plan.problems.append(ImportProblem(0, "", "", "too_large", {"max_mb": 20}))
        return plan
    try:
        text = _decode(data)
    except UnicodeDecodeError as error:
        plan.problems.append(ImportProblem(0, "", "", "not_utf8", {"position": error.start}))
        return plan
    if not text.strip():
        plan.problems.append(ImportProblem(0, "", "", "empty"))
        return plan
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_separator(text), strict=True)
    try:
        records = [(reader.line_num, row) for row in _rows(reader)]
    except csv.Error as error:
        plan.problems.append(
            ImportProblem(reader.line_num, "", "", "csv_error", {"detail": str(error)})
        )
        return plan
    if not records:
        plan.problems.append(ImportProblem(0, "", "", "empty"))
        return plan
    header_line, header = records[0]
    columns = [_key(c) for c in header]
    known = set(REQUIRED_COLUMNS) | set(OPTIONAL_COLUMNS)
    for name, raw in zip(columns, header, strict=True):
        if name not in known:
            plan.problems.append(
                ImportProblem(header_line, _short(raw), _short(raw), "unknown_column")
            )
        elif columns.count(name) > 1:
            plan.problems.append(ImportProblem(header_line, name, _short(raw), "duplicate_column"))
    for name in REQUIRED_COLUMNS:
        if name not in columns:
            plan.problems.append(ImportProblem(header_line, name, "", "missing_column"))
    if plan.problems:
        return plan
    if len(records) == 1:
        plan.problems.append(ImportProblem(0, "", "", "empty"))
        return plan

    sites = {s["code"].upper(): s["code"] for s in repo.sites()}
    low, high = instrument.min_total, instrument.max_total
    seen: dict[tuple[str, str, str], int] = {}  # (site, code, UTC time) -> first line
    for line, cells_list in records[1:]:
        if not any(c.strip() for c in cells_list):
            continue
        if len(cells_list) != len(columns):
            plan.problems.append(
                ImportProblem(
                    line,
                    "",
                    _short(",".join(cells_list)),
                    "wrong_field_count",
                    {"expected": len(columns), "found": len(cells_list)},
                )
            )
            continue
        check = _RowChecker(line, dict(zip(columns, cells_list, strict=True)))
        code_text = check.text("participant", required=True)
        study_code = None
        if code_text is not None:
            try:
                study_code = clean_study_code(code_text)
            except InputError:
                check.problem("participant", "invalid_code")
        site_text = check.text("site", required=True)
        site_code = None
        if site_text is not None:
            site_code = sites.get(site_text.upper())
            if site_code is None:
                check.problem("site", "unknown_site")
        pre = check.whole("pre", low, high, required=True)
        post = check.whole("post", low, high, required=True)
        when: datetime | None = None
        when_text = check.text("date", required=True)
        if when_text is not None:
            parsed = _parse_when(when_text)
            if parsed is None:
                check.problem("date", "bad_date")
            elif not isinstance(parsed, datetime):
                # The slot (morning, evening) and the order of a mother's sessions come
                # from the time: a date alone would say neither.
                check.problem("date", "time_required")
            elif parsed.astimezone().date() > today:
                check.problem("date", "future_date")
            else:
                when = parsed
        caregiver = "other"
        caregiver_text = check.text("caregiver")
        if caregiver_text is not None:
            found = _CAREGIVER_WORDS.get(_key(caregiver_text))
            if found is None:
                check.problem("caregiver", "unknown_caregiver")
            else:
                caregiver = found
        planned = protocol.default_minutes * 60
        minutes_text = check.text("duration_min")
        if minutes_text is not None:
            minutes = _number(minutes_text)
            if minutes is None:
                check.problem("duration_min", "not_a_number")
            elif not protocol.min_minutes <= minutes <= protocol.max_minutes:
                check.problem(
                    "duration_min",
                    "out_of_range",
                    min=protocol.min_minutes,
                    max=protocol.max_minutes,
                )
            else:
                planned = round(minutes * 60)
        age = check.whole("age", AGE_MIN, AGE_MAX)
        occupation = None
        occupation_text = check.text("occupation")
        if occupation_text is not None:
            occupation = _OCCUPATION_WORDS.get(_key(occupation_text))
            if occupation is None:
                check.problem("occupation", "unknown_occupation")
        if check.problems or study_code is None or site_code is None:
            plan.problems.extend(check.problems)
            continue
        assert pre is not None and post is not None and when is not None
        stamp = utc_iso(when.astimezone(UTC))
        first = seen.setdefault((site_code, study_code, stamp), line)
        if first != line:
            # Two sessions of one mother cannot start at the same minute: a row typed twice.
            check.problem("date", "duplicate_row", line=first)
            plan.problems.extend(check.problems)
            continue
        plan.rows.append(
            ImportRow(
                line=line,
                site_code=site_code,
                study_code=study_code,
                pre=pre,
                post=post,
                when=when,
                caregiver=caregiver,
                planned_seconds=planned,
                age=age,
                occupation=occupation,
                session_id=import_session_id(site_code, study_code, when, 0),
            )
        )
    if not plan.rows and not plan.problems:
        plan.problems.append(ImportProblem(0, "", "", "empty"))
    _check_against_database(repo, plan)
    return plan


def _rows(reader: Any) -> Iterable[list[str]]:
    for row in reader:
        yield [str(cell) for cell in row]


def _check_against_database(repo: Repository, plan: ImportPlan) -> None:
    """Mothers' details, their status, and sessions imported before."""
    mothers: dict[tuple[str, str], dict[str, Any]] = {}
    for m in repo.mothers():
        mothers[(m.site_code, m.study_code)] = {
            "age": m.age,
            "occupation": m.occupation,
            "status": m.status,
            "locked": m.locked,
            "stored": True,
        }
    for row in plan.rows:
        key = (row.site_code, row.study_code)
        known = mothers.get(key)
        if known is None:
            known = {"age": row.age, "occupation": row.occupation, "stored": False}
            mothers[key] = known
            plan.new_mothers.append(key)
        elif known["stored"] and (known["status"] != MotherStatus.ENROLLED or known["locked"]):
            plan.problems.append(
                ImportProblem(row.line, "participant", row.study_code, "mother_not_active")
            )
            continue
        for column, value in (("age", row.age), ("occupation", row.occupation)):
            if value is None:
                continue
            if known[column] is None:
                known[column] = value
            elif known[column] != value:
                plan.problems.append(
                    ImportProblem(
                        row.line, column, str(value), "mother_differs", {"stored": known[column]}
                    )
                )
        try:
            stored = repo.session(row.session_id)
        except InputError:
            plan.new_rows.append(row)
            continue
        same = (
            stored.site_code == row.site_code
            and stored.study_code == row.study_code
            and stored.pre is not None
            and stored.post is not None
            and stored.pre.total == row.pre
            and stored.post.total == row.post
            and stored.caregiver == row.caregiver
            and stored.planned_seconds == row.planned_seconds
        )
        if same:
            plan.already_imported += 1
        else:
            plan.problems.append(
                ImportProblem(row.line, "", row.study_code, "conflict", {"session": row.session_id})
            )
    if plan.problems:
        plan.problems.sort(key=lambda p: (p.line, p.column))


@dataclass(frozen=True)
class ImportResult:
    """What :func:`import_csv` did.

    Attributes:
        plan: The checked plan (its problems, when there are any).
        written: Whether anything was written.
        sessions_added: New sessions (each with a pre and a post score).
        mothers_added: New mothers.
    """

    plan: ImportPlan
    written: bool
    sessions_added: int
    mothers_added: int


def import_csv(
    repo: Repository,
    data: bytes,
    *,
    instrument: Instrument | None = None,
    today: date | None = None,
) -> ImportResult:
    """Import a file of paper sessions: everything, or nothing when any row is bad.

    Args:
        repo: The database to write to.
        data: The file's bytes (see :func:`plan_import`).
        instrument: Gives the score range and categories (default: the shipped one).
        today: Dates after this local day are refused.

    Returns:
        The result; when ``result.plan.problems`` is not empty nothing was written.

    Raises:
        StorageError: The database could not be written (full, read-only, locked);
            nothing was written.
    """
    instrument = instrument or load_instrument()
    plan = plan_import(repo, data, instrument=instrument, today=today)
    if not plan.ok:
        return ImportResult(plan, False, 0, 0)
    if not plan.new_rows:
        return ImportResult(plan, False, 0, 0)
    protocol_version = load_protocol().version
    low, high = instrument.min_total, instrument.max_total
    mother_ids = {(m.site_code, m.study_code): m.id for m in repo.mothers()}
    fills: dict[str, dict[str, Any]] = {}
    with repo._write():
        for row in plan.new_rows:
            key = (row.site_code, row.study_code)
            mother_id = mother_ids.get(key)
            if mother_id is None:
                extra = {"age": row.age, "occupation": row.occupation}
                mother_id = repo.add_mother(
                    repo.site_id(row.site_code),
                    row.study_code,
                    **{k: v for k, v in extra.items() if v is not None},
                )
                mother_ids[key] = mother_id
            else:
                for column, value in (("age", row.age), ("occupation", row.occupation)):
                    if value is not None:
                        fills.setdefault(mother_id, {})[column] = value
            started = row.when.astimezone(UTC)
            repo._insert(
                "sessions",
                {
                    "id": row.session_id,
                    "mother_id": mother_id,
                    "caregiver": row.caregiver,
                    "planned_seconds": row.planned_seconds,
                    "protocol_version": protocol_version,
                    "instrument_version": instrument.version,
                    "status": SessionStatus.COMPLETED.value,
                    "slot": None,
                    "started_at": utc_iso(started),
                    "ended_at": utc_iso(started + timedelta(seconds=row.planned_seconds)),
                    "massage_seconds": float(row.planned_seconds),
                    "source": "import",
                    "operator": repo.operator,
                },
            )
            for kind, total in ((ScoreKind.PRE, row.pre), (ScoreKind.POST, row.post)):
                repo._insert_score(
                    row.session_id,
                    kind,
                    total,
                    None,
                    instrument.category_for(total).id,
                    low,
                    high,
                    instrument.version,
                )
        for mother_id, values in fills.items():
            current = repo.mother(mother_id)
            missing = {k: v for k, v in values.items() if getattr(current, k) is None}
            if missing:
                repo._update("mothers", mother_id, missing, reason="filled in by a CSV import")
    return ImportResult(plan, True, len(plan.new_rows), len(plan.new_mothers))


# ------------------------------------------------------------------------------ export
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
    rows: list[tuple[Any, ...]]


def _item_ids(repo: Repository, instrument: Instrument) -> list[str]:
    ids = [item.id for item in instrument.items]
    stored = [r[0] for r in repo.db.execute("SELECT DISTINCT item_id FROM score_items")]
    return ids + sorted(set(stored) - set(ids))


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
    cursor = repo.db.execute(
        "SELECT x.id, s.code, m.id, m.study_code, x.caregiver, x.slot, x.started_at,"
        " x.ended_at, x.planned_seconds, x.massage_seconds, x.paused_seconds, x.pause_count,"
        " x.status, x.voided, x.source, x.protocol_version, x.instrument_version,"
        " x.abort_reason, x.close_reason, x.void_reason, x.operator, m.enrolled_at"
        " FROM sessions x JOIN mothers m ON m.id = x.mother_id JOIN sites s ON s.id = m.site_id"
        " ORDER BY s.code, m.study_code, x.started_at, x.id"
    )
    sessions = cursor.fetchall()
    scores: dict[tuple[str, str], tuple[Any, Any, dict[str, int]]] = {}
    score_rows = repo.db.execute("SELECT id, session_id, kind, total, category FROM scores")
    by_score: dict[str, tuple[str, str]] = {}
    for score_id, session_id, kind, total, category in score_rows:
        scores[(session_id, kind)] = (total, category, {})
        by_score[score_id] = (session_id, kind)
    for score_id, item_id, value in repo.db.execute(
        "SELECT score_id, item_id, value FROM score_items"
    ):
        owner = by_score.get(score_id)
        if owner is not None:
            scores[owner][2][item_id] = int(value)
    rows = []
    for r in sessions:
        pre = scores.get((r[0], "pre"), (None, None, {}))
        post = scores.get((r[0], "post"), (None, None, {}))
        start = parse_utc(r[6]).astimezone()
        row: list[Any] = [ids("session", r[0]), r[1], ids("mother", r[2]), *r[3:6]]
        row.append(_days_since(start.date(), _local_day(r[21])))
        row += [start.strftime("%H:%M"), *r[8:13], int(r[13]), *r[14:17]]
        row += [pre[0], pre[1], post[0], post[1]]
        row += [pre[2].get(i) for i in items] + [post[2].get(i) for i in items]
        if identifying:
            row += [*r[17:21], r[6], r[7]]
        rows.append(tuple(row))
    return Table("sessions", tuple(columns), rows)


def mothers_table(repo: Repository, *, identifying: bool = False) -> Table:
    """One row per mother. Delivery, consent and status dates as days since her
    enrolment (``*_day``); the dates, her enrolment time, ``name`` and ``status_reason``
    only when ``identifying``. ``mother_id``: her UUID only when ``identifying``, else
    her pseudonym (the same as in the sessions table)."""
    ids = export_pseudonyms(repo, identifying=identifying)
    columns = list(MOTHER_COLUMNS) + (list(MOTHER_IDENTIFYING) if identifying else [])
    cursor = repo.db.execute(
        "SELECT m.id, s.code, m.study_code, m.age, m.occupation, m.parity, m.delivery_date,"
        " m.delivery_type, m.lives_with_husband, m.consent, m.consent_date, m.status,"
        " m.status_date, m.locked, m.enrolled_at, m.name, m.status_reason"
        " FROM mothers m JOIN sites s ON s.id = m.site_id ORDER BY s.code, m.study_code"
    )
    rows = []
    for r in cursor:
        enrolled = _local_day(r[14])
        row = [ids("mother", r[0]), *r[1:6], _days_since(r[6], enrolled), *r[7:10]]
        row.append(_days_since(r[10], enrolled))
        row += [r[11], _days_since(r[12], enrolled), r[13]]
        if identifying:
            row += [r[15], r[16], r[6], r[10], r[12], r[14]]
        rows.append(tuple(row))
    return Table("mothers", tuple(columns), rows)


def first_last_pairs(repo: Repository, *, identifying: bool = False) -> Table:
    """One pair per mother, as in the study: the pre-score of her first session against
    the post-score of her last completed session (voided sessions left out; mothers
    without a completed session are not paired). ``mother_id`` as in
    :func:`mothers_table`.

    Uses the clinician summary's own pairing, so the bundle and the summary tab analyse
    the same pairs.
    """
    pairing = make_pairs(mothers_for_analysis(repo.db), "first-last")
    codes = {m.id: m.study_code for m in repo.mothers()}
    ids = export_pseudonyms(repo, identifying=identifying)
    rows = [
        (
            ids("mother", p.mother_id),
            p.site_code,
            codes.get(p.mother_id, p.unit),
            _whole(p.pre),
            _whole(p.post),
        )
        for p in pairing.pairs
    ]
    rows.sort(key=lambda r: (r[1], r[2]))
    return Table("pairs", ("mother_id", "site", "study_code", "pre", "post"), rows)


def _whole(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _csv_bytes(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_value(v) for v in row])
    return buffer.getvalue().encode("utf-8")


def write_private_atomically(path: Path, data: bytes) -> None:
    """Write ``path`` (mode 0600) so that it is either the old file or the whole new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix="." + path.name + ".", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if os.name == "posix":
            os.chmod(temp, 0o600)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def export_csv(
    repo: Repository,
    out_dir: Path,
    *,
    identifying: bool = False,
    instrument: Instrument | None = None,
) -> list[Path]:
    """Write ``sessions.csv`` and ``mothers.csv`` (UTF-8, comma separated) to ``out_dir``.

    Returns:
        The files written.
    """
    written = []
    for table in (
        sessions_table(repo, identifying=identifying, instrument=instrument),
        mothers_table(repo, identifying=identifying),
    ):
        path = out_dir / f"{table.name}.csv"
        write_private_atomically(path, _csv_bytes(table.columns, table.rows))
        written.append(path)
    return written


# ------------------------------------------------------------------------------ REDCap
REDCAP_DICTIONARY_HEADER: Final = (
    "Variable / Field Name",
    "Form Name",
    "Section Header",
    "Field Type",
    "Field Label",
    "Choices, Calculations, OR Slider Labels",
    "Field Note",
    "Text Validation Type OR Show Slider Number",
    "Text Validation Min",
    "Text Validation Max",
    "Identifier?",
    "Branching Logic (Show field only if...)",
    "Required Field?",
    "Custom Alignment",
    "Question Number (surveys only)",
    "Matrix Group Name",
    "Matrix Ranking?",
    "Field Annotation",
)
REDCAP_FORM: Final = "oxytocin_massage_session"


def redcap_group_name(site_code: str) -> str:
    """A site code as a REDCap data access group's unique name (lowercase letters,
    digits and underscores, at most 18 characters)."""
    name = re.sub(r"[^a-z0-9]+", "_", site_code.lower()).strip("_")
    return name[:18] or "site"


def redcap_variable(name: str) -> str:
    """A column name as a REDCap variable: lowercase, letters/digits/underscores,
    starting with a letter, at most 100 characters."""
    variable = re.sub(r"[^a-z0-9_]+", "_", name.lower()).strip("_")
    if not variable or not variable[0].isalpha():
        variable = "v_" + variable
    return variable[:100]


def _choices(values: Iterable[str]) -> str:
    return " | ".join(f"{i}, {v}" for i, v in enumerate(values, start=1))


def export_redcap(
    repo: Repository, out_dir: Path, *, instrument: Instrument | None = None
) -> list[Path]:
    """Write a REDCap data dictionary and a records CSV (one record per session).

    ``record_id`` is the session's pseudonym (:func:`export_pseudonyms`: the same in
    every export from this database, never its UUID); ``redcap_data_access_group`` is the site code
    as a unique group name, so a multi-site project loads each site into its own group.
    The records are always de-identified: no dates, the day of follow-up and the local
    time of day instead.

    Returns:
        The data dictionary and the records file.
    """
    instrument = instrument or load_instrument()
    table = sessions_table(repo, instrument=instrument)
    items = _item_ids(repo, instrument)
    caregivers = [c.value for c in Caregiver]
    statuses = [s.value for s in SessionStatus]
    categories = [c.id for c in instrument.categories]
    low, high = str(instrument.min_total), str(instrument.max_total)

    def field_row(
        name: str,
        kind: str,
        label: str,
        choices: str = "",
        validation: str = "",
        vmin: str = "",
        vmax: str = "",
    ) -> list[str]:
        row = [""] * len(REDCAP_DICTIONARY_HEADER)
        row[0], row[1], row[3], row[4] = name, REDCAP_FORM, kind, label
        row[5], row[7], row[8], row[9] = choices, validation, vmin, vmax
        return row

    dictionary = [
        field_row("record_id", "text", "Session id (pseudonym)"),
        field_row("site", "text", "Site code"),
        field_row("mother_id", "text", "Mother id (pseudonym)"),
        field_row("study_code", "text", "Mother's study code"),
        field_row("caregiver", "radio", "Who gave the massage", _choices(caregivers)),
        field_row("slot", "radio", "Slot", _choices(["morning", "evening"])),
        field_row(
            "day",
            "text",
            "Day of follow-up (days since enrolment; 0 = enrolment day)",
            validation="integer",
        ),
        field_row("start_time_local", "text", "Start, local time of day", validation="time"),
        field_row("planned_seconds", "text", "Planned length (s)", validation="integer"),
        field_row("massage_seconds", "text", "Massage time (s)", validation="number"),
        field_row("paused_seconds", "text", "Paused time (s)", validation="number"),
        field_row("pause_count", "text", "Pauses", validation="integer"),
        field_row("status", "radio", "Session status", _choices(statuses)),
        field_row("voided", "yesno", "Voided"),
        field_row("source", "radio", "Source", _choices(["app", "import", "demo"])),
        field_row("protocol_version", "text", "Protocol version"),
        field_row("instrument_version", "text", "Instrument version"),
        field_row("pre_total", "text", "Pre-massage score", "", "integer", low, high),
        field_row("pre_category", "radio", "Pre-massage category", _choices(categories)),
        field_row("post_total", "text", "Post-massage score", "", "integer", low, high),
        field_row("post_category", "radio", "Post-massage category", _choices(categories)),
    ]
    dictionary += [field_row(redcap_variable(f"pre_{i}"), "yesno", f"Pre: {i}") for i in items]
    dictionary += [field_row(redcap_variable(f"post_{i}"), "yesno", f"Post: {i}") for i in items]

    coded = {
        "caregiver": caregivers,
        "slot": ["morning", "evening"],
        "status": statuses,
        "source": ["app", "import", "demo"],
        "pre_category": categories,
        "post_category": categories,
    }
    names = [redcap_variable(c) for c in table.columns]
    names[0] = "record_id"
    index = {c: i for i, c in enumerate(table.columns)}
    records = []
    for row in table.rows:
        values = list(row)
        for column, vocabulary in coded.items():
            value = values[index[column]]
            values[index[column]] = None if value is None else vocabulary.index(value) + 1
        values.insert(1, redcap_group_name(str(row[index["site"]])))
        records.append(values)
    header = [names[0], "redcap_data_access_group", *names[1:]]
    dictionary_path = out_dir / "redcap_data_dictionary.csv"
    records_path = out_dir / "redcap_records.csv"
    write_private_atomically(dictionary_path, _csv_bytes(REDCAP_DICTIONARY_HEADER, dictionary))
    write_private_atomically(records_path, _csv_bytes(header, records))
    return [dictionary_path, records_path]


# ------------------------------------------------------------------------ optional extras
class MissingExtraError(RuntimeError):
    """An optional package is not installed.

    Attributes:
        package: The package to install.
        extra: The oxytimer extra that brings it (``pip install oxytimer[extra]``).
    """

    def __init__(self, package: str, extra: str) -> None:
        self.package = package
        self.extra = extra
        super().__init__(
            f"{package} is not installed; install it with: pip install 'oxytimer[{extra}]'"
        )


def export_xlsx(
    repo: Repository,
    out_dir: Path,
    *,
    identifying: bool = False,
    instrument: Instrument | None = None,
) -> list[Path]:
    """Write ``oxytimer.xlsx`` with a sessions sheet and a mothers sheet (needs openpyxl).

    Raises:
        MissingExtraError: openpyxl is not installed.
    """
    try:
        from openpyxl import Workbook
    except ImportError as error:
        raise MissingExtraError("openpyxl", "xlsx") from error
    workbook = Workbook()
    first = True
    for table in (
        sessions_table(repo, identifying=identifying, instrument=instrument),
        mothers_table(repo, identifying=identifying),
    ):
        sheet = workbook.active if first else workbook.create_sheet()
        first = False
        sheet.title = table.name
        sheet.append(list(table.columns))
        for row in table.rows:
            sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    path = out_dir / "oxytimer.xlsx"
    write_private_atomically(path, buffer.getvalue())
    return [path]


def export_sav(
    repo: Repository,
    out_dir: Path,
    *,
    identifying: bool = False,
    instrument: Instrument | None = None,
) -> list[Path]:
    """Write ``sessions.sav`` and ``mothers.sav`` for SPSS, with value labels (needs
    pyreadstat). Coded variables (caregiver, categories, status ...) are numbered 1, 2 ...
    with their names as value labels.

    Raises:
        MissingExtraError: pyreadstat (or pandas) is not installed.
    """
    try:
        import pandas as pd
        import pyreadstat
    except ImportError as error:
        raise MissingExtraError("pyreadstat", "spss") from error
    instrument = instrument or load_instrument()
    categories = [c.id for c in instrument.categories]
    vocabularies = {
        "caregiver": [c.value for c in Caregiver],
        "slot": ["morning", "evening"],
        "status": [s.value for s in SessionStatus] + [s.value for s in MotherStatus],
        "source": ["app", "import", "demo"],
        "pre_category": categories,
        "post_category": categories,
        "occupation": [o.value for o in Occupation],
        "parity": ["primipara", "multipara"],
        "delivery_type": ["normal", "assisted", "caesarean"],
    }
    written = []
    for table in (
        sessions_table(repo, identifying=identifying, instrument=instrument),
        mothers_table(repo, identifying=identifying),
    ):
        labels: dict[str, dict[int | float, str]] = {}
        columns = {name: [row[i] for row in table.rows] for i, name in enumerate(table.columns)}
        for name, vocabulary in vocabularies.items():
            if name in columns:
                if name == "status":
                    vocabulary = list(dict.fromkeys(vocabulary))
                columns[name] = [
                    None if v is None else vocabulary.index(v) + 1 for v in columns[name]
                ]
                labels[name] = {i: v for i, v in enumerate(vocabulary, start=1)}
        frame = pd.DataFrame(columns, columns=list(table.columns))
        path = out_dir / f"{table.name}.sav"
        with tempfile.TemporaryDirectory(dir=out_dir) as folder:
            temp = Path(folder) / path.name
            pyreadstat.write_sav(frame, str(temp), variable_value_labels=labels, column_labels=None)
            write_private_atomically(path, temp.read_bytes())
        written.append(path)
    return written


# ------------------------------------------------------------------------------ bundle
DICTIONARY: Final[Mapping[str, str]] = {
    "session_id": "Session id: a pseudonym (16 hex digits, the same in every export from"
    " this database; the UUID in identifying exports only)",
    "site": "Site (puskesmas) code",
    "mother_id": "Mother id: a pseudonym (16 hex digits, the same in every export from"
    " this database; the UUID in identifying exports only)",
    "study_code": "Mother's study code (not identifying on its own)",
    "caregiver": "Who gave the massage: husband, midwife, family, other",
    "slot": "Slot recorded with the session: morning, evening; empty: from the start time",
    "day": "Day of follow-up: local days since the mother's enrolment (enrolment day = 0)",
    "start_time_local": "Session start, local time of day (HH:MM)",
    "started_at_utc": "Session start, UTC, ISO 8601 (identifying exports only)",
    "ended_at_utc": "Session end, UTC, ISO 8601 (identifying exports only)",
    "planned_seconds": "Planned massage length in seconds (180-300)",
    "massage_seconds": "Massage time delivered, seconds (imported sessions: the planned length)",
    "paused_seconds": "Time paused, seconds",
    "pause_count": "Number of pauses",
    "status": "completed, aborted, incomplete, awaiting_post, interrupted, running, paused",
    "voided": "1 when the session was voided (excluded from analysis)",
    "source": "app (recorded in the app), import (paper form, imported), demo",
    "protocol_version": "Massage protocol file version",
    "instrument_version": "Scoring instrument file version",
    "pre_total": "Milk-expression score before the massage",
    "pre_category": "Category of the pre score",
    "post_total": "Milk-expression score after the massage",
    "post_category": "Category of the post score",
    "age": "Age in years",
    "occupation": "not_working, trader, labourer_farmer, self_employed, employee, other",
    "parity": "primipara, multipara",
    "delivery_day": "Delivery: days since enrolment (negative: before enrolment)",
    "delivery_date": "Delivery date (local; identifying exports only)",
    "delivery_type": "normal, assisted, caesarean",
    "lives_with_husband": "1 yes, 0 no",
    "consent": "1 consent given",
    "consent_day": "Consent: days since enrolment",
    "consent_date": "Date of consent (local; identifying exports only)",
    "status_day": "The mother's status (withdrawn, closed): days since enrolment",
    "status_date": "Date of the mother's status (local; identifying exports only)",
    "locked": "1 when follow-up is closed and the record locked",
    "enrolled_at_utc": "Enrolment time, UTC (identifying exports only)",
    "pre": "Pre-score of the mother's first session",
    "post": "Post-score of the mother's last completed session",
}

R_SCRIPT: Final = r"""# Reruns the paired comparison of the oxytimer reproducibility bundle.
# Usage: Rscript analysis.R [BUNDLE_FOLDER]
# pairs.csv holds one pair per mother: the pre-score of her first session against the
# post-score of her last completed session (voided sessions left out).
args <- commandArgs(trailingOnly = TRUE)
here <- if (length(args) >= 1) args[1] else "."
pairs <- read.csv(file.path(here, "pairs.csv"), stringsAsFactors = FALSE)
pairs <- pairs[!is.na(pairs$pre) & !is.na(pairs$post), ]
pre <- pairs$pre
post <- pairs$post
cat("Pairs:", nrow(pairs), "\n")
if (nrow(pairs) == 0) quit(status = 0)

# R's own test: exact p for n < 50 without ties or zeros, otherwise normal with
# continuity correction.
res <- suppressWarnings(wilcox.test(post, pre, paired = TRUE, conf.int = TRUE))
print(res)

# SPSS's Z: tie-corrected normal approximation, no continuity correction.
d <- round(post - pre, 9)
nz <- d[d != 0]
n <- length(nz)
spss_z <- NA
spss_p <- NA
if (n > 0) {
  r <- rank(abs(nz))
  r_plus <- sum(r[nz > 0])
  r_minus <- sum(r[nz < 0])
  t <- as.numeric(table(abs(nz)))
  e <- n * (n + 1) / 4
  v <- n * (n + 1) * (2 * n + 1) / 24 - sum(t^3 - t) / 48
  if (v > 0) {
    spss_z <- (min(r_plus, r_minus) - e) / sqrt(v)
    spss_p <- 2 * pnorm(spss_z)
  }
}
cat(sprintf("SPSS-style Z = %.6f, Asymp. Sig. (2-tailed) = %.6g\n", spss_z, spss_p))
cat(sprintf("R: V = %s, p = %.6g\n", format(res$statistic), res$p.value))

# Compare with the numbers the app computed (results.csv, from results.json).
app_file <- file.path(here, "results.csv")
if (file.exists(app_file)) {
  app <- read.csv(app_file, stringsAsFactors = FALSE)
  get <- function(key) suppressWarnings(as.numeric(app$value[app$key == key]))
  same <- function(a, b, tol) {
    if (length(b) == 0 || is.na(b)) return(is.na(a))
    !is.na(a) && abs(a - b) <= tol * max(1, abs(b))
  }
  checks <- c(
    z = same(spss_z, get("wilcoxon.z"), 1e-6),
    p_asymptotic = same(spss_p, get("wilcoxon.p_asymptotic"), 1e-6),
    v = same(unname(res$statistic), get("wilcoxon.v"), 1e-9),
    p_r_default = same(res$p.value, get("wilcoxon.p_r_default"), 1e-6)
  )
  print(checks)
  if (!all(checks)) {
    cat("MISMATCH with the app's numbers\n")
    quit(status = 1)
  }
  cat("The app's numbers are reproduced.\n")
}
"""


def _app_results(pairs: Table) -> dict[str, Any] | None:
    """The app's own analysis of the pairs (None when the stats module is unavailable)."""
    try:
        from oxytimer.domain.stats import analyse
    except ImportError:
        return None
    pre = [row[3] for row in pairs.rows]
    post = [row[4] for row in pairs.rows]
    result: dict[str, Any] = analyse(pre, post).to_dict()
    return result


def _flatten(prefix: str, value: Any, into: list[tuple[str, Any]]) -> None:
    if isinstance(value, Mapping):
        for key, inner in value.items():
            _flatten(f"{prefix}.{key}" if prefix else str(key), inner, into)
    elif not isinstance(value, list):
        into.append((prefix, value))


def export_bundle(
    repo: Repository,
    out_dir: Path,
    *,
    instrument: Instrument | None = None,
    now: datetime | None = None,
) -> Path:
    """Write a reproducibility bundle (zip): de-identified ``sessions.csv``,
    ``mothers.csv`` and ``pairs.csv``, ``data_dictionary.csv``, ``analysis.R`` (reruns the
    paired Wilcoxon test), and the app's own numbers in ``results.json`` and
    ``results.csv`` when the statistics module is available.

    Returns:
        The zip file.
    """
    instrument = instrument or load_instrument()
    now = now or repo.clock.now_utc()
    tables = [
        sessions_table(repo, instrument=instrument),
        mothers_table(repo),
        first_last_pairs(repo),
    ]
    files: dict[str, bytes] = {f"{t.name}.csv": _csv_bytes(t.columns, t.rows) for t in tables}
    entries = []
    for table in tables:
        for column in table.columns:
            description = DICTIONARY.get(column)
            if description is None and column.startswith(("pre_", "post_")):
                kind, _, item = column.partition("_")
                description = f"{kind.capitalize()}-massage answer to item {item}: 1 yes, 0 no"
            entries.append((f"{table.name}.csv", column, description or ""))
    files["data_dictionary.csv"] = _csv_bytes(("file", "variable", "description"), entries)
    files["analysis.R"] = R_SCRIPT.encode("utf-8")
    results = _app_results(tables[2])
    if results is not None:
        meta = {
            "oxytimer_version": __version__,
            "created_at_utc": utc_iso(now),
            "pairing": "first-last",
            "instrument_version": instrument.version,
        }
        files["results.json"] = json.dumps(
            {"meta": meta, "analysis": results}, indent=2, sort_keys=True
        ).encode("utf-8")
        flat: list[tuple[str, Any]] = []
        _flatten("", results, flat)
        files["results.csv"] = _csv_bytes(("key", "value"), [(k, repr_number(v)) for k, v in flat])
    files["README.txt"] = (
        "oxytimer reproducibility bundle\n"
        f"Created {utc_iso(now)} by oxytimer {__version__}.\n"
        "De-identified: no names, no free-text reasons, no dates (days since the\n"
        "mother's enrolment and the local time of day instead).\n"
        "Run: Rscript analysis.R .   (reruns wilcox.test(post, pre, paired = TRUE,\n"
        "conf.int = TRUE) and SPSS's Z on pairs.csv, and compares with results.csv)\n"
    ).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    path = out_dir / f"oxytimer-bundle-{now.strftime('%Y%m%dT%H%M%SZ')}.zip"
    write_private_atomically(path, buffer.getvalue())
    return path


def repr_number(value: Any) -> str:
    """A value for results.csv: full precision for floats, empty for None."""
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


EXPORT_FORMATS: Final = ("csv", "redcap", "bundle", "sav", "xlsx")


def export(
    repo: Repository,
    out_dir: Path,
    fmt: str = "csv",
    *,
    identifying: bool = False,
    instrument: Instrument | None = None,
) -> list[Path]:
    """Export in one of :data:`EXPORT_FORMATS` into ``out_dir``; return the files written.

    Raises:
        ValueError: Unknown format.
        MissingExtraError: The format needs an optional package that is not installed.
        AuditTrailBrokenError: The audit trail was tampered with; nothing is written.
    """
    from oxytimer.storage.audit_chain import require_intact

    require_intact(repo.db.conn)
    out_dir.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        return export_csv(repo, out_dir, identifying=identifying, instrument=instrument)
    if fmt == "redcap":
        return export_redcap(repo, out_dir, instrument=instrument)
    if fmt == "bundle":
        return [export_bundle(repo, out_dir, instrument=instrument)]
    if fmt == "sav":
        return export_sav(repo, out_dir, identifying=identifying, instrument=instrument)
    if fmt == "xlsx":
        return export_xlsx(repo, out_dir, identifying=identifying, instrument=instrument)
    raise ValueError(f"unknown export format {fmt!r}")
