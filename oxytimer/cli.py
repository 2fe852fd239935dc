"""The command line. Without a command, ``oxytimer`` opens the app.

``--db PATH`` (or ``OXYTIMER_DB``) is global: ``oxytimer --db PATH <command>`` works for
every command. No Qt is imported here except to start the app or find the default path.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from oxytimer import __version__
from oxytimer.paths import DB_ENV, resolve_db_path

if TYPE_CHECKING:
    from oxytimer.storage.exchange import ImportProblem
    from oxytimer.storage.repository import Repository


class Context:
    """What the global options say, for the commands."""

    def __init__(self, db: str | None) -> None:
        self._db = db

    @property
    def db_path(self) -> Path:
        return resolve_db_path(self._db)


pass_context = click.make_pass_decorator(Context)


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    type=click.Path(dir_okay=False),
    envvar=DB_ENV,
    help=f"Database file (default: oxytimer.sqlite in your data folder; or set {DB_ENV}).",
)
@click.option(
    "--quit-after-show",
    is_flag=True,
    help="Open the main window, let it paint once and exit (for timing start-up; the"
    " protocol and instrument files are read only after the first paint, so not then).",
)
@click.version_option(__version__, prog_name="oxytimer")
@click.pass_context
def main(ctx: click.Context, db: str | None, quit_after_show: bool) -> None:
    """oxytimer: guided oxytocin massage sessions and milk-expression scores."""
    ctx.obj = Context(db)
    if ctx.invoked_subcommand is None:
        from oxytimer.app import run_gui

        ctx.exit(run_gui(ctx.obj.db_path, quit_after_show=quit_after_show))


# ------------------------------------------------------------------ data exchange (issue 5)
# Commands below open the database themselves; a damaged or too-new file is refused
# before anything is written (Repository.open runs quick_check and the schema check).


def _fail(message: str) -> NoReturn:
    click.echo(f"oxytimer: {message}", err=True)
    raise SystemExit(1)


def _cli_operator() -> str:
    import getpass

    try:
        return "cli:" + getpass.getuser()
    except (KeyError, OSError):
        return "cli"


def _open_repo(obj: Context, *, must_exist: bool, check_trail: bool = True) -> Repository:
    """Open the database; with ``check_trail``, warn (stderr) if its audit trail was
    tampered with (export and merge refuse instead, in the storage layer)."""
    from oxytimer.storage.repository import Repository, StorageError

    path = obj.db_path
    if must_exist and not path.exists():
        _fail(f"no database at {path}")
    try:
        repo = Repository.open(path, operator=_cli_operator())
    except StorageError as error:
        _fail(f"cannot open {path}: {error}")
    if check_trail:
        from oxytimer.storage.audit_chain import check_at_open

        check = check_at_open(repo.db.conn)
        if not check.ok:
            click.echo(f"oxytimer: warning: {check.sentence()}", err=True)
    if not repo.sites():
        from oxytimer.domain.sites import load_sites
        from oxytimer.storage.repository import StorageError

        try:
            repo.ensure_sites([(s.code, s.name) for s in load_sites()])
        except StorageError as error:
            repo.close()
            _fail(f"cannot write {path}: {error}")
    return repo


_PROBLEM_TEXT = {
    "not_utf8": "the file is not UTF-8 text (byte {position}); save it as CSV UTF-8",
    "empty": "the file has no data rows",
    "too_large": "the file is larger than {max_mb} MB",
    "csv_error": "the file is not valid CSV: {detail}",
    "missing_column": "required column missing",
    "unknown_column": "unknown column (allowed: participant, site, pre, post, date, caregiver,"
    " duration_min, age, occupation)",
    "duplicate_column": "column appears twice",
    "wrong_field_count": "expected {expected} fields, found {found}",
    "required": "value required",
    "not_a_number": "not a number",
    "not_whole": "not a whole number",
    "out_of_range": "must be from {min} to {max}",
    "bad_date": "not a date and time (use YYYY-MM-DD HH:MM or dd/mm/yyyy HH:MM)",
    "time_required": "the time of day is missing (for example 2026-03-01 07:30)",
    "duplicate_row": "same participant and time as line {line}",
    "future_date": "date is in the future",
    "unknown_site": "unknown site code",
    "invalid_code": "study code must be letters, digits, '-', '_' or '.'",
    "unknown_caregiver": "unknown caregiver (husband, midwife, family, other)",
    "unknown_occupation": "unknown occupation",
    "mother_differs": "differs from the mother's recorded value ({stored})",
    "mother_not_active": "this mother is not enrolled or her record is locked",
    "conflict": "this session was imported before with different values (session {session})",
}


class _Params(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return "?"


def problem_text(problem: ImportProblem) -> str:
    """One import problem as an English line: where, the value, and what is wrong."""
    reason = _PROBLEM_TEXT.get(problem.code, problem.code)
    reason = reason.format_map(_Params(problem.params))
    where = f"line {problem.line}" if problem.line else "file"
    if problem.column:
        where += f", column {problem.column}"
    value = f", value {problem.value!r}" if problem.value else ""
    return f"{where}{value}: {reason}"


@main.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check the file and report; write nothing.")
@pass_context
def import_command(obj: Context, file: Path, dry_run: bool) -> None:
    """Import sessions recorded on paper from FILE.csv (all rows, or none).

    Columns: participant, site, date (with the time of day: 2026-03-01 07:30 or
    01/03/2026 07:30), pre, post (required); caregiver, duration_min, age, occupation
    (optional). UTF-8 with or without BOM, ',' or ';' separated, decimal
    commas allowed. Unknown participants are created at their site.
    """
    from oxytimer.storage.exchange import import_csv, plan_import
    from oxytimer.storage.repository import StorageError

    data = file.read_bytes()
    repo = _open_repo(obj, must_exist=False)
    try:
        if dry_run:
            plan = plan_import(repo, data)
            result_written, added, mothers = False, len(plan.new_rows), len(plan.new_mothers)
        else:
            result = import_csv(repo, data)
            plan = result.plan
            result_written, added = result.written, result.sessions_added
            mothers = result.mothers_added
    except StorageError as error:
        _fail(f"nothing was imported: {error}")
    finally:
        repo.close()
    if plan.problems:
        click.echo(f"{file}: {len(plan.problems)} problem(s); nothing was imported.", err=True)
        for problem in plan.problems:
            click.echo(f"  {problem_text(problem)}", err=True)
        raise SystemExit(1)
    verb = "Would import" if dry_run else "Imported"
    if dry_run or result_written:
        click.echo(f"{verb} {added} session(s), {mothers} new mother(s) from {file}.")
    else:
        click.echo(f"Nothing new in {file}.")
    if plan.already_imported:
        click.echo(f"{plan.already_imported} row(s) were imported before and were skipped.")


@main.command("export")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Folder to write to.",
)
@click.option(
    "--identifying",
    is_flag=True,
    help="Include identifying fields (names, free-text reasons, operators).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "redcap", "bundle", "sav", "xlsx"]),
    default="csv",
    show_default=True,
)
@pass_context
def export_command(obj: Context, out_dir: Path, identifying: bool, fmt: str) -> None:
    """Export the records: CSV (sessions and mothers), REDCap, a reproducibility bundle
    (zip), SPSS .sav (needs oxytimer[spss]) or Excel .xlsx (needs oxytimer[xlsx]).

    De-identified unless --identifying is given (REDCap and bundle always are).
    """
    from oxytimer.storage.exchange import MissingExtraError, export
    from oxytimer.storage.repository import StorageError

    repo = _open_repo(obj, must_exist=True, check_trail=False)
    try:
        files = export(repo, out_dir, fmt, identifying=identifying)
    except MissingExtraError as error:
        _fail(str(error))
    except StorageError as error:
        _fail(f"nothing was exported: {error}")
    except OSError as error:
        _fail(f"cannot write to {out_dir}: {error}")
    finally:
        repo.close()
    for path in files:
        click.echo(str(path))


@main.command("backup")
@pass_context
def backup_command(obj: Context) -> None:
    """Back up the database (SQLite online backup) into the backups folder beside it,
    keeping the newest 14. A damaged database is not backed up."""
    from oxytimer.storage.backup import backup_database
    from oxytimer.storage.repository import StorageError

    path = obj.db_path
    if not path.exists():
        _fail(f"no database at {path}")
    try:
        target = backup_database(path)
    except StorageError as error:
        _fail(f"no backup was made: {error}")
    click.echo(str(target))


@main.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@pass_context
def restore_command(obj: Context, file: Path) -> None:
    """Replace the database with the backup FILE, after backing up the current one.

    Refused while oxytimer has the database open. A damaged current database is kept
    as a '.damaged' copy in the backups folder.
    """
    from oxytimer.storage.backup import restore
    from oxytimer.storage.repository import StorageError

    path = obj.db_path
    try:
        before = restore(path, file)
    except StorageError as error:
        _fail(f"nothing was restored: {error}")
    if before is not None:
        click.echo(f"The previous database was saved as {before}.")
    click.echo(f"Restored {path} from {file}.")


@main.command("merge")
@click.argument(
    "others", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@pass_context
def merge_command(obj: Context, others: tuple[Path, ...]) -> None:
    """Merge other laptops' databases (OTHER.sqlite [MORE ...]) into this one, by UUID.

    Idempotent and order-free; a record whose UUID is here with different content is a
    conflict: reported, never overwritten (exit status 3 when there are conflicts).
    Sites are matched by their code.
    """
    from oxytimer.storage.merge import merge_databases
    from oxytimer.storage.repository import StorageError

    repo = _open_repo(obj, must_exist=False, check_trail=False)
    try:
        report = merge_databases(repo, list(others))
    except StorageError as error:
        _fail(f"nothing was merged: {error}")
    finally:
        repo.close()
    added = ", ".join(f"{n} {t}" for t, n in report.added.items() if n) or "nothing new"
    click.echo(f"Merged {len(others)} database(s): {added}.")
    updated = ", ".join(f"{n} {t}" for t, n in report.updated.items() if n)
    if updated:
        click.echo(f"Brought up to date (changed on the other laptop since): {updated}.")
    skipped = ", ".join(f"{n} {t}" for t, n in report.skipped.items() if n)
    if skipped:
        click.echo(f"Left out because of conflicts: {skipped}.")
    for c in report.conflicts:
        detail = ", ".join(f"{k}={v}" for k, v in c.detail.items())
        click.echo(f"conflict: {c.source}: {c.table} {c.record_id}: {c.code} ({detail})", err=True)
    for x in report.left_out:
        click.echo(
            f"left out: {x.source}: {x.table} {x.record_id}: waits for conflict {x.because}",
            err=True,
        )
    if report.conflicts:
        raise SystemExit(3)


@main.command("verify")
@pass_context
def verify_command(obj: Context) -> None:
    """Check the whole audit trail: its hash chain, row by row, and the triggers that
    protect the records. Lists every change, deletion or addition made outside oxytimer
    with where it is. Exit status 0 when intact, 4 when tampered with."""
    from oxytimer.storage.audit_chain import verify_chain

    repo = _open_repo(obj, must_exist=True, check_trail=False)
    try:
        check = verify_chain(repo.db.conn)
    finally:
        repo.close()
    if check.ok:
        click.echo(
            f"The audit trail is intact: {check.checked} row(s) checked, every protective"
            " trigger in place."
        )
        return
    for item in check.breaks:
        click.echo(f"{item.kind}: {item.describe()}")
    if check.more:
        click.echo(f"... and {check.more} more.")
    click.echo(f"oxytimer: {check.sentence()}", err=True)
    raise SystemExit(4)


# ------------------------------------------------------- clinician summary and demo (issue 4)
from oxytimer.cli_summary import demo_command, summary_command  # noqa: E402

main.add_command(summary_command)
main.add_command(demo_command)

from oxytimer.cli_server import server_command  # noqa: E402

main.add_command(server_command)
