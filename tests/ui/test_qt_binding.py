"""Guards against Qt-binding bugs that would crash a long session."""

import sys

from PySide6.QtWidgets import QProgressBar, QSpinBox


def test_set_value_keeps_none_alive(qtbot):
    # PySide6 6.12.0 decremented None's reference count on every setValue(int); on Python
    # 3.11 that aborts the interpreter ("deallocating None") once a countdown has updated
    # its progress bar a few thousand times. pyproject.toml excludes that release.
    bar = QProgressBar()
    spin = QSpinBox()
    qtbot.addWidget(bar)
    qtbot.addWidget(spin)
    before = sys.getrefcount(None)
    for value in range(500):
        bar.setValue(value % 100)
        spin.setValue(value % 100)
    assert sys.getrefcount(None) >= before - 50
