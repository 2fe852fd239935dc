"""The first-start screen: what to do first with a database that holds no mother yet.

Shown on the bedside start page, in place of the choice of caregiver, until the first
mother is screened: give the laptop its tag, check the puskesmas, enrol the first mother,
or try oxytimer with made-up mothers in a demo database of its own (opened in a second
window; nothing is added to the study's database).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QProcess, Qt, Signal, Slot
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from oxytimer.storage.first_start import DEMO_MOTHERS
from oxytimer.ui.widgets import ErrorLabel

SETTINGS_WORK_PAGE = 2  # the Settings dialog's tab with the laptop tag


class FirstStartPanel(QWidget):
    """Steps for a new database, each with the button that does it.

    Signals:
        enrol_requested(): enrol the first mother (the Registry's form).
    """

    enrol_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db_path: Path | None = None
        self.demo_task: object | None = None
        self.title = QLabel(self.tr("This database holds no mother yet. What to do first:"), self)
        self.title.setObjectName("question")
        self.title.setWordWrap(True)
        self.tag_text = QLabel(self)
        self.tag_text.setWordWrap(True)
        self.tag_button = QPushButton(self.tr("Set the laptop tag…"), self)
        self.tag_button.setAccessibleName(self.tr("Set the laptop tag"))
        self.sites_text = QLabel(self)
        self.sites_text.setWordWrap(True)
        self.enrol_text = QLabel(
            self.tr(
                "3. Enrol the first mother: screen her, record her consent, then come back"
                " here to give her first massage."
            ),
            self,
        )
        self.enrol_text.setWordWrap(True)
        self.enrol_button = QPushButton(self.tr("Enrol the first mother…"), self)
        self.enrol_button.setObjectName("primary")
        self.enrol_button.setAccessibleName(self.tr("Enrol the first mother"))
        self.demo_text = QLabel(
            self.tr(
                "Just looking? Try oxytimer with {n} made-up mothers in a demo database of"
                " its own, in a second window. Nothing is added to this database."
            ).format(n=DEMO_MOTHERS),
            self,
        )
        self.demo_text.setWordWrap(True)
        self.demo_button = QPushButton(self.tr("Open the demo…"), self)
        self.demo_button.setAccessibleName(self.tr("Open the demo database"))
        self.demo_error = ErrorLabel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        for text, button in (
            (self.tag_text, self.tag_button),
            (self.sites_text, None),
            (self.enrol_text, self.enrol_button),
            (self.demo_text, self.demo_button),
        ):
            layout.addSpacing(6)
            layout.addWidget(text)
            if button is not None:  # as wide as its text, under it
                layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.demo_error)
        self.tag_button.clicked.connect(self._on_tag_button_clicked)
        self.enrol_button.clicked.connect(self.enrol_requested)
        self.demo_button.clicked.connect(self._on_demo_button_clicked)

    def show_facts(self, tag: str | None, sites: list[str], db_path: Path | None) -> None:
        """Say what is already done: the laptop's tag, the puskesmas listed."""
        self.db_path = db_path
        if tag is None:
            self.tag_text.setText(
                self.tr(
                    "1. Give this laptop its tag: one or two letters, different on every"
                    " laptop of the study (A, B …). The study codes given here carry it."
                )
            )
        else:
            self.tag_text.setText(
                self.tr(
                    "1. This laptop's tag is {tag}: the study codes given here carry it."
                    " Change it only if another laptop of the study has it too."
                ).format(tag=tag)
            )
        shown = [_short_site_name(name) for name in sites[:SITES_NAMED]]
        self.sites_text.setText(
            self.tr(
                "2. {n} puskesmas are listed ({names}). Is yours missing? Add it on the"
                " enrolment form (Add puskesmas…)."
            ).format(
                n=len(sites), names=", ".join(shown) + (" …" if len(sites) > len(shown) else "")
            )
        )
        self.demo_button.setEnabled(db_path is not None)

    @Slot()
    def _on_tag_button_clicked(self) -> None:
        # The main window's Settings, on the tab with the laptop tag.
        opener = getattr(self.window(), "open_settings", None)
        if callable(opener):
            opener(SETTINGS_WORK_PAGE)

    @Slot()
    def _on_demo_button_clicked(self) -> None:
        if self.db_path is None:
            return
        from PySide6.QtWidgets import QMessageBox

        from oxytimer.storage.first_start import demo_path

        path = demo_path(self.db_path)
        answer = QMessageBox.question(
            self,
            self.tr("Open the demo"),
            self.tr(
                "oxytimer opens a second window with the demo database:\n{path}\n\nIts"
                " mothers are made up: never record a real mother there."
            ).format(path=str(path)),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        from oxytimer.storage.first_start import make_demo
        from oxytimer.ui.workers import Task

        self.demo_error.show_message("")
        self.demo_button.setEnabled(False)
        self.demo_button.setText(self.tr("Preparing the demo…"))
        task = Task(lambda _job: make_demo(path), self)
        task.finished.connect(self._on_demo_made)
        task.failed.connect(self._on_demo_failed)
        self.demo_task = task.start()

    def _demo_done(self) -> None:
        self.demo_button.setEnabled(True)
        self.demo_button.setText(self.tr("Open the demo…"))

    @Slot(object)
    def _on_demo_made(self, path: Path) -> None:
        self._demo_done()
        if not launch_app(path):
            self.demo_error.show_message(
                self.tr(
                    "The demo window could not be started. The demo database is {path}."
                ).format(path=str(path))
            )

    @Slot(object)
    def _on_demo_failed(self, error: object) -> None:
        from oxytimer.storage.repository import StorageError
        from oxytimer.ui.messages import storage_error_text

        self._demo_done()
        text = self.tr("No demo database was made.")
        if isinstance(error, StorageError):
            text += " " + storage_error_text(error)
        self.demo_error.show_message(text)


SITES_NAMED = 3  # the first puskesmas named on the screen; the rest are in the enrolment form


def _short_site_name(name: str) -> str:
    """ "Puskesmas Ampenan" → "Ampenan": the word is said once, in the sentence."""
    first, _, rest = name.partition(" ")
    return rest if first.lower() == "puskesmas" and rest else name


def launch_app(db_path: Path) -> bool:
    """Start a second oxytimer window on ``db_path``; whether it could be started."""
    if getattr(sys, "frozen", False):  # the standalone app: its own program
        program, arguments = sys.executable, ["--db", str(db_path)]
    else:
        program, arguments = sys.executable, ["-m", "oxytimer", "--db", str(db_path)]
    started, _pid = QProcess.startDetached(program, arguments)
    return bool(started)
