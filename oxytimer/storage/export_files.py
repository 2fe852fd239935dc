"""Writing export files: private (0600), atomic, streamed, and safe to open in a
spreadsheet.

A cell a spreadsheet would read as a formula (text starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return: the OWASP rule for CSV injection) is written with a
leading apostrophe, so Excel, LibreOffice and Sheets show it as the text it is; control
characters (which also break xlsx files) are removed. Numbers stay numbers: only text is
changed, so a ``day`` of -3 is still -3, and a number written as text (``-6.26`` in the
bundle's results) is left as it is.
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Final

FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")
"""Text starting with one of these is read as a formula by spreadsheets (OWASP)."""
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_PLAIN_NUMBER = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$|^[+-]?(?:inf|nan)$")


class MissingExtraError(RuntimeError):
    """An optional package is not installed.

    Attributes:
        package: The package to install.
        extra: The oxytimer extra that brings it (``pip install oxytimer[extra]``).
    """

    def __init__(self, package: str, extra: str) -> None:
        self.package = package
        self.extra = extra
        super().__init__(
            f"{package} is not installed; install it with: pip install 'oxytimer[{extra}]'"
        )


def strip_controls(value: str) -> str:
    """Text without control characters (tab, line feed and carriage return kept)."""
    return _CONTROL.sub("", value)


def safe_text(value: str) -> str:
    """Text as a spreadsheet should show it: control characters removed (tab, line feed
    and carriage return inside the text kept), and a leading apostrophe when the text
    would otherwise start a formula. A plain number written as text (``-3``,
    ``-6.26e-01``) is left as it is: a spreadsheet reads it as that number."""
    cleaned = strip_controls(value)
    if cleaned.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.match(cleaned):
        return "'" + cleaned
    return cleaned


def safe_cell(value: Any) -> Any:
    """A value for a spreadsheet cell: text through :func:`safe_text`, the rest as is."""
    return safe_text(value) if isinstance(value, str) else value


def csv_value(value: Any) -> str:
    """A value as a CSV field: empty for None, whole floats without ``.0``, text through
    :func:`safe_text`."""
    kind = type(value)
    if kind is str:
        # Fast path: printable text (no control character) not starting a formula.
        if value.isprintable() and not value.startswith(FORMULA_STARTS):
            return value  # type: ignore[no-any-return]
        return safe_text(value)
    if value is None:
        return ""
    if kind is float and value.is_integer():
        return str(int(value))
    return str(value)


def csv_bytes(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """A small CSV file in memory (dictionaries, results; tables use :func:`write_csv`)."""
    buffer = io.StringIO(newline="")
    write_rows(buffer, columns, rows)
    return buffer.getvalue().encode("utf-8")


def write_rows(handle: IO[str], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Write a header and rows as CSV to an open text file, row by row."""
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow([csv_value(c) for c in columns])
    writer.writerows([csv_value(v) for v in row] for row in rows)


@contextmanager
def private_file(path: Path) -> Iterator[Path]:
    """A temporary file beside ``path`` to write; on success it becomes ``path`` (mode
    0600, synced, atomically replaced), on failure it is removed and ``path`` is left as
    it was."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix="." + path.name + ".", dir=path.parent)
    os.close(fd)
    try:
        if os.name == "posix":
            os.chmod(temp, 0o600)
        yield Path(temp)
        with open(temp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_private_atomically(path: Path, data: bytes) -> None:
    """Write ``path`` (mode 0600) so that it is either the old file or the whole new one."""
    with private_file(path) as temp:
        temp.write_bytes(data)


def write_csv(path: Path, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Stream ``rows`` into the CSV file ``path`` (UTF-8, comma separated), privately and
    atomically (:func:`private_file`)."""
    with private_file(path) as temp, open(temp, "w", encoding="utf-8", newline="") as handle:
        write_rows(handle, columns, rows)
