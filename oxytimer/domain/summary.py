"""The clinician summary: from records (or a file of pairs) to every figure the tab shows.

:func:`summarise_mothers` pairs the logged sessions by a rule
(:func:`oxytimer.domain.pairing.make_pairs`), runs the paired comparison
(:func:`oxytimer.domain.stats.analyse`, with the instrument's categories), and adds what a
clinician needs around it: who was analysed (Tables 1–2 of the study: age group,
occupation, who gave the massage, site), the dose each mother received, what was left out
and why, the filters used and the software, protocol and instrument versions.
:func:`summarise_pairs_table` does the same for a ``participant,pre,post`` file (data
collected on paper), without characteristics or dose.

Age groups are ``< 20`` (up to 19), ``20–35`` (20 to 35 inclusive) and ``> 35`` (36 and
over). The study's Table 1 printed "< 20 / 21–35 / > 35", which leaves a 20-year-old in no
group; here she counts in ``20–35``.

Pure Python except :func:`~oxytimer.domain.stats.analyse` (numpy/scipy, imported lazily).
"""

from __future__ import annotations

import csv
import functools
import io
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

from oxytimer import __version__
from oxytimer.domain.adherence import Dose
from oxytimer.domain.clock import utc_iso
from oxytimer.domain.instrument import Instrument
from oxytimer.domain.pairing import MotherSessions, Pairing, PairingRule, Scale, make_pairs
from oxytimer.domain.pairs_csv import PairsTable
from oxytimer.domain.records import Caregiver, Occupation
from oxytimer.domain.report import format_number, spss_text
from oxytimer.domain.stats import (
    Descriptives,
    PairedAnalysis,
    _quantile_type7,
    analyse,
    warning_text,
)

__all__ = [
    "AGE_GROUPS",
    "DATA_WARNINGS",
    "AnalysedMother",
    "Characteristics",
    "CountRow",
    "DoseSummary",
    "MotherDoseRow",
    "Summary",
    "SummaryColumns",
    "age_group",
    "analysed_mother",
    "category_spec",
    "data_warnings",
    "pairs_csv_text",
    "summarise_columns",
    "summarise_mothers",
    "summarise_pairing",
    "summarise_pairs_table",
    "summary_text",
]

FILE_RULE: Final = "file"
"""The ``rule`` of a summary of a pairs file: one pair per row, as given."""

UNKNOWN: Final = "unknown"

DATA_WARNINGS: Final = (
    "design_full_checklist",
    "design_session_check",
    "mixed_designs",
    "mixed_instrument_versions",
    "mixed_score_ranges",
)
"""The codes :attr:`Summary.warnings` can hold, in their order."""

AGE_GROUPS: Final[tuple[tuple[str, str, int | None, int | None], ...]] = (
    ("under_20", "< 20", None, 19),
    ("20_35", "20–35", 20, 35),
    ("over_35", "> 35", 36, None),
)
"""(id, label, lowest age, highest age) of the age groups, bounds inclusive."""


def age_group(age: int | None) -> str:
    """Return the id of the age group ``age`` falls in, or ``"unknown"``.

    Args:
        age: Age in whole years, or None when not recorded.

    Returns:
        ``"under_20"`` (≤ 19), ``"20_35"`` (20–35) or ``"over_35"`` (≥ 36), or ``"unknown"``.
    """
    if age is None:
        return UNKNOWN
    for group_id, _label, low, high in AGE_GROUPS:
        if (low is None or age >= low) and (high is None or age <= high):
            return group_id
    return UNKNOWN  # pragma: no cover - the groups cover every integer


def category_spec(instrument: Instrument) -> list[tuple[str, float, float]]:
    """The instrument's categories as :func:`~oxytimer.domain.stats.analyse` takes them."""
    return [(c.id, float(c.min_total), float(c.max_total)) for c in instrument.categories]


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class CountRow:
    """One row of a characteristics table.

    Attributes:
        id: The value's code (an age group id, an occupation, a caregiver, a site code).
        n: Number of mothers.
        percent: Share of the mothers analysed, 0–100, or None when there are none.
    """

    id: str
    n: int
    percent: float | None

    def to_dict(self) -> dict[str, Any]:
        """Return the row as a JSON-serialisable dict."""
        return {"id": self.id, "n": self.n, "percent": self.percent}


@dataclass(frozen=True)
class Characteristics:
    """Who was analysed (the study's Tables 1–2), counted over mothers, not pairs.

    Attributes:
        n_mothers: Mothers with at least one analysed pair.
        age: Rows for each age group of :data:`AGE_GROUPS`, then ``unknown`` if any.
        occupation: Rows for each occupation (vocabulary order), then ``unknown`` if any.
        caregiver: Rows for who gave most of each mother's analysed sessions (a tie goes
            to the first in vocabulary order: husband, midwife, family, other).
        site: Rows for each site code, in code order.
    """

    n_mothers: int
    age: tuple[CountRow, ...]
    occupation: tuple[CountRow, ...]
    caregiver: tuple[CountRow, ...]
    site: tuple[CountRow, ...]

    def to_dict(self) -> dict[str, Any]:
        """Return the tables as a JSON-serialisable dict."""
        return {
            "n_mothers": self.n_mothers,
            "age_groups": {
                "bounds": {gid: [low, high] for gid, _label, low, high in AGE_GROUPS},
                "rows": [r.to_dict() for r in self.age],
            },
            "occupation": [r.to_dict() for r in self.occupation],
            "caregiver": [r.to_dict() for r in self.caregiver],
            "site": [r.to_dict() for r in self.site],
        }


