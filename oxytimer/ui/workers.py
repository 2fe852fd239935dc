"""Work off the GUI thread: a task runs on a pool thread, its result comes back by signal.

A task is a plain function of a :class:`Job` (and, for reading tasks, a repository of
its own: a read-only connection opened on the pool thread, a WAL reader that never
waits for the app's writes nor makes them wait). The GUI thread only starts tasks and
receives their ``finished`` / ``failed`` / ``progress`` signals, so that the countdown's
ticker and the window's painting are never held up by a backup, a tab's load or the
summary.

An in-memory database (tests, the screenshots) has no file another connection could
open: its reading tasks then run at once on the GUI thread, with the app's repository.

Signals of :class:`Task`:
    finished(object): the function's result.
    failed(object): the exception it raised (a ``Cancelled`` one when cancelled).
    progress(int, int): done and total steps, as the function reports them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

if TYPE_CHECKING:
    from oxytimer.storage.repository import Repository


class Cancelled(Exception):
    """A task stopped because it was asked to (nothing it had started was kept)."""


class Job:
    """What a running task can see: whether it was cancelled, and how to report progress."""

    def __init__(self, task: Task) -> None:
        self._task = task
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        """Raise :class:`Cancelled` when the task was cancelled."""
        if self._cancel.is_set():
            raise Cancelled()

    def report(self, done: int, total: int) -> None:
        self._task.progress.emit(done, total)


class _Runner(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self.task = task

    def run(self) -> None:
        self.task._run()


class Task(QObject):
    """One piece of work for a pool thread; lives (and signals) on the GUI thread."""

    finished = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int)

    def __init__(self, function: Callable[[Job], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.function = function
        self.job = Job(self)
        self.done = False
        """Set on the task's thread when the function has returned or raised, a moment
        before its result reaches this object's thread (see ``delivered``)."""
        self.delivered = False
        """Whether the result has been handed over on this object's thread (just before
        the receivers of ``finished`` or ``failed`` get it): until then, whatever the
        result will change is still to come."""
        self.ended = threading.Event()
        """Set on the task's thread when the function has returned or raised (for
        waiting on another thread)."""
        # Connected first, so called first.
        self.finished.connect(self._delivered)
        self.failed.connect(self._delivered)
        self.thread_id: int | None = None
        """The thread the function ran on (tests check that it is not the GUI's)."""

    def cancel(self) -> None:
        """Ask the function to stop at its next check; ``failed`` then gets Cancelled."""
        self.job.cancel()

    def _run(self) -> None:
        self.thread_id = threading.get_ident()
        try:
            self.job.check()
            result = self.function(self.job)
        except BaseException as error:  # reported by signal, never lost in a thread
            self.done = True
            self._emit(self.failed, error)
        else:
            self.done = True
            self._emit(self.finished, result)

    def _delivered(self, _result: object = None) -> None:
        self.delivered = True

    def _emit(self, signal: Any, value: object) -> None:
        try:
            signal.emit(value)
        except RuntimeError:
            pass  # the app is closing and the task's object is gone: no one to tell
        finally:
            self.ended.set()

    def wait(self, timeout_s: float) -> bool:
        """Block until the function has ended (another thread's view); whether it has."""
        return self.ended.wait(timeout_s)

    def start(self, pool: QThreadPool | None = None) -> Task:
        """Run on ``pool`` (:func:`shared_pool` by default); connect the signals first."""
        # Kept alive until its result has been delivered on the GUI thread (the queued
        # call below comes after the receivers connected before start()).
        _LIVE.add(self)
        self.finished.connect(self._release)
        self.failed.connect(self._release)
        (pool or shared_pool()).start(_Runner(self))
        return self

    def run_here(self) -> Task:
        """Run on the calling thread now (an in-memory database has no other reader)."""
        self._run()
        return self

    def _release(self, _result: object = None) -> None:
        _LIVE.discard(self)


_LIVE: set[Task] = set()

MIN_THREADS = 4
"""Threads of the shared pool at least. Its tasks mostly wait on SQLite (which lets other
threads run): with one per core (2 on an old laptop) a tab's first page could wait
behind a long count or a Data task."""


def shared_pool() -> QThreadPool:
    """The pool tasks run on unless given their own (Qt's global one, widened)."""
    pool = QThreadPool.globalInstance()
    if pool.maxThreadCount() < MIN_THREADS:
        pool.setMaxThreadCount(MIN_THREADS)
    return pool


def database_file(repo: Repository) -> str:
    """The file behind ``repo`` ("" for an in-memory database)."""
    for row in repo.db.execute("PRAGMA database_list"):
        if row[1] == "main":
            return str(row[2] or "")
    return ""  # pragma: no cover - every connection has a main database


def read_task(
    repo: Repository,
    function: Callable[[Repository, Job], Any],
    on_finished: Callable[[Any], None],
    on_failed: Callable[[object], None] | None = None,
    *,
    pool: QThreadPool | None = None,
) -> Task:
    """Run ``function(reader, job)`` with a read-only repository of its own.

    On a pool thread with its own connection to ``repo``'s file; for an in-memory
    database, at once on this thread with ``repo`` itself. ``on_finished`` gets the
    result, ``on_failed`` the exception (both on the GUI thread).
    """

    def reader(path: str) -> Repository:
        from oxytimer.storage.reading import open_reader

        return open_reader(path, repo.clock)

    return _task_with_own_connection(repo, reader, function, on_finished, on_failed, pool)


def write_task(
    repo: Repository,
    function: Callable[[Repository, Job], Any],
    on_finished: Callable[[Any], None],
    on_failed: Callable[[object], None] | None = None,
    *,
    pool: QThreadPool | None = None,
) -> Task:
    """Run ``function(writer, job)`` with a read-write repository of its own.

    As :func:`read_task`, with a writer (``storage/task_db.open_writer``: the operator
    and clock of ``repo``) for a task that writes: a merge, an import, a restore. Its
    writes wait for (and hold up) the app's like any other connection's, so the app
    starts such a task only when no massage runs. For an in-memory database, at once
    on this thread with ``repo`` itself.
    """

    def writer(path: str) -> Repository:
        from oxytimer.storage.task_db import open_writer

        return open_writer(path, repo.clock, repo.operator)

    return _task_with_own_connection(repo, writer, function, on_finished, on_failed, pool)


def _task_with_own_connection(
    repo: Repository,
    open_own: Callable[[str], Repository],
    function: Callable[[Repository, Job], Any],
    on_finished: Callable[[Any], None],
    on_failed: Callable[[object], None] | None,
    pool: QThreadPool | None,
) -> Task:
    """``function(own, job)`` on a pool thread, ``own`` opened there by ``open_own`` from
    ``repo``'s file and closed after; for an in-memory database, at once on this thread
    with ``repo`` itself."""
    path = database_file(repo)
    if not path:
        task = Task(lambda job: function(repo, job))
        _connect(task, on_finished, on_failed)
        return task.run_here()

    def run(job: Job) -> Any:
        own = open_own(path)
        try:
            return function(own, job)
        finally:
            own.close()

    task = Task(run)
    _connect(task, on_finished, on_failed)
    return task.start(pool)


def _connect(
    task: Task, on_finished: Callable[[Any], None], on_failed: Callable[[object], None] | None
) -> None:
    task.finished.connect(on_finished)
    if on_failed is not None:
        task.failed.connect(on_failed)
