"""The study server's password, kept where libpq looks for it: its password file.

oxytimer never writes a password into its own settings or database. When a person gives
one (``oxytimer sync URL --password``, a password in the URL, or Settings), it goes into
libpq's password file — ``PGPASSFILE`` if set, else ``~/.pgpass`` (on Windows
``%APPDATA%/postgresql/pgpass.conf``) — with mode 0600, as libpq requires: one line
``host:port:database:user:password``. libpq reads it at every connection; the address
oxytimer keeps has no password.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

from oxytimer.storage.server import ServerError, redact


def pgpass_path() -> Path:
    """Where libpq reads passwords from on this computer."""
    explicit = os.environ.get("PGPASSFILE")
    if explicit:
        return Path(explicit)
    if sys.platform == "win32":  # pragma: no cover - Windows only
        return Path(os.environ.get("APPDATA", "~")).expanduser() / "postgresql" / "pgpass.conf"
    return Path.home() / ".pgpass"


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace(":", "\\:")


def _fields(line: str) -> list[str]:
    fields, current, escaped = [], "", False
    for char in line:
        if escaped:
            current += char
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == ":":
            fields.append(current)
            current = ""
        else:
            current += char
    fields.append(current)
    return fields


def entry_for(url: str) -> tuple[str, str, str, str]:
    """(host, port, database, user) of a postgresql:// URL, as libpq matches them."""
    parts = urlsplit(url)
    if parts.scheme not in ("postgresql", "postgres"):
        raise ServerError(
            f"{redact(url)} is not a server address: it starts with postgresql://",
            "bad_address",
        )
    user = unquote(parts.username or "")
    if not user:
        raise ServerError(
            f"The address {redact(url)} names no user: write it as"
            " postgresql://ROLE@HOST/DATABASE.",
            "bad_address",
        )
    host = parts.hostname or "localhost"
    port = str(parts.port or os.environ.get("PGPORT") or 5432)
    database = unquote(parts.path.lstrip("/")) or user
    return host, port, database, user


def save_password(url: str, password: str) -> Path:
    """Keep ``password`` for ``url``'s server, database and user in libpq's file (0600).

    An older line for the same host, port, database and user is replaced; other lines
    are kept as they are. The file is replaced whole (written beside it, then renamed).

    Raises:
        ServerError: the address names no user, or the file cannot be written.
    """
    if not password:
        raise ServerError("The password is empty.", "bad_password")
    host, port, database, user = entry_for(url)
    path = pgpass_path()
    try:
        old = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
        kept = [
            line
            for line in old
            if line.startswith("#") or _fields(line)[:4] != [host, port, database, user]
        ]
        kept.append(":".join(_escape(v) for v in (host, port, database, user, password)))
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".pgpass-", dir=path.parent)
        try:
            os.fchmod(handle, 0o600)
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write("\n".join(kept) + "\n")
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        path.chmod(0o600)
    except OSError as error:
        raise ServerError(
            f"The password could not be kept in {path}: {error.strerror or error}.",
            "pgpass_unwritable",
        ) from None
    return path


def has_password(url: str) -> bool:
    """Whether libpq's file holds a line for this address (any matching line, as libpq)."""
    try:
        host, port, database, user = entry_for(url)
    except ServerError:
        return False
    path = pgpass_path()
    if not path.exists():
        return False
    wanted = (host, port, database, user)
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        fields = _fields(line)
        if len(fields) >= 5 and all(f in ("*", w) for f, w in zip(fields[:4], wanted, strict=True)):
            return True
    return False
