"""The Summary's three plots: built a part per turn of the event loop, drawn, styled.

Each plot took 80–150 ms to build on a loaded laptop, the window unable to paint
meanwhile: a plot is built in two turns (its plot item, then the widget that shows it),
without context menus; drawing, styling and settling each plot are steps of their own
(:meth:`SummaryPlots.build_steps`, :meth:`SummaryPlots.show_steps`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QFont, QFontInfo, QFontMetrics, QImage, QPainter
from PySide6.QtWidgets import QVBoxLayout

from oxytimer.domain.summary import Summary

PLOT_MIN_WIDTH = 220
"""Width below which a plot's axes and legend crowd its data (pixels)."""
PLOT_MIN_HEIGHT = 220
"""Height below which a plot's title and axis labels no longer fit (pixels)."""
PLOT_MIN_LINES = 11
"""A plot's minimum height in lines of its text: title, axis, and room for the data."""
LINE_WEIGHTS = 5
"""How many weights (width and opacity) the slope plot's lines come in."""


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


def new_plot_item(title: str | None) -> Any:
    """A plot item without context menus (building them took a third of a plot's time)."""
    import pyqtgraph as pg

    pg.setConfigOptions(antialias=True, background="w", foreground="k")
    item = pg.PlotItem(title=title, enableMenu=False)
    item.setMenuEnabled(False)
    return item


def new_plot(title: str | None, item: Any = None, parent: Any = None) -> Any:
    """A plot widget showing ``item`` (a new one titled ``title`` if None); no mouse."""
    import pyqtgraph as pg

    plot = pg.PlotWidget(parent, plotItem=item if item is not None else new_plot_item(title))
    plot.setMouseEnabled(False, False)
    plot.hideButtons()
    return plot


def pair_arrays(s: Summary) -> tuple[Any, Any]:
    """The summary's complete pairs as two arrays (before, after), in their order.

    (NumPy, not a Python pair per unit: 100,000 tuples took a third of a second to make
    and to collect, the window unable to paint.)
    """
    import numpy as np

    pre = np.asarray(s.pre, dtype=float)  # (None becomes NaN)
    post = np.asarray(s.post, dtype=float)
    whole = ~(np.isnan(pre) | np.isnan(post))
    return pre[whole], post[whole]


def most_common_pairs(s: Summary, top: int) -> list[tuple[tuple[float, float], int]]:
    """The ``top`` most frequent (before, after) pairs with their counts, most frequent
    first (equal counts: in the order the pairs first appear)."""
    import numpy as np

    pre, post = pair_arrays(s)
    if not pre.size:
        return []
    # Each pair as one complex number (before + after·i), sorted as the pairs are: ten
    # times faster than unique rows (np.unique's axis=0), 0.14 s at 100,000 mothers.
    values, first, counts = np.unique(pre + 1j * post, return_index=True, return_counts=True)
    order = np.lexsort((first, -counts))[:top]
    return [((float(values[i].real), float(values[i].imag)), int(counts[i])) for i in order]


