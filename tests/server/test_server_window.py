"""The app opened on a study server: the Summary, read only (issue 15, item 4), against a
real server. What it shows equals the command line's summary of the same server; every
failure is one translated sentence in the window; nothing is written to the server."""

from __future__ import annotations

import os
import secrets
import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest

from PySide6.QtWidgets import QApplication

from oxytimer.domain.clock import FakeClock
from oxytimer.domain.data_files import DataFiles
from oxytimer.domain.instrument import load_instrument
from oxytimer.domain.summary import pairs_csv_text
from oxytimer.storage import server_schema as ss
from oxytimer.storage.analysis import AnalysisFilter
from oxytimer.storage.demo import fill_demo
from oxytimer.storage.repository import Repository
from oxytimer.storage.server import ServerError, add_coordinator, add_site
from oxytimer.storage.summary import summarise_server
from oxytimer.ui.language import install_translators
from oxytimer.ui.server_window import ServerWindow, server_error_text, short_address
from oxytimer.ui.settings import Settings

from .sync_helpers import role_url
from .test_server_summary import copy_into_server

NOW = datetime(2026, 4, 5, 23, 0, tzinfo=UTC)
TIMEOUT = 120_000


@pytest.fixture(autouse=True)
def private(tmp_path, monkeypatch):
    """libpq's password file, the settings and the data folder of this test."""
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "pgpass"))
    monkeypatch.setenv("OXYTIMER_SETTINGS", str(tmp_path / "settings.ini"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    path = tmp_path_factory.mktemp("server-window") / "records.sqlite"
    repo = Repository.open(path, FakeClock(NOW - timedelta(days=6)), operator="test")
    fill_demo(repo, mothers=40, seed=5)
    repo.close()
    return path


@pytest.fixture
def server(records, pg_url):
    copy_into_server(records, pg_url)
    return pg_url


def snapshot(url: str) -> dict[str, int]:
    """Rows per table and the newest arrival: what a write would change."""
    with psycopg.connect(url) as conn:
        found = {
            t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ss.SERVER_TABLES
        }
        found["arrivals"] = conn.execute(f"SELECT count(*) FROM {ss.ARRIVALS_TABLE}").fetchone()[0]
    return found


@pytest.fixture(autouse=True)
def english_after(qapp):
    yield
    install_translators(qapp, "en")


def open_window(qtbot, url: str, lang: str = "en") -> ServerWindow:
    from PySide6.QtWidgets import QApplication

    install_translators(QApplication.instance(), lang)
    settings = Settings()
    settings.language = lang
    window = ServerWindow(url, DataFiles(), FakeClock(NOW), settings)
    qtbot.addWidget(window)
    return window


def test_the_summary_of_a_server_is_the_command_lines_and_nothing_is_written(
    qtbot, server, private
):
    coordinator = add_coordinator(server, f"w{secrets.token_hex(4)}")
    url = f"{coordinator.url.split('?')[0]}"
    from oxytimer.storage.server_password import save_password

    save_password(url, coordinator.password)
    before = snapshot(server)
    window = open_window(qtbot, url)
    view = window.summary
    with qtbot.waitSignal(view.summary_updated, timeout=TIMEOUT) as shown:
        pass
    expected = summarise_server(url, AnalysisFilter(), instrument=load_instrument())
    assert pairs_csv_text(shown.args[0]) == pairs_csv_text(expected)
    assert pairs_csv_text(expected).count("\n") > 10
    assert view.choices_task.thread_id != threading.get_ident()  # read off the GUI thread
    assert view.summary_task.thread_id != threading.get_ident()
    assert view.site_combo.count() > 2  # "All sites" and the server's sites
    # read only, and said so; no bedside, registry or Data menu
    assert "read only" in window.banner.text()
    assert short_address(url) in window.banner.text() and coordinator.password not in (
        window.banner.text() + window.statusBar().currentMessage()
    )
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&File", "&Help"]
    # a filter recomputes on the server
    amp = view.site_combo.findData("AMP")
    with qtbot.waitSignal(view.summary_updated, timeout=TIMEOUT) as filtered:
        view.site_combo.setCurrentIndex(amp)
    site = summarise_server(url, AnalysisFilter(site_codes=("AMP",)), instrument=load_instrument())
    assert pairs_csv_text(filtered.args[0]) == pairs_csv_text(site)
    assert len(site.pair_rows()) < len(expected.pair_rows())
    # the report and the pairs, as from a laptop
    folder = private
    assert view.export_pdf(folder / "summary.pdf") >= 1
    view.export_csv(folder / "pairs.csv")
    assert (folder / "pairs.csv").read_text(encoding="utf-8-sig") == pairs_csv_text(site)
    assert snapshot(server) == before


def test_the_records_are_exported_de_identified(qtbot, server, records, private, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    window = open_window(qtbot, server)
    with qtbot.waitSignal(window.summary.summary_updated, timeout=TIMEOUT):
        pass
    task = window.export_records(private / "out")
    with qtbot.waitSignal(task.finished, timeout=TIMEOUT):
        pass
    assert task.thread_id != threading.get_ident()
    text = (private / "out" / "sessions.csv").read_text(encoding="utf-8")
    ids = [r[0] for r in sqlite3.connect(records).execute("SELECT id FROM sessions")]
    assert text.count("\n") > len(ids) // 2
    assert not any(i in text for i in ids)  # pseudonyms, not the records' ids
    assert "file(s) written, de-identified" in window.last_message
    keys = list((private / "data").rglob("*.key"))
    assert len(keys) == 1 and keys[0].stat().st_mode & 0o777 == 0o600


def test_a_refused_password_is_a_sentence_and_a_password_typed_opens_it(qtbot, server, private):
    site = add_site(server, "AMP")
    url = role_url(server, site.role)
    window = open_window(qtbot, url, lang="id")
    with qtbot.waitSignal(window.summary.server_failed, timeout=TIMEOUT) as failed:
        pass
    assert failed.args[0].code == "no_password"
    said = window.problem.text()
    assert "kata sandi" in said.lower() and "Traceback" not in said
    assert window.password_row.isVisibleTo(window)
    window.password_edit.setText("wrong")
    with qtbot.waitSignal(window.summary.server_failed, timeout=TIMEOUT) as refused:
        window.connect_button.click()
    assert refused.args[0].code == "password_refused"
    window.password_edit.setText(site.password)
    with qtbot.waitSignal(window.summary.summary_updated, timeout=TIMEOUT) as shown:
        window.connect_button.click()
    assert not window.password_row.isVisibleTo(window) and window.summary.isVisibleTo(window)
    assert site.password in (private / "pgpass").read_text()
    assert (private / "pgpass").stat().st_mode & 0o777 == 0o600
    # the puskesmas role sees its own site's mothers only (row-level security)
    sites = {row.site for row in _pairs(shown.args[0])}
    assert sites == {"AMP"}


def _pairs(summary):
    from types import SimpleNamespace

    return [SimpleNamespace(site=r["site"]) for r in summary.pair_rows()]


@pytest.mark.parametrize("case", ["unreachable", "not_initialised", "server_newer", "no_driver"])
def test_every_server_failure_is_one_translated_sentence(qtbot, pg_url, case, monkeypatch):
    url = pg_url
    if case == "unreachable":
        url = pg_url.replace(pg_url.split("@")[1].split("/")[0], "127.0.0.1:1")
    elif case == "server_newer":
        copy_into_server_empty(pg_url)
        with psycopg.connect(pg_url) as conn:
            conn.execute(f"INSERT INTO {ss.VERSION_TABLE} (name) VALUES ('9999_from_the_future')")
    elif case == "no_driver":
        import oxytimer.storage.server as server_module

        def missing():
            raise ServerError("needs the driver", "no_driver")

        monkeypatch.setattr(server_module, "_driver", missing)
    for lang in ("en", "id"):
        window = open_window(qtbot, url, lang=lang)
        with qtbot.waitSignal(window.summary.server_failed, timeout=TIMEOUT) as failed:
            pass
        assert failed.args[0].code == case
        assert window.summary.isHidden()
        assert window.retry_button.isVisibleTo(window) == (
            case in ("unreachable", "not_initialised")
        )
        said = window.problem.text()
        assert said == server_error_text(failed.args[0]) and "Traceback" not in said
        assert said.count(". ") == 0 and said.endswith(".")  # one sentence
        assert not window.password_edit.isVisibleTo(window)
        if lang == "en":
            english = said
        else:
            assert said != english  # translated


def copy_into_server_empty(url: str) -> None:
    from oxytimer.storage.server import init_server

    init_server(url)


def test_the_driver_failing_mid_summary_is_a_sentence(qtbot, server, monkeypatch):
    window = open_window(qtbot, server)
    with qtbot.waitSignal(window.summary.summary_updated, timeout=TIMEOUT):
        pass
    import oxytimer.storage.summary as summary_module

    def lost(*_args, **_kwargs):
        raise ServerError("The server could not give the summary: x", "connection_lost", "w")

    monkeypatch.setattr(summary_module, "summarise_server", lost)
    with qtbot.waitSignal(window.summary.server_failed, timeout=TIMEOUT):
        window.summary.completed_check.setChecked(True)
    assert "connection to the server was lost" in window.problem.text()
    assert window.summary.status_label.text() == "Not computed: the server did not answer."


def test_the_command_line_opens_the_server_window(monkeypatch):
    import oxytimer.ui.server_window as server_window
    from oxytimer.launch import main

    opened = []
    monkeypatch.setattr(server_window, "run_server_gui", lambda url, **kw: opened.append(url) or 0)
    with pytest.raises(SystemExit) as done:
        main(["--db", "postgresql://dinkes@db.example.org/study"])
    assert done.value.code == 0 and opened == ["postgresql://dinkes@db.example.org/study"]


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_window_fits_a_small_screen_at_the_largest_text(qtbot, qapp, server, lang):
    """1024x600 at the largest text size: the summary shown, then a password asked for."""
    from PySide6.QtCore import QRect

    from oxytimer.ui.layout_check import layout_problems
    from oxytimer.ui.screen_fit import simulate_screen
    from oxytimer.ui.settings import LARGEST_TEXT_SIZE
    from oxytimer.ui.theme import stylesheet

    screen = QRect(0, 0, 1024, 600)
    simulate_screen(screen)
    qapp.setStyleSheet(stylesheet("light", LARGEST_TEXT_SIZE))
    try:
        window = open_window(qtbot, server, lang=lang)
        with qtbot.waitSignal(window.summary.summary_updated, timeout=TIMEOUT):
            window.showMaximized()
        qtbot.waitExposed(window)
        window.resize(screen.size())
        QApplication.processEvents()
        assert layout_problems(window, screen) == []
        site = add_site(server, "AMP")
        asking = open_window(qtbot, role_url(server, site.role), lang=lang)
        with qtbot.waitSignal(asking.summary.server_failed, timeout=TIMEOUT):
            asking.showMaximized()
        qtbot.waitExposed(asking)
        asking.resize(screen.size())
        QApplication.processEvents()
        assert asking.problem.isVisible() and asking.password_edit.isVisible()
        assert layout_problems(asking, screen) == []
        # a summary shown, then the server lost: the sentence above it, and try again
        import oxytimer.storage.summary as summary_module

        def lost(*_args, **_kwargs):
            raise ServerError("lost", "connection_lost", "w")

        real = summary_module.summarise_server
        summary_module.summarise_server = lost
        try:
            with qtbot.waitSignal(window.summary.server_failed, timeout=TIMEOUT):
                window.summary.completed_check.setChecked(True)
        finally:
            summary_module.summarise_server = real
        QApplication.processEvents()
        assert window.summary.isVisible() and window.retry_button.isVisible()
        assert layout_problems(window, screen) == []
        with qtbot.waitSignal(window.summary.summary_updated, timeout=TIMEOUT):
            window.retry_button.click()
        assert not window.problem.isVisible()
    finally:
        simulate_screen(None)
        qapp.setStyleSheet("")


def test_data_opens_the_summary_of_the_sync_server_beside_the_bedside_window(
    qtbot, server, tmp_path, monkeypatch
):
    from PySide6.QtWidgets import QInputDialog, QMessageBox

    from oxytimer.app import create_window
    from oxytimer.storage.sync import save_server

    settings = Settings()
    settings.language = "en"
    settings.operator = "Bidan Sari"
    window, repo = create_window(tmp_path / "laptop.sqlite", settings=settings)
    qtbot.addWidget(window)
    coordinator = add_coordinator(server, f"w{secrets.token_hex(4)}")
    from oxytimer.storage.server_password import save_password

    save_password(coordinator.url, coordinator.password)
    with repo.db.atomic():
        save_server(repo.db, coordinator.url)  # the address the laptop syncs with
    offered = []

    def answer(_parent, _title, _label, _mode, text):
        offered.append(text)
        return text, True

    monkeypatch.setattr(QInputDialog, "getText", answer)
    actions = window.data_actions
    actions.server_summary_action.trigger()
    assert offered == [coordinator.url]
    opened = actions.server_window
    assert opened is not None and opened.parent() is window and opened.isWindow()
    with qtbot.waitSignal(opened.summary.summary_updated, timeout=TIMEOUT):
        pass
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warned.append(a[2]))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a: ("mysql://x@h/d", True))
    actions.server_summary_action.trigger()
    assert warned and "postgresql://ROLE@HOST/DATABASE" in warned[0]
    assert actions.server_window is opened
    window.show()
    assert opened.isVisible()
    window.close()  # the bedside window closed (no massage running): the server's too
    assert not opened.isVisible()
    repo.close()


@pytest.mark.parametrize(
    "code",
    ["password_refused", "no_password", "no_database", "timeout", "connection_lost", "tls"],
)
def test_the_other_failures_are_translated_sentences_naming_the_server(qapp, code):
    error = ServerError("detail", code, "postgresql://dinkes@db.example.org/study")
    try:
        english = server_error_text(error)
        install_translators(qapp, "id")
        indonesian = server_error_text(error)
    finally:
        install_translators(qapp, "en")
    for said in (english, indonesian):
        assert "db.example.org/study" in said and said.endswith(".") and ". " not in said
    assert english != indonesian


def test_a_broken_data_file_is_said_before_the_server_is_asked(qapp, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from oxytimer.domain.texts import ResourceError
    from oxytimer.ui import server_window

    said = []

    def broken(_self):
        raise ResourceError(Path("instrument.toml"), "line 3 is not TOML")

    monkeypatch.setattr(DataFiles, "check", broken)
    monkeypatch.setattr(QMessageBox, "critical", lambda *a: said.append(a[2]))
    mask = os.umask(0o022)  # (run_server_gui sets the process's: put it back for the rest)
    os.umask(mask)
    try:
        status = server_window.run_server_gui("postgresql://dinkes@db.invalid/study")
    finally:
        os.umask(mask)
        qapp.setStyleSheet("")
        install_translators(qapp, "en")
    assert status == 1 and "line 3" in said[0] and "Traceback" not in said[0]
