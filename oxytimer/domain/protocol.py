"""The oxytocin-massage protocol: its steps, their texts and how a session's time is shared.

The protocol lives in ``oxytimer/resources/protocol.toml`` (a site may point the app at its
own copy). Each step has a phase: ``preparation`` (getting ready, finding the landmarks:
guided but untimed, before the countdown), ``massage`` (timed) or ``finishing`` (after the
countdown, untimed). The session length a caregiver chooses is massage time: each massage
step takes a fixed share of it, so a 3-, 4- or 5-minute massage has the same steps in the
same proportions.

Protocol files of version 1 had no phases: every step was timed and the chosen length
included getting ready and finishing. A file without ``phase`` keys is still read that
way (every step timed), and sessions recorded under such a version keep that meaning
(see :func:`times_whole_session`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Final

from oxytimer.domain.texts import (
    LocalText,
    ResourceError,
    TomlTable,
    check_unique_ids,
    read_toml,
)
from oxytimer.resources import resource_path

SHARE_TOLERANCE: Final = 1e-6
"""How far the steps' shares may add up from exactly 1."""

PREPARATION: Final = "preparation"
MASSAGE: Final = "massage"
FINISHING: Final = "finishing"
PHASES: Final = (PREPARATION, MASSAGE, FINISHING)
"""The phases of a session, in order: only massage steps are timed."""

WHOLE_SESSION_TIMED_VERSIONS: Final = frozenset({"1.0.0"})
"""Shipped protocol versions whose countdown also timed getting ready and finishing
(25 % of the chosen length): a session recorded under one of them holds
``massage_seconds`` that include that time."""

_GRID: Final = 1024
"""Step boundaries fall on multiples of 1/1024 s (under 1 ms), so they add up exactly."""


@dataclass(frozen=True)
class Step:
    """One step of the guided massage.

    Attributes:
        id: A stable identifier, e.g. ``"massage"``; recorded with session events.
        share: The fraction of the session's total time this step takes (0 < share ≤ 1).
        title: A short heading.
        instruction: What to do, in short sentences read aloud or at a glance.
        illustration: The SVG file name in the protocol's ``illustrations`` folder.
        phase: ``"preparation"``, ``"massage"`` or ``"finishing"``; only massage steps
            are timed (and have a share greater than 0; the others have 0).
    """

    id: str
    share: float
    title: LocalText
    instruction: LocalText
    illustration: str
    phase: str = MASSAGE

    @property
    def timed(self) -> bool:
        """Whether the step is part of the massage countdown."""
        return self.phase == MASSAGE


def times_whole_session(protocol_version: str | None) -> bool:
    """Whether a session recorded under ``protocol_version`` timed preparation too.

    Its ``massage_seconds`` then counts getting ready, finding the landmarks and
    finishing with the massage (about 75 % of it was massage along the spine).
    """
    return protocol_version in WHOLE_SESSION_TIMED_VERSIONS


