"""The settings dialog, the language choice, sound and spoken prompts."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from PySide6.QtCore import QLocale, QObject
from PySide6.QtWidgets import QApplication

from oxytimer.domain.data_files import DataFiles
from oxytimer.ui import cues as cues_module
from oxytimer.ui.cues import Cue, CuePlayer
from oxytimer.ui.settings import Settings
from oxytimer.ui.settings_dialog import SettingsDialog
from oxytimer.ui.theme import stylesheet


@pytest.fixture
def no_style(qapp):
    yield
    qapp.setStyleSheet("")


def test_dialog_shows_and_saves_every_setting(qtbot, settings, no_style):
    cues = CuePlayer(use_multimedia=False, use_speech=False)
    dialog = SettingsDialog(settings, cues)
    qtbot.addWidget(dialog)
    assert dialog.language.currentData() == "en"
    assert dialog.font_size.value() == 14
    assert dialog.operator.text() == "Bidan Sari"

    dialog.language.setCurrentIndex(dialog.language.findData("id"))
    assert dialog.language_note.isVisibleTo(dialog)
    dialog.theme.setCurrentIndex(dialog.theme.findData("night"))
    dialog.font_size.setValue(18)
    dialog.sound.setChecked(False)
    assert not dialog.volume.isEnabled()
    dialog.speech.setChecked(False)
    dialog.operator.setText("  Bidan Ayu ")
    dialog.slot_spins["evening"][0].setValue(16)
    dialog.accept()

    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.language_changed()
    assert (settings.language, settings.theme, settings.font_size) == ("id", "night", 18)
    assert (settings.muted, settings.speech, settings.operator) == (True, False, "Bidan Ayu")
    assert settings.slot_hours()["evening"] == (16, 21)
    # Theme and font apply at once; the sound settings reach the player.
    assert QApplication.instance().styleSheet() == stylesheet("night", 18)
    assert cues.muted and not cues.speech
    assert cues.language == "en"  # until the window is built in the new language
    # Stored: a new Settings on the same file reads them back.
    again = Settings()
    assert (again.language, again.theme, again.font_size) == ("id", "night", 18)


def test_bad_slot_hours_are_refused_and_nothing_is_saved(qtbot, settings, no_style):
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.theme.setCurrentIndex(dialog.theme.findData("contrast"))
    dialog.slot_spins["morning"][0].setValue(13)  # starts after it ends (12)
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert "start before" in dialog.slot_error.text()
    assert settings.theme == "light"
    dialog.slot_spins["morning"][0].setValue(6)
    dialog.slot_spins["morning"][1].setValue(16)  # overlaps the evening (15-21)
    dialog.accept()
    assert "overlap" in dialog.slot_error.text()
    assert settings.theme == "light"


def test_language_follows_the_system_locale_until_chosen(tmp_path, monkeypatch):
    monkeypatch.setenv("OXYTIMER_SETTINGS", str(tmp_path / "fresh.ini"))
    fresh = Settings()
    monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale("id_ID")))
    assert fresh.language == "id"
    monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale("en_GB")))
    assert fresh.language == "en"
    fresh.language = "id"
    assert fresh.language == "id"


def test_main_window_opens_settings_from_its_menu(qtbot, tmp_path, settings, clock, monkeypatch):
    from oxytimer.app import create_window

    window, repo = create_window(tmp_path / "m.sqlite", clock=clock, settings=settings)
    qtbot.addWidget(window)
    opened = []
    monkeypatch.setattr(SettingsDialog, "exec", lambda self: opened.append(self) or 0)
    assert window.settings_action in window.menuBar().actions()
    window.settings_action.trigger()
    assert len(opened) == 1
    repo.close()


# ---------------------------------------------------------------- sound and speech
class FakeSpeech(QObject):
    said: list[tuple[str, str, float]] = []  # noqa: RUF012

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.locale = QLocale()
        self.volume = 1.0

    def availableLocales(self) -> list[QLocale]:
        return [QLocale("en_US"), QLocale("id_ID")]

    def setLocale(self, locale: QLocale) -> None:
        self.locale = locale

    def setVolume(self, volume: float) -> None:
        self.volume = volume

    def stop(self) -> None:
        pass

    def say(self, text: str) -> None:
        FakeSpeech.said.append((text, self.locale.name(), self.volume))


@pytest.fixture
def fake_speech(monkeypatch):
    FakeSpeech.said = []
    module = SimpleNamespace(QTextToSpeech=FakeSpeech)
    monkeypatch.setattr(cues_module, "_load_speech", lambda: module)
    return FakeSpeech.said


def test_prompts_are_spoken_in_the_interface_language(fake_speech):
    player = CuePlayer(use_multimedia=False)
    player.language = "id"
    player.volume = 0.5
    player.say("Pijat oksitosin")
    assert fake_speech == [("Pijat oksitosin", "id_ID", 0.5)]
    player.speech = False
    player.say("x")
    player.speech, player.muted = True, True
    player.say("y")
    assert len(fake_speech) == 1


def test_without_a_voice_for_the_language_nothing_is_said(monkeypatch, fake_speech):
    monkeypatch.setattr(FakeSpeech, "availableLocales", lambda self: [QLocale("en_US")])
    player = CuePlayer(use_multimedia=False)
    player.language = "id"
    assert not player.speech_available()
    player.say("Pijat oksitosin")
    assert fake_speech == []


def test_without_the_speech_library_nothing_is_said(monkeypatch):
    monkeypatch.setattr(cues_module, "_load_speech", lambda: None)
    player = CuePlayer(use_multimedia=False)
    player.say("anything")  # no error
    assert not player.speech_available()


def test_each_step_is_spoken_during_a_session(
    qtbot, repo, protocol, instrument, clock, fake_speech
):
    from oxytimer.ui.session_view import SessionScreen

    player = CuePlayer(use_multimedia=False)
    player.language = "id"
    screen = SessionScreen(repo, DataFiles(protocol, instrument), clock, "id", cues=player)
    qtbot.addWidget(screen)
    screen._on_ticker_step_started(0)  # the massage steps (preparation is untimed)
    screen._on_ticker_step_started(1)
    assert [text for text, _, _ in fake_speech] == [
        f"{step.title.get('id')}. {step.instruction.get('id')}"
        for step in protocol.massage_steps[:2]
    ]


def test_mute_and_volume_reach_the_cues(qtbot):
    played = []
    player = CuePlayer(use_multimedia=False, use_speech=False)
    player.cue_played.connect(lambda cue, how: played.append((cue, how)))
    player.muted = True
    player.play(Cue.STEP)
    player.muted = False
    player.play(Cue.END)
    assert played == [("step", "muted"), ("end", "beep")]
