"""The clinician summary read from SQLite as columns (issue 17: ``oxytimer summary`` on
100,000 mothers in under 3 s).

:func:`pair_in_database` makes a :class:`~oxytimer.domain.pairing.Pair` and an
:class:`~oxytimer.domain.summary.AnalysedMother` per mother from one row each; here the
same rows (the stored per-mother rows, :mod:`oxytimer.storage.summary_table`, and the
records of the stale mothers) are read as a few columns in one query, ordered as the
pairs are, and turned into :class:`~oxytimer.domain.summary.SummaryColumns`: the scores
and the dose as lists, Tables 1–2 as counts, what was left out as sums. SQLite parses
nothing per mother that Python would: the first pre-score's and the last post-score's
keys come cut down to their values, the main caregiver is chosen in SQL, and the
registry's adherence is joined from the stored dose. No Python object is made per
mother unless the per-unit rows are asked for (the tab, ``--format csv``).

The same figures as :func:`pair_in_database` followed by
:func:`~oxytimer.domain.summary.summarise_pairing` (tests compare them byte for byte).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from itertools import compress
from typing import TYPE_CHECKING, Any, Final

from oxytimer.domain.pairing import (
    ABORTED,
    AWAITING_POST,
    INTERRUPTED,
    NO_POST_SCORE,
    SCREENED_OUT,
    VOIDED,
    PairingRule,
    Scale,
)
from oxytimer.domain.summary import UNKNOWN, SummaryColumns
from oxytimer.storage.analysis import (
    _UNFINISHED,
    CAREGIVERS,
    AnalysisFilter,
    _mother_where,
    _parse_scale,
    _stored_or_grouped,
    _unlisted,
    _versions,
    session_pair_rows,
)

if TYPE_CHECKING:
    from oxytimer.storage.session_records import SessionRecords

_SEP: Final = "\x1f"
_KEY_PREFIX: Final = 22
"""How far a first-pre or last-post key's values start after its first separator: the
20 digits of its padded rowid and the separator after them (analysis._ordered)."""


def _main_caregiver_sql() -> str:
    """:func:`~oxytimer.domain.summary.main_caregiver` of a ``g`` row: the caregiver of
    most of her completed sessions, a tie to the first in vocabulary order."""
    counts = [f"coalesce(g.c_{c}, 0)" for c in CAREGIVERS]
    pairs = list(zip(CAREGIVERS, counts, strict=True))
    cases = " ".join(f"WHEN {n} THEN '{c}'" for c, n in pairs[:-1])
    # (the greatest count once; counts are never negative: 0 means none at all)
    return (
        f"CASE max({', '.join(counts)}) WHEN 0 THEN '{UNKNOWN}' {cases} ELSE '{pairs[-1][0]}' END"
    )


def _after_key(column: str) -> str:
    """The values of an ordered key (analysis._ordered) without its start and rowid."""
    return f"substr({column}, instr({column}, char(31)) + {_KEY_PREFIX})"


def columns_in_database(
    repo: SessionRecords,
    flt: AnalysisFilter,
    rule: PairingRule,
    *,
    with_adherence: bool = True,
    per_unit: bool = True,
    adherence_of: Callable[[Iterable[str]], dict[str, float | None]] | None = None,
) -> SummaryColumns:
    """The summary's pairs and analysed mothers as columns (``flt``'s design resolved).

    Args:
        repo: The repository (SQLite; only read).
        flt: The filters, design chosen (:func:`~oxytimer.storage.analysis.resolve_design`).
        rule: The pairing rule.
        with_adherence: Also the registry's adherence of each analysed mother.
        per_unit: Also each pair's unit, site and mother, and each mother's id and
            study code (the tab's plots and the CSV of pairs need them).
        adherence_of: Where the adherence of mothers the stored dose cannot answer comes
            from (default :func:`~oxytimer.storage.summary_table.adherence_from_records`).
    """
    from oxytimer.domain.schedule import DEFAULT_SLOT_HOURS
    from oxytimer.storage.summary_table import (
        adherence_from_records,
        has_summary_table,
        some_stale,
        stored_adherence_sql,
        stored_dose_current,
    )

    db = repo.db
    params: list[Any] = []
    grouped = _stored_or_grouped(db, flt, params)
    # Each mother's fields from the stored copy while none is stale (no read of the
    # wide mothers rows), else from the mothers and sites themselves.
    stored_mothers = has_summary_table(db) and not some_stale(db)
    mothers = (
        "summary_mothers m" if stored_mothers else "mothers m JOIN sites s ON s.id = m.site_id"
    )
    site = "m.site_code" if stored_mothers else "s.code"

    def mother_where(params: list[Any]) -> str:
        where = _mother_where(flt, params)
        where = where.replace("s.code", site) if stored_mothers else where
        return f"{where} AND" if where else "WHERE"

    where = mother_where(params)

    columns = [
        site,
        "m.age",
        "m.occupation",
        _main_caregiver_sql(),
        "g.n_voided",
        "g.n_interrupted",
        "g.n_aborted",
        "g.n_awaiting",
        "g.n",
        "g.n_completed",
        "g.seconds",
        "g.n_pairs",
        "g.versions",
    ]
    if rule is PairingRule.FIRST_LAST:
        columns += [_after_key("g.first_pre"), _after_key("g.last_post")]
    else:
        columns += ["g.pre_sum", "g.post_sum", "g.pre_scales", "g.post_scales"]
    stored_dose = with_adherence and stored_dose_current(db)
    dose_join = ""
    if stored_dose:
        now = math.floor(repo.clock.now_utc().timestamp())
        stale = "0" if stored_mothers else "m.id IN (SELECT mother_id FROM summary_stale)"
        dose_join = (
            f" LEFT JOIN ({stored_adherence_sql(now, DEFAULT_SLOT_HOURS)}) dd"
            " ON dd.mother_id = m.id"
        )
        # The mothers whose stored dose does not answer: her id, to ask her records.
        columns += [
            "dd.done",
            "dd.scheduled",
            f"CASE WHEN dd.holds IS NOT 1 OR {stale} THEN m.id END",
        ]
    if per_unit or (with_adherence and not stored_dose):
        columns += ["m.study_code", "m.id"]
    rows = db.execute(
        f"WITH g AS ({grouped}) SELECT {', '.join(columns)}"
        f" FROM {mothers} JOIN g ON g.mother_id = m.id"
        f"{dose_join} {where} m.status != 'screened_out'"
        f" ORDER BY {site}, m.study_code",
        params,
    ).fetchall()
    screened_params: list[Any] = []
    screened_where = mother_where(screened_params)
    (screened_out,) = db.execute(
        f"SELECT count(*) FROM {mothers} {screened_where} m.status = 'screened_out'",
        screened_params,
    ).fetchone()

    column = list(zip(*rows, strict=True)) if rows else [()] * len(columns)
    (sites, ages, jobs, givers, n_voided, n_interrupted, n_aborted, n_awaiting) = column[:8]
    (n_all, n_completed, seconds, n_pairs, versions) = column[8:13]
    excluded: Counter[str] = Counter()
    excluded[SCREENED_OUT] = screened_out
    excluded[VOIDED] = sum(n_voided)
    excluded[INTERRUPTED] = sum(n_interrupted)
    excluded[ABORTED] = sum(n_aborted)
    excluded[AWAITING_POST] = sum(n_awaiting)
    paired = [bool(k) for k in n_pairs]
    excluded[NO_POST_SCORE] = paired.count(False)

    def analysed(values: Sequence[Any]) -> list[Any]:
        return list(compress(values, paired))

    k_pairs = analysed(n_pairs)
    scales: set[Scale] = set()
    from_unfinished = 0
    if rule is PairingRule.FIRST_LAST:
        first = _SEP.join(analysed(column[13])).split(_SEP) if k_pairs else []
        last = _SEP.join(analysed(column[14])).split(_SEP) if k_pairs else []
        pre = list(map(float, first[0::4]))
        post = list(map(float, last[0::2]))
        unfinished = Counter(
            status for status, flag in zip(first[1::4], first[2::4], strict=True) if flag != "1"
        )
        for status, count in unfinished.items():
            from_unfinished += count  # an unfinished session's pre-score is her baseline:
            reason = _UNFINISHED.get(status)  # used, so not left out
            if reason:
                excluded[reason] -= count
        texts = set(first[3::4]) | set(last[1::2])
        next_column = 15
    else:
        pre_sums, post_sums = analysed(column[13]), analysed(column[14])
        texts = set()
        for text in set(analysed(column[15])) | set(analysed(column[16])):
            texts.update(_unlisted(text))
        pre = [total / k for total, k in zip(pre_sums, k_pairs, strict=True)]
        post = [total / k for total, k in zip(post_sums, k_pairs, strict=True)]
        next_column = 17
    scales.update(_parse_scale(text, None) for text in texts)

    adherence: list[float | None] | None = None
    if stored_dose:
        done, scheduled, ask = (analysed(column[i]) for i in range(next_column, next_column + 3))
        next_column += 3
        adherence = [d / k if k else None for d, k in zip(done, scheduled, strict=True)]
        asked = [i for i, mother_id in enumerate(ask) if mother_id is not None]
        if asked:
            found = (adherence_of or (lambda ids: adherence_from_records(repo, list(ids))))(
                ask[i] for i in asked
            )
            for i in asked:
                adherence[i] = found.get(ask[i])
    codes = ids = None
    if per_unit or (with_adherence and not stored_dose):
        codes, ids = analysed(column[next_column]), analysed(column[next_column + 1])
    if with_adherence and not stored_dose:
        assert ids is not None
        from oxytimer.storage.summary_table import adherence_of as adherence_now

        found = (adherence_of or (lambda wanted: adherence_now(repo, wanted)))(ids)
        adherence = [found.get(i) for i in ids]

    protocols: set[str] = set()
    instruments: set[str] = set()
    for text in set(analysed(versions)):
        found_protocols, found_instruments = _versions(text)
        protocols.update(found_protocols)
        instruments.update(found_instruments)

    analysed_sites = analysed(sites)
    several = False
    units: list[str] | None = None
    pair_sites: list[str] | None = None
    pair_ids: list[str] | None = None
    pair_sessions: list[int] | None = None
    if rule is PairingRule.SESSIONS:
        pre, post = [], []
        number: dict[str, int] = {}
        every: tuple[list[str], list[str], list[str]] = ([], [], [])
        for mother_id, code, site, _session_id, pre_score, post_score in session_pair_rows(db, flt):
            n = number[mother_id] = number.get(mother_id, 0) + 1
            several = several or n > 1
            every[0].append(f"{code}#{n}")
            every[1].append(site)
            every[2].append(mother_id)
            pre.append(float(pre_score))
            post.append(float(post_score))
        if per_unit:
            units, pair_sites, pair_ids = every
            pair_sessions = [1] * len(pre)
    elif per_unit:
        units, pair_sites, pair_ids, pair_sessions = codes, analysed_sites, ids, k_pairs

    n_voided_analysed = analysed(n_voided)
    return SummaryColumns(
        rule=rule,
        pre=pre,
        post=post,
        excluded=dict(sorted((k, v) for k, v in excluded.items() if v)),
        not_independent=several,
        baseline_from_unfinished=from_unfinished,
        scales=frozenset(scales),
        ages=Counter(analysed(ages)),
        occupations=Counter(analysed(jobs)),
        main_caregivers=Counter(analysed(givers)),
        sites=Counter(analysed_sites),
        sessions=[n - v for n, v in zip(analysed(n_all), n_voided_analysed, strict=True)],
        completed=analysed(n_completed),
        seconds=analysed(seconds),
        adherence=adherence,
        protocol_versions=frozenset(protocols),
        instrument_versions=frozenset(instruments),
        units=units,
        pair_sites=pair_sites,
        pair_mother_ids=pair_ids,
        pair_sessions=pair_sessions,
        mother_ids=ids if per_unit else None,
        study_codes=codes if per_unit else None,
    )
