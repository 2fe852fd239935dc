from PySide6.QtWidgets import QLabel, QTabWidget

from oxytimer.ui.lazy_tabs import LazyTabs


def test_page_is_built_when_its_tab_is_first_shown(qtbot):
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    tabs.addTab(QLabel("first"), "First")
    lazy = LazyTabs(tabs)
    built = []
    lazy.add("second", "Second", lambda: built.append(1) or QLabel("second page"))
    assert not lazy.is_built("second") and built == []
    seen = []
    tabs.currentChanged.connect(lambda i: seen.append(tabs.widget(i)))
    with qtbot.waitSignal(lazy.page_built, check_params_cb=lambda name: name == "second"):
        tabs.setCurrentIndex(1)
    page = lazy.page("second")
    assert built == [1]  # once only
    assert tabs.currentWidget() is page and page.text() == "second page"
    assert tabs.tabText(1) == "Second" and tabs.count() == 2
    assert seen[-1] is page  # listeners end up seeing the real page


def test_asking_for_a_page_builds_it_without_switching(qtbot):
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    tabs.addTab(QLabel("first"), "First")
    lazy = LazyTabs(tabs)
    lazy.add("second", "Second", lambda: QLabel("second page"))
    page = lazy.page("second")
    assert tabs.currentIndex() == 0
    assert tabs.widget(1) is page
