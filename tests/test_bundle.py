"""The standalone app (issue 16): built by scripts/build_app.py, run with no Python around it.

Slow (the build takes minutes): run alone with ``pytest -m slow``, left out with
``pytest -m "not slow"``. The README's test command runs it, and so does CI.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from sqlite_utils import Database

from oxytimer import __version__
from oxytimer.storage import backup
from oxytimer.storage.migrations import known_migration_names, migrations

ROOT = Path(__file__).resolve().parent.parent

PAIRS = "participant,pre,post\n1,2,5\n2,3,4\n3,1,6\n4,2,2\n5,0,3\n6,4,7\n"


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("build")
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "build_app.py"),
            "--dist",
            str(out / "dist"),
            "--work",
            str(out / "work"),
        ],
        check=True,
        cwd=ROOT,
    )
    app = out / "dist" / "oxytimer"
    assert (app / "oxytimer").is_file()
    return app


def clean_env(home: Path) -> dict[str, str]:
    """What a desktop session gives a program: no venv, no Python, no PATH to either."""
    return {"HOME": str(home), "QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"}


def run(app: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            "env",
            "-i",
            *(f"{k}={v}" for k, v in clean_env(home).items()),
            str(app / "oxytimer"),
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )


def files_in(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def default_db(home: Path) -> Path:
    return home / ".local" / "share" / "oxytimer" / "oxytimer" / "oxytimer.sqlite"


@pytest.mark.slow
def test_runs_without_python_and_writes_only_in_the_data_folder(bundle, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    before = files_in(bundle)
    shown = run(bundle, home, "--quit-after-show")
    assert shown.returncode == 0, shown.stderr
    assert "Traceback" not in shown.stderr
    assert default_db(home).is_file()  # the user's data folder, not the app's
    assert files_in(bundle) == before  # the app's folder is never written

    version = run(bundle, home, "--version")
    assert version.returncode == 0 and version.stdout.strip() == f"oxytimer, version {__version__}"


@pytest.mark.slow
def test_summary_from_the_bundle_equals_the_venvs(bundle, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    pairs = tmp_path / "pairs.csv"
    pairs.write_text(PAIRS, encoding="utf-8")
    frozen = run(bundle, home, "summary", "--pairs", str(pairs), "--format", "json")
    assert frozen.returncode == 0, frozen.stderr
    venv = subprocess.run(
        [sys.executable, "-m", "oxytimer", "summary", "--pairs", str(pairs), "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )

    def without_time(text: str) -> list[str]:
        return [line for line in text.splitlines() if "generated_at" not in line]

    assert without_time(frozen.stdout) == without_time(venv.stdout)
    assert '"wilcoxon"' in frozen.stdout


@pytest.mark.slow
def test_an_update_keeps_the_data_and_upgrades_an_older_database(bundle, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    # An older database in the data folder, as an earlier version left it.
    path = default_db(home)
    path.parent.mkdir(parents=True)
    old = Database(path)
    migrations.apply(old, stop_before=known_migration_names()[-1])
    old.execute(
        "INSERT INTO sites (id, code, name, created_at) VALUES ('s1', 'AMP', 'Ampenan', 'x')"
    )
    old.conn.commit()
    old.close()

    # Install for this user, as a midwife would (no administrator rights) ...
    env = {**os.environ, **clean_env(home)}
    subprocess.run(["sh", str(bundle / "install.sh")], check=True, env=env, capture_output=True)
    installed = home / ".local" / "opt" / "oxytimer"
    entry = home / ".local" / "share" / "applications" / "org.oxytimer.oxytimer.desktop"
    assert f"Exec={installed}/oxytimer" in entry.read_text(encoding="utf-8")
    assert (
        home
        / ".local"
        / "share"
        / "icons"
        / "hicolor"
        / "48x48"
        / "apps"
        / "org.oxytimer.oxytimer.png"
    ).is_file()

    # ... start it: the older database is backed up, then upgraded.
    shown = run(installed, home, "--quit-after-show")
    assert shown.returncode == 0, shown.stderr
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT code FROM sites").fetchall() == [("AMP",)]
    (saved,) = backup.list_backups(path)
    assert "before-upgrade" in saved.name

    # Installing again over it (an update) leaves the database and its backups alone.
    data_before = files_in(path.parent)
    subprocess.run(["sh", str(installed / "install.sh")], check=True, env=env, capture_output=True)
    subprocess.run(["sh", str(bundle / "install.sh")], check=True, env=env, capture_output=True)
    assert files_in(path.parent) == data_before
    assert run(installed, home, "--quit-after-show").returncode == 0


def test_desktop_metadata_names_this_version():
    tree = ET.parse(ROOT / "packaging" / "linux" / "org.oxytimer.oxytimer.metainfo.xml")
    newest = tree.getroot().find("releases/release")
    assert newest is not None and newest.get("version") == __version__
    entry = (ROOT / "packaging" / "linux" / "org.oxytimer.oxytimer.desktop").read_text("utf-8")
    assert "Icon=org.oxytimer.oxytimer" in entry and "Exec=oxytimer" in entry
