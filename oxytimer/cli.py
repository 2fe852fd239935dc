"""The command line. Without a command, ``oxytimer`` opens the app.

``--db PATH`` (or ``OXYTIMER_DB``) is global: ``oxytimer --db PATH <command>`` works for
every command. No Qt is imported here except to start the app or find the default path.
"""

from __future__ import annotations

from pathlib import Path

import click

from oxytimer import __version__
from oxytimer.paths import DB_ENV, resolve_db_path


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
    help="Open the main window, let it paint once and exit (for timing start-up).",
)
@click.version_option(__version__, prog_name="oxytimer")
@click.pass_context
def main(ctx: click.Context, db: str | None, quit_after_show: bool) -> None:
    """oxytimer: guided oxytocin massage sessions and milk-expression scores."""
    ctx.obj = Context(db)
    if ctx.invoked_subcommand is None:
        from oxytimer.app import run_gui

        ctx.exit(run_gui(ctx.obj.db_path, quit_after_show=quit_after_show))
