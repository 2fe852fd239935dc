"""Read the records the clinician summary analyses, with its filters."""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Final, Protocol

from oxytimer.domain.pairing import (
    ABORTED,
    AWAITING_POST,
    INTERRUPTED,
    NO_POST_SCORE,
    SCREENED_OUT,
    VOIDED,
    MotherSessions,
    Pair,
    Pairing,
    PairingRule,
    Scale,
    SessionScores,
)
from oxytimer.domain.records import Caregiver
from oxytimer.domain.summary import AnalysedMother
from oxytimer.storage.database import Database


class Reader(Protocol):
    """What the summary's queries run on: a SQLite :class:`Database`, or a study
    server's connection (storage/server_analysis.py); ``dialect`` says which."""

    def execute(self, sql: str, params: Any = ()) -> Any: ...


@dataclass(frozen=True)
class Dialect:
    """Where the summary's SQL differs between SQLite and PostgreSQL.

    Attributes:
        name: ``sqlite`` or ``postgresql``.
        tie: What orders a mother's sessions that start at the same time: SQLite's rowid
            (the order they were written), the server's session id (it has no rowid).
        hint: SQLite's index hint for the scores (none on the server).
    """

    name: str
    tie: str
    hint: str

    def chr(self, code: int) -> str:
        return f"char({code})" if self.name == "sqlite" else f"chr({code})"

    def text(self, expr: str) -> str:
        """``expr`` as text (SQLite converts in ``||`` itself)."""
        return expr if self.name == "sqlite" else f"CAST({expr} AS text)"

    def padded(self, tie: str) -> str:
        """The tie-breaker as text that sorts as its value."""
        return f"printf('%020d', {tie})" if self.name == "sqlite" else tie

    def total(self, expr: str) -> str:
        """SQLite's total(): a float sum, 0.0 over no rows."""
        if self.name == "sqlite":
            return f"total({expr})"
        return f"coalesce(sum(CAST({expr} AS double precision)), 0.0)"

    def count(self, condition: str) -> str:
        """How many rows meet ``condition``."""
        if self.name == "sqlite":
            return f"sum({condition})"
        return f"sum(CASE WHEN {condition} THEN 1 ELSE 0 END)"

    def flag(self, condition: str) -> str:
        """``condition`` as '1' or '0' in a text."""
        if self.name == "sqlite":
            return condition
        return f"CASE WHEN {condition} THEN '1' ELSE '0' END"

    def distinct_list(self, expr: str) -> str:
        if self.name == "sqlite":
            return f"group_concat(DISTINCT {expr})"
        return f"string_agg(DISTINCT {expr}, ',')"

    def binary(self, expr: str) -> str:
        """``expr`` compared byte by byte, as SQLite compares text."""
        return expr if self.name == "sqlite" else f'({expr} COLLATE "C")'

    def not_(self, column: str) -> str:
        """An integer flag column is 0."""
        return f"NOT {column}" if self.name == "sqlite" else f"{column} = 0"

    def local_day(self, column: str) -> str:
        """The local calendar day of a UTC timestamp text (this computer's time zone;
        the server connection is set to it)."""
        if self.name == "sqlite":
            return f"date({column}, 'localtime')"
        return (
            f"to_char(CAST({column} AS timestamptz) AT TIME ZONE"
            " current_setting('TimeZone'), 'YYYY-MM-DD')"
        )


SQLITE: Final = Dialect("sqlite", "x.rowid", "INDEXED BY scores_session_scale")
POSTGRESQL: Final = Dialect("postgresql", "x.id", "")


def dialect_of(db: Reader) -> Dialect:
    found: Dialect = getattr(db, "dialect", SQLITE)
    return found


