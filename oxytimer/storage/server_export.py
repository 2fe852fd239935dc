"""``oxytimer --db postgresql://... export``: the records of a study server as files
(issue 15, item 4), in the formats whose tables the file's export shares (CSV, Excel).

The tables are the file's (storage/export_tables.py) read on a read-only connection
(storage/server_analysis.py). De-identified unless asked: ids become keyed pseudonyms as
from a file, with a key of this computer's for that server (``key_file``, made 0600 by
the first export), since a coordinator cannot write to the server; re-exports from this
computer link. Nothing is written to the server.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, cast

if TYPE_CHECKING:
    from oxytimer.domain.instrument import Instrument
    from oxytimer.storage.server_analysis import ServerReader

SERVER_FORMATS: Final = ("csv", "xlsx")
"""The export formats a server can give (the others need the laptop's file)."""


class ServerRecords:
    """What the export tables read: the server's connection and the pseudonym key."""

    def __init__(self, reader: ServerReader, export_key: bytes) -> None:
        self.db = reader
        self.export_key = export_key


def server_key(key_file: Path) -> bytes:
    """This computer's pseudonym key for a server: read, or made (32 random bytes, 0600)."""
    if key_file.exists():
        key = key_file.read_bytes()
        if key:
            return key
        # Empty: what an older version left when killed (or on a full disk) between
        # making the file and writing the key. Never a key: pseudonyms made with an
        # empty one could be recomputed by anyone.
    key_file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = secrets.token_bytes(32)
    # Written whole beside (0600), then moved in: a key file is whole or absent.
    descriptor, temp = tempfile.mkstemp(prefix=f".{key_file.name}.", dir=key_file.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(key)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temp, key_file)  # never over a key another export made meanwhile
        except FileExistsError:
            made = key_file.read_bytes()
            if made:
                return made
            os.replace(temp, key_file)
        except OSError:  # (no hard links: a FAT stick)
            os.replace(temp, key_file)
    finally:
        Path(temp).unlink(missing_ok=True)
    return key


def export_from_server(
    url: str,
    out_dir: Path,
    fmt: str,
    *,
    key_file: Path,
    identifying: bool = False,
    instrument: Instrument | None = None,
) -> list[Path]:
    """Export the server's records (as its role may read them) into ``out_dir``.

    Raises:
        ValueError: A format the server cannot give (see :data:`SERVER_FORMATS`).
        ServerError: No driver, no server, a refused password... in a sentence.
    """
    from oxytimer.storage.export_csv import export_csv
    from oxytimer.storage.export_xlsx import export_xlsx
    from oxytimer.storage.server import ServerError
    from oxytimer.storage.server_analysis import open_reader

    if fmt not in SERVER_FORMATS:
        raise ValueError(
            f"a server exports {' or '.join(SERVER_FORMATS)}; for {fmt}, merge or sync"
            " the records into a file and export that"
        )
    reader = open_reader(url)
    try:
        records = cast(Any, ServerRecords(reader, b"" if identifying else server_key(key_file)))
        out_dir.mkdir(parents=True, exist_ok=True)
        write = export_csv if fmt == "csv" else export_xlsx
        return write(records, out_dir, identifying=identifying, instrument=instrument)
    except Exception as error:
        if type(error).__module__.startswith("psycopg"):
            raise ServerError(f"The server could not give its records: {error}") from None
        raise
    finally:
        reader.close()
