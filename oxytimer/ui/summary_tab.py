"""The Summary tab's shell, added at start-up; the summary itself loads on first use.

:class:`SummaryTab` imports :mod:`oxytimer.ui.summary_view` (and, through it, the
statistics, pyqtgraph, numpy and scipy) only when the tab is first shown, so none of that
weighs on start-up.
"""

from __future__ import annotations

import importlib
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from oxytimer.domain.clock import Clock
from oxytimer.domain.data_files import DataFiles
from oxytimer.storage.repository import Repository
from oxytimer.ui.workers import Task

if TYPE_CHECKING:
    from PySide6.QtGui import QShowEvent

    from oxytimer.ui.summary_view import SummaryView


class SummaryTab(QWidget):
    """The tab's placeholder: builds :class:`SummaryView` when first shown."""

    def __init__(
        self,
        repo: Repository,
        data: DataFiles,
        clock: Clock,
        lang: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._repo, self._data, self._clock, self._lang = repo, data, clock, lang
        self._view: SummaryView | None = None
        self._importing: Task | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def install(self, tabs: QTabWidget, shortcut: str) -> None:
        """Add this tab to ``tabs``, shown by ``shortcut`` (e.g. ``"Ctrl+M"``)."""
        tabs.addTab(self, self.tr("Summary"))
        key = QShortcut(QKeySequence(shortcut), tabs.window())
        key.activated.connect(lambda: tabs.setCurrentWidget(self))

    @property
    def view(self) -> SummaryView:
        """The summary view, built on first use."""
        if self._view is None:
            from oxytimer.ui.summary_view import SummaryView

            data = self._data
            self._view = SummaryView(
                self._repo, data.instrument, data.protocol, self._clock, self._lang, parent=self
            )
            self._layout.addWidget(self._view)
        return self._view

    @property
    def built_view(self) -> SummaryView | None:
        """The summary view if it was built (None before the tab was first shown)."""
        return self._view

    def stop(self) -> None:
        """Stop an analysis in progress (the app is closing)."""
        if self._view is not None:
            self._view.stop()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # (A module being imported is in sys.modules before it is complete: the task's
        # end says it is ready, or an import finished before this tab existed.)
        ready = self._importing.done if self._importing is not None else _imported()
        if self._view is not None or ready:
            self.view.refresh()  # records may have changed since the tab was last shown
            return
        if self._importing is None:
            # The statistics, pyqtgraph, numpy and scipy take seconds to import on an old
            # laptop: on a worker thread, while the tab says it is loading.
            self._loading_label = QLabel(self.tr("Loading the summary…"), self)
            self._layout.addWidget(self._loading_label)
            self._importing = Task(_import_view, self)
            self._importing.finished.connect(self._on_importing_finished)
            self._importing.failed.connect(self._on_importing_finished)
            self._importing.start()

    @Slot(object)
    def _on_importing_finished(self, _result: object) -> None:
        self._loading_label.hide()
        if self.isVisible():
            self.view.refresh()  # (a failed import is raised here, as it was before)


VIEW_MODULE = "oxytimer.ui.summary_view"
PLOTS_MODULE = "pyqtgraph"  # (summary_view imports it when it builds its plots)


def _import_view(_job: object) -> None:
    from oxytimer.ui.lazy_tabs import freeze_imported

    for name in (VIEW_MODULE, PLOTS_MODULE):
        importlib.import_module(name)
    freeze_imported()


def _imported() -> bool:
    module = sys.modules.get(VIEW_MODULE)
    spec = getattr(module, "__spec__", None)
    return module is not None and not getattr(spec, "_initializing", False)
