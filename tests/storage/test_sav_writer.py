"""The streaming .sav writer, read back by pyreadstat (ReadStat), and the SPSS export."""

from __future__ import annotations

import io
import math
import struct
from datetime import datetime

import pytest

from oxytimer.storage import exchange
from oxytimer.storage.export_tables import Table
from oxytimer.storage.sav_writer import (
    MAX_STRING_BYTES,
    SYSMIS,
    SavVariable,
    SavWriter,
    short_names,
)
from tests.storage.test_exchange import filled, repo  # noqa: F401 (fixtures)

pyreadstat = pytest.importorskip("pyreadstat")


def _write(tmp_path, variables, rows, label="a file"):
    path = tmp_path / "t.sav"
    with open(path, "wb") as handle:
        writer = SavWriter(handle, variables, label=label, now=datetime(2026, 3, 4, 7, 5, 9))
        for row in rows:
            writer.write(row)
        writer.close()
    return path


def test_numbers_strings_labels_read_back(tmp_path):
    variables = [
        SavVariable("session_id", 16, "Session id"),
        SavVariable("caregiver", 0, "Who gave the massage", 0, {1: "husband", 2: "midwife"}),
        SavVariable("massage_seconds", 0, "Massage time (s)"),
        SavVariable("nama_ibu", 20, "Nama ibu"),
        SavVariable("start_time_local", 5),
    ]
    rows = [
        [b"abc", 1.0, 180.5, "Ibu Sité".encode(), b"07:30"],
        [None, None, None, b"x" * 20, None],
        [b"0123456789abcdef", 2.0, -3.25, b"", b"16:00"],
    ]
    path = _write(tmp_path, variables, rows)
    frame, meta = pyreadstat.read_sav(str(path))
    assert meta.number_rows == 3
    assert meta.column_names == [v.name for v in variables]
    assert meta.column_labels == [
        "Session id",
        "Who gave the massage",
        "Massage time (s)",
        "Nama ibu",
        None,
    ]
    assert meta.variable_value_labels == {"caregiver": {1.0: "husband", 2.0: "midwife"}}
    assert meta.original_variable_types["caregiver"] == "F8.0"
    assert meta.original_variable_types["nama_ibu"] == "A20"
    assert meta.file_label == "a file"
    assert frame["session_id"].tolist() == ["abc", "", "0123456789abcdef"]
    assert frame["nama_ibu"].tolist() == ["Ibu Sité", "x" * 20, ""]
    seconds = frame["massage_seconds"].tolist()
    assert seconds[0] == 180.5 and math.isnan(seconds[1]) and seconds[2] == -3.25
    labelled, _ = pyreadstat.read_sav(str(path), apply_value_formats=True)
    assert labelled["caregiver"].tolist()[0::2] == ["husband", "midwife"]


def test_no_case_and_the_header_count(tmp_path):
    path = _write(tmp_path, [SavVariable("x")], [])
    frame, meta = pyreadstat.read_sav(str(path))
    assert meta.number_rows == 0 and list(frame.columns) == ["x"]
    path = _write(tmp_path, [SavVariable("x")], [[float(i)] for i in range(5)])
    assert struct.unpack("<i", path.read_bytes()[80:84]) == (5,)


def test_long_names_with_the_same_start_get_unique_short_names(tmp_path):
    names = [f"pre_item_number_{i}" for i in range(12)] + ["PRE_ITEM", "v"]
    shorts = short_names(names)
    assert len(set(shorts)) == len(shorts) and all(len(s) <= 8 for s in shorts)
    variables = [SavVariable(n) for n in names]
    path = _write(tmp_path, variables, [[float(i) for i in range(len(names))]])
    frame, meta = pyreadstat.read_sav(str(path))
    assert meta.column_names == names
    assert frame.iloc[0].tolist() == [float(i) for i in range(len(names))]


def test_refuses_what_it_cannot_write():
    with pytest.raises(ValueError):
        SavWriter(io.BytesIO(), [SavVariable("a"), SavVariable("A")])
    with pytest.raises(ValueError):
        SavWriter(io.BytesIO(), [SavVariable("a", MAX_STRING_BYTES + 1)])


