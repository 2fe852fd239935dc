"""Reading before/after score pairs from a CSV file.

The file has a header row naming the columns ``participant``, ``pre`` and ``post`` (in any
order and letter case; other columns are ignored) and one row per participant::

    participant,pre,post
    R001,1,4
    R002,0,

Accepted variants, because spreadsheets in Indonesia and elsewhere write them:

* UTF-8 with or without a byte-order mark;
* ``,`` or ``;`` as the separator (decided from the header row);
* with ``;`` as the separator, a decimal comma (``2,5``) as well as a decimal point;
* an empty score cell or ``NA`` (any case) means the score is missing;
* blank lines are skipped.

A score is a plain decimal number of at most 15 significant digits and 15 decimals, below
10^12 in size (no exponent such as ``1e300``): what a double holds exactly, so that the
differences can be computed in the scores' own decimals
(:mod:`oxytimer.domain.differences`). Tab-separated files are refused with that hint; a
quoted cell must close on its own line, and an unclosed quote is reported there.

Every problem in the file is collected and reported at once in :class:`PairsFileError`,
each on one line with its line number, column and what is wrong (a cell or line quoted
in a message is cut to 60 characters; at most 20 problems are listed, the rest counted),
so a person can fix the file in one pass.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

__all__ = ["PairsFileError", "PairsFileIssue", "PairsTable", "read_pairs_csv"]

REQUIRED_COLUMNS: Final = ("participant", "pre", "post")
MISSING_MARKERS: Final = frozenset({"", "na"})
_NUMBER: Final = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")


@dataclass(frozen=True)
class PairsTable:
    """Scores read from a pairs file, in file order.

    Attributes:
        participants: Participant identifiers, unique, as written (surrounding blanks
            removed).
        pre: Score before for each participant, or None when missing.
        post: Score after for each participant, or None when missing.
    """

    participants: tuple[str, ...]
    pre: tuple[float | None, ...]
    post: tuple[float | None, ...]

    def __len__(self) -> int:
        return len(self.participants)


@dataclass(frozen=True)
class PairsFileIssue:
    """One problem found in a pairs file.

    Attributes:
        line: 1-based line number in the file (the header is line 1).
        column: The column concerned (``"participant"``, ``"pre"``, ``"post"``), or None
            when the problem concerns the whole line or file.
        value: The offending text, or None.
        reason: What is wrong, in plain English.
    """

    line: int
    column: str | None
    value: str | None
    reason: str

    def __str__(self) -> str:
        where = f"line {self.line}"
        if self.column is not None:
            where += f", column {self.column!r}"
        if self.value is not None:
            return f"{where}: {self.value!r}: {self.reason}"
        return f"{where}: {self.reason}"


class PairsFileError(ValueError):
    """A pairs file cannot be read; the message lists every problem with its line number.

    Attributes:
        path: The file.
        issues: Every problem found, in line order.
    """

    def __init__(self, path: str | os.PathLike[str], issues: list[PairsFileIssue]) -> None:
        self.path = os.fspath(path)
        self.issues = tuple(issues)
        count = len(self.issues)
        if count == 1:  # one problem, one line
            super().__init__(f"{self.path}: {self.issues[0]}")
            return
        lines = "\n".join(f"  {issue}" for issue in self.issues[:MAX_LISTED])
        if count > MAX_LISTED:
            lines += f"\n  ... and {count - MAX_LISTED:,} more"
        super().__init__(f"{self.path}: {count:,} problems found:\n{lines}")

    def __reduce__(
        self,
    ) -> tuple[type[PairsFileError], tuple[str, list[PairsFileIssue]]]:
        return (type(self), (self.path, list(self.issues)))


MAX_SHOWN: Final = 60
"""A cell or line quoted in a message is cut to this many characters."""

MAX_LISTED: Final = 20
"""At most this many problems are listed; the rest are counted."""

MAX_SIGNIFICANT: Final = 15
"""A score has at most this many significant digits (what a double holds exactly)."""

MAX_SCORE: Final = 1e12
"""A score's magnitude must stay below this (no instrument total comes near it)."""