@dataclass(frozen=True)
class MotherDoseRow:
    """The dose behind one analysed mother.

    Attributes:
        mother_id: Her database id.
        study_code: Her study code.
        sessions: Non-voided sessions that pass the filters (any status).
        completed: Of those, completed sessions (both scores).
        minutes: Minutes of massage delivered in those sessions.
        adherence: Done slots / scheduled slots over her follow-up (0–1), from the
            registry; None when the registry provides none.
    """

    mother_id: str
    study_code: str
    sessions: int
    completed: int
    minutes: float
    adherence: float | None


@dataclass(frozen=True)
class DoseSummary:
    """Sessions, minutes and adherence per mother over the analysed mothers.

    Attributes:
        sessions: Descriptives of sessions per mother.
        completed: Descriptives of completed sessions per mother.
        minutes: Descriptives of massage minutes per mother.
        adherence: Descriptives of adherence in percent, or None when the registry
            provides no adherence.
        per_mother: One row per analysed mother; empty when the summary was made
            without its per-unit rows (:attr:`Summary.per_unit`).
        n_mothers: How many mothers were analysed (None: as many as ``per_mother``).
    """

    sessions: Descriptives
    completed: Descriptives
    minutes: Descriptives
    adherence: Descriptives | None
    per_mother: tuple[MotherDoseRow, ...] = field(repr=False)
    n_mothers: int | None = None

    @property
    def mothers(self) -> int:
        """How many mothers (``n_mothers``, or the rows when it was not given)."""
        return len(self.per_mother) if self.n_mothers is None else self.n_mothers

    def to_dict(self) -> dict[str, Any]:
        """Return the figures (not the per-mother rows) as a JSON-serialisable dict."""
        return {
            "n_mothers": self.mothers,
            "sessions_per_mother": self.sessions.to_dict(),
            "completed_sessions_per_mother": self.completed.to_dict(),
            "massage_minutes_per_mother": self.minutes.to_dict(),
            "adherence_percent": None if self.adherence is None else self.adherence.to_dict(),
        }


@dataclass(frozen=True)
class Summary:
    """Everything the Summary tab, the PDF report and ``oxytimer summary`` show.

    Attributes:
        source: ``"database"`` or ``"file"``.
        source_name: The database or file path, as given.
        rule: A :class:`~oxytimer.domain.pairing.PairingRule` value, or ``"file"``.
        units: The analysed units in order (study codes, ``code#n`` per session, or the
            file's participants); includes file rows with a missing score.
        sites: Each unit's site code (None for a file).
        mother_ids: Each unit's mother id (None for a file).
        pre: Each unit's score before (None when missing, files only).
        post: Each unit's score after.
        sessions: Completed sessions behind each unit (None for a file).
        excluded: Records left out before pairing, by reason code (see
            :mod:`oxytimer.domain.pairing`); pairs with a missing score are in
            ``analysis.n_missing``.
        not_independent: Per-session pairs where a mother contributes several.
        filters: The filters used, as plain values.
        analysis: The paired comparison.
        characteristics: Tables 1–2, None for a file.
        dose: Dose per mother, None for a file.
        versions: Software, protocol and instrument versions, and when it was made.
        categories: The instrument's categories (id, lowest, highest total), if counted.
        warnings: The summary's own warning codes, about the data rather than the test
            (:data:`DATA_WARNINGS`; :func:`~oxytimer.domain.stats.warning_text` words
            them): scores of different instrument versions or ranges are pooled.
        baseline_from_unfinished: Sessions without a post-score (aborted, interrupted,
            ...) whose pre-score is a mother's first-last baseline: used, so not in
            ``excluded``.
        per_unit: Whether ``units``, ``sites``, ``mother_ids``, ``sessions`` and the
            dose's ``per_mother`` rows were made; without them (a text or JSON answer
            on a large database) they are empty and :meth:`pair_rows` cannot be called.
            ``pre`` and ``post`` are always there.
    """

    source: str
    source_name: str
    rule: str
    units: tuple[str, ...]
    sites: tuple[str | None, ...]
    mother_ids: tuple[str | None, ...]
    pre: tuple[float | None, ...]
    post: tuple[float | None, ...]
    sessions: tuple[int | None, ...]
    excluded: Mapping[str, int]
    not_independent: bool
    filters: Mapping[str, Any]
    analysis: PairedAnalysis
    characteristics: Characteristics | None
    dose: DoseSummary | None
    versions: Mapping[str, Any]
    categories: tuple[tuple[str, float, float], ...] | None = None
    warnings: tuple[str, ...] = ()
    baseline_from_unfinished: int = 0
    per_unit: bool = True

    @property
    def all_excluded(self) -> dict[str, int]:
        """Every exclusion by reason, including pairs with a missing score."""
        counts = dict(self.excluded)
        if self.analysis.n_missing:
            counts["missing_score"] = self.analysis.n_missing
        return dict(sorted(counts.items()))

    def to_dict(self) -> dict[str, Any]:
        """Return every figure as a JSON-serialisable dict.

        The keys of :meth:`PairedAnalysis.to_dict` (``n_pairs``, ``excluded``, ``pre``,
        ``post``, ``difference``, ``wilcoxon``, ``hodges_lehmann``, ``effect_size``,
        ``paired_t``, ``shapiro_wilk``, ``categories``, ``warnings``) with ``excluded``
        holding every reason and ``warnings`` the summary's own first, plus ``source``,
        ``pairing`` (with ``baseline_from_unfinished_session``), ``not_independent``,
        ``filters``, ``characteristics``, ``dose`` and ``versions``.
        """
        out: dict[str, Any] = {"source": {"kind": self.source, "name": self.source_name}}
        out["pairing"] = {
            "rule": self.rule,
            "not_independent": self.not_independent,
            "baseline_from_unfinished_session": self.baseline_from_unfinished,
        }
        out.update(self.analysis.to_dict())
        out["warnings"] = [*self.warnings, *self.analysis.warnings]
        out["excluded"] = {"missing_score": self.analysis.n_missing, **self.excluded}
        out["not_independent"] = self.not_independent
        out["filters"] = dict(self.filters)
        out["characteristics"] = (
            None if self.characteristics is None else self.characteristics.to_dict()
        )
        out["dose"] = None if self.dose is None else self.dose.to_dict()
        out["versions"] = dict(self.versions)
        return out

    def pair_rows(self) -> list[dict[str, Any]]:
        """One dict per unit, for the CSV of the analysed pairs (see :func:`pairs_csv_text`).

        Raises:
            ValueError: The summary was made without its per-unit rows.
        """
        if not self.per_unit:
            raise ValueError("this summary was made without its per-unit rows")
        dose = {r.mother_id: r for r in self.dose.per_mother} if self.dose else {}
        spec = self.categories or ()

        def category(score: float | None) -> str | None:
            if score is None:
                return None
            return next((cid for cid, low, high in spec if low <= score <= high), None)

        rows = []
        for i, unit in enumerate(self.units):
            pre, post = self.pre[i], self.post[i]
            row = dose.get(self.mother_ids[i] or "")
            rows.append(
                {
                    "participant": unit,
                    "pre": pre,
                    "post": post,
                    "difference": None if pre is None or post is None else (post - pre) + 0.0,
                    "site": self.sites[i],
                    "pre_category": category(pre),
                    "post_category": category(post),
                    "completed_sessions": self.sessions[i],
                    "massage_minutes": None if row is None else row.minutes,
                    "adherence": None if row is None else row.adherence,
                }
            )
        return rows


