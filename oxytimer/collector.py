"""When the app freezes what it keeps out of the cyclic garbage collector's reach.

A full collection scans every object the interpreter tracks, holding the interpreter
meanwhile: 0.1–0.3 s on a loaded laptop once the app has its modules, its window and a
large summary, and the window cannot paint. What lives as long as the app (start-up's
objects, modules imported later) or until it is replaced (a summary) is frozen
(``gc.freeze``): never scanned again, still freed by reference counting.

Only the app does this (``run_gui`` turns it on): in the tests and the commands the
collector keeps its usual ways (a frozen object that later became cyclic garbage would
never be collected, and the tests make and drop windows by the hundred).
"""

from __future__ import annotations

import gc

enabled = False
"""Whether :func:`freeze` freezes (set by ``app.run_gui`` and the GUI benchmark)."""


def freeze() -> None:
    """Leave every object tracked now out of the collector's full collections."""
    if enabled:
        gc.freeze()
