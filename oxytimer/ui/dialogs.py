"""Small dialogs of the registry: operator name, a reason (and date), a new site, a correction.

Every dialog checks what it can itself, then hands the values to a save function that
writes through the repository; an :class:`InputError` from it is shown at its field and the
dialog stays open, so a refused value writes nothing and loses nothing typed.
Views open them with ``open()`` (not ``exec()``) and keep them in ``self.dialog``, so
tests can fill them in.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Slot
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from oxytimer.domain.records import InputError
from oxytimer.storage.repository import StorageError
from oxytimer.ui.messages import input_error_text, storage_error_text
from oxytimer.ui.screen_fit import FittedDialog
from oxytimer.ui.settings import Settings
from oxytimer.ui.widgets import ErrorLabel


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def date_edit(day: date, parent: QWidget) -> QDateEdit:
    edit = QDateEdit(to_qdate(day), parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    return edit


def _save_buttons(dialog: QDialog, save_text: str) -> tuple[QDialogButtonBox, QPushButton]:
    buttons = QDialogButtonBox(dialog)
    save = buttons.addButton(save_text, QDialogButtonBox.ButtonRole.AcceptRole)
    save.setObjectName("primary")
    save.setAccessibleName(save_text)
    buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
    buttons.rejected.connect(dialog.reject)
    return buttons, save


def _saved(
    save: Callable[[], object],
    labels: Sequence[ErrorLabel],
    label_for: Callable[[InputError], ErrorLabel],
    error_label: ErrorLabel,
) -> bool:
    """Clear ``labels``, then call ``save``: True if it wrote, else False with the reason
    shown (a refused value at ``label_for(error)``, a storage failure at ``error_label``)."""
    for label in labels:
        label.show_message("")
    try:
        save()
    except InputError as error:
        label_for(error).show_message(input_error_text(error))
        return False
    except StorageError as error:
        error_label.show_message(storage_error_text(error))
        return False
    return True


class OperatorDialog(FittedDialog):
    """Asks who is using the app; the name goes into every audit row."""

    def __init__(self, parent: QWidget | None = None, current: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Who is using oxytimer?"))
        self.name_edit = QLineEdit(current, self)
        self.name_edit.setAccessibleName(self.tr("Your name"))
        self.error = ErrorLabel(self, reserve=True)
        buttons, self.save_button = _save_buttons(self, self.tr("Continue"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Your name is written with every record and correction you make, so that"
                " each value can be traced. It is remembered on this computer."
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(QLabel(self.tr("Your name"), self))
        layout.addWidget(self.name_edit)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.save_button.clicked.connect(self._on_save_button_clicked)

    def name(self) -> str:
        return " ".join(self.name_edit.text().split())

    @Slot()
    def _on_save_button_clicked(self) -> None:
        if not self.name():
            self.error.show_message(self.tr("Enter your name."))
            return
        self.accept()


def ensure_operator(settings: Settings, parent: QWidget | None = None) -> bool:
    """At start-up: ask who is using the app, offering the name used last time.

    Asked at every start, not only the first: on a laptop shared by midwives and
    families, each audit row must name whoever is using it now. Enter keeps the name.
    Returns False when the user cancelled (the app should not open without a name).
    """
    dialog = OperatorDialog(parent, settings.operator)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    settings.operator = dialog.name()
    settings.sync()
    return True


class ReasonDialog(FittedDialog):
    """Asks for a reason (and optionally a date), then calls ``on_save(reason, day)``."""

    def __init__(
        self,
        title: str,
        prompt: str,
        on_save: Callable[[str, date | None], None],
        *,
        reason: str = "",
        day: date | None = None,
        date_label: str = "",
        save_text: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.on_save = on_save
        self.setWindowTitle(title)
        self.prompt = QLabel(prompt, self)
        self.prompt.setWordWrap(True)
        self.reason_edit = QLineEdit(reason, self)
        self.reason_edit.setAccessibleName(self.tr("Reason"))
        self.reason_error = ErrorLabel(self)
        self.date_edit = date_edit(day, self) if day is not None else None
        self.date_error = ErrorLabel(self)
        self.error = ErrorLabel(self, reserve=True)
        buttons, self.save_button = _save_buttons(self, save_text or self.tr("Save"))
        form = QFormLayout()
        form.addRow(self.tr("Reason"), self.reason_edit)
        form.addRow("", self.reason_error)
        if self.date_edit is not None:
            self.date_edit.setAccessibleName(date_label or self.tr("Date"))
            form.addRow(date_label or self.tr("Date"), self.date_edit)
            form.addRow("", self.date_error)
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.resize(520, self.sizeHint().height())

    def _error_label(self, error: InputError) -> ErrorLabel:
        if error.field.endswith("reason"):
            return self.reason_error
        if error.field.endswith("date"):
            return self.date_error
        return self.error

    @Slot()
    def _on_save_button_clicked(self) -> None:
        day = from_qdate(self.date_edit.date()) if self.date_edit is not None else None
        if _saved(
            lambda: self.on_save(self.reason_edit.text(), day),
            (self.reason_error, self.date_error, self.error),
            self._error_label,
            self.error,
        ):
            self.accept()


class AddSiteDialog(FittedDialog):
    """Adds a puskesmas to the managed list through ``on_save(code, name)``."""

    def __init__(
        self,
        parent: QWidget | None = None,
        on_save: Callable[[str, str], str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.on_save = on_save
        self.site_id: str | None = None
        self.setWindowTitle(self.tr("Add a puskesmas"))
        self.code_edit = QLineEdit(self)
        self.code_edit.setAccessibleName(self.tr("Code"))
        self.code_edit.setPlaceholderText(self.tr("e.g. PGS"))
        self.code_error = ErrorLabel(self)
        self.name_edit = QLineEdit(self)
        self.name_edit.setAccessibleName(self.tr("Name"))
        self.name_edit.setPlaceholderText(self.tr("e.g. Puskesmas Pagesangan"))
        self.name_error = ErrorLabel(self)
        self.error = ErrorLabel(self, reserve=True)
        buttons, self.save_button = _save_buttons(self, self.tr("Add"))
        form = QFormLayout()
        form.addRow(self.tr("Code"), self.code_edit)
        form.addRow("", self.code_error)
        form.addRow(self.tr("Name"), self.name_edit)
        form.addRow("", self.name_error)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.save_button.clicked.connect(self._on_save_button_clicked)

    def _save(self) -> None:
        if self.on_save is not None:
            self.site_id = self.on_save(self.code_edit.text(), self.name_edit.text())

    def _error_label(self, error: InputError) -> ErrorLabel:
        fields = {"site_code": self.code_error, "site_name": self.name_error}
        return fields.get(error.field, self.error)

    @Slot()
    def _on_save_button_clicked(self) -> None:
        labels = (self.code_error, self.name_error, self.error)
        saved = _saved(self._save, labels, self._error_label, self.error)
        if saved and self.on_save is not None:
            self.accept()


class CorrectionDialog(FittedDialog):
    """Corrects one stored value: the old value, an editor for the new one, a reason.

    Args:
        what: Names the value (e.g. "MTR-001 · 03/03 07:00 · Given by").
        old_text: The value now stored, as shown.
        editor: A widget to type the new value in.
        read_value: Reads the new value from the editor; may raise :class:`InputError`.
        on_save: Writes ``(value, reason)``; raises :class:`InputError` to refuse it.
    """

    def __init__(
        self,
        what: str,
        old_text: str,
        editor: QWidget,
        read_value: Callable[[], Any],
        on_save: Callable[[Any, str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Correct a value"))
        self.read_value = read_value
        self.on_save = on_save
        self.editor = editor
        editor.setParent(self)
        self.what_label = QLabel(what, self)
        self.what_label.setObjectName("question")
        self.what_label.setWordWrap(True)
        self.old_label = QLabel(old_text or "—", self)
        self.old_label.setWordWrap(True)
        self.value_error = ErrorLabel(self)
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setAccessibleName(self.tr("Reason for the correction"))
        self.reason_edit.setPlaceholderText(self.tr("e.g. typed wrongly from the paper form"))
        self.reason_error = ErrorLabel(self)
        self.error = ErrorLabel(self, reserve=True)
        buttons, self.save_button = _save_buttons(self, self.tr("Save correction"))
        form = QFormLayout()
        form.addRow(self.tr("Now stored"), self.old_label)
        form.addRow(self.tr("Corrected value"), editor)
        form.addRow("", self.value_error)
        form.addRow(self.tr("Reason"), self.reason_edit)
        form.addRow("", self.reason_error)
        layout = QVBoxLayout(self)
        layout.addWidget(self.what_label)
        layout.addLayout(form, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.resize(640, self.sizeHint().height())

    def _save(self) -> None:
        if not self.reason_edit.text().strip():
            raise InputError("reason", "required")
        self.on_save(self.read_value(), self.reason_edit.text())

    def _error_label(self, error: InputError) -> ErrorLabel:
        return self.reason_error if error.field == "reason" else self.value_error

    @Slot()
    def _on_save_button_clicked(self) -> None:
        labels = (self.value_error, self.reason_error, self.error)
        if _saved(self._save, labels, self._error_label, self.error):
            self.accept()
