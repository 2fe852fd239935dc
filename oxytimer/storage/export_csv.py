"""CSV export: ``sessions.csv`` and ``mothers.csv``, streamed row by row."""

from __future__ import annotations

from pathlib import Path

from oxytimer.domain.instrument import Instrument
from oxytimer.storage.export_files import write_csv
from oxytimer.storage.export_tables import mothers_table, sessions_table
from oxytimer.storage.repository import Repository


def export_csv(
    repo: Repository,
    out_dir: Path,
    *,
    identifying: bool = False,
    instrument: Instrument | None = None,
) -> list[Path]:
    """Write ``sessions.csv`` and ``mothers.csv`` (UTF-8, comma separated) to ``out_dir``.

    Text a spreadsheet would read as a formula is neutralised
    (:func:`~oxytimer.storage.export_files.safe_text`).

    Returns:
        The files written.
    """
    written = []
    for table in (
        sessions_table(repo, identifying=identifying, instrument=instrument),
        mothers_table(repo, identifying=identifying),
    ):
        path = out_dir / f"{table.name}.csv"
        write_csv(path, table.columns, table.rows)
        written.append(path)
    return written