def _shown(text: str) -> str:
    """``text`` cut to :data:`MAX_SHOWN` characters, saying how long it was."""
    if len(text) <= MAX_SHOWN:
        return text
    return f"{text[:MAX_SHOWN]}… ({len(text):,} characters)"


def read_pairs_csv(path: str | os.PathLike[str]) -> PairsTable:
    """Read participant/pre/post scores from a CSV file.

    Each line is one row: a quoted cell cannot span lines, so an unclosed quote is
    reported on the line where it opens.

    Args:
        path: The CSV file (see the module documentation for the format).

    Returns:
        The pairs, in file order; missing scores are None.

    Raises:
        PairsFileError: If the file is not UTF-8, is empty, is tab-separated, has no
            data rows, lacks a required column, or has rows with a bad score (not a
            plain decimal number, more than 15 significant digits, too large), an
            unclosed quote, a missing or duplicate participant, or the wrong number of
            cells. All problems are listed, each with its line and column.
        OSError: If the file cannot be opened.
    """
    with open(path, "rb") as handle:
        raw = handle.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        bad_line = raw.count(b"\n", 0, error.start) + 1
        raise PairsFileError(
            path, [PairsFileIssue(bad_line, None, None, "the file is not UTF-8 text")]
        ) from None

    lines = _LINE_BREAK.split(text)
    header_index = next((i for i, line in enumerate(lines) if line.strip()), None)
    if header_index is None:
        raise PairsFileError(path, [PairsFileIssue(1, None, None, "the file is empty")])
    header_line = lines[header_index]
    if "\t" in header_line and "," not in header_line and ";" not in header_line:
        raise PairsFileError(
            path,
            [
                PairsFileIssue(
                    header_index + 1,
                    None,
                    None,
                    "the columns are separated by tabs; save the file as CSV, with ',' or"
                    " ';' between the cells",
                )
            ],
        )
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    header = _cells(header_line, delimiter)
    if header is None:
        raise PairsFileError(path, [_quote_issue(header_index + 1, header_line, delimiter, None)])
    header = [cell.strip().lower() for cell in header]
    header_line_number = header_index + 1
    issues: list[PairsFileIssue] = []
    columns: dict[str, int] = {}
    for name in REQUIRED_COLUMNS:
        found = [i for i, cell in enumerate(header) if cell == name]
        if not found:
            issues.append(
                PairsFileIssue(
                    header_line_number, name, None, "required column is missing from the header"
                )
            )
        elif len(found) > 1:
            issues.append(
                PairsFileIssue(header_line_number, name, None, "column appears more than once")
            )
        else:
            columns[name] = found[0]
    if issues:
        raise PairsFileError(path, issues)

    participants: list[str] = []
    pre: list[float | None] = []
    post: list[float | None] = []
    first_seen: dict[str, int] = {}
    parsed: dict[str, float | ValueError | None] = {}  # scores repeat: parse each text once
    body = lines[header_index + 1 :]
    if '"' in text:  # quoted cells: line by line, so a broken quote stays on its line
        rows: Iterable[list[str] | None] = (_cells(line, delimiter) for line in body)
    else:
        rows = (line.split(delimiter) for line in body)
    for index, row in enumerate(rows, start=header_index + 1):
        line_number = index + 1
        if row is None:
            issues.append(_quote_issue(line_number, lines[index], delimiter, header))
            continue
        line = lines[index]
        maybe_blank = len(row) != len(header) or not row[columns["participant"]].strip()
        if maybe_blank and not any(cell.strip() for cell in row):  # only separators
            continue
        if len(row) != len(header):
            reason = f"expected {len(header)} cells, found {len(row):,}"
            if len(row) > len(header) and delimiter == ",":
                reason += " (a decimal comma needs ';' as the separator)"
            if "\t" in line:
                reason += " (tabs are not separators: use ',' or ';')"
            issues.append(PairsFileIssue(line_number, None, _shown(line), reason))
            continue

        participant = row[columns["participant"]].strip()
        row_ok = True
        if not participant:
            issues.append(
                PairsFileIssue(line_number, "participant", None, "participant is missing")
            )
            row_ok = False
        elif participant in first_seen:
            issues.append(
                PairsFileIssue(
                    line_number,
                    "participant",
                    _shown(participant),
                    f"duplicate participant (already on line {first_seen[participant]})",
                )
            )
            row_ok = False
        else:
            first_seen[participant] = line_number

        scores: list[float | None] = []
        for name in ("pre", "post"):
            cell = row[columns[name]]
            score = parsed.get(cell, _UNSEEN)
            if score is _UNSEEN:
                try:
                    score = _parse_score(cell, delimiter)
                except ValueError as error:
                    score = error
                if len(parsed) < 10_000:
                    parsed[cell] = score
            if isinstance(score, ValueError):
                issues.append(PairsFileIssue(line_number, name, _shown(cell), str(score)))
                row_ok = False
            else:
                scores.append(score)
        if row_ok:
            participants.append(participant)
            pre.append(scores[0])
            post.append(scores[1])

    if not issues and not participants:
        issues.append(
            PairsFileIssue(header_line_number, None, None, "no data rows after the header")
        )
    if issues:
        raise PairsFileError(path, issues)
    return PairsTable(tuple(participants), tuple(pre), tuple(post))


