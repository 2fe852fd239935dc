"""The sites (community health centres, *puskesmas*) where sessions are recorded.

The list lives in ``oxytimer/resources/sites.toml``; the shipped file names the eleven
puskesmas of Mataram city from the study, as an example a site edits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta, timezone, tzinfo
from pathlib import Path
from typing import Final

from oxytimer.domain.texts import ResourceError, TomlTable, read_toml
from oxytimer.resources import resource_path

CODE_PATTERN: Final = re.compile(r"[A-Z][A-Z0-9]{1,7}")
"""A site code: 2 to 8 capital letters or digits, starting with a letter."""


@dataclass(frozen=True)
class Site:
    """A site.

    Attributes:
        code: A short uppercase code recorded with each mother, e.g. ``"AMP"``.
        name: The site's name as people know it, e.g. ``"Puskesmas Ampenan"``.
    """

    code: str
    name: str


def load_sites(path: Path | None = None) -> tuple[Site, ...]:
    """Load a sites file.

    Args:
        path: A ``sites.toml`` file; by default the one shipped with the app.

    Returns:
        The sites in file order.

    Raises:
        ResourceError: If the file is missing or malformed, a code is not 2–8 capital
            letters or digits, or a code or name is used twice.
    """
    if path is None:
        path = resource_path("sites.toml")
    top = TomlTable(path, read_toml(path))
    sites: list[Site] = []
    codes: set[str] = set()
    names: set[str] = set()
    for table in top.tables("sites"):
        code = table.string("code")
        name = table.string("name")
        if not CODE_PATTERN.fullmatch(code):
            raise table.error(
                f"'code' must be 2 to 8 capital letters or digits starting with a letter, "
                f"got {code!r}"
            )
        if code in codes:
            raise ResourceError(path, f"site code {code!r} is used more than once")
        if name.casefold() in names:
            raise ResourceError(path, f"site name {name!r} is used more than once")
        codes.add(code)
        names.add(name.casefold())
        sites.append(Site(code=code, name=name))
    return tuple(sites)


DEFAULT_TIME_ZONE: Final = "+08:00"
"""WITA (Asia/Makassar), the time of the study's sites in Mataram; no daylight saving."""

_OFFSET = re.compile(r"^([+-])(\d{2}):(\d{2})$")


def parse_time_zone(text: str) -> tzinfo:
    """A time zone from a UTC offset (``"+08:00"``) or a zone name (``"Asia/Makassar"``).

    Raises:
        ValueError: Neither a valid offset nor a zone this computer knows.
    """
    text = text.strip()
    match = _OFFSET.match(text)
    if match:
        sign, hours, minutes = match.groups()
        delta = timedelta(hours=int(hours), minutes=int(minutes))
        if delta > timedelta(hours=14) or int(minutes) >= 60:
            raise ValueError(f"not a UTC offset: {text!r}")
        return timezone(-delta if sign == "-" else delta)
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo(text)
    except (ValueError, OSError, LookupError) as error:
        raise ValueError(f"unknown time zone: {text!r}") from error


def load_time_zone(path: Path | None = None) -> tzinfo:
    """The sites' local time zone: ``time_zone`` in the sites file (default
    :data:`DEFAULT_TIME_ZONE`). Paper forms are written in it; imports read their dates and
    times in it, whatever the computer's own time zone.

    Raises:
        ResourceError: The file's ``time_zone`` is not an offset or a known zone.
    """
    if path is None:
        path = resource_path("sites.toml")
    value = read_toml(path).get("time_zone", DEFAULT_TIME_ZONE)
    if not isinstance(value, str):
        raise ResourceError(path, "'time_zone' must be a string such as \"+08:00\"")
    try:
        return parse_time_zone(value)
    except ValueError as error:
        raise ResourceError(path, str(error)) from error
