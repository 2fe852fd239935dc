"""Read what the clinician summary analyses from the database and summarise it."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from oxytimer.domain.adherence import Dose
from oxytimer.domain.clock import Clock
from oxytimer.domain.instrument import Instrument
from oxytimer.domain.pairing import PairingRule
from oxytimer.domain.schedule import DEFAULT_SLOT_HOURS
from oxytimer.domain.summary import Summary, summarise_pairing
from oxytimer.storage.analysis import (
    LOCAL_ENROLMENT_DAY,
    AnalysisFilter,
    Reader,
    design_warnings,
    pair_in_database,
    resolve_design,
)
from oxytimer.storage.database import Database
from oxytimer.storage.repository import Repository, StorageError, check_schema_not_newer
from oxytimer.storage.schema import applied_migration_names, pending_migration_names


def database_path(repo: Repository) -> str:
    """The file behind the repository's connection ("" for an in-memory database)."""
    for row in repo.db.execute("PRAGMA database_list"):
        if row[1] == "main":
            return str(row[2] or "")
    return ""  # pragma: no cover - every connection has a main database


def adherence_by_mother(
    repo: Repository, hours: Mapping[str, tuple[int, int]] = DEFAULT_SLOT_HOURS
) -> dict[str, Dose]:
    """The registry's dose (with adherence) of every followed mother, by mother id.

    :meth:`Repository.dose_rows` (one query) as a mapping.
    """
    return {row.mother_id: row.dose for row in repo.dose_rows(hours)}


READ_WITHOUT = frozenset({"0010_summary_table", "0011_summary_cells"})
"""Migrations a database read for the summary or an export may lack: the stored
summary (0010, 0011) only saves time, and without it the summary reads the records. A
file from an earlier version, on a read-only stick, is summarised and exported as it is."""


def open_for_reading(
    path: str | Path, clock: Clock | None = None, *, check: bool = True
) -> Repository:
    """Open a database only to read it for the summary.

    Unlike :meth:`Repository.open` this neither creates nor migrates, and nothing is
    written. ``PRAGMA quick_check`` runs unless ``check`` is False (it reads the whole
    file: seconds for a 100,000-mother database; the app checked its file when it
    opened it), so that a damaged file is refused rather than summarised wrongly.

    Raises:
        StorageError: The file does not exist, is not an oxytimer database (or is
            unreadable), has not been opened by this version yet, or is too new.
    """
    path = Path(path)
    if not path.is_file():
        raise StorageError(f"no database at {path}")
    from oxytimer.storage.opening import connect_readonly  # read-only media too

    db = Database(connect_readonly(path))
    try:
        if check:
            from oxytimer.storage.backup import check_file

            check_file(path)
        applied = applied_migration_names(db)
        check_schema_not_newer(db, applied)
        if set(pending_migration_names(applied)) - READ_WITHOUT:
            raise StorageError(
                f"{path} must be opened once in oxytimer to be upgraded first (from a"
                " read-only stick: copy it to this computer and open the copy)"
            )
    except sqlite3.Error as error:
        db.close()
        raise StorageError(f"cannot read {path}: {error}") from error
    except StorageError:
        db.close()
        raise
    return Repository(db, clock)


def summarise_database(
    repo: Repository,
    flt: AnalysisFilter | None = None,
    rule: PairingRule | str = PairingRule.FIRST_LAST,
    *,
    instrument: Instrument | None = None,
    versions: Mapping[str, Any] | None = None,
    with_adherence: bool = True,
    per_unit: bool = True,
) -> Summary:
    """Summarise the records that pass ``flt`` (see :func:`summarise_mothers`).

    Pairs and per-mother figures are aggregated in SQL and read as columns
    (:func:`~oxytimer.storage.summary_columns.columns_in_database`): the same figures
    :func:`summarise_mothers` gives from :func:`mothers_for_analysis`.

    Args:
        repo: The open repository (read only here).
        flt: The filters; None for everything.
        rule: The pairing rule.
        instrument: The scoring instrument, for the category tables.
        versions: Software, protocol and instrument versions (``default_versions``).
        with_adherence: Also read the registry's adherence for each mother.
        per_unit: Also each pair's unit, site and mother and each mother's dose row
            (:attr:`Summary.per_unit`): the tab and the CSV of pairs need them, the text
            and JSON answers do not.

    Returns:
        The summary.
    """
    from oxytimer.domain.summary import summarise_columns
    from oxytimer.storage.summary_columns import columns_in_database

    flt = resolve_design(repo.db, flt or AnalysisFilter())
    columns = columns_in_database(
        repo, flt, PairingRule(rule), with_adherence=with_adherence, per_unit=per_unit
    )
    summary = summarise_columns(
        columns,
        instrument=instrument,
        filters=flt.describe(),
        versions=versions,
        source_name=database_path(repo),
    )
    return _with_design_notes(repo.db, flt, summary)


