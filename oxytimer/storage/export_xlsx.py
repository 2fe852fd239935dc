"""Excel export: ``oxytimer.xlsx`` with a sessions sheet and a mothers sheet.

The workbook is written by this module, row by row, straight into the zip that an xlsx
file is (Office Open XML, SpreadsheetML): text as inline strings, numbers as numbers, no
shared-string table, so memory does not grow with the number of rows and no package is
needed. No cell is ever a formula: text is always text, and text that starts like a
formula (``=``, ``+``, ``-``, ``@``, tab, carriage return) carries Excel's quote prefix so
that editing the cell does not turn it into one; control characters, which xlsx cannot
hold, are removed.
"""

from __future__ import annotations

import io
import math
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any, Final
from xml.sax.saxutils import escape

from oxytimer.domain.instrument import Instrument
from oxytimer.storage.export_files import FORMULA_STARTS, private_file, strip_controls
from oxytimer.storage.export_tables import Table, mothers_table, sessions_table
from oxytimer.storage.repository import Repository

_MAIN: Final = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL: Final = "http://schemas.openxmlformats.org/package/2006/relationships"
_SHEET_TYPE: Final = f"{_REL}/worksheet"
_XML: Final = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_ROWS_PER_WRITE: Final = 200


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cell(ref: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            return ""
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    text = strip_controls(str(value))
    style = ' s="1"' if text.startswith(FORMULA_STARTS) else ""
    return (
        f'<c r="{ref}"{style} t="inlineStr"><is><t xml:space="preserve">{escape(text)}</t></is></c>'
    )


def _write_sheet(handle: IO[str], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    letters = [_column_letter(i) for i in range(len(columns))]
    handle.write(f'{_XML}<worksheet xmlns="{_MAIN}"><sheetData>')
    handle.write(
        '<row r="1">'
        + "".join(_cell(f"{letters[i]}1", name) for i, name in enumerate(columns))
        + "</row>"
    )
    chunk: list[str] = []
    for number, row in enumerate(rows, start=2):
        cells = "".join(_cell(f"{letters[i]}{number}", value) for i, value in enumerate(row))
        chunk.append(f'<row r="{number}">{cells}</row>')
        if len(chunk) == _ROWS_PER_WRITE:
            handle.write("".join(chunk))
            chunk = []
    handle.write("".join(chunk))
    handle.write("</sheetData></worksheet>")


def _package_parts(names: Sequence[str]) -> dict[str, str]:
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(names) + 1)
    )
    sheets = "".join(
        f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"/>'
        for i, name in enumerate(names, start=1)
    )
    relations = "".join(
        f'<Relationship Id="rId{i}" Type="{_SHEET_TYPE}" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(names) + 1)
    )
    styles_id = len(names) + 1
    return {
        "[Content_Types].xml": (
            f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            f"{overrides}</Types>"
        ),
        "_rels/.rels": (
            f'{_XML}<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" '
            f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'{_XML}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>{sheets}</sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'{_XML}<Relationships xmlns="{_PKG_REL}">{relations}'
            f'<Relationship Id="rId{styles_id}" Type="{_REL}/styles" Target="styles.xml"/>'
            "</Relationships>"
        ),
        # Style 1: Excel's quote prefix ("this cell is text, whatever it starts with").
        "xl/styles.xml": (
            f'{_XML}<styleSheet xmlns="{_MAIN}">'
            '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
            "</borders>"
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
            "</cellStyleXfs>"
            '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"'
            ' xfId="0"/><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"'
            ' quotePrefix="1"/></cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
            "</cellStyles></styleSheet>"
        ),
    }


def write_xlsx(path: Path, tables: Sequence[Table]) -> None:
    """Write ``tables`` as the sheets of the workbook ``path`` (privately, atomically),
    streaming each table's rows."""
    with (
        private_file(path) as temp,
        zipfile.ZipFile(temp, "w", compression=zipfile.ZIP_DEFLATED) as archive,
    ):
        for name, data in _package_parts([t.name for t in tables]).items():
            archive.writestr(name, data)
        for number, table in enumerate(tables, start=1):
            with (
                archive.open(f"xl/worksheets/sheet{number}.xml", "w", force_zip64=True) as raw,
                io.TextIOWrapper(raw, encoding="utf-8") as handle,
            ):
                _write_sheet(handle, table.columns, table.rows)


def export_xlsx(
    repo: Repository,
    out_dir: Path,
    *,
    identifying: bool = False,
    instrument: Instrument | None = None,
) -> list[Path]:
    """Write ``oxytimer.xlsx`` with a sessions sheet and a mothers sheet.

    Returns:
        The file written.
    """
    path = out_dir / "oxytimer.xlsx"
    write_xlsx(
        path,
        [
            sessions_table(repo, identifying=identifying, instrument=instrument),
            mothers_table(repo, identifying=identifying),
        ],
    )
    return [path]
