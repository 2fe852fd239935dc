"""The Summary tab: did milk expression improve after the massage, by how much, for whom.

:class:`~oxytimer.ui.summary_tab.SummaryTab` is a light shell added at start-up; this
module (with pyqtgraph, numpy and scipy behind it) is loaded the first time the tab is
shown, so that the app starts without them. The analysis runs on a worker thread
(:class:`QThreadPool`) with its own database connection; results come back through a
signal, and a result for filters that have since changed is dropped.

Shortcut: Ctrl+M shows the tab (Ctrl+U would clash with the line edits on X11).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QDate,
    QEvent,
    QObject,
    QRunnable,
    QSize,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QFont,
    QFontInfo,
    QFontMetrics,
    QImage,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from oxytimer.domain.clock import Clock
from oxytimer.domain.instrument import Instrument
from oxytimer.domain.protocol import MassageProtocol
from oxytimer.domain.report import (
    apa_sentence,
    format_number,
    format_p,
    level_number,
    r_statistic,
)
from oxytimer.domain.stats import Descriptives, warning_text
from oxytimer.domain.summary import AGE_GROUPS, Summary, default_versions, pairs_csv_text
from oxytimer.storage.analysis import AnalysisFilter, filter_choices
from oxytimer.storage.repository import Repository
from oxytimer.storage.summary import (
    database_path,
    enrolment_range,
    summarise_database,
    summarise_path,
)
from oxytimer.ui.labels import caregiver_label, occupation_label
from oxytimer.ui.save_paths import in_documents
from oxytimer.ui.summary_models import GridModel
from oxytimer.ui.widgets import WrapGridLayout, read_only_table
from oxytimer.ui.workers import Job, read_task

PLOT_MIN_WIDTH = 220
"""Width below which a plot's axes and legend crowd its data (pixels)."""
PLOT_MIN_HEIGHT = 220
"""Height below which a plot's title and axis labels no longer fit (pixels)."""
PLOT_MIN_LINES = 11
"""A plot's minimum height in lines of its text: title, axis, and room for the data."""
LABEL_MAX_WIDTH = 400
"""Width of a table's label column beyond which its texts wrap (pixels)."""
LINE_WEIGHTS = 5
"""How many weights (width and opacity) the slope plot's lines come in."""
STEP_GAP_MS = 5
"""Between two parts of building or showing the summary: time for the window to paint
and for the timers (the countdown's) to run (a zero-time timer could follow at once)."""


