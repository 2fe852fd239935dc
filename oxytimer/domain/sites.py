"""The sites (community health centres, *puskesmas*) where sessions are recorded.

The list lives in ``oxytimer/resources/sites.toml``; the shipped file names the eleven
puskesmas of Mataram city from the study, as an example a site edits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
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
