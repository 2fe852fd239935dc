"""The mothers' registry: the list with statuses and flow counts, and the enrolment form.

The form screens the mother against the eligibility criteria (in the current language)
and records her as enrolled or screened out. Every problem is shown next to its field
and nothing is written until there are none.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QMouseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from oxytimer.domain.clock import Clock, parse_utc
from oxytimer.domain.eligibility import Criteria, answers_from_form
from oxytimer.domain.records import (
    DeliveryType,
    InputError,
    MotherStatus,
    Occupation,
    Parity,
)
from oxytimer.domain.registry import Enrolment, FlowCounts, RegistryEntry
from oxytimer.storage.reading import flow_counts, registry_page
from oxytimer.storage.repository import Repository, StorageError
from oxytimer.ui.dialogs import (
    AddSiteDialog,
    OperatorDialog,
    ReasonDialog,
    date_edit,
    from_qdate,
    to_qdate,
)
from oxytimer.ui.labels import (
    delivery_type_label,
    format_date,
    mother_status_label,
    occupation_label,
    parity_label,
)
from oxytimer.ui.messages import input_error_text, storage_error_text
from oxytimer.ui.models import PagedTableModel
from oxytimer.ui.settings import Settings
from oxytimer.ui.site_names import SiteNames
from oxytimer.ui.widgets import ChoiceButtons, ErrorLabel, WrapGridLayout, read_only_table
from oxytimer.ui.workers import Task, read_task

SEARCH_DELAY_MS = 250
"""The list is searched once typing pauses this long."""

SORT_BY_COLUMN = ("code", "code", "status", "age", "since")
"""The registry's sort (storage.reading.REGISTRY_SORTS) behind each column's header."""


class FormScrollArea(QScrollArea):
    """Scrolls the form up and down; never narrower than the form (no sideways scrolling)."""

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        widget = self.widget()
        if widget is None:
            return hint
        width = (
            widget.minimumSizeHint().width()
            + self.verticalScrollBar().sizeHint().width()
            + 2 * self.frameWidth()
        )
        return QSize(max(hint.width(), width), hint.height())


class FittedTable(QTableView):
    """A table whose columns are as wide as their contents, all inside the table if they
    fit (``stretch_column`` then takes the room left); if they do not, none is cut or
    squeezed: the table scrolls sideways (a narrow screen)."""

    def __init__(self, stretch_column: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stretch_column = stretch_column
        self.setWordWrap(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Sized to the rows in view, not to every row read (a page of 100 or more at a
        # time): each pass over them asked the model for each cell's text, font, colour...
        header.setResizeContentsPrecision(0)

    def setModel(self, model: Any) -> None:
        super().setModel(model)
        model.modelReset.connect(self.fit_columns)
        model.rowsInserted.connect(self._on_model_rows_changed)  # a page more (paged)
        model.dataChanged.connect(self._on_model_rows_changed)
        model.layoutChanged.connect(self.fit_columns)
        model.headerDataChanged.connect(self.fit_columns)
        self.fit_columns()

    @Slot()
    def _on_model_rows_changed(self) -> None:
        # New rows do not resize the columns to their contents by themselves (a reset
        # does): resize them, then fit.
        self.horizontalHeader().resizeSections(QHeaderView.ResizeMode.ResizeToContents)
        self.fit_columns()

    def needed_width(self) -> int:
        header = self.horizontalHeader()
        # The other columns are sized to their contents already (ResizeToContents): only
        # the stretched one's contents are measured (each cell measured asks the model,
        # in Python, for its text, font and more).
        stretched = self.stretch_column
        return sum(
            header.sectionSize(column)
            if column != stretched
            else max(self.sizeHintForColumn(column), header.sectionSizeHint(column))
            for column in range(header.count())
        )

    @Slot()
    def fit_columns(self) -> None:
        header = self.horizontalHeader()
        if self.stretch_column >= header.count():
            return
        fits = self.needed_width() <= self.viewport().width()
        mode = QHeaderView.ResizeMode.Stretch if fits else QHeaderView.ResizeMode.ResizeToContents
        if header.sectionResizeMode(self.stretch_column) != mode:
            header.setSectionResizeMode(self.stretch_column, mode)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self.fit_columns()


class ClickableLabel(QLabel):
    """A label that says it was clicked (the words of a check box beside it).

    Signals:
        clicked(): the label was clicked.
    """

    clicked = Signal()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.clicked.emit()


class TwoColumns(QWidget):
    """Two widgets side by side when each gets a readable width, else one above the other."""

    CHARS_PER_COLUMN = 36
    """A column is readable from this many average characters (a question on two lines)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.parts: tuple[QWidget, ...] = ()
        self.box = QBoxLayout(QBoxLayout.Direction.TopToBottom, self)
        self.box.setContentsMargins(0, 0, 0, 0)

    def set_columns(self, first: QWidget, second: QWidget) -> None:
        """Show ``first`` and ``second`` (made with this widget as their parent)."""
        self.parts = (first, second)
        self.box.addWidget(first, 1, Qt.AlignmentFlag.AlignTop)
        self.box.addWidget(second, 1, Qt.AlignmentFlag.AlignTop)

    def column_width(self) -> int:
        return max(
            [part.minimumSizeHint().width() for part in self.parts]
            + [self.CHARS_PER_COLUMN * self.fontMetrics().averageCharWidth()]
        )

    def side_by_side(self) -> bool:
        return self.box.direction() == QBoxLayout.Direction.LeftToRight

    def resizeEvent(self, event: QResizeEvent) -> None:
        wide = self.width() >= 2 * self.column_width() + self.box.spacing()
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self.box.direction() != direction:
            self.box.setDirection(direction)
        super().resizeEvent(event)


