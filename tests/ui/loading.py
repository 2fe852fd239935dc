"""Waiting for the tabs' reads, which run on worker threads (ui/workers.py)."""

from __future__ import annotations

from typing import Any


def wait_loaded(qtbot: Any, *views: Any) -> None:
    """Wait until none of ``views`` is reading and their results have been shown."""
    qtbot.waitUntil(lambda: not any(view.loading for view in views), timeout=20_000)