# --------------------------------------------------------------------------- building


def default_versions(
    now: datetime,
    *,
    protocol_version: str | None = None,
    instrument_version: str | None = None,
) -> dict[str, Any]:
    """The versions block of a summary.

    Args:
        now: When the summary is made (timezone-aware).
        protocol_version: The protocol file in use.
        instrument_version: The instrument file in use.

    Returns:
        ``software``, ``protocol``, ``instrument`` and ``generated_at`` (UTC ISO-8601).
    """
    return {
        "software": f"oxytimer {__version__}",
        "protocol": protocol_version,
        "instrument": instrument_version,
        "generated_at": utc_iso(now),
    }


@dataclass(frozen=True)
class AnalysedMother:
    """What Tables 1–2 and the dose table need of one analysed mother.

    Built from her sessions by :func:`analysed_mother`, or read in aggregate from the
    database (:func:`oxytimer.storage.analysis.pair_in_database`).

    Attributes:
        mother_id, study_code, site_code, age, occupation: Her record.
        caregivers: Her non-voided completed sessions counted by who gave them.
        sessions: Her non-voided sessions that pass the filters (any status).
        completed: Of those, the ones with status completed.
        massage_seconds: Massage time delivered in those sessions.
    """

    mother_id: str
    study_code: str
    site_code: str
    age: int | None
    occupation: str | None
    caregivers: Mapping[str, int]
    sessions: int
    completed: int
    massage_seconds: float


def analysed_mother(mother: MotherSessions) -> AnalysedMother:
    """Aggregate one mother's sessions for Tables 1–2 and the dose table."""
    given = [s for s in mother.sessions if not s.voided]
    return AnalysedMother(
        mother_id=mother.mother_id,
        study_code=mother.study_code,
        site_code=mother.site_code,
        age=mother.age,
        occupation=mother.occupation,
        caregivers=dict(
            Counter(s.caregiver for s in given if s.status == "completed" and s.caregiver)
        ),
        sessions=len(given),
        completed=sum(1 for s in given if s.status == "completed"),
        massage_seconds=sum(s.massage_seconds for s in given),
    )


