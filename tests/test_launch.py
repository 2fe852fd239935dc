"""The ``oxytimer`` entry point: the app opens without click; everything else is click's."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from oxytimer import launch
from oxytimer.paths import DB_ENV


@pytest.fixture(autouse=True)
def no_db_env(monkeypatch):
    monkeypatch.delenv(DB_ENV, raising=False)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], (None, False)),
        (["--quit-after-show"], (None, True)),
        (["--db", "a.sqlite"], ("a.sqlite", False)),
        (["--db=a.sqlite", "--quit-after-show"], ("a.sqlite", True)),
        (["--quit-after-show", "--db", "a.sqlite", "--db", "b.sqlite"], ("b.sqlite", True)),
        # Anything else is for click: commands, help, version, unknown or incomplete options.
        (["summary"], None),
        (["--db", "a.sqlite", "backup"], None),
        (["--help"], None),
        (["-h"], None),
        (["--version"], None),
        (["--quiet"], None),
        (["--db"], None),
        (["--db="], None),
    ],
)
def test_gui_options(args, expected):
    assert launch.gui_options(args) == expected


def test_environment_variable_stands_in_for_a_missing_db(monkeypatch):
    monkeypatch.setenv(DB_ENV, "env.sqlite")
    assert launch.gui_options([]) == ("env.sqlite", False)
    assert launch.gui_options(["--db", "opt.sqlite"]) == ("opt.sqlite", False)
    monkeypatch.setenv(DB_ENV, "")
    assert launch.gui_options([]) == (None, False)


def test_a_folder_is_left_to_click_to_refuse(tmp_path, monkeypatch, capsys):
    assert launch.gui_options(["--db", str(tmp_path)]) is None
    monkeypatch.setenv(DB_ENV, str(tmp_path))
    assert launch.gui_options([]) is None
    with pytest.raises(SystemExit) as exit_:
        launch.main(["--db", str(tmp_path)])
    assert exit_.value.code == 2
    assert "is a directory" in capsys.readouterr().err


def test_main_opens_the_app_on_the_chosen_database(tmp_path, monkeypatch):
    import oxytimer.app

    calls = []

    def run_gui(path: Path, *, quit_after_show: bool) -> int:
        calls.append((path, quit_after_show))
        return 7

    monkeypatch.setattr(oxytimer.app, "run_gui", run_gui)
    with pytest.raises(SystemExit) as exit_:
        launch.main(["--db", str(tmp_path / "x.sqlite"), "--quit-after-show"])
    assert exit_.value.code == 7
    assert calls == [(tmp_path / "x.sqlite", True)]


def test_commands_and_version_go_to_click(capsys):
    from oxytimer import __version__

    with pytest.raises(SystemExit) as exit_:
        launch.main(["--version"])
    assert exit_.value.code == 0
    assert __version__ in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit_:
        launch.main(["no-such-command"])
    assert exit_.value.code == 2
    assert "No such command" in capsys.readouterr().err


def test_start_up_imports_neither_click_nor_sqlite_utils_nor_the_statistics(tmp_path):
    """The real app, run twice (the first run creates the database), imports none of them.

    ``python -X importtime`` lists every module the process imported on stderr.
    """
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "OXYTIMER_SETTINGS": str(tmp_path / "settings.ini"),
    }
    env.pop(DB_ENV, None)
    cmd = [sys.executable, "-X", "importtime", "-m", "oxytimer"]
    cmd += ["--db", str(tmp_path / "oxy.sqlite"), "--quit-after-show"]
    for _ in range(2):
        result = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
    modules = {
        line.split("|")[-1].strip()
        for line in result.stderr.splitlines()
        if line.startswith("import time:")
    }
    packages = {name.split(".")[0] for name in modules}
    assert {"oxytimer.ui.main_window", "PySide6"} <= modules  # the listing is real
    heavy = {"click", "sqlite_utils", "scipy", "numpy", "pyqtgraph", "dateutil"}
    assert packages & heavy == set()
    # What the start screen does not need loads on first use (docs/DEVELOPING.md).
    on_first_use = {
        "oxytimer.cli",
        "oxytimer.domain.session",
        "oxytimer.domain.schedule",
        "oxytimer.domain.protocol",
        "oxytimer.domain.instrument",
        "tomllib",
        "oxytimer.domain.registry",
        "oxytimer.domain.eligibility",
        "oxytimer.domain.adherence",
        "oxytimer.storage.migrations",
        "oxytimer.storage.exchange",
        "oxytimer.ui.session_pages",
        "oxytimer.ui.ticker",
        "oxytimer.ui.export_dialog",
        "oxytimer.ui.import_wizard",
        "oxytimer.ui.dialogs",
        "oxytimer.ui.settings_dialog",
        "oxytimer.ui.help_dialogs",
        "oxytimer.ui.save_paths",
        "oxytimer.ui.registry_view",
        "oxytimer.ui.today_view",
        "oxytimer.ui.history_view",
        "oxytimer.ui.summary_view",
    }
    assert modules & on_first_use == set()


def test_first_paint_is_reported_once(qtbot):
    """``--quit-after-show`` exits on this signal: only once the window has been drawn."""
    from PySide6.QtWidgets import QApplication, QLabel

    from oxytimer.app import FirstPaint

    label = QLabel("first paint")
    qtbot.addWidget(label)
    watch = FirstPaint(label)
    seen = []
    watch.painted.connect(lambda: seen.append(label.isVisible()))
    QApplication.processEvents()  # nothing is painted before the window is shown
    assert seen == []
    with qtbot.waitSignal(watch.painted):
        label.show()
    label.update()
    qtbot.waitUntil(lambda: not label.visibleRegion().isEmpty())
    label.repaint()
    assert seen == [True]  # reported once, for a window on screen


@pytest.mark.parametrize(
    "args",
    [
        ["--multiprocessing-fork", "tracker_fd=5", "pipe_handle=7"],  # the summary's process
        ["-c", "from multiprocessing.resource_tracker import main;main(5)"],
    ],
)
def test_the_standalone_app_started_as_a_child_process_does_the_childs_work(monkeypatch, args):
    # PyInstaller's freeze_support runs the child's work and exits; the command line is
    # never the app's nor click's.
    import multiprocessing

    handed = []

    def freeze_support() -> None:
        handed.append(sys.argv)
        raise SystemExit(0)

    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(multiprocessing, "freeze_support", freeze_support)
    with pytest.raises(SystemExit):
        launch.main(args)
    assert len(handed) == 1


def test_the_venvs_app_never_hands_its_command_line_to_multiprocessing(monkeypatch, capsys):
    import multiprocessing

    monkeypatch.setattr(multiprocessing, "freeze_support", lambda: pytest.fail("handed over"))
    with pytest.raises(SystemExit):
        launch.main(["-c", "anything"])  # not frozen: click says what is wrong
