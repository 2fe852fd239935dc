"""CSV import of paper sessions: all or nothing, idempotent, in batches.

:func:`plan_import` reads and checks every row against the instrument and the database
and lists every problem; :func:`import_csv` writes only when there is none, in one
transaction, through the repository's own audited bulk inserts. Imported sessions have
``source = 'import'``, status ``completed``, no recorded slot (it follows from the start
time, as for app sessions) and a session id derived from (site, participant, date and
time), so importing the same file again adds nothing and a changed score for the same
session is reported as a conflict. A mother the import creates has an id derived from her
site and study code (:func:`import_mother_id`): two laptops importing the same paper
forms create the same mother.

Dates and times are read as written on the paper form, in the sites' time zone (the
``time_zone`` of ``sites.toml``, :func:`~oxytimer.domain.sites.load_time_zone`), never in
the computer's: the same file gives the same sessions (ids and UTC times) on every laptop.

Every row needs a date with the time of day: the time gives the session's slot (morning,
evening) and the order of a mother's sessions (first pre-score, last post-score). A date
alone, or the same participant twice at the same time, is a problem of that row.

Rows are checked and written :data:`BATCH_ROWS` at a time, with a fixed number of SQL
statements per batch (mothers and earlier sessions looked up with one query per batch),
so time grows with the rows and memory with the file's size (at most
:data:`MAX_IMPORT_BYTES`) and the number of distinct mothers in it, never with the
database. Problems and errors are codes (see :class:`ImportProblem`); the CLI and the UI
word them.
"""

from __future__ import annotations

import csv
import io
import re
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any, Final

from oxytimer.domain.clock import utc_iso
from oxytimer.domain.instrument import Instrument, load_instrument
from oxytimer.domain.protocol import load_protocol
from oxytimer.domain.records import (
    AGE_MAX,
    AGE_MIN,
    InputError,
    MotherStatus,
    Occupation,
    SessionStatus,
    clean_study_code,
)
from oxytimer.domain.sites import load_time_zone
from oxytimer.storage.bulk import (
    IMPORT_CACHE_KIB,
    bulk_cache,
    ordered_id,
    summary_marked_at_end,
)
from oxytimer.storage.repository import Repository

IMPORT_NAMESPACE: Final = uuid.UUID("6f1d7c1e-3b0a-4d55-9a51-0c8e4f3d2a77")
"""Namespace of the deterministic ids of imported sessions (never change it)."""
MOTHER_NAMESPACE: Final = uuid.UUID("0b6c1f7a-54d2-4c8e-9a3b-7d2e6f1a9c40")
"""Namespace of the ids of mothers an import creates (never change it)."""

REQUIRED_COLUMNS: Final = ("participant", "site", "date", "pre", "post")
OPTIONAL_COLUMNS: Final = ("caregiver", "duration_min", "age", "occupation")
MAX_IMPORT_BYTES: Final = 20 * 1024 * 1024
BATCH_ROWS: Final = 500
"""Rows checked against the database and written together."""
EARLIEST_YEAR: Final = 2000
"""Dates before this year are refused as ``bad_date`` (a typing slip, e.g. year 0001)."""

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
_FIRST_LINE = re.compile(r"(?:\A|(?<=[\r\n]))[^\S\r\n]*\S[^\r\n]*")
_NUMBER = re.compile(r"^[+-]?\d{1,9}(?:[.,]\d{1,9})?$")
_DMY = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?:[ T]+(\d{1,2})[:.](\d{2}))?$")
_YMD = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]+(\d{1,2})[:.](\d{2}))?$")


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
            ``out_of_range``, ``bad_date`` (also a year before :data:`EARLIEST_YEAR`),
            ``time_required`` (a date without the time of day), ``duplicate_row`` (same
            participant and time as the line in ``params["line"]``), ``future_date``,
            ``unknown_site``, ``invalid_code``, ``unknown_caregiver``,
            ``unknown_occupation``, ``mother_differs`` (age or occupation differs from an
            earlier row or the stored mother), ``mother_not_active``, ``conflict`` (this
            session was imported before with different values).
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
    date_text: str = ""
    """The date and time as written in the file."""


