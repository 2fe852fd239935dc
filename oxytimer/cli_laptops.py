"""Commands for a study with several laptops: merge, conflicts, laptop-tag (issue 11)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

if TYPE_CHECKING:
    from oxytimer.cli import Context
    from oxytimer.storage.repository import Repository


def _fail(message: str, status: int = 1) -> NoReturn:
    click.echo(f"oxytimer: {message}", err=True)
    raise SystemExit(status)


def _open(obj: Context, *, must_exist: bool = True, check_trail: bool = True) -> Repository:
    from oxytimer.cli import _open_repo

    return _open_repo(obj, must_exist=must_exist, check_trail=check_trail)


_INPUT_TEXT = {
    ("conflict", "not_found"): "there is no open conflict #{id} (see: oxytimer conflicts)",
    ("conflict", "wrong_kind"): "conflict of kind {kind} cannot be resolved this way",
    ("reason", "required"): "give a reason (--reason)",
    ("study_code", "duplicate"): "the study code {value} is already used at this site",
    ("study_code", "required"): "give the new study code",
    ("study_code", "invalid_code"): "a study code is letters, digits, '-', '_' or '.'",
    ("column", "not_found"): "{value} is not in conflict (columns: {columns})",
    ("value", "required"): "choose --take theirs|here or give --set for every column: {columns}",
    ("value", "not_a_number"): "{value} is not a number",
    ("value", "invalid"): "the record refuses that value",
    ("laptop_tag", "required"): "give a tag: one or two letters",
    ("laptop_tag", "invalid_tag"): "a laptop tag is one or two letters (A-Z)",
    ("mother", "not_found"): "no single mother has the code {value}",
    ("mother", "same_record"): "{value} is the same record twice",
    ("mother", "open_sessions"): "the duplicate has {count} open session(s): finish them first",
    ("id", "not_found"): "the record here is no longer there",
}


def _input_text(error: Exception) -> str:
    field, code = getattr(error, "field", ""), getattr(error, "code", "")
    params = {k: v for k, v in getattr(error, "params", {}).items()}
    template = _INPUT_TEXT.get((field, code), f"{field}: {code}")
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return template


@click.command("merge")
@click.argument(
    "others", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--report",
    "report_file",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write every row of the report (counts, conflicts, records left out) to FILE.csv"
    " or FILE.json.",
)
@click.pass_obj
def merge_command(obj: Context, others: tuple[Path, ...], report_file: Path | None) -> None:
    """Merge other laptops' databases (OTHER.sqlite [MORE ...]) into this one, by UUID.

    Idempotent and order-free; a record changed on both sides, or a study code used here
    by another mother, is a conflict: kept, never overwritten, resolved with
    `oxytimer conflicts`. Prints counts per kind and one line per conflict; exit status 0
    when everything came in, 3 when conflicts remain.
    """
    from oxytimer.cli import _fail_storage
    from oxytimer.storage.backup import check_file
    from oxytimer.storage.conflicts import open_conflicts
    from oxytimer.storage.errors import DatabaseEmptyError
    from oxytimer.storage.merge import merge_databases
    from oxytimer.storage.merge_report import summary_lines, write_report
    from oxytimer.storage.repository import StorageError

    path = obj.db_path
    if path.exists():
        try:
            check_file(path)  # the full check, before writing into it
        except DatabaseEmptyError as error:
            if not obj.new:
                _fail_storage("nothing was merged", error)
        except StorageError as error:
            _fail_storage("nothing was merged", error)
    repo = _open(obj, must_exist=False, check_trail=False)  # merge refuses a broken trail
    try:
        report = merge_databases(repo, list(others))
        numbers = {(c.table, c.record_id, c.kind): c.id for c in open_conflicts(repo.db)}
    except StorageError as error:
        _fail_storage("nothing was merged", error)
    finally:
        repo.close()
    click.echo(f"Merged {', '.join(p.name for p in others)} into {obj.db_path.name}:")
    for line in summary_lines(report, numbers):
        click.echo(line)
    if report_file is not None:
        try:
            write_report(report, report_file)
        except OSError as error:
            _fail(f"the merge is done but the report could not be written: {error}")
        click.echo(f"Every row of the report: {report_file}")
    if report.conflicts:
        raise SystemExit(3)


def _value(value: object) -> str:
    return "—" if value is None else str(value)


@click.group("conflicts", invoke_without_command=True)
@click.pass_context
def conflicts_group(ctx: click.Context) -> None:
    """List the conflicts merges met (both versions side by side); `resolve` one."""
    if ctx.invoked_subcommand is not None:
        return
    from oxytimer.cli import _open_for_export
    from oxytimer.storage.conflicts import open_conflicts

    # Listing only reads: beside the running app too, and from a read-only file.
    repo = _open_for_export(ctx.obj)
    try:
        found = open_conflicts(repo.db)
    finally:
        repo.close()
    if not found:
        click.echo("No open conflicts.")
        return
    for c in found:
        click.echo(f"#{c.id} {c.kind}: {c.table} {c.record_id} from {c.source}"
                   f" ({c.waiting} record(s) wait for it)")  # fmt: skip
        theirs = c.theirs.get("row", {})
        if c.kind == "study_code_taken" and c.here is not None:
            click.echo(f"    here:  {c.here['study_code']} (mother {c.here['id']},"
                       f" enrolled {c.here['enrolled_at']})")  # fmt: skip
            click.echo(f"    there: {theirs.get('study_code')} (mother {theirs.get('id')},"
                       f" enrolled {theirs.get('enrolled_at')})")  # fmt: skip
            click.echo(f"    resolve: oxytimer conflicts resolve {c.id} --rename NEW-CODE"
                       " --reason '...'")  # fmt: skip
        elif c.kind == "different_content":
            for column in c.detail.get("columns", []):
                here = None if c.here is None else c.here.get(column)
                click.echo(f"    {column}: here {_value(here)} | there"
                           f" {_value(theirs.get(column))}")  # fmt: skip
            click.echo(f"    resolve: oxytimer conflicts resolve {c.id} --take theirs|here"
                       " [--set COLUMN=VALUE] --reason '...'")  # fmt: skip
        else:
            click.echo(f"    {c.detail}")


@conflicts_group.command("resolve")
@click.argument("number", type=int)
@click.option("--rename", "new_code", help="Give the mother here this study code.")
@click.option("--take", type=click.Choice(["theirs", "here"]), help="Keep that version's values.")
@click.option("--set", "values", multiple=True, help="COLUMN=VALUE: type the right value.")
@click.option("--reason", default="", help="Why (required; kept in the audit trail).")
@click.pass_obj
def resolve_command(
    obj: Context,
    number: int,
    new_code: str | None,
    take: str | None,
    values: tuple[str, ...],
    reason: str,
) -> None:
    """Resolve conflict NUMBER: --rename (a study code taken), --take or --set (values)."""
    from oxytimer.domain.records import InputError
    from oxytimer.storage.conflicts import choose_values, rename_mother
    from oxytimer.storage.repository import StorageError

    typed: dict[str, str] = {}
    for item in values:
        column, sep, value = item.partition("=")
        if not sep or not column.strip():
            _fail(f"--set takes COLUMN=VALUE, not {item!r}")
        typed[column.strip()] = value
    if (new_code is not None) == bool(take or typed):
        _fail("give either --rename NEW-CODE, or --take theirs|here and/or --set COLUMN=VALUE")
    repo = _open(obj)
    try:
        if new_code is not None:
            code = rename_mother(repo, number, new_code, reason)
            click.echo(f"Conflict #{number} resolved: the mother here is now {code}."
                       " Merge the other database again to bring the other mother in.")  # fmt: skip
        else:
            chosen = choose_values(repo, number, reason, take=take, values=typed)
            shown = ", ".join(f"{k} = {_value(v)}" for k, v in chosen.items())
            click.echo(f"Conflict #{number} resolved: {shown}.")
    except InputError as error:
        _fail(f"nothing was changed: {_input_text(error)}")
    except StorageError as error:
        _fail(f"nothing was changed: {error}")
    finally:
        repo.close()


@conflicts_group.command("link")
@click.argument("duplicate")
@click.argument("keep")
@click.option("--reason", default="", help="Why (required; kept in the audit trail).")
@click.pass_obj
def link_command(obj: Context, duplicate: str, keep: str, reason: str) -> None:
    """The same mother enrolled twice: move DUPLICATE's sessions to KEEP (study codes)."""
    from oxytimer.domain.records import InputError
    from oxytimer.storage.conflicts import link_mothers
    from oxytimer.storage.repository import StorageError

    repo = _open(obj)
    try:
        moved = link_mothers(repo, duplicate, keep, reason)
    except InputError as error:
        _fail(f"nothing was changed: {_input_text(error)}")
    except StorageError as error:
        _fail(f"nothing was changed: {error}")
    finally:
        repo.close()
    click.echo(f"Linked: {moved} session(s) moved to {keep.upper()}; {duplicate.upper()} is"
               " closed as the same mother. Both histories are kept.")  # fmt: skip


@click.command("laptop-tag")
@click.argument("tag", required=False)
@click.pass_obj
def laptop_tag_command(obj: Context, tag: str | None) -> None:
    """Show this laptop's tag, or set it to TAG (one or two letters, once per laptop)."""
    from oxytimer.domain.records import InputError
    from oxytimer.storage.laptop import laptop_tag, set_laptop_tag

    repo = _open(obj, must_exist=tag is None)
    try:
        if tag is None:
            current = laptop_tag(repo.db)
            click.echo(current or "No laptop tag yet: set one with oxytimer laptop-tag TAG.")
            return
        try:
            stored = set_laptop_tag(repo.db, tag, repo._now())
        except InputError as error:
            _fail(f"nothing was changed: {_input_text(error)}")
        click.echo(f"This laptop's tag is {stored}: its study codes read like"
                   f" {repo.suggest_study_code(repo.sites()[0]['id'])}.")  # fmt: skip
    finally:
        repo.close()
