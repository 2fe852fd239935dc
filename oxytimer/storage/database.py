"""The part of ``sqlite_utils.Database`` oxytimer uses, without importing sqlite-utils.

Importing sqlite-utils costs about 50 ms of start-up (it pulls in click, dateutil, pluggy,
decimal, ctypes...), and the app only ever calls ``execute``, ``atomic``, ``close``,
``conn`` and ``memory`` on its database. :class:`Database` is those, with the semantics of
sqlite-utils 4.2.1's ``Database`` (``sqlite_utils/db.py``) so that code written for one
behaves the same on the other. :meth:`Database.utils` gives the real sqlite-utils object
over the same connection when the whole library is needed (its ``Migrations``).
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlite_utils

# Statements that control transactions themselves: execute() never commits after them.
_TRANSACTION_CONTROL_KEYWORDS = frozenset(
    {"BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"}
)


# Statements the sqlite3 driver opens a transaction for (it begins before them itself).
_WRITE_KEYWORDS = frozenset({"INSERT", "UPDATE", "DELETE", "REPLACE"})


def _first_keyword(sql: str) -> str:
    """The first keyword of ``sql``, uppercased ("" if none), as sqlite-utils finds it.

    Skips what the sqlite3 driver tolerates before the first token: whitespace, ``--``
    and ``/* */`` comments, bare ``;`` and a byte order mark.
    """
    i, n = 0, len(sql)
    while i < n:
        if sql[i].isspace() or sql[i] in (";", "\ufeff"):
            i += 1
        elif sql.startswith("--", i):
            newline = sql.find("\n", i)
            if newline == -1:
                return ""
            i = newline + 1
        elif sql.startswith("/*", i):
            end = sql.find("*/", i + 2)
            if end == -1:
                return ""
            i = end + 2
        else:
            break
    j = i
    while j < n and (sql[j].isalpha() or sql[j] == "_"):
        j += 1
    return sql[i:j].upper()


def import_sqlite_utils() -> ModuleType:
    """Import and return ``sqlite_utils``, without letting it import numpy or pandas.

    sqlite-utils imports numpy and pandas when it is first imported, only to map their
    scalar types when inserting them. We never insert numpy or pandas values, and the
    import costs about 100 ms on a puskesmas laptop (numpy is installed for scipy). Hide
    them for that one import; they import normally afterwards (statistics).
    """
    module = sys.modules.get("sqlite_utils")
    if module is None:
        hidden = [name for name in ("numpy", "pandas") if name not in sys.modules]
        try:
            for name in hidden:
                sys.modules[name] = None  # type: ignore[assignment]
            module = importlib.import_module("sqlite_utils")
        finally:
            for name in hidden:
                del sys.modules[name]
    return module


class Database:
    """A SQLite connection with sqlite-utils' transaction handling.

    Args:
        filename_or_conn: A file to open (created if missing), or an open ``sqlite3``
            connection (default transaction handling) to wrap.
        memory: Open a new in-memory database instead (``":memory:"`` does too).

    Attributes:
        conn: The ``sqlite3`` connection.
        memory: Whether the database is in memory.
    """

    conn: sqlite3.Connection

    def __init__(
        self,
        filename_or_conn: str | Path | sqlite3.Connection | None = None,
        *,
        memory: bool = False,
    ) -> None:
        if (filename_or_conn is None) != memory:
            raise ValueError("Either specify a filename_or_conn or pass memory=True")
        self.memory = False
        self._utils: sqlite_utils.Database | None = None
        self.on_busy: Callable[[float | None], None] | None = None
        """Called while a write waits for another connection's (seconds waited so far),
        then once with None when it got its turn; see :meth:`_begin`."""
        self.busy_step_ms = 100
        self._watched: Path | None = None
        self._identity: dict[str, tuple[int, int]] = {}
        self._vanished: str | None = None
        if memory or filename_or_conn == ":memory:":
            self.conn = sqlite3.connect(":memory:")
            self.memory = True
        elif isinstance(filename_or_conn, str | Path):
            # Writes take the write lock when they begin (BEGIN IMMEDIATE), so that a
            # writer waits its turn (busy_timeout) instead of failing at once when it
            # finds another writer's transaction half-way through its own.
            self.conn = sqlite3.connect(str(filename_or_conn), isolation_level="IMMEDIATE")
        else:
            assert filename_or_conn is not None
            self.conn = filename_or_conn
            # Python 3.12's autocommit=True/False changes what commit() and rollback() do.
            autocommit = getattr(self.conn, "autocommit", None)
            if autocommit is not None and autocommit != getattr(
                sqlite3, "LEGACY_TRANSACTION_CONTROL", -1
            ):
                raise ValueError(
                    "the connection must use the default transaction handling"
                    " (not autocommit=True or autocommit=False)"
                )
        self.execute("PRAGMA recursive_triggers=on;")

    def __repr__(self) -> str:
        return f"<Database {self.conn}>"

    def execute(
        self, sql: str, parameters: Sequence[Any] | Mapping[str, Any] | None = None
    ) -> sqlite3.Cursor:
        """Execute one statement and return its cursor.

        A write statement (``INSERT``, ``CREATE TABLE``...) is committed at once unless a
        transaction is already open, in which case it becomes part of it. A statement that
        fails leaves no transaction open that it opened itself.
        """
        was_in_transaction = self.conn.in_transaction
        if (
            not was_in_transaction
            and self.on_busy is not None
            and _first_keyword(sql) in _WRITE_KEYWORDS
        ):
            self._begin()  # a lone write waits its turn as atomic() does (painting)
        try:
            if parameters is not None:
                cursor = self.conn.execute(sql, parameters)
            else:
                cursor = self.conn.execute(sql)
        except Exception:
            if not was_in_transaction and self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        if (
            not was_in_transaction
            and self.conn.in_transaction
            and cursor.description is None
            and _first_keyword(sql) not in _TRANSACTION_CONTROL_KEYWORDS
        ):
            self._commit()
        return cursor

    # ------------------------------------------------------- the files under the connection
    def watch_files(self, path: str | Path) -> None:
        """Check, before every commit, that ``path`` and its -wal are the files opened.

        A database file or -wal deleted (or replaced) while the connection is open makes
        SQLite write into a file nobody will read again: every record saved from then on
        would be lost without a word. With this, the commit is refused instead
        (:meth:`check_files`), after the records already committed to the lost -wal are
        copied into the database file while the connection can still read them.
        """
        self._watched = Path(path)
        self._identity = {}
        self._remember()

    def _remember(self) -> None:
        assert self._watched is not None
        for name, file in (("db", self._watched), ("wal", Path(f"{self._watched}-wal"))):
            if name not in self._identity:
                try:
                    info = file.stat()
                except OSError:
                    continue
                self._identity[name] = (info.st_dev, info.st_ino)

    def check_files(self) -> None:
        """Raise ``DatabaseVanishedError`` if the watched files are not there any more."""
        if self._watched is None:
            return
        if self._vanished is None:
            for name, suffix in (("db", ""), ("wal", "-wal")):
                known = self._identity.get(name)
                if known is None:
                    continue
                try:
                    info = Path(f"{self._watched}{suffix}").stat()
                    now: tuple[int, int] | None = (info.st_dev, info.st_ino)
                except OSError:
                    now = None
                if now != known:
                    self._vanished = f"{self._watched}{suffix}"
                    self._rescue()
                    break
            else:
                self._remember()  # the -wal appears with the first write in WAL mode
                return
        from oxytimer.storage.errors import DatabaseVanishedError

        raise DatabaseVanishedError(
            f"{self._vanished} was deleted or replaced while oxytimer had it open;"
            " nothing more is written to it"
        )

    def _rescue(self) -> None:
        """Copy what the lost -wal holds into the database file (best effort)."""
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")
        if self._vanished is not None and self._vanished.endswith("-wal"):
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("PRAGMA wal_checkpoint(FULL)").fetchall()

    def _begin(self) -> None:
        """``BEGIN IMMEDIATE``: wait for the write lock as the busy timeout allows.

        Without :attr:`on_busy` SQLite waits inside one call (the app's window would not
        paint meanwhile). With it, the wait is cut into steps of :attr:`busy_step_ms`
        and ``on_busy`` is called between them (the app shows that it waits and keeps
        painting), until the connection's whole busy timeout has passed.
        """
        if self.on_busy is None:
            self.conn.execute("BEGIN IMMEDIATE")
            return
        timeout_ms = int(self.conn.execute("PRAGMA busy_timeout").fetchone()[0])
        waited = 0.0
        started = time.monotonic()
        self.conn.execute(f"PRAGMA busy_timeout = {min(self.busy_step_ms, timeout_ms)}")
        try:
            while True:
                try:
                    self.conn.execute("BEGIN IMMEDIATE")
                    break
                except sqlite3.OperationalError as error:
                    code = getattr(error, "sqlite_errorcode", 5) & 0xFF
                    waited = time.monotonic() - started
                    if code not in (5, 6) or waited * 1000 >= timeout_ms:
                        raise
                    self.on_busy(waited)
        finally:
            self.conn.execute(f"PRAGMA busy_timeout = {timeout_ms}")
            if waited:
                self.on_busy(None)

    def _commit(self) -> None:
        try:
            self.check_files()
        except BaseException:
            self.rollback()
            raise
        self.conn.execute("COMMIT")

    @contextmanager
    def atomic(self) -> Iterator[Database]:
        """A transaction: committed if the block succeeds, rolled back if it raises.

        Inside an open transaction the block is a savepoint instead, rolled back alone.
        """
        if self.conn.in_transaction:
            savepoint = f"sqlite_utils_{os.urandom(16).hex()}"  # secrets.token_hex(16)
            self.conn.execute(f"SAVEPOINT {savepoint};")
            try:
                yield self
            except BaseException:
                # An error such as RAISE(ROLLBACK) can end the whole transaction,
                # savepoint included: then there is nothing left to roll back.
                if self.conn.in_transaction:
                    self.conn.execute(f"ROLLBACK TO SAVEPOINT {savepoint};")
                    self.conn.execute(f"RELEASE SAVEPOINT {savepoint};")
                raise
            else:
                self.conn.execute(f"RELEASE SAVEPOINT {savepoint};")
        else:
            self.check_files()
            self._begin()
            try:
                yield self
            except BaseException:
                self.rollback()
                raise
            else:
                try:
                    self._commit()
                except BaseException:
                    self.rollback()
                    raise

    def rollback(self) -> None:
        """Roll back the open transaction, if there is one."""
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def utils(self) -> sqlite_utils.Database:
        """The real ``sqlite_utils.Database`` over this connection (imports sqlite-utils)."""
        if self._utils is None:
            import_sqlite_utils()
            from sqlite_utils import Database as UtilsDatabase

            self._utils = UtilsDatabase(self.conn, execute_plugins=False)
            self._utils.memory = self.memory
        return self._utils
