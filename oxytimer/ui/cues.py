"""Cues for step changes, the last ten seconds and the end.

A visual flash always (the view does it); a sound where audio is available: QtMultimedia
from the optional ``oxytimer[audio]`` extra, otherwise the system beep. A missing or
broken audio library never breaks the app.
"""

from __future__ import annotations

import importlib
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtWidgets import QApplication

from oxytimer.resources import resource_path


class Cue(StrEnum):
    STEP = "step"
    FINAL = "final"
    END = "end"


def _load_multimedia() -> Any | None:
    try:
        return importlib.import_module("PySide6.QtMultimedia")
    except Exception:  # any failure means: no audio library, use the beep
        return None


class CuePlayer(QObject):
    """Plays cues.

    Signals:
        cue_played(str, str): the cue and how it was given ("sound", "beep" or "muted").
    """

    cue_played = Signal(str, str)

    def __init__(self, parent: QObject | None = None, *, use_multimedia: bool = True) -> None:
        super().__init__(parent)
        self.muted = False
        self.volume = 0.8
        self._effects: dict[Cue, Any] = {}
        multimedia = _load_multimedia() if use_multimedia else None
        if multimedia is not None:
            try:
                for cue in Cue:
                    effect = multimedia.QSoundEffect(self)
                    effect.setSource(QUrl.fromLocalFile(str(resource_path("sounds", f"{cue}.wav"))))
                    self._effects[cue] = effect
            except Exception:
                self._effects = {}

    @property
    def backend(self) -> str:
        return "sound" if self._effects else "beep"

    def play(self, cue: Cue) -> None:
        if self.muted:
            self.cue_played.emit(cue.value, "muted")
            return
        effect = self._effects.get(cue)
        if effect is not None:
            try:
                effect.setVolume(self.volume)
                effect.play()
                self.cue_played.emit(cue.value, "sound")
                return
            except Exception:
                pass
        QApplication.beep()
        self.cue_played.emit(cue.value, "beep")
