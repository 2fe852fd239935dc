"""What a finished action says: one function per action, shown in the window's message bar.

Call these from wherever the action finishes (the GUI thread: a menu's slot, or a worker
task's ``finished`` handler), with the action's result; each returns the sentence shown.
``announce`` is the general form. Failures are not shown here: they keep their warning
box. A merge's answer is its summary box (``DataActions.show_merge_result``: counts,
conflicts, a way to resolve them).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget

from oxytimer.ui.message_bar import message_bar

# A literal context and text in every call (scripts/update_translations.py finds them).
translate = QCoreApplication.translate


def open_folder(folder: Path) -> bool:
    """Show ``folder`` in the desktop's file manager; whether one could be started."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def announce(
    window: QWidget, text: str, *, folder: Path | None = None, warning: bool = False
) -> str:
    """Show ``text`` in ``window``'s message bar (non-modal), with "Open folder" for a
    ``folder``; returns ``text``. Without a main window (a widget on its own, in a
    test) nothing is shown."""
    bar = message_bar(window)
    if bar is not None:
        action = None
        if folder is not None:
            where = Path(folder)
            action = (translate("confirmations", "Open folder"), lambda: open_folder(where))
        bar.show_message(text, action=action, warning=warning)
    return text


def export_done(window: QWidget, files: Sequence[Path], *, mothers: int | None = None) -> str:
    """An export finished: how many mothers, how many files, where."""
    from oxytimer.ui.labels import format_number

    paths = [Path(f) for f in files]
    folder = paths[0].parent if paths else None
    where = str(folder) if folder is not None else ""
    count = format_number(len(paths))
    if mothers is None:
        text = translate("confirmations", "Exported {files} file(s) to {folder}.").format(
            files=count, folder=where
        )
    else:
        text = (
            translate("confirmations", "Exported 1 mother to {folder} ({files} file(s)).")
            if mothers == 1
            else translate(
                "confirmations", "Exported {mothers} mothers to {folder} ({files} file(s))."
            )
        ).format(mothers=format_number(mothers), folder=where, files=count)
    return announce(window, text, folder=folder)


def report_saved(window: QWidget, path: Path, *, what: str = "report") -> str:
    """A report (PDF) or the analysed pairs (CSV) were written to ``path``."""
    if what == "pairs":
        text = translate("confirmations", "Pairs saved to {path}.")
    else:
        text = translate("confirmations", "Report saved to {path}.")
    return announce(window, text.format(path=str(path)), folder=Path(path).parent)


def import_done(window: QWidget, sessions: int, mothers: int, source: Path | None = None) -> str:
    """An import wrote ``sessions`` new sessions and ``mothers`` new mothers."""
    from oxytimer.ui.labels import format_number

    text = translate(
        "confirmations", "Imported {sessions} session(s) and {mothers} new mother(s)."
    ).format(sessions=format_number(sessions), mothers=format_number(mothers))
    if source is not None:
        text += " " + translate("confirmations", "From: {file}").format(file=Path(source).name)
    return announce(window, text)


def backup_done(window: QWidget, path: Path) -> str:
    """A backup was made (the Data menu's "Back up now")."""
    text = translate("confirmations", "Backup saved: {path}").format(path=str(path))
    return announce(window, text, folder=Path(path).parent)


def restore_done(window: QWidget, kept: Path | None) -> str:
    """A backup was restored; the records as they were are kept in ``kept`` (if any)."""
    if kept is None:
        return announce(window, translate("confirmations", "Restored."))
    text = translate(
        "confirmations", "Restored. The records as they were are saved in {path}."
    ).format(path=str(kept))
    return announce(window, text, folder=Path(kept).parent)
