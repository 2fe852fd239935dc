"""The translation files agree with the code and with each other, and are complete.

When one of these fails, run ``.venv/bin/python scripts/update_translations.py``: it
updates the .ts from the code, compiles the .qm and lists what is left to translate.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import string
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from oxytimer.app import install_translators
from oxytimer.ui.labels import format_date, format_datetime, format_number

ROOT = Path(__file__).resolve().parents[2]
HOW = "run .venv/bin/python scripts/update_translations.py"


def _load_script():
    spec = importlib.util.spec_from_file_location(
        "update_translations", ROOT / "scripts" / "update_translations.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("update_translations", module)
    spec.loader.exec_module(module)
    return module


tools = _load_script()
ALL_TS = tools.all_ts_files()


def test_every_language_has_its_files():
    names = {ts.name for ts in ALL_TS}
    for lang in tools.APP_LANGUAGES:
        assert f"oxytimer_{lang}.ts" in names
        assert f"qtbase_{lang}.ts" in names


@pytest.mark.parametrize("ts", ALL_TS, ids=lambda p: p.name)
def test_qm_is_compiled_from_ts(ts):
    assert tools.qm_matches(ts), f"{ts.with_suffix('.qm').name} is stale: {HOW}"


@pytest.mark.parametrize("ts", ALL_TS, ids=lambda p: p.name)
def test_no_message_is_unfinished_or_empty(ts):
    todo = [f"[{m.context}] {m.source!r}" for m in tools.untranslated(ts)]
    assert not todo, f"untranslated in {ts.name} ({HOW}, then translate):\n" + "\n".join(todo)


@pytest.mark.parametrize("ts", tools.app_ts_files(), ids=lambda p: p.name)
def test_every_string_in_the_code_is_in_the_ts(ts):
    missing, gone = tools.stale_messages(ts)
    assert not missing, f"not in {ts.name} ({HOW}): {sorted(missing)}"
    assert not gone, f"in {ts.name} but no longer in the code ({HOW}): {sorted(gone)}"


def _fields(text: str) -> list[str]:
    named = [
        f"{name}:{spec}" for _, name, spec, _ in string.Formatter().parse(text) if name is not None
    ]
    return sorted(named + re.findall(r"%(?:\d|n)", text))


@pytest.mark.parametrize("ts", ALL_TS, ids=lambda p: p.name)
def test_translations_keep_the_placeholders(ts):
    """A {name} lost or misspelt in a translation would raise KeyError in .format()."""
    wrong = [
        f"[{m.context}] {m.source!r} -> {m.translation!r}"
        for m in tools.live(tools.read_messages(ts))
        if m.translation and _fields(m.source) != _fields(m.translation)
    ]
    assert not wrong, "placeholders differ:\n" + "\n".join(wrong)


def _is_literal(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def test_translated_strings_are_literals_lupdate_can_see():
    """``self.tr(text)`` or a helper ``_t(text)`` hides the string from lupdate."""
    hidden = []
    for path in tools.sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name == "tr" and node.args and not _is_literal(node.args[0]):
                hidden.append(f"{path.relative_to(ROOT)}:{node.lineno}")
            if (
                name == "translate"
                and len(node.args) >= 2
                and not (_is_literal(node.args[0]) and _is_literal(node.args[1]))
            ):
                hidden.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not hidden, (
        "translate(context, text) and self.tr(text) need string literals, so that"
        " pyside6-lupdate finds them: " + ", ".join(hidden)
    )


@pytest.fixture
def indonesian(qapp):
    install_translators(qapp, "id")
    yield qapp
    install_translators(qapp, "en")


def test_qt_standard_buttons_are_in_indonesian(indonesian):
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "",
        "",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
    )
    texts = {
        box.button(b).text().replace("&", "")
        for b in (box.StandardButton.Yes, box.StandardButton.No)
    }
    assert texts == {"Ya", "Tidak"}
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok
        | QDialogButtonBox.StandardButton.Cancel
        | QDialogButtonBox.StandardButton.Save
        | QDialogButtonBox.StandardButton.Close
    )
    assert sorted(b.text().replace("&", "") for b in buttons.buttons()) == [
        "Batal",
        "OK",
        "Simpan",
        "Tutup",
    ]


def test_app_strings_are_in_indonesian_and_back(qapp):
    install_translators(qapp, "id")
    assert QApplication.translate("labels", "Husband") == "Suami"
    install_translators(qapp, "en")
    assert QApplication.translate("labels", "Husband") == "Husband"


def test_numbers_and_dates_follow_the_language(qapp):
    when = datetime(2026, 3, 2, 7, 5)
    install_translators(qapp, "id")
    try:
        assert format_number(1234.5) == "1.234,5"
        assert format_number(12) == "12"
        assert format_date(date(2026, 3, 2)) == "02/03/2026"
        assert format_datetime(when) == "02/03/2026 07.05" or format_datetime(when) == (
            "02/03/2026 07:05"
        )
    finally:
        install_translators(qapp, "en")
    assert format_number(1234.5) == "1,234.5"
    assert format_datetime(when, with_year=False) == "02/03 07:05"