class SummaryPlots(QObject):
    """The plots of the Summary tab (and of its report), and how each is drawn.

    Args:
        layout: Where the tab's plots go.
        category_label: A category's label by its id (``short=True`` for a plot).

    Signals:
        plot_added(object): A plot joined the tab's layout.
    """

    plot_added = Signal(object)

    def __init__(
        self,
        layout: QVBoxLayout,
        category_label: Callable[..., str],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.layout = layout
        self.category_label = category_label
        self.titles = {
            # The dashed median line is named in the plot's legend: a title that said so
            # was too long for the plot on a 1024-pixel screen.
            "slope": self.tr("Each mother: before → after"),
            "differences": self.tr("Change in score (after − before)"),
            "categories": self.tr("Categories before and after"),
        }
        self.plots: dict[str, Any] = {}
        self._items: dict[str, Any] = {}
        self.finished = False
        """Every plot built, labelled and styled."""

    # ------------------------------------------------------------------ building
    def build_steps(self) -> list[Callable[[], None]]:
        """Building the plots not yet built, a part per step (each item, then its widget)."""
        steps: list[Callable[[], None]] = []
        for name, title in self.titles.items():
            if name not in self.plots:
                if name not in self._items:
                    steps.append(lambda n=name, t=title: self._build_item(n, t))
                steps.append(lambda n=name: self._build_widget(n))
        return steps

    def _build_item(self, name: str, title: str) -> None:
        if name not in self._items and name not in self.plots:
            self._items[name] = new_plot_item(title)

    def _build_widget(self, name: str) -> None:
        if name in self.plots:
            return
        self._build_item(name, self.titles[name])
        plot = new_plot(None, self._items.pop(name), self.layout.parentWidget())
        plot.setMinimumSize(PLOT_MIN_WIDTH, PLOT_MIN_HEIGHT)
        # Hidden until it has something to show: painting empty axes took 0.1–0.4 s per
        # plot on a loaded laptop, for nothing.
        plot.hide()
        self.plots[name] = plot
        self.layout.addWidget(plot, 1)
        self.plot_added.emit(plot)

    def ensure(self) -> None:
        """Build the plots not yet built, now; label and style them."""
        for step in self.build_steps():
            step()
        if self.finished:
            return
        self.finished = True
        self.label(self.plots)
        self.style_all()

    def label(self, plots: dict[str, Any]) -> None:
        slope = plots["slope"]
        slope.getAxis("bottom").setTicks([[(0, self.tr("Before")), (1, self.tr("After"))]])
        slope.setLabel("left", self.tr("Score"))
        plots["differences"].setLabel("left", self.tr("Pairs"))
        plots["categories"].setLabel("left", self.tr("Pairs"))

    def style_all(self) -> None:
        """The plots' texts as tall as the interface's (the text size chosen in Settings);
        their minimum height grows with them so that the axes keep their room."""
        if self.finished:
            for plot in self.plots.values():
                self.style(plot)

    @staticmethod
    def style(plot: Any) -> None:
        pixels = QFontInfo(plot.font()).pixelSize()  # the style sheet's text size
        style_plot(plot, pixels)
        plot.setMinimumHeight(max(PLOT_MIN_HEIGHT, PLOT_MIN_LINES * pixels))
        # As wide as its title (which the plot would cut), and some room around it.
        title = plot.getPlotItem().titleLabel.item.boundingRect().width()
        plot.setMinimumWidth(max(PLOT_MIN_WIDTH, round(title) + 4 * pixels))

    # ------------------------------------------------------------------ showing
    def show_steps(self, s: Summary) -> list[Callable[[], None]]:
        """Showing ``s`` in the tab's plots: for each, drawing it, showing it, settling it
        (a step each: the first painting of a plot is a step of its own)."""
        steps: list[Callable[[], None]] = [*self.build_steps(), self.ensure]
        for name, draw in (
            ("slope", self.draw_slope),
            ("differences", self.draw_differences),
            ("categories", self.draw_categories),
        ):
            steps += [
                lambda d=draw: d(s),
                lambda n=name: self.plots[n].show(),
                lambda n=name: self.settle(n),
            ]
        return steps

    def settle(self, name: str) -> None:
        """A plot's texts at the interface's size (the legends too, made with the first
        drawing), its axes with room for their values."""
        plot = self.plots[name]
        self.style(plot)
        if plot.isVisible():
            settle_plot(plot, plot.width(), plot.height())

    def draw_slope(self, s: Summary, plots: dict[str, Any] | None = None) -> None:
        """Draw a plot of the summary: the tab's own, or one of ``plots`` (the report's)."""
        import numpy as np

        import pyqtgraph as pg

        slope = (self.plots if plots is None else plots)["slope"]
        slope.clear()
        legend = slope.getPlotItem().legend or slope.addLegend(offset=(10, 10))
        legend.clear()
        combos = most_common_pairs(s, 400)
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

    def draw_differences(self, s: Summary, plots: dict[str, Any] | None = None) -> None:
        import numpy as np

        import pyqtgraph as pg

        hist = (self.plots if plots is None else plots)["differences"]
        hist.clear()
        pre, post = pair_arrays(s)
        diffs = post - pre
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

    def draw_categories(self, s: Summary, plots: dict[str, Any] | None = None) -> None:
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
            labels = [(i, self.category_label(x.id, short=True)) for i, x in enumerate(c.counts)]
            bars.getAxis("bottom").setTicks([labels])
            legend = bars.getPlotItem().legend or bars.addLegend(offset=(-10, 10))
            legend.clear()
            legend.addItem(before, self.tr("Before"))
            legend.addItem(after, self.tr("After"))

    def report_plots(self, s: Summary, width: int, height: int, text_pixels: int) -> dict[str, Any]:
        """New plots of ``s`` for the report, laid out at ``width`` x ``height`` with texts
        ``text_pixels`` tall, never shown (the tab's own stay as they are)."""
        plots = {name: new_plot(title) for name, title in self.titles.items()}  # captioned
        self.label(plots)
        self.draw_slope(s, plots)
        self.draw_differences(s, plots)
        self.draw_categories(s, plots)
        for plot in plots.values():
            style_plot(plot, text_pixels)
            plot.resize(width, height)
            settle_plot(plot, width, height)
        return plots