@dataclass(frozen=True)
class AnalysisFilter:
    """Which records the summary looks at. None means: no restriction.

    Attributes:
        site_codes: puskesmas codes.
        enrolled_from, enrolled_to: enrolment dates (inclusive), as calendar dates in
            this computer's time zone, as the app shows them (SQLite's ``localtime``).
        caregivers: who gave the massage (sessions by others are left out).
        protocol_versions: protocol versions of the sessions.
        instrument_versions: instrument versions of the sessions (the checklist file in
            use when each started); without it, every version is analysed and the
            summary warns when the pairs mix versions or score ranges.
        completed_follow_up_only: only mothers whose follow-up was closed.
        design: which measurement is analysed (:data:`DESIGNS`): ``"assessments"``
            (the study's: the baseline assessment against the end assessment, the
            whole checklist), ``"session_check"`` (the short check before and after
            each session: a secondary outcome) or ``"full_checklist"`` (the earlier
            design: the whole checklist before and after every session). None: the
            assessments when the database holds any (or any session check), else the
            earlier design (see :func:`resolve_design`). Designs are never pooled.
    """

    site_codes: tuple[str, ...] | None = None
    enrolled_from: date | None = None
    enrolled_to: date | None = None
    caregivers: tuple[str, ...] | None = None
    protocol_versions: tuple[str, ...] | None = None
    instrument_versions: tuple[str, ...] | None = None
    completed_follow_up_only: bool = False
    design: str | None = None

    def describe(self) -> dict[str, Any]:
        """The filter as plain values, for reports and JSON."""
        return {
            "sites": list(self.site_codes) if self.site_codes else None,
            "enrolled_from": self.enrolled_from.isoformat() if self.enrolled_from else None,
            "enrolled_to": self.enrolled_to.isoformat() if self.enrolled_to else None,
            "caregivers": list(self.caregivers) if self.caregivers else None,
            "protocol_versions": list(self.protocol_versions) if self.protocol_versions else None,
            "instrument_versions": (
                list(self.instrument_versions) if self.instrument_versions else None
            ),
            "completed_follow_up_only": self.completed_follow_up_only,
            "design": self.design,
        }


ASSESSMENTS: Final = "assessments"
SESSION_CHECK: Final = "session_check"
FULL_CHECKLIST: Final = "full_checklist"
DESIGNS: Final = (ASSESSMENTS, SESSION_CHECK, FULL_CHECKLIST)
"""The measurements the summary can analyse, one at a time."""


def designs_in(db: Reader) -> tuple[str, ...]:
    """The designs the database holds records of, in :data:`DESIGNS` order. (No index
    on the design: SQLite would prefer it to sessions_mother for a mother's sessions.)"""
    found = set()
    if db.execute(
        "SELECT 1 FROM assessments WHERE voided = 0 AND kind IN ('baseline', 'end') LIMIT 1"
    ).fetchone():
        found.add(ASSESSMENTS)
    stored = dialect_of(db) is SQLITE and _has_stored_rows(db)
    for design in (SESSION_CHECK, FULL_CHECKLIST):
        if stored:  # (a design held by no session would be a scan of every session)
            held = (
                db.execute(
                    "SELECT 1 FROM summary_pairing WHERE design = ? AND n > n_voided"
                    f" AND mother_id NOT IN {STALE} LIMIT 1",
                    [design],
                ).fetchone()
                or db.execute(
                    "SELECT 1 FROM sessions WHERE mother_id IN"
                    f" {STALE} AND design = ? AND voided = 0 LIMIT 1",
                    [design],
                ).fetchone()
            )
        else:
            held = db.execute(
                "SELECT 1 FROM sessions WHERE design = ? AND voided = 0 LIMIT 1", [design]
            ).fetchone()
        if held:
            found.add(design)
    return tuple(d for d in DESIGNS if d in found)


def _has_stored_rows(db: Reader) -> bool:
    from oxytimer.storage.summary_table import has_summary_table

    return has_summary_table(db)


def resolve_design(db: Reader, flt: AnalysisFilter) -> AnalysisFilter:
    """``flt`` with its design chosen: as given, else the assessments when the database
    holds any (or any session check, the design they belong to), else the earlier
    design (a database made before issue 12 is analysed as it was collected)."""
    if flt.design is not None:
        if flt.design not in DESIGNS:
            raise ValueError(f"unknown design {flt.design!r}; one of {', '.join(DESIGNS)}")
        return flt
    held = designs_in(db)
    new = ASSESSMENTS in held or SESSION_CHECK in held
    return replace(flt, design=ASSESSMENTS if new or not held else FULL_CHECKLIST)


def design_warnings(db: Reader, flt: AnalysisFilter) -> tuple[str, ...]:
    """The summary's notes about designs: analysed under the earlier design, and
    records of another design held but not pooled."""
    out = []
    if flt.design == FULL_CHECKLIST:
        out.append("design_full_checklist")
    elif flt.design == SESSION_CHECK:
        out.append("design_session_check")
    others = [d for d in designs_in(db) if d != flt.design]
    if flt.design == ASSESSMENTS:
        others = [d for d in others if d != SESSION_CHECK]  # its secondary outcome
    if others:
        out.append("mixed_designs")
    return tuple(out)