def summarise_mothers(
    mothers: Sequence[MotherSessions],
    rule: PairingRule | str = PairingRule.FIRST_LAST,
    *,
    instrument: Instrument | None = None,
    doses: Mapping[str, Dose] | None = None,
    filters: Mapping[str, Any] | None = None,
    versions: Mapping[str, Any] | None = None,
    source_name: str = "",
) -> Summary:
    """Summarise logged sessions: pairs by ``rule``, the comparison, characteristics, dose.

    The reference for :func:`summarise_pairing` on figures aggregated elsewhere (the
    database's own aggregation is tested against this).

    Args:
        mothers: The mothers and sessions that pass the filters
            (:func:`oxytimer.storage.analysis.mothers_for_analysis`).
        rule: How sessions become pairs (``first-last``, ``means`` or ``sessions``).
        instrument: The scoring instrument; its categories are counted before and after.
        doses: The registry's dose per mother id (adherence); None when not available.
        filters: The filters used, as plain values (``AnalysisFilter.describe()``).
        versions: See :func:`default_versions`; the protocol and instrument versions
            found in the analysed sessions are added.
        source_name: The database path, for reports.

    Returns:
        The summary.
    """
    pairing = make_pairs(mothers, rule)
    by_id = {m.mother_id: m for m in mothers}
    analysed = [by_id[i] for i in dict.fromkeys(p.mother_id for p in pairing.pairs)]

    protocol_seen: set[str] = set()
    instrument_seen: set[str] = set()
    for mother in analysed:
        for s in mother.sessions:
            if not s.voided and s.status == "completed":
                if s.protocol_version:
                    protocol_seen.add(s.protocol_version)
                if s.instrument_version:
                    instrument_seen.add(s.instrument_version)
    return summarise_pairing(
        pairing,
        [analysed_mother(m) for m in analysed],
        instrument=instrument,
        doses=doses,
        filters=filters,
        versions=versions,
        versions_in_data=(protocol_seen, instrument_seen),
        source_name=source_name,
    )


def summarise_pairing(
    pairing: Pairing,
    analysed: Sequence[AnalysedMother],
    *,
    instrument: Instrument | None = None,
    doses: Mapping[str, Dose | float | None] | None = None,
    filters: Mapping[str, Any] | None = None,
    versions: Mapping[str, Any] | None = None,
    versions_in_data: tuple[Iterable[str], Iterable[str]] = ((), ()),
    source_name: str = "",
) -> Summary:
    """Summarise pairs already made: the comparison, characteristics, dose.

    Args:
        pairing: The pairs and exclusions (:func:`~oxytimer.domain.pairing.make_pairs`
            or the database's equivalent).
        analysed: The mothers behind the pairs, each once, in the order of the pairs.
        instrument, doses, filters, versions, source_name: As for
            :func:`summarise_mothers`.
        versions_in_data: The protocol and the instrument versions of the analysed
            mothers' non-voided completed sessions.

    Returns:
        The summary (through :func:`summarise_columns`, as the database's columns are).
    """
    pairs = pairing.pairs
    adherence: list[float | None] | None = None
    if doses is not None:
        adherence = []
        for m in analysed:
            dose = doses.get(m.mother_id)
            adherence.append(dose.adherence if isinstance(dose, Dose) else dose)
    columns = SummaryColumns(
        rule=pairing.rule,
        pre=[p.pre for p in pairs],
        post=[p.post for p in pairs],
        excluded=pairing.excluded,
        not_independent=pairing.not_independent,
        baseline_from_unfinished=pairing.baseline_from_unfinished,
        scales=pairing.scales,
        ages=Counter(m.age for m in analysed),
        occupations=Counter(m.occupation for m in analysed),
        main_caregivers=Counter(main_caregiver(m) for m in analysed),
        sites=Counter(m.site_code for m in analysed),
        sessions=[m.sessions for m in analysed],
        completed=[m.completed for m in analysed],
        seconds=[m.massage_seconds for m in analysed],
        adherence=adherence,
        protocol_versions=frozenset(versions_in_data[0]),
        instrument_versions=frozenset(versions_in_data[1]),
        units=[p.unit for p in pairs],
        pair_sites=[p.site_code for p in pairs],
        pair_mother_ids=[p.mother_id for p in pairs],
        pair_sessions=[p.sessions for p in pairs],
        mother_ids=[m.mother_id for m in analysed],
        study_codes=[m.study_code for m in analysed],
    )
    return summarise_columns(
        columns,
        instrument=instrument,
        filters=filters,
        versions=versions,
        source_name=source_name,
    )


@dataclass(frozen=True)
class SummaryColumns:
    """The pairs and the analysed mothers as columns, not an object each: what
    :func:`summarise_columns` needs, aggregated elsewhere (the database's SQL).

    Attributes:
        rule, excluded, not_independent, baseline_from_unfinished, scales: As in
            :class:`~oxytimer.domain.pairing.Pairing`.
        pre, post: Each pair's scores, in the order of the pairs.
        ages, occupations, main_caregivers, sites: The analysed mothers counted by age
            (None: not recorded), occupation (None: not recorded), :func:`main_caregiver`
            and site code (the study's Tables 1–2).
        sessions, completed, seconds: Each analysed mother's sessions, completed
            sessions and massage seconds (:class:`AnalysedMother`), in the order of the
            pairs.
        adherence: Each analysed mother's adherence (0–1 or None), or None when the
            registry gives none.
        protocol_versions, instrument_versions: The versions of the analysed mothers'
            non-voided completed sessions.
        units, pair_sites, pair_mother_ids, pair_sessions: Each pair's unit, site code,
            mother id and completed sessions; None when not read (a text or JSON
            answer: :attr:`Summary.per_unit` is then False).
        mother_ids, study_codes: Each analysed mother's, for the dose rows; None when
            not read.
    """

    rule: PairingRule
    pre: Sequence[float]
    post: Sequence[float]
    excluded: Mapping[str, int]
    not_independent: bool
    baseline_from_unfinished: int
    scales: frozenset[Scale]
    ages: Mapping[int | None, int]
    occupations: Mapping[str | None, int]
    main_caregivers: Mapping[str, int]
    sites: Mapping[str, int]
    sessions: Sequence[int]
    completed: Sequence[int]
    seconds: Sequence[float]
    adherence: Sequence[float | None] | None
    protocol_versions: frozenset[str]
    instrument_versions: frozenset[str]
    units: Sequence[str] | None = None
    pair_sites: Sequence[str] | None = None
    pair_mother_ids: Sequence[str] | None = None
    pair_sessions: Sequence[int] | None = None
    mother_ids: Sequence[str] | None = None
    study_codes: Sequence[str] | None = None


