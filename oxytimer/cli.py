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
    from oxytimer.storage.opening import DatabaseInfo
    from oxytimer.storage.repository import Repository


class Context:
    """What the global options say, for the commands."""

    def __init__(self, db: str | None, new: bool = False) -> None:
        self._db = db
        self.new = new

    @property
    def db_path(self) -> Path:
        return resolve_db_path(self._db)

    @property
    def server_url(self) -> str | None:
        """``--db`` when it names a study server (``postgresql://...``), else None."""
        found = self._db or ""
        return found if found.startswith(("postgresql://", "postgres://")) else None


pass_context = click.make_pass_decorator(Context)


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    type=click.Path(dir_okay=False),
    envvar=DB_ENV,
    help=f"Database file (default: oxytimer.sqlite in your data folder; or set {DB_ENV}).",
)
@click.option(
    "--new",
    is_flag=True,
    help="Start a new database in an empty (0-byte or table-less) file at --db; without"
    " it such a file is refused, since it may be what is left of lost records.",
)
@click.option(
    "--quit-after-show",
    is_flag=True,
    help="Open the main window, let it paint once and exit (for timing start-up; the"
    " protocol and instrument files are read only after the first paint, so not then).",
)
@click.version_option(__version__, prog_name="oxytimer")
@click.pass_context
def main(ctx: click.Context, db: str | None, new: bool, quit_after_show: bool) -> None:
    """oxytimer: guided oxytocin massage sessions and milk-expression scores."""
    ctx.obj = Context(db, new)
    if ctx.invoked_subcommand is None:
        from oxytimer.app import run_gui

        ctx.exit(run_gui(ctx.obj.db_path, quit_after_show=quit_after_show, new=new))


# ------------------------------------------------------------------ data exchange (issue 5)
# Commands below open the database themselves; a damaged or too-new file is refused
# before anything is written (Repository.open runs quick_check and the schema check).


def _fail(message: str) -> NoReturn:
    click.echo(f"oxytimer: {message}", err=True)
    raise SystemExit(1)


def _fail_storage(prefix: str, error: Exception) -> NoReturn:
    """Say what went wrong with the database, and what to do, after ``prefix``."""
    from oxytimer.cli_errors import explain

    _fail(f"{prefix}: {explain(error)}")  # type: ignore[arg-type]


def _refuse_while_app_runs(path: Path) -> None:
    """Writing commands wait for each other, but never write under the running app."""
    from oxytimer.cli_errors import explain as explain_storage
    from oxytimer.storage.locking import refuse_while_app_runs
    from oxytimer.storage.repository import StorageError

    try:
        refuse_while_app_runs(path)
    except StorageError as error:
        _fail(explain_storage(error))


def _cli_operator() -> str:
    import getpass

    try:
        return "cli:" + getpass.getuser()
    except (KeyError, OSError):
        return "cli"


def _open_repo(
    obj: Context, *, must_exist: bool, beside_app: bool = False, check_trail: bool = True
) -> Repository:
    """Open the database for a command.

    ``beside_app``: allowed while the app has it open (an export, whose only write is one
    small row, the first time). ``check_trail``: warn (stderr) if its audit trail was
    tampered with (export and merge refuse instead, in the storage layer).
    """
    from oxytimer.storage.repository import Repository, StorageError

    path = obj.db_path
    if must_exist and not path.exists():
        _fail(f"no database at {path}")
    app_runs = False
    if not beside_app:
        _refuse_while_app_runs(path)
    else:
        from oxytimer.storage.backup import lock_holder

        app_runs = lock_holder(path) is not None
    try:
        repo = Repository.open(path, operator=_cli_operator(), new=obj.new)
    except StorageError as error:
        _fail_storage(f"cannot open {path}", error)
    if app_runs:
        # Its refresh at close would hold the app's saves as long as it takes (up to a
        # minute after a large merge): the app refreshes the stored summary itself.
        repo.keeps_summary = False
    from oxytimer.storage.locking import COMMAND_BUSY_TIMEOUT_MS

    repo.db.execute(f"PRAGMA busy_timeout = {COMMAND_BUSY_TIMEOUT_MS}")
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
            _fail_storage(f"cannot write {path}", error)
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
    from oxytimer.storage.importer import MAX_IMPORT_BYTES
    from oxytimer.storage.repository import StorageError

    try:
        with open(file, "rb") as handle:
            data = handle.read(MAX_IMPORT_BYTES + 1)  # more is refused as too large
    except OSError as error:
        _fail(f"cannot read {file}: {error.strerror or error}")
    repo = _open_repo(obj, must_exist=False)
    try:
        if dry_run:
            plan = plan_import(repo, data)
            result_written, added, mothers = False, plan.new_sessions, plan.new_mothers
        else:
            result = import_csv(repo, data)
            plan = result.plan
            result_written, added = result.written, result.sessions_added
            mothers = result.mothers_added
    except StorageError as error:
        _fail_storage("nothing was imported", error)
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