def _in(column: str, values: tuple[str, ...], params: list[Any]) -> str:
    params.extend(values)
    return f"{column} IN ({', '.join('?' for _ in values)})"


LOCAL_ENROLMENT_DAY = "date(m.enrolled_at, 'localtime')"
"""The local calendar day of enrolment, in SQL (``enrolled_at`` is stored in UTC)."""


def _mother_where(flt: AnalysisFilter, params: list[Any], d: Dialect = SQLITE) -> str:
    """The WHERE clause on mothers ``m`` and sites ``s`` (or "")."""
    where: list[str] = []
    day = d.local_day("m.enrolled_at")
    if flt.site_codes:
        where.append(_in("s.code", flt.site_codes, params))
    if flt.enrolled_from:
        where.append(f"{day} >= ?")
        params.append(flt.enrolled_from.isoformat())
    if flt.enrolled_to:
        where.append(f"{day} <= ?")
        params.append(flt.enrolled_to.isoformat())
    if flt.completed_follow_up_only:
        where.append("m.status = 'closed'")
    return ("WHERE " + " AND ".join(where)) if where else ""


def _session_where(flt: AnalysisFilter, params: list[Any], mothers: str = "") -> str:
    """The WHERE clause on sessions ``x`` (or ""); ``mothers``: an SQL set of mother ids
    to keep (e.g. ``(SELECT mother_id FROM summary_stale)``), "" for every mother."""
    where: list[str] = []
    if mothers:
        where.append(f"x.mother_id IN {mothers}")
    if flt.design in (SESSION_CHECK, FULL_CHECKLIST):
        where.append("x.design = ?")
        params.append(flt.design)
    if flt.caregivers:
        where.append(_in("x.caregiver", flt.caregivers, params))
    if flt.protocol_versions:
        where.append(_in("x.protocol_version", flt.protocol_versions, params))
    if flt.instrument_versions:
        where.append(_in("x.instrument_version", flt.instrument_versions, params))
    return ("WHERE " + " AND ".join(where)) if where else ""


def _scale(version: str | None, low: float | None, high: float | None) -> Scale:
    return Scale(
        version or None,
        None if low is None else float(low),
        None if high is None else float(high),
    )


def mothers_for_analysis(db: Database, flt: AnalysisFilter | None = None) -> list[MotherSessions]:
    """Every mother that passes the filter, with her sessions that pass it.

    Sessions come with their pre and post totals and categories. One query each for
    mothers and sessions, so a database of 100,000 mothers reads in one pass.
    """
    flt = resolve_design(db, flt or AnalysisFilter())
    params: list[Any] = []
    mother_where = _mother_where(flt, params)
    mothers: dict[str, dict[str, Any]] = {}
    for row in db.execute(
        "SELECT m.id, m.study_code, s.code, m.status, m.age, m.occupation FROM mothers m"
        f" JOIN sites s ON s.id = m.site_id {mother_where} ORDER BY s.code, m.study_code",
        params,
    ):
        mothers[row[0]] = {
            "code": row[1],
            "site": row[2],
            "status": row[3],
            "age": row[4],
            "occupation": row[5],
            "sessions": [],
        }

    session_params: list[Any] = []
    clause = _session_where(flt, session_params)
    query = (
        "SELECT x.id, x.mother_id, x.started_at, x.status, x.voided, pre.total, post.total,"
        " pre.category, post.category, x.massage_seconds, x.caregiver, x.protocol_version,"
        " x.instrument_version, pre.instrument_version, pre.min_total, pre.max_total,"
        " post.instrument_version, post.min_total, post.max_total FROM sessions x"
        " LEFT JOIN scores pre ON pre.session_id = x.id AND pre.kind = 'pre'"
        " LEFT JOIN scores post ON post.session_id = x.id AND post.kind = 'post'"
        f" {clause} ORDER BY x.rowid"  # ties in started_at: in rowid order, as the SQL path
    )
    if flt.design == ASSESSMENTS:
        session_params = []  # (the sessions' WHERE is not used)
        query = (
            f"SELECT sid, mother_id, started_at, status, voided, pre, post, pre_category,"
            " post_category, massage_seconds, caregiver, protocol_version, instrument_version,"
            " pre_version, pre_min, pre_max, post_version, post_min, post_max"
            f" FROM ({_assessments_as_sessions(flt, session_params)}) ORDER BY r"
        )
    for row in db.execute(query, session_params):
        mother = mothers.get(row[1])
        if mother is not None:
            mother["sessions"].append(
                SessionScores(
                    session_id=row[0],
                    started_at=row[2],
                    status=row[3],
                    voided=bool(row[4]),
                    pre=None if row[5] is None else float(row[5]),
                    post=None if row[6] is None else float(row[6]),
                    pre_category=row[7],
                    post_category=row[8],
                    massage_seconds=float(row[9] or 0.0),
                    caregiver=row[10],
                    protocol_version=row[11],
                    instrument_version=row[12],
                    pre_scale=None if row[5] is None else _scale(*row[13:16]),
                    post_scale=None if row[6] is None else _scale(*row[16:19]),
                )
            )
    return [
        MotherSessions(
            mother_id=mother_id,
            study_code=m["code"],
            site_code=m["site"],
            status=m["status"],
            sessions=tuple(m["sessions"]),
            age=m["age"],
            occupation=m["occupation"],
        )
        for mother_id, m in mothers.items()
    ]


