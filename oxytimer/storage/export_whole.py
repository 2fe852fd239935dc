"""An export that is written whole or not at all (the app's Data ▸ Export…).

:func:`~oxytimer.storage.exchange.export` writes each file atomically, but a format has
several files: stopped (or failed) half-way it would leave the first ones beside the
older versions of the others. :func:`export_whole` writes them into a private folder
inside the chosen one and moves them in only when every one is complete. The folder is
named with the writing process's id: what a killed export left (records, perhaps
identifying ones) is removed by the next export into that folder.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Final

from oxytimer.domain.instrument import Instrument
from oxytimer.storage.exchange import export
from oxytimer.storage.repository import Repository
from oxytimer.storage.task_db import TaskStopped, stop_when

STAGING_PREFIX: Final = ".oxytimer-export-"


def remove_leftovers(out_dir: Path) -> list[Path]:
    """Remove the staging folders of exports into ``out_dir`` whose process is gone (a
    kill, a power cut); return them. A running export's folder is left alone."""
    from oxytimer.storage.backup import _alive

    removed = []
    for path in out_dir.glob(f"{STAGING_PREFIX}*"):
        match = re.match(rf"{re.escape(STAGING_PREFIX)}(\d+)-", path.name)
        if match is None or _alive(int(match.group(1))) or not path.is_dir():
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed


def export_whole(
    repo: Repository,
    out_dir: Path,
    fmt: str = "csv",
    *,
    identifying: bool = False,
    instrument: Instrument | None = None,
    stopped: Callable[[], bool] | None = None,
) -> list[Path]:
    """:func:`~oxytimer.storage.exchange.export` into ``out_dir``, every file or none.

    Raises:
        TaskStopped: ``stopped()`` became true; no file was written or changed.
        (and what ``export`` raises; no file was written or changed.)
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    remove_leftovers(out_dir)
    staging = Path(  # mode 0700
        tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=out_dir)
    )
    try:
        # Only a task that can be stopped looks at ``stopped`` (SQLite's progress
        # handler): in a command, Ctrl+C must stay a KeyboardInterrupt, which in the
        # handler would become SQLite's "interrupted".
        with stop_when(repo.db.conn, stopped) if stopped else contextlib.nullcontext():
            staged = export(repo, staging, fmt, identifying=identifying, instrument=instrument)
        if stopped is not None and stopped():
            raise TaskStopped()
        written = []
        for path in staged:
            target = out_dir / path.relative_to(staging)
            os.replace(path, target)
            written.append(target)
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)