def summarise_columns(
    columns: SummaryColumns,
    *,
    instrument: Instrument | None = None,
    filters: Mapping[str, Any] | None = None,
    versions: Mapping[str, Any] | None = None,
    source_name: str = "",
) -> Summary:
    """Summarise pairs and analysed mothers given as columns: the comparison,
    characteristics, dose (:func:`summarise_pairing` on the objects comes here too).

    Args:
        columns: The pairs and mothers (:class:`SummaryColumns`).
        instrument, filters, versions, source_name: As for :func:`summarise_mothers`.

    Returns:
        The summary; without per-unit rows when ``columns.units`` is None.
    """
    spec = category_spec(instrument) if instrument is not None else None
    analysis = analyse(columns.pre, columns.post, categories=spec)
    all_versions = dict(versions or {})
    all_versions["protocol_versions_in_data"] = sorted(set(columns.protocol_versions))
    all_versions["instrument_versions_in_data"] = sorted(set(columns.instrument_versions))
    all_versions["instrument_versions_in_pairs"] = sorted(
        {s.version or UNKNOWN for s in columns.scales}
    )
    by_range = sorted(
        columns.scales, key=lambda s: (s.min_total or 0.0, s.max_total or 0.0, s.range_text())
    )
    all_versions["score_ranges_in_pairs"] = list(dict.fromkeys(s.range_text() for s in by_range))
    per_unit = columns.units is not None
    n_pairs = len(columns.pre)

    def unit_column(values: Sequence[Any] | None) -> tuple[Any, ...]:
        return tuple(values) if values is not None and per_unit else ()

    return Summary(
        source="database",
        source_name=source_name,
        rule=columns.rule.value,
        units=unit_column(columns.units),
        sites=unit_column(columns.pair_sites),
        mother_ids=unit_column(columns.pair_mother_ids),
        pre=tuple(columns.pre),
        post=tuple(columns.post),
        sessions=unit_column(columns.pair_sessions),
        excluded=dict(columns.excluded),
        not_independent=columns.not_independent,
        filters=dict(filters or {}),
        analysis=analysis,
        characteristics=characteristics_from_counts(
            len(columns.sessions),
            columns.ages,
            columns.occupations,
            columns.main_caregivers,
            columns.sites,
        ),
        dose=dose_from_columns(
            columns.sessions,
            columns.completed,
            columns.seconds,
            columns.adherence,
            mother_ids=columns.mother_ids if per_unit else None,
            study_codes=columns.study_codes if per_unit else None,
        ),
        versions=all_versions,
        categories=None if spec is None else tuple(spec),
        warnings=data_warnings(columns.scales),
        baseline_from_unfinished=columns.baseline_from_unfinished,
        per_unit=per_unit or n_pairs == 0,
    )


def data_warnings(scales: Iterable[Scale]) -> tuple[str, ...]:
    """The summary's warnings about pooled scales (codes of :data:`DATA_WARNINGS`).

    Args:
        scales: The instrument version and score range of every score analysed.

    Returns:
        ``mixed_instrument_versions`` when there is more than one version (an unknown
        version counts as one), ``mixed_score_ranges`` when more than one range.
    """
    scales = set(scales)
    out = []
    if len({s.version for s in scales}) > 1:
        out.append("mixed_instrument_versions")
    if len({(s.min_total, s.max_total) for s in scales}) > 1:
        out.append("mixed_score_ranges")
    return tuple(out)


def summarise_pairs_table(
    table: PairsTable,
    *,
    categories: Sequence[tuple[str, float, float]] | None = None,
    versions: Mapping[str, Any] | None = None,
    source_name: str = "",
) -> Summary:
    """Summarise a file of pairs (one per participant, as given).

    Args:
        table: What :func:`oxytimer.domain.pairs_csv.read_pairs_csv` read.
        categories: Count categories too (when the scores are instrument totals).
        versions: See :func:`default_versions`.
        source_name: The file's path, for reports.

    Returns:
        The summary, without characteristics and dose.
    """
    analysis = analyse(table.pre, table.post, categories=categories)
    n = len(table)
    return Summary(
        source="file",
        source_name=source_name,
        rule=FILE_RULE,
        units=tuple(table.participants),
        sites=(None,) * n,
        mother_ids=(None,) * n,
        pre=tuple(table.pre),
        post=tuple(table.post),
        sessions=(None,) * n,
        excluded={},
        not_independent=False,
        filters={},
        analysis=analysis,
        characteristics=None,
        dose=None,
        versions=dict(versions or {}),
        categories=None if categories is None else tuple(categories),
    )


def _rows(counts: Counter[str], order: Iterable[str], total: int) -> tuple[CountRow, ...]:
    ids = list(order)
    ids += sorted(k for k in counts if k not in ids and k != UNKNOWN)
    if counts.get(UNKNOWN):
        ids.append(UNKNOWN)
    return tuple(
        CountRow(i, counts.get(i, 0), None if total == 0 else 100.0 * counts.get(i, 0) / total)
        for i in ids
    )