@dataclass(frozen=True)
class DatabasePairing:
    """What :func:`pair_in_database` reads: the pairs and the mothers behind them.

    Attributes:
        pairing: The pairs and exclusions, as :func:`~oxytimer.domain.pairing.make_pairs`
            makes them from :func:`mothers_for_analysis`.
        analysed: The mothers with at least one pair, in the order of the pairs.
        protocol_versions, instrument_versions: The versions of the analysed mothers'
            non-voided completed sessions.
    """

    pairing: Pairing
    analysed: tuple[AnalysedMother, ...]
    protocol_versions: frozenset[str]
    instrument_versions: frozenset[str]


# Keys join values with char(31), which sorts before any character of a timestamp, and
# scales with char(30).


def _scale_text(score: str, d: Dialect = SQLITE) -> str:
    sep = d.chr(30)
    low, high = d.text(f"{score}.min_total"), d.text(f"{score}.max_total")
    return (
        f"coalesce({score}.instrument_version, '') || {sep}"
        f" || coalesce({low}, '') || {sep} || coalesce({high}, '')"
    )


def _assessments_as_sessions(
    flt: AnalysisFilter, params: list[Any], mothers: str = "", d: Dialect = SQLITE
) -> str:
    """Each mother's baseline and end assessments as one row shaped like
    :data:`_SESSIONS_WITH_SCORES`' (pre = baseline, post = end; "completed" when she
    has both, "awaiting_post" while her end assessment is still to come). Its massage
    time is all her sessions' (the dose); caregiver and protocol version, her sessions'
    (the greatest when they differ)."""
    # The session filters (caregiver, protocol version) choose the mothers whose sessions
    # match, and the sessions whose dose, caregiver and version are reported.
    chosen = "x.mother_id = a.mother_id AND x.voided = 0"
    chosen_params: list[Any] = []
    if flt.caregivers:
        chosen += " AND " + _in("x.caregiver", flt.caregivers, chosen_params)
    if flt.protocol_versions:
        chosen += " AND " + _in("x.protocol_version", flt.protocol_versions, chosen_params)
    params.extend(chosen_params * 3)  # the three per-mother subqueries, in text order
    where = "WHERE a.voided = 0 AND a.kind IN ('baseline', 'end')"
    if mothers:
        where += f" AND a.mother_id IN {mothers}"
    if flt.instrument_versions:
        where += " AND " + _in("a.instrument_version", flt.instrument_versions, params)
    if chosen_params:
        where += f" AND EXISTS (SELECT 1 FROM sessions x WHERE {chosen})"
        params.extend(chosen_params)

    def of(kind: str, column: str) -> str:
        return f"max(CASE WHEN a.kind = '{kind}' THEN {column} END)"

    def biggest(column: str) -> str:
        return f"max({d.binary(column)})"

    first = "min(a.rowid)" if d.name == "sqlite" else "min(a.id)"
    return f"""
SELECT {first} AS r, 'assessments:' || a.mother_id AS sid, a.mother_id,
       coalesce({of("baseline", "a.recorded_at")}, {d.binary("min(a.recorded_at)")})
           AS started_at,
       CASE WHEN {of("baseline", "1")} IS NOT NULL AND {of("end", "1")} IS NOT NULL
            THEN 'completed' ELSE 'awaiting_post' END AS status,
       0 AS voided,
       (SELECT {biggest("x.caregiver")} FROM sessions x WHERE {chosen}) AS caregiver,
       (SELECT {d.total("x.massage_seconds")} FROM sessions x WHERE {chosen})
           AS massage_seconds,
       (SELECT {biggest("x.protocol_version")} FROM sessions x WHERE {chosen})
           AS protocol_version,
       coalesce({of("baseline", "a.instrument_version")}, {biggest("a.instrument_version")})
           AS instrument_version,
       {of("baseline", "a.total")} AS pre, {of("end", "a.total")} AS post,
       {of("baseline", _scale_text("a", d))} AS pre_scale,
       {of("end", _scale_text("a", d))} AS post_scale,
       {of("baseline", "a.category")} AS pre_category,
       {of("end", "a.category")} AS post_category,
       {of("baseline", "a.instrument_version")} AS pre_version,
       {of("baseline", "a.min_total")} AS pre_min, {of("baseline", "a.max_total")} AS pre_max,
       {of("end", "a.instrument_version")} AS post_version,
       {of("end", "a.min_total")} AS post_min, {of("end", "a.max_total")} AS post_max
FROM assessments a {where}
GROUP BY a.mother_id
"""