def _open_for_export(obj: Context) -> Repository:
    """The database for an export: read-only when this user cannot write it (a stick,
    a 0400 file), never made writable nor written then; else opened as usual."""
    from oxytimer.storage.errors import StorageError, not_writable
    from oxytimer.storage.summary import open_for_reading

    path = obj.db_path
    if not path.exists():
        _fail(f"no database at {path}")
    if not_writable(path):
        try:
            return open_for_reading(path, check=False)
        except StorageError as error:
            _fail_storage(f"cannot open {path}", error)
    return _open_repo(obj, must_exist=True, beside_app=True, check_trail=False)


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
    (zip), SPSS .sav or Excel .xlsx (needs oxytimer[xlsx]).

    De-identified unless --identifying is given (REDCap and bundle always are).
    """
    import errno

    from oxytimer.storage.exchange import IDENTIFYING_FORMATS, MissingExtraError
    from oxytimer.storage.export_whole import export_whole
    from oxytimer.storage.repository import StorageError

    if obj.server_url is not None:
        files = _export_from_server(obj.server_url, out_dir, fmt, identifying)
        for path in files:
            click.echo(str(path))
        if identifying:
            click.echo(_IDENTIFYING_WARNING, err=True)
        return
    repo = _open_for_export(obj)
    try:
        # Every file of the format or none: a disk that fills up (or a kill) half-way
        # leaves no new first file beside an older second one.
        files = export_whole(repo, out_dir, fmt, identifying=identifying)
    except MissingExtraError as error:
        _fail(str(error))
    except StorageError as error:
        from oxytimer.storage.errors import DatabaseReadOnlyError

        if isinstance(error, DatabaseReadOnlyError) and not identifying:
            _fail(
                "nothing was exported: a de-identified export needs the pseudonym key"
                f" that the first export writes into the database, and {obj.db_path}"
                " cannot be written. Export with --identifying, or copy the database to a"
                " folder you can write and export the copy."
            )
        _fail_storage("nothing was exported", error)
    except OSError as error:
        if error.errno == errno.ENOSPC:
            _fail(
                f"nothing was exported: the disk of {out_dir} is full."
                " Free some space and export again."
            )
        _fail(f"cannot write to {out_dir}: {error}")
    finally:
        repo.close()
    for path in files:
        click.echo(str(path))
    if identifying and fmt in IDENTIFYING_FORMATS:
        click.echo(_IDENTIFYING_WARNING, err=True)


_IDENTIFYING_WARNING = (
    "Warning: these files identify mothers (names, reasons, dates). Keep them on"
    " this computer or an encrypted drive; never send them by e-mail or chat."
)


def _export_from_server(url: str, out_dir: Path, fmt: str, identifying: bool) -> list[Path]:
    """``export`` from a study server; its pseudonym key is this computer's, in the data
    folder (see storage/server_export.py)."""
    import hashlib

    from oxytimer.paths import data_dir
    from oxytimer.storage.server import ServerError, redact
    from oxytimer.storage.server_export import export_from_server

    name = hashlib.sha256(redact(url).split("?")[0].encode()).hexdigest()[:16]
    try:
        return export_from_server(
            url,
            out_dir,
            fmt,
            key_file=data_dir() / "server-keys" / f"{name}.key",
            identifying=identifying,
        )
    except ServerError as error:
        _fail(str(error))
    except ValueError as error:
        _fail(f"nothing was exported: {error}")
    except OSError as error:
        _fail(f"cannot write to {out_dir}: {error}")


@main.command("backup")
@pass_context
def backup_command(obj: Context) -> None:
    """Back up the database (SQLite online backup) into the backups folder beside it,
        keeping recent ones and older ones by age (daily for two weeks, weekly for two months,
    and always the one with the most records). A damaged or empty database is not backed
    up; a backup identical to the newest one is not made again."""
    from oxytimer.storage.backup import backup_database
    from oxytimer.storage.repository import StorageError

    path = obj.db_path
    if not path.exists():
        _fail(f"no database at {path}")
    try:
        target = backup_database(path)
    except StorageError as error:
        _fail_storage("no backup was made", error)
    click.echo(str(target))


@main.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", "-y", is_flag=True, help="Do not ask before replacing.")
@pass_context
def restore_command(obj: Context, file: Path, yes: bool) -> None:
    """Replace the database with the backup FILE, after backing up the current one.

    Shows what FILE and the current database hold and asks first. Refused while
    oxytimer has the database open, for a FILE that is not an oxytimer database with
    records, and for a read-only database. A damaged current database is kept as a
    '.damaged' copy in the backups folder.
    """
    from oxytimer.storage.backup import current_state, restorable, restore
    from oxytimer.storage.repository import StorageError

    path = obj.db_path
    try:
        offered = restorable(file)
    except StorageError as error:
        _fail_storage(f"nothing was restored from {file}", error)
    click.echo(f"{file} holds {_holds(offered)}.")
    state = current_state(path)
    if state is None:
        click.echo(f"There is no database at {path} yet.")
    elif isinstance(state, StorageError):
        from oxytimer.cli_errors import explain

        click.echo(f"The database now at {path}: {explain(state)}")
    else:
        click.echo(f"The database now at {path} holds {_holds(state)}.")
    if not yes and not click.confirm(f"Replace {path} with {file}?", default=False):
        _fail("nothing was restored.")
    try:
        before = restore(path, file)
    except StorageError as error:
        _fail_storage("nothing was restored", error)
    if before is not None:
        click.echo(f"The previous database was saved as {before}.")
    click.echo(f"Restored {path} from {file}.")


def _holds(info: DatabaseInfo) -> str:
    from oxytimer.storage.opening import describe

    d = describe(info)
    last = f", last change {d['last_change']}" if d["last_change"] else ""
    return (
        f"{d['mothers']} mothers, {d['sessions']} sessions, {d['scores']} scores and"
        f" {d['audit']} audit rows{last} (file written {d['modified']})"
    )


@main.command("verify")
@pass_context
def verify_command(obj: Context) -> None:
    """Check the whole audit trail: its hash chain, row by row, and the triggers that
    protect the records. Lists every change, deletion or addition made outside oxytimer
    with where it is. Exit status 0 when intact, 4 when tampered with."""
    from oxytimer.storage.audit_chain import verify_chain

    # Read-only when this user cannot write it (a stick, another user's file): it
    # only reads the trail, never makes the file writable.
    repo = _open_for_export(obj)
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

# ------------------------------------------------------- several laptops (issue 11)
from oxytimer.cli_laptops import conflicts_group, laptop_tag_command, merge_command  # noqa: E402

main.add_command(merge_command)
main.add_command(conflicts_group)
main.add_command(laptop_tag_command)

from oxytimer.cli_server import server_command  # noqa: E402

main.add_command(server_command)

from oxytimer.cli_sync import sync_command  # noqa: E402

main.add_command(sync_command)
