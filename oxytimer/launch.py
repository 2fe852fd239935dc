"""The ``oxytimer`` command: open the app at once, or hand the command line to click.

``oxytimer``, ``oxytimer --db PATH`` and ``oxytimer --quit-after-show`` (with
``OXYTIMER_DB`` too) start the app without importing click and the command modules: at the
bedside the window should appear as fast as a bare Qt window allows (issue 2). Everything
else — a command, ``--help``, ``--version``, an unknown option, a ``--db`` that names a
folder — goes to :mod:`oxytimer.cli`, which parses and reports exactly as before.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence

from oxytimer.paths import DB_ENV

SERVER_SCHEMES = ("postgresql://", "postgres://")
"""A ``--db`` starting so names a study server: the app opens its Summary, read only."""


def gui_options(args: Sequence[str]) -> tuple[str | None, bool] | None:
    """``(db, quit_after_show)`` when ``args`` only open the app; else None (use click).

    Like click: the last ``--db`` wins, and ``OXYTIMER_DB`` stands in for a missing one.
    """
    db: str | None = None
    quit_after_show = False
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        if arg == "--quit-after-show":
            quit_after_show = True
        elif arg == "--db" and rest:
            db = rest.pop(0)
        elif arg.startswith("--db="):
            db = arg.removeprefix("--db=")
        else:
            return None
    if db is None:
        db = os.environ.get(DB_ENV) or None
    if db == "" or (db is not None and os.path.isdir(os.path.expanduser(db))):
        return None  # click says what is wrong with it
    return db, quit_after_show


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of ``oxytimer`` and ``python -m oxytimer``."""
    args = list(sys.argv[1:] if argv is None else argv)
    if getattr(sys, "frozen", False) and ("--multiprocessing-fork" in args or "-c" in args):
        # The standalone app started again as a child process (the summary's,
        # storage/summary_process.py, or multiprocessing's resource tracker): PyInstaller's
        # freeze_support runs the child's work and exits.
        import multiprocessing

        multiprocessing.freeze_support()
    options = gui_options(args)
    if options is None:
        from oxytimer.cli import main as cli

        cli.main(args=args, prog_name="oxytimer")
        return
    # Start-up creates many objects and no garbage worth collecting: the cyclic garbage
    # collector waits until the window is shown (run_gui turns it back on), which saves
    # several milliseconds of start-up.
    gc.disable()
    from oxytimer.app import run_gui
    from oxytimer.paths import resolve_db_path

    db, quit_after_show = options
    try:
        if db is not None and db.startswith(SERVER_SCHEMES):
            from oxytimer.ui.server_window import run_server_gui  # the Summary, read only

            status = run_server_gui(db, quit_after_show=quit_after_show)
        else:
            status = run_gui(resolve_db_path(db), quit_after_show=quit_after_show)
    finally:
        gc.enable()
    raise SystemExit(status)
