"""The bedside pages built on first use: pre- and post-score, the guided countdown, and
the stop dialog (:mod:`oxytimer.ui.session_view` shows the start page at once and imports
this module when the massage begins: start-up time)."""

from __future__ import annotations

from PySide6.QtCore import (
    QEasingCurve,
    QSize,
    Qt,
    QVariantAnimation,
    Signal,
    Slot,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from oxytimer.domain.instrument import Instrument
from oxytimer.domain.protocol import MassageProtocol
from oxytimer.ui.illustration import Illustration, legend_html, marks_in
from oxytimer.ui.labels import (
    minutes_label,
)
from oxytimer.ui.screen_fit import FittedDialog
from oxytimer.ui.widgets import (
    ChoiceButtons,
    ErrorLabel,
    InstrumentForm,
    page_title,
)


class ScorePage(QWidget):
    """The instrument, before or after the massage."""

    def __init__(self, instrument: Instrument, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = page_title("", self)
        self.subtitle = QLabel(self)
        self.subtitle.setWordWrap(True)
        self.form = InstrumentForm(instrument, lang, self)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the answers, not here
        self.error = ErrorLabel(self, reserve=True)
        self.extra = QHBoxLayout()
        self.buttons = QHBoxLayout()
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.form.total_label)
        layout.addLayout(self.extra)
        layout.addWidget(self.error)
        layout.addLayout(self.buttons)


class PreScorePage(ScorePage):
    def __init__(
        self,
        instrument: Instrument,
        protocol: MassageProtocol,
        lang: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(instrument, lang, parent)
        self.protocol = protocol
        self.title.setText(self.tr("Check before the massage"))
        self.subtitle.setText(
            self.tr(
                "Only what can change within a session. The whole checklist is taken as the"
                " baseline assessment (before the first massage) and the end assessment."
            )
        )
        self.duration_label = QLabel(self.tr("Massage length"), self)
        self.duration_label.setObjectName("question")
        self.duration = ChoiceButtons(
            [(str(m), minutes_label(m)) for m in protocol.allowed_minutes()], self
        )
        self.duration.setAccessibleName(self.tr("Massage length"))
        self.duration_error = ErrorLabel(self)
        self.extra.addWidget(self.duration_label)
        self.extra.addWidget(self.duration, 1)
        self.extra.addWidget(self.duration_error)
        self.back_button = QPushButton(self.tr("Back"), self)
        self.back_button.setAccessibleName(self.tr("Back"))
        self.start_button = QPushButton(self.tr("Start massage"), self)
        self.start_button.setObjectName("primary")
        self.start_button.setAccessibleName(self.tr("Start massage"))
        self.start_button.setDefault(True)
        self.buttons.addWidget(self.back_button)
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.start_button)
        self.reset()

    def reset(self) -> None:
        self.form.reset()
        self.duration.set_value(str(self.protocol.default_minutes))
        self.error.show_message("")
        self.duration_error.show_message("")


class PostScorePage(ScorePage):
    def __init__(self, instrument: Instrument, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(instrument, lang, parent)
        self.title.setText(self.tr("Check after the massage"))
        self.later_button = QPushButton(self.tr("Later"), self)
        self.later_button.setAccessibleName(self.tr("Record the score later"))
        self.save_button = QPushButton(self.tr("Save score"), self)
        self.save_button.setObjectName("primary")
        self.save_button.setAccessibleName(self.tr("Save score"))
        self.save_button.setDefault(True)
        self.buttons.addWidget(self.later_button)
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.save_button)


class AssessmentPage(ScorePage):
    """The whole checklist: the baseline assessment or the end assessment."""

    def __init__(self, instrument: Instrument, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(instrument, lang, parent)
        self.kind = ""
        self.back_button = QPushButton(self.tr("Back"), self)
        self.back_button.setAccessibleName(self.tr("Back"))
        self.save_button = QPushButton(self.tr("Save assessment"), self)
        self.save_button.setObjectName("primary")
        self.save_button.setAccessibleName(self.tr("Save assessment"))
        self.save_button.setDefault(True)
        self.buttons.addWidget(self.back_button)
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.save_button)

    def open(self, kind: str, study_code: str) -> None:
        self.kind = kind
        self.form.reset()
        self.error.show_message("")
        if kind == "baseline":
            self.title.setText(self.tr("Baseline assessment"))
            self.subtitle.setText(
                self.tr(
                    "Mother {code}: the whole checklist, before her first massage. Answer"
                    " about the last 24 hours and this feed."
                ).format(code=study_code)
            )
        else:
            self.title.setText(self.tr("End assessment"))
            self.subtitle.setText(
                self.tr(
                    "Mother {code}: the whole checklist, after her last planned session."
                    " Answer about the last 24 hours and this feed."
                ).format(code=study_code)
            )


class CountdownLabel(QLabel):
    """The big clock: its digits fill the room the layout gives it, whatever the screen.

    Its size hints do not depend on its font (which follows its size), so a big clock
    never holds a window at a size a small screen cannot show.
    """

    SAMPLE = "00:00"  # the widest time shown (format_clock: up to 59:59)
    MINIMUM_PX = 40

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setObjectName("countdown")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.pixel_size = 0

    def _height_for(self, pixels: int) -> int:
        return round(pixels * 1.2)

    def minimumSizeHint(self) -> QSize:
        return QSize(round(self.MINIMUM_PX * 2.8), self._height_for(self.MINIMUM_PX))

    def sizeHint(self) -> QSize:
        # Modest, so that the layout's stretch factors share the height with the picture;
        # the digits then grow with the room they get.
        pixels = 96
        return QSize(round(pixels * 2.8), self._height_for(pixels))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()

    def fit(self) -> None:
        """Choose the largest font whose digits fit the label."""
        probe = QFont(self.font())
        probe.setBold(True)
        probe.setPixelSize(100)
        metrics = QFontMetrics(probe)
        per_px_width = max(metrics.horizontalAdvance(self.SAMPLE), 1) / 100
        per_px_height = max(metrics.height(), 1) / 100
        pixels = int(min(self.width() * 0.95 / per_px_width, self.height() * 0.98 / per_px_height))
        pixels = max(self.MINIMUM_PX, pixels)
        if pixels != self.pixel_size:
            self.pixel_size = pixels
            self.setStyleSheet(f"font-size: {pixels}px;")


class InstructionLabel(QLabel):
    """The step's instruction: says when its text changes, so that the page makes room."""

    text_set = Signal()

    def setText(self, text: str) -> None:
        super().setText(text)
        self.text_set.emit()

    def minimumSizeHint(self) -> QSize:
        # The page sets the height the text needs at the width it has (GuidedPage.make_room);
        # QLabel's own hint, the text wrapped at a narrow width of its choosing, would hold
        # the window taller than a short screen before the page could shrink the text.
        return QSize(super().minimumSizeHint().width(), 0)


def _min_height(widget: QWidget) -> int:
    """The height the layout gives ``widget`` at least (its hint or its minimum)."""
    return max(widget.sizeHint().height(), widget.minimumSizeHint().height())


def _label_height(label: QLabel, width: int) -> int:
    """The height a wrapped label needs at ``width`` (an empty one keeps its line)."""
    label.setMinimumHeight(0)
    return max(label.heightForWidth(width), label.minimumSizeHint().height(), 0)


class GuidedPage(QWidget):
    """The countdown screen: step text and picture, big clock, progress, controls.

    The instruction is always shown whole, without scrolling: on a short screen (1024x600,
    large text) the picture gives its room first (hidden when the text needs the width),
    then the clock shrinks, then the instruction's text (from 1.25 times the text size down
    to 0.7 times: the default text size when the largest is chosen). The state (PAUSED)
    shows beside the clock in room kept for it, so that nothing moves when it appears. The
    controls always stay on screen.
    """

    PICTURE_MIN = QSize(120, 80)
    PICTURE_GOOD = 160
    """Pixels each way: a picture whose marks can be made out at arm's length."""
    CLOCK_STRETCH = 4
    """The clock's share of the height left over (the instruction and picture have 5); an
    untimed step's clock (the massage's length, not running) keeps only what it needs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.frame = QFrame(self)
        self.frame.setObjectName("guidedFrame")
        self.step_counter = QLabel(self.frame)
        self.step_counter.setObjectName("stepCounter")
        self.step_title = QLabel(self.frame)
        self.step_title.setObjectName("stepTitle")
        self.step_title.setWordWrap(True)
        self.instruction = InstructionLabel(self.frame)
        self.instruction.setObjectName("instruction")
        self.instruction.setWordWrap(True)
        self.instruction.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.instruction.setSizePolicy(
            QSizePolicy.Policy.Preferred, QSizePolicy.Policy.MinimumExpanding
        )
        self.picture = Illustration()
        self.picture.setMinimumSize(self.PICTURE_MIN)
        # The numbered marks of the picture, named in words (under it, shown with it).
        self.legend = InstructionLabel()  # (its height is the page's to set)
        self.legend.setObjectName("legend")
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.legend.setAccessibleName(self.tr("What the numbers in the picture mean"))
        self.instruction.text_set.connect(self.make_room)
        self.instruction_points = 0.0
        self.legend_points = 0.0
        self.picture.setAccessibleName(self.tr("Illustration of the step"))
        self.countdown = CountdownLabel("0:00", self.frame)
        self.countdown.setAccessibleName(self.tr("Time left"))
        self.step_countdown = QLabel(self.frame)
        self.step_countdown.setObjectName("stepCountdown")
        self.step_countdown.setAlignment(Qt.AlignmentFlag.AlignLeft)
        self.step_countdown.setWordWrap(True)
        self.progress = QProgressBar(self.frame)
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName(self.tr("Progress of the massage"))
        self.next_label = QLabel(self.frame)
        self.next_label.setObjectName("nextStep")
        self.next_label.setWordWrap(True)
        self.state_label = QLabel(self.frame)
        self.state_label.setObjectName("stateBanner")
        self.state_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.state_label.setWordWrap(True)
        keep = self.state_label.sizePolicy()
        keep.setRetainSizeWhenHidden(True)  # appearing moves nothing
        self.state_label.setSizePolicy(keep)
        self.pause_button = QPushButton(self.frame)
        self.pause_button.setObjectName("primary")
        self.abort_button = QPushButton(self.tr("Stop (Esc)"), self.frame)
        self.abort_button.setObjectName("danger")
        self.abort_button.setAccessibleName(self.tr("Stop the massage"))
        self.done_button = QPushButton(self.tr("Continue to score (Enter)"), self.frame)
        self.done_button.setObjectName("primary")
        self.done_button.setAccessibleName(self.tr("Continue to score"))
        self.done_button.hide()
        self.set_paused(False)

        heading = QHBoxLayout()
        heading.addWidget(self.step_title, 1)
        heading.addWidget(self.step_counter, 0, Qt.AlignmentFlag.AlignTop)
        # The picture and the names of its marks, shown or hidden together (a hidden
        # widget gives its width back to the instruction; an emptied layout would not).
        self.picture_box = QWidget(self.frame)
        self.picture_box.setObjectName("pictureBox")
        picture_column = QVBoxLayout(self.picture_box)
        picture_column.setContentsMargins(0, 0, 0, 0)
        picture_column.addWidget(self.picture, 1)
        picture_column.addWidget(self.legend)
        top = QHBoxLayout()
        top.addWidget(self.instruction, 3)
        top.addWidget(self.picture_box, 2)
        self._top_row = top
        beside_clock = QVBoxLayout()
        beside_clock.addStretch(1)
        beside_clock.addWidget(self.state_label)
        beside_clock.addWidget(self.step_countdown)
        beside_clock.addWidget(self.next_label)
        beside_clock.addStretch(1)
        clock = QHBoxLayout()
        clock.addWidget(self.countdown, 3)
        clock.addLayout(beside_clock, 2)
        self._clock_row = clock
        buttons = QHBoxLayout()
        buttons.addWidget(self.abort_button)
        buttons.addStretch(1)
        buttons.addWidget(self.pause_button)
        buttons.addWidget(self.done_button)
        inner = QVBoxLayout(self.frame)
        inner.addLayout(heading)
        inner.addLayout(top, 5)
        inner.addLayout(clock, self.CLOCK_STRETCH)
        inner.addWidget(self.progress)
        inner.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.frame)

        self._flash = QVariantAnimation(self)
        self._flash.setDuration(700)
        self._flash.setEasingCurve(QEasingCurve.Type.OutQuad)
        self._flash.valueChanged.connect(self._on_flash_value_changed)
        self._flash.finished.connect(self._on_flash_finished)
        self.flash_count = 0
        self.untimed = False

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.make_room()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.make_room()

    def make_room(self) -> None:
        """Fit the instruction whole: hide the picture, then use a smaller text if needed."""
        inner = self.frame.layout()
        if inner is None or self.height() <= 0 or not self.isVisible():
            return  # a hidden page's size is not the one it will be shown at (showEvent)
        margins = inner.contentsMargins()
        full = self.frame.width() - margins.left() - margins.right()
        # An untimed step hides the clock: its labels take the width.
        beside_clock = full if self.untimed else int((full - 12) * 2 / 5)
        clock_labels = (self.state_label, self.step_countdown, self.next_label)
        beside_heights = []
        for label in clock_labels:
            # Each label beside the clock keeps the height its wrapped text needs (the
            # preparation's banner and the next step take two or three lines in large
            # text): the clock and the instruction yield the room, not these labels.
            height = _label_height(label, beside_clock)
            label.setMinimumHeight(height)
            if label.isVisibleTo(self) or label.sizePolicy().retainSizeWhenHidden():
                beside_heights.append(height)
        clock_row = max(
            0 if self.untimed else self.countdown.minimumSizeHint().height(),
            sum(beside_heights) + 2 * max(inner.spacing(), 0),
        )
        room = self.height() - (
            self.step_title.heightForWidth(max(full - self.step_counter.sizeHint().width(), 1))
            + clock_row
            + (0 if self.untimed else _min_height(self.progress) + max(inner.spacing(), 0))
            + max(_min_height(self.pause_button), _min_height(self.done_button))
            + 4 * max(inner.spacing(), 0)
            + margins.top()
            + margins.bottom()
            + self.frame.height()
            - self.frame.contentsRect().height()
        )
        base = self.step_counter.font().pointSizeF()  # the text size chosen in Settings
        # Measured free of the height set last time (a label's height for a width is never
        # less than its minimum height: the text would seem not to fit in the room it has).
        self.instruction.setMinimumHeight(0)
        width, size, show_picture = self._choose_layout(full, room, base, inner.spacing())
        if show_picture != self.picture_box.isVisibleTo(self):
            self.picture_box.setVisible(show_picture)
        top = self._top_row
        if top.stretch(0) != width or top.stretch(1) != max(full - width - 12, 0):
            # The instruction's share of the width as chosen; the picture the rest.
            top.setStretch(0, width)
            top.setStretch(1, max(full - width - 12, 0))  # (less the spacing between)
        # The names of the marks keep the height they need while the picture shows; the
        # picture (which grows and shrinks with the room) gives it.
        legend = _label_height(self.legend, full - width - 12) if self.legend.text() else 0
        self.legend.setMinimumHeight(min(legend, max(room - self.PICTURE_MIN.height(), 0)))
        self.legend.setVisible(bool(self.legend.text()))
        self.instruction.setMinimumHeight(min(self._needed(width, size), max(room, 0)))

    def _choose_layout(
        self, full: int, room: int, base: float, spacing: int
    ) -> tuple[int, float, bool]:
        """The instruction's width and text size, and whether the picture shows beside it.

        During the massage the picture shows when the instruction fits beside it at 1.25
        times the text size. An untimed step (getting ready, finding the landmarks: read
        at leisure, learnt from the picture) keeps its picture whenever the instruction
        fits beside it, its text down to 0.7 times the text size (as far as without the
        picture), the names of the marks as large as the instruction, the picture's
        column from two fifths down to a third of the width: the largest text that leaves
        the picture ``PICTURE_GOOD`` pixels, else the largest picture. Without room for
        both, the picture goes and the instruction takes the width, its text down to 0.7
        times the text size.
        """
        sizes = [base * 1.25 - 0.5 * i for i in range(int(base * 0.55 / 0.5) + 1)]
        with_picture = sizes if self.untimed else sizes[:1]
        shares = (3 / 5, 2 / 3) if self.untimed else (3 / 5,)
        best: tuple[int, int, float] | None = None  # picture side, width, text size
        if self.picture.has_picture():
            for size in with_picture:
                # The names of the marks as large as the instruction, never larger than
                # the text size.
                self._set_legend_points(min(size, base))
                for share in shares:
                    width = int((full - 12) * share)
                    picture_width = full - width - 12
                    legend = _label_height(self.legend, picture_width) if self.legend.text() else 0
                    side = min(picture_width, room - legend - max(spacing, 0))
                    if (
                        picture_width < self.PICTURE_MIN.width()
                        or side < self.PICTURE_MIN.height()
                        or self._needed(width, size) > room
                    ):
                        continue
                    if side >= self.PICTURE_GOOD or not self.untimed:
                        return width, size, True
                    if best is None or side > best[0]:
                        best = (side, width, size)
        if best is not None:
            _side, width, size = best
            self._set_legend_points(min(size, base))
            return width, size, True
        self._set_legend_points(base)
        size = sizes[0]
        for size in sizes:
            if self._needed(full, size) <= room:
                break
        return full, size, False

    def _set_legend_points(self, points: float) -> None:
        if abs(points - self.legend_points) > 0.01:
            self.legend_points = points
            self.legend.setStyleSheet(f"font-size: {points:g}pt;")

    def _needed(self, width: int, points: float) -> int:
        """The height the instruction needs at ``width`` pixels in a ``points`` font."""
        if abs(points - self.instruction_points) > 0.01:
            self.instruction_points = points
            self.instruction.setStyleSheet(f"font-size: {points:g}pt;")
        return self.instruction.heightForWidth(max(width, 1)) + 2

    def load_picture(self, path: str) -> None:
        """Show the step's illustration (never stretched out of shape, never out of its
        frame) and, under it, the names of the places it marks."""
        self.picture.load(path)
        self.legend.setText(legend_html(marks_in(path)))
        self.make_room()

    def set_paused(self, paused: bool) -> None:
        self.pause_button.setText(self.tr("Resume (Space)") if paused else self.tr("Pause (Space)"))
        self.pause_button.setAccessibleName(
            self.tr("Resume the massage") if paused else self.tr("Pause the massage")
        )
        self.state_label.setText(self.tr("PAUSED") if paused else "")
        self.state_label.setVisible(paused)

    def _set_untimed(self, untimed: bool) -> None:
        """An untimed step shows no clock: the instruction and the picture get its room."""
        self.untimed = untimed
        # Its digits (the massage's length, not running) yield first to the instruction
        # and the picture; so do the step's own timer (empty) and the progress bar.
        self.countdown.setVisible(not untimed)
        self.step_countdown.setVisible(not untimed)
        self.progress.setVisible(not untimed)  # (the massage's progress: none yet)
        inner = self.frame.layout()
        if isinstance(inner, QVBoxLayout):
            inner.setStretchFactor(self._clock_row, 0 if untimed else self.CLOCK_STRETCH)

    def set_finished(self) -> None:
        self._set_untimed(False)
        self.state_label.setText(self.tr("Massage complete"))
        self.state_label.show()
        self.pause_button.hide()
        self.abort_button.hide()
        self.done_button.setText(self.tr("Continue to score (Enter)"))
        self.done_button.setAccessibleName(self.tr("Continue to score"))
        self.done_button.show()
        self.done_button.setFocus()
        self.make_room()  # the state text and the button changed

    def set_preparation(self, *, last: bool) -> None:
        """An untimed step before the countdown: Enter moves on when the caregiver is ready."""
        self._set_untimed(True)
        self.state_label.setText(self.tr("Not timed: take your time"))
        self.state_label.show()
        self.pause_button.hide()
        self.abort_button.show()
        self.step_countdown.setText("")  # no step timer: the banner says it is untimed
        if last:
            self.done_button.setText(self.tr("Start the massage countdown (Enter)"))
            self.done_button.setAccessibleName(self.tr("Start the massage countdown"))
        else:
            self.done_button.setText(self.tr("Next step (Enter)"))
            self.done_button.setAccessibleName(self.tr("Next step"))
        self.done_button.show()
        self.done_button.setFocus()
        self.make_room()  # the longer state text may need a second line

    def set_running_controls(self) -> None:
        self._set_untimed(False)
        self.make_room()
        self.pause_button.show()
        self.abort_button.show()
        self.done_button.hide()

    def flash(self, color: str) -> None:
        """A visual cue: the frame's background pulses from ``color`` back to normal."""
        self.flash_count += 1
        self._flash.stop()
        self._flash.setStartValue(QColor(color))
        self._flash.setEndValue(QColor(0, 0, 0, 0))
        self._flash.start()

    @Slot(object)
    def _on_flash_value_changed(self, value: QColor) -> None:
        self.frame.setStyleSheet(
            f"#guidedFrame {{ background-color: {value.name(QColor.NameFormat.HexArgb)}; }}"
        )

    @Slot()
    def _on_flash_finished(self) -> None:
        self.frame.setStyleSheet("")


