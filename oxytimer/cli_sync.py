"""``oxytimer [--db FILE] sync [URL]``: sync this laptop with the study server (issue 15).

Exit status 0 when both directions are done and nothing is held back, 3 when conflicts
wait for a person (``oxytimer conflicts``), 1 with one sentence when the sync could not
run (never synced, no driver, password refused, wrong database, timeout ...): nothing
is lost and the laptop keeps working offline.

``OXYTIMER_SYNC_STOP_AT=DIRECTION:STEP[:N]`` (tests only) stops the process at that
checkpoint (``pull:sessions:2``: before the second batch of the pull's sessions, or at the
end of that table when it has fewer) after printing ``oxytimer sync stopped at ...`` to
stderr, so a test can kill it there deterministically.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import sys
from typing import TYPE_CHECKING, NoReturn

import click

if TYPE_CHECKING:
    from oxytimer.cli import Context
    from oxytimer.storage.sync import Checkpoint, SyncResult

STOP_ENV = "OXYTIMER_SYNC_STOP_AT"


def _fail(message: str, status: int = 1) -> NoReturn:
    click.echo(f"oxytimer: {message}", err=True)
    raise SystemExit(status)


def stop_hook(spec: str) -> Checkpoint:
    """The checkpoint that stops this process at ``spec`` (see the module docstring)."""
    direction, _, rest = spec.partition(":")
    step, _, number = rest.partition(":")
    wanted = int(number or 1)

    def hook(at_direction: str, at_step: str, at_number: int, last: bool) -> None:
        if (at_direction, at_step) != (direction, step):
            return
        if at_number == wanted or (last and at_number < wanted):
            sys.stderr.write(f"oxytimer sync stopped at {spec}\n")
            sys.stderr.flush()
            os.kill(os.getpid(), signal.SIGSTOP)

    return hook


def _say(result: SyncResult) -> None:
    received = result.pulled.total_added + sum(result.pulled.updated.values())
    sent = result.pushed.total_added + sum(result.pushed.updated.values())
    click.echo(
        f"Synced with {result.server} (puskesmas {', '.join(result.codes)}):"
        f" {received} row(s) received, {sent} row(s) sent."
    )
    if result.other_sites_mothers:
        click.echo(
            f"{result.other_sites_mothers} mother(s) of other puskesmas on this laptop were"
            " not sent (this laptop's server role is for its own puskesmas only)."
        )
    if result.conflicts:
        held = result.pulled.left_out + result.pushed.left_out
        click.echo(
            f"{result.conflicts} record(s) changed both here and on the server are held back"
            f" with {len(held)} row(s) that depend on them: resolve them with"
            " 'oxytimer conflicts', then sync again."
        )


@click.command("sync")
@click.argument("url", required=False)
@click.option(
    "--password",
    "ask_password",
    is_flag=True,
    help="Ask for the role's password and keep it in libpq's password file (~/.pgpass,"
    " mode 0600), never in oxytimer's files.",
)
@click.option(
    "--full",
    is_flag=True,
    help="Compare every record of the puskesmas both ways, not only what changed since"
    " the last sync (the first sync with a server always does).",
)
@click.option("--batch", type=click.IntRange(1), default=None, hidden=True)
@click.pass_obj
def sync_command(
    obj: Context, url: str | None, ask_password: bool, full: bool, batch: int | None
) -> None:
    """Sync this laptop with the study server at URL (postgresql://ROLE@HOST/DATABASE).

    Receives the records of this laptop's puskesmas that other laptops sent, then sends
    this laptop's new and changed ones, with the rules of 'oxytimer merge': by UUID,
    nothing overwritten; a record changed on both sides is held back as a conflict
    ('oxytimer conflicts'). Without URL: the server of the last sync. A password in URL or
    asked by --password is kept in libpq's password file. Use sslmode=verify-full for a
    server on the internet. Exit status 0, or 3 when conflicts wait.
    """
    from oxytimer.cli import _fail_storage, _open_repo
    from oxytimer.storage.errors import StorageError
    from oxytimer.storage.server import ServerError
    from oxytimer.storage.sync import BATCH, saved_server, sync, without_password

    repo = _open_repo(obj, must_exist=True)
    repo_path = obj.db_path
    try:
        if url is not None:
            url, given = without_password(url.strip())
        else:
            saved = saved_server(repo.db)
            url, given = (saved.url if saved else None), None
        if ask_password:
            if url is None:
                _fail("give the server's address with --password.")
            given = click.prompt("Password", hide_input=True)
        if given is not None and url is not None:
            from oxytimer.storage.server_password import save_password

            try:
                where = save_password(url, given)
            except ServerError as error:
                _fail(str(error))
            click.echo(f"The password is kept in {where} (readable only by you).")
        spec = os.environ.get(STOP_ENV)
        try:
            result = sync(
                repo,
                url,
                batch=batch or BATCH,
                checkpoint=stop_hook(spec) if spec else None,
                full=full,
            )
        except ServerError as error:
            _fail(str(error))
        except StorageError as error:
            _fail_storage("the sync stopped", error)
        except sqlite3.Error as error:  # not one of the known cases: still one sentence
            _fail(
                f"the sync stopped: {repo_path} could not be read or written ({error});"
                " nothing of the unfinished part was kept."
            )
    finally:
        repo.close()
    _say(result)
    if result.conflicts:
        raise SystemExit(3)