@dataclass
class ImportPlan:
    """What importing a file would do.

    Attributes:
        problems: Every problem found; nothing is written unless this is empty.
        rows: Checked rows (empty rows skipped).
        new_sessions: Rows whose session is not in the database yet.
        already_imported: Rows whose session was imported before with the same values.
        new_mothers: Mothers that would be created.
    """

    problems: list[ImportProblem] = field(default_factory=list)
    rows: int = 0
    new_sessions: int = 0
    already_imported: int = 0
    new_mothers: int = 0

    @property
    def ok(self) -> bool:
        """Whether the file can be imported (no problems)."""
        return not self.problems


@dataclass(slots=True)
class _Mother:
    """What the import knows of one mother of the file (one per mother: kept small)."""

    id: str
    stored: bool
    age: int | None
    occupation: str | None
    active: bool = True
    fills: dict[str, Any] | None = None  # a stored mother's empty fields the file fills


def _short(value: str) -> str:
    return value if len(value) <= 60 else value[:57] + "..."


def _separator(text: str) -> str:
    # The first line that is not blank, found without splitting the whole file.
    found = _FIRST_LINE.search(text)
    header = found.group(0) if found else ""
    return ";" if header.count(";") > header.count(",") else ","


def _key(text: str) -> str:
    return re.sub(r"[\s/-]+", "_", text.strip().lower())


def _number(text: str) -> float | None:
    cleaned = text.strip().replace(" ", "")
    if not _NUMBER.match(cleaned):
        return None
    return float(cleaned.replace(",", "."))


def parse_when(text: str, zone: tzinfo) -> datetime | date | None:
    """A date and time as written on a paper form, as an aware datetime: read in ``zone``
    (the sites' time zone) unless it carries its own UTC offset. A date alone comes back
    as a ``date``; anything else, or a year before :data:`EARLIEST_YEAR`, as None."""
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
                alone = date(int(year), int(month), int(day))
                return alone if alone.year >= EARLIEST_YEAR else None
            moment = datetime(int(year), int(month), int(day), int(hour), int(minute))
        else:
            moment = datetime.fromisoformat(text)  # seconds, a UTC offset ...
            if ":" not in text:
                alone = moment.date()  # 20260301: a date without a time of day
                return alone if alone.year >= EARLIEST_YEAR else None
        if moment.year < EARLIEST_YEAR:
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=zone)
        moment.astimezone(UTC)  # out of range near year 1 or 9999
    except (ValueError, OverflowError):
        return None
    return moment


def import_session_id(site_code: str, study_code: str, when: datetime | None, nth: int) -> str:
    """The deterministic id of an imported session (same file, same ids).

    Derived from the session's UTC start, which :func:`parse_when` takes from the time
    written in the file and the sites' time zone, so it does not depend on the computer.
    ``when`` None and ``nth`` > 0 were used by versions that took rows without a date or
    several rows at the same time; kept so the ids of earlier imports stay the same.
    """
    stamp = "" if when is None else utc_iso(when.astimezone(UTC))
    return str(uuid.uuid5(IMPORT_NAMESPACE, f"{site_code}|{study_code}|{stamp}|{nth}"))


def import_mother_id(site_code: str, study_code: str) -> str:
    """The id of a mother an import creates: derived from her site and study code, so
    the same paper forms imported on two laptops create the same mother."""
    return str(uuid.uuid5(MOTHER_NAMESPACE, f"{site_code}|{study_code}"))


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