@dataclass(frozen=True)
class MassageProtocol:
    """The massage protocol: its steps and the session lengths it allows.

    Constructing one checks its rules and raises ``ValueError`` if one is broken;
    :func:`load_protocol` turns that into a :class:`ResourceError` naming the file.

    Attributes:
        version: The protocol file's version, recorded with each session.
        name: The protocol's name.
        default_minutes: The session length offered first.
        min_minutes: The shortest session allowed.
        max_minutes: The longest session allowed.
        steps: The steps in order: preparation, massage, finishing; the massage steps'
            shares add up to 1.
        illustrations_dir: The folder holding the steps' illustrations.
        resume_within_minutes: How long after an interruption a massage may still be
            resumed from where it stopped (later it is closed as incomplete).
        planned_sessions: The sessions a mother is planned to have; the end assessment
            is due after the last of them.
    """

    version: str
    name: LocalText
    default_minutes: int
    min_minutes: int
    max_minutes: int
    steps: tuple[Step, ...]
    illustrations_dir: Path = field(default=resource_path("illustrations"), compare=False)
    resume_within_minutes: int = 30
    planned_sessions: int = 2

    def __post_init__(self) -> None:
        object.__setattr__(self, "steps", tuple(self.steps))
        for label in ("min_minutes", "default_minutes", "max_minutes"):
            value = getattr(self, label)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{label} must be a whole number of minutes ≥ 1, got {value!r}")
        if not self.min_minutes <= self.default_minutes <= self.max_minutes:
            raise ValueError(
                "minutes must satisfy min_minutes ≤ default_minutes ≤ max_minutes, got "
                f"{self.min_minutes} ≤ {self.default_minutes} ≤ {self.max_minutes}"
            )
        for label in ("resume_within_minutes", "planned_sessions"):
            value = getattr(self, label)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{label} must be a whole number ≥ 1, got {value!r}")
        if not self.steps:
            raise ValueError("the protocol has no steps")
        seen: set[str] = set()
        last_phase = 0
        for step in self.steps:
            if not step.id:
                raise ValueError("a step has an empty id")
            if step.id in seen:
                raise ValueError(f"step id {step.id!r} is used more than once")
            seen.add(step.id)
            if step.phase not in PHASES:
                raise ValueError(
                    f"step {step.id!r}: phase must be one of {', '.join(PHASES)}, "
                    f"got {step.phase!r}"
                )
            if PHASES.index(step.phase) < last_phase:
                raise ValueError(
                    f"step {step.id!r}: steps must run preparation, then massage, then finishing"
                )
            last_phase = PHASES.index(step.phase)
            if not step.timed:
                if step.share != 0:
                    raise ValueError(
                        f"step {step.id!r}: a {step.phase} step is not timed; give it no "
                        f"share, got {step.share!r}"
                    )
                continue
            if not (math.isfinite(step.share) and 0 < step.share <= 1):
                raise ValueError(
                    f"step {step.id!r}: share must be greater than 0 and at most 1, "
                    f"got {step.share!r}"
                )
        if not self.massage_steps:
            raise ValueError("the protocol has no massage step")
        total = math.fsum(step.share for step in self.massage_steps)
        if abs(total - 1) > SHARE_TOLERANCE:
            raise ValueError(
                f"the massage steps' shares must add up to 1, they add up to {total:.6g}"
            )

    @property
    def preparation_steps(self) -> tuple[Step, ...]:
        """The untimed steps before the countdown (getting ready, the landmarks)."""
        return tuple(step for step in self.steps if step.phase == PREPARATION)

    @property
    def massage_steps(self) -> tuple[Step, ...]:
        """The timed steps: the chosen length is shared among them."""
        return tuple(step for step in self.steps if step.timed)

    @property
    def finishing_steps(self) -> tuple[Step, ...]:
        """The untimed steps after the countdown."""
        return tuple(step for step in self.steps if step.phase == FINISHING)

    def allowed_minutes(self) -> tuple[int, ...]:
        """Return every session length allowed, in minutes, e.g. ``(3, 4, 5)``."""
        return tuple(range(self.min_minutes, self.max_minutes + 1))

    def check_minutes(self, minutes: object) -> None:
        """Check a session length chosen by the user.

        Args:
            minutes: The length in minutes.

        Raises:
            ValueError: If it is not a whole number (an ``int``) of minutes between
                :attr:`min_minutes` and :attr:`max_minutes`.
        """
        if isinstance(minutes, bool) or not isinstance(minutes, int):
            raise ValueError(f"session length must be a whole number of minutes, got {minutes!r}")
        if not self.min_minutes <= minutes <= self.max_minutes:
            raise ValueError(
                f"session length must be between {self.min_minutes} and {self.max_minutes} "
                f"minutes, got {minutes}"
            )

    def step_durations(self, total_seconds: float) -> tuple[float, ...]:
        """Share a session's massage time among the massage steps.

        Each duration is within 1 ms of ``share × total_seconds``, and the durations add
        up to exactly ``total_seconds`` in floating point, whatever the order of addition.

        Args:
            total_seconds: The session's total length in seconds (> 0).

        Returns:
            One duration in seconds per massage step, in step order.

        Raises:
            ValueError: If ``total_seconds`` is not a finite number greater than 0.
        """
        bounds = self.step_boundaries(total_seconds)
        return tuple(end - start for start, end in zip((0.0, *bounds[:-1]), bounds, strict=True))

    def step_boundaries(self, total_seconds: float) -> tuple[float, ...]:
        """Return when each massage step ends, counted from the start of the countdown.

        Args:
            total_seconds: The session's total length in seconds (> 0).

        Returns:
            The cumulative end time of each step in seconds; the last one is exactly
            ``total_seconds``. Equal to the running sums of :meth:`step_durations`.

        Raises:
            ValueError: If ``total_seconds`` is not a finite number greater than 0.
        """
        if (
            isinstance(total_seconds, bool)
            or not isinstance(total_seconds, int | float)
            or not math.isfinite(total_seconds)
            or total_seconds <= 0
        ):
            raise ValueError(
                f"total_seconds must be a finite number greater than 0, got {total_seconds!r}"
            )
        total = float(total_seconds)
        shares = [step.share for step in self.massage_steps]
        scale = math.fsum(shares)  # 1 within SHARE_TOLERANCE; dividing removes the rest
        # Inner boundaries are rounded to the grid, so differences between them are exact;
        # the last boundary is the total itself, and total − (a grid value ≤ total) is exact.
        ceiling = math.floor(total * _GRID) / _GRID
        bounds: list[float] = []
        previous = 0.0
        for index in range(len(shares) - 1):
            ideal = total * math.fsum(shares[: index + 1]) / scale
            bound = min(max(round(ideal * _GRID) / _GRID, previous), ceiling)
            bounds.append(bound)
            previous = bound
        bounds.append(total)
        return tuple(bounds)

    def illustration_path(self, step: Step) -> Path:
        """Return the path of a step's illustration (an SVG file)."""
        return self.illustrations_dir / step.illustration