class EnrolmentForm(QWidget):
    """The enrolment fields and the screening checklist; no logic beyond reading them."""

    def __init__(self, criteria: Criteria, lang: str, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.criteria = criteria
        self.errors: dict[str, ErrorLabel] = {}
        # Each widget is made in the one that shows it (a move restyles it): her details
        # and consent in the left column, the screening in the right one.
        self.columns = TwoColumns(self)
        left = QWidget(self.columns)
        details = QWidget(left)
        consent = QWidget(left)

        def error(field: str, parent: QWidget) -> ErrorLabel:
            label = ErrorLabel(parent)
            self.errors[field] = label
            return label

        self.site_combo = QComboBox(details)
        self.site_combo.setAccessibleName(self.tr("Puskesmas"))
        self.site_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.site_combo.setMinimumContentsLength(12)
        self.add_site_button = QPushButton(self.tr("Add puskesmas…"), details)
        self.add_site_button.setAccessibleName(self.tr("Add a puskesmas"))
        self.code_edit = QLineEdit(details)
        self.code_edit.setAccessibleName(self.tr("Study code"))
        self.name_edit = QLineEdit(details)
        self.name_edit.setAccessibleName(self.tr("Name (optional, identifying)"))
        self.name_edit.setPlaceholderText(self.tr("Optional — identifying, not exported"))
        self.age_edit = QLineEdit(details)
        self.age_edit.setAccessibleName(self.tr("Age in years"))
        self.age_edit.setMaximumWidth(120)
        self.occupation_combo = QComboBox(details)
        self.occupation_combo.setAccessibleName(self.tr("Occupation"))
        self.occupation_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.occupation_combo.setMinimumContentsLength(12)
        self.occupation_combo.addItem(self.tr("Choose…"), "")
        for occupation in Occupation:
            self.occupation_combo.addItem(occupation_label(occupation.value), occupation.value)
        self.parity = ChoiceButtons(
            [(p.value, parity_label(p.value)) for p in Parity], details, wrap=True
        )
        self.parity.setAccessibleName(self.tr("Parity"))
        self.delivery_date = date_edit(today, details)
        self.delivery_date.setAccessibleName(self.tr("Delivery date"))
        self.delivery_type = ChoiceButtons(
            [(d.value, delivery_type_label(d.value)) for d in DeliveryType], details, wrap=True
        )
        self.delivery_type.setAccessibleName(self.tr("Type of delivery"))
        self.husband = ChoiceButtons([("yes", self.tr("Yes")), ("no", self.tr("No"))], details)
        self.husband.setAccessibleName(self.tr("Lives with her husband"))
        self.consent = QCheckBox(self.tr("She gave informed consent"), consent)
        self.consent_date = date_edit(today, consent)
        self.consent_date.setAccessibleName(self.tr("Date of consent"))

        site_row = WrapGridLayout()  # the button goes under the list when narrow
        site_row.addWidget(self.site_combo)
        site_row.addWidget(self.add_site_button)
        # Large, the one box that must not be missed; its words wrap (any text size) and
        # clicking them ticks it too.
        self.consent.setText("")
        self.consent.setObjectName("consent")
        self.consent.setAccessibleName(self.tr("She gave informed consent"))
        self.consent_text = ClickableLabel(self.tr("She gave informed consent"), consent)
        self.consent_text.setObjectName("consentText")
        self.consent_text.setWordWrap(True)
        self.consent_text.setBuddy(self.consent)
        self.consent_text.clicked.connect(self.consent.toggle)
        consent_row = QHBoxLayout()
        consent_row.addWidget(self.consent)
        consent_row.addWidget(self.consent_text, 1)

        def form_of(widget: QWidget, rows: tuple[tuple[str, QWidget | QLayout, str], ...]) -> None:
            form = QFormLayout(widget)
            form.setContentsMargins(0, 0, 0, 0)
            # On a narrow screen a wide field goes under its label instead of being cut.
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
            for label, field_widget, field in rows:
                form.addRow(label, field_widget)
                form.addRow("", error(field, widget))

        # Who she is, and her delivery: one column beside the screening when there is room.
        form_of(
            details,
            (
                (self.tr("Puskesmas"), site_row, "site"),
                (self.tr("Study code"), self.code_edit, "study_code"),
                (self.tr("Name (optional)"), self.name_edit, "name"),
                (self.tr("Age (years)"), self.age_edit, "age"),
                (self.tr("Occupation"), self.occupation_combo, "occupation"),
                (self.tr("Parity"), self.parity, "parity"),
                (self.tr("Delivery date"), self.delivery_date, "delivery_date"),
                (self.tr("Type of delivery"), self.delivery_type, "delivery_type"),
                (self.tr("Lives with husband"), self.husband, "lives_with_husband"),
            ),
        )
        form_of(
            consent,
            (
                (self.tr("Consent"), consent_row, "consent"),
                (self.tr("Date of consent"), self.consent_date, "consent_date"),
            ),
        )

        self.screening_box = QGroupBox(self.tr("Screening"), self.columns)
        grid = QGridLayout(self.screening_box)
        # The questions take the width; Yes and No only what they need (fewer lines).
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 0)
        self.answers: dict[str, ChoiceButtons] = {}
        self.question_labels: dict[str, QLabel] = {}
        self.from_form: set[str] = set()
        """The screening questions the form's answers above have answered."""
        row = 0
        for kind, heading in (
            ("inclusion", self.tr("Inclusion — every answer must be yes")),
            ("exclusion", self.tr("Exclusion — every answer must be no")),
        ):
            title = QLabel(heading, self.screening_box)
            title.setObjectName("question")
            title.setWordWrap(True)
            grid.addWidget(title, row, 0, 1, 2)
            row += 1
            for criterion in getattr(criteria, kind):
                text = QLabel(criterion.text.get(lang), self.screening_box)
                text.setWordWrap(True)
                choice = ChoiceButtons(
                    [("yes", self.tr("Yes")), ("no", self.tr("No"))], self.screening_box
                )
                choice.setAccessibleName(criterion.text.get(lang))
                grid.addWidget(text, row, 0)
                grid.addWidget(choice, row, 1)
                self.answers[criterion.id] = choice
                self.question_labels[criterion.id] = text
                row += 1
        self.question_texts = {c.id: c.text.get(lang) for c in criteria.all}
        grid.addWidget(error("screening", self.screening_box), row, 0, 1, 2)
        self.version_label = QLabel(
            self.tr("Criteria version {version}").format(version=criteria.version),
            self.screening_box,
        )
        grid.addWidget(self.version_label, row + 1, 0, 1, 2)

        self.save_button = QPushButton(self.tr("Screen and record"), self)
        self.save_button.setObjectName("primary")
        self.save_button.setAccessibleName(self.tr("Screen and record"))
        self.general_error = error("general", self)
        self.general_error.reserve_room()  # above the Save button: nothing moves
        self.result_label = QLabel(self)
        self.result_label.setObjectName("todayStatus")
        self.result_label.setWordWrap(True)
        # Her details and consent beside the screening questions (the two about as tall).
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(details)
        left_layout.addWidget(consent)
        self.columns.set_columns(left, self.screening_box)
        layout = QVBoxLayout(self)
        layout.addWidget(self.columns)
        layout.addWidget(self.general_error)
        layout.addWidget(self.save_button)
        layout.addWidget(self.result_label)
        layout.addStretch(1)
        for choice in (self.parity, self.delivery_type, self.husband):
            choice.choice_changed.connect(self._on_form_answer_changed)

    @Slot()
    def _on_form_answer_changed(self) -> None:
        """Answer the screening questions the form has just answered (still changeable)."""
        implied = answers_from_form(
            {
                "parity": self.parity.value(),
                "delivery_type": self.delivery_type.value(),
                "lives_with_husband": self.husband.value(),
            }
        )
        for criterion_id, answer in implied.items():
            choice = self.answers.get(criterion_id)
            if choice is None:
                continue  # a site's own criteria without this question
            if answer is None:
                if criterion_id in self.from_form:  # no longer implied: for her to answer
                    choice.set_value(None)
                    self.from_form.discard(criterion_id)
            else:
                choice.set_value("yes" if answer else "no")
                self.from_form.add(criterion_id)
            self._mark_from_form(criterion_id)

    def _mark_from_form(self, criterion_id: str) -> None:
        label = self.question_labels[criterion_id]
        text = self.question_texts[criterion_id]
        if criterion_id in self.from_form:
            text += "\n" + self.tr("(answered above; change it here if it is wrong)")
        label.setText(text)

    def enrolment(self) -> tuple[Enrolment, list[InputError]]:
        """The typed values, and the problems found while reading them (e.g. age "abc")."""
        problems = []
        age: int | None = None
        age_text = self.age_edit.text().strip()
        if age_text:
            try:
                age = int(age_text)
            except ValueError:
                problems.append(InputError("age", "not_a_number"))
        husband = self.husband.value()
        enrolment = Enrolment(
            site_id=self.site_combo.currentData() or "",
            study_code=self.code_edit.text(),
            age=age,
            occupation=self.occupation_combo.currentData() or None,
            parity=self.parity.value(),
            delivery_date=from_qdate(self.delivery_date.date()),
            delivery_type=self.delivery_type.value(),
            lives_with_husband=None if husband is None else husband == "yes",
            consent=self.consent.isChecked(),
            consent_date=from_qdate(self.consent_date.date()),
            name=self.name_edit.text().strip() or None,
        )
        return enrolment, problems

    def screening_answers(self) -> dict[str, bool | None]:
        out: dict[str, bool | None] = {}
        for criterion_id, choice in self.answers.items():
            value = choice.value()
            out[criterion_id] = None if value is None else value == "yes"
        return out

    def show_problems(self, problems: list[InputError]) -> None:
        for label in self.errors.values():
            label.show_message("")
        for problem in problems:
            target = self.errors.get(problem.field, self.general_error)
            if not target.text():
                target.show_message(input_error_text(problem))

    def reset(self, today: date) -> None:
        self.code_edit.clear()
        self.name_edit.clear()
        self.age_edit.clear()
        self.occupation_combo.setCurrentIndex(0)
        for choice in (self.parity, self.delivery_type, self.husband, *self.answers.values()):
            choice.set_value(None)
        self.from_form.clear()
        for criterion_id in self.answers:
            self._mark_from_form(criterion_id)
        self.delivery_date.setDate(to_qdate(today))
        self.consent_date.setDate(to_qdate(today))
        self.consent.setChecked(False)