class _Reader:
    """Reads a file's rows and checks each one on its own (not against the database)."""

    def __init__(
        self,
        repo: Repository,
        text: str,
        instrument: Instrument,
        zone: tzinfo,
        today: date,
    ) -> None:
        self.text = text
        self.instrument = instrument
        self.zone = zone
        self.today = today
        self.protocol = load_protocol()
        self.sites = {s["code"].upper(): s["code"] for s in repo.sites()}
        self.columns: list[str] = []
        self._line = 0

    def _records(self) -> Iterator[tuple[int, list[str]]]:
        reader = csv.reader(
            io.StringIO(self.text, newline=""), delimiter=_separator(self.text), strict=True
        )
        self._line = 0
        for row in reader:
            self._line = reader.line_num
            yield reader.line_num, [str(cell) for cell in row]

    def header(self) -> list[ImportProblem]:
        """Read the header; the problems of the file as a whole (CSV errors too: the
        whole file is parsed once, keeping nothing, before any row is checked)."""
        records = self._records()
        first: tuple[int, list[str]] | None = None
        data_rows = 0
        try:
            first = next(records, None)
            for _ in records:
                data_rows += 1
        except csv.Error as error:
            return [ImportProblem(self._line + 1, "", "", "csv_error", {"detail": str(error)})]
        if first is None:
            return [ImportProblem(0, "", "", "empty")]
        header_line, header = first
        columns = [_key(c) for c in header]
        problems = []
        known = set(REQUIRED_COLUMNS) | set(OPTIONAL_COLUMNS)
        for name, raw in zip(columns, header, strict=True):
            if name not in known:
                problems.append(
                    ImportProblem(header_line, _short(raw), _short(raw), "unknown_column")
                )
            elif columns.count(name) > 1:
                problems.append(ImportProblem(header_line, name, _short(raw), "duplicate_column"))
        for name in REQUIRED_COLUMNS:
            if name not in columns:
                problems.append(ImportProblem(header_line, name, "", "missing_column"))
        if not problems and not data_rows:
            problems.append(ImportProblem(0, "", "", "empty"))
        self.columns = columns
        return problems

    def rows(self) -> Iterator[ImportRow | list[ImportProblem]]:
        """Each non-empty data row: checked, or its problems."""
        records = self._records()
        next(records)
        for line, cells in records:
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(self.columns):
                yield [
                    ImportProblem(
                        line,
                        "",
                        _short(",".join(cells)),
                        "wrong_field_count",
                        {"expected": len(self.columns), "found": len(cells)},
                    )
                ]
                continue
            yield self._row(line, dict(zip(self.columns, cells, strict=True)))

    def _row(self, line: int, cells: dict[str, str]) -> ImportRow | list[ImportProblem]:
        check = _RowChecker(line, cells)
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
            site_code = self.sites.get(site_text.upper())
            if site_code is None:
                check.problem("site", "unknown_site")
        low, high = self.instrument.min_total, self.instrument.max_total
        pre = check.whole("pre", low, high, required=True)
        post = check.whole("post", low, high, required=True)
        when: datetime | None = None
        when_text = check.text("date", required=True)
        if when_text is not None:
            parsed = parse_when(when_text, self.zone)
            if parsed is None:
                check.problem("date", "bad_date")
            elif not isinstance(parsed, datetime):
                # The slot (morning, evening) and the order of a mother's sessions come
                # from the time: a date alone would say neither.
                check.problem("date", "time_required")
            elif parsed.astimezone(self.zone).date() > self.today:
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
        protocol = self.protocol
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
            return check.problems
        assert pre is not None and post is not None and when is not None
        return ImportRow(
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
            date_text=_short(cells.get("date", "")),
        )


def _batches(
    rows: Iterator[ImportRow | list[ImportProblem]], problems: list[ImportProblem]
) -> Iterator[list[ImportRow]]:
    """Checked rows in batches of :data:`BATCH_ROWS`; problems go to ``problems``."""
    batch: list[ImportRow] = []
    for row in rows:
        if isinstance(row, list):
            problems.extend(row)
            continue
        batch.append(row)
        if len(batch) == BATCH_ROWS:
            yield batch
            batch = []
    if batch:
        yield batch


def _marks(values: list[Any]) -> str:
    return ", ".join("?" for _ in values)


def _stored_mothers(
    repo: Repository, keys: set[tuple[str, str]]
) -> dict[tuple[str, str], tuple[str, int | None, str | None, bool]]:
    """(site, code) -> (id, age, occupation, active) of the stored mothers among ``keys``:
    one query per site on the (site_id, study_code) index."""
    found = {}
    by_site: dict[str, list[str]] = {}
    for site_code, study_code in keys:
        by_site.setdefault(site_code, []).append(study_code)
    for site_code, codes in by_site.items():
        for r in repo.db.execute(
            "SELECT m.id, m.study_code, m.age, m.occupation, m.status, m.locked FROM mothers m"
            f" WHERE m.site_id = (SELECT id FROM sites WHERE code = ?)"
            f" AND m.study_code IN ({_marks(codes)})",
            [site_code, *codes],
        ):
            active = r[4] == MotherStatus.ENROLLED and not r[5]
            found[(site_code, r[1])] = (r[0], r[2], r[3], active)
    return found


