"""What the Summary tab reads from a study server besides the summary itself (issue 15).

The summary is :func:`oxytimer.storage.summary.summarise_server`; the filters' choices
(sites, caregivers, versions, the enrolment days) are read here, on the same kind of
read-only connection (:func:`oxytimer.storage.server_analysis.open_reader`): nothing is
written to the server. Every failure is a :class:`~oxytimer.storage.server.ServerError`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from oxytimer.storage.analysis import POSTGRESQL, filter_choices


def server_choices(
    url: str,
) -> tuple[dict[str, list[str]], list[dict[str, str]], tuple[date, date] | None]:
    """The filters' choices on the server at ``url``: what
    :func:`~oxytimer.storage.analysis.filter_choices`, ``Repository.sites`` and
    :func:`~oxytimer.storage.summary.enrolment_range` give from a file.

    Raises:
        ServerError: No driver, no server, a refused password, a server not set up or
            set up by a newer oxytimer, a connection lost: a sentence each.
    """
    from oxytimer.storage.server import ServerError, redact
    from oxytimer.storage.server_analysis import open_reader

    reader = open_reader(url)
    try:
        choices = filter_choices(reader)  # type: ignore[arg-type]
        sites = [
            {"code": str(code), "name": str(name)}
            for code, name in reader.execute("SELECT code, name FROM sites ORDER BY code")
        ]
        day = POSTGRESQL.local_day("m.enrolled_at")
        row: Any = reader.execute(f"SELECT min({day}), max({day}) FROM mothers m").fetchone()
        span = (
            None
            if not row or row[0] is None
            else (date.fromisoformat(row[0]), date.fromisoformat(row[1]))
        )
        return choices, sites, span
    except Exception as error:
        if type(error).__module__.startswith("psycopg"):
            raise ServerError(
                f"The server could not give its records ({redact(url)}): {error}",
                "connection_lost",
                redact(url),
            ) from None
        raise
    finally:
        reader.close()


def key_file_name(url: str) -> str:
    """The name of this computer's pseudonym key for the server at ``url`` (the same for
    every role and option of that server and database)."""
    import hashlib

    from oxytimer.storage.server import redact

    return hashlib.sha256(redact(url).split("?")[0].encode()).hexdigest()[:16] + ".key"
