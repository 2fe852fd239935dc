"""The summary computed in a process of its own, so that the app's window keeps painting.

A summary of 100,000 mothers is seconds of Python. On a thread of the app's own process
it holds the interpreter lock, and the window waits for that lock at every event it
handles in Python (a paint, a timer, a layout): in turns of about 5 ms, hundreds of
milliseconds at a time, and the countdown with it. A process has an interpreter of its
own.

:func:`summarise_in_process` takes the arguments of
:func:`~oxytimer.storage.summary.summarise_path` and returns the same summary; it is
called on a worker thread, which only waits (the pipe's reads let other threads run).

- **One process**, started on first use (or ahead of it: :func:`start_process`) with
  multiprocessing's ``spawn`` (the same on Linux, Windows and macOS, and in the
  PyInstaller bundle: ``oxytimer.launch`` hands the child's command line to
  ``multiprocessing.freeze_support``), kept for the next request (its imports take
  seconds on an old laptop). It only reads the database, so stopping it at any moment
  leaves the data whole.
- **Stopping**: ``cancelled()`` is asked while waiting; when it says True, the child is
  told through a shared counter, which its queries' progress handler reads (as
  ``summarise_path`` does on a thread), and answers "stopped". :func:`stop_process` kills
  it (the app is closing).
- **The result comes back in pieces**: unpickling 100,000 mothers' rows at once held the
  interpreter lock for a second in the app's process. Every tuple or list longer than
  :data:`PIECE` is sent apart, :data:`PIECE` items at a time, and put back together.
- **Errors** come back as their message (never a traceback); a child that dies (killed,
  out of memory) is a :class:`StorageError`, and the next request starts a new one.
"""

from __future__ import annotations

import gc
import io
import os
import pickle
import threading
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from oxytimer import collector
from oxytimer.storage.repository import StorageError

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.context import SpawnProcess

    from oxytimer.domain.clock import Clock
    from oxytimer.domain.instrument import Instrument
    from oxytimer.domain.summary import Summary
    from oxytimer.storage.analysis import AnalysisFilter

PIECE = 2_000
"""Items per piece of a long tuple or list in the result (unpickled in a few ms)."""
POLL_S = 0.05
"""How often the waiting thread asks ``cancelled()`` while the child computes."""
STOPPED = "the analysis was stopped"


class _Child:
    """The process and its two ends: the pipe and the request it should be working on."""

    def __init__(self) -> None:
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        self.conn, child_conn = context.Pipe()
        # The request the app still wants; a child working on another one stops.
        self.wanted = context.RawValue("q", 0)
        self.process: SpawnProcess = context.Process(
            target=serve,
            args=(child_conn, self.wanted),
            name="oxytimer-summary",
            daemon=True,  # ended with the app
        )
        self.process.start()
        child_conn.close()
        self.requests = 0

    def alive(self) -> bool:
        return self.process.is_alive()

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


_lock = threading.Lock()  # one request at a time, and one child
_child: _Child | None = None


def start_process() -> None:
    """Start the child now, so that its imports are done before the first request."""
    with _lock:
        _running_child()


def process_id() -> int | None:
    """The child's process id (None before it was started); tests check it is not ours."""
    child = _child
    return None if child is None else child.process.pid


def stop_process() -> None:
    """Kill the child (a request waiting for it is told the analysis stopped)."""
    global _child
    child, _child = _child, None
    if child is not None:
        child.kill()


def _running_child() -> _Child:
    global _child
    if _child is None or not _child.alive():
        if _child is not None:
            _child.conn.close()
        _child = _Child()
    return _child


