"""The Data menu's Export dialog: where to, which format, identifying fields or not."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from oxytimer.ui.screen_fit import FittedDialog, dialogs_fitted


class ExportDialog(FittedDialog):
    """Where to export, in which format, and whether to include identifying fields."""

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export"))
        self.folder_edit = QLineEdit(str(folder), self)
        self.folder_edit.setAccessibleName(self.tr("Folder to export to"))
        self.browse_button = QPushButton(self.tr("Choose…"), self)
        self.format_combo = QComboBox(self)
        names = {
            "csv": self.tr("CSV (sessions and mothers)"),
            "redcap": self.tr("REDCap (data dictionary and records)"),
            "bundle": self.tr("Reproducibility bundle (zip with an R script)"),
            "sav": self.tr("SPSS .sav (needs the spss extra)"),
            "xlsx": self.tr("Excel .xlsx"),
        }
        from oxytimer.storage.exchange import EXPORT_FORMATS  # loaded on first use

        for fmt in EXPORT_FORMATS:
            self.format_combo.addItem(names[fmt], fmt)
        self.identifying = QCheckBox(self.tr("Include names and other identifying fields"), self)
        self.identifying_warning = QLabel(
            self.tr(
                "These files will show who the mothers are (names, reasons, dates). Keep"
                " them on this laptop or an encrypted drive; never send them by e-mail or"
                " chat."
            ),
            self,
        )
        self.identifying_warning.setWordWrap(True)
        self.identifying_warning.setStyleSheet("color: #a33a00; font-weight: bold;")
        self.identifying_warning.setVisible(False)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        row = QHBoxLayout()
        row.addWidget(self.folder_edit, 1)
        row.addWidget(self.browse_button)
        form = QFormLayout(self)
        form.addRow(self.tr("Folder"), row)
        form.addRow(self.tr("Format"), self.format_combo)
        form.addRow("", self.identifying)
        form.addRow("", self.identifying_warning)
        form.addRow(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.browse_button.clicked.connect(self._on_browse_button_clicked)
        self.identifying.toggled.connect(self._on_identifying_toggled)

    @Slot(bool)
    def _on_identifying_toggled(self, checked: bool) -> None:
        self.identifying_warning.setVisible(checked)

    @Slot()
    def _on_browse_button_clicked(self) -> None:
        from oxytimer.ui.save_paths import existing_folder

        with dialogs_fitted():  # Qt's own dialog, fitted to the screen
            folder = QFileDialog.getExistingDirectory(
                self, self.tr("Export to"), existing_folder(self.folder_edit.text())
            )
        if folder:
            self.folder_edit.setText(folder)
