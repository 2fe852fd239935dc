"""User-interface preferences (language, theme, font size, sound, operator, slot times).

Clinical records never live here: they are in the database. Tests and portable installs
point the settings at a file with the ``OXYTIMER_SETTINGS`` environment variable.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLocale, QSettings

from oxytimer.paths import APP_NAME, ORGANIZATION, SETTINGS_ENV

if TYPE_CHECKING:
    from oxytimer.ui.cues import CuePlayer

LANGUAGES = ("id", "en")
# Text sizes (points) offered in Settings. The largest is what every screen and dialog is
# checked at on a 1024x600 screen (tests/ui/test_layout_check.py): larger would not fit.
SMALLEST_TEXT_SIZE = 10
DEFAULT_TEXT_SIZE = 14
LARGEST_TEXT_SIZE = 20


def open_settings() -> QSettings:
    path = os.environ.get(SETTINGS_ENV)
    if path:
        return QSettings(path, QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APP_NAME)


class Settings:
    """Typed access to the preferences."""

    def __init__(self, store: QSettings | None = None) -> None:
        self.store = store or open_settings()

    def _get(self, key: str, default: Any, kind: type) -> Any:
        value = self.store.value(key, default)
        try:
            if kind is bool:
                return value in (True, "true", "1", 1)
            return kind(value)
        except (TypeError, ValueError):
            return default

    @property
    def language(self) -> str:
        value = self._get("language", "", str)
        if value in LANGUAGES:
            return str(value)
        return "id" if QLocale.system().language() == QLocale.Language.Indonesian else "en"

    @language.setter
    def language(self, value: str) -> None:
        if value not in LANGUAGES:
            raise ValueError(f"unknown language {value!r}")
        self.store.setValue("language", value)

    @property
    def operator(self) -> str:
        return str(self._get("operator", "", str))

    @operator.setter
    def operator(self, value: str) -> None:
        self.store.setValue("operator", value.strip())

    @property
    def theme(self) -> str:
        value = str(self._get("theme", "light", str))
        return value if value in ("light", "contrast", "night") else "light"

    @theme.setter
    def theme(self, value: str) -> None:
        self.store.setValue("theme", value)

    @property
    def font_size(self) -> int:
        size = int(self._get("font_size", DEFAULT_TEXT_SIZE, int))
        return max(SMALLEST_TEXT_SIZE, min(size, LARGEST_TEXT_SIZE))

    @font_size.setter
    def font_size(self, value: int) -> None:
        self.store.setValue("font_size", int(value))

    @property
    def muted(self) -> bool:
        return bool(self._get("muted", False, bool))

    @muted.setter
    def muted(self, value: bool) -> None:
        self.store.setValue("muted", bool(value))

    @property
    def volume(self) -> int:
        return max(0, min(int(self._get("volume", 80, int)), 100))

    @volume.setter
    def volume(self, value: int) -> None:
        self.store.setValue("volume", int(value))

    @property
    def speech(self) -> bool:
        """Speak the step prompts aloud (where a text-to-speech engine is installed)."""
        return bool(self._get("speech", True, bool))

    @speech.setter
    def speech(self, value: bool) -> None:
        self.store.setValue("speech", bool(value))

    def slot_hours(self) -> dict[str, tuple[int, int]]:
        """Morning and evening slots as (start hour, end hour), local time."""
        return {
            "morning": (
                int(self._get("slots/morning_start", 6, int)),
                int(self._get("slots/morning_end", 12, int)),
            ),
            "evening": (
                int(self._get("slots/evening_start", 15, int)),
                int(self._get("slots/evening_end", 21, int)),
            ),
        }

    def set_slot_hours(self, slot: str, start: int, end: int) -> None:
        if not 0 <= start < end <= 24:
            raise ValueError("a slot must start before it ends, within the day")
        self.store.setValue(f"slots/{slot}_start", start)
        self.store.setValue(f"slots/{slot}_end", end)

    def sync(self) -> None:
        self.store.sync()


def apply_sound(settings: Settings, cues: CuePlayer) -> None:
    """Give the cue player the sound settings (mute, volume, spoken steps, language)."""
    cues.muted = settings.muted
    cues.volume = settings.volume / 100
    cues.speech = settings.speech
    cues.language = settings.language