def summarise_in_process(
    path: str,
    flt: AnalysisFilter | None = None,
    rule: str = "first-last",
    *,
    clock: Clock | None = None,
    instrument: Instrument | None = None,
    versions: Mapping[str, Any] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Summary:
    """:func:`~oxytimer.storage.summary.summarise_path`, computed in the child process.

    Raises:
        StorageError: The analysis failed (its message), was stopped (``cancelled()``
            or :func:`stop_process`), or the child ended without an answer.
    """
    if cancelled is not None and cancelled():  # (asked before and after, as on a thread)
        raise StorageError(STOPPED)
    with _lock:
        child = _running_child()
        child.requests += 1
        request = child.requests
        child.wanted.value = request
        arguments = {
            "path": path,
            "flt": flt,
            "rule": str(rule),
            "clock": clock,
            "instrument": instrument,
            "versions": dict(versions) if versions is not None else None,
        }
        try:
            child.conn.send((request, arguments))

            def stop() -> None:
                child.wanted.value = 0  # the child stops at its next check and says so

            summary: Summary = receive(child.conn, request, cancelled, stop, child.alive)
            if cancelled is not None and cancelled():
                raise StorageError(STOPPED)
            return summary
        except (EOFError, OSError) as error:
            if child is not _child:  # stop_process() killed it
                raise StorageError(STOPPED) from None
            stop_process()  # whatever is left of it: the next request starts another
            raise StorageError(f"the calculation ended without an answer ({error})") from None


def receive(
    conn: Connection,
    request: int,
    cancelled: Callable[[], bool] | None = None,
    stop: Callable[[], None] = lambda: None,
    alive: Callable[[], bool] = lambda: True,
) -> Any:
    """Wait for the answer to ``request`` on ``conn`` (see :func:`send_in_pieces`).

    While waiting, ``stop()`` is called when ``cancelled()`` says True; ``alive()``
    False (the child ended) is an ``EOFError``.
    """
    pieces: dict[int, list[Any]] = {}
    collecting = gc.isenabled()
    try:
        while True:
            if not conn.poll(POLL_S):
                if cancelled is not None and cancelled():
                    stop()
                if not alive():
                    raise EOFError("the process ended")
                continue
            kind, answered, payload = conn.recv()
            if answered != request:
                continue  # (cannot happen: one request at a time)
            if kind == "piece":
                # No collection while the pieces come in: each pass over the hundreds of
                # thousands of new objects held the interpreter for 0.1 s (none is garbage).
                gc.disable()
                index, data = payload
                pieces.setdefault(index, []).extend(pickle.loads(data))
                time.sleep(0)  # the window's turn between two pieces
            elif kind == "summary":
                result = _Unpickler(io.BytesIO(payload), pieces).load()
                collector.freeze()  # kept until the next result (then freed by count)
                return result
            elif kind == "stopped":
                raise StorageError(STOPPED)
            else:
                raise StorageError(str(payload))
    finally:
        if collecting:
            gc.enable()


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: io.BytesIO, pieces: dict[int, list[Any]]) -> None:
        super().__init__(file)
        self.pieces = pieces

    def persistent_load(self, pid: Any) -> Any:
        kind, index = pid
        items = self.pieces.pop(int(index), [])
        return items if kind == "list" else tuple(items)


class _Pickler(pickle.Pickler):
    """Pickles an object with its long tuples and lists left out (:attr:`long`)."""

    def __init__(self, file: io.BytesIO) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.long: list[tuple[Any, ...] | list[Any]] = []

    def persistent_id(self, obj: Any) -> Any:
        if type(obj) in (tuple, list) and len(obj) > PIECE:
            self.long.append(obj)
            return ("list" if type(obj) is list else "tuple", len(self.long) - 1)
        return None


def send_in_pieces(conn: Connection, request: int, result: Any) -> None:
    """Send ``result`` with its long tuples apart, a piece at a time, then the rest."""
    skeleton = io.BytesIO()
    pickler = _Pickler(skeleton)
    pickler.dump(result)
    for index, long in enumerate(pickler.long):
        for start in range(0, len(long), PIECE):
            piece = pickle.dumps(long[start : start + PIECE], pickle.HIGHEST_PROTOCOL)
            conn.send(("piece", request, (index, piece)))
    conn.send(("summary", request, skeleton.getvalue()))


def serve(conn: Connection, wanted: Any) -> None:
    """The child: answer requests until the pipe closes (the app ended or killed it)."""
    if hasattr(os, "nice"):  # (POSIX) the window's process comes first for the cores
        os.nice(10)
    # What a summary needs, imported now (while the app builds its tab) rather than at
    # the first request.
    import numpy  # noqa: F401

    import oxytimer.domain.stats  # noqa: F401
    from oxytimer.storage.summary import summarise_path

    while True:
        try:
            request, arguments = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return

        def stale(request: int = request) -> bool:
            return bool(wanted.value != request)

        try:
            summary = summarise_path(**arguments, cancelled=stale)
        except Exception as error:  # the message goes back; the child serves on
            answer = ("stopped", request, None) if stale() else ("failed", request, str(error))
            conn.send(answer)
        else:
            if stale():
                conn.send(("stopped", request, None))
            else:
                send_in_pieces(conn, request, summary)
            del summary  # not kept while waiting for the next request