def style_plot(plot: Any, pixels: int) -> None:
    """Set a plot's texts ``pixels`` tall: title, tick values, axis labels and legend.

    pyqtgraph draws them in the application's default font otherwise, whatever the text
    size chosen: tiny at arm's length, and in the report.
    """
    font = QFont()
    font.setPixelSize(max(1, pixels))
    item = plot.getPlotItem()
    css = {"font-size": f"{pixels}px"}
    for name in ("left", "bottom"):
        axis = item.getAxis(name)
        axis.setTickFont(font)
        axis.setStyle(tickTextOffset=max(3, pixels // 3))
    # The bottom axis learns its values' height only from a first drawing, which hides the
    # values that do not fit yet: it is told the height instead.
    item.getAxis("bottom").setStyle(
        autoExpandTextSpace=False, tickTextHeight=QFontMetrics(font).height()
    )
    for name in ("left", "bottom"):
        axis = item.getAxis(name)
        if axis.labelText:
            axis.setLabel(axis.labelText, **css)
    title = item.titleLabel
    if title.text:
        item.setTitle(title.text, size=f"{pixels}px")
    legend = item.legend
    if legend is not None:
        legend.setLabelTextSize(f"{pixels}px")  # for the entries to come
        for _sample, label in legend.items:  # and those there (it only stores the size)
            label.setText(label.text, size=f"{pixels}px")
        legend.updateSize()


def settle_plot(plot: Any, width: int, height: int) -> None:
    """Lay a plot out at ``width`` x ``height`` now, its axes with room for their values.

    The axes learn their values' size from a first drawing, then ask for the room: their
    values drawn twice (into a one-pixel scratch image: only the axes, so it is cheap),
    with the layout's events delivered in between, the plot is final before it is shown
    or printed (a plot never shown would stay as first drawn).
    """
    from PySide6.QtCore import QRectF

    item = plot.getPlotItem()
    scratch = QImage(1, 1, QImage.Format.Format_ARGB32)
    for _ in range(2):
        item.setGeometry(QRectF(0, 0, width, height))
        _deliver_posted_events(plot)
        plot.scene().prepareForPaint()  # the view's range follows its data and size
        painter = QPainter(scratch)
        for name in ("left", "bottom"):
            axis = item.getAxis(name)
            axis.picture = None  # drawn again for the range and size it has now
            axis.paint(painter, None, None)
        painter.end()
        _deliver_posted_events(plot)


def _deliver_posted_events(plot: Any) -> None:
    """Deliver the layout and resize events posted to a plot's items, and only those."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QGraphicsObject

    QCoreApplication.sendPostedEvents(plot.scene(), 0)
    for item in plot.scene().items():
        if isinstance(item, QGraphicsObject):
            QCoreApplication.sendPostedEvents(item, 0)


# --------------------------------------------------------------------------- the worker


class _JobSignals(QObject):
    finished = Signal(int, object)
    failed = Signal(int, str)


class _SummaryJob(QRunnable):
    """Reads and analyses on a pool thread, with a connection of its own."""

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
            summary = summarise_path(
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


class _WrappingHeader(QHeaderView):
    """Column headings that may wrap at their spaces when the table is short of width.

    With ``wrap`` set, a heading asks only for its longest word (and is as tall as its
    lines need at the width it gets: see :meth:`lines_height`).
    """

    def __init__(self) -> None:
        super().__init__(Qt.Orientation.Horizontal)
        self.wrap = False
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)

    def _text(self, section: int) -> str:
        model = self.model()
        return "" if model is None else str(model.headerData(section, self.orientation()) or "")

    def _padding(self, section: int) -> QSize:
        """What Qt adds around the heading's text (margins, frame)."""
        size = super().sectionSizeFromContents(section)
        lines = self._text(section).split("\n")
        metrics = self.fontMetrics()
        text_width = max((metrics.horizontalAdvance(line) for line in lines), default=0)
        return QSize(size.width() - text_width, size.height() - len(lines) * metrics.height())

    def sectionSizeFromContents(self, logicalIndex: int) -> QSize:
        size = super().sectionSizeFromContents(logicalIndex)
        if not self.wrap:
            return size
        metrics = self.fontMetrics()
        words = self._text(logicalIndex).split()
        longest = max((metrics.horizontalAdvance(word) for word in words), default=0)
        return QSize(longest + self._padding(logicalIndex).width(), size.height())

    def lines_height(self) -> int:
        """The height the headings need at their sections' widths, wrapped."""
        metrics = self.fontMetrics()
        height = 0
        for section in range(self.count()):
            padding = self._padding(section)
            room = max(1, self.sectionSize(section) - padding.width())
            flags = int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
            text = metrics.boundingRect(0, 0, room, 100_000, flags, self._text(section))
            height = max(height, text.height() + padding.height())
        return height


class _FitTable(QTableView):
    """A table exactly as large as its rows and columns: it never scrolls or cuts a cell.

    The columns take their contents' width (each at most ``LABEL_MAX_WIDTH``, its longer
    texts wrapping), and again when the font or style changes (the style sheet's font
    arrives when the table is first shown). When that is wider than the page
    (:meth:`set_max_width`: large text on a 1024-pixel screen), the headings wrap at
    their spaces and the widest columns give the rest, their texts wrapping: the page
    never scrolls sideways.
    """

    def __init__(self, model: GridModel) -> None:
        super().__init__()
        self.setHorizontalHeader(_WrappingHeader())
        read_only_table(self, model, pick_rows=False, columns=QHeaderView.ResizeMode.Fixed)
        self.horizontalHeader().setStretchLastSection(False)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAlternatingRowColors(True)
        self.max_width: int | None = None
        model.modelReset.connect(self.fit)

    def set_max_width(self, width: int | None) -> None:
        """The widest the table may be (the page's width); None: as wide as it likes."""
        if width != self.max_width:
            self.max_width = width
            self.fit()

    def _columns_to_contents(self) -> int:
        """Size the columns to their contents, each at most ``LABEL_MAX_WIDTH``; the
        table's width."""
        model = self.model()
        self.resizeColumnsToContents()
        # Long labels wrap, and so does a note standing in a figure's cell (the interval's
        # "no pairs" reason): one long sentence would make the page wider than the screen.
        # Figures are far narrower than the cap and stay whole on one line.
        for column in range(model.columnCount()):
            if self.columnWidth(column) > LABEL_MAX_WIDTH:
                self.setColumnWidth(column, LABEL_MAX_WIDTH)
        return 2 * self.frameWidth() + sum(self.columnWidth(c) for c in range(model.columnCount()))

    def fit(self) -> None:
        """Size the columns to their contents, the rows to theirs, the table to both."""
        model = self.model()
        header = self.horizontalHeader()
        assert isinstance(header, _WrappingHeader)
        header.wrap = False
        width = self._columns_to_contents()
        if self.max_width is not None and width > self.max_width:
            header.wrap = True
            width = self._columns_to_contents()
            narrowest = max(self.fontMetrics().averageCharWidth() * 8, 1)
            while width > self.max_width:
                widest = max(range(model.columnCount()), key=self.columnWidth)
                have = self.columnWidth(widest)
                give = min(width - self.max_width, have - narrowest)
                if give <= 0:
                    break  # as narrow as it can be: the page scrolls sideways
                self.setColumnWidth(widest, have - give)
                width -= give
        self.resizeRowsToContents()
        heading = header.sizeHint().height()
        if header.wrap:
            heading = max(heading, header.lines_height())
        header.setFixedHeight(heading)
        height = heading + 2 * self.frameWidth()
        height += sum(self.rowHeight(r) for r in range(model.rowCount()))
        if self.size() != QSize(width, height):
            self.setFixedSize(width, height)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.fit()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.fit()


class _ElidingComboBox(QComboBox):
    """A combo box that ends a text too long for it with "…"; its tooltip has it whole."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.currentTextChanged.connect(self._update_tool_tip)

    def _shown(self, option: QStyleOptionComboBox) -> str:
        field = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox,
            option,
            QStyle.SubControl.SC_ComboBoxEditField,
            self,
        )
        return self.fontMetrics().elidedText(
            option.currentText, Qt.TextElideMode.ElideRight, field.width() - 2
        )

    def sizeHint(self) -> QSize:
        # Room for the longest choice, the style sheet's padding and the arrow included.
        hint = super().sizeHint()
        metrics = self.fontMetrics()
        longest = max(
            (metrics.horizontalAdvance(self.itemText(i)) for i in range(self.count())), default=0
        )
        return QSize(max(hint.width(), longest + 56), hint.height())

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def _update_tool_tip(self) -> None:
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        text = self.currentText()
        self.setToolTip(text if self._shown(option) != text else "")

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_tool_tip()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        option.currentText = self._shown(option)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)


class _ShortSplitter(QSplitter):
    """A splitter that asks for no more height than its minimum.

    The tables would ask for their whole length, and the scrolled page would be as long
    as they are (they scroll on their own).
    """

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.minimumHeight())


class SummaryView(QWidget):
    """Filters, the tables of the paired comparison, the plots and the exports.

    Signals:
        summary_updated: The tables and plots now show a new summary.
        summary_failed: The analysis failed; the argument is the error text.
    """

    summary_updated = Signal(object)
    summary_failed = Signal(str)

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
        self.site_names: dict[str, str] = {}  # puskesmas names by code (the filter's list)
        self._request = 0
        self._showing: list[Callable[[], None]] = []  # the parts of a result still to show
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = _JobSignals(self)
        self.models: dict[str, GridModel] = {
            name: GridModel(self)
            for name in (
                "excluded",
                "descriptives",
                "categories",
                "crosstab",
                "characteristics",
                "ranks",
                "test_statistics",
                "r_numbers",
                "supplementary",
                "dose",
            )
        }
        self._build()
        self._load_choices()
        self._connect_signals()

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        self.site_combo = _ElidingComboBox()
        self.caregiver_combo = _ElidingComboBox()
        self.protocol_combo = _ElidingComboBox()
        self.instrument_combo = _ElidingComboBox()
        self.instrument_combo.setAccessibleName(self.tr("Instrument version"))
        self.pairing_combo = _ElidingComboBox()
        self._filter_combos = (
            self.site_combo,
            self.caregiver_combo,
            self.protocol_combo,
            self.instrument_combo,
            self.pairing_combo,
        )
        for combo in self._filter_combos:  # whole: a filter is read before it is trusted
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for rule, text in (
            ("first-last", self.tr("First pre-score → last post-score (as in the study)")),
            ("means", self.tr("Mean pre-score → mean post-score")),
            ("sessions", self.tr("Each session (not independent)")),
        ):
            self.pairing_combo.addItem(text, rule)
        self.from_check = QCheckBox(self.tr("Enrolled from"))
        self.to_check = QCheckBox(self.tr("to"))
        self.from_date = QDateEdit(calendarPopup=True)
        self.to_date = QDateEdit(calendarPopup=True)
        for edit in (self.from_date, self.to_date):
            edit.setDisplayFormat("dd/MM/yyyy")  # as every date the interface shows
            edit.setEnabled(False)
        self.completed_check = QCheckBox(self.tr("Completed follow-up only"))
        self.status_label = QLabel()
        self.csv_button = QPushButton(self.tr("Export pairs (CSV)…"))
        self.pdf_button = QPushButton(self.tr("Export report (PDF)…"))

        # The exports first: in sight at any text size, however tall the filters grow.
        filters = QVBoxLayout()
        buttons = WrapGridLayout()
        buttons.addWidget(self.csv_button)
        buttons.addWidget(self.pdf_button)
        filters.addLayout(buttons)
        # One filter a row, each whole; its label goes above it when the row is too narrow
        # (large text on 1024 px). The page scrolls (once) when they need the height.
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        for text, combo in (
            (self.tr("Site"), self.site_combo),
            (self.tr("Massage given by"), self.caregiver_combo),
            (self.tr("Protocol version"), self.protocol_combo),
            (self.tr("Instrument version"), self.instrument_combo),
            (self.tr("Pairs"), self.pairing_combo),
        ):
            form.addRow(text, combo)
        filters.addLayout(form)
        # The dates, the check box and the buttons wrap onto more rows when narrow.
        dates = WrapGridLayout()
        for check, edit in ((self.from_check, self.from_date), (self.to_check, self.to_date)):
            pair = QWidget()
            row = QHBoxLayout(pair)
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(check)
            row.addWidget(edit, 1)
            dates.addWidget(pair)
        dates.addWidget(self.completed_check)
        filters.addLayout(dates)
        filters.addWidget(self.status_label)

        self.sentence_label = QLabel()
        self.sentence_label.setWordWrap(True)
        self.sentence_label.setObjectName("summarySentence")
        self.sentence_label.setStyleSheet("font-size: 115%; font-weight: 600;")
        self.sentence_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sentence_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.warnings_label = QLabel()
        self.warnings_label.setWordWrap(True)
        self.warnings_label.setStyleSheet("color: #8a4b00;")
        self.warnings_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        self.pages = QTabWidget()
        self.captions: dict[str, QLabel] = {}
        for tables, title in (
            (
                [
                    ("ranks", self.tr("Wilcoxon signed-rank test (SPSS layout): Ranks")),
                    ("test_statistics", self.tr("Test Statistics (SPSS)")),
                    ("r_numbers", self.tr("R's numbers and effect sizes")),
                    ("supplementary", self.tr("Supplementary tests")),
                    ("excluded", self.tr("Left out of the analysis")),
                ],
                self.tr("Test"),
            ),
            (
                [
                    ("descriptives", self.tr("Scores before and after (Table 4)")),
                    ("categories", self.tr("Milk-expression categories (Table 3)")),
                    ("crosstab", self.tr("Moves between categories (rows: before)")),
                ],
                self.tr("Scores"),
            ),
            (
                [
                    ("characteristics", self.tr("Mothers analysed (Tables 1–2)")),
                    ("dose", self.tr("Dose per mother")),
                ],
                self.tr("Mothers and dose"),
            ),
        ):
            self.pages.addTab(self._page(tables), title)
        self.status_label.setObjectName("summaryStatus")  # not in the tabs' corner: hid a tab
        self.plot_area = QWidget()
        self.plot_layout = QVBoxLayout(self.plot_area)
        self.plot_layout.setContentsMargins(0, 0, 0, 0)
        self.plots: dict[str, Any] = {}

        splitter = self.splitter = _ShortSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.pages)
        splitter.addWidget(self.plot_area)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        self._build_plots()

        # The whole page scrolls on a short screen (1024x600), so that the plots keep the
        # height their axis labels need.
        content = QWidget()
        content.setObjectName("summaryContent")
        layout = QVBoxLayout(content)
        layout.addLayout(filters)
        layout.addWidget(self.sentence_label)
        layout.addWidget(self.warnings_label)
        layout.addWidget(splitter, 1)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the filters
        self.scroll_area.setWidget(content)
        # The viewport's width is the tables' room, less the tab widget's frame (known once
        # the tab widget is laid out).
        self.scroll_area.viewport().installEventFilter(self)
        self.pages.installEventFilter(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll_area)

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
            and getattr(self, "_plots_finished", False)
            and any(watched is plot for plot in self.plots.values())
        ):
            self._style_plot(watched)  # the style sheet's font reaches a plot when polished
            self._place_plots()  # its new minimum width may no longer fit beside the tables
        return super().eventFilter(watched, event)

    def _fit_tables(self) -> None:
        """Keep every table as narrow as the page: the Summary scrolls up and down only."""
        content = self.scroll_area.widget()
        page = self.pages.currentWidget()
        if content is None or page is None or content.layout() is None:
            return
        stack = page.parentWidget()
        frame = self.pages.width() - stack.width() if stack is not None else -1
        if stack is None or stack.width() <= 0 or not 0 <= frame < 40:
            frame = 8  # not laid out yet (about its frame): the tab widget's resize refits
        outer = content.layout().contentsMargins()
        inner = page.layout().contentsMargins()
        room = self.scroll_area.viewport().width() - outer.left() - outer.right()
        room -= frame + inner.left() + inner.right()
        for table in self.findChildren(_FitTable):
            table.set_max_width(max(room, 1))
        self._place_plots()  # the tables' widths decide whether the plots fit beside them

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

    def _page(self, tables: list[tuple[str, str]]) -> QWidget:
        """A tab's tables, all shown (the whole Summary scrolls, not each tab)."""
        page = QWidget()
        box = QVBoxLayout(page)
        for name, caption in tables:
            label = QLabel(f"<b>{caption}</b>")
            self.captions[name] = label
            box.addWidget(label)
            box.addWidget(_FitTable(self.models[name]))
        box.addStretch(1)
        return page

    def _build_plots(self) -> None:
        """Build the plots one per turn of the event loop (each takes a while on an old
        laptop: together they held the window still); :meth:`ensure_plots` finishes
        them at once when they are needed."""
        self.plot_titles = {
            # The dashed median line is named in the plot's legend: a title that said so
            # was too long for the plot on a 1024-pixel screen.
            "slope": self.tr("Each mother: before → after"),
            "differences": self.tr("Change in score (after − before)"),
            "categories": self.tr("Categories before and after"),
        }
        self._plots_to_build = list(self.plot_titles.items())
        self._plots_finished = False
        QTimer.singleShot(STEP_GAP_MS, self, self._build_next_plot)

    @Slot()
    def _build_next_plot(self) -> None:
        if self._plots_to_build:
            self._build_plot(*self._plots_to_build.pop(0))
            QTimer.singleShot(STEP_GAP_MS, self, self._build_next_plot)
        else:
            self.ensure_plots()

    def ensure_plots(self) -> None:
        """Build the plots not yet built, now."""
        while self._plots_to_build:
            self._build_plot(*self._plots_to_build.pop(0))
        if self._plots_finished:
            return
        self._plots_finished = True
        self._label_plots(self.plots)
        self._style_plots()
        # As tall as the three plots need, taller if the window allows.
        self.splitter.setMinimumHeight(self.plot_area.minimumSizeHint().height())

    def _style_plots(self) -> None:
        """The plots' texts as tall as the interface's (the text size chosen in Settings);
        their minimum height grows with them so that the axes keep their room."""
        if not getattr(self, "_plots_finished", False):
            return
        for plot in self.plots.values():
            self._style_plot(plot)

    def _style_plot(self, plot: Any) -> None:
        pixels = QFontInfo(plot.font()).pixelSize()  # the style sheet's text size
        style_plot(plot, pixels)
        plot.setMinimumHeight(max(PLOT_MIN_HEIGHT, PLOT_MIN_LINES * pixels))
        # As wide as its title (which the plot would cut), and some room around it.
        title = plot.getPlotItem().titleLabel.item.boundingRect().width()
        plot.setMinimumWidth(max(PLOT_MIN_WIDTH, round(title) + 4 * pixels))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._style_plots()

    def _label_plots(self, plots: dict[str, Any]) -> None:
        slope = plots["slope"]
        slope.getAxis("bottom").setTicks([[(0, self.tr("Before")), (1, self.tr("After"))]])
        slope.setLabel("left", self.tr("Score"))
        plots["differences"].setLabel("left", self.tr("Pairs"))
        plots["categories"].setLabel("left", self.tr("Pairs"))

    @staticmethod
    def _new_plot(title: str | None) -> Any:
        import pyqtgraph as pg

        pg.setConfigOptions(antialias=True, background="w", foreground="k")
        # No context menus (they are disabled below): building them took a third of the
        # time of each plot.
        plot = pg.PlotWidget(title=title, enableMenu=False)
        plot.setMouseEnabled(False, False)
        plot.hideButtons()
        plot.getPlotItem().setMenuEnabled(False)
        return plot

    def _build_plot(self, name: str, title: str) -> None:
        plot = self._new_plot(title)
        plot.setMinimumSize(PLOT_MIN_WIDTH, PLOT_MIN_HEIGHT)
        plot.installEventFilter(self)  # its font: see eventFilter
        self.plots[name] = plot
        self.plot_layout.addWidget(plot, 1)

    def _connect_signals(self) -> None:
        for combo in self._filter_combos:
            combo.currentIndexChanged.connect(self._on_filter_changed)
        self.from_check.toggled.connect(self.from_date.setEnabled)
        self.to_check.toggled.connect(self.to_date.setEnabled)
        for check in (self.from_check, self.to_check, self.completed_check):
            check.toggled.connect(self._on_filter_changed)
        self.from_date.dateChanged.connect(self._on_filter_changed)
        self.to_date.dateChanged.connect(self._on_filter_changed)
        self._signals.finished.connect(self._on_job_finished)
        self._signals.failed.connect(self._on_job_failed)
        self.csv_button.clicked.connect(self._on_csv_button_clicked)
        self.pdf_button.clicked.connect(self._on_pdf_button_clicked)

    def _load_choices(self) -> None:
        """Read the filters' choices on a worker thread (whole-table reads)."""

        def read(reader: Repository, _job: Job) -> tuple[Any, ...]:
            return filter_choices(reader.db), reader.sites(), enrolment_range(reader)

        self.choices_task = read_task(self.repo, read, self._show_choices)

    def _show_choices(self, found: tuple[Any, ...]) -> None:
        choices, sites, span = found
        widgets = (
            self.site_combo,
            self.caregiver_combo,
            self.protocol_combo,
            self.instrument_combo,
        )
        for w in widgets:
            w.blockSignals(True)
            w.clear()
        self.site_combo.addItem(self.tr("All sites"), None)
        names = {s["code"]: s["name"] for s in sites}
        self.site_names = names
        for code in choices["sites"]:
            self.site_combo.addItem(f"{code} — {names.get(code, code)}", code)
        self.caregiver_combo.addItem(self.tr("Anyone"), None)
        for code in choices["caregivers"]:
            self.caregiver_combo.addItem(caregiver_label(code), code)
        self.protocol_combo.addItem(self.tr("Any version"), None)
        for version in choices["protocol_versions"]:
            self.protocol_combo.addItem(version, version)
        self.instrument_combo.addItem(self.tr("Any version (warns if mixed)"), None)
        for version in choices["instrument_versions"]:
            self.instrument_combo.addItem(version, version)
        for w in widgets:
            w.blockSignals(False)
        if span is not None:
            for edit in (self.from_date, self.to_date):
                edit.blockSignals(True)
            self.from_date.setDate(QDate(span[0].year, span[0].month, span[0].day))
            self.to_date.setDate(QDate(span[1].year, span[1].month, span[1].day))
            for edit in (self.from_date, self.to_date):
                edit.blockSignals(False)

    # ------------------------------------------------------------------ filters
    def current_filter(self) -> AnalysisFilter:
        """The filter the controls describe."""

        def one(combo: QComboBox) -> tuple[str, ...] | None:
            value = combo.currentData()
            return None if value is None else (str(value),)

        def day(edit: QDateEdit) -> date:
            d = edit.date()
            return date(d.year(), d.month(), d.day())

        return AnalysisFilter(
            site_codes=one(self.site_combo),
            enrolled_from=day(self.from_date) if self.from_check.isChecked() else None,
            enrolled_to=day(self.to_date) if self.to_check.isChecked() else None,
            caregivers=one(self.caregiver_combo),
            protocol_versions=one(self.protocol_combo),
            instrument_versions=one(self.instrument_combo),
            completed_follow_up_only=self.completed_check.isChecked(),
            design=self.design,
        )

    design: str | None = None
    """The measurement analysed (``AnalysisFilter.design``); None: the study's outcome
    (baseline against end assessment), or the earlier design for a database holding only
    it. The tab has no control for it yet: the CLI's ``--design`` chooses."""

    def current_rule(self) -> str:
        """The pairing rule chosen."""
        return str(self.pairing_combo.currentData())

    @Slot()
    def _on_filter_changed(self) -> None:
        self.refresh()

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
        """Stop a running analysis (its result is not shown) and wait for its thread."""
        self._request += 1
        self._pool.waitForDone()

    @Slot(int, object)
    def _on_job_finished(self, request: int, summary: Summary) -> None:
        if request != self._request:
            return
        # Shown a part per turn of the event loop (the texts and tables first, then each
        # plot): all at once held the window still for seconds on 100,000 mothers. The
        # summary counts as shown (``self.summary``, ``summary_updated``) after the last.
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
    def _num(self, x: float | None, decimals: int = 2) -> str:
        return format_number(x, decimals, self.lang)

    def _category_label(self, category_id: str, *, short: bool = False) -> str:
        try:
            label = self.instrument.category_by_id(category_id).label
        except KeyError:
            return category_id
        shown, study = label.get(self.lang), label.get("id")
        if short or shown == study:
            return shown
        return f"{shown} ({study})"  # the study's own term too

    def _reason_label(self, code: str) -> str:
        return {
            "screened_out": self.tr("Screened out (mothers)"),
            "no_post_score": self.tr("No completed session with a post-score (mothers)"),
            "voided": self.tr("Voided sessions"),
            "interrupted": self.tr("Interrupted or incomplete sessions"),
            "aborted": self.tr("Aborted sessions"),
            "awaiting_post": self.tr("Sessions awaiting a post-score"),
            "missing_score": self.tr("Pairs with a missing score"),
        }.get(code, code)

    def _show_steps(self, s: Summary) -> list[Callable[[], None]]:
        """Showing ``s``, in parts that each take a moment."""
        return [
            lambda: self._show_texts(s),
            lambda: self._show_figures(s),
            *(self._build_next_plot_step for _ in self._plots_to_build),
            lambda: self.ensure_plots(),
            lambda: self._show_slope(s),
            lambda: self._show_differences(s),
            lambda: self._show_category_bars(s),
            self._settle_plots,
            # The tables now have their widths: they and the plots may no longer fit side
            # by side.
            self._fit_tables,
            self._place_plots,
        ]

    def _settle_plots(self) -> None:
        """The plots' texts at the interface's size (the legends too, made with the first
        drawing), their axes with room for their values."""
        self._style_plots()
        for plot in self.plots.values():
            if plot.isVisible():
                settle_plot(plot, plot.width(), plot.height())

    def _show_figures(self, s: Summary) -> None:
        self._show_characteristics(s)
        self._show_tests(s)
        self._show_dose(s)

    def _build_next_plot_step(self) -> None:
        if self._plots_to_build:
            self._build_plot(*self._plots_to_build.pop(0))

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
        self._show_excluded(s)
        self._show_descriptives(s)
        self._show_categories(s)

    def _show_excluded(self, s: Summary) -> None:
        rows = [
            [self._reason_label(k), format_number(v, 0, self.lang)]
            for k, v in s.all_excluded.items()
        ]
        if not rows:
            rows = [[self.tr("Nothing"), "0"]]
        if s.baseline_from_unfinished:
            rows.append(
                [
                    self.tr("Not left out: unfinished sessions whose pre-score is the baseline"),
                    format_number(s.baseline_from_unfinished, 0, self.lang),
                ]
            )
        self.models["excluded"].set_grid([self.tr("Reason"), self.tr("Count")], rows)

    def _desc_row(self, label: str, d: Descriptives) -> list[str]:
        n = self._num
        return [
            label,
            format_number(d.n, 0, self.lang),
            n(d.mean),
            n(d.sd),
            n(d.min),
            n(d.max),
            n(d.median),
            n(d.q1),
            n(d.q3),
        ]

    def _show_descriptives(self, s: Summary) -> None:
        a = s.analysis
        headers = [
            "",
            "N",
            self.tr("Mean"),
            self.tr("SD"),
            self.tr("Min"),
            self.tr("Max"),
            self.tr("Median"),
            self.tr("Q1"),
            self.tr("Q3"),
        ]
        self.models["descriptives"].set_grid(
            headers,
            [
                self._desc_row(self.tr("Before"), a.pre),
                self._desc_row(self.tr("After"), a.post),
                self._desc_row(self.tr("Difference (after − before)"), a.difference),
            ],
            gloss_lines=True,
        )

    def _percent(self, n: int, total: int) -> str:
        if total == 0:
            return "—"
        return f"{format_number(100.0 * n / total, 1, self.lang)} %"

    def _show_categories(self, s: Summary) -> None:
        c = s.analysis.categories
        total = s.analysis.n_pairs
        if c is None:
            self.models["categories"].set_grid([self.tr("Category")], [])
            self.models["crosstab"].set_grid([self.tr("Before \\ after")], [])
            return
        rows = [
            [
                self._category_label(x.id),
                str(x.pre),
                self._percent(x.pre, total),
                str(x.post),
                self._percent(x.post, total),
            ]
            for x in c.counts
        ]
        rows.append(
            [
                self.tr("Total"),
                str(total),
                self._percent(total, total),
                str(total),
                self._percent(total, total),
            ]
        )
        self.models["categories"].set_grid(
            [
                self.tr("Category"),
                self.tr("Before n"),
                self.tr("Before %"),
                self.tr("After n"),
                self.tr("After %"),
            ],
            rows,
            gloss_lines=True,
        )
        ids = [x.id for x in c.counts]
        grid = []
        for a_id in ids:
            counts = [c.moved(a_id, b_id) for b_id in ids]
            grid.append([self._category_label(a_id), *map(str, counts), str(sum(counts))])
        self.models["crosstab"].set_grid(
            [self.tr("Before \\ after"), *map(self._category_label, ids), self.tr("Total")],
            grid,
            gloss_lines=True,
        )

    def _show_characteristics(self, s: Summary) -> None:
        c = s.characteristics
        rows: list[list[str]] = []
        if c is not None:
            ages = {gid: label for gid, label, _lo, _hi in AGE_GROUPS}

            def add(title: str, items: Any, label: Callable[[str], str]) -> None:
                first = True
                for r in items:
                    pct = (
                        "—" if r.percent is None else f"{format_number(r.percent, 1, self.lang)} %"
                    )
                    rows.append([title if first else "", label(r.id), str(r.n), pct])
                    first = False

            def unknown_or(f: Callable[[str], str]) -> Callable[[str], str]:
                return lambda code: self.tr("Not recorded") if code == "unknown" else f(code)

            add(self.tr("Age (years)"), c.age, unknown_or(lambda g: ages.get(g, g)))
            add(self.tr("Occupation"), c.occupation, unknown_or(occupation_label))
            add(
                self.tr("Massage given by (most sessions)"),
                c.caregiver,
                unknown_or(caregiver_label),
            )
            add(self.tr("Site"), c.site, unknown_or(self._site_label))
        self.models["characteristics"].set_grid(
            [self.tr("Characteristic"), self.tr("Group"), "n", "%"], rows, label_columns=2
        )
        n = c.n_mothers if c is not None else 0
        self.captions["characteristics"].setText(
            "<b>" + self.tr("Mothers analysed (Tables 1–2), N = {n}").format(n=n) + "</b>"
        )

    def _site_label(self, code: str) -> str:
        """A puskesmas in a table: its name, and its code in brackets."""
        from oxytimer.ui.site_names import short_name

        name = self.site_names.get(code)
        return f"{short_name(name)} ({code})" if name else code

    def _show_tests(self, s: Summary) -> None:
        a = s.analysis
        w = a.wilcoxon
        lang = self.lang
        dash = "—"
        self.models["ranks"].set_grid(
            ["", "N", self.tr("Mean Rank"), self.tr("Sum of Ranks")],
            [
                [
                    self.tr("Negative Ranks (after < before)"),
                    str(w.negative_ranks.n),
                    self._num(w.negative_ranks.mean_rank),
                    self._num(w.negative_ranks.sum_ranks),
                ],
                [
                    self.tr("Positive Ranks (after > before)"),
                    str(w.positive_ranks.n),
                    self._num(w.positive_ranks.mean_rank),
                    self._num(w.positive_ranks.sum_ranks),
                ],
                [self.tr("Ties (after = before)"), str(w.ties), "", ""],
                [self.tr("Total"), str(w.total), "", ""],
            ],
            gloss_lines=True,  # SPSS's English terms with a gloss: two short lines
        )
        based = {
            "negative": self.tr("based on negative ranks"),
            "positive": self.tr("based on positive ranks"),
        }.get(w.based_on or "", "")
        reason = warning_text(w.note, lang) if w.note else self.tr("not computable")
        self.models["test_statistics"].set_grid(
            ["", self.tr("Value")],
            [
                [
                    "Z" + (f" ({based})" if based else ""),
                    self._num(w.z, 3) if w.z is not None else dash,
                ],
                [self.tr("Asymp. Sig. (2-tailed)"), format_p(w.p_asymptotic, lang)],
            ],
            gloss_lines=True,
        )
        self.captions["test_statistics"].setToolTip("" if w.z is not None else reason)
        method = {
            "exact": self.tr("exact"),
            "normal-cc": self.tr("normal approximation, continuity correction"),
        }.get(w.r_method or "", dash)
        hl = a.hodges_lehmann
        level = level_number(hl.ci_level or hl.confidence, lang)  # the interval's own level
        if hl.ci_low is not None and hl.ci_high is not None:
            ci = f"{self._num(hl.ci_low, 3)} {self.tr('to')} {self._num(hl.ci_high, 3)}"
        elif hl.note:
            ci = warning_text(hl.note, lang)
        else:
            ci = dash
        e = a.effect_size
        self.models["r_numbers"].set_grid(
            [self.tr("Figure"), self.tr("Value")],
            [
                [
                    self.tr("R's V (sum of positive ranks)"),
                    dash if w.v is None else r_statistic(w.v),
                ],
                [
                    self.tr("R's p-value ({method})").format(method=method),
                    format_p(w.p_r_default, lang),
                ],
                [self.tr("Exact p (where R uses it)"), format_p(w.p_exact, lang)],
                [self.tr("Hodges–Lehmann estimate of the change"), self._num(hl.estimate, 3)],
                [self.tr("{level} % confidence interval").format(level=level), ci],
                [self.tr("Effect size r = |Z|/√N (N = {n})").format(n=e.r_n), self._num(e.r)],
                [self.tr("Matched-pairs rank-biserial correlation"), self._num(e.rank_biserial)],
            ],
        )
        t, sw = a.paired_t, a.shapiro
        self.models["supplementary"].set_grid(
            [self.tr("Test"), self.tr("Statistic"), self.tr("df"), "p"],
            [
                [
                    self.tr("Paired t-test"),
                    dash if t.t is None else f"t = {self._num(t.t)}",
                    dash if t.df is None else str(t.df),
                    format_p(t.p, lang),
                ],
                [
                    self.tr("Shapiro–Wilk (differences)"),
                    dash if sw.w is None else f"W = {self._num(sw.w, 3)}",
                    "",
                    format_p(sw.p, lang),
                ],
            ],
        )

    def _show_dose(self, s: Summary) -> None:
        d = s.dose
        rows = []
        if d is not None:
            items = [
                (self.tr("Sessions"), d.sessions),
                (self.tr("Completed sessions"), d.completed),
                (self.tr("Massage minutes"), d.minutes),
            ]
            if d.adherence is not None:
                items.append((self.tr("Adherence (% of scheduled slots)"), d.adherence))
            for label, x in items:
                rows.append(
                    [
                        label,
                        str(x.n),
                        self._num(x.mean, 1),
                        self._num(x.sd, 1),
                        self._num(x.median, 1),
                        self._num(x.min, 1),
                        self._num(x.max, 1),
                    ]
                )
        self.models["dose"].set_grid(
            [
                self.tr("Per mother"),
                "N",
                self.tr("Mean"),
                self.tr("SD"),
                self.tr("Median"),
                self.tr("Min"),
                self.tr("Max"),
            ],
            rows,
        )

    @staticmethod
    def _pairs(s: Summary) -> list[tuple[float, float]]:
        return [
            (p, q) for p, q in zip(s.pre, s.post, strict=True) if p is not None and q is not None
        ]

    def _show_slope(self, s: Summary, plots: dict[str, Any] | None = None) -> None:
        """Draw a plot of the summary: the tab's own, or one of ``plots`` (the report's)."""
        import numpy as np

        import pyqtgraph as pg

        slope = (self.plots if plots is None else plots)["slope"]
        slope.clear()
        legend = slope.getPlotItem().legend or slope.addLegend(offset=(10, 10))
        legend.clear()
        combos = Counter(self._pairs(s)).most_common(400)
        biggest = max((c for _, c in combos), default=1)
        # The lines of one colour and (nearly) one weight are one item, drawn as separate
        # segments: 400 items, one per line, took seconds to add on an old laptop.
        groups: dict[tuple[tuple[int, int, int], int], list[float]] = {}
        for (pre, post), count in combos:
            colour = (
                (31, 119, 180) if post > pre else ((214, 39, 40) if post < pre else (120, 120, 120))
            )
            weight = max(1, round(LINE_WEIGHTS * count / biggest))
            groups.setdefault((colour, weight), []).extend((pre, post))
        for (colour, weight), ys in sorted(groups.items(), key=lambda g: g[0][1]):
            share = weight / LINE_WEIGHTS
            alpha = int(60 + 160 * share)
            lines = slope.plot(
                np.tile([0.0, 1.0], len(ys) // 2),
                np.asarray(ys, dtype=float),
                connect="pairs",
                pen=pg.mkPen((*colour, alpha), width=1 + 5 * share),
                # Hundreds of wide, see-through lines took 0.3–0.6 s to paint smoothed
                # (antialiased), at every repaint; 10–20 ms as they are.
                antialias=False,
            )
            lines.curve.setSegmentedLineMode("on")  # each its own line: drawLines
        a = s.analysis
        if a.pre.median is not None and a.post.median is not None:
            median = slope.plot(
                [0, 1],
                [a.pre.median, a.post.median],
                pen=pg.mkPen((0, 0, 0), width=4, style=Qt.PenStyle.DashLine),
                symbol="o",
                symbolBrush=(0, 0, 0),
            )
            legend.addItem(median, self.tr("Median"))
        slope.setXRange(-0.15, 1.15)

    def _show_differences(self, s: Summary, plots: dict[str, Any] | None = None) -> None:
        import numpy as np

        import pyqtgraph as pg

        hist = (self.plots if plots is None else plots)["differences"]
        hist.clear()
        diffs = np.asarray([q - p for p, q in self._pairs(s)], dtype=float)
        if diffs.size:
            values, counts = np.unique(np.round(diffs, 9), return_counts=True)
            if values.size > 30:
                counts, edges = np.histogram(diffs, bins=30)
                values = (edges[:-1] + edges[1:]) / 2
                width = float(edges[1] - edges[0])
            else:
                width = float(np.min(np.diff(values))) * 0.8 if values.size > 1 else 0.8
            hist.addItem(
                pg.BarGraphItem(x=values, height=counts, width=width, brush=(31, 119, 180, 200))
            )
        hist.addLine(x=0, pen=pg.mkPen((120, 120, 120), style=Qt.PenStyle.DotLine))

    def _show_category_bars(self, s: Summary, plots: dict[str, Any] | None = None) -> None:
        import numpy as np

        import pyqtgraph as pg

        bars = (self.plots if plots is None else plots)["categories"]
        bars.clear()
        c = s.analysis.categories
        if c is not None:
            xs = np.arange(len(c.counts), dtype=float)
            before = pg.BarGraphItem(
                x=xs - 0.18, height=[x.pre for x in c.counts], width=0.34, brush=(160, 160, 160)
            )
            after = pg.BarGraphItem(
                x=xs + 0.18, height=[x.post for x in c.counts], width=0.34, brush=(31, 119, 180)
            )
            bars.addItem(before)
            bars.addItem(after)
            labels = [(i, self._category_label(x.id, short=True)) for i, x in enumerate(c.counts)]
            bars.getAxis("bottom").setTicks([labels])
            legend = bars.getPlotItem().legend or bars.addLegend(offset=(-10, 10))
            legend.clear()
            legend.addItem(before, self.tr("Before"))
            legend.addItem(after, self.tr("After"))

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
        plots = {name: self._new_plot(None) for name in self.plot_titles}  # captioned
        self._label_plots(plots)
        self._show_slope(self.summary, plots)
        self._show_differences(self.summary, plots)
        self._show_category_bars(self.summary, plots)
        for plot in plots.values():
            style_plot(plot, text_pixels)
            plot.resize(width, height)
            settle_plot(plot, width, height)
        return plots

    def export_csv(self, path: Path) -> None:
        """Write the analysed pairs as CSV (UTF-8 with a byte-order mark, for Excel).

        Raises:
            RuntimeError: If no summary has been computed yet.
            OSError: If the file cannot be written.
        """
        from oxytimer.storage.export_files import private_file

        if self.summary is None:
            raise RuntimeError("no summary yet")
        with private_file(Path(path)) as temp:  # whole or not at all (a full disk)
            temp.write_text(pairs_csv_text(self.summary), encoding="utf-8-sig")

    def export_pdf(self, path: Path) -> int:
        """Write the PDF report; returns its number of pages.

        Raises:
            RuntimeError: If no summary has been computed yet.
            OSError: If the file cannot be written.
        """
        from oxytimer.ui.summary_report import build_report, write_pdf

        if self.summary is None:
            raise RuntimeError("no summary yet")
        return write_pdf(Path(path), build_report(self))

    @Slot()
    def _on_csv_button_clicked(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export the analysed pairs"),
            in_documents("pairs.csv"),
            self.tr("CSV files (*.csv)"),
        )
        if name and self._export(lambda: self.export_csv(Path(name))):
            from oxytimer.ui.confirmations import report_saved

            report_saved(self, Path(name), what="pairs")

    @Slot()
    def _on_pdf_button_clicked(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export the report"),
            in_documents("summary.pdf"),
            self.tr("PDF files (*.pdf)"),
        )
        if name and self._export(lambda: self.export_pdf(Path(name))):
            from oxytimer.ui.confirmations import report_saved

            report_saved(self, Path(name))

    def _export(self, action: Callable[[], object]) -> bool:
        """Run an export; whether it wrote its file (a failure is shown)."""
        try:
            action()
        except (OSError, RuntimeError) as error:
            QMessageBox.warning(
                self,
                self.tr("Export failed"),
                self.tr("The file could not be written: {error}").format(error=error),
            )
            return False
        return True