_LINE_BREAK: Final = re.compile(r"\r\n|\r|\n")
_UNSEEN: Final = ValueError("not parsed yet")


def _cells(line: str, delimiter: str) -> list[str] | None:
    """The cells of one line, or None when a quote is not closed on it."""
    try:
        return next(csv.reader([line], delimiter=delimiter, strict=True), [])
    except csv.Error:
        return None


def _quote_issue(
    line_number: int, line: str, delimiter: str, header: list[str] | None
) -> PairsFileIssue:
    """Where a quote goes wrong on a line: the cell it is in, named if possible."""
    column: str | None = None
    cell = _quoted_cell_index(line, delimiter)
    if header is not None and cell is not None and cell < len(header):
        column = header[cell] or None
    where = f"cell {cell + 1}: " if cell is not None and column is None else ""
    return PairsFileIssue(
        line_number,
        column,
        None,
        f'{where}a quote (") is not closed, or text follows a closing quote; a quoted cell'
        " must end with a quote on the same line",
    )


def _quoted_cell_index(line: str, delimiter: str) -> int | None:
    """0-based index of the cell where quoting breaks, scanning as csv does."""
    cell, in_quotes, start_of_cell, opened_at = 0, False, True, None
    i = 0
    while i < len(line):
        char = line[i]
        if in_quotes:
            if char == '"':
                if i + 1 < len(line) and line[i + 1] == '"':
                    i += 1
                else:
                    in_quotes = False
                    if i + 1 < len(line) and line[i + 1] != delimiter:
                        return cell  # text after the closing quote
        elif char == '"' and start_of_cell:
            in_quotes, opened_at = True, cell
        elif char == delimiter:
            cell += 1
            start_of_cell = True
            i += 1
            continue
        start_of_cell = False
        i += 1
    return opened_at if in_quotes else None


def _parse_score(cell: str, delimiter: str) -> float | None:
    """Parse one score cell: a plain decimal number, or empty/NA for missing."""
    text = cell.strip()
    if text.lower() in MISSING_MARKERS:
        return None
    if delimiter == ";" and text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    if not _NUMBER.fullmatch(text):
        if "," in text and delimiter == ",":
            raise ValueError("not a number (a decimal comma needs ';' as the separator)")
        if _EXPONENT.fullmatch(text):
            raise ValueError(
                "not a number as written here: exponents (such as 1e3) are not accepted"
            )
        if '"' in text:
            raise ValueError("not a number (a stray quote?)")
        raise ValueError("not a number")
    exact = Decimal(text).normalize()  # 5.10 → 5.1, 1000 → 1E+3
    if len(exact.as_tuple().digits) > MAX_SIGNIFICANT:
        raise ValueError(f"more than {MAX_SIGNIFICANT} significant digits")
    if -int(exact.as_tuple().exponent) > MAX_SIGNIFICANT:
        raise ValueError(f"more than {MAX_SIGNIFICANT} decimals")
    value = float(text)
    if abs(value) >= MAX_SCORE:
        raise ValueError("too large for a score")
    return value


_EXPONENT: Final = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)[eE][+-]?\d+")
