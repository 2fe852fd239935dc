"""Every action answered (issue 13, item 3): stop, export, report, import, backup, restore.

The answer is a sentence saying what happened, in the window's message bar (non-modal,
over the contents: nothing moves) or, at the bedside, on the start page's reserved line.
Each is checked in English and Indonesian.
"""

from pathlib import Path

import pytest

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QMessageBox

from oxytimer.app import install_translators
from oxytimer.domain.data_files import DataFiles
from oxytimer.ui import confirmations
from oxytimer.ui.data_menu import add_data_menu
from oxytimer.ui.message_bar import BASE_MS, PER_WORD_MS, message_bar, shown_for_ms
from oxytimer.ui.session_view import SessionScreen
from tests.ui.test_session_flow import add_mother, run_to, start_massage

TEXTS = {
    "en": {
        "open": "Open folder",
        "exported": "Exported 2 mothers to {folder} (2 file(s)).",
        "report": "Report saved to {path}.",
        "imported": "Imported 2 session(s) and 2 new mother(s). From: paper.csv",
        "stopped": "MTR-001: Stopped early · 0:30 of 4:00 given. Reason: Mother felt dizzy",
        "closed": "Closed as incomplete: MTR-001 · 03/03 07:00. Reason: mother asleep",
    },
    "id": {
        "open": "Buka folder",
        "exported": "Data 2 ibu diekspor ke {folder} (2 berkas).",
        "report": "Laporan disimpan di {path}.",
        "imported": "2 sesi dan 2 ibu baru diimpor. Dari: paper.csv",
        "stopped": (
            "MTR-001: Dihentikan lebih awal · 0:30 dari 4:00 diberikan. Alasan: Mother felt dizzy"
        ),
        "closed": "Ditutup tidak lengkap: MTR-001 · 03/03 07:00. Alasan: mother asleep",
    },
}


@pytest.fixture(params=["en", "id"])
def lang(request, qapp):
    install_translators(qapp, request.param)
    yield request.param
    install_translators(qapp, "en")


class Window(QMainWindow):
    def __init__(self, repo):
        super().__init__()
        self.repo = repo
        self.statusBar().showMessage("status")


@pytest.fixture
def window(qtbot, repo):
    w = Window(repo)
    qtbot.addWidget(w)
    w.resize(1024, 600)
    w.show()
    qtbot.waitExposed(w)
    QApplication.processEvents()
    return w


def test_the_bar_floats_over_the_window_and_goes_when_read(qtbot, window):
    QCursor.setPos(window.mapToGlobal(QPoint(0, 0)))  # not over the bar
    before = window.statusBar().geometry()
    text = confirmations.announce(window, "Report saved to /tmp/x.pdf.", folder=Path("/tmp"))
    bar = message_bar(window)
    assert bar.text() == text and bar.isVisible()
    assert window.statusBar().geometry() == before  # nothing moved: it is not in a layout
    inside = window.rect()
    assert inside.contains(bar.geometry())
    assert bar.geometry().bottom() < window.statusBar().geometry().top()  # status readable
    # Long enough to read (slowly), then it goes by itself; a warning stays.
    assert bar.timer.interval() == shown_for_ms(text) == BASE_MS + 4 * PER_WORD_MS
    assert bar.timer.isActive()
    bar.expire()
    assert bar.text() == ""
    confirmations.announce(window, "Something failed.", warning=True)
    assert not bar.timer.isActive() and bar.text() == "Something failed."
    qtbot.mouseClick(bar.close_button, Qt.MouseButton.LeftButton)  # dismissed by hand
    assert bar.text() == ""
    window.resize(800, 500)  # it follows the window
    confirmations.announce(window, "Again.")
    assert bar.geometry().width() == 800 - 20


def test_the_bar_stays_while_the_mouse_is_over_it(qtbot, window, monkeypatch):
    confirmations.announce(window, "Backup saved: /tmp/b.sqlite")
    bar = message_bar(window)
    QCursor.setPos(bar.mapToGlobal(bar.rect().center()))  # being read
    bar.expire()
    assert bar.text() != ""
    QCursor.setPos(window.mapToGlobal(QPoint(0, 0)))
    bar.expire()
    assert bar.text() == ""


def test_export_says_how_many_mothers_where_and_opens_the_folder(
    qtbot, window, repo, tmp_path, monkeypatch, lang
):
    from oxytimer.ui import export_dialog

    repo.add_mother(repo.site_id("AMP"), "MTR-001")
    repo.add_mother(repo.site_id("KRG"), "MTR-002")
    actions = add_data_menu(window)
    folder = tmp_path / "exports"

    def accept(dialog):
        dialog.folder_edit.setText(str(folder))
        dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("csv"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(export_dialog.ExportDialog, "exec", accept)
    boxes = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: boxes.append(a))
    actions.export_action.trigger()  # on a worker; answered when it is done
    bar = message_bar(window)
    qtbot.waitUntil(lambda: bar.text() != "", timeout=20_000)
    assert bar.text() == TEXTS[lang]["exported"].format(folder=folder)
    assert boxes == []  # no box to click away
    assert bar.action_button.isVisible() and bar.action_button.text() == TEXTS[lang]["open"]
    opened = []
    monkeypatch.setattr(confirmations.QDesktopServices, "openUrl", lambda url: opened.append(url))
    qtbot.mouseClick(bar.action_button, Qt.MouseButton.LeftButton)
    assert [Path(u.toLocalFile()) for u in opened] == [folder]


