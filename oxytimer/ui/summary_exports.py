"""The Summary's exports: the analysed pairs as CSV, the report as PDF.

:class:`SummaryExports` holds the two buttons, asks where to save, writes, and says so
(or says in one sentence why the file could not be written).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton, QWidget

from oxytimer.domain.summary import Summary, pairs_csv_text
from oxytimer.ui.save_paths import in_documents
from oxytimer.ui.screen_fit import dialogs_fitted

if TYPE_CHECKING:
    from oxytimer.ui.summary_view import SummaryView


def write_pairs_csv(summary: Summary | None, path: Path) -> None:
    """Write the analysed pairs as CSV (UTF-8 with a byte-order mark, for Excel).

    Raises:
        RuntimeError: If no summary has been computed yet.
        OSError: If the file cannot be written.
    """
    from oxytimer.storage.export_files import private_file

    if summary is None:
        raise RuntimeError("no summary yet")
    with private_file(Path(path)) as temp:  # whole or not at all (a full disk)
        temp.write_text(pairs_csv_text(summary), encoding="utf-8-sig")


def write_report_pdf(view: SummaryView, path: Path) -> int:
    """Write the PDF report of what ``view`` shows; returns its number of pages.

    Raises:
        RuntimeError: If no summary has been computed yet.
        OSError: If the file cannot be written.
    """
    from oxytimer.ui.summary_report import build_report, write_pdf

    if view.summary is None:
        raise RuntimeError("no summary yet")
    return write_pdf(Path(path), build_report(view))


class SummaryExports(QObject):
    """The export buttons of ``view`` and what they do."""

    def __init__(self, view: SummaryView, home: QWidget | None = None) -> None:
        """``home``: the widget that shows the buttons (they are made in it)."""
        super().__init__(view)
        self.csv_button = QPushButton(self.tr("Export pairs (CSV)…"), home)
        self.pdf_button = QPushButton(self.tr("Export report (PDF)…"), home)
        self.csv_button.clicked.connect(self._on_csv_button_clicked)
        self.pdf_button.clicked.connect(self._on_pdf_button_clicked)

    @property
    def view(self) -> SummaryView:
        return self.parent()  # type: ignore[return-value]  # (no reference of its own: no cycle)

    def _save_name(self, title: str, default: str, kinds: str) -> str:
        """The file the user chose to write (empty if none), ``default`` in Documents."""
        with dialogs_fitted():  # Qt's own dialog, fitted to the screen
            name, _ = QFileDialog.getSaveFileName(self.view, title, in_documents(default), kinds)
        return name

    @Slot()
    def _on_csv_button_clicked(self) -> None:
        name = self._save_name(
            self.tr("Export the analysed pairs"), "pairs.csv", self.tr("CSV files (*.csv)")
        )
        if name and self._export(lambda: self.view.export_csv(Path(name))):
            from oxytimer.ui.confirmations import report_saved

            report_saved(self.view, Path(name), what="pairs")

    @Slot()
    def _on_pdf_button_clicked(self) -> None:
        name = self._save_name(
            self.tr("Export the report"), "summary.pdf", self.tr("PDF files (*.pdf)")
        )
        if name and self._export(lambda: self.view.export_pdf(Path(name))):
            from oxytimer.ui.confirmations import report_saved

            report_saved(self.view, Path(name))

    def _export(self, action: Callable[[], object]) -> bool:
        """Run an export; whether it wrote its file (a failure is shown)."""
        try:
            action()
        except (OSError, RuntimeError) as error:
            QMessageBox.warning(
                self.view,
                self.tr("Export failed"),
                self.tr("The file could not be written: {error}").format(error=error),
            )
            return False
        return True
