"""A real PostgreSQL server for the study-server tests (no mocks, no SQLite in its place).

``.ci/run`` starts one and exports its superuser URL as ``OXYTIMER_TEST_PG``; without it
(a developer's ``pytest``) the tests start a private one here, with the machine's
PostgreSQL, and stop it at the end. Each test gets a database of its own.
"""

from __future__ import annotations

import importlib.util
import os
import secrets
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from psycopg import sql

ROOT = Path(__file__).resolve().parents[2]


def _pg_test_server():  # scripts/ is not a package
    spec = importlib.util.spec_from_file_location(
        "pg_test_server", ROOT / "scripts" / "pg_test_server.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def pg_superuser() -> Iterator[str]:
    url = os.environ.get("OXYTIMER_TEST_PG")
    if url:
        yield url
        return
    server = _pg_test_server()
    folder = Path(tempfile.mkdtemp(prefix="oxytimer-pg-"))
    try:
        try:
            url = server.start(folder)
        except SystemExit as missing:  # no PostgreSQL on this machine: say so, plainly
            pytest.fail(str(missing), pytrace=False)
        yield url
    finally:
        server.stop(folder)


def with_database(url: str, database: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{database}"))


@pytest.fixture
def pg_url(pg_superuser: str) -> Iterator[str]:
    """The superuser's URL to a new, empty database; the database and the roles the test
    made are dropped afterwards."""
    name = f"oxytimer_t_{secrets.token_hex(4)}"
    with psycopg.connect(pg_superuser, autocommit=True) as admin:
        before = {r[0] for r in admin.execute("SELECT rolname FROM pg_roles")}
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield with_database(pg_superuser, name)
    with psycopg.connect(pg_superuser, autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
        made = {r[0] for r in admin.execute("SELECT rolname FROM pg_roles")} - before
        # login roles first, then the groups they belong to
        for role in sorted(made, key=lambda r: r in ("oxytimer_site", "oxytimer_coordinator")):
            admin.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))
