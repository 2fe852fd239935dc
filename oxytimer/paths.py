"""Where oxytimer keeps its files by default."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "oxytimer"
ORGANIZATION = "oxytimer"
DESKTOP_ID = "org.oxytimer.oxytimer"  # the .desktop entry and icon name (packaging/linux)
DB_ENV = "OXYTIMER_DB"
SETTINGS_ENV = "OXYTIMER_SETTINGS"


def data_dir() -> Path:
    """The user's data folder (Qt's AppDataLocation for oxytimer)."""
    from PySide6.QtCore import QCoreApplication, QStandardPaths

    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APP_NAME)
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(location)


def default_db_path() -> Path:
    """The database used when neither ``--db`` nor ``OXYTIMER_DB`` says otherwise."""
    return data_dir() / "oxytimer.sqlite"


def resolve_db_path(option: str | os.PathLike[str] | None) -> Path:
    """``--db`` first, then the environment variable, then the default."""
    if option:
        return Path(option).expanduser()
    if os.environ.get(DB_ENV):
        return Path(os.environ[DB_ENV]).expanduser()
    return default_db_path()
