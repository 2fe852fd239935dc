"""The Today, Registry and History tabs, and their wiring to the main window.

Kept out of ``main_window.py`` so that the window stays wiring of one line per feature.
Shortcuts: Ctrl+T Today, Ctrl+R Registry, Ctrl+H History.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QTabWidget

from oxytimer.domain.clock import Clock
from oxytimer.domain.data_files import DataFiles
from oxytimer.storage.repository import Repository
from oxytimer.ui.lazy_tabs import LazyTabs
from oxytimer.ui.session_view import SessionScreen
from oxytimer.ui.settings import Settings

if TYPE_CHECKING:
    from oxytimer.domain.eligibility import Criteria
    from oxytimer.domain.instrument import Instrument
    from oxytimer.ui.history_view import HistoryView
    from oxytimer.ui.registry_view import RegistryView
    from oxytimer.ui.today_view import TodayView


PRELOADED = (
    "oxytimer.ui.today_view",
    "oxytimer.domain.eligibility",
    "oxytimer.ui.registry_view",
    "oxytimer.ui.history_view",
)
"""The tabs' modules, imported in the background once the window is up."""
PRELOAD_AFTER_MS = 3000
"""After the window's first paint and the data files' check (start-up is not slowed)."""


class RegistryTabs(QObject):
    """Adds the three tabs to ``tabs`` and keeps them and the session screen in step."""

    def __init__(
        self,
        tabs: QTabWidget,
        session_screen: SessionScreen,
        repo: Repository,
        data: DataFiles,
        clock: Clock,
        settings: Settings,
        criteria: Criteria | None = None,
    ) -> None:
        super().__init__(tabs)
        self.tabs = tabs
        self.session_screen = session_screen
        self.data = data
        self.lazy = LazyTabs(tabs)
        window = tabs.window()
        self.lazy.add("today", self.tr("Today"), lambda: self._today_view(repo, clock, settings))
        self.lazy.add(
            "registry",
            self.tr("Registry"),
            lambda: self._registry_view(repo, criteria, clock, settings),
        )
        self.lazy.add(
            "history",
            self.tr("History"),
            lambda: self._history_view(repo, data.instrument, clock, settings.language),
        )
        for name, key in (("today", "Ctrl+T"), ("registry", "Ctrl+R"), ("history", "Ctrl+H")):
            shortcut = QShortcut(QKeySequence(key), window)
            shortcut.activated.connect(lambda n=name: tabs.setCurrentWidget(self.lazy.page(n)))
        self.lazy.page_built.connect(self._on_lazy_page_built)
        self.lazy.preload(PRELOADED, PRELOAD_AFTER_MS)
        self._return_to_session = False
        session_screen.session_saved.connect(self._on_session_screen_session_saved)
        session_screen.enrolment_requested.connect(self._on_enrolment_requested)
        tabs.currentChanged.connect(self._on_tabs_current_changed)

    # Built on first use; asking for one builds it.
    @property
    def today_view(self) -> TodayView:
        return cast("TodayView", self.lazy.page("today"))

    @property
    def registry_view(self) -> RegistryView:
        return cast("RegistryView", self.lazy.page("registry"))

    @property
    def history_view(self) -> HistoryView:
        return cast("HistoryView", self.lazy.page("history"))

    def _today_view(self, repo: Repository, clock: Clock, settings: Settings) -> TodayView:
        from oxytimer.ui.today_view import TodayView

        return TodayView(repo, clock, settings, self.lazy.home, data=self.data)

    def _registry_view(
        self, repo: Repository, criteria: Criteria | None, clock: Clock, settings: Settings
    ) -> RegistryView:
        from oxytimer.domain.eligibility import load_criteria
        from oxytimer.ui.registry_view import RegistryView

        return RegistryView(repo, criteria or load_criteria(), clock, settings, self.lazy.home)

    def _history_view(
        self, repo: Repository, instrument: Instrument, clock: Clock, lang: str
    ) -> HistoryView:
        from oxytimer.ui.history_view import HistoryView

        return HistoryView(repo, instrument, clock, lang, self.lazy.home)

    @Slot(str)
    def _on_lazy_page_built(self, name: str) -> None:
        page = self.lazy.page(name)
        if name == "today":
            cast("TodayView", page).session_requested.connect(self._on_session_requested)
        elif name == "registry":
            registry = cast("RegistryView", page)
            registry.registry_changed.connect(self._on_registry_changed)
            registry.history_requested.connect(self._on_history_requested)
            registry.mother_enrolled.connect(self._on_mother_enrolled)
        elif name == "history":
            cast("HistoryView", page).records_changed.connect(self._on_registry_changed)

    def _built(self) -> dict[str, Any]:
        return self.lazy.built_pages()

    @Slot(str)
    def _on_session_screen_session_saved(self, _session_id: str) -> None:
        for name in ("today", "history"):
            if name in self._built():
                self._built()[name].refresh()

    @Slot()
    def _on_registry_changed(self) -> None:
        self._return_to_session = False  # e.g. she was screened out: stay in the Registry
        self.session_screen.refresh()
        for page in self._built().values():
            page.refresh()

    @Slot()
    def _on_enrolment_requested(self) -> None:
        """From the bedside screen: enrol in the Registry, then come back with her chosen."""
        registry = self.registry_view
        self._return_to_session = True
        self.tabs.setCurrentWidget(registry)
        registry.start_enrolment()

    @Slot(str)
    def _on_mother_enrolled(self, mother_id: str) -> None:
        if not self._return_to_session:
            return
        self._return_to_session = False
        screen = self.session_screen
        if not screen.is_busy():
            screen.show_start()
            screen.start_page.select_mother(mother_id)
        self.tabs.setCurrentWidget(screen)

    @Slot(str)
    def _on_history_requested(self, mother_id: str) -> None:
        self.history_view.show_mother(mother_id)
        self.tabs.setCurrentWidget(self.history_view)

    @Slot(str)
    def _on_session_requested(self, mother_id: str) -> None:
        screen = self.session_screen
        # Never leave a massage in progress or a half-answered score: show it instead.
        if not screen.is_busy():
            screen.show_start()
            screen.start_page.select_mother(mother_id)
        self.tabs.setCurrentWidget(screen)

    @Slot(int)
    def _on_tabs_current_changed(self, _index: int) -> None:
        if self.tabs.currentWidget() is not self._built().get("registry"):
            self._return_to_session = False  # the user went elsewhere: no detour to end
        today = self._built().get("today")
        if today is not None and self.tabs.currentWidget() is today:
            today.refresh()
