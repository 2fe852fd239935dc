"""The mothers' registry: checking an enrolment, suggesting study codes, the flow counts.

Pure functions over plain values. Nothing here is user-facing text: problems are
:class:`~oxytimer.domain.records.InputError` codes, turned into sentences by the UI.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from oxytimer.domain.records import (
    AGE_MAX,
    AGE_MIN,
    DeliveryType,
    InputError,
    MotherStatus,
    Occupation,
    Parity,
    clean_study_code,
)
from oxytimer.domain.sites import CODE_PATTERN

SITE_NAME_MAX = 80

# Registry fields a correction may change, with how each is checked (see check_field).
EDITABLE_MOTHER_FIELDS = (
    "name",
    "age",
    "occupation",
    "parity",
    "delivery_date",
    "delivery_type",
    "lives_with_husband",
    "consent_date",
)


@dataclass(frozen=True)
class Enrolment:
    """What the enrolment form collects about a mother (besides the screening answers).

    Attributes:
        site_id: The site's database id.
        study_code: The study code, unique at the site (e.g. ``"MTR-031"``).
        age: Age in whole years.
        occupation: An :class:`~oxytimer.domain.records.Occupation` value.
        parity: A :class:`~oxytimer.domain.records.Parity` value.
        delivery_date: The day she gave birth (local calendar day).
        delivery_type: A :class:`~oxytimer.domain.records.DeliveryType` value.
        lives_with_husband: Whether she lives with her husband.
        consent: Whether she gave informed consent.
        consent_date: The day she gave it.
        name: Optional; identifying, so left out of exports unless asked for.
    """

    site_id: str
    study_code: str
    age: int | None = None
    occupation: str | None = None
    parity: str | None = None
    delivery_date: date | None = None
    delivery_type: str | None = None
    lives_with_husband: bool | None = None
    consent: bool = False
    consent_date: date | None = None
    name: str | None = None


def check_field(field_name: str, value: object, today: date) -> InputError | None:
    """Check one registry value; None when it may be stored.

    ``None`` is always acceptable here: whether a field is required is decided by
    :func:`check_enrolment`.

    Args:
        field_name: One of :data:`EDITABLE_MOTHER_FIELDS` (or ``"consent"``).
        value: The typed value: ``int`` for age, ``date`` for dates, ``bool`` for
            yes/no fields, a vocabulary code for the others.
        today: The local calendar day, for dates that cannot be in the future.

    Returns:
        The problem, or None.
    """
    if value is None:
        return None
    vocabularies: dict[str, type[Occupation] | type[Parity] | type[DeliveryType]] = {
        "occupation": Occupation,
        "parity": Parity,
        "delivery_type": DeliveryType,
    }
    if field_name == "age":
        if isinstance(value, bool) or not isinstance(value, int):
            return InputError("age", "not_a_number")
        if not AGE_MIN <= value <= AGE_MAX:
            return InputError("age", "out_of_range", min=AGE_MIN, max=AGE_MAX)
    elif field_name in vocabularies:
        if value not in {v.value for v in vocabularies[field_name]}:
            return InputError(field_name, "invalid")
    elif field_name in ("delivery_date", "consent_date"):
        if not isinstance(value, date):
            return InputError(field_name, "invalid")
        if value > today:
            return InputError(field_name, "future")
    elif field_name in ("lives_with_husband", "consent"):
        if not isinstance(value, bool):
            return InputError(field_name, "invalid")
    elif field_name == "name":
        if not isinstance(value, str) or len(value) > 120:
            return InputError("name", "invalid")
    else:
        return InputError(field_name, "not_editable")
    return None


def check_enrolment(enrolment: Enrolment, today: date, *, eligible: bool) -> list[InputError]:
    """Every problem with an enrolment, one per field, in form order.

    An eligible mother needs every field and consent with its date; for a mother who is
    screened out only the study code and site are required (she is counted, not
    followed), but whatever was typed must still be valid.

    Args:
        enrolment: The form's values.
        today: The local calendar day (dates may not be after it).
        eligible: Whether the screening found her eligible.

    Returns:
        The problems; empty when the enrolment may be stored.
    """
    errors: list[InputError] = []
    if not enrolment.site_id:
        errors.append(InputError("site", "required"))
    try:
        clean_study_code(enrolment.study_code)
    except InputError as error:
        errors.append(error)
    required = (
        ("age", enrolment.age),
        ("occupation", enrolment.occupation),
        ("parity", enrolment.parity),
        ("delivery_date", enrolment.delivery_date),
        ("delivery_type", enrolment.delivery_type),
        ("lives_with_husband", enrolment.lives_with_husband),
    )
    for name, value in required:
        if value is None:
            if eligible:
                errors.append(InputError(name, "required"))
            continue
        problem = check_field(name, value, today)
        if problem is not None:
            errors.append(problem)
    if enrolment.name is not None:
        problem = check_field("name", enrolment.name, today)
        if problem is not None:
            errors.append(problem)
    if eligible and not enrolment.consent:
        errors.append(InputError("consent", "required"))
    if enrolment.consent:
        if enrolment.consent_date is None:
            errors.append(InputError("consent_date", "required"))
        else:
            problem = check_field("consent_date", enrolment.consent_date, today)
            if problem is None and (
                enrolment.delivery_date is not None
                and enrolment.consent_date < enrolment.delivery_date
            ):
                problem = InputError("consent_date", "before_delivery")
            if problem is not None:
                errors.append(problem)
    return errors


def suggest_study_code(existing: Iterable[str], prefix: str, width: int = 3) -> str:
    """The next free study code with ``prefix``: one more than the highest used.

    Args:
        existing: Codes already used at the site (any case).
        prefix: e.g. ``"MTR"``; the code is ``"MTR-031"`` after ``"MTR-030"``.
        width: Digits of the number, zero-padded.

    Returns:
        A code not in ``existing``.

    Example:
        >>> suggest_study_code(["MTR-001", "MTR-030", "AMP-099"], "MTR")
        'MTR-031'
    """
    stem = f"{prefix.strip().upper()}-"
    used = {code.strip().upper() for code in existing}
    highest = 0
    for code in used:
        if code.startswith(stem) and code[len(stem) :].isdigit():
            highest = max(highest, int(code[len(stem) :]))
    number = highest + 1
    while f"{stem}{number:0{width}d}" in used:  # pragma: no cover - highest+1 is free
        number += 1
    return f"{stem}{number:0{width}d}"


def check_site(code: str, name: str, existing: Iterable[tuple[str, str]]) -> tuple[str, str]:
    """Check a new site's code and name against the sites there are.

    Args:
        code: 2–8 capital letters or digits, starting with a letter (lower case accepted).
        name: As people know the site.
        existing: (code, name) of the sites already stored.

    Returns:
        The cleaned (code, name).

    Raises:
        InputError: ``site_code`` required / invalid_site_code / duplicate, ``site_name``
            required / too_long / duplicate.
    """
    clean_code_ = code.strip().upper()
    clean_name = " ".join(name.split())
    pairs = list(existing)
    if not clean_code_:
        raise InputError("site_code", "required")
    if not CODE_PATTERN.fullmatch(clean_code_):
        raise InputError("site_code", "invalid_site_code")
    if clean_code_ in {c.upper() for c, _ in pairs}:
        raise InputError("site_code", "duplicate_site", value=clean_code_)
    if not clean_name:
        raise InputError("site_name", "required")
    if len(clean_name) > SITE_NAME_MAX:
        raise InputError("site_name", "too_long", max=SITE_NAME_MAX)
    if clean_name.casefold() in {n.casefold() for _, n in pairs}:
        raise InputError("site_name", "duplicate_site", value=clean_name)
    return clean_code_, clean_name


@dataclass(frozen=True)
class RegistryEntry:
    """A mother as the registry shows her.

    Attributes mirror the ``mothers`` table; dates are ISO strings (``YYYY-MM-DD``),
    ``enrolled_at`` a UTC timestamp. ``eligible`` is the latest screening's outcome
    (None if she was added without screening) and ``failed`` its failed criterion ids.
    """

    id: str
    site_id: str
    site_code: str
    study_code: str
    status: str
    locked: bool
    enrolled_at: str
    name: str | None = None
    age: int | None = None
    occupation: str | None = None
    parity: str | None = None
    delivery_date: str | None = None
    delivery_type: str | None = None
    lives_with_husband: bool | None = None
    consent: bool | None = None
    consent_date: str | None = None
    status_reason: str | None = None
    status_date: str | None = None
    eligible: bool | None = None
    failed: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class FlowCounts:
    """The study's participant flow.

    Attributes:
        screened: Mothers with a screening.
        eligible: Of those, the ones found eligible.
        screened_out: Of those, the ones found not eligible.
        enrolled: Mothers taking part (enrolled, withdrawn or closed), screened or not.
        active: Of those, still being followed.
        completed: Follow-up completed (closed).
        withdrawn: Withdrawn before completing follow-up.
    """

    screened: int = 0
    eligible: int = 0
    screened_out: int = 0
    enrolled: int = 0
    active: int = 0
    completed: int = 0
    withdrawn: int = 0


def flow_counts(entries: Iterable[RegistryEntry]) -> FlowCounts:
    """Count the participant flow from the registry's records.

    Args:
        entries: Every mother in the registry.

    Returns:
        The counts.
    """
    counts = dict.fromkeys(FlowCounts.__dataclass_fields__, 0)
    for entry in entries:
        if entry.eligible is not None:
            counts["screened"] += 1
            counts["eligible" if entry.eligible else "screened_out"] += 1
        if entry.status == MotherStatus.SCREENED_OUT:
            continue
        counts["enrolled"] += 1
        if entry.status == MotherStatus.ENROLLED:
            counts["active"] += 1
        elif entry.status == MotherStatus.CLOSED:
            counts["completed"] += 1
        elif entry.status == MotherStatus.WITHDRAWN:
            counts["withdrawn"] += 1
    return FlowCounts(**counts)
