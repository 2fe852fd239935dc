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

Every problem in the file is collected and reported at once in :class:`PairsFileError`,
each with its line number, so a person can fix the file in one pass.
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass
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
        lines = "\n".join(f"  {issue}" for issue in self.issues)
        count = len(self.issues)
        super().__init__(f"{self.path}: {count} problem{'s' if count != 1 else ''} found:\n{lines}")

    def __reduce__(
        self,
    ) -> tuple[type[PairsFileError], tuple[str, list[PairsFileIssue]]]:
        return (type(self), (self.path, list(self.issues)))


def read_pairs_csv(path: str | os.PathLike[str]) -> PairsTable:
    """Read participant/pre/post scores from a CSV file.

    Args:
        path: The CSV file (see the module documentation for the format).

    Returns:
        The pairs, in file order; missing scores are None.

    Raises:
        PairsFileError: If the file is not UTF-8, is empty, has no data rows, lacks a
            required column, or has rows with a bad score, a missing or duplicate
            participant, or the wrong number of cells. All problems are listed.
        OSError: If the file cannot be opened.
    """
    with open(path, "rb") as handle:
        raw = handle.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise PairsFileError(
            path, [PairsFileIssue(line, None, None, "the file is not UTF-8 text")]
        ) from None

    lines = text.splitlines()
    header_index = next((i for i, line in enumerate(lines) if line.strip()), None)
    if header_index is None:
        raise PairsFileError(path, [PairsFileIssue(1, None, None, "the file is empty")])
    header_line = lines[header_index]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","

    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    issues: list[PairsFileIssue] = []
    header: list[str] | None = None
    header_line_number = 0
    columns: dict[str, int] = {}
    participants: list[str] = []
    pre: list[float | None] = []
    post: list[float | None] = []
    first_seen: dict[str, int] = {}

    rows = iter(reader)
    while True:
        try:
            row = next(rows)
        except StopIteration:
            break
        except csv.Error as error:  # e.g. a NUL byte or an unclosed quote
            issues.append(PairsFileIssue(reader.line_num, None, None, f"unreadable line ({error})"))
            break
        line_number = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if header is None:
            header = [cell.strip().lower() for cell in row]
            header_line_number = line_number
            for name in REQUIRED_COLUMNS:
                found = [i for i, cell in enumerate(header) if cell == name]
                if not found:
                    issues.append(
                        PairsFileIssue(
                            line_number, name, None, "required column is missing from the header"
                        )
                    )
                elif len(found) > 1:
                    issues.append(
                        PairsFileIssue(line_number, name, None, "column appears more than once")
                    )
                else:
                    columns[name] = found[0]
            if issues:
                raise PairsFileError(path, issues)
            continue

        if len(row) != len(header):
            reason = f"expected {len(header)} cells, found {len(row)}"
            if len(row) > len(header) and delimiter == ",":
                reason += " (a decimal comma needs ';' as the separator)"
            issues.append(PairsFileIssue(line_number, None, delimiter.join(row), reason))
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
                    participant,
                    f"duplicate participant (already on line {first_seen[participant]})",
                )
            )
            row_ok = False
        else:
            first_seen[participant] = line_number

        scores: list[float | None] = []
        for name in ("pre", "post"):
            cell = row[columns[name]]
            try:
                scores.append(_parse_score(cell, delimiter))
            except ValueError as error:
                issues.append(PairsFileIssue(line_number, name, cell, str(error)))
                row_ok = False
        if row_ok:
            participants.append(participant)
            pre.append(scores[0])
            post.append(scores[1])

    if header is None:  # pragma: no cover - a non-blank line always yields a row
        raise PairsFileError(path, [PairsFileIssue(1, None, None, "the file is empty")])
    if not issues and not participants:
        issues.append(
            PairsFileIssue(header_line_number, None, None, "no data rows after the header")
        )
    if issues:
        raise PairsFileError(path, issues)
    return PairsTable(tuple(participants), tuple(pre), tuple(post))


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
        raise ValueError("not a number")
    return float(text)
