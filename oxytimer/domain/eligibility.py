"""Screening a mother against the study's inclusion and exclusion criteria.

The criteria live in ``oxytimer/resources/eligibility.toml`` as yes/no questions. A mother
is eligible when every inclusion question is answered "yes" and every exclusion question
"no".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

from oxytimer.domain.texts import (
    LocalText,
    ResourceError,
    TomlTable,
    check_unique_ids,
    read_toml,
)
from oxytimer.resources import resource_path

CriterionKind = Literal["inclusion", "exclusion"]
"""An inclusion criterion must be met ("yes"); an exclusion criterion must not ("no")."""


@dataclass(frozen=True)
class Criterion:
    """One screening question.

    Attributes:
        id: A stable identifier, recorded with each answer.
        kind: ``"inclusion"`` (eligible only if "yes") or ``"exclusion"`` (only if "no").
        text: The yes/no question.
    """

    id: str
    kind: CriterionKind
    text: LocalText

    def __post_init__(self) -> None:
        if self.kind not in get_args(CriterionKind):
            raise ValueError(f"criterion {self.id!r}: unknown kind {self.kind!r}")

    def is_met(self, answer: bool) -> bool:
        """Return whether this answer keeps the mother eligible."""
        return answer if self.kind == "inclusion" else not answer


@dataclass(frozen=True)
class Criteria:
    """The inclusion and exclusion criteria, in the order they are asked.

    Attributes:
        version: The criteria file's version, recorded with each screening.
        inclusion: Questions that must be answered "yes".
        exclusion: Questions that must be answered "no".
    """

    version: str
    inclusion: tuple[Criterion, ...]
    exclusion: tuple[Criterion, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "inclusion", tuple(self.inclusion))
        object.__setattr__(self, "exclusion", tuple(self.exclusion))
        for kind in get_args(CriterionKind):
            for criterion in getattr(self, kind):
                if criterion.kind != kind:
                    raise ValueError(
                        f"criterion {criterion.id!r} is listed under {kind} "
                        f"but its kind is {criterion.kind!r}"
                    )
        ids = [criterion.id for criterion in self.all]
        if len(set(ids)) != len(ids):
            duplicate = next(ident for ident in ids if ids.count(ident) > 1)
            raise ValueError(f"criterion id {duplicate!r} is used more than once")

    @property
    def all(self) -> tuple[Criterion, ...]:
        """Every criterion: the inclusion criteria, then the exclusion criteria."""
        return self.inclusion + self.exclusion


@dataclass(frozen=True)
class ScreeningResult:
    """The outcome of screening one mother.

    Attributes:
        eligible: Whether she may take part.
        failed: The criteria that exclude her, in the order they were asked.
    """

    eligible: bool
    failed: tuple[Criterion, ...]


def screen(criteria: Criteria, answers: Mapping[str, bool]) -> ScreeningResult:
    """Screen a mother.

    Args:
        criteria: The criteria to apply.
        answers: ``True`` (yes) or ``False`` (no) for every criterion, by criterion id.

    Returns:
        Eligible if and only if every inclusion answer is ``True`` and every exclusion
        answer is ``False``; otherwise the criteria that failed.

    Raises:
        ValueError: If a criterion is unanswered, an answer names no criterion, or an
            answer is not a ``bool``; the message names the criteria concerned.
    """
    ids = [criterion.id for criterion in criteria.all]
    missing = [ident for ident in ids if ident not in answers]
    unknown = sorted(str(key) for key in answers if key not in ids)
    not_bool = [ident for ident in ids if ident in answers and type(answers[ident]) is not bool]
    problems = []
    if missing:
        problems.append(f"unanswered criteria: {', '.join(missing)}")
    if unknown:
        problems.append(f"answers for unknown criteria: {', '.join(unknown)}")
    if not_bool:
        problems.append(f"answers that are not yes/no (True/False): {', '.join(not_bool)}")
    if problems:
        raise ValueError("; ".join(problems))
    failed = tuple(
        criterion for criterion in criteria.all if not criterion.is_met(answers[criterion.id])
    )
    return ScreeningResult(eligible=not failed, failed=failed)


def load_criteria(path: Path | None = None) -> Criteria:
    """Load a screening criteria file.

    Args:
        path: An ``eligibility.toml`` file; by default the one shipped with the app.

    Returns:
        The criteria.

    Raises:
        ResourceError: If the file is missing or malformed, a language is missing, or an
            id is used twice.
    """
    if path is None:
        path = resource_path("eligibility.toml")
    top = TomlTable(path, read_toml(path))
    version = top.string("version")
    lists: dict[CriterionKind, tuple[Criterion, ...]] = {}
    for kind in get_args(CriterionKind):
        lists[kind] = tuple(
            Criterion(id=table.string("id"), kind=kind, text=table.text("text"))
            for table in top.tables(kind)
        )
    check_unique_ids(path, [c.id for kind in lists for c in lists[kind]], "criterion")
    try:
        return Criteria(version=version, inclusion=lists["inclusion"], exclusion=lists["exclusion"])
    except ValueError as error:
        raise ResourceError(path, str(error)) from error


# Screening questions the enrolment form already answers: criterion id -> (the form's
# field, its value -> the answer). A value not listed (an assisted birth: vaginal, but not
# what every midwife calls "normal") leaves the question to be answered.
ANSWERED_BY_FORM: Mapping[str, tuple[str, Mapping[str, bool]]] = {
    "primiparous": ("parity", {"primipara": True, "multipara": False}),
    "normal_delivery": ("delivery_type", {"normal": True, "caesarean": False}),
    "lives_with_husband": ("lives_with_husband", {"yes": True, "no": False}),
}


def answers_from_form(fields: Mapping[str, str | None]) -> dict[str, bool | None]:
    """The screening answers the enrolment form's ``fields`` give (None: not answered).

    ``fields`` holds the form's codes: ``parity``, ``delivery_type`` and
    ``lives_with_husband`` ("yes"/"no"); a criterion is in the result when its field is.
    """
    out: dict[str, bool | None] = {}
    for criterion_id, (field, answers) in ANSWERED_BY_FORM.items():
        if field in fields:
            value = fields[field]
            out[criterion_id] = None if value is None else answers.get(value)
    return out
