"""``oxytimer server ...``: setting up a PostgreSQL study server (issue 15).

For an administrator, from any computer that reaches the server:

    oxytimer server init postgresql://owner@host/oxytimer
    oxytimer server add-site postgresql://owner@host/oxytimer AMP
    oxytimer server add-coordinator postgresql://owner@host/oxytimer dinkes

The driver (psycopg 3) is an optional extra: ``pip install 'oxytimer[server]'``.
"""

from __future__ import annotations

import click


def _fail(message: str) -> None:
    click.echo(f"oxytimer: {message}", err=True)
    raise SystemExit(1)


@click.group("server")
def server_command() -> None:
    """Set up a PostgreSQL study server: tables, puskesmas roles, a coordinator."""


@server_command.command("init")
@click.argument("url")
def init_command(url: str) -> None:
    """Create the study's tables on the server at URL, or bring them up to this version.

    URL is libpq's (postgresql://USER@HOST:PORT/DATABASE?sslmode=verify-full); run it as
    the database's owner. Row-level security limits each puskesmas role to its own site.
    """
    from oxytimer.storage.server import ServerError, init_server, redact

    try:
        result = init_server(url)
    except ServerError as error:
        _fail(str(error))
        return
    where = redact(url)
    if result.created:
        click.echo(f"The study server at {where} is set up ({len(result.applied)} migrations).")
    elif result.applied:
        click.echo(f"The study server at {where} is upgraded: {', '.join(result.applied)}.")
    else:
        click.echo(f"The study server at {where} is up to date.")


def _print_credentials(kind: str, credentials: object) -> None:
    from oxytimer.storage.server import Credentials

    assert isinstance(credentials, Credentials)
    click.echo(f"{kind} role {credentials.role} is ready. Its password is shown only now:")
    click.echo(f"  user:     {credentials.role}")
    click.echo(f"  password: {credentials.password}")
    click.echo(f"  address:  {credentials.url}")
    click.echo(
        "Give them to the person who sets up the laptops; the password goes into libpq's"
        " password file (~/.pgpass, mode 0600), never into oxytimer's settings."
    )


@server_command.command("add-site")
@click.argument("url")
@click.argument("code")
def add_site_command(url: str, code: str) -> None:
    """Create the login role of puskesmas CODE on the server at URL (shown once)."""
    from oxytimer.storage.server import ServerError, add_site

    try:
        credentials = add_site(url, code)
    except ServerError as error:
        _fail(str(error))
        return
    _print_credentials(f"Puskesmas {code.strip().upper()}:", credentials)


@server_command.command("add-coordinator")
@click.argument("url")
@click.argument("name")
def add_coordinator_command(url: str, name: str) -> None:
    """Create a coordinator's login role NAME (reads every site, writes nothing)."""
    from oxytimer.storage.server import ServerError, add_coordinator

    try:
        credentials = add_coordinator(url, name)
    except ServerError as error:
        _fail(str(error))
        return
    _print_credentials("Coordinator:", credentials)
