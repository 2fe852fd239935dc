"""Cues for step changes, the last ten seconds and the end.

A visual flash always (the view does it); a sound where audio is available: QtMultimedia
from the optional ``oxytimer[audio]`` extra, otherwise the system beep. Spoken step prompts
where QtTextToSpeech (the same extra) has a voice for the interface language; otherwise
nothing is said. A missing or broken audio or speech library never breaks the app.
"""

from __future__ import annotations

import contextlib
import importlib
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QLocale, QObject, Signal
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


def _load_speech() -> Any | None:
    try:
        return importlib.import_module("PySide6.QtTextToSpeech")
    except Exception:  # no speech library: say nothing
        return None


class CuePlayer(QObject):
    """Plays cues and speaks prompts.

    ``muted`` silences both; ``volume`` is 0..1; ``speech`` turns the spoken prompts off;
    ``language`` ("id" or "en") chooses the voice.

    Signals:
        cue_played(str, str): the cue and how it was given ("sound", "beep" or "muted").
        spoken(str): a prompt was handed to the text-to-speech engine.
    """

    cue_played = Signal(str, str)
    spoken = Signal(str)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        use_multimedia: bool = True,
        use_speech: bool = True,
    ) -> None:
        super().__init__(parent)
        self.muted = False
        self.volume = 0.8
        self.speech = True
        self.language = "en"
        self._use_speech = use_speech
        self._tts: Any = None
        self._tts_language = ""
        self._effects: dict[Cue, Any] = {}
        multimedia = _load_multimedia() if use_multimedia else None
        if multimedia is not None:
            from PySide6.QtCore import QUrl  # with the sound effects only

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
        if effect is not None and _usable(effect):
            try:
                effect.setVolume(self.volume)
                effect.play()
                self.cue_played.emit(cue.value, "sound")
                return
            except Exception:
                pass
        QApplication.beep()
        self.cue_played.emit(cue.value, "beep")

    def speech_available(self) -> bool:
        """True when a text-to-speech engine has a voice for ``language``."""
        return self._speech_engine() is not None

    def say(self, text: str) -> None:
        """Speak ``text`` (interrupting the previous prompt); nothing without an engine."""
        if self.muted or not self.speech or not text:
            return
        engine = self._speech_engine()
        if engine is None:
            return
        try:
            engine.stop()
            engine.setVolume(self.volume)
            engine.say(text)
        except Exception:
            return
        self.spoken.emit(text)

    def stop_speaking(self) -> None:
        if self._tts is not None:
            with contextlib.suppress(Exception):
                self._tts.stop()

    def _speech_engine(self) -> Any | None:
        """The engine with a voice for ``language``, created on first use (lazily imported)."""
        if not self._use_speech:
            return None
        if self._tts is not None and self._tts_language == self.language:
            return self._tts or None
        self._tts_language = self.language
        self._tts = False  # tried: no engine, unless found below
        module = _load_speech()
        if module is None:
            return None
        wanted = QLocale.Language.Indonesian if self.language == "id" else QLocale.Language.English
        try:
            engine = module.QTextToSpeech(self)
            voices = [loc for loc in engine.availableLocales() if loc.language() == wanted]
            if not voices:
                engine.deleteLater()
                return None
            engine.setLocale(voices[0])
        except Exception:
            return None
        self._tts = engine
        return engine


def _usable(effect: Any) -> bool:
    """False when the sound could not be loaded or the audio device cannot play it.

    QSoundEffect reports that as its Error status (seen with no sound card, or a device
    that refuses the format); the cue then falls back to the system beep.
    """
    try:
        return bool(effect.status() != type(effect).Status.Error)
    except Exception:
        return False
