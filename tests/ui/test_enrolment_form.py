"""The enrolment form (issue 13, item 4): two columns where there is room, screening
questions the form has already answered filled in (still changeable), a large consent
control whose words tick it too. English and Indonesian."""

import pytest

from PySide6.QtCore import QEvent, QRect, Qt
from PySide6.QtWidgets import QApplication, QScrollArea

from oxytimer.app import install_translators
from oxytimer.domain.data_files import DataFiles
from oxytimer.ui.main_window import MainWindow
from oxytimer.ui.screen_fit import simulate_screen
from oxytimer.ui.settings import DEFAULT_TEXT_SIZE
from oxytimer.ui.theme import stylesheet

from .loading import wait_loaded

ANSWERED_ABOVE = {
    "en": "(answered above; change it here if it is wrong)",
    "id": "(sudah dijawab di atas; ubah di sini bila keliru)",
}


@pytest.fixture(params=["en", "id"])
def lang(request, qapp, settings):
    install_translators(qapp, request.param)
    settings.language = request.param
    qapp.setStyleSheet(stylesheet("light", DEFAULT_TEXT_SIZE))
    simulate_screen(QRect(0, 0, 1024, 600))
    yield request.param
    simulate_screen(None)
    qapp.setStyleSheet("")
    install_translators(qapp, "en")


@pytest.fixture
def registry(qtbot, repo, protocol, instrument, clock, settings, lang):
    window = MainWindow(repo, DataFiles(protocol, instrument), clock, settings)
    qtbot.addWidget(window)
    window.resize(1024, 600)
    window.show()
    view = window.registry_tabs.registry_view
    window.tabs.setCurrentWidget(view)
    wait_loaded(qtbot, view)
    yield view
    wait_loaded(qtbot, view)  # no read left running for a window about to go
    window.close()
    window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def scroll_range(view):
    for _ in range(3):  # the resize, then the columns' new direction, then the scroll range
        QApplication.processEvents()
    return view.form_box.findChild(QScrollArea).verticalScrollBar().maximum()


def test_the_list_and_the_form_each_take_the_whole_width(qtbot, registry, lang):
    form = registry.form
    assert not registry.form_shown() and registry.table.isVisible()  # the list first
    qtbot.mouseClick(registry.enrol_button, Qt.MouseButton.LeftButton)
    assert registry.form_shown() and not registry.table.isVisible()
    scroll_range(registry)
    assert form.columns.side_by_side()
    left, right = (part.geometry() for part in form.columns.parts)
    assert left.right() < right.left() and left.top() == right.top()
    assert registry.form_box.width() >= 0.95 * registry.width()
    qtbot.mouseClick(registry.list_button, Qt.MouseButton.LeftButton)  # the list again
    assert not registry.form_shown() and registry.table.isVisible()
    assert registry.list_panel.width() >= 0.95 * registry.width()


def test_enrolling_from_the_bedside_opens_the_form(registry):
    registry.start_enrolment()
    assert registry.form_shown()


def test_screening_questions_already_answered_by_the_form(qtbot, registry, lang):
    form = registry.form
    click = lambda button: qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # noqa: E731
    click(form.parity.buttons["primipara"])
    click(form.delivery_type.buttons["normal"])
    click(form.husband.buttons["yes"])
    answers = form.screening_answers()
    assert (answers["primiparous"], answers["normal_delivery"], answers["lives_with_husband"]) == (
        True,
        True,
        True,
    )
    assert answers["willing"] is None  # what the form does not ask stays open
    assert form.question_labels["primiparous"].text().endswith(ANSWERED_ABOVE[lang])
    assert not form.question_labels["willing"].text().endswith(ANSWERED_ABOVE[lang])
    click(form.answers["primiparous"].buttons["no"])  # still changeable
    assert form.screening_answers()["primiparous"] is False
    click(form.parity.buttons["multipara"])  # the form changed: so does the answer
    assert form.screening_answers()["primiparous"] is False
    click(form.delivery_type.buttons["caesarean"])
    assert form.screening_answers()["normal_delivery"] is False
    click(form.delivery_type.buttons["assisted"])  # not for the app to decide
    assert form.screening_answers()["normal_delivery"] is None
    assert not form.question_labels["normal_delivery"].text().endswith(ANSWERED_ABOVE[lang])
    form.reset(form.delivery_date.date().toPython())
    assert all(v is None for v in form.screening_answers().values())
    assert not form.question_labels["primiparous"].text().endswith(ANSWERED_ABOVE[lang])


def test_the_consent_control_is_large_and_its_words_tick_it(qtbot, registry):
    form = registry.form
    registry.show_form(True)
    QApplication.processEvents()
    box = form.consent
    indicator = box.style().subElementRect(
        box.style().SubElement.SE_CheckBoxIndicator, _option(box), box
    )
    assert indicator.height() >= 28 and indicator.width() >= 28  # not the tiny default
    assert form.consent_text.wordWrap()
    assert not box.isChecked()
    qtbot.mouseClick(form.consent_text, Qt.MouseButton.LeftButton)
    assert box.isChecked()
    qtbot.mouseClick(form.consent_text, Qt.MouseButton.LeftButton)
    assert not box.isChecked()


def _option(box):
    from PySide6.QtWidgets import QStyleOptionButton

    option = QStyleOptionButton()
    option.initFrom(box)
    return option