_age_group = functools.lru_cache(maxsize=128)(lambda age: age_group(age))
"""age_group, remembered for the few ages there are."""


def main_caregiver(mother: MotherSessions | AnalysedMother) -> str:
    """Who gave most of a mother's non-voided completed sessions (``unknown`` if none).

    A tie goes to the first in vocabulary order (husband, midwife, family, other).
    """
    if isinstance(mother, MotherSessions):
        mother = analysed_mother(mother)
    counts = {c: n for c, n in mother.caregivers.items() if c and n}
    if len(counts) < 2:
        return next(iter(counts), UNKNOWN)  # (most mothers: one caregiver)
    return max(counts, key=lambda c: (counts[c], -_CAREGIVER_ORDER.get(c, 99)))


_CAREGIVER_ORDER: Final = {c.value: i for i, c in enumerate(Caregiver)}


def characteristics(mothers: Sequence[MotherSessions | AnalysedMother]) -> Characteristics:
    """Count mothers by age group, occupation, main caregiver and site.

    Args:
        mothers: The analysed mothers (each once).

    Returns:
        The tables; every group of :data:`AGE_GROUPS` and every occupation and caregiver
        appears, with zero counts where nobody falls in it.
    """
    return characteristics_from_counts(
        len(mothers),
        Counter(m.age for m in mothers),
        Counter(m.occupation for m in mothers),
        Counter(main_caregiver(m) for m in mothers),
        Counter(m.site_code for m in mothers),
    )


def characteristics_from_counts(
    n: int,
    ages: Mapping[int | None, int],
    occupations: Mapping[str | None, int],
    main_caregivers: Mapping[str, int],
    sites: Mapping[str, int],
) -> Characteristics:
    """:func:`characteristics` from the ``n`` mothers counted by age (None: not
    recorded), occupation (None: not recorded), main caregiver and site code."""
    groups: Counter[str] = Counter()
    for age, count in ages.items():
        groups[_age_group(age)] += count
    jobs: Counter[str] = Counter()
    for job, count in occupations.items():
        jobs[job or UNKNOWN] += count
    return Characteristics(
        n_mothers=n,
        age=_rows(groups, [g[0] for g in AGE_GROUPS], n),
        occupation=_rows(jobs, [o.value for o in Occupation], n),
        caregiver=_rows(Counter(main_caregivers), [c.value for c in Caregiver], n),
        site=_rows(Counter(sites), [], n),
    )


def describe(values: Sequence[float]) -> Descriptives:
    """Descriptive statistics (as in :class:`~oxytimer.domain.stats.Descriptives`)."""
    import numpy as np

    n = len(values)
    if n == 0:
        return Descriptives(0, None, None, None, None, None, None, None)
    # sorted: the same figures to the last bit whatever order the values come in (a
    # server sends its rows in no particular order); np.percentile's figures ("linear",
    # R's type 7) without its first-use import of numpy.ma
    x = np.sort(np.asarray(values, dtype=np.float64))
    q1, median, q3 = (_quantile_type7(x, p) for p in (0.25, 0.5, 0.75))

    def clean(v: float) -> float | None:
        return v + 0.0 if math.isfinite(v) else None

    return Descriptives(
        n=n,
        mean=clean(float(x.mean())),
        sd=clean(float(x.std(ddof=1))) if n >= 2 else None,
        min=clean(float(x.min())),
        max=clean(float(x.max())),
        median=clean(median),
        q1=clean(q1),
        q3=clean(q3),
    )


def dose_summary(
    mothers: Sequence[MotherSessions | AnalysedMother],
    doses: Mapping[str, Dose | float | None] | None,
) -> DoseSummary:
    """Sessions, completed sessions and minutes per analysed mother, and adherence.

    Sessions and minutes count the sessions that pass the filters (voided ones excluded);
    adherence is the registry's, over the mother's whole follow-up.

    Args:
        mothers: The analysed mothers.
        doses: The registry's dose by mother id (or just its adherence), or None.

    Returns:
        The dose summary; ``adherence`` is None when no mother has one.
    """
    analysed = [analysed_mother(m) if isinstance(m, MotherSessions) else m for m in mothers]
    adherence: list[float | None] = []
    for a in analysed:
        dose = doses.get(a.mother_id) if doses is not None else None
        adherence.append(dose.adherence if isinstance(dose, Dose) else dose)
    return dose_from_columns(
        [a.sessions for a in analysed],
        [a.completed for a in analysed],
        [a.massage_seconds for a in analysed],
        adherence,
        mother_ids=[a.mother_id for a in analysed],
        study_codes=[a.study_code for a in analysed],
    )