def _with_design_notes(db: Reader, flt: AnalysisFilter, summary: Summary) -> Summary:
    notes = design_warnings(db, flt)  # first: which measurement this is
    return replace(summary, warnings=(*notes, *summary.warnings)) if notes else summary


def _summarise(
    db: Reader,
    flt: AnalysisFilter | None,
    rule: PairingRule | str,
    doses_of: Callable[[Iterable[str]], Mapping[str, Dose | float | None]] | None,
    *,
    instrument: Instrument | None,
    versions: Mapping[str, Any] | None,
    source_name: str,
) -> Summary:
    flt = resolve_design(db, flt or AnalysisFilter())
    found = pair_in_database(db, flt, rule)
    doses = None if doses_of is None else doses_of(m.mother_id for m in found.analysed)
    summary = summarise_pairing(
        found.pairing,
        found.analysed,
        instrument=instrument,
        doses=doses,
        filters=flt.describe(),
        versions=versions,
        versions_in_data=(found.protocol_versions, found.instrument_versions),
        source_name=source_name,
    )
    return _with_design_notes(db, flt, summary)


def summarise_server(
    url: str,
    flt: AnalysisFilter | None = None,
    rule: PairingRule | str = PairingRule.FIRST_LAST,
    *,
    clock: Clock | None = None,
    instrument: Instrument | None = None,
    versions: Mapping[str, Any] | None = None,
    per_unit: bool = True,
) -> Summary:
    """:func:`summarise_database` on a study server: the server pairs and aggregates
    (from its stored per-mother rows where they answer: storage/server_columns.py; else
    from the records, storage/server_analysis.py); nothing is written. The same figures
    as from the same records merged into one SQLite file. ``per_unit``: as for
    :func:`summarise_database`.

    Raises:
        ServerError: No driver, no server, a refused password, a server not set up.
    """
    from oxytimer.domain.clock import SystemClock
    from oxytimer.storage.server import ServerError, redact
    from oxytimer.storage.server_analysis import open_reader, server_doses
    from oxytimer.storage.server_columns import stored_summary

    reader = open_reader(url)
    try:
        found = stored_summary(
            reader,
            flt,
            rule,
            clock or SystemClock(),
            instrument=instrument,
            versions=versions,
            source_name=redact(url),
            per_unit=per_unit,
        )
        if found is not None:
            return found
        return _summarise(
            reader,
            flt,
            rule,
            lambda ids: server_doses(reader, clock or SystemClock(), ids),
            instrument=instrument,
            versions=versions,
            source_name=redact(url),
        )
    except Exception as error:
        if type(error).__module__.startswith("psycopg"):
            raise ServerError(f"The server could not give the summary: {error}") from None
        raise
    finally:
        reader.close()


def summarise_path(
    path: str,
    flt: AnalysisFilter | None = None,
    rule: PairingRule | str = PairingRule.FIRST_LAST,
    *,
    clock: Clock | None = None,
    instrument: Instrument | None = None,
    versions: Mapping[str, Any] | None = None,
    cancelled: Callable[[], bool] | None = None,
    per_unit: bool = True,
) -> Summary:
    """Like :func:`summarise_database`, on a connection of its own (for a worker thread).

    SQLite connections belong to the thread that opened them, so a background job opens
    the file again, reads, and closes it. Nothing is written. ``cancelled`` is asked
    while the queries run: True stops them (``StorageError``).
    """
    repo = open_for_reading(path, clock, check=False)  # the app checked it on opening
    if cancelled is not None:
        repo.db.conn.set_progress_handler(lambda: 1 if cancelled() else 0, 10_000)
    try:
        # Asked before and after too: from the stored per-mother rows the queries may be
        # too short for the progress handler to be called at all.
        if cancelled is not None and cancelled():
            raise StorageError("the analysis was stopped")
        summary = summarise_database(
            repo, flt, rule, instrument=instrument, versions=versions, per_unit=per_unit
        )
        if cancelled is not None and cancelled():
            raise StorageError("the analysis was stopped")
        return summary
    except sqlite3.OperationalError as error:
        if cancelled is not None and cancelled():
            raise StorageError("the analysis was stopped") from error
        raise
    finally:
        repo.close()


def enrolment_range(repo: Repository) -> tuple[date, date] | None:
    """The first and last enrolment day (local dates, as the filter compares), or None."""
    day = LOCAL_ENROLMENT_DAY
    row = repo.db.execute(f"SELECT min({day}), max({day}) FROM mothers m").fetchone()
    if not row or row[0] is None:
        return None
    return date.fromisoformat(row[0]), date.fromisoformat(row[1])
