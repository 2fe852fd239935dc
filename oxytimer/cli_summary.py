"""``oxytimer summary`` and ``oxytimer demo`` (issue 4), registered on the group in cli.py.

Kept apart from cli.py so that the data-exchange commands and these can change
independently. Nothing heavy (numpy, scipy, Qt) is imported until a command runs.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

if TYPE_CHECKING:
    from oxytimer.cli import Context
    from oxytimer.domain.instrument import Instrument
    from oxytimer.domain.summary import Summary
    from oxytimer.storage.analysis import AnalysisFilter


def _fail(message: str, status: int = 1) -> NoReturn:
    click.echo(f"oxytimer: {message}", err=True)
    raise SystemExit(status)


def _date(value: datetime | None) -> object:
    return None if value is None else value.date()


def _emit(summary: Summary, fmt: str, lang: str) -> None:
    from oxytimer.domain.summary import pairs_csv_text, summary_text

    if fmt == "json":
        click.echo(json.dumps(summary.to_dict(), indent=2, ensure_ascii=False, allow_nan=False))
    elif fmt == "csv":
        click.echo(pairs_csv_text(summary), nl=False)
    else:
        click.echo(summary_text(summary, lang), nl=False)


@click.command("summary")
@click.option(
    "--pairs",
    "pairs_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Analyse FILE.csv (columns participant,pre,post) instead of the database.",
)
@click.option(
    "--pairing",
    type=click.Choice(["first-last", "means", "sessions"]),
    default="first-last",
    show_default=True,
    help="One pair per mother: first pre against last post, or means; or one per session.",
)
@click.option("--site", "sites", multiple=True, help="Site code (repeat for several).")
@click.option("--enrolled-from", type=click.DateTime(["%Y-%m-%d"]), help="YYYY-MM-DD.")
@click.option("--enrolled-to", type=click.DateTime(["%Y-%m-%d"]), help="YYYY-MM-DD.")
@click.option(
    "--caregiver",
    "caregivers",
    multiple=True,
    type=click.Choice(["husband", "midwife", "family", "other"]),
    help="Only sessions given by (repeat for several).",
)
@click.option("--protocol-version", "protocol_versions", multiple=True)
@click.option(
    "--instrument-version",
    "instrument_versions",
    multiple=True,
    help="Only sessions scored with this instrument version (repeat for several). Without"
    " it every version is analysed, with a warning when the pairs mix versions or ranges.",
)
@click.option("--completed-only", is_flag=True, help="Only mothers whose follow-up was closed.")
@click.option(
    "--design",
    type=click.Choice(["assessments", "session_check", "full_checklist"]),
    default=None,
    help="What is analysed: assessments (the study's outcome: baseline assessment against"
    " end assessment, the whole checklist; the default when the database holds any),"
    " session_check (the short check before and after each session: secondary) or"
    " full_checklist (the earlier design: the whole checklist before and after every"
    " session; the default for a database made before). Designs are never pooled.",
)
@click.option(
    "--categories",
    is_flag=True,
    help="With --pairs: the scores are instrument totals; count Kurang/Cukup/Banyak.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "csv"]),
    default="text",
    show_default=True,
    help="text: SPSS's tables, R's numbers and the APA sentence; json: every figure;"
    " csv: the analysed pairs (pairs with a missing score are left out, as from the test).",
)
@click.option("--lang", type=click.Choice(["en", "id"]), default="en", show_default=True)
@click.option(
    "--skip-integrity-check",
    is_flag=True,
    help="Do not run PRAGMA quick_check first (it reads the whole file: seconds for a very"
    " large database). Without the check a damaged file could give wrong figures.",
)
@click.pass_obj
def summary_command(
    obj: Context,
    pairs_file: Path | None,
    pairing: str,
    sites: tuple[str, ...],
    enrolled_from: datetime | None,
    enrolled_to: datetime | None,
    caregivers: tuple[str, ...],
    protocol_versions: tuple[str, ...],
    instrument_versions: tuple[str, ...],
    completed_only: bool,
    design: str | None,
    categories: bool,
    fmt: str,
    lang: str,
    skip_integrity_check: bool,
) -> None:
    """The paired comparison of milk-expression scores, without a window.

    A figure that cannot be computed is null (JSON) or a dash (text) with the reason;
    the exit status is still 0. Scores of different instrument versions or ranges are
    not pooled silently: the summary warns (JSON ``warnings``: mixed_instrument_versions,
    mixed_score_ranges); choose one with --instrument-version. A bad --pairs file exits
    with status 1 and names, for every problem, its line, its column and what is wrong.
    """
    from oxytimer.domain.clock import SystemClock
    from oxytimer.domain.instrument import load_instrument
    from oxytimer.domain.protocol import load_protocol
    from oxytimer.domain.summary import (
        category_spec,
        default_versions,
        summarise_pairs_table,
    )

    instrument = load_instrument()
    versions = default_versions(
        SystemClock().now_utc(),
        protocol_version=load_protocol().version,
        instrument_version=instrument.version,
    )
    if pairs_file is not None:
        from oxytimer.domain.pairs_csv import PairsFileError, read_pairs_csv

        try:
            table = read_pairs_csv(pairs_file)
        except PairsFileError as error:
            _fail(str(error))
        except OSError as error:
            _fail(f"cannot read {pairs_file}: {error}")
        try:
            summary = summarise_pairs_table(
                table,
                categories=category_spec(instrument) if categories else None,
                versions=versions,
                source_name=str(pairs_file),
            )
        except ValueError as error:  # e.g. a score the analysis cannot take
            _fail(f"{pairs_file}: {error}")
    else:
        from oxytimer.storage.analysis import AnalysisFilter
        from oxytimer.storage.repository import StorageError
        from oxytimer.storage.summary import open_for_reading, summarise_database

        flt = AnalysisFilter(
            site_codes=tuple(s.strip().upper() for s in sites) or None,
            enrolled_from=_date(enrolled_from),  # type: ignore[arg-type]
            enrolled_to=_date(enrolled_to),  # type: ignore[arg-type]
            caregivers=caregivers or None,
            protocol_versions=protocol_versions or None,
            instrument_versions=instrument_versions or None,
            completed_follow_up_only=completed_only,
            design=design,
        )
        url = obj.server_url
        if url is not None:
            found = _server_summary(url, flt, pairing, instrument, versions, fmt == "csv")
            _emit(found, fmt, lang)
            return
        path = obj.db_path
        if not path.exists():
            _fail(f"no database at {path} (give --db PATH, or --pairs FILE.csv)")
        try:
            repo = open_for_reading(path, check=not skip_integrity_check)
        except StorageError as error:
            _fail(f"cannot open {path}: {error}")
        try:
            summary = summarise_database(
                repo,
                flt,
                pairing,
                instrument=instrument,
                versions=versions,
                per_unit=fmt == "csv",  # (text and JSON show no row per mother)
            )
        finally:
            repo.close()
    _emit(summary, fmt, lang)


def _server_summary(
    url: str,
    flt: AnalysisFilter,
    pairing: str,
    instrument: Instrument,
    versions: Any,
    per_unit: bool,
) -> Summary:
    """The summary computed on the study server at ``url``, or a sentence and exit 1;
    ``per_unit``: with each pair's rows (the CSV lists them)."""
    from oxytimer.storage.server import ServerError, redact
    from oxytimer.storage.summary import summarise_server

    try:
        return summarise_server(
            url, flt, pairing, instrument=instrument, versions=versions, per_unit=per_unit
        )
    except ServerError as error:
        _fail(str(error))
    except ValueError as error:  # e.g. an unknown design
        _fail(f"{redact(url)}: {error}")