class RegistryView(QWidget):
    """The registry tab.

    Signals:
        registry_changed(): a mother or a site was added or changed; others refresh.
        history_requested(str): show this mother's history.
    """

    registry_changed = Signal()
    history_requested = Signal(str)
    mother_enrolled = Signal(str)

    STATUS_COLUMN = 2

    def __init__(
        self,
        repo: Repository,
        criteria: Criteria,
        clock: Clock,
        settings: Settings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.repo = repo
        self.criteria = criteria
        self.clock = clock
        self.settings = settings
        self.lang = settings.language
        self.dialog: ReasonDialog | AddSiteDialog | OperatorDialog | None = None
        self._suggested_code = ""

        self.title = QLabel(self.tr("Mothers' registry"), self)
        self.title.setObjectName("pageTitle")
        self.operator_label = QLabel(self)
        self.operator_button = QPushButton(self.tr("Change…"), self)
        self.operator_button.setAccessibleName(self.tr("Change the operator's name"))
        # The list and the form each on the whole width, one at a time: beside the form
        # the list showed two rows at 20 pt on 1024x600, and the form needed one column.
        # Each widget is made in the widget that shows it (a move restyles it).
        self.pages = QStackedWidget(self)
        self.list_panel = QWidget(self.pages)
        self.flow_label = QLabel(self.list_panel)
        self.flow_label.setObjectName("flowCounts")
        self.flow_label.setWordWrap(True)
        # The list is read a page at a time off the GUI thread, searched and sorted in
        # SQL (storage/reading.py); a cell's tooltip is its whole text.
        self.search_edit = QLineEdit(self.list_panel)
        self.search_edit.setPlaceholderText(self.tr("Search: study code or puskesmas"))
        self.search_edit.setAccessibleName(self.tr("Search the registry"))
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._sort = ("code", False)
        self._pending_select: str | None = None
        self.sites = SiteNames(repo)  # the puskesmas by name, the code in the tooltip
        self.model: PagedTableModel[RegistryEntry] = PagedTableModel(
            [
                (lambda: self.tr("Study code"), lambda m: m.study_code),
                (lambda: self.tr("Puskesmas"), lambda m: self.sites.name(m.site_code)),
                (lambda: self.tr("Status"), self._status_text),
                (lambda: self.tr("Age"), lambda m: m.age),
                (lambda: self.tr("Since"), self._since_text),
            ],
            repo,
            lambda reader, offset, limit: registry_page(reader, offset=offset, limit=limit),
            self,
            tooltips=True,
            key=lambda m: m.id,
        )
        self.model.sorter = self._on_model_sort
        self.model.set_tooltip(1, lambda m: self.sites.full(m.site_code))
        self.flow_task: Task | None = None
        self.table = FittedTable(self.STATUS_COLUMN, self.list_panel)
        read_only_table(self.table, self.model, self.tr("Mothers"), columns=None)
        # A header's click sorts (in SQL); the arrow shows once the user has sorted (it
        # widens its column: the default order, by code, goes without it).
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.horizontalHeader().setSortIndicatorShown(False)
        self.enrol_button = QPushButton(self.tr("Enrol a mother…"), self.list_panel)
        self.enrol_button.setObjectName("primary")
        self.withdraw_button = QPushButton(self.tr("Withdraw…"), self.list_panel)
        self.close_button = QPushButton(self.tr("Close follow-up…"), self.list_panel)
        self.history_button = QPushButton(self.tr("History"), self.list_panel)
        self.list_error = ErrorLabel(self.list_panel)  # the list above gives it room
        self.form_box = QGroupBox(self.tr("Screen and enrol a mother"), self.pages)
        self.list_button = QPushButton(self.tr("Show the list of mothers"), self.form_box)
        self._form_scroll = FormScrollArea(self.form_box)
        self._form_scroll.setWidgetResizable(True)
        self._form_scroll.setFrameShape(QFrame.Shape.NoFrame)  # sideways only if it cannot fit
        # The form (160 widgets) is built when first needed, not with the list: each
        # alone keeps the window painting (together 0.2–0.4 s on a loaded laptop).
        self._form: EnrolmentForm | None = None
        self._sites: list[dict[str, str]] = []  # as last read (the form's list)
        box_layout = QVBoxLayout(self.form_box)
        box_layout.addWidget(self.list_button)
        box_layout.addWidget(self._form_scroll)

        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.operator_label)
        header.addWidget(self.operator_button)
        # The buttons in a column beside the list: height is what a small screen lacks
        # (a row of buttons under the list left it two rows at 20 pt on 1024x600).
        buttons = QVBoxLayout()
        buttons.addWidget(self.enrol_button)
        buttons.addStretch(1)
        buttons.addWidget(self.history_button)
        buttons.addWidget(self.withdraw_button)
        buttons.addWidget(self.close_button)
        table_and_buttons = QHBoxLayout()
        table_and_buttons.addWidget(self.table, 1)
        table_and_buttons.addLayout(buttons)
        left = QVBoxLayout(self.list_panel)
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self.flow_label)
        left.addWidget(self.search_edit)
        left.addLayout(table_and_buttons, 1)
        left.addWidget(self.list_error)
        self.pages.addWidget(self.list_panel)
        self.pages.addWidget(self.form_box)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.pages, 1)
        self._connect_signals()
        self.refresh()

    @property
    def form(self) -> EnrolmentForm:
        """The enrolment form (built now if it was not yet)."""
        if self._form is None:
            self._build_form()
        assert self._form is not None
        return self._form

    def _build_form(self) -> None:
        scroll = self._form_scroll
        form = EnrolmentForm(self.criteria, self.lang, self._today(), scroll.viewport())
        self._form = form
        scroll.setWidget(form)
        form.save_button.clicked.connect(self._on_save_button_clicked)
        form.site_combo.currentIndexChanged.connect(self._on_site_combo_changed)
        form.add_site_button.clicked.connect(self._on_add_site_button_clicked)
        self._fill_site_combo()

    def show_form(self, shown: bool) -> None:
        """Show the enrolment form (on the whole width) or the list of mothers."""
        self.pages.setCurrentWidget(self.form_box if shown else self.list_panel)

    def form_shown(self) -> bool:
        return self.pages.currentWidget() is self.form_box

    @Slot()
    def _on_enrol_button_clicked(self) -> None:
        self.start_enrolment()

    @Slot()
    def _on_list_button_clicked(self) -> None:
        self.show_form(False)
        self.table.setFocus()

    def _connect_signals(self) -> None:
        self.search_edit.textChanged.connect(self._search_timer.start)
        self._search_timer.timeout.connect(self._on_search_timer_timeout)
        self.model.loaded.connect(self._on_model_loaded)
        self.withdraw_button.clicked.connect(self._on_withdraw_button_clicked)
        self.close_button.clicked.connect(self._on_close_button_clicked)
        self.history_button.clicked.connect(self._on_history_button_clicked)
        self.table.doubleClicked.connect(self._on_history_button_clicked)
        self.operator_button.clicked.connect(self._on_operator_button_clicked)
        self.enrol_button.clicked.connect(self._on_enrol_button_clicked)
        self.list_button.clicked.connect(self._on_list_button_clicked)

    # ---------------------------------------------------------------- display
    def _today(self) -> date:
        return self.clock.now_utc().astimezone().date()

    def _status_text(self, entry: RegistryEntry) -> str:
        text = mother_status_label(entry.status)
        if entry.locked:
            text += " · " + self.tr("locked")
        return text

    def _since_text(self, entry: RegistryEntry) -> str:
        if entry.status_date and entry.status != MotherStatus.ENROLLED:
            return format_date(date.fromisoformat(entry.status_date))
        return format_date(parse_utc(entry.enrolled_at).astimezone().date())

    # ----------------------------------------------------------- the list
    def _capture_fetch(self) -> None:
        search, (sort, descending) = self.search_edit.text(), self._sort

        def fetch(reader: Repository, offset: int, limit: int) -> list[RegistryEntry]:
            return registry_page(
                reader, search=search, sort=sort, descending=descending, offset=offset, limit=limit
            )

        self.model.set_fetch(fetch)

    def _on_model_sort(self, column: int, order: Qt.SortOrder) -> None:
        key = SORT_BY_COLUMN[column]
        new = (key, order == Qt.SortOrder.DescendingOrder)
        if new == self._sort:
            return
        self.table.horizontalHeader().setSortIndicatorShown(True)
        self._sort = new
        self._capture_fetch()
        self._reload_keeping_selection()

    @Slot()
    def _on_search_timer_timeout(self) -> None:
        self._capture_fetch()
        self._reload_keeping_selection()

    def _reload_keeping_selection(self) -> None:
        selected = self.selected_entry()
        if selected is not None:
            self._pending_select = selected.id
        self.model.reload()

    @Slot(int)
    def _on_model_loaded(self, _rows: int) -> None:
        if self._pending_select is not None and self.select_mother(self._pending_select):
            self._pending_select = None

    def refresh(self) -> None:
        """Read again what is shown: the rows, the puskesmas list and the flow counts."""
        self.sites.reload()
        selected = self.selected_entry()
        if selected is not None:
            self._pending_select = selected.id
        self._capture_fetch()
        if self.model.rowCount() == 0:
            self.model.reload()
        else:
            self.model.refresh()
        self.flow_task = read_task(
            self.repo, lambda reader, _job: flow_counts(reader), self._show_flow
        )
        self._sites = self.repo.sites()
        if self._form is not None:
            self._fill_site_combo()
        self.operator_label.setText(
            self.tr("Operator: {name}").format(name=self.repo.operator or "—")
        )

    def _fill_site_combo(self) -> None:
        combo = self.form.site_combo
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("Choose a puskesmas"), "")
        for site in self._sites:
            combo.addItem(f"{site['name']} ({site['code']})", site["id"])
        if current:
            combo.setCurrentIndex(max(combo.findData(current), 0))
        combo.blockSignals(False)

    @property
    def loading(self) -> bool:
        """Whether the list or the flow counts are being read."""
        return self.model.loading or (self.flow_task is not None and not self.flow_task.delivered)

    def _show_flow(self, flow: FlowCounts) -> None:
        self.flow_label.setText(
            self.tr(
                "Screened {screened} · eligible {eligible} · screened out {out} · enrolled"
                " {enrolled} (active {active}) · completed follow-up {completed} · withdrawn"
                " {withdrawn}"
            ).format(
                screened=flow.screened,
                eligible=flow.eligible,
                out=flow.screened_out,
                enrolled=flow.enrolled,
                active=flow.active,
                completed=flow.completed,
                withdrawn=flow.withdrawn,
            )
        )

    def selected_entry(self) -> RegistryEntry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    def select_mother(self, mother_id: str) -> bool:
        """Select her row if it is loaded; otherwise when it arrives. Whether it was."""
        for row, entry in enumerate(self.model.records()):
            if entry.id == mother_id:
                self.table.selectRow(row)
                self._pending_select = None
                return True
        self._pending_select = mother_id
        return False

    # ------------------------------------------------------------- enrolment
    def start_enrolment(self) -> None:
        """The enrolment form on the whole width, the keyboard in it, ready for a mother."""
        self.show_form(True)
        self.form.code_edit.setFocus()

    def choose_site(self, site_id: str) -> None:
        self.form.site_combo.setCurrentIndex(max(self.form.site_combo.findData(site_id), 0))

    @Slot()
    def _on_site_combo_changed(self) -> None:
        site_id = self.form.site_combo.currentData()
        code = self.form.code_edit.text().strip()
        if site_id and (not code or code == self._suggested_code):
            self._suggested_code = self.repo.suggest_study_code(site_id)
            self.form.code_edit.setText(self._suggested_code)

    @Slot()
    def _on_save_button_clicked(self) -> None:
        form = self.form
        enrolment, problems = form.enrolment()
        answers = form.screening_answers()
        try:
            problems += self.repo.enrolment_problems(enrolment, self.criteria, answers)
        except StorageError as error:
            form.general_error.show_message(storage_error_text(error))
            return
        form.show_problems(problems)
        if problems:
            form.result_label.setText("")
            return
        try:
            mother_id = self.repo.enrol(enrolment, self.criteria, answers)
        except InputError as error:
            form.show_problems([error])
            return
        except StorageError as error:
            form.general_error.show_message(storage_error_text(error))
            return
        entry = self.repo.registry_entry(mother_id)
        if entry.status == MotherStatus.ENROLLED:
            form.result_label.setText(
                self.tr("{code} is eligible and enrolled.").format(code=entry.study_code)
            )
        else:
            reasons = "; ".join(
                c.text.get(self.lang) for c in self.criteria.all if c.id in entry.failed
            )
            form.result_label.setText(
                self.tr("{code} is screened out (recorded, no sessions): {reasons}").format(
                    code=entry.study_code, reasons=reasons
                )
            )
        site_id = enrolment.site_id
        form.reset(self._today())
        self._suggested_code = ""
        self.refresh()
        self.choose_site(site_id)
        self._on_site_combo_changed()
        self.select_mother(mother_id)
        if entry.status == MotherStatus.ENROLLED:
            self.mother_enrolled.emit(mother_id)
        self.registry_changed.emit()

    @Slot()
    def _on_add_site_button_clicked(self) -> None:
        self.dialog = AddSiteDialog(self, self.repo.add_site)
        self.dialog.accepted.connect(self._on_site_added)
        self.dialog.open()

    @Slot()
    def _on_site_added(self) -> None:
        dialog = self.dialog
        self.refresh()
        if isinstance(dialog, AddSiteDialog) and dialog.site_id:
            self.choose_site(dialog.site_id)
        self.registry_changed.emit()

    # ---------------------------------------------------------- status changes
    def _selected_or_message(self) -> RegistryEntry | None:
        entry = self.selected_entry()
        self.list_error.show_message("" if entry else self.tr("Choose a mother in the list."))
        return entry

    @Slot()
    def _on_withdraw_button_clicked(self) -> None:
        entry = self._selected_or_message()
        if entry is None:
            return

        def save(reason: str, day: date | None) -> None:
            self.repo.withdraw(entry.id, reason, day or self._today())

        self.dialog = ReasonDialog(
            self.tr("Withdraw {code}").format(code=entry.study_code),
            self.tr("She will get no more sessions. Her data so far are kept."),
            save,
            day=self._today(),
            date_label=self.tr("Date of withdrawal"),
            save_text=self.tr("Withdraw"),
            parent=self,
        )
        self.dialog.accepted.connect(self._on_status_changed)
        self.dialog.open()

    @Slot()
    def _on_close_button_clicked(self) -> None:
        entry = self._selected_or_message()
        if entry is None:
            return

        def save(reason: str, _day: date | None) -> None:
            self.repo.close_follow_up(entry.id, reason)

        self.dialog = ReasonDialog(
            self.tr("Close follow-up of {code}").format(code=entry.study_code),
            self.tr("Her record will be locked: corrections need it unlocked, with a reason."),
            save,
            reason=self.tr("Follow-up completed"),
            save_text=self.tr("Close and lock"),
            parent=self,
        )
        self.dialog.accepted.connect(self._on_status_changed)
        self.dialog.open()

    @Slot()
    def _on_status_changed(self) -> None:
        self.refresh()
        self.registry_changed.emit()

    @Slot()
    def _on_history_button_clicked(self) -> None:
        entry = self._selected_or_message()
        if entry is not None:
            self.history_requested.emit(entry.id)

    @Slot()
    def _on_operator_button_clicked(self) -> None:
        self.dialog = OperatorDialog(self, self.repo.operator)
        self.dialog.accepted.connect(self._on_operator_changed)
        self.dialog.open()

    @Slot()
    def _on_operator_changed(self) -> None:
        if isinstance(self.dialog, OperatorDialog):
            name = self.dialog.name()
            self.settings.operator = name
            self.repo.operator = name
            self.refresh()
