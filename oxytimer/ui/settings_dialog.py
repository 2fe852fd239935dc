"""Preferences: language, theme, font size, sound and speech, operator name, slot hours.

Theme, font size, sound and operator apply at once. A new language (or text size) makes
the main window build its contents again (``ui/window_contents.py``): at once, or as soon
as a massage in progress is over and saved.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSlider,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from oxytimer.ui.cues import Cue, CuePlayer
from oxytimer.ui.screen_fit import FittedDialog
from oxytimer.ui.settings import (
    LANGUAGES,
    LARGEST_TEXT_SIZE,
    SMALLEST_TEXT_SIZE,
    Settings,
    apply_sound,
)
from oxytimer.ui.theme import THEMES, stylesheet
from oxytimer.ui.widgets import ErrorLabel

# Each language is named in itself, whatever the interface language.
LANGUAGE_NAMES = {"id": "Bahasa Indonesia", "en": "English"}


def apply_appearance(settings: Settings) -> None:
    """Apply the theme and the font size of ``settings`` to the whole application."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        app.setStyleSheet(stylesheet(settings.theme, settings.font_size))


class SettingsDialog(FittedDialog):
    """Edits :class:`Settings`; nothing is written until OK."""

    def __init__(
        self,
        settings: Settings,
        cues: CuePlayer | None = None,
        parent: QWidget | None = None,
        laptop_tag: str | None = None,
        server_url: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self._initial_tag = laptop_tag or ""
        self._initial_server = server_url or ""
        self.cues = cues
        self._initial_language = settings.language
        self.setWindowTitle(self.tr("Settings"))

        self.language = QComboBox(self)
        for code in LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES[code], code)
        self.language.setAccessibleName(self.tr("Language"))
        self.language_note = QLabel(
            self.tr(
                "The new language is used as soon as you press OK (after the massage, if"
                " one is in progress)."
            ),
            self,
        )
        self.language_note.setWordWrap(True)
        self.language_note.hide()

        self.theme = QComboBox(self)
        theme_names = {
            "light": self.tr("Light"),
            "contrast": self.tr("High contrast"),
            "night": self.tr("Night (dark, dim)"),
        }
        for code in THEMES:
            self.theme.addItem(theme_names.get(code, code), code)
        self.theme.setAccessibleName(self.tr("Theme"))
        self.font_size = QSpinBox(self)
        self.font_size.setRange(SMALLEST_TEXT_SIZE, LARGEST_TEXT_SIZE)
        self.font_size.setSuffix(" pt")
        self.font_size.setAccessibleName(self.tr("Text size"))

        self.sound = QCheckBox(self.tr("Sound cues (step change, last 10 seconds, end)"), self)
        self.sound.setAccessibleName(self.tr("Sound cues"))
        self.volume = QSlider(Qt.Orientation.Horizontal, self)
        self.volume.setRange(0, 100)
        self.volume.setPageStep(10)
        self.volume.setAccessibleName(self.tr("Volume"))
        self.test_sound = QPushButton(self.tr("Test sound"), self)
        self.test_sound.setAccessibleName(self.tr("Play a test sound"))
        self.speech = QCheckBox(self.tr("Read the steps aloud"), self)
        self.speech.setAccessibleName(self.tr("Read the steps aloud"))
        self.speech_note = QLabel(self)
        self.speech_note.setWordWrap(True)
        self.speech_note.hide()

        self.operator = QLineEdit(self)
        self.operator.setAccessibleName(self.tr("Your name (saved with every change)"))
        self.slot_spins: dict[str, tuple[QSpinBox, QSpinBox]] = {}
        for slot in ("morning", "evening"):
            start, end = QSpinBox(self), QSpinBox(self)
            for spin in (start, end):
                spin.setRange(0, 24)
                spin.setSuffix(":00")
            self.slot_spins[slot] = (start, end)
        slot_names = {
            "morning": (
                self.tr("Morning massage"),
                self.tr("Morning massage from (hour)"),
                self.tr("Morning massage until (hour)"),
            ),
            "evening": (
                self.tr("Evening massage"),
                self.tr("Evening massage from (hour)"),
                self.tr("Evening massage until (hour)"),
            ),
        }
        for slot, (start, end) in self.slot_spins.items():
            start.setAccessibleName(slot_names[slot][1])
            end.setAccessibleName(slot_names[slot][2])
        self.slot_error = ErrorLabel(self)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )

        display = QGroupBox(self.tr("Display"), self)
        display_form = QFormLayout(display)
        display_form.addRow(self.tr("Language"), self.language)
        display_form.addRow("", self.language_note)
        display_form.addRow(self.tr("Theme"), self.theme)
        display_form.addRow(self.tr("Text size"), self.font_size)
        sound = QGroupBox(self.tr("Sound"), self)
        sound_form = QFormLayout(sound)
        sound_form.addRow(self.sound)
        volume_row = QHBoxLayout()
        volume_row.addWidget(self.volume, 1)
        volume_row.addWidget(self.test_sound)
        sound_form.addRow(self.tr("Volume"), volume_row)
        sound_form.addRow(self.speech)
        sound_form.addRow(self.speech_note)
        work = QGroupBox(self.tr("Work"), self)
        work_form = QFormLayout(work)
        work_form.addRow(self.tr("Your name"), self.operator)
        self.laptop_tag = QLineEdit(self._initial_tag, self)
        self.laptop_tag.setMaxLength(2)
        self.laptop_tag.setAccessibleName(self.tr("Laptop tag"))
        self.laptop_tag.setPlaceholderText(self.tr("e.g. A"))
        self.laptop_tag.setToolTip(
            self.tr(
                "One or two letters, different on every laptop of the study: study codes"
                " suggested here carry them (MTR-A001), so two laptops never give the same code."
            )
        )
        work_form.addRow(self.tr("Laptop tag"), self.laptop_tag)
        self.server = QLineEdit(self._initial_server, self)
        self.server.setAccessibleName(self.tr("Study server address"))
        self.server.setPlaceholderText(
            self.tr("postgresql://ROLE@HOST/DATABASE?sslmode=verify-full")
        )
        self.server.setToolTip(
            self.tr(
                "The study server this laptop syncs with (Data → Sync), from the study's"
                " administrator. Empty: this laptop does not sync."
            )
        )
        work_form.addRow(self.tr("Study server"), self.server)
        self.server_password = QLineEdit(self)
        self.server_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.server_password.setAccessibleName(self.tr("Study server password"))
        self.server_password.setPlaceholderText(self.tr("only when new or changed"))
        self.server_password.setToolTip(
            self.tr(
                "Kept in PostgreSQL's password file (~/.pgpass, readable only by you), never"
                " in oxytimer's settings."
            )
        )
        work_form.addRow(self.tr("Server password"), self.server_password)
        for slot, (start, end) in self.slot_spins.items():
            row = QHBoxLayout()
            row.addWidget(start)
            row.addWidget(QLabel(self.tr("to"), self))
            row.addWidget(end)
            row.addStretch(1)
            work_form.addRow(slot_names[slot][0], row)
        work_form.addRow(self.slot_error)
        # One tab per group: the three stacked do not fit a 1024x600 screen at large text.
        self.pages = QTabWidget(self)
        for box in (display, sound, work):
            self.pages.addTab(box, box.title())
            box.setTitle("")
            box.setFlat(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        layout.addWidget(self.buttons)

        self._load()
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.sound.toggled.connect(self._on_sound_toggled)
        self.test_sound.clicked.connect(self._on_test_sound_clicked)
        self.language.currentIndexChanged.connect(self._on_language_changed)

    def _load(self) -> None:
        s = self.settings
        self.language.setCurrentIndex(max(self.language.findData(s.language), 0))
        self.theme.setCurrentIndex(max(self.theme.findData(s.theme), 0))
        self.font_size.setValue(s.font_size)
        self.sound.setChecked(not s.muted)
        self.volume.setValue(s.volume)
        self.speech.setChecked(s.speech)
        self.operator.setText(s.operator)
        for slot, (start, end) in self.slot_spins.items():
            first, last = s.slot_hours()[slot]
            start.setValue(first)
            end.setValue(last)
        self._on_sound_toggled(self.sound.isChecked())
        if self.cues is not None and not self.cues.speech_available():
            self.speech_note.setText(
                self.tr(
                    "No voice for this language is installed on this computer: the steps"
                    " are shown, not read."
                )
            )
            self.speech_note.show()

    def chosen_tag(self) -> str | None:
        """The laptop tag typed, when it changed (checked in :meth:`accept`), else None."""
        text = self.laptop_tag.text().strip().upper()
        return text if text and text != self._initial_tag else None

    def chosen_server(self) -> tuple[str, str] | None:
        """(address, password) when either was changed (checked in :meth:`accept`)."""
        url, password = self.server.text().strip(), self.server_password.text()
        if url == self._initial_server and not password:
            return None
        return url, password

    def language_changed(self) -> bool:
        """True when the chosen language is not the one the interface was started in."""
        return self.language.currentData() != self._initial_language

    @Slot(int)
    def _on_language_changed(self, _index: int) -> None:
        self.language_note.setVisible(self.language_changed())

    @Slot(bool)
    def _on_sound_toggled(self, on: bool) -> None:
        self.volume.setEnabled(on)
        self.test_sound.setEnabled(on)

    @Slot()
    def _on_test_sound_clicked(self) -> None:
        if self.cues is None:
            return
        muted, volume = self.cues.muted, self.cues.volume
        self.cues.muted, self.cues.volume = False, self.volume.value() / 100
        self.cues.play(Cue.STEP)
        self.cues.muted, self.cues.volume = muted, volume

    def accept(self) -> None:
        hours = {slot: (a.value(), b.value()) for slot, (a, b) in self.slot_spins.items()}
        for first, last in hours.values():
            if not 0 <= first < last <= 24:
                self.slot_error.show_message(self.tr("Each time of day must start before it ends."))
                self.pages.setCurrentIndex(2)  # the error's tab
                return
        (m_start, m_end), (e_start, e_end) = hours["morning"], hours["evening"]
        if m_end > e_start and e_end > m_start:
            self.slot_error.show_message(self.tr("Morning and evening must not overlap."))
            self.pages.setCurrentIndex(2)
            return
        tag = self.chosen_tag()
        if tag is not None and not (tag.isascii() and tag.isalpha()):
            self.slot_error.show_message(self.tr("A laptop tag is one or two letters (A–Z)."))
            return
        server = self.chosen_server()
        if (
            server is not None
            and server[0]
            and not server[0].startswith(("postgresql://", "postgres://"))
        ):
            self.slot_error.show_message(
                self.tr("A study server address starts with postgresql://")
            )
            self.pages.setCurrentIndex(2)
            return
        if server is not None and server[1] and not server[0]:
            self.slot_error.show_message(self.tr("Enter the study server's address first."))
            self.pages.setCurrentIndex(2)
            return
        s = self.settings
        s.language = str(self.language.currentData())
        s.theme = str(self.theme.currentData())
        s.font_size = self.font_size.value()
        s.muted = not self.sound.isChecked()
        s.volume = self.volume.value()
        s.speech = self.speech.isChecked()
        s.operator = self.operator.text()
        for slot, (first, last) in hours.items():
            s.set_slot_hours(slot, first, last)
        s.sync()
        apply_appearance(s)
        if self.cues is not None:
            language = self.cues.language
            apply_sound(s, self.cues)
            # The spoken steps change language with the window (WindowContents.rebuild).
            self.cues.language = language
        super().accept()
