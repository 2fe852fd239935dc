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


def test_pages_modules_are_imported_beforehand_one_at_a_time_on_the_window_thread(
    qtbot, tmp_path, monkeypatch
):
    """On a worker thread the imports held the interpreter while Qt painted, each of its
    calls into Python waiting for them (a 100-120 ms stall on a district's database)."""
    import sys
    import threading

    imported: list[tuple[str, threading.Thread]] = []
    monkeypatch.setattr(sys, "oxytimer_test_imports", imported, raising=False)
    names = ["oxytimer_preload_a", "oxytimer_preload_b"]
    for name in names:
        (tmp_path / f"{name}.py").write_text(
            "import sys, threading\n"
            f"sys.oxytimer_test_imports.append(({name!r}, threading.current_thread()))\n"
        )
        monkeypatch.delitem(sys.modules, name, raising=False)
    monkeypatch.syspath_prepend(str(tmp_path))
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    lazy = LazyTabs(tabs)
    lazy.preload(names, after_ms=0)
    assert not lazy.preloaded and imported == []  # not before the window is up
    qtbot.waitUntil(lambda: len(imported) == 1)
    assert not lazy.preloaded  # one per round: the window paints between two
    qtbot.waitUntil(lambda: lazy.preloaded)
    assert [name for name, _thread in imported] == names
    assert all(thread is threading.main_thread() for _name, thread in imported)
    for name in names:
        sys.modules.pop(name, None)
