"""The Summary tab: did milk expression improve after the massage, by how much, for whom.

:class:`~oxytimer.ui.summary_tab.SummaryTab` is a light shell added at start-up; this
module (with pyqtgraph and numpy behind it) is loaded the first time the tab is shown, so
that the app starts without them. The analysis is computed in a process of its own
(:mod:`oxytimer.storage.summary_process`), waited for on a worker thread; results come
back through a signal, and a result for filters that have since changed is dropped.

The view lays out and coordinates; its parts live beside it: the filters
(:mod:`~oxytimer.ui.summary_filters`), the tables (:mod:`~oxytimer.ui.summary_tables`),
the plots (:mod:`~oxytimer.ui.summary_plots`), the exports
(:mod:`~oxytimer.ui.summary_exports`) and their widgets
(:mod:`~oxytimer.ui.summary_widgets`). Building the view and showing a result are done
a part per turn of the event loop (:data:`STEP_GAP_MS` apart), so that the window keeps
painting and the countdown keeps its time.

Shortcut: Ctrl+M shows the tab (Ctrl+U would clash with the line edits on X11).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from oxytimer.domain.clock import Clock
from oxytimer.domain.instrument import Instrument
from oxytimer.domain.protocol import MassageProtocol
from oxytimer.domain.report import apa_sentence, format_number
from oxytimer.domain.stats import warning_text
from oxytimer.domain.summary import Summary, default_versions
from oxytimer.storage.analysis import AnalysisFilter
from oxytimer.storage.repository import Repository
from oxytimer.storage.summary import database_path, summarise_database
from oxytimer.storage.summary_process import start_process, stop_process, summarise_in_process
from oxytimer.ui.summary_exports import SummaryExports, write_pairs_csv, write_report_pdf
from oxytimer.ui.summary_filters import SummaryFilters
from oxytimer.ui.summary_plots import PLOT_MIN_WIDTH, SummaryPlots
from oxytimer.ui.summary_tables import SummaryTables
from oxytimer.ui.summary_widgets import FitTable, ShortSplitter
from oxytimer.ui.widgets import WrapGridLayout

_FitTable = FitTable  # (the name the layout tests know)

STEP_GAP_MS = 5
"""Between two parts of building or showing the summary: time for the window to paint
and for the timers (the countdown's) to run (a zero-time timer could follow at once)."""


# --------------------------------------------------------------------------- the worker


class _JobSignals(QObject):
    finished = Signal(int, object)
    failed = Signal(int, str)


class _SummaryJob(QRunnable):
    """Waits on a pool thread for the analysis, computed in a process of its own (with
    its own database connection): computed on a thread of the app's process, it held the
    interpreter lock the window needs to paint (storage/summary_process.py)."""

    def __init__(
        self,
        request: int,
        path: str,
        flt: AnalysisFilter,
        rule: str,
        clock: Clock,
        instrument: Instrument,
        versions: dict[str, Any],
        signals: _JobSignals,
    ) -> None:
        super().__init__()
        self.request, self.path, self.flt, self.rule = request, path, flt, rule
        self.clock, self.instrument, self.versions = clock, instrument, versions
        self.signals = signals
        self.stale: Callable[[], bool] = lambda: False
        """Whether a newer request (or closing) made this one useless: it then stops."""

    def run(self) -> None:
        try:
            summary = summarise_in_process(
                self.path,
                self.flt,
                self.rule,
                clock=self.clock,
                instrument=self.instrument,
                versions=self.versions,
                cancelled=self.stale,
            )
        except Exception as error:  # reported in the tab, never lost in a thread
            self.signals.failed.emit(self.request, str(error))
        else:
            self.signals.finished.emit(self.request, summary)


# --------------------------------------------------------------------------- the view


class SummaryView(QWidget):
    """Filters, the tables of the paired comparison, the plots and the exports.

    Signals:
        summary_updated: The tables and plots now show a new summary.
        summary_failed: The analysis failed; the argument is the error text.
    """

    summary_updated = Signal(object)
    summary_failed = Signal(str)

    design: str | None = None
    """The measurement analysed (``AnalysisFilter.design``); None: the study's outcome
    (baseline against end assessment), or the earlier design for a database holding only
    it. The tab has no control for it yet: the CLI's ``--design`` chooses."""

    def __init__(
        self,
        repo: Repository,
        instrument: Instrument,
        protocol: MassageProtocol,
        clock: Clock,
        lang: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.repo = repo
        self.instrument = instrument
        self.protocol = protocol
        self.clock = clock
        self.lang = lang
        self.summary: Summary | None = None
        self._request = 0
        self._showing: list[Callable[[], None]] = []  # the parts of a result still to show
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        if repo is not None and database_path(repo):  # the process's imports, meanwhile
            self._pool.start(start_process)
        self._signals = _JobSignals(self)
        self._build()
        self._load_choices()
        self._connect_signals()
        # The pages of tables and the plots not built yet: a part per turn from now.
        self._building = [*self.tables.build_steps(), *self.plot_set.build_steps()]
        QTimer.singleShot(STEP_GAP_MS, self, self._build_next_part)

    def _load_choices(self) -> None:
        """Read the filters' choices (a view of another source reads them there)."""
        self.filters.load_choices(self.repo)

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        # Each widget is made in the one that shows it (under the app's style sheet a
        # move restyles it): the page scrolls; in it the filters, the sentence, and the
        # tables beside the plots.
        self.scroll_area = QScrollArea(self)
        content = QWidget(self.scroll_area.viewport())
        content.setObjectName("summaryContent")
        self.filters = SummaryFilters(self, content)
        self.site_names = self.filters.site_names  # puskesmas names by code
        for name in (
            "site_combo",
            "caregiver_combo",
            "protocol_combo",
            "instrument_combo",
            "pairing_combo",
            "from_check",
            "to_check",
            "from_date",
            "to_date",
            "completed_check",
        ):
            setattr(self, name, getattr(self.filters, name))
        self.exports = SummaryExports(self, content)
        self.csv_button = self.exports.csv_button
        self.pdf_button = self.exports.pdf_button
        self.status_label = QLabel(content)
        self.status_label.setObjectName("summaryStatus")  # not in the tabs' corner: hid a tab

        # The exports first: in sight at any text size, however tall the filters grow.
        filters = QVBoxLayout()
        buttons = WrapGridLayout()
        buttons.addWidget(self.csv_button)
        buttons.addWidget(self.pdf_button)
        filters.addLayout(buttons)
        self.filters.add_to(filters)
        filters.addWidget(self.status_label)

        self.sentence_label = QLabel(content)
        self.sentence_label.setWordWrap(True)
        self.sentence_label.setObjectName("summarySentence")
        self.sentence_label.setStyleSheet("font-size: 115%; font-weight: 600;")
        self.sentence_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sentence_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.warnings_label = QLabel(content)
        self.warnings_label.setWordWrap(True)
        self.warnings_label.setStyleSheet("color: #8a4b00;")
        self.warnings_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        splitter = self.splitter = ShortSplitter(Qt.Orientation.Horizontal, content)
        self.tables = SummaryTables(self.instrument, self.lang, self.site_names, self, splitter)
        self.models = self.tables.models
        self.captions = self.tables.captions
        self.pages = self.tables.pages
        self.plot_area = QWidget(splitter)
        self.plot_layout = QVBoxLayout(self.plot_area)
        self.plot_layout.setContentsMargins(0, 0, 0, 0)
        self.plot_set = SummaryPlots(self.plot_layout, self.tables.category_label, self)
        self.plots = self.plot_set.plots
        self.plot_titles = self.plot_set.titles

        splitter.addWidget(self.pages)
        splitter.addWidget(self.plot_area)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)

        # The whole page scrolls on a short screen (1024x600), so that the plots keep the
        # height their axis labels need.
        layout = QVBoxLayout(content)
        layout.addLayout(filters)
        layout.addWidget(self.sentence_label)
        layout.addWidget(self.warnings_label)
        layout.addWidget(splitter, 1)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the filters
        # Always there: a scroll bar appearing as the plots are shown narrowed the page,
        # and every table was fitted again at once (0.1–0.2 s on a loaded laptop).
        self.scroll_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.scroll_area.setWidget(content)
        # The viewport's width is the tables' room, less the tab widget's frame (known once
        # the tab widget is laid out).
        self.scroll_area.viewport().installEventFilter(self)
        self.pages.installEventFilter(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll_area)

    @Slot()
    def _build_next_part(self) -> None:
        if self._building:
            self._building.pop(0)()
            QTimer.singleShot(STEP_GAP_MS, self, self._build_next_part)
        else:
            self.ensure_plots()

    def ensure_plots(self) -> None:
        """Build the pages and plots not yet built, now."""
        self.tables.ensure()
        if self.plot_set.finished:
            return
        self.plot_set.ensure()
        # As tall as the three plots need, taller if the window allows.
        self.splitter.setMinimumHeight(self.plot_area.minimumSizeHint().height())

    def _connect_signals(self) -> None:
        self.filters.changed.connect(self._on_filters_changed)
        self.tables.table_added.connect(self._fit_tables)
        self.plot_set.plot_added.connect(self._on_plot_set_plot_added)
        self._signals.finished.connect(self._on_job_finished)
        self._signals.failed.connect(self._on_job_failed)

    @Slot(object)
    def _on_plot_set_plot_added(self, plot: QObject) -> None:
        plot.installEventFilter(self)  # its font: see eventFilter

    # ------------------------------------------------------------------ layout
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_tables()
        self._place_plots()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched in (
            self.scroll_area.viewport(),
            self.pages,
        ):
            self._fit_tables()
        elif (
            event.type() == QEvent.Type.FontChange
            and self.plot_set.finished
            and any(watched is plot for plot in self.plots.values())
        ):
            self.plot_set.style(watched)  # the style sheet's font reaches a plot when polished
            self._place_plots()  # its new minimum width may no longer fit beside the tables
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.plot_set.style_all()

    def _tables_room(self) -> int | None:
        """The width a table may take: the page's, less the margins (None: not built)."""
        content = self.scroll_area.widget()
        page = self.pages.currentWidget()
        if content is None or page is None or content.layout() is None:
            return None
        stack = page.parentWidget()
        frame = self.pages.width() - stack.width() if stack is not None else -1
        if stack is None or stack.width() <= 0 or not 0 <= frame < 40:
            frame = 8  # not laid out yet (about its frame): the tab widget's resize refits
        outer = content.layout().contentsMargins()
        inner = page.layout().contentsMargins()
        room = self.scroll_area.viewport().width() - outer.left() - outer.right()
        return max(room - frame - inner.left() - inner.right(), 1)

    def _fit_tables(self) -> None:
        """Keep every table as narrow as the page: the Summary scrolls up and down only."""
        room = self._tables_room()
        if room is None:
            return
        for table in self.findChildren(FitTable):
            table.set_max_width(room)
        self._place_plots()  # the tables' widths decide whether the plots fit beside them

    def _fit_table_steps(self) -> list[Callable[[], None]]:
        """:meth:`_fit_tables` a table per step (each may resize its columns)."""

        def fit(table: FitTable) -> None:
            room = self._tables_room()
            if room is not None:
                table.set_max_width(room)

        return [lambda t=t: fit(t) for t in self.findChildren(FitTable)]

    def _place_plots(self) -> None:
        """The plots beside the tables when both fit the width, else below them."""
        splitter = self.splitter
        # The plots' own minimum, not their area's: a plot just added to it is shown on
        # the next turn of the event loop, and a hidden widget takes no room in a layout.
        plots_width = max([PLOT_MIN_WIDTH, *(p.minimumWidth() for p in self.plots.values())])
        beside = self.pages.minimumSizeHint().width() + plots_width + splitter.handleWidth() + 40
        wide = self.width() >= beside
        orientation = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if splitter.orientation() != orientation:
            splitter.setOrientation(orientation)
        sizes = splitter.sizes()
        if wide and len(sizes) == 2 and sizes[1] * 5 < sum(sizes) * 2:
            # The plots get their share (2 in 5) back when the window grows; the tables
            # keep their minimum. (Else a window that opened narrow keeps them thin.)
            splitter.setSizes([3000, 2000])
        plots = self.plot_area.minimumSizeHint().height()
        tables = self.pages.minimumSizeHint().height()
        splitter.setMinimumHeight(max(plots, tables) if wide else plots + tables + 8)

    # ------------------------------------------------------------------ filters
    def current_filter(self) -> AnalysisFilter:
        """The filter the controls describe."""
        return self.filters.current_filter(self.design)

    def current_rule(self) -> str:
        """The pairing rule chosen."""
        return self.filters.current_rule()

    @Slot()
    def _on_filters_changed(self) -> None:
        self.refresh()

    # ------------------------------------------------------------------ computing
    def refresh(self) -> None:
        """Recompute in the background for the current filters (stale results dropped)."""
        self._request += 1
        request = self._request
        versions = default_versions(
            self.clock.now_utc(),
            protocol_version=self.protocol.version,
            instrument_version=self.instrument.version,
        )
        self.status_label.setText(self.tr("Calculating…"))
        path = database_path(self.repo)
        if not path:  # an in-memory database cannot be opened twice: compute here
            try:
                summary = summarise_database(
                    self.repo,
                    self.current_filter(),
                    self.current_rule(),
                    instrument=self.instrument,
                    versions=versions,
                )
            except Exception as error:
                self._on_job_failed(request, str(error))
            else:
                self._on_job_finished(request, summary)
            return
        job = _SummaryJob(
            request,
            path,
            self.current_filter(),
            self.current_rule(),
            self.clock,
            self.instrument,
            versions,
            self._signals,
        )
        # An analysis for filters since changed stops at once (on 100,000 mothers it
        # would hold the one worker for seconds); its result would be dropped anyway.
        job.stale = lambda: self._request != request
        self._pool.start(job)

    def wait(self) -> None:
        """Wait for a running analysis."""
        self._pool.waitForDone()

    def stop(self) -> None:
        """Stop a running analysis (its result is not shown) and wait for its thread; the
        analysis's process ends (the app is closing; the next analysis starts another)."""
        self._request += 1
        stop_process()
        self._pool.waitForDone()

    @Slot(int, object)
    def _on_job_finished(self, request: int, summary: Summary) -> None:
        if request != self._request:
            return
        # Shown a part per turn of the event loop (the texts, each table, each plot):
        # all at once held the window still for seconds on 100,000 mothers. The summary
        # counts as shown (``self.summary``, ``summary_updated``) after the last part.
        self._showing = [*self._show_steps(summary), lambda: self._shown(request, summary)]
        self._show_next_step(request)

    def _show_next_step(self, request: int) -> None:
        if request != self._request or not self._showing:
            return  # a newer request took over (its own steps run)
        self._showing.pop(0)()
        if self._showing:
            QTimer.singleShot(STEP_GAP_MS, self, lambda: self._show_next_step(request))

    def _shown(self, request: int, summary: Summary) -> None:
        if request != self._request:
            return
        self.summary = summary
        self.summary_updated.emit(summary)

    @Slot(int, str)
    def _on_job_failed(self, request: int, message: str) -> None:
        if request != self._request:
            return
        self.status_label.setText(
            self.tr("The summary could not be computed: {error}").format(error=message)
        )
        self.summary_failed.emit(message)

    # ------------------------------------------------------------------ showing
    def _show_steps(self, s: Summary) -> list[Callable[[], None]]:
        """Showing ``s``, in parts that each take a moment."""
        return [
            lambda: self._show_texts(s),
            *self.tables.show_steps(s),
            *self.plot_set.show_steps(s),
            lambda: self.splitter.setMinimumHeight(self.plot_area.minimumSizeHint().height()),
            # The tables now have their widths: they and the plots may no longer fit side
            # by side.
            *self._fit_table_steps(),
            self._place_plots,
        ]

    def _show_texts(self, s: Summary) -> None:
        a = s.analysis
        lang = self.lang
        unit = self.tr("sessions") if s.rule == "sessions" else self.tr("mothers")
        self.status_label.setText(
            self.tr("{n} pairs ({unit})").format(n=format_number(a.n_pairs, 0, lang), unit=unit)
        )
        self.sentence_label.setText(apa_sentence(a, lang))
        warnings = [warning_text(code, lang) for code in (*s.warnings, *a.warnings)]
        if s.not_independent:
            warnings.insert(
                0,
                self.tr(
                    "Per-session pairs are not independent: mothers contribute several"
                    " sessions, and the test assumes independent pairs."
                ),
            )
        self.warnings_label.setText("\n".join(f"⚠ {w}" for w in warnings))
        self.warnings_label.setVisible(bool(warnings))

    # ------------------------------------------------------------------ exports
    def report_plots(self, width: int, height: int, text_pixels: int) -> dict[str, Any]:
        """New plots of the summary shown, for the report (the tab's own stay as they are).

        Args:
            width: Each plot's width in pixels.
            height: Each plot's height in pixels.
            text_pixels: The height of their texts (tick values, axis labels, legend).

        Returns:
            The plots by name, laid out at that size, never shown: the report paints
            their scenes (:func:`oxytimer.ui.summary_report.write_pdf`).
        """
        if self.summary is None:
            raise RuntimeError("no summary yet")
        return self.plot_set.report_plots(self.summary, width, height, text_pixels)

    def export_csv(self, path: Path) -> None:
        """Write the analysed pairs as CSV (UTF-8 with a byte-order mark, for Excel).

        Raises:
            RuntimeError: If no summary has been computed yet.
            OSError: If the file cannot be written.
        """
        write_pairs_csv(self.summary, path)

    def export_pdf(self, path: Path) -> int:
        """Write the PDF report; returns its number of pages.

        Raises:
            RuntimeError: If no summary has been computed yet.
            OSError: If the file cannot be written.
        """
        return write_report_pdf(self, path)
