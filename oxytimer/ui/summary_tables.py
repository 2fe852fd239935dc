"""The Summary's tables: the paired test, the scores, the mothers and dose.

:class:`SummaryTables` holds the tables' models, their captions and the tab widget of
their three pages (the tables built one per turn of the event loop: :meth:`build_steps`), and
fills each table from a summary (:meth:`show_steps`: a table or two per step, each
table fitting its contents as it is filled).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from oxytimer.domain.instrument import Instrument
from oxytimer.domain.report import format_number, format_p, level_number, r_statistic
from oxytimer.domain.stats import Descriptives, warning_text
from oxytimer.domain.summary import AGE_GROUPS, Summary
from oxytimer.ui.labels import caregiver_label, occupation_label
from oxytimer.ui.summary_models import GridModel
from oxytimer.ui.summary_widgets import FitTable
from oxytimer.ui.widgets import tab_home

TABLES = (
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


class SummaryTables(QObject):
    """The tables of the Summary tab, on the pages of :attr:`pages`.

    Args:
        instrument: The scoring instrument (its categories' labels).
        lang: The interface's language (numbers' decimal mark, labels).
        site_names: Puskesmas names by code (filled when the filters' choices arrive).

    Signals:
        table_added: A table joined its page (the tables' widths are set then).
    """

    table_added = Signal()

    def __init__(
        self,
        instrument: Instrument,
        lang: str,
        site_names: dict[str, str],
        parent: QObject | None = None,
        home: QWidget | None = None,
    ) -> None:
        """``home``: the widget that shows the tables' tabs (they are made in it)."""
        super().__init__(parent)
        self.instrument = instrument
        self.lang = lang
        self.site_names = site_names
        self.models: dict[str, GridModel] = {name: GridModel(self) for name in TABLES}
        self.captions: dict[str, QLabel] = {}
        self.pages = QTabWidget(home)
        self._boxes: dict[str, QVBoxLayout] = {}
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
        self._to_build = [name for name in self._boxes]
        """The tables not built yet (each took 20–40 ms on a loaded laptop)."""

    # ------------------------------------------------------------------ building
    def build_steps(self) -> list[Callable[[], None]]:
        """Building the tables not yet built, one per step."""
        return [self.build_next for _ in self._to_build]

    def build_next(self) -> None:
        """Build the next table, under its caption (nothing when all are built)."""
        if not self._to_build:
            return
        name = self._to_build.pop(0)
        box = self._boxes[name]
        table = FitTable(self.models[name], box.parentWidget())
        box.insertWidget(box.indexOf(self.captions[name]) + 1, table)
        self.table_added.emit()

    def ensure(self) -> None:
        """Build the tables not yet built, now."""
        while self._to_build:
            self.build_next()

    def _page(self, tables: list[tuple[str, str]]) -> QWidget:
        """A tab's captions, their tables to come (the whole Summary scrolls, not a tab)."""
        page = QWidget(tab_home(self.pages))
        box = QVBoxLayout(page)
        for name, caption in tables:
            label = QLabel(f"<b>{caption}</b>", page)
            self.captions[name] = label
            self._boxes[name] = box
            box.addWidget(label)
        box.addStretch(1)
        return page

    # ------------------------------------------------------------------ showing
    def show_steps(self, s: Summary) -> list[Callable[[], None]]:
        """Filling every table from ``s``, a table or two per step."""
        return [
            *self.build_steps(),
            lambda: self._show_excluded(s),
            lambda: self._show_descriptives(s),
            lambda: self._show_categories(s),
            lambda: self._show_characteristics(s),
            lambda: self.show_tests(s),
            lambda: self._show_dose(s),
        ]

    def _num(self, x: float | None, decimals: int = 2) -> str:
        return format_number(x, decimals, self.lang)

    def category_label(self, category_id: str, *, short: bool = False) -> str:
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
                self.category_label(x.id),
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
            grid.append([self.category_label(a_id), *map(str, counts), str(sum(counts))])
        self.models["crosstab"].set_grid(
            [self.tr("Before \\ after"), *map(self.category_label, ids), self.tr("Total")],
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

    def show_tests(self, s: Summary) -> None:
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
            to = self.tr("to")  # (outside the f-string, where lupdate finds it)
            ci = f"{self._num(hl.ci_low, 3)} {to} {self._num(hl.ci_high, 3)}"
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
