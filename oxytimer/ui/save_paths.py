"""Where save dialogs start: the user's Documents folder, not the program's."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths


def documents_dir() -> Path:
    """The user's Documents folder (Qt's DocumentsLocation), else the home folder."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(location) if location else Path.home()
    return folder if folder.is_dir() else Path.home()


def in_documents(name: str) -> str:
    """A file name for a save dialog, in the Documents folder."""
    return str(documents_dir() / name)


def existing_folder(folder: str | Path) -> str:
    """``folder``, or its nearest existing parent, else Documents: where a folder dialog can
    open (a folder not made yet would send it to the program's working folder)."""
    path = Path(folder).expanduser() if str(folder).strip() else documents_dir()
    for candidate in (path, *path.parents):
        if candidate.is_dir() and candidate != Path(candidate.anchor):
            return str(candidate)
    return str(documents_dir())