def load_protocol(path: Path | None = None) -> MassageProtocol:
    """Load a massage protocol file.

    Args:
        path: A ``protocol.toml`` file; by default the one shipped with the app. Its
            illustrations are looked up in the ``illustrations`` folder next to it.

    Returns:
        The protocol.

    Raises:
        ResourceError: If the file is missing or malformed, an illustration is missing,
            or the protocol breaks a rule (shares not adding up to 1, duplicate ids,
            minutes out of order, a language missing).
    """
    if path is None:
        path = resource_path("protocol.toml")
    top = TomlTable(path, read_toml(path))
    illustrations_dir = path.parent / "illustrations"
    version = top.string("version")
    name = top.text("name")
    minutes = {key: top.integer(key) for key in ("default_minutes", "min_minutes", "max_minutes")}
    limits = {
        key: top.integer(key)
        for key in ("resume_within_minutes", "planned_sessions")
        if key in top.data
    }
    steps = []
    for table in top.tables("steps"):
        step_id = table.string("id")
        phase = table.string("phase") if "phase" in table.data else MASSAGE
        if phase not in PHASES:
            raise table.error(f"'phase' must be one of {', '.join(PHASES)}, got {phase!r}")
        if phase == MASSAGE:
            share = table.number("share")
            if share <= 0:
                raise table.error(f"'share' must be greater than 0, got {share!r}")
        elif "share" in table.data:
            raise table.error(f"a {phase} step is not timed: remove its 'share'")
        else:
            share = 0.0
        illustration = table.string("illustration")
        if PurePath(illustration).name != illustration or not illustration.endswith(".svg"):
            raise table.error(
                f"'illustration' must be an SVG file name without folders, got {illustration!r}"
            )
        if not (illustrations_dir / illustration).is_file():
            raise table.error(f"illustration {illustration!r} not found in {illustrations_dir}")
        steps.append(
            Step(
                id=step_id,
                share=share,
                title=table.text("title"),
                instruction=table.text("instruction"),
                illustration=illustration,
                phase=phase,
            )
        )
    check_unique_ids(path, [step.id for step in steps], "step")
    try:
        return MassageProtocol(
            version=version,
            name=name,
            steps=tuple(steps),
            illustrations_dir=illustrations_dir,
            **minutes,
            **limits,
        )
    except ValueError as error:
        raise ResourceError(path, str(error)) from error
