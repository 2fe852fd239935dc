"""The milk-expression scoring instrument: yes/no items, their total and its category.

The instrument lives in ``oxytimer/resources/instrument.toml``. The shipped file is a
default checklist consistent with the study's score ranges, not a validated instrument;
a site replaces the file with its own.

Each item declares when it can be observed (``time_frame``): ``"session"`` for what is
seen at this feed or during a session (milk drips when the areola is pressed, the let-down
feeling), ``"day"`` for what is seen over the last 24 hours (wet nappies, the baby settling
after feeds). The full checklist is the study's outcome, taken as a baseline assessment
before a mother's first massage and an end assessment after her last planned session;
around each session only the session items are asked (:meth:`Instrument.session_check`),
a secondary outcome.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from oxytimer.domain.texts import (
    LocalText,
    ResourceError,
    TomlTable,
    check_unique_ids,
    read_toml,
)
from oxytimer.resources import resource_path

SESSION = "session"
DAY = "day"
TIME_FRAMES = (SESSION, DAY)
"""When an item can be observed: at this feed / during the session, or over 24 hours."""


@dataclass(frozen=True)
class Item:
    """One yes/no item; a "yes" adds one point to the total.

    Attributes:
        id: A stable identifier, recorded with each answer.
        text: The question or observation, phrased so that "yes" means milk is flowing.
        time_frame: ``"session"`` (can change within a session) or ``"day"`` (over the
            last 24 hours: never asked around a session).
    """

    id: str
    text: LocalText
    time_frame: str = DAY


@dataclass(frozen=True)
class Category:
    """A named band of totals, e.g. "Kurang" for 0–2.

    Attributes:
        id: A stable identifier, recorded with each score (e.g. ``"kurang"``).
        label: The name shown to people.
        min_total: The lowest total in the band.
        max_total: The highest total in the band (inclusive).
    """

    id: str
    label: LocalText
    min_total: int
    max_total: int

    def contains(self, total: int) -> bool:
        """Return whether ``total`` falls in this band."""
        return self.min_total <= total <= self.max_total


@dataclass(frozen=True)
class Score:
    """A scored checklist.

    Attributes:
        answers: The answer to every item, by item id, in the instrument's item order.
        total: The number of "yes" answers.
        category: The id of the category the total falls in.
    """

    answers: Mapping[str, bool] = field(hash=False)
    total: int
    category: str


@dataclass(frozen=True)
class Instrument:
    """A checklist of yes/no items whose total falls in one of a few categories.

    Constructing one checks that ids are unique and that the categories cover every
    total from :attr:`min_total` to :attr:`max_total` in order, without gaps or overlaps;
    it raises ``ValueError`` otherwise.

    Attributes:
        version: The instrument file's version, recorded with each score.
        name: The instrument's name.
        items: The items in order.
        categories: The categories from the lowest totals to the highest; none for a
            session check (:meth:`session_check`), whose total has no bands.
        check: True for a session check (a part of the checklist; no categories).
    """

    version: str
    name: LocalText
    items: tuple[Item, ...]
    categories: tuple[Category, ...]
    check: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "items", tuple(self.items))
        object.__setattr__(self, "categories", tuple(self.categories))
        if not self.items:
            raise ValueError("the instrument has no items")
        for item in self.items:
            if item.time_frame not in TIME_FRAMES:
                raise ValueError(
                    f"item {item.id!r}: time_frame must be one of {', '.join(TIME_FRAMES)},"
                    f" got {item.time_frame!r}"
                )
        if self.check:
            if self.categories:
                raise ValueError("a session check has no categories")
            return
        if not self.categories:
            raise ValueError("the instrument has no categories")
        for what, ids in (
            ("item", [item.id for item in self.items]),
            ("category", [category.id for category in self.categories]),
        ):
            if len(set(ids)) != len(ids):
                duplicate = next(ident for ident in ids if ids.count(ident) > 1)
                raise ValueError(f"{what} id {duplicate!r} is used more than once")
        expected = self.min_total
        for category in self.categories:
            if category.min_total > category.max_total:
                raise ValueError(
                    f"category {category.id!r}: min_total {category.min_total} is greater "
                    f"than max_total {category.max_total}"
                )
            if category.min_total > expected:
                last_missing = category.min_total - 1
                missing = (
                    f"{expected}" if last_missing == expected else f"{expected}–{last_missing}"
                )
                raise ValueError(f"categories leave a gap: no category holds total {missing}")
            if category.min_total < expected:
                if expected == self.min_total:
                    raise ValueError(
                        f"the first category must start at {self.min_total}, "
                        f"got {category.min_total}"
                    )
                raise ValueError(
                    f"category {category.id!r} starts at {category.min_total}, overlapping the "
                    f"category before it (which ends at {expected - 1}); categories must run "
                    "from the lowest totals to the highest without overlaps"
                )
            expected = category.max_total + 1
        if expected - 1 != self.max_total:
            raise ValueError(
                f"the last category ends at {expected - 1}, but with {len(self.items)} items "
                f"the total runs from {self.min_total} to {self.max_total}"
            )

    def session_check(self) -> Instrument:
        """The items that can change within a session: the short check before and after it.

        Raises:
            ValueError: If no item has the ``"session"`` time frame.
        """
        items = tuple(item for item in self.items if item.time_frame == SESSION)
        if not items:
            raise ValueError('no item has time_frame = "session"')
        return Instrument(self.version, self.name, items, (), check=True)

    @property
    def min_total(self) -> int:
        """The lowest possible total: 0."""
        return 0

    @property
    def max_total(self) -> int:
        """The highest possible total: the number of items."""
        return len(self.items)

    def check_total(self, total: object) -> None:
        """Check a total, e.g. one typed in from a paper form.

        Raises:
            ValueError: If ``total`` is not an ``int`` from :attr:`min_total` to
                :attr:`max_total`.
        """
        if isinstance(total, bool) or not isinstance(total, int):
            raise ValueError(f"a total must be a whole number, got {total!r}")
        if not self.min_total <= total <= self.max_total:
            raise ValueError(
                f"a total must be between {self.min_total} and {self.max_total}, got {total}"
            )

    def category_for(self, total: int) -> Category:
        """Return the category a total falls in.

        Raises:
            ValueError: If the total is not a whole number in range (see :meth:`check_total`).
        """
        self.check_total(total)
        return next(category for category in self.categories if category.contains(total))

    def category_by_id(self, category_id: str) -> Category:
        """Return the category with this id, e.g. to label a stored score.

        Raises:
            KeyError: If no category has this id.
        """
        for category in self.categories:
            if category.id == category_id:
                return category
        raise KeyError(category_id)

    def score(self, answers: Mapping[str, bool]) -> Score:
        """Score a completed checklist.

        Args:
            answers: ``True`` (yes) or ``False`` (no) for every item, by item id.

        Returns:
            The answers in item order, their total and its category.

        Raises:
            ValueError: If an item is unanswered, an answer names no item, or an answer
                is not a ``bool``; the message names the items concerned.
        """
        ids = [item.id for item in self.items]
        missing = [ident for ident in ids if ident not in answers]
        unknown = sorted(str(key) for key in answers if key not in ids)
        problems = []
        if missing:
            problems.append(f"unanswered items: {', '.join(missing)}")
        if unknown:
            problems.append(f"answers for unknown items: {', '.join(unknown)}")
        not_bool = [ident for ident in ids if ident in answers and type(answers[ident]) is not bool]
        if not_bool:
            problems.append(f"answers that are not yes/no (True/False): {', '.join(not_bool)}")
        if problems:
            raise ValueError("; ".join(problems))
        ordered = {ident: answers[ident] for ident in ids}
        total = sum(ordered.values())
        return Score(
            answers=MappingProxyType(ordered),
            total=total,
            category="" if self.check else self.category_for(total).id,
        )


def load_instrument(path: Path | None = None) -> Instrument:
    """Load a scoring instrument file.

    Args:
        path: An ``instrument.toml`` file; by default the one shipped with the app.

    Returns:
        The instrument.

    Raises:
        ResourceError: If the file is missing or malformed, a language is missing, ids
            repeat, or the categories do not cover every possible total exactly once.
    """
    if path is None:
        path = resource_path("instrument.toml")
    top = TomlTable(path, read_toml(path))
    version = top.string("version")
    name = top.text("name")
    items = []
    for table in top.tables("items"):
        frame = table.string("time_frame")
        if frame not in TIME_FRAMES:
            raise table.error(
                f"'time_frame' must be \"session\" (can change within a session) or"
                f' "day" (over the last 24 hours), got {frame!r}'
            )
        items.append(Item(id=table.string("id"), text=table.text("text"), time_frame=frame))
    check_unique_ids(path, [item.id for item in items], "item")
    categories = tuple(
        Category(
            id=table.string("id"),
            label=table.text("label"),
            min_total=table.integer("min_total"),
            max_total=table.integer("max_total"),
        )
        for table in top.tables("categories")
    )
    check_unique_ids(path, [category.id for category in categories], "category")
    try:
        instrument = Instrument(
            version=version, name=name, items=tuple(items), categories=categories
        )
        instrument.session_check()
        return instrument
    except ValueError as error:
        raise ResourceError(path, str(error)) from error
