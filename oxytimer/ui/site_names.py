"""Puskesmas by name on screen: tables show the name, the code in the tooltip."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from oxytimer.storage.repository import Repository

_PREFIX = "puskesmas "


def short_name(name: str) -> str:
    """The name without a leading "Puskesmas" (the column's heading says it)."""
    stripped = name.strip()
    if stripped.lower().startswith(_PREFIX) and len(stripped) > len(_PREFIX):
        return stripped[len(_PREFIX) :].strip()
    return stripped


class SiteNames:
    """The names of the puskesmas by code, read again by :meth:`reload` (a few rows)."""

    def __init__(self, repo: Repository) -> None:
        self.repo = repo
        self._names: dict[str, str] | None = None

    def reload(self) -> None:
        self._names = None

    def _all(self) -> dict[str, str]:
        if self._names is None:
            self._names = {site["code"]: site["name"] for site in self.repo.sites()}
        return self._names

    def name(self, code: str) -> str:
        """The short name for a table's cell ("Ampenan"); the code if it has none."""
        name = self._all().get(code, "")
        return short_name(name) or code

    def full(self, code: str) -> str:
        """The whole name and the code, for a tooltip: "Puskesmas Ampenan (AMP)"."""
        name = self._all().get(code, "")
        return f"{name} ({code})" if name else code