_STORED_SESSIONS = (
    "SELECT x.id, s.code, m.study_code, x.caregiver, x.planned_seconds,"
    " (SELECT total FROM scores WHERE session_id = x.id AND kind = 'pre'),"
    " (SELECT total FROM scores WHERE session_id = x.id AND kind = 'post')"
    " FROM sessions x JOIN mothers m ON m.id = x.mother_id JOIN sites s ON s.id = m.site_id"
    " WHERE x.id IN ({marks})"
)


class _Planner:
    """Checks rows against each other and the database, batch by batch."""

    def __init__(self, repo: Repository, plan: ImportPlan) -> None:
        self.repo = repo
        self.plan = plan
        self.mothers: dict[tuple[str, str], _Mother] = {}
        self.seen: dict[bytes, int] = {}  # session id (its 16 bytes) -> first line

    def check(self, batch: list[ImportRow]) -> None:
        plan = self.plan
        unknown = {(r.site_code, r.study_code) for r in batch} - self.mothers.keys()
        stored = _stored_mothers(self.repo, unknown) if unknown else {}
        ids = list({r.session_id for r in batch})
        sessions = {
            r[0]: r[1:]
            for r in self.repo.db.execute(_STORED_SESSIONS.format(marks=_marks(ids)), ids)
        }
        for row in batch:
            first = self.seen.setdefault(uuid.UUID(row.session_id).bytes, row.line)
            if first != row.line:
                # Two sessions of one mother cannot start at the same minute: a row typed
                # twice.
                plan.problems.append(
                    ImportProblem(
                        row.line,
                        "date",
                        row.date_text,
                        "duplicate_row",
                        {"line": first},
                    )
                )
                continue
            plan.rows += 1
            key = (row.site_code, row.study_code)
            mother = self.mothers.get(key)
            if mother is None:
                if key in stored:
                    mother_id, age, occupation, active = stored[key]
                    mother = _Mother(mother_id, True, age, occupation, active)
                else:
                    mother = _Mother(import_mother_id(*key), False, row.age, row.occupation)
                    plan.new_mothers += 1
                self.mothers[key] = mother
            if not mother.active:
                plan.problems.append(
                    ImportProblem(row.line, "participant", row.study_code, "mother_not_active")
                )
                continue
            for column, value in (("age", row.age), ("occupation", row.occupation)):
                if value is None:
                    continue
                known = getattr(mother, column)
                if known is None:
                    setattr(mother, column, value)
                    if mother.stored:
                        mother.fills = {**(mother.fills or {}), column: value}
                elif known != value:
                    plan.problems.append(
                        ImportProblem(
                            row.line, column, str(value), "mother_differs", {"stored": known}
                        )
                    )
            found = sessions.get(row.session_id)
            if found is None:
                plan.new_sessions += 1
                continue
            same = found == (
                row.site_code,
                row.study_code,
                row.caregiver,
                row.planned_seconds,
                row.pre,
                row.post,
            )
            if same:
                plan.already_imported += 1
            else:
                plan.problems.append(
                    ImportProblem(
                        row.line, "", row.study_code, "conflict", {"session": row.session_id}
                    )
                )


def _start(
    repo: Repository,
    data: bytes,
    instrument: Instrument,
    zone: tzinfo | None,
    today: date | None,
) -> tuple[ImportPlan, _Reader | None, _Planner | None]:
    plan = ImportPlan()
    if len(data) > MAX_IMPORT_BYTES:
        plan.problems.append(ImportProblem(0, "", "", "too_large", {"max_mb": 20}))
        return plan, None, None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        plan.problems.append(ImportProblem(0, "", "", "not_utf8", {"position": error.start}))
        return plan, None, None
    if not text.strip():
        plan.problems.append(ImportProblem(0, "", "", "empty"))
        return plan, None, None
    zone = zone or load_time_zone()
    today = today or repo.clock.now_utc().astimezone(zone).date()
    reader = _Reader(repo, text, instrument, zone, today)
    plan.problems.extend(reader.header())
    if plan.problems:
        return plan, None, None
    planner = _Planner(repo, plan)
    with bulk_cache(repo.db):
        for batch in _batches(reader.rows(), plan.problems):
            planner.check(batch)
    if not plan.rows and not plan.problems:
        plan.problems.append(ImportProblem(0, "", "", "empty"))
    plan.problems.sort(key=lambda p: (p.line, p.column))
    return plan, reader, planner


