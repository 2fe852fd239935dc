"""Study codes that two laptops can never both suggest: site code, laptop tag, number.

A study code reads ``MTR-A007``: the site's code, a dash, the laptop's tag (one or two
capital letters, set once per database) and a number of at least three digits. Two
laptops that enrol at the same site offline suggest different codes because their tags
differ; with a three-letter site code a code has 8 or 9 characters (one more from the
thousandth mother of a laptop at a site), short enough for a paper form.

Codes typed by hand in any other form (older ``MTR-031`` or demo ``MTR-00001`` codes)
stay valid: nothing here renumbers a code, the suggestion only skips what is used.

Sites get an id derived from their code (:func:`site_uuid`), as mothers imported from
paper get one from site and study code (``storage/importer.py``): the same record made
on two laptops is one record, and merging them meets no conflict.
"""

from __future__ import annotations

import re
import string
import uuid
from collections.abc import Iterable
from typing import Final

from oxytimer.domain.records import InputError

TAG_PATTERN: Final = re.compile(r"^[A-Z]{1,2}$")
"""A laptop tag: one or two capital letters (no digits: read aloud next to the number)."""

NUMBER_WIDTH: Final = 3
"""Digits of a suggested number, zero-padded (more when it grows past 999)."""

SITE_NAMESPACE: Final = uuid.UUID("0b8b5a37-6a55-4c56-9a0e-6f0d2b1c7e11")
"""The uuid5 namespace of site ids (:func:`site_uuid`)."""


def clean_tag(tag: str) -> str:
    """A laptop tag, trimmed and in capitals, or :class:`InputError` (``laptop_tag``)."""
    cleaned = (tag or "").strip().upper()
    if not cleaned:
        raise InputError("laptop_tag", "required")
    if not TAG_PATTERN.match(cleaned):
        raise InputError("laptop_tag", "invalid_tag")
    return cleaned


def code_stem(site_code: str, tag: str) -> str:
    """What every code a laptop suggests at a site starts with: ``"MTR-A"``."""
    return f"{site_code.strip().upper()}-{tag}"


def format_study_code(site_code: str, tag: str, number: int) -> str:
    """The study code of a laptop's ``number``-th mother at a site.

    Example:
        >>> format_study_code("MTR", "A", 7)
        'MTR-A007'
    """
    return f"{code_stem(site_code, tag)}{number:0{NUMBER_WIDTH}d}"


def code_number(code: str, site_code: str, tag: str) -> int | None:
    """The number of a code in this laptop's format at the site, else None."""
    stem = code_stem(site_code, tag)
    rest = code.strip().upper()[len(stem) :] if code.strip().upper().startswith(stem) else ""
    return int(rest) if rest.isdigit() else None


def next_study_code(existing: Iterable[str], site_code: str, tag: str) -> str:
    """The laptop's next free code at a site: one more than its highest used.

    Example:
        >>> next_study_code(["MTR-A001", "MTR-B009", "MTR-031"], "MTR", "A")
        'MTR-A002'
    """
    used = {c.strip().upper() for c in existing}
    numbers = [n for n in (code_number(c, site_code, tag) for c in used) if n is not None]
    number = max(numbers, default=0) + 1
    while format_study_code(site_code, tag, number) in used:  # pragma: no cover
        number += 1
    return format_study_code(site_code, tag, number)


def demo_tag(seed: int) -> str:
    """The laptop tag of ``demo --seed SEED``: two letters, a different one per seed.

    Seeds 1, 2, ... give ``DA``, ``DB``, ... ``DZ``, then ``EA`` ... (676 seeds apart
    before one repeats), so two demo databases stand for two laptops.
    """
    letters = string.ascii_uppercase
    index = (seed - 1 + 3 * 26) % (26 * 26)  # "D" first: demo
    return letters[index // 26] + letters[index % 26]


def site_uuid(site_code: str) -> str:
    """The id every laptop gives the site with this code (they all create the sites
    themselves), so that merged copies hold the same rows in either order."""
    return str(uuid.uuid5(SITE_NAMESPACE, site_code.strip().upper()))