def _sessions_source(
    flt: AnalysisFilter, params: list[Any], mothers: str = "", d: Dialect = SQLITE
) -> str:
    """The sessions (or, for the assessments, the pseudo-sessions) that pass ``flt``, of
    the ``mothers`` (an SQL set of ids; "" for all)."""
    if flt.design == ASSESSMENTS:
        return _assessments_as_sessions(flt, params, mothers, d)
    return _sessions_with_scores(_session_where(flt, params, mothers), d)


def _scale_of(score: str, d: Dialect) -> str:
    """The scale text of a joined score, NULL when the session has no such score."""
    return f"CASE WHEN {score}.session_id IS NOT NULL THEN {_scale_text(score, d)} END"


def _sessions_with_scores(where: str, d: Dialect) -> str:
    """Each session with its pre and post score (at most one of each: UNIQUE (session_id,
    kind)); in SQLite both read from the scores_session_scale index alone (migration
    0006)."""
    return f"""
SELECT {d.tie} AS r, x.id AS sid, x.mother_id, x.started_at, x.status, x.voided,
       x.caregiver, x.massage_seconds, x.protocol_version, x.instrument_version,
       pre.total AS pre, post.total AS post,
       {_scale_of("pre", d)} AS pre_scale, {_scale_of("post", d)} AS post_scale
FROM sessions x
LEFT JOIN scores pre {d.hint}
    ON pre.session_id = x.id AND pre.kind = 'pre'
LEFT JOIN scores post {d.hint}
    ON post.session_id = x.id AND post.kind = 'post'
{where}
"""


def _ordered(value: str, d: Dialect = SQLITE) -> str:
    """A text that sorts sessions as make_pairs does (start, then rowid), ending in value."""
    sep = d.chr(31)
    return f"started_at || {sep} || {d.padded('r')} || {sep} || {value}"


@functools.lru_cache(maxsize=1024)  # a database holds a few scales, read once per mother
def _parse_scale(text: str | None, version: str | None) -> Scale:
    if text is None:  # a session without that score (only in the reference's fallback)
        return Scale(version, None, None)  # pragma: no cover - scores always have one
    name, low, high = text.split(chr(30))
    return Scale(name or None, float(low) if low else None, float(high) if high else None)


_UNFINISHED: Final = {
    "interrupted": INTERRUPTED,
    "incomplete": INTERRUPTED,
    "aborted": ABORTED,
    "awaiting_post": AWAITING_POST,
}
"""The exclusion reason of each status that ends without a post-score."""


def _fields(key: str) -> list[str]:
    """The values after the start and rowid of an :func:`_ordered` key."""
    return key.split(chr(31))[2:]


def _listed(value: str, d: Dialect = SQLITE) -> str:
    """``value`` made safe for ``group_concat``'s comma (which DISTINCT cannot change)."""
    return f"replace({value}, ',', {d.chr(28)})"