@pytest.mark.parametrize("width", [256, 300, 504, 505, 1000, MAX_STRING_BYTES])
def test_very_long_strings_read_back_whole(tmp_path, width):
    """A text wider than 255 bytes is written in segments of 255 (record 7, subtype 14):
    pyreadstat reads one variable with the whole text, and the variables after it (a
    number with value labels, a short string) keep their places."""
    variables = [
        SavVariable("reason_of_the_void", width, "Why the session was voided"),
        SavVariable("caregiver", 0, "Who", 0, {1: "husband", 2: "midwife"}),
        SavVariable("reason_of_the_close", width),
        SavVariable("code", 8),
    ]
    # Multi-byte characters across the 255-byte cuts: readers join the bytes first.
    whole = ("é" * (width // 2) + "x" * (width % 2)).encode()
    assert len(whole) == width
    ascii_text = (b"abcdefghij" * (width // 10 + 1))[:width]
    rows = [
        [whole, 1.0, ascii_text, b"AMP-0001"],
        [None, 2.0, b"short", None],
        [b"", None, None, b"KPL-0002"],
    ]
    path = _write(tmp_path, variables, rows)
    frame, meta = pyreadstat.read_sav(str(path))
    assert meta.column_names == [v.name for v in variables]
    assert meta.column_labels == ["Why the session was voided", "Who", None, None]
    assert meta.variable_value_labels == {"caregiver": {1.0: "husband", 2.0: "midwife"}}
    assert frame["reason_of_the_void"].tolist() == [whole.decode(), "", ""]
    assert frame["reason_of_the_close"].tolist() == [ascii_text.decode(), "short", ""]
    assert frame["code"].tolist() == ["AMP-0001", "", "KPL-0002"]
    caregivers = frame["caregiver"].tolist()
    assert caregivers[:2] == [1.0, 2.0] and math.isnan(caregivers[2])
    assert meta.variable_storage_width["reason_of_the_void"] >= width


def test_a_very_long_string_is_cut_at_its_width():
    handle = io.BytesIO()
    writer = SavWriter(handle, [SavVariable("x", 300)])
    start = handle.tell()
    writer.write([b"y" * 400])
    case = handle.getvalue()[start:]
    assert len(case) == 256 + 48  # segments of 255 and 48 bytes, in 32 and 6 units
    assert case[:255] == b"y" * 255 and case[255:256] == b" "
    assert case[256:] == b"y" * 48


def test_system_missing_is_written_for_none():
    handle = io.BytesIO()
    writer = SavWriter(handle, [SavVariable("x")])
    start = handle.tell()
    writer.write([None])
    assert struct.unpack("<d", handle.getvalue()[start:]) == (SYSMIS,)


def test_export_equals_the_database(filled, tmp_path):  # noqa: F811
    files = exchange.export(filled, tmp_path, "sav", identifying=True)
    frame, meta = pyreadstat.read_sav(str(files[0]), apply_value_formats=True)
    stored = filled.db.execute("SELECT count(*) FROM sessions").fetchone()[0]
    assert len(frame) == stored
    assert meta.column_labels[meta.column_names.index("pre_total")] == "Pre-massage score"
    assert set(frame["caregiver"]) <= {"husband", "midwife", "family", "other"}
    ids = {r[0] for r in filled.db.execute("SELECT id FROM sessions")}
    assert set(frame["session_id"]) == ids
    mothers, _ = pyreadstat.read_sav(str(files[1]))
    assert "Ibu Rahma" in set(mothers["name"])


def test_a_text_wider_than_255_bytes_is_written_whole(filled, tmp_path, monkeypatch):  # noqa: F811
    """By oxytimer's own writer (very long string records), pyreadstat and pandas unused."""
    import builtins

    session = filled.db.execute("SELECT id FROM sessions LIMIT 1").fetchone()[0]
    reason = "typed twice on paper; " * 20  # 440 characters
    filled.void_session(session, reason)
    real_import = builtins.__import__

    def no_extras(name, *args, **kwargs):
        if name in ("pyreadstat", "pandas"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    with monkeypatch.context() as patched:
        patched.setattr(builtins, "__import__", no_extras)
        files = exchange.export(filled, tmp_path, "sav", identifying=True)
    frame, meta = pyreadstat.read_sav(str(files[0]))
    assert reason.strip() in set(frame["void_reason"].str.strip())
    assert meta.column_labels[meta.column_names.index("void_reason")]


def test_a_table_streams_through_a_spool(tmp_path, monkeypatch):
    """Rows are read once and kept on disk in chunks, not all in memory."""
    from oxytimer.storage import export_sav

    monkeypatch.setattr(export_sav, "CHUNK_ROWS", 3)
    dumped = []
    original = export_sav._Spool._dump

    def dump(self, chunk):
        dumped.append(len(chunk))
        original(self, chunk)

    monkeypatch.setattr(export_sav._Spool, "_dump", dump)
    rows = iter([(f"s{i}", "husband", i, None, "r" * (250 + 30 * i)) for i in range(10)])
    table = Table("sessions", ("session_id", "caregiver", "day", "pre_total", "void_reason"), rows)
    path = tmp_path / "sessions.sav"
    export_sav.write_sav_table(table, {"caregiver": ["husband", "midwife"]}, path)
    assert dumped == [3, 3, 3, 1]
    frame, meta = pyreadstat.read_sav(str(path))
    assert frame["session_id"].tolist() == [f"s{i}" for i in range(10)]
    assert frame["day"].tolist() == [float(i) for i in range(10)]
    assert frame["void_reason"].tolist() == ["r" * (250 + 30 * i) for i in range(10)]
    assert meta.variable_value_labels == {"caregiver": {1.0: "husband", 2.0: "midwife"}}
    assert path.stat().st_mode & 0o777 == 0o600