def dose_from_columns(
    sessions: Sequence[int],
    completed: Sequence[int],
    seconds: Sequence[float],
    adherence: Sequence[float | None] | None,
    *,
    mother_ids: Sequence[str] | None = None,
    study_codes: Sequence[str] | None = None,
) -> DoseSummary:
    """:func:`dose_summary` from each analysed mother's sessions, completed sessions,
    massage seconds and adherence (0–1 or None; None for all: no registry), in order;
    with the per-mother rows when ``mother_ids`` and ``study_codes`` are given."""
    minutes = [round(x / 60.0, 2) for x in seconds]
    per_mother: tuple[MotherDoseRow, ...] = ()
    if mother_ids is not None and study_codes is not None:
        every = adherence if adherence is not None else [None] * len(minutes)
        per_mother = tuple(
            map(MotherDoseRow, mother_ids, study_codes, sessions, completed, minutes, every)
        )
    percent = [100.0 * a for a in adherence or () if a is not None]
    return DoseSummary(
        sessions=describe(sessions),
        completed=describe(completed),
        minutes=describe(minutes),
        adherence=describe(percent) if percent else None,
        per_mother=per_mother,
        n_mothers=len(minutes),
    )


# --------------------------------------------------------------------------- output

PAIR_COLUMNS: Final = (
    "participant",
    "pre",
    "post",
    "difference",
    "site",
    "pre_category",
    "post_category",
    "completed_sessions",
    "massage_minutes",
    "adherence",
)
"""Columns of the CSV of analysed pairs; the first three can be read back with
``oxytimer summary --pairs``."""


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(int(value)) if value.is_integer() else repr(round(value, 6))
    return str(value)


