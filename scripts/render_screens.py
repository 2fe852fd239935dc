"""Render oxytimer's screens offscreen and deterministically: the README's screenshots, or
every screen and dialog at the bedside laptops' sizes, checked by the layout check.

    .venv/bin/python scripts/render_screens.py                # README pictures
    .venv/bin/python scripts/render_screens.py --review [--lang en|id]
        [--theme light|contrast|night] [--text-size 14] [--sizes 1024x600,1280x800,1366x768]
        [--screens start,guided,...] [--out /tmp/oxytimer-screens]

Without ``--review`` it writes docs/screenshots/{screen}.png at 1280×800 in the light theme:
first-start (a new, empty database), start, prescore, guided, today, registry, history,
summary and report_page1 (page 1 of the Summary tab's PDF report, by ``pdftoppm``) in
English; start_id, guided_id, today_id and summary_id in Indonesian; and first-start,
start, guided, paused and summary in Indonesian on a 1024×600 screen at the largest text
size ({screen}_id_1024x600_20pt.png). With ``--review`` it writes
``{out}/{screen}_{width}x{height}_{lang}_{theme}.png`` for every screen (also paused,
finished, post, enrol: the Registry's form on the whole width, summary-full: the whole
Summary page, below the fold too, summary-scores and summary-dose: its other two pages)
and every dialog (also with its error messages shown: "-error"), prints what
``oxytimer.ui.layout_check`` finds (text cut, buttons narrower than their text, widgets
off the window or the screen, nested scrolling) and exits with status 1 when it finds
anything. tests/ui/test_layout_check.py runs the same walk.

Nothing depends on the date, the machine or chance: a FakeClock (07:05 in Mataram), the time
zone Asia/Makassar, a temporary settings file and a temporary database filled through the
Repository (``oxytimer.storage.demo`` with a fixed seed, one mother enrolled for the bedside
pictures, one correction and one voided session for History).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

NOW = datetime(2026, 3, 2, 23, 5, tzinfo=UTC)  # 07:05 on 3 March in Mataram (UTC+8)
SEED = 3
DEMO_MOTHERS = 30
OPERATOR = "Bidan Sari"
README_DIR = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
README_SIZE = "1280x800"
README_SCREENS = {
    "en": (
        "first-start",
        "start",
        "prescore",
        "guided",
        "today",
        "registry",
        "history",
        "summary",
        "report_page1",
    ),
    "id": ("start", "guided", "today", "summary"),
}
DIALOGS = (
    "settings",
    "operator",
    "operator-error",
    "add-site",
    "withdraw",
    "withdraw-error",
    "close-follow-up",
    "correct",
    "correct-error",
    "void",
    "lock",
    "abort",
    "export",
    "import",
    "about",
    "guide",
    "sync",
    "sync-error",
)
SMALL_SCREENS = ("first-start", "start", "guided", "paused", "summary")
LARGEST = 20  # oxytimer.ui.settings.LARGEST_TEXT_SIZE
ALL_SCREENS = (
    "first-start",
    "start",
    "assessment",
    "prescore",
    "preparation",
    "landmarks",
    "guided",
    "paused",
    "finished",
    "post",
    "saved",
    "today",
    "registry",
    "enrol",
    "history",
    "summary",
    "summary-full",
    "summary-scores",
    "summary-dose",
    "report_page1",
    *DIALOGS,
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--review", action="store_true", help="every screen, at --sizes, into --out"
    )
    parser.add_argument("--lang", default="en", choices=("en", "id"))
    parser.add_argument("--theme", default="light", choices=("light", "contrast", "night"))
    parser.add_argument(
        "--text-size", "--font-size", dest="font_size", type=int, default=14, help="in points"
    )
    parser.add_argument("--sizes", default="1024x600,1280x800,1366x768")
    parser.add_argument("--screens", default="", help="comma-separated; default: all")
    parser.add_argument("--out", default="", help="default: docs/screenshots, or a temp folder")
    args = parser.parse_args()

    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ["TZ"] = "Asia/Makassar"  # the study's sites; slots and dates follow it
    time.tzset()
    # A fixed folder: the database's path shows in the status bar and the PDF report.
    tmp = Path(tempfile.gettempdir()) / "oxytimer-render-screens"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    os.environ["OXYTIMER_SETTINGS"] = str(tmp / "settings.ini")

    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    template = tmp / "template.sqlite"
    data = fill_database(template)

    if args.review:
        out = Path(args.out or Path(tempfile.gettempdir()) / "oxytimer-screens")
        wanted = [s for s in args.screens.split(",") if s] or list(ALL_SCREENS)
        unknown = sorted(set(wanted) - set(ALL_SCREENS))
        if unknown:
            parser.error(f"unknown screen(s) {', '.join(unknown)}; known: {', '.join(ALL_SCREENS)}")
        jobs = [(args.lang, args.theme, args.font_size, args.sizes.split(","), wanted)]
    else:
        out = Path(args.out) if args.out else README_DIR
        jobs = [(lang, "light", 14, [README_SIZE], list(s)) for lang, s in README_SCREENS.items()]
        # A netbook at the largest text size: guided_id_1024x600_20pt.png ...
        jobs += [("id", "light", LARGEST, ["1024x600"], list(SMALL_SCREENS))]
    out.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    for lang, theme, font_size, sizes, wanted in jobs:
        db = tmp / "oxytimer.sqlite"
        for leftover in tmp.glob("oxytimer.sqlite*"):
            leftover.unlink()
        shutil.copyfile(template, db)
        renderer = Renderer(app, db, data, lang, theme, font_size, out, review=args.review)
        problems += renderer.run(sizes, set(wanted))
    app.processEvents()
    shutil.rmtree(tmp, ignore_errors=True)
    print(f"saved in {out}" + (f"; {len(problems)} problem(s)" if args.review else ""))
    return 1 if problems else 0


# ----------------------------------------------------------------------------- data
@dataclass(frozen=True)
class Data:
    """Who the pictures show."""

    bedside_mother: str  # enrolled this morning, no sessions yet
    history_mother: str | None  # with a corrected value and a voided session
    corrected_session: str | None


def fill_database(path: Path) -> Data:
    """Demo mothers (fixed seed) + a mother for the bedside + a correction and a voiding."""
    from oxytimer.domain.clock import FakeClock
    from oxytimer.domain.eligibility import load_criteria
    from oxytimer.domain.registry import Enrolment
    from oxytimer.domain.sites import load_sites
    from oxytimer.storage.demo import fill_demo
    from oxytimer.storage.repository import Repository

    clock = FakeClock(NOW)
    repo = Repository.open(path, clock, operator=OPERATOR)
    try:
        repo.ensure_sites([(s.code, s.name) for s in load_sites()])
        fill_demo(repo, mothers=DEMO_MOTHERS, seed=SEED)
        # The mother of the bedside pictures: enrolled this morning, delivered yesterday.
        criteria = load_criteria()
        site = repo.site_id("MTR")
        today = NOW.astimezone().date()
        bedside = repo.enrol(
            Enrolment(
                site_id=site,
                study_code=repo.suggest_study_code(site),
                age=24,
                occupation="not_working",
                parity="primipara",
                delivery_date=today - timedelta(days=1),
                delivery_type="normal",
                lives_with_husband=True,
                consent=True,
                consent_date=today,
            ),
            criteria,
            {c.id: c.kind == "inclusion" for c in criteria.all},
        )
        # History: a mother still being followed, with one value corrected and one
        # session voided, so that the change history has something to show.
        mother_id = history_mother(repo)
        first = None
        if mother_id is not None:
            sessions = [s for s in repo.sessions_for_mother(mother_id) if s.status == "completed"]
            first = sessions[0]
            other = "midwife" if first.caregiver != "midwife" else "husband"
            repo.correct_session(
                first.id, "caregiver", other, "entered for the wrong person (checked with her)"
            )
            if len(sessions) > 2:
                repo.void_session(sessions[-1].id, "recorded twice by mistake")
    finally:
        repo.close()
    return Data(bedside, mother_id, first.id if first else None)


def history_mother(repo: Any) -> str | None:
    """The first mother still being followed who has two or more completed sessions."""
    for entry in repo.registry():
        if entry.status != "enrolled":
            continue
        done = [s for s in repo.sessions_for_mother(entry.id) if s.status == "completed"]
        if len(done) >= 2:
            return str(entry.id)
    return None


# ----------------------------------------------------------------------------- driving
class Renderer:
    """One main window, in one language and theme, driven through every screen."""

    def __init__(
        self,
        app: Any,
        db: Path,
        data: Data,
        lang: str,
        theme: str,
        font_size: int,
        out: Path | None,
        *,
        review: bool,
        verbose: bool = True,
    ) -> None:
        from oxytimer.app import create_window, install_translators
        from oxytimer.domain.clock import FakeClock
        from oxytimer.ui.settings import Settings
        from oxytimer.ui.theme import stylesheet

        self.app, self.lang, self.theme, self.out, self.review = app, lang, theme, out, review
        self.data, self.font_size, self.verbose = data, font_size, verbose
        settings = Settings()
        settings.language = lang
        settings.theme = theme
        settings.font_size = font_size
        settings.operator = OPERATOR
        settings.muted = True
        install_translators(app, lang)
        app.setStyleSheet(stylesheet(theme, font_size))
        self.clock = FakeClock(NOW)
        self.db, self.settings = db, settings
        self.window, self.repo = create_window(db, clock=self.clock, settings=settings)
        self.window.show()
        self.findings: list[str] = []
        self.size = ""
        self.wanted: set[str] = set()

    # --- helpers
    def expect(self, condition: bool, what: str) -> None:
        """Stop (rather than save wrong pictures) when the app did not do what was expected."""
        if not condition:
            raise SystemExit(f"render_screens: expected {what}; has the screen changed?")

    def settle(self, ms: int = 0) -> None:
        from PySide6.QtCore import QEventLoop, QTimer

        self.app.processEvents()
        if ms:
            loop = QEventLoop()
            QTimer.singleShot(ms, loop.quit)
            loop.exec()
        # Until nothing moves: the workers' results delivered (lists load on worker
        # threads) and layouts that depend on other layouts (a list that grows with its
        # rows) settled. A fixed number of rounds was not enough on a busy machine.
        from PySide6.QtCore import QThreadPool

        previous = None
        for _ in range(50):
            QThreadPool.globalInstance().waitForDone(10_000)
            self.app.processEvents()
            state = self._layout_state()
            if state == previous:
                break
            previous = state

    def _layout_state(self) -> list[tuple[Any, ...]]:
        """Where every visible widget is, and how far each scroll area scrolls."""
        from PySide6.QtWidgets import QAbstractScrollArea, QWidget

        state: list[tuple[Any, ...]] = []
        for top in self.app.topLevelWidgets():
            if not top.isVisible():
                continue
            for widget in [top, *top.findChildren(QWidget)]:
                if not widget.isVisible():
                    continue
                geometry = widget.geometry()
                scroll = (
                    widget.verticalScrollBar().maximum()
                    if isinstance(widget, QAbstractScrollArea)
                    else -1
                )
                state.append((id(widget), geometry.getRect(), scroll))
        return state

    def wait_for(self, signal: Any, failed: Any = None, timeout_ms: int = 60_000) -> None:
        """Run the event loop until ``signal`` (or ``failed``) is emitted."""
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        outcome: list[str] = []
        signal.connect(lambda *_: (outcome.append("ok"), loop.quit()))
        if failed is not None:
            failed.connect(lambda message: (outcome.append(str(message)), loop.quit()))
        QTimer.singleShot(timeout_ms, loop.quit)
        loop.exec()
        if outcome != ["ok"]:
            raise SystemExit(f"gave up waiting: {outcome or 'timeout'}")

    def path(self, name: str, ext: str = "png") -> Path:
        assert self.out is not None
        if self.review:
            return self.out / f"{name}_{self.size}_{self.lang}_{self.theme}.{ext}"
        base = f"{name}{'' if self.lang == 'en' else '_' + self.lang}"
        if self.size != README_SIZE or self.font_size != 14:
            base += f"_{self.size}_{self.font_size}pt"
        return self.out / f"{base}.{ext}"

    def save(self, name: str, controls: Callable[[], list[Any]] = list, top: Any = None) -> None:
        """Picture (when there is a folder) and check (in review) the window or ``top``."""
        self.settle()
        if name not in self.wanted:
            return
        if self.out is not None:
            (top or self.window).grab().save(str(self.path(name)))
            if self.verbose:
                print(f"  {self.path(name)}")
        if self.review:
            self.check(name, controls(), top)

    def check(self, name: str, controls: list[Any], top: Any = None) -> None:
        """Record what the layout check finds on ``top`` (the window by default)."""
        from PySide6.QtCore import QPoint, QRect

        from oxytimer.ui.layout_check import layout_problems

        top = top or self.window
        width, height = (int(v) for v in self.size.split("x"))
        area = QRect(0, 0, width, height)  # the screen, even if the window is bigger
        found = []
        for control in controls:
            if not control.isVisible():
                continue
            rect = QRect(control.mapTo(self.window, QPoint(0, 0)), control.size())
            if not area.contains(rect) or control.visibleRegion().boundingRect().size() != (
                control.size()
            ):
                found.append(f"{control.text()!r} clipped at {rect}")
        found += layout_problems(top, area)
        for problem in found:
            finding = f"{name} {self.lang} {self.size} {self.font_size}pt: {problem}"
            self.findings.append(finding)
            if self.verbose:
                print(f"  ! {finding}")

    # --- the screens
    def run(self, sizes: list[str], wanted: set[str]) -> list[str]:
        """Walk every wanted screen and dialog at each size; the problems found."""
        from PySide6.QtCore import QRect

        from oxytimer.ui.screen_fit import simulate_screen

        self.wanted = wanted
        if self.verbose:
            print(f"{self.lang}, {self.theme}, {self.font_size} pt:")
        try:
            for size in sizes:
                self.size = size
                width, height = (int(v) for v in size.split("x"))
                simulate_screen(QRect(0, 0, width, height))
                self.window.resize(width, height)
                self.first_start(width, height)
                self.bedside()
                self.tabs()
                self.dialogs()
        finally:
            simulate_screen(None)
            self.close()
        return self.findings

    def first_start(self, width: int, height: int) -> None:
        """A new, empty database: the start page says what to do first."""
        if "first-start" not in self.wanted:
            return
        from oxytimer.app import create_window

        path = self.db.parent / "first-start.sqlite"
        for leftover in self.db.parent.glob("first-start.sqlite*"):
            leftover.unlink()
        window, repo = create_window(path, clock=self.clock, settings=self.settings, new=True)
        try:
            window.resize(width, height)
            window.show()
            self.settle()
            self.save("first-start", top=window)
        finally:
            window.close()
            repo.close()
            window.deleteLater()
            self.settle()

    def bedside(self) -> None:
        """Start → pre-score → guided (mid-step) → paused → finished → post-score saved."""
        window, clock = self.window, self.clock
        screen = window.session_screen
        window.tabs.setCurrentWidget(screen)
        screen.show_start()
        screen.refresh()
        start = screen.start_page
        start.select_mother(self.data.bedside_mother)
        start.caregiver.buttons["husband"].click()
        self.save("start", lambda: [start.next_button])
        start.next_button.click()
        if screen.currentWidget() is screen.assessment_page:  # her first massage
            assessment = screen.assessment_page
            for number, item in enumerate(assessment.form.instrument.items):
                choice = assessment.form.choice_widget(item.id)
                choice.buttons["yes" if number < 1 else "no"].click()
            self.save("assessment", lambda: [assessment.save_button, assessment.back_button])
            assessment.save_button.click()
        pre = screen.pre_page
        self.expect(screen.currentWidget() is pre, "the pre-score page after Next")
        for number, item in enumerate(pre.form.instrument.items):
            pre.form.choice_widget(item.id).buttons["yes" if number < 2 else "no"].click()
        self.save("prescore", lambda: [pre.start_button, pre.back_button])
        pre.start_button.click()
        self.expect(screen.session is not None, "a massage running after Start")
        guided = screen.guided_page
        self.settle(300)
        self.save("preparation", lambda: [guided.done_button, guided.abort_button])
        for number, _ in enumerate(screen.protocol.preparation_steps):  # untimed
            guided.done_button.click()
            if number == 0:  # finding the landmarks: the picture's marks named in words
                self.save("landmarks", lambda: [guided.done_button, guided.abort_button])
        for _ in range(200):  # 100 s of a 4-minute massage: the middle of "massage"
            clock.advance(0.5)
            screen.ticker.poll_now()
        guided = screen.guided_page
        self.settle(1000)  # the step-change flash (a real-time animation) fades
        self.save("guided", lambda: [guided.pause_button, guided.abort_button])
        screen.toggle_pause()
        self.save("paused", lambda: [guided.pause_button, guided.abort_button])
        screen.toggle_pause()
        for _ in range(1000):
            if screen.session is None or guided.done_button.isVisible():
                break
            clock.advance(1)
            screen.ticker.poll_now()
        self.settle(1000)
        self.expect(guided.done_button.isVisible(), "the massage finished")
        self.save("finished", lambda: [guided.done_button])
        guided.done_button.click()
        post = screen.post_page
        self.expect(screen.currentWidget() is post, "the post-score page after Continue")
        for number, item in enumerate(post.form.instrument.items):
            post.form.choice_widget(item.id).buttons["yes" if number < 4 else "no"].click()
        self.save("post", lambda: [post.save_button, post.later_button])
        post.save_button.click()
        self.expect(screen.currentWidget() is start, "the start page after saving the score")
        self.save("saved", lambda: [start.next_button])
        clock.advance(60)
        self.settle()

    def tabs(self) -> None:
        window = self.window
        registry_tabs = window.registry_tabs
        today = registry_tabs.today_view
        window.tabs.setCurrentWidget(today)
        today.refresh()
        self.save("today", lambda: [today.start_button])

        registry = registry_tabs.registry_view
        window.tabs.setCurrentWidget(registry)
        self.save("registry", lambda: [registry.history_button, registry.enrol_button])
        if "enrol" in self.wanted:  # the form on the whole width, half filled in
            form = registry.form
            registry.start_enrolment()
            form.parity.buttons["primipara"].click()
            form.delivery_type.buttons["normal"].click()
            form.husband.buttons["yes"].click()
            self.settle()
            self.save("enrol", lambda: [registry.list_button])
            form.reset(self.clock.now_utc().astimezone().date())
            registry.show_form(False)

        history = registry_tabs.history_view
        if self.data.history_mother is not None:
            history.show_mother(self.data.history_mother)
            self.settle()  # her records are read off the window's thread
            rows = [s.id for s in history.sessions_model.records()]
            if self.data.corrected_session in rows:  # its change history shows below
                history.select_session_value(rows.index(self.data.corrected_session), "caregiver")
        window.tabs.setCurrentWidget(history)
        self.save("history", lambda: [history.correct_button])

        view = window.summary_tab.view  # built now, so that its signal can be awaited
        window.tabs.setCurrentWidget(window.summary_tab)  # shown: recomputes in a thread
        self.wait_for(view.summary_updated, view.summary_failed)
        self.settle(300)  # the plots draw
        self.save("summary", lambda: [view.pdf_button])
        if "summary-full" in self.wanted and self.out is not None:  # below the fold too
            view.scroll_area.widget().grab().save(str(self.path("summary-full")))
        for index, name in ((1, "summary-scores"), (2, "summary-dose")):  # the other pages
            if name in self.wanted:
                view.pages.setCurrentIndex(index)
                self.settle()
                if self.out is not None:
                    view.scroll_area.widget().grab().save(str(self.path(name)))
                if self.review:
                    self.check(name, [])
        view.pages.setCurrentIndex(0)
        if "report_page1" in self.wanted and self.out is not None:
            self.report(view)

    def dialogs(self) -> None:
        """Every dialog, opened as its button opens it; "-error": after Save on empty fields."""
        from oxytimer.ui.dialogs import OperatorDialog
        from oxytimer.ui.export_dialog import ExportDialog
        from oxytimer.ui.help_dialogs import AboutDialog, GuideDialog
        from oxytimer.ui.import_wizard import ImportDialog
        from oxytimer.ui.session_pages import AbortDialog
        from oxytimer.ui.settings_dialog import SettingsDialog
        from oxytimer.ui.sync_dialog import SyncDialog

        window = self.window
        registry = window.registry_tabs.registry_view
        history = window.registry_tabs.history_view

        def opened(view: Any, slot: Callable[[], None]) -> Callable[[], Any]:
            def make() -> Any:
                slot()
                return view.dialog

            return make

        def save_empty(dialog: Any) -> None:
            for edit in ("reason_edit", "name_edit"):
                if hasattr(dialog, edit):
                    getattr(dialog, edit).clear()
            dialog.save_button.click()

        registry.select_mother(self.data.bedside_mother)
        makers: list[tuple[str, Callable[[], Any], Callable[[Any], None] | None]] = [
            ("settings", lambda: SettingsDialog(window.settings, window.cues, window), None),
            ("operator", opened(registry, registry._on_operator_button_clicked), None),
            ("operator-error", lambda: OperatorDialog(window, ""), save_empty),
            ("add-site", opened(registry, registry._on_add_site_button_clicked), None),
            ("withdraw", opened(registry, registry._on_withdraw_button_clicked), None),
            ("withdraw-error", opened(registry, registry._on_withdraw_button_clicked), save_empty),
            ("close-follow-up", opened(registry, registry._on_close_button_clicked), None),
            ("correct", opened(history, history._on_correct_button_clicked), None),
            ("correct-error", opened(history, history._on_correct_button_clicked), save_empty),
            ("void", opened(history, history._on_void_button_clicked), None),
            ("lock", opened(history, lambda: history._lock_dialog(False)), None),
            ("abort", lambda: AbortDialog(window.session_screen), None),
            ("export", lambda: ExportDialog(Path.home() / "oxytimer" / "exports", window), None),
            ("import", lambda: ImportDialog(self.repo, window), None),
            ("about", lambda: AboutDialog(window.app_menus.db_path, window), None),
            ("guide", lambda: GuideDialog(window.app_menus.lang, window), None),
            ("sync", lambda: SyncDialog(self.repo, None, window), None),
            ("sync-error", lambda: SyncDialog(self.repo, None, window), self.sync_failed),
        ]
        for name, make, poke in makers:
            if name not in self.wanted:
                continue
            dialog = make()
            self.expect(dialog is not None, f"the {name} dialog")
            dialog.show()
            self.settle()
            if poke is not None:
                poke(dialog)
            self.save(name, top=dialog)
            dialog.reject()
            dialog.deleteLater()
            self.settle()

    @staticmethod
    def sync_failed(dialog: Any) -> None:
        """The sync dialog after the longest of its sentences (the connection lost)."""
        from oxytimer.storage.server import ServerError
        from oxytimer.ui.sync_dialog import sync_error_text

        where = "postgresql://oxytimer_site_amp@db.example.org/oxytimer?sslmode=verify-full"
        dialog.message.setText(sync_error_text(ServerError("", "connection_lost", where)))

    def report(self, view: Any) -> None:
        """Page 1 of the PDF the Summary tab exports, as the README shows it."""
        pdftoppm = shutil.which("pdftoppm")
        if pdftoppm is None:
            raise SystemExit("pdftoppm is missing: sudo apt-get install poppler-utils")
        target = self.path("report_page1")
        with tempfile.TemporaryDirectory() as folder:
            pdf = Path(folder) / "summary.pdf"
            view.export_pdf(pdf)
            prefix = Path(folder) / "page"
            subprocess.run(
                [pdftoppm, "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", pdf, prefix],
                check=True,
            )
            shutil.move(prefix.with_suffix(".png"), target)
        print(f"  {target}")

    def close(self) -> None:
        screen = self.window.session_screen
        if screen.session is not None:
            screen.abort_session("screenshots done")  # so that closing asks nothing
        self.window.summary_tab.view.wait()
        self.settle()
        self.window.close()
        self.repo.close()
        self.window.deleteLater()
        self.settle()


if __name__ == "__main__":
    raise SystemExit(main())
