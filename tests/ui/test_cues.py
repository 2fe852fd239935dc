"""Cues fall back to the system beep whenever a sound cannot be played."""

from PySide6.QtWidgets import QApplication

from oxytimer.ui.cues import Cue, CuePlayer


class _Effect:
    class Status:
        Ready = 1
        Error = 3

    def __init__(self, status):
        self._status = status
        self.played = 0

    def status(self):
        return self._status

    def setVolume(self, volume):
        self.volume = volume

    def play(self):
        self.played += 1


def test_a_sound_that_cannot_play_falls_back_to_the_beep(qtbot, monkeypatch):
    beeps = []
    monkeypatch.setattr(QApplication, "beep", staticmethod(lambda: beeps.append(1)))
    player = CuePlayer(use_multimedia=False)
    broken, fine = _Effect(_Effect.Status.Error), _Effect(_Effect.Status.Ready)
    player._effects = {Cue.STEP: broken, Cue.END: fine}
    given = []
    player.cue_played.connect(lambda cue, how: given.append((cue, how)))
    player.play(Cue.STEP)  # the device refused the format
    player.play(Cue.END)
    player.play(Cue.FINAL)  # no effect loaded at all
    assert given == [("step", "beep"), ("end", "sound"), ("final", "beep")]
    assert (broken.played, fine.played, len(beeps)) == (0, 1, 2)


def test_muted_plays_nothing(qtbot, monkeypatch):
    beeps = []
    monkeypatch.setattr(QApplication, "beep", staticmethod(lambda: beeps.append(1)))
    player = CuePlayer(use_multimedia=False)
    player.muted = True
    with qtbot.waitSignal(player.cue_played) as blocker:
        player.play(Cue.END)
    assert blocker.args == ["end", "muted"] and beeps == []
