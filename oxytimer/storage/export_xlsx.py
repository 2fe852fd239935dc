"""Excel export: ``oxytimer.xlsx`` with a sessions sheet and a mothers sheet, streamed
(openpyxl's write-only workbook)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from oxytimer.domain.instrument import Instrument
from oxytimer.storage.export_files import (
    FORMULA_STARTS,
    MissingExtraError,
    private_file,
    strip_controls,
)
from oxytimer.storage.export_tables import mothers_table, sessions_table
from oxytimer.storage.repository import Repository


def export_xlsx(
    repo: Repository,
    out_dir: Path,
    *,
    identifying: bool = False,
    instrument: Instrument | None = None,
) -> list[Path]:
    """Write ``oxytimer.xlsx`` with a sessions sheet and a mothers sheet (needs openpyxl).

    Rows are written as they are read (a write-only workbook). No cell is ever a
    formula: text is stored as text (a name starting with ``=`` stays that text, marked
    with Excel's quote prefix), control characters (which xlsx cannot hold) are removed.

    Raises:
        MissingExtraError: openpyxl is not installed.
    """
    try:
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
    except ImportError as error:
        raise MissingExtraError("openpyxl", "xlsx") from error
    workbook = Workbook(write_only=True)
    for table in (
        sessions_table(repo, identifying=identifying, instrument=instrument),
        mothers_table(repo, identifying=identifying),
    ):
        sheet = workbook.create_sheet(table.name)

        def cell(value: Any, sheet: Any = sheet) -> Any:
            if not isinstance(value, str):
                return value
            text = strip_controls(value)
            if not text.startswith(FORMULA_STARTS):
                return text
            # openpyxl writes text starting with "=" as a formula: keep it text, and
            # mark it so that Excel never reads it as one when the cell is edited.
            written = WriteOnlyCell(sheet, value=text)
            written.data_type = "s"
            written.quotePrefix = True
            return written

        sheet.append(list(table.columns))
        for row in table.rows:
            sheet.append([cell(v) for v in row])
    path = out_dir / "oxytimer.xlsx"
    with private_file(path) as temp:
        workbook.save(temp)
    return [path]