def test_the_pdf_report_says_where_it_was_saved(
    qtbot, repo, instrument, protocol, clock, tmp_path, monkeypatch, lang
):
    from PySide6.QtWidgets import QFileDialog

    from oxytimer.storage.demo import fill_demo
    from oxytimer.ui.summary_view import SummaryView

    fill_demo(repo, mothers=12, seed=2)
    window = Window(repo)
    qtbot.addWidget(window)
    view = SummaryView(repo, instrument, protocol, clock, lang)
    window.setCentralWidget(view)
    window.resize(1024, 600)
    window.show()
    with qtbot.waitSignal(view.summary_updated, timeout=20_000):
        view.refresh()
    written = tmp_path / "summary.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(written), ""))
    qtbot.mouseClick(view.pdf_button, Qt.MouseButton.LeftButton)
    view.wait()
    bar = message_bar(window)
    assert written.stat().st_size > 0
    assert bar.text() == TEXTS[lang]["report"].format(path=written)
    assert bar.action_button.text() == TEXTS[lang]["open"]


def test_import_says_what_came_in(qtbot, window, tmp_path, monkeypatch, lang):
    from oxytimer.ui import import_wizard

    paper = tmp_path / "paper.csv"
    paper.write_text(
        "participant,site,pre,post,date\n"
        "MTR-001,AMP,1,4,2026-03-01 07:00\nMTR-002,AMP,0,3,2026-03-01 07:00\n"
    )

    def run(dialog):
        dialog.path_edit.setText(str(paper))
        dialog.check()
        qtbot.waitUntil(dialog.import_button.isEnabled, timeout=20_000)  # checked on a worker
        with qtbot.waitSignal(dialog.imported, timeout=20_000):  # imported on a worker
            dialog.do_import()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(import_wizard.ImportDialog, "exec", run)
    actions = add_data_menu(window)
    actions.import_action.trigger()
    qtbot.waitUntil(lambda: message_bar(window).text() != "", timeout=20_000)
    assert message_bar(window).text() == TEXTS[lang]["imported"]


def test_nothing_imported_says_nothing(qtbot, window, monkeypatch):
    from oxytimer.ui import import_wizard

    monkeypatch.setattr(import_wizard.ImportDialog, "exec", lambda d: 0)  # closed
    add_data_menu(window).import_action.trigger()
    assert message_bar(window).text() == ""


@pytest.fixture
def screen(qtbot, repo, protocol, instrument, clock, lang):
    widget = SessionScreen(repo, DataFiles(protocol, instrument), clock, lang)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_stop_says_how_much_was_given_and_why(qtbot, screen, repo, clock, monkeypatch, lang):
    start_massage(qtbot, screen)
    run_to(screen, clock, 30)
    monkeypatch.setattr(screen, "ask_abort_reason", lambda: "Mother felt dizzy")
    qtbot.keyClick(screen.guided_page, Qt.Key.Key_Escape)
    assert screen.currentWidget() is screen.start_page
    saved = screen.start_page.saved_label
    assert saved.isVisible() and saved.text() == TEXTS[lang]["stopped"]


def test_close_incomplete_is_confirmed(qtbot, screen, repo, clock, monkeypatch, lang):
    start_massage(qtbot, screen)
    run_to(screen, clock, 240, step=5)
    qtbot.mouseClick(screen.guided_page.done_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(screen.post_page.later_button, Qt.MouseButton.LeftButton)
    saved = screen.start_page.saved_label
    assert "MTR-001" in screen.start_page.open_list.item(0).text()  # waits: its own answer
    screen.start_page.open_list.setCurrentRow(0)
    monkeypatch.setattr(screen, "ask_close_reason", lambda: "mother asleep")
    qtbot.mouseClick(screen.start_page.close_incomplete_button, Qt.MouseButton.LeftButton)
    assert saved.text() == TEXTS[lang]["closed"]


def test_the_confirmation_keeps_its_room_until_the_page_is_shown_again(qtbot, screen, clock):
    other = add_mother(qtbot, screen, "MTR-009")
    start_massage(qtbot, screen)
    run_to(screen, clock, 30)
    screen.abort_session("tired")
    start = screen.start_page
    qtbot.waitUntil(lambda: start.saved_label.height() > 0)
    below = start.selected_label.y()  # the line under the confirmation
    start.select_mother(other)  # the next action: the text goes, its room stays
    assert start.saved_label.text() == ""
    QApplication.processEvents()
    assert start.selected_label.y() == below


def test_an_error_above_a_button_moves_nothing(qtbot, screen):
    start = screen.start_page
    qtbot.waitExposed(screen)
    QApplication.processEvents()
    next_top = start.next_button.y()
    qtbot.mouseClick(start.next_button, Qt.MouseButton.LeftButton)  # no mother chosen
    assert start.start_error.isVisible() and start.start_error.text()
    QApplication.processEvents()
    assert start.next_button.y() == next_top
