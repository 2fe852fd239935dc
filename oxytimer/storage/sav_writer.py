"""A streaming writer of SPSS system files (``.sav``): a dictionary, then one case at a time.

Written from the format's public description (PSPP's "System File Format" appendix), for
what oxytimer exports: numeric variables (8-byte IEEE doubles, system-missing for empty),
string variables up to 32,767 bytes, variable labels, value labels on numeric codes, long
variable names and UTF-8 text. Cases are uncompressed, as pyreadstat writes them by
default, so each case is written as soon as it is known and memory does not grow with the
number of cases.

Records written, in order: the file header (record type 1, the number of cases patched in
at the end), one variable record per variable (type 2, continuation records for strings
wider than 8 bytes), value labels (types 3 and 4), machine integer and floating-point
information (type 7, subtypes 3 and 4), display parameters (11), long variable names
(13), very long strings (14), the character encoding (20), the end of the dictionary
(999), then the cases.

A string wider than 255 bytes (a "very long string") is, as the format has it, a run of
string variables of at most 255 bytes each, its *segments*: ``(width + 251) // 252`` of
them, each but the last 255 bytes wide (32 units of 8 bytes), the last ``width - (n - 1) *
252``. Only the first is named in the long-names record; the very-long-string record
(type 7, subtype 14) gives its short name and full width, and readers join the segments
back into one variable. A case's text is cut into pieces of 255 bytes, one per segment,
each padded with spaces to its segment's units. The display record has an entry per
segment.
"""

from __future__ import annotations

import re
import struct
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import BinaryIO, Final

MAX_STRING_BYTES: Final = 32767
"""The widest string variable SPSS allows (wider texts are cut to it)."""
SEGMENT_BYTES: Final = 255
"""The widest string variable of the original format: a wider one is written in segments."""
SYSMIS: Final = -sys.float_info.max
"""SPSS's system-missing value."""
_HIGHEST: Final = sys.float_info.max
_LOWEST: Final = struct.unpack("<d", bytes.fromhex("feffffffffffefff"))[0]
_MAX_LABEL_BYTES: Final = 255
_MAX_VALUE_LABEL_BYTES: Final = 120
_MAX_NAME_BYTES: Final = 64
_FORMAT_F: Final = 5
_FORMAT_A: Final = 1
_MEASURE = {"nominal": 1, "ordinal": 2, "scale": 3}


