"""Tabs whose page is built the first time it is shown or asked for.

Start-up builds only the bedside screen; the registry, history and summary screens (and
the modules behind them) load when a user first opens them, so the app is on screen
sooner on a slow puskesmas laptop.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QTabWidget, QWidget

from oxytimer.ui.widgets import tab_home

PRELOAD_EVERY_MS = 50
"""Between two of the pages' modules imported beforehand (the window paints between)."""


class LazyTabs(QObject):
    """Builds tab pages on demand.

    Signals:
        page_built(str): the page of that name now exists (connect its signals then).
    """

    page_built = Signal(str)

    def __init__(self, tabs: QTabWidget) -> None:
        super().__init__(tabs)
        self.tabs = tabs
        self._factories: dict[str, Callable[[], QWidget]] = {}
        self._placeholders: dict[str, QWidget] = {}
        self._pages: dict[str, QWidget] = {}
        # A page made where the tab widget keeps its pages is not moved when it becomes
        # a tab: a move restyled each of the Registry's 360 widgets (0.1 ms or more each).
        self.home = tab_home(tabs)
        self._to_import: list[str] = []
        self.preloaded = False
        """Whether the modules given to :meth:`preload` are imported."""
        self._import_timer = QTimer(self)
        self._import_timer.setInterval(PRELOAD_EVERY_MS)
        self._import_timer.timeout.connect(self._import_next)
        tabs.currentChanged.connect(self._on_tabs_current_changed)

    def add(self, name: str, title: str, factory: Callable[[], QWidget]) -> None:
        """Add a tab titled ``title`` whose page ``factory`` builds when first needed.

        ``factory`` makes the page with :attr:`home` as its parent.
        """
        placeholder = QWidget(self.tabs)
        placeholder.setAccessibleName(title)
        self._factories[name] = factory
        self._placeholders[name] = placeholder
        self.tabs.addTab(placeholder, title)

    def preload(self, modules: Sequence[str], after_ms: int) -> None:
        """Import ``modules`` (the pages' code), one per round of events, starting
        ``after_ms`` from now; :attr:`preloaded` says when all are.

        Importing a page's modules was most of the time its tab took to open the first
        time, with the window unable to paint meanwhile; done beforehand, opening it only
        builds its widgets. They are imported here, on the window's thread, one at a time
        (10-25 ms each): on a worker thread an import held the interpreter while Qt laid
        out and painted the window, and each of Qt's calls into Python waited for it in
        turn (a 100-120 ms stall just after start-up on a district's database).
        """
        self._to_import = list(modules)
        self.preloaded = not self._to_import
        QTimer.singleShot(after_ms, self, self._import_timer.start)

    @Slot()
    def _import_next(self) -> None:
        if self._to_import:
            importlib.import_module(self._to_import.pop(0))
        if not self._to_import:
            self._import_timer.stop()
            freeze_imported()
            self.preloaded = True

    def is_built(self, name: str) -> bool:
        return name in self._pages

    def built_pages(self) -> dict[str, QWidget]:
        return dict(self._pages)

    def tab_of(self, name: str) -> QWidget:
        """What the tab widget holds for ``name`` now (the page, or its placeholder)."""
        return self._pages.get(name) or self._placeholders[name]

    def page(self, name: str) -> QWidget:
        """The page called ``name``, built now if it was not yet."""
        if name in self._pages:
            return self._pages[name]
        placeholder = self._placeholders.pop(name)
        page = self._factories.pop(name)()
        self._pages[name] = page
        index = self.tabs.indexOf(placeholder)
        was_current = self.tabs.currentIndex() == index
        title = self.tabs.tabText(index)
        blocked = self.tabs.blockSignals(True)
        try:
            # The page goes in before the placeholder leaves: removing the current tab
            # first would show its neighbour for a moment (building the Summary).
            self.tabs.insertTab(index, page, title)
            if was_current:
                self.tabs.setCurrentIndex(index)
            self.tabs.removeTab(index + 1)
        finally:
            self.tabs.blockSignals(blocked)
        placeholder.deleteLater()
        self.page_built.emit(name)
        return page

    @Slot(int)
    def _on_tabs_current_changed(self, index: int) -> None:
        current = self.tabs.widget(index)
        for name, placeholder in list(self._placeholders.items()):
            if placeholder is current:
                self.page(name)
                # Others listening to currentChanged now see the real page.
                self.tabs.currentChanged.emit(index)
                return


def freeze_imported() -> None:
    """Leave what was just imported out of the garbage collector's full collections.

    Modules live as long as the app. Left in the collected generations, the next full
    collection scanned all their objects with the interpreter held: 0.2–0.3 s on a loaded
    laptop after the Summary's imports (pyqtgraph, numpy), the window unable to paint
    (:mod:`oxytimer.collector`).
    """
    from oxytimer import collector

    collector.freeze()
