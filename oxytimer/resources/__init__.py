"""Data files: the massage protocol, the scoring instrument, screening criteria, sites,
illustrations and translations. Sites replace these files to use their own versions."""

from pathlib import Path

RESOURCES = Path(__file__).resolve().parent


def resource_path(*parts: str) -> Path:
    """Return the path of a file shipped in the resources folder."""
    return RESOURCES.joinpath(*parts)
