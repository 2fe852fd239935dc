"""Data in and out: one place to import from.

The work is split by job: :mod:`~oxytimer.storage.importer` (CSV import of paper
sessions), :mod:`~oxytimer.storage.export_tables` (the tables and pseudonyms every export
uses), :mod:`~oxytimer.storage.export_files` (private atomic files, CSV, formula
neutralisation), one module per format (:mod:`~oxytimer.storage.export_csv`,
:mod:`~oxytimer.storage.export_redcap`, :mod:`~oxytimer.storage.export_xlsx`,
:mod:`~oxytimer.storage.export_sav`) and :mod:`~oxytimer.storage.bundle`. This module
names them all and dispatches :func:`export` by format.

Exports are de-identified unless ``identifying=True`` (see
:mod:`~oxytimer.storage.export_tables`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from oxytimer.domain.instrument import Instrument
from oxytimer.storage.bulk import bulk_cache
from oxytimer.storage.bundle import DICTIONARY, R_SCRIPT, export_bundle, repr_number
from oxytimer.storage.export_csv import export_csv
from oxytimer.storage.export_files import (
    MissingExtraError,
    safe_cell,
    safe_text,
    write_private_atomically,
)
from oxytimer.storage.export_redcap import (
    REDCAP_DICTIONARY_HEADER,
    export_redcap,
    redcap_group_name,
    redcap_variable,
)
from oxytimer.storage.export_sav import export_sav
from oxytimer.storage.export_tables import (
    MOTHER_COLUMNS,
    MOTHER_IDENTIFYING,
    SESSION_COLUMNS,
    SESSION_IDENTIFYING,
    Table,
    export_pseudonyms,
    export_secret,
    first_last_pairs,
    mothers_table,
    pseudonym,
    sessions_table,
)
from oxytimer.storage.export_xlsx import export_xlsx
from oxytimer.storage.importer import (
    IMPORT_NAMESPACE,
    MAX_IMPORT_BYTES,
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    ImportPlan,
    ImportProblem,
    ImportResult,
    ImportRow,
    import_csv,
    import_mother_id,
    import_session_id,
    plan_import,
)
from oxytimer.storage.repository import Repository

__all__ = [
    "DICTIONARY",
    "EXPORT_FORMATS",
    "IDENTIFYING_FORMATS",
    "IMPORT_NAMESPACE",
    "MAX_IMPORT_BYTES",
    "MOTHER_COLUMNS",
    "MOTHER_IDENTIFYING",
    "OPTIONAL_COLUMNS",
    "REDCAP_DICTIONARY_HEADER",
    "REQUIRED_COLUMNS",
    "R_SCRIPT",
    "SESSION_COLUMNS",
    "SESSION_IDENTIFYING",
    "ImportPlan",
    "ImportProblem",
    "ImportResult",
    "ImportRow",
    "MissingExtraError",
    "Table",
    "export",
    "export_bundle",
    "export_csv",
    "export_pseudonyms",
    "export_redcap",
    "export_sav",
    "export_secret",
    "export_xlsx",
    "first_last_pairs",
    "import_csv",
    "import_mother_id",
    "import_session_id",
    "mothers_table",
    "plan_import",
    "pseudonym",
    "redcap_group_name",
    "redcap_variable",
    "repr_number",
    "safe_cell",
    "safe_text",
    "sessions_table",
    "write_private_atomically",
]

EXPORT_FORMATS: Final = ("csv", "redcap", "bundle", "sav", "xlsx")
IDENTIFYING_FORMATS: Final = frozenset({"csv", "sav", "xlsx"})
"""The formats that can hold identifying fields (REDCap and the bundle never do)."""


def export(
    repo: Repository,
    out_dir: Path,
    fmt: str = "csv",
    *,
    identifying: bool = False,
    instrument: Instrument | None = None,
) -> list[Path]:
    """Export in one of :data:`EXPORT_FORMATS` into ``out_dir``; return the files written.

    Raises:
        ValueError: Unknown format.
        MissingExtraError: The format needs an optional package that is not installed.
        AuditTrailBrokenError: The audit trail was tampered with; nothing is written.
    """
    from oxytimer.storage.audit_chain import require_intact

    require_intact(repo.db.conn)
    out_dir.mkdir(parents=True, exist_ok=True)
    with bulk_cache(repo.db):
        if fmt == "csv":
            return export_csv(repo, out_dir, identifying=identifying, instrument=instrument)
        if fmt == "redcap":
            return export_redcap(repo, out_dir, instrument=instrument)
        if fmt == "bundle":
            return [export_bundle(repo, out_dir, instrument=instrument)]
        if fmt == "sav":
            return export_sav(repo, out_dir, identifying=identifying, instrument=instrument)
        if fmt == "xlsx":
            return export_xlsx(repo, out_dir, identifying=identifying, instrument=instrument)
    raise ValueError(f"unknown export format {fmt!r}")