def pairs_csv_text(summary: Summary) -> str:
    """The analysed pairs as CSV (UTF-8 text, ``,`` separated, header first).

    Only pairs with both scores, the ones the test analysed; those with a missing score
    are counted in the summary (``excluded``), not listed. Other missing values are empty
    cells; adherence is a fraction from 0 to 1.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(PAIR_COLUMNS)
    for row in summary.pair_rows():
        if row["pre"] is None or row["post"] is None:
            continue
        writer.writerow([_csv_value(row[c]) for c in PAIR_COLUMNS])
    return buffer.getvalue()


_TEXT: Final[Mapping[str, Mapping[str, str]]] = {
    "en": {
        "title": "Clinician summary: milk-expression score before and after oxytocin massage",
        "data": "Data",
        "database": "database",
        "file": "file",
        "pairing": "Pairing",
        "first-last": "first pre-score against last completed post-score, one pair per mother",
        "means": "mean pre-score against mean post-score over completed sessions, per mother",
        "sessions": "each completed session is a pair",
        "file_rule": "one pair per row of the file",
        "filters": "Filters",
        "none": "none",
        "excluded": "Left out",
        "nothing_excluded": "nothing",
        "not_independent": "Warning: per-session pairs are not independent (mothers contribute "
        "several sessions); the test assumes independent pairs.",
        "warning": "WARNING",
        "baseline": "Not left out: unfinished sessions whose pre-score is a mother's baseline: {n}",
        "characteristics": "Characteristics of the mothers analysed (N = {n})",
        "age": "Age (years)",
        "occupation": "Occupation",
        "caregiver": "Who gave the massage (most sessions)",
        "site": "Site",
        "dose": "Dose per mother",
        "sessions_pm": "Sessions",
        "completed_pm": "Completed sessions",
        "minutes_pm": "Massage minutes",
        "adherence_pm": "Adherence (%)",
        "versions": "Versions",
        "unknown": "not recorded",
    },
    "id": {
        "title": "Ringkasan klinis: skor pengeluaran ASI sebelum dan sesudah pijat oksitosin",
        "data": "Data",
        "database": "basis data",
        "file": "berkas",
        "pairing": "Pemasangan",
        "first-last": "skor-pra sesi pertama terhadap skor-pasca sesi lengkap terakhir, "
        "satu perbandingan per ibu",
        "means": "rata-rata skor-pra terhadap rata-rata skor-pasca sesi lengkap, per ibu",
        "sessions": "setiap sesi lengkap menjadi satu perbandingan",
        "file_rule": "satu perbandingan per baris berkas",
        "filters": "Filter",
        "none": "tidak ada",
        "excluded": "Tidak diikutkan",
        "nothing_excluded": "tidak ada",
        "not_independent": "Peringatan: perbandingan per sesi tidak saling bebas (satu ibu "
        "menyumbang beberapa sesi); uji ini mengandaikan perbandingan yang saling bebas.",
        "warning": "PERINGATAN",
        "baseline": "Tetap diikutkan: sesi tidak selesai yang skor-pranya menjadi skor awal "
        "ibu: {n}",
        "characteristics": "Karakteristik ibu yang dianalisis (N = {n})",
        "age": "Umur (tahun)",
        "occupation": "Pekerjaan",
        "caregiver": "Pemberi pijat (sesi terbanyak)",
        "site": "Puskesmas",
        "dose": "Dosis per ibu",
        "sessions_pm": "Sesi",
        "completed_pm": "Sesi lengkap",
        "minutes_pm": "Menit pijat",
        "adherence_pm": "Kepatuhan (%)",
        "versions": "Versi",
        "unknown": "tidak tercatat",
    },
}

CODE_LABELS: Final[Mapping[str, Mapping[str, str]]] = {
    "en": {
        "not_working": "Not working",
        "trader": "Trader",
        "labourer_farmer": "Labourer / farmer",
        "self_employed": "Self-employed",
        "employee": "Employee / civil servant",
        "other": "Other",
        "husband": "Husband",
        "midwife": "Midwife",
        "family": "Other family member",
        "kurang": "Kurang",
        "cukup": "Cukup",
        "banyak": "Banyak",
        "screened_out": "screened out",
        "no_post_score": "no completed session with a post-score (mothers)",
        "voided": "voided sessions",
        "interrupted": "interrupted or incomplete sessions",
        "aborted": "aborted sessions",
        "awaiting_post": "sessions awaiting a post-score",
        "missing_score": "pairs with a missing score",
    },
    "id": {
        "not_working": "Tidak bekerja",
        "trader": "Pedagang",
        "labourer_farmer": "Buruh / petani",
        "self_employed": "Wiraswasta",
        "employee": "Pegawai / PNS",
        "other": "Lainnya",
        "husband": "Suami",
        "midwife": "Bidan",
        "family": "Anggota keluarga lain",
        "kurang": "Kurang",
        "cukup": "Cukup",
        "banyak": "Banyak",
        "screened_out": "tidak lolos penapisan",
        "no_post_score": "tanpa sesi lengkap dengan skor-pasca (ibu)",
        "voided": "sesi dibatalkan",
        "interrupted": "sesi terputus atau tidak lengkap",
        "aborted": "sesi dihentikan",
        "awaiting_post": "sesi menunggu skor-pasca",
        "missing_score": "skor sebelum atau sesudah tidak lengkap",
    },
}


def _lang(lang: str) -> str:
    return "id" if lang.lower().startswith("id") else "en"


def code_label(code: str, lang: str = "en") -> str:
    """A plain name for a vocabulary or exclusion code (age groups keep their label)."""
    lang = _lang(lang)
    for group_id, label, _low, _high in AGE_GROUPS:
        if code == group_id:
            return label
    if code == UNKNOWN:
        return _TEXT[lang]["unknown"]
    return CODE_LABELS[lang].get(code, code)


def _count_lines(title: str, rows: Sequence[CountRow], lang: str) -> list[str]:
    width = max([len(code_label(r.id, lang)) for r in rows] + [8])
    lines = [f"  {title}"]
    for r in rows:
        pct = "" if r.percent is None else f"{format_number(r.percent, 1, lang)} %"
        lines.append(f"    {code_label(r.id, lang):<{width}}  {r.n:>7}  {pct:>8}")
    return lines


def _dose_line(label: str, d: Descriptives, lang: str) -> str:
    def f(x: float | None) -> str:
        return format_number(x, 1, lang)

    return (
        f"  {label}: n = {d.n}, mean {f(d.mean)} (SD {f(d.sd)}), median {f(d.median)}, "
        f"min {f(d.min)}, max {f(d.max)}"
    )


def summary_text(summary: Summary, lang: str = "en") -> str:
    """The summary as plain text: what was analysed, SPSS's tables with R's numbers and
    the APA sentence (:func:`oxytimer.domain.report.spss_text`), then characteristics,
    dose and versions.

    Args:
        summary: The summary.
        lang: ``"en"`` or ``"id"``.

    Returns:
        Multi-line text ending with a newline.
    """
    lang = _lang(lang)
    t = _TEXT[lang]
    out = [t["title"], ""]
    for code in summary.warnings:  # first: the numbers below pool different scales
        out += [f"{t['warning']}: {warning_text(code, lang)}", ""]
    out.append(f"{t['data']}: {t[summary.source]} {summary.source_name}".rstrip())
    rule_text = t["file_rule"] if summary.rule == FILE_RULE else t[summary.rule]
    out.append(f"{t['pairing']}: {summary.rule} — {rule_text}")
    if summary.source == "database":
        used = {k: v for k, v in summary.filters.items() if v}
        filters = ", ".join(
            f"{k}={','.join(v) if isinstance(v, list) else v}" for k, v in used.items()
        )
        out.append(f"{t['filters']}: {filters or t['none']}")
    excluded = summary.all_excluded
    if excluded:
        out.append(f"{t['excluded']}:")
        out.extend(f"  {code_label(k, lang)}: {v}" for k, v in excluded.items())
    else:
        out.append(f"{t['excluded']}: {t['nothing_excluded']}")
    if summary.baseline_from_unfinished:
        out.append(t["baseline"].format(n=summary.baseline_from_unfinished))
    if summary.not_independent:
        out.append(t["not_independent"])
    out.append("")
    labels = {cid: code_label(cid, lang) for cid, _lo, _hi in summary.categories or ()}
    out.append(spss_text(summary.analysis, lang, category_labels=labels).rstrip("\n"))
    c = summary.characteristics
    if c is not None:
        out += ["", t["characteristics"].format(n=c.n_mothers)]
        out += _count_lines(t["age"], c.age, lang)
        out += _count_lines(t["occupation"], c.occupation, lang)
        out += _count_lines(t["caregiver"], c.caregiver, lang)
        out += _count_lines(t["site"], c.site, lang)
    d = summary.dose
    if d is not None:
        out += ["", t["dose"]]
        out.append(_dose_line(t["sessions_pm"], d.sessions, lang))
        out.append(_dose_line(t["completed_pm"], d.completed, lang))
        out.append(_dose_line(t["minutes_pm"], d.minutes, lang))
        if d.adherence is not None:
            out.append(_dose_line(t["adherence_pm"], d.adherence, lang))
    if summary.versions:
        out += ["", t["versions"]]
        out.extend(
            f"  {k}: {', '.join(v) if isinstance(v, list) else v}"
            for k, v in summary.versions.items()
            if v not in (None, [])
        )
    return "\n".join(line.rstrip() for line in out) + "\n"