class AbortDialog(FittedDialog):
    """Asks why the massage is stopped; the reason is saved with the session."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Stop the massage?"))
        self.reasons = QComboBox(self)
        self.reasons.setEditable(True)
        self.reasons.addItems(
            [
                self.tr("The mother is uncomfortable or in pain"),
                self.tr("The mother or baby needs attention"),
                self.tr("The mother asked to stop"),
                self.tr("Another reason"),
            ]
        )
        self.reasons.setAccessibleName(self.tr("Reason for stopping"))
        # As wide as its longest reason (and the edit field's padding): none is cut.
        self.reasons.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.reasons.ensurePolished()
        self.reasons.setMinimumWidth(
            self.reasons.sizeHint().width() + 2 * self.reasons.fontMetrics().averageCharWidth()
        )
        self.error = ErrorLabel(self, reserve=True)
        buttons = QDialogButtonBox(self)
        self.stop_button = buttons.addButton(
            self.tr("Stop the massage"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.continue_button = buttons.addButton(
            self.tr("Continue the massage"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.continue_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Why is the massage stopped?"), self))
        layout.addWidget(self.reasons)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)

    def reason(self) -> str:
        return self.reasons.currentText().strip()

    @Slot()
    def _on_buttons_accepted(self) -> None:
        if not self.reason():
            self.error.show_message(self.tr("Give a reason for stopping."))
            return
        self.accept()