@functools.lru_cache(maxsize=256)  # a database holds a few combinations
def _versions(text: str | None) -> tuple[frozenset[str], frozenset[str]]:
    """The protocol and the instrument versions in a ``versions`` list."""
    protocols, instruments = set(), set()
    for pair_text in _unlisted(text):
        protocol, instrument = pair_text.split(chr(31))
        if protocol:
            protocols.add(protocol)
        if instrument:
            instruments.add(instrument)
    return frozenset(protocols), frozenset(instruments)


def _unlisted(text: str | None) -> list[str]:
    """The values of a ``group_concat`` of :func:`_listed` values."""
    return [v.replace(chr(28), ",") for v in text.split(",")] if text else []


CAREGIVERS: Final = tuple(c.value for c in Caregiver)

GROUPED_COLUMNS: Final = (
    "mother_id",
    "n",
    "n_voided",
    "seconds",
    "n_interrupted",
    "n_aborted",
    "n_awaiting",
    "n_completed",
    *(f"c_{c}" for c in CAREGIVERS),
    "versions",
    "n_pairs",
    "pre_sum",
    "post_sum",
    "first_pre",
    "last_post",
    "pre_scales",
    "post_scales",
)
"""The columns of :func:`grouped_sql`, in order (and of the stored ``summary_pairing``,
after its design)."""


CELL_KEYS: Final = ("caregiver", "protocol_version", "instrument_version")
"""What :func:`grouped_sql` groups by besides the mother with ``cells=True``."""


def exact_sql(value: str) -> str:
    """Whether ``value`` is a multiple of 1/1024 below 10⁹ (SQLite): sums of a few such
    values are exact, whatever their order."""
    return f"(abs({value}) < 1e9 AND {value} * 1024 = round({value} * 1024))"


def grouped_sql(
    flt: AnalysisFilter,
    params: list[Any],
    mothers: str = "",
    d: Dialect = SQLITE,
    *,
    cells: bool = False,
) -> str:
    """One row per mother (:data:`GROUPED_COLUMNS`): her sessions that pass ``flt``
    aggregated as :func:`pair_in_database` needs them, for the ``mothers`` (an SQL set of
    ids; "" for every mother with such a session).

    SQLite aggregates her sessions as it reads them in the order of the sessions_mother
    index (no sorting, no temporary table per session). The first pre-score's key
    carries its session's status, whether that session is paired, and its scale; the
    last post-score's key its scale.

    ``cells`` (SQLite, the sessions' designs): one row per mother and
    :data:`CELL_KEYS`, the keys after ``mother_id`` and an ``exact`` column last
    (:func:`exact_sql` of every massage time and paired score summed), for the stored
    ``summary_cells`` (storage/summary_table.py).
    """
    sessions = _sessions_source(flt, params, mothers, d)
    sep = d.chr(31)
    both = "(pre IS NOT NULL AND post IS NOT NULL)"
    given = d.not_("voided")
    done = f"({given} AND status = 'completed')"
    paired = f"({done} AND {both})"
    paired_flag = d.flag(f"(status = 'completed' AND {both})")
    by_caregiver = "".join(
        f" {d.count(f'{done} AND caregiver = {c!r}')} AS c_{c}," for c in CAREGIVERS
    )
    interrupted = d.count(f"{given} AND status IN ('interrupted', 'incomplete')")
    aborted = d.count(f"{given} AND status = 'aborted'")
    awaiting = d.count(f"{given} AND status = 'awaiting_post'")
    versions = (
        f"CASE WHEN {done} THEN {_listed('protocol_version', d)}"
        f" || {sep} || {_listed('instrument_version', d)} END"
    )
    first_key = _ordered(f"{d.text('pre')} || {sep} || status || {sep} || {paired_flag}", d)
    first_pre = f"CASE WHEN {given} AND pre IS NOT NULL THEN {first_key} || {sep} || pre_scale END"
    last_post = f"CASE WHEN {paired} THEN {_ordered(d.text('post'), d)} || {sep} || post_scale END"
    pre_scales = f"CASE WHEN {paired} THEN {_listed('pre_scale', d)} END"
    post_scales = f"CASE WHEN {paired} THEN {_listed('post_scale', d)} END"
    keys = exact = ""
    if cells:
        keys = "".join(f", {k}" for k in CELL_KEYS)
        summed = f"(NOT {given} OR {exact_sql('massage_seconds')})"
        scores = f"(NOT {paired} OR ({exact_sql('pre')} AND {exact_sql('post')}))"
        exact = f", min({summed} AND {scores}) AS exact"
    return (
        f"SELECT mother_id{keys}, count(*) AS n,"
        f" {d.count('voided = 1')} AS n_voided,"
        f" {d.total(f'CASE WHEN {given} THEN massage_seconds END')} AS seconds,"
        f" {interrupted} AS n_interrupted,"
        f" {aborted} AS n_aborted,"
        f" {awaiting} AS n_awaiting,"
        f" {d.count(done)} AS n_completed,{by_caregiver}"
        f" {d.distinct_list(versions)} AS versions,"
        f" {d.count(paired)} AS n_pairs,"
        f" {d.total(f'CASE WHEN {paired} THEN pre END')} AS pre_sum,"
        f" {d.total(f'CASE WHEN {paired} THEN post END')} AS post_sum,"
        f" min({d.binary(first_pre)}) AS first_pre,"
        f" max({d.binary(last_post)}) AS last_post,"
        f" {d.distinct_list(pre_scales)} AS pre_scales,"
        f" {d.distinct_list(post_scales)} AS post_scales{exact}"
        f" FROM ({sessions}) AS x GROUP BY mother_id{keys}"
    )


