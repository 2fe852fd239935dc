"""From logged sessions to one pair of scores per unit, by a stated pairing rule.

Every figure of the clinician summary is computed from these pairs, so a report cannot
disagree with the records. Records left out are counted by reason.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from statistics import fmean
from typing import NamedTuple


class PairingRule(StrEnum):
    """How a mother's sessions become pairs.

    FIRST_LAST (the study's): baseline = pre-score of her first session, outcome =
    post-score of her last completed session. MEANS: her mean pre-score against her mean
    post-score over completed sessions. SESSIONS: every completed session is a pair (not
    independent when a mother has several).
    """

    FIRST_LAST = "first-last"
    MEANS = "means"
    SESSIONS = "sessions"


# Exclusion reasons (codes; the UI and reports translate them).
SCREENED_OUT = "screened_out"
NO_POST_SCORE = "no_post_score"
VOIDED = "voided"
INTERRUPTED = "interrupted"
ABORTED = "aborted"
AWAITING_POST = "awaiting_post"


class Scale(NamedTuple):
    """The instrument behind a score: its version and the range of its total."""

    version: str | None
    min_total: float | None
    max_total: float | None

    def range_text(self) -> str:
        """The range as ``min–max`` (``?`` where unknown)."""

        def text(x: float | None) -> str:
            return "?" if x is None else (repr(int(x)) if float(x).is_integer() else repr(x))

        return f"{text(self.min_total)}–{text(self.max_total)}"


@dataclass(frozen=True)
class SessionScores:
    """What pairing needs to know of one stored session."""

    session_id: str
    started_at: str  # UTC ISO-8601; sorts chronologically
    status: str
    voided: bool
    pre: float | None
    post: float | None
    pre_category: str | None = None
    post_category: str | None = None
    massage_seconds: float = 0.0
    caregiver: str | None = None
    protocol_version: str | None = None
    instrument_version: str | None = None
    pre_scale: Scale | None = None  # of the pre-score, when it has one
    post_scale: Scale | None = None


@dataclass(frozen=True)
class MotherSessions:
    """One mother and her sessions (any order)."""

    mother_id: str
    study_code: str
    site_code: str
    status: str
    sessions: Sequence[SessionScores]
    age: int | None = None
    occupation: str | None = None


@dataclass(frozen=True)
class Pair:
    """One analysed unit."""

    unit: str  # the study code, or code#n for per-session pairs
    mother_id: str
    site_code: str
    pre: float
    post: float
    sessions: int  # completed sessions behind this pair
    session_id: str | None = None


@dataclass(frozen=True)
class Pairing:
    """The pairs, and what was left out and why.

    Attributes:
        excluded: Records left out, by reason (see :func:`make_pairs`).
        not_independent: Per-session pairs where a mother contributes several.
        baseline_from_unfinished: Sessions that did not end with a post-score (aborted,
            interrupted, incomplete, awaiting, running) whose pre-score is a mother's
            baseline under ``first-last``; used, so not counted in ``excluded``.
        scales: The instrument version and score range of every score the pairs use;
            more than one version or range means scores from different scales are pooled.
    """

    rule: PairingRule
    pairs: tuple[Pair, ...]
    excluded: dict[str, int] = field(default_factory=dict)
    not_independent: bool = False
    baseline_from_unfinished: int = 0
    scales: frozenset[Scale] = frozenset()

    @property
    def pre(self) -> list[float]:
        return [p.pre for p in self.pairs]

    @property
    def post(self) -> list[float]:
        return [p.post for p in self.pairs]


def _scale(scale: Scale | None, version: str | None) -> Scale:
    return scale if scale is not None else Scale(version, None, None)


def _paired(s: SessionScores) -> bool:
    return s.status == "completed" and s.pre is not None and s.post is not None


def make_pairs(mothers: Iterable[MotherSessions], rule: PairingRule | str) -> Pairing:
    """Pair each mother's scores by ``rule``.

    Voided sessions never count. Sessions that ended without a post-score (aborted,
    interrupted, incomplete, still awaiting) are counted as excluded sessions, unless
    ``first-last`` uses the session's pre-score as the mother's baseline: then it is
    counted in ``baseline_from_unfinished`` instead. A mother with no completed session
    is excluded as ``no_post_score``; a screened-out mother is excluded as
    ``screened_out``. Counts in ``excluded`` are of sessions for the session reasons and
    of mothers for ``screened_out`` and ``no_post_score``.
    """
    rule = PairingRule(rule)
    excluded: Counter[str] = Counter()
    pairs: list[Pair] = []
    scales: set[Scale] = set()
    several = False
    from_unfinished = 0
    for mother in mothers:
        if mother.status == "screened_out":
            excluded[SCREENED_OUT] += 1
            continue
        usable = []
        for session in sorted(mother.sessions, key=lambda s: s.started_at):
            if session.voided:
                excluded[VOIDED] += 1
                continue
            usable.append(session)
        completed = [s for s in usable if _paired(s)]
        baseline = None
        if completed and rule is PairingRule.FIRST_LAST:
            baseline = next(s for s in usable if s.pre is not None)
        for session in usable:
            if session is baseline and not _paired(session):
                from_unfinished += 1  # its pre-score is used: not left out
            elif session.status in ("interrupted", "incomplete"):
                excluded[INTERRUPTED] += 1
            elif session.status == "aborted":
                excluded[ABORTED] += 1
            elif session.status == "awaiting_post":
                excluded[AWAITING_POST] += 1
        if not completed:
            if mother.sessions:
                excluded[NO_POST_SCORE] += 1
            continue
        several = several or len(completed) > 1
        if rule is PairingRule.FIRST_LAST:
            assert baseline is not None
            last = completed[-1]
            assert baseline.pre is not None and last.post is not None
            scales.add(_scale(baseline.pre_scale, baseline.instrument_version))
            scales.add(_scale(last.post_scale, last.instrument_version))
            pairs.append(
                Pair(
                    mother.study_code,
                    mother.mother_id,
                    mother.site_code,
                    baseline.pre,
                    last.post,
                    len(completed),
                )
            )
            continue
        for s in completed:
            scales.add(_scale(s.pre_scale, s.instrument_version))
            scales.add(_scale(s.post_scale, s.instrument_version))
        if rule is PairingRule.MEANS:
            pairs.append(
                Pair(
                    mother.study_code,
                    mother.mother_id,
                    mother.site_code,
                    fmean(s.pre for s in completed if s.pre is not None),
                    fmean(s.post for s in completed if s.post is not None),
                    len(completed),
                )
            )
        else:
            for number, session in enumerate(completed, start=1):
                assert session.pre is not None and session.post is not None
                pairs.append(
                    Pair(
                        f"{mother.study_code}#{number}",
                        mother.mother_id,
                        mother.site_code,
                        session.pre,
                        session.post,
                        1,
                        session.session_id,
                    )
                )
    return Pairing(
        rule=rule,
        pairs=tuple(pairs),
        excluded=dict(sorted(excluded.items())),
        not_independent=rule is PairingRule.SESSIONS and several,
        baseline_from_unfinished=from_unfinished,
        scales=frozenset(scales),
    )