def plan_import(
    repo: Repository,
    data: bytes,
    *,
    instrument: Instrument | None = None,
    today: date | None = None,
    zone: tzinfo | None = None,
) -> ImportPlan:
    """Read and check an import file without writing anything.

    Args:
        repo: The database the rows would go to (for sites, mothers and earlier imports).
        data: The file's bytes: UTF-8 with or without BOM, ``,`` or ``;`` separated.
        instrument: Gives the allowed score range (default: the shipped instrument).
        today: Dates after this day (in ``zone``) are refused (default: the repository
            clock's).
        zone: The time zone the file's times are written in (default: the sites'
            :func:`~oxytimer.domain.sites.load_time_zone`).

    Returns:
        The plan, listing every problem (line, column, value, code).
    """
    return _start(repo, data, instrument or load_instrument(), zone, today)[0]


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
    zone: tzinfo | None = None,
) -> ImportResult:
    """Import a file of paper sessions: everything, or nothing when any row is bad.

    Args:
        repo: The database to write to.
        data: The file's bytes (see :func:`plan_import`).
        instrument: Gives the score range and categories (default: the shipped one).
        today: Dates after this day are refused.
        zone: The time zone of the file's times (see :func:`plan_import`).

    Returns:
        The result; when ``result.plan.problems`` is not empty nothing was written.

    Raises:
        StorageError: The database could not be written (full, read-only, locked);
            nothing was written.
    """
    instrument = instrument or load_instrument()
    plan, reader, planner = _start(repo, data, instrument, zone, today)
    if not plan.ok or not plan.new_sessions or reader is None or planner is None:
        return ImportResult(plan, False, 0, 0)
    with bulk_cache(repo.db, IMPORT_CACHE_KIB, writing=True), repo._write():
        _write(repo, reader, planner, instrument)
    return ImportResult(plan, True, plan.new_sessions, plan.new_mothers)


def _write(repo: Repository, reader: _Reader, planner: _Planner, instrument: Instrument) -> None:
    """Write the new rows, batch by batch (the caller holds the transaction)."""
    protocol_version = load_protocol().version
    now = utc_iso(repo.clock.now_utc())
    site_ids = {s["code"]: s["id"] for s in repo.sites()}
    with summary_marked_at_end(repo.db):
        _write_batches(repo, reader, planner, instrument, protocol_version, now, site_ids)
    for mother in planner.mothers.values():
        if mother.stored and mother.fills:
            repo._update("mothers", mother.id, mother.fills, reason="filled in by a CSV import")


def _write_batches(
    repo: Repository,
    reader: _Reader,
    planner: _Planner,
    instrument: Instrument,
    protocol_version: str,
    now: str,
    site_ids: Mapping[str, str],
) -> None:
    """Insert the new mothers, sessions and scores (with their audit rows), batch by batch."""
    low, high = instrument.min_total, instrument.max_total
    unused: list[ImportProblem] = []
    for batch in _batches(reader.rows(), unused):
        ids = list({r.session_id for r in batch})
        stored = {
            r[0]
            for r in repo.db.execute(f"SELECT id FROM sessions WHERE id IN ({_marks(ids)})", ids)
        }
        new_mothers, sessions, scores = [], [], []
        for row in batch:
            if row.session_id in stored:
                continue
            stored.add(row.session_id)
            mother = planner.mothers[(row.site_code, row.study_code)]
            if not mother.stored:
                mother.stored = True  # written in this batch
                new_mothers.append(
                    {
                        "id": mother.id,
                        "site_id": site_ids[row.site_code],
                        "study_code": row.study_code,
                        "status": MotherStatus.ENROLLED.value,
                        "enrolled_at": now,
                        "age": mother.age,
                        "occupation": mother.occupation,
                    }
                )
            started = row.when.astimezone(UTC)
            sessions.append(
                {
                    "id": row.session_id,
                    "mother_id": mother.id,
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
                }
            )
            for kind, total in (("pre", row.pre), ("post", row.post)):
                scores.append(
                    {
                        "id": ordered_id(),
                        "session_id": row.session_id,
                        "kind": kind,
                        "instrument_version": instrument.version,
                        "total": total,
                        "min_total": low,
                        "max_total": high,
                        "category": instrument.category_for(total).id,
                        "recorded_at": now,
                    }
                )
        repo._insert_rows("mothers", new_mothers)
        repo._insert_rows("sessions", sessions)
        repo._insert_rows("scores", scores)
