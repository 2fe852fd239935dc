"""Texts in the app's languages, and reading the TOML resource files that carry them.

Every text a person reads in a resource file (protocol steps, checklist items, screening
questions) is a table with one entry per language, for example::

    title = { id = "Persiapan", en = "Get ready" }

Longer texts may span several lines (one action per line); see :func:`normalize_text`.
The loaders in this package read those files with the helpers here, so that a malformed
file always raises :class:`ResourceError` naming the file and what is wrong with it.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

LANGUAGES: Final = ("id", "en")
"""Languages every resource text must carry: Indonesian (the study's) and English."""

_FALLBACK: Final = ("en", "id")


class ResourceError(ValueError):
    """A resource file is missing, is not valid TOML, or breaks a rule of its format.

    The message starts with the file's path, then says what is wrong in words a person
    editing the file can act on.

    Attributes:
        path: The file that could not be loaded.
        problem: What is wrong with it, without the path.
    """

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem

    def __reduce__(self) -> tuple[type[ResourceError], tuple[Path, str]]:
        return (type(self), (self.path, self.problem))


@dataclass(frozen=True)
class LocalText:
    """One text in every language of :data:`LANGUAGES`.

    Attributes:
        id: The Indonesian text.
        en: The English text.
    """

    id: str
    en: str

    def __post_init__(self) -> None:
        for lang in LANGUAGES:
            value = getattr(self, lang)
            if not isinstance(value, str) or not value.strip():
                raise ValueError(f"the {lang!r} text must be a non-empty string")

    def get(self, lang: str) -> str:
        """Return the text in a language, falling back to English, then Indonesian.

        Args:
            lang: A language code such as ``"id"`` or ``"en"``; a locale name such as
                ``"id_ID"`` or ``"en-GB"`` is reduced to its language.

        Returns:
            The text in that language, or in the first fallback language that has one.
        """
        code = lang.replace("-", "_").split("_", 1)[0].lower()
        for candidate in (code, *_FALLBACK):
            if candidate in LANGUAGES:
                text: str = getattr(self, candidate)
                return text
        raise AssertionError("unreachable: the fallback languages are in LANGUAGES")

    def as_dict(self) -> dict[str, str]:
        """Return the texts as a ``{language: text}`` dictionary, in :data:`LANGUAGES` order."""
        return {lang: getattr(self, lang) for lang in LANGUAGES}


def parse_local_text(value: object, *, path: Path, where: str) -> LocalText:
    """Build a :class:`LocalText` from a TOML table holding one text per language.

    Args:
        value: The parsed TOML value, expected to be a table like ``{id = "...", en = "..."}``.
        path: The file it came from, for the error message.
        where: Where in the file it is, for the error message (e.g. ``"[[steps]] #2: title"``).

    Returns:
        The text in both languages.

    Raises:
        ResourceError: If ``value`` is not a table, or a language is missing or empty.
    """
    wanted = " and ".join(repr(lang) for lang in LANGUAGES)
    if not isinstance(value, Mapping):
        raise ResourceError(path, f"{where} must be a table with {wanted} texts")
    for lang in LANGUAGES:
        text = value.get(lang)
        if text is None:
            raise ResourceError(path, f"{where} has no {lang!r} text")
        if not isinstance(text, str) or not text.strip():
            raise ResourceError(path, f"{where}: the {lang!r} text must be a non-empty string")
    return LocalText(**{lang: normalize_text(value[lang]) for lang in LANGUAGES})


def normalize_text(text: str) -> str:
    """Tidy a text from a file: one line per line, single spaces, no blank lines.

    Line breaks are kept, since an instruction puts one action on each line; runs of
    spaces within a line are made single and blank lines are dropped, so a TOML
    multi-line string can be indented and spaced freely.
    """
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def read_toml(path: Path) -> dict[str, object]:
    """Read a TOML file.

    Args:
        path: The file.

    Returns:
        The parsed document.

    Raises:
        ResourceError: If the file is missing, unreadable, not UTF-8 or not valid TOML.
    """
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except FileNotFoundError:
        raise ResourceError(path, "file not found") from None
    except tomllib.TOMLDecodeError as error:
        raise ResourceError(path, f"not valid TOML: {error}") from error
    except UnicodeDecodeError as error:
        raise ResourceError(path, "not UTF-8 text") from error
    except OSError as error:
        raise ResourceError(path, f"cannot be read: {error.strerror or error}") from error


class TomlTable:
    """Typed access to one table of a resource file, for the loaders in this package.

    Every getter raises :class:`ResourceError` naming the file, where the table is and
    the key, so each loader states its format once and gets useful messages for free.

    Args:
        path: The file the table came from.
        data: The parsed table.
        where: Where the table is in the file, e.g. ``"[[steps]] #3"``; empty for the top.
    """

    def __init__(self, path: Path, data: Mapping[str, object], where: str = "") -> None:
        self.path = path
        self.data = data
        self.where = where

    def name(self, key: str) -> str:
        """Return how to name ``key`` in a message, e.g. ``"[[steps]] #3: 'share'"``."""
        return f"{self.where}: {key!r}" if self.where else repr(key)

    def error(self, problem: str) -> ResourceError:
        """Return a :class:`ResourceError` for this table's file, prefixed with where it is."""
        return ResourceError(self.path, f"{self.where}: {problem}" if self.where else problem)

    def _get(self, key: str) -> object:
        if key not in self.data:
            raise ResourceError(self.path, f"{self.name(key)} is missing")
        return self.data[key]

    def string(self, key: str) -> str:
        """Return a required, non-empty string (surrounding whitespace removed)."""
        value = self._get(key)
        if not isinstance(value, str) or not value.strip():
            raise ResourceError(
                self.path, f"{self.name(key)} must be a non-empty string, got {value!r}"
            )
        return value.strip()

    def integer(self, key: str) -> int:
        """Return a required integer (``true``/``false`` are not integers)."""
        value = self._get(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise ResourceError(self.path, f"{self.name(key)} must be an integer, got {value!r}")
        return value

    def number(self, key: str) -> float:
        """Return a required finite number, integer or decimal."""
        value = self._get(key)
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise ResourceError(self.path, f"{self.name(key)} must be a number, got {value!r}")
        return float(value)

    def text(self, key: str) -> LocalText:
        """Return a required text in every language of :data:`LANGUAGES`."""
        return parse_local_text(self._get(key), path=self.path, where=self.name(key))

    def tables(self, key: str) -> list[TomlTable]:
        """Return a required, non-empty array of tables (``[[key]]`` in the file)."""
        value = self._get(key)
        if not isinstance(value, list) or not value:
            raise ResourceError(
                self.path, f"{self.name(key)} must be a non-empty list of [[{key}]] tables"
            )
        tables = []
        for number, item in enumerate(value, start=1):
            where = f"[[{key}]] #{number}"
            if self.where:
                where = f"{self.where}: {where}"
            if not isinstance(item, Mapping):
                raise ResourceError(self.path, f"{where} must be a table, got {item!r}")
            tables.append(TomlTable(self.path, item, where))
        return tables


def check_unique_ids(path: Path, ids: list[str], what: str) -> None:
    """Raise :class:`ResourceError` if an id appears twice.

    Args:
        path: The file, for the error message.
        ids: The ids in file order.
        what: What they identify, for the message (e.g. ``"step"``).
    """
    seen: set[str] = set()
    for ident in ids:
        if ident in seen:
            raise ResourceError(path, f"{what} id {ident!r} is used more than once")
        seen.add(ident)