def stored_summary_usable(flt: AnalysisFilter) -> bool:
    """Whether the stored per-mother rows answer ``flt`` as they are; a filter on
    sessions (caregiver, protocol or instrument version) reads the stored cells
    (storage/summary_table.py, migration 0011)."""
    return not (flt.caregivers or flt.protocol_versions or flt.instrument_versions)


STALE: Final = "(SELECT mother_id FROM summary_stale)"
"""The mothers whose stored summary rows are out of date (migration 0009)."""


def _stored_or_grouped(db: Reader, flt: AnalysisFilter, params: list[Any]) -> str:
    """:func:`grouped_sql` for every mother: stored rows where they are current, the
    records of the others (see :mod:`oxytimer.storage.summary_table`)."""
    from oxytimer.storage.summary_table import stored_grouped_sql

    return stored_grouped_sql(db, flt, params)


def pair_in_database(
    db: Reader, flt: AnalysisFilter | None = None, rule: PairingRule | str = "first-last"
) -> DatabasePairing:
    """Pair each mother's scores by ``rule`` in SQL, with what Tables 1–2 and dose need.

    The same pairs, exclusion counts and per-mother figures as
    :func:`~oxytimer.domain.pairing.make_pairs` and
    :func:`~oxytimer.domain.summary.analysed_mother` give from
    :func:`mothers_for_analysis` (tests compare them), but aggregated by SQLite: one row
    per mother instead of an object per session. Sessions are ordered by ``started_at``
    as text, ties by rowid. The ``sessions`` rule reads its pairs in a second query.
    """
    flt = resolve_design(db, flt or AnalysisFilter())
    rule = PairingRule(rule)
    d = dialect_of(db)
    params: list[Any] = []
    grouped = _stored_or_grouped(db, flt, params) if d is SQLITE else grouped_sql(flt, params, d=d)
    mother_where = _mother_where(flt, params, d)
    rows = db.execute(
        f"WITH g AS ({grouped})"
        " SELECT m.id, m.study_code, s.code, m.status, m.age, m.occupation, g.*"
        " FROM mothers m JOIN sites s ON s.id = m.site_id LEFT JOIN g ON g.mother_id = m.id"
        f" {mother_where} ORDER BY {d.binary('s.code')}, {d.binary('m.study_code')}",
        params,
    )
    caregivers = CAREGIVERS

    excluded: Counter[str] = Counter()
    pairs: list[Pair] = []
    analysed: list[AnalysedMother] = []
    protocols: set[str] = set()
    instruments: set[str] = set()
    scales: set[Scale] = set()
    from_unfinished = 0
    for row in rows:
        (mother_id, code, site, status, age, occupation, _m, n_all, n_voided, seconds) = row[:10]
        if status == "screened_out":
            excluded[SCREENED_OUT] += 1
            continue
        if not n_all:
            continue  # no session passes the filters
        (n_interrupted, n_aborted, n_awaiting, completed) = row[10:14]
        counts = row[14 : 14 + len(caregivers)]
        (versions, n_pairs, pre_sum, post_sum, first_pre, last_post, pre_scales, post_scales) = row[
            14 + len(caregivers) :
        ]
        excluded[VOIDED] += n_voided
        excluded[INTERRUPTED] += n_interrupted
        excluded[ABORTED] += n_aborted
        excluded[AWAITING_POST] += n_awaiting
        if not n_pairs:
            excluded[NO_POST_SCORE] += 1
            continue
        assert first_pre is not None and last_post is not None
        if rule is PairingRule.FIRST_LAST:
            pre_text, first_status, first_paired, pre_scale = _fields(first_pre)
            post_text, post_scale = _fields(last_post)
            if first_paired != "1":  # an unfinished session's pre-score is her baseline:
                from_unfinished += 1  # used, so not left out
                reason = _UNFINISHED.get(first_status)
                if reason:
                    excluded[reason] -= 1  # counted above with her other sessions
            scales.add(_parse_scale(pre_scale, None))
            scales.add(_parse_scale(post_scale, None))
            pairs.append(Pair(code, mother_id, site, float(pre_text), float(post_text), n_pairs))
        else:
            for text in _unlisted(pre_scales) + _unlisted(post_scales):
                scales.add(_parse_scale(text, None))
        if rule is PairingRule.MEANS:
            pairs.append(
                Pair(code, mother_id, site, pre_sum / n_pairs, post_sum / n_pairs, n_pairs)
            )
        analysed.append(
            AnalysedMother(
                mother_id=mother_id,
                study_code=code,
                site_code=site,
                age=age,
                occupation=occupation,
                caregivers={c: n for c, n in zip(caregivers, counts, strict=True) if n},
                sessions=n_all - n_voided,
                completed=completed,
                massage_seconds=seconds,
            )
        )
        found_protocols, found_instruments = _versions(versions)
        protocols.update(found_protocols)
        instruments.update(found_instruments)

    several = False
    if rule is PairingRule.SESSIONS:
        number: dict[str, int] = {}
        for mother_id, code, site, session_id, pre, post in session_pair_rows(db, flt, d):
            n = number[mother_id] = number.get(mother_id, 0) + 1
            several = several or n > 1
            pairs.append(
                Pair(f"{code}#{n}", mother_id, site, float(pre), float(post), 1, session_id)
            )
    return DatabasePairing(
        pairing=Pairing(
            rule=rule,
            pairs=tuple(pairs),
            excluded=dict(sorted((k, v) for k, v in excluded.items() if v)),
            not_independent=several,
            baseline_from_unfinished=from_unfinished,
            scales=frozenset(scales),
        ),
        analysed=tuple(analysed),
        protocol_versions=frozenset(protocols),
        instrument_versions=frozenset(instruments),
    )