@dataclass(frozen=True)
class SavVariable:
    """One variable of a .sav file.

    Attributes:
        name: Its name (letters, digits, ``_``, ``.``; at most 64 bytes; unique ignoring
            case).
        width: 0 for a number, else the string's width in bytes (1 to 32,767).
        label: Its variable label (what it means), or None.
        decimals: Decimals of a number's display format (F8.n).
        value_labels: Labels of numeric values (codes), e.g. ``{1: "husband"}``.
        measure: ``nominal``, ``ordinal`` or ``scale`` (default: scale for numbers without
            value labels, nominal otherwise).
    """

    name: str
    width: int = 0
    label: str | None = None
    decimals: int = 2
    value_labels: Mapping[float, str] = field(default_factory=dict)
    measure: str | None = None

    @property
    def segments(self) -> list[int]:
        """The widths of the string variables the file holds this one in: the variable
        itself, or the segments of a very long string (0: a number)."""
        if self.width <= SEGMENT_BYTES:
            return [self.width]
        count = (self.width + 251) // 252
        return [SEGMENT_BYTES] * (count - 1) + [self.width - (count - 1) * 252]

    @property
    def units(self) -> int:
        """8-byte units a case gives this variable (all its segments)."""
        return sum(1 if w == 0 else (w + 7) // 8 for w in self.segments)


def _encode(text: str, limit: int) -> bytes:
    data = text.encode("utf-8")
    if len(data) <= limit:
        return data
    return data[:limit].decode("utf-8", errors="ignore").encode("utf-8")


def _padded(data: bytes, multiple: int) -> bytes:
    return data + b" " * (-len(data) % multiple)


def short_names(names: Sequence[str]) -> list[str]:
    """Unique upper-case short names (at most 8 bytes, starting with a letter) for
    ``names``; the long names are kept in the long-name record."""
    taken: set[str] = set()
    result = []
    for name in names:
        base = re.sub(r"[^A-Z0-9_]", "_", name.upper()) or "V"
        if not base[0].isalpha():
            base = "V" + base
        candidate = base[:8]
        number = 1
        while candidate in taken:
            suffix = str(number)
            candidate = base[: 8 - len(suffix)] + suffix
            number += 1
        taken.add(candidate)
        result.append(candidate)
    return result


class SavWriter:
    """Writes a .sav file to a seekable binary ``handle``: the dictionary at once, then
    :meth:`write` for each case, then :meth:`close` (which writes the number of cases into
    the header).

    Args:
        handle: An open, seekable binary file, at its start.
        variables: The variables, in order.
        label: The file label (at most 64 bytes).
        now: The creation time written in the header.

    Raises:
        ValueError: A variable's name or width cannot be written.
    """

    def __init__(
        self,
        handle: BinaryIO,
        variables: Sequence[SavVariable],
        *,
        label: str = "",
        now: datetime | None = None,
    ) -> None:
        names = [v.name for v in variables]
        if len({n.upper() for n in names}) != len(names):
            raise ValueError("variable names must be unique")
        for variable in variables:
            if not 0 <= variable.width <= MAX_STRING_BYTES:
                raise ValueError(f"{variable.name}: width {variable.width}")
            if not variable.name or len(variable.name.encode()) > _MAX_NAME_BYTES:
                raise ValueError(f"{variable.name!r}: not a variable name")
        self.handle = handle
        self.variables = list(variables)
        self.cases = 0
        # Per variable: None for a number, else the bytes of each of its segments.
        self._strings: list[list[int] | None] = [
            None if v.width == 0 else [(w + 7) // 8 * 8 for w in v.segments] for v in self.variables
        ]
        self._case = struct.Struct(
            "<"
            + "".join(
                "d" if sizes is None else "".join(f"{size}s" for size in sizes)
                for sizes in self._strings
            )
        )
        self._write_dictionary(label, now or datetime.now())

    # ------------------------------------------------------------- dictionary
    def _write_dictionary(self, label: str, now: datetime) -> None:
        out = self.handle
        units = sum(v.units for v in self.variables)
        out.write(
            struct.pack(
                "<4s60s5id9s8s64s3s",
                b"$FL2",
                _padded(b"@(#) SPSS DATA FILE - oxytimer", 60)[:60],
                2,  # layout code
                units,  # nominal case size
                0,  # no compression
                0,  # no weight variable
                -1,  # number of cases: patched by close()
                100.0,  # compression bias
                now.strftime("%d %b %y").encode("ascii"),
                now.strftime("%H:%M:%S").encode("ascii"),
                _padded(_encode(label, 64), 64),
                b"\0\0\0",
            )
        )
        # A short name for every variable record: each variable's, then its further
        # segments' (unique too; readers hide them).
        wanted = [
            name
            for v in self.variables
            for name in [v.name, *(f"{v.name[:5]}{k}" for k in range(1, len(v.segments)))]
        ]
        every_short = iter(short_names(wanted))
        shorts = []
        index = 1  # a variable's position among the 8-byte units (value labels use it)
        positions = []
        for variable in self.variables:
            positions.append(index)
            for segment, width in enumerate(variable.segments):
                short = next(every_short)
                if segment == 0:
                    shorts.append(short)
                out.write(self._variable_record(variable, short, width, first=segment == 0))
                units = 1 if width == 0 else (width + 7) // 8
                for _ in range(units - 1):
                    out.write(struct.pack("<6i8s", 2, -1, 0, 0, 0, 0, b" " * 8))
                index += units
        for variable, position in zip(self.variables, positions, strict=True):
            if variable.value_labels and variable.width == 0:
                out.write(struct.pack("<2i", 3, len(variable.value_labels)))
                for value, text in variable.value_labels.items():
                    data = _encode(text, _MAX_VALUE_LABEL_BYTES)
                    out.write(struct.pack("<dB", float(value), len(data)))
                    out.write(data + b" " * (-(len(data) + 1) % 8))
                out.write(struct.pack("<3i", 4, 1, position))
        # Machine integer information: version 1.0.0, IEEE doubles, little-endian, UTF-8.
        out.write(struct.pack("<4i8i", 7, 3, 4, 8, 1, 0, 0, -1, 1, 1, 2, 65001))
        out.write(struct.pack("<4i3d", 7, 4, 8, 3, SYSMIS, _HIGHEST, _LOWEST))
        segments = sum(len(v.segments) for v in self.variables)
        out.write(struct.pack("<4i", 7, 11, 4, 3 * segments))
        for variable in self.variables:
            measure = variable.measure or (
                "scale" if variable.width == 0 and not variable.value_labels else "nominal"
            )
            width = 8 if variable.width == 0 else min(max(variable.width, 1), 40)
            shown = struct.pack("<3i", _MEASURE[measure], width, 0 if variable.width else 1)
            out.write(shown * len(variable.segments))
        long_names = "\t".join(
            f"{short}={v.name}" for short, v in zip(shorts, self.variables, strict=True)
        ).encode("utf-8")
        out.write(struct.pack("<4i", 7, 13, 1, len(long_names)) + long_names)
        very_long = b"".join(
            f"{short}={v.width:05d}".encode("ascii") + b"\0\t"
            for short, v in zip(shorts, self.variables, strict=True)
            if v.width > SEGMENT_BYTES
        )
        if very_long:
            out.write(struct.pack("<4i", 7, 14, 1, len(very_long)) + very_long)
        out.write(struct.pack("<4i", 7, 20, 1, 5) + b"UTF-8")
        out.write(struct.pack("<2i", 999, 0))

    @staticmethod
    def _variable_record(variable: SavVariable, short: str, width: int, *, first: bool) -> bytes:
        """The record of a variable, or of one segment (``width``) of a very long string;
        only the first has the label."""
        if width == 0:
            kind = 0
            shown = _FORMAT_F << 16 | 8 << 8 | max(0, min(variable.decimals, 16))
        else:
            kind = width
            shown = _FORMAT_A << 16 | width << 8
        label = None
        if first and variable.label is not None:
            label = _encode(variable.label, _MAX_LABEL_BYTES)
        record = struct.pack(
            "<6i8s",
            2,
            kind,
            0 if label is None else 1,
            0,  # no missing values
            shown,  # print format
            shown,  # write format
            _padded(short.encode("ascii"), 8),
        )
        if label is not None:
            record += struct.pack("<i", len(label)) + label + b" " * (-len(label) % 4)
        return record

    # ------------------------------------------------------------------ cases
    def write(self, values: Sequence[float | bytes | None]) -> None:
        """Write one case: a float (or None: system-missing) per number, UTF-8 bytes (or
        None: empty) per string, in the variables' order; strings longer than their
        variable are cut (a very long string: 255 bytes into each segment)."""
        packed: list[float | bytes] = []
        for value, sizes in zip(values, self._strings, strict=True):
            if sizes is None:
                packed.append(SYSMIS if value is None else value)
            elif len(sizes) == 1:
                packed.append((value or b"").ljust(sizes[0], b" ")[: sizes[0]])  # type: ignore[union-attr]
            else:
                data: bytes = value or b""  # type: ignore[assignment]
                for k, size in enumerate(sizes):
                    piece = data[k * SEGMENT_BYTES : (k + 1) * SEGMENT_BYTES]
                    packed.append(piece.ljust(size, b" ")[:size])
        self.handle.write(self._case.pack(*packed))
        self.cases += 1

    def close(self) -> None:
        """Write the number of cases into the header (the handle stays open)."""
        end = self.handle.tell()
        self.handle.seek(80)  # $FL2, product name, layout, case size, compression, weight
        self.handle.write(struct.pack("<i", self.cases))
        self.handle.seek(end)