@click.command("demo")
@click.option("--mothers", type=click.IntRange(1, 1_000_000), default=30, show_default=True)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option(
    "--bulk/--per-record",
    default=None,
    help="Write in bulk (fast, for benchmarks) or through the per-record API"
    " (default: bulk above 2000 mothers).",
)
@click.pass_obj
def demo_command(obj: Context, mothers: int, seed: int, bulk: bool | None) -> None:
    """Fill the database with realistic synthetic mothers, sessions and scores.

    Through the app's own storage code, with audit rows: sites from sites.toml, age and
    occupation in the study's proportions, twice-daily sessions over three days.
    """
    import time

    from oxytimer.storage.demo import BULK_THRESHOLD, DemoError, fill_demo
    from oxytimer.storage.repository import Repository, StorageError

    path = obj.db_path
    started = time.perf_counter()
    try:
        repo = Repository.open(path, operator="demo")
    except StorageError as error:
        _fail(f"cannot open {path}: {error}")
    try:
        report = fill_demo(
            repo,
            mothers=mothers,
            seed=seed,
            bulk=mothers > BULK_THRESHOLD if bulk is None else bulk,
        )
    except (DemoError, StorageError) as error:
        _fail(f"no demo data was written: {error}")
    finally:
        repo.close()
    elapsed = time.perf_counter() - started
    click.echo(
        f"Wrote {report.mothers} mothers ({report.screened_out} screened out),"
        f" {report.sessions} sessions, {report.audit_rows} audit rows to {path}"
        f" in {elapsed:.1f} s.",
        file=sys.stdout,
    )