def session_pair_rows(db: Reader, flt: AnalysisFilter, d: Dialect = SQLITE) -> Any:
    """The ``sessions`` rule's pairs: (mother id, study code, site code, session id, pre,
    post) of every paired session that passes ``flt`` (design resolved), in the order of
    the pairs (site, study code, start, rowid)."""
    params: list[Any] = []
    sessions = _sessions_source(flt, params, d=d)
    mother_where = _mother_where(flt, params, d)
    paired = (
        f"m.status != 'screened_out' AND {d.not_('x.voided')} AND x.status = 'completed'"
        " AND x.pre IS NOT NULL AND x.post IS NOT NULL"
    )
    clause = f"{mother_where} AND {paired}" if mother_where else f"WHERE {paired}"
    return db.execute(
        f"WITH x AS ({sessions}) SELECT m.id, m.study_code, s.code, x.sid, x.pre, x.post"
        " FROM x JOIN mothers m ON m.id = x.mother_id JOIN sites s ON s.id = m.site_id"
        f" {clause} ORDER BY {d.binary('s.code')}, {d.binary('m.study_code')},"
        f" {d.binary('x.started_at')}, {d.binary('x.r')}",
        params,
    )


def filter_choices(db: Database) -> dict[str, list[str]]:
    """Values the summary's filter controls offer."""
    return {
        "sites": [r[0] for r in db.execute("SELECT code FROM sites ORDER BY code")],
        "caregivers": [
            r[0] for r in db.execute("SELECT DISTINCT caregiver FROM sessions ORDER BY 1")
        ],
        "protocol_versions": [
            r[0] for r in db.execute("SELECT DISTINCT protocol_version FROM sessions ORDER BY 1")
        ],
        "instrument_versions": [
            r[0]
            for r in db.execute(
                "SELECT instrument_version FROM sessions"
                " UNION SELECT instrument_version FROM assessments ORDER BY 1"
            )
        ],
    }
