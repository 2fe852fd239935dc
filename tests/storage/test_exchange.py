"""CSV import (all or nothing, idempotent) and the exports."""

import csv
import io
import json
import re
import shutil
import sqlite3
import stat
import subprocess
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oxytimer.domain.clock import FakeClock
from oxytimer.storage import exchange
from oxytimer.storage.exchange import (
    export,
    export_bundle,
    export_csv,
    export_redcap,
    import_csv,
    plan_import,
    redcap_group_name,
)
from oxytimer.storage.repository import DatabaseFullError, Repository

GOOD = (
    "participant,site,pre,post,date,caregiver,duration_min,age,occupation\n"
    "MTR-001,AMP,1,4,2026-03-01 07:30,husband,4,24,trader\n"
    "MTR-001,AMP,2,5,2026-03-02T16:05,suami,4,24,\n"
    "MTR-002,KPL,0,3,01/03/2026 08.15,bidan,3,31,ibu rumah tangga\n"
)


NOW = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)


@pytest.fixture
def repo():
    r = Repository.memory(FakeClock(NOW), operator="Koordinator")
    r.ensure_sites([("AMP", "Puskesmas Ampenan"), ("KPL", "Puskesmas Karang Pule")])
    return r


def counts(repo):
    return {
        t: repo.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("mothers", "sessions", "scores", "score_items", "audit_log")
    }


def test_import_creates_completed_audited_sessions(repo):
    result = import_csv(repo, GOOD.encode())
    assert result.plan.problems == []
    assert (result.sessions_added, result.mothers_added) == (3, 2)
    sessions = repo.sessions_with_status("completed")
    assert len(sessions) == 3
    first = next(s for s in sessions if s.study_code == "MTR-001")
    assert (first.pre.total, first.post.total, first.caregiver) == (1, 4, "husband")
    assert first.pre.category == "kurang" and first.post.category == "cukup"
    assert first.started_at == "2026-02-28T23:30:00.000+00:00"  # 07:30 in Mataram
    sources = {r[0] for r in repo.db.execute("SELECT source FROM sessions")}
    assert sources == {"import"}
    mother = next(m for m in repo.mothers() if m.study_code == "MTR-002")
    assert (mother.site_code, mother.age, mother.occupation) == ("KPL", 31, "not_working")
    for s in sessions:
        assert repo.audit_rows("sessions", s.id)[0]["action"] == "insert"
        assert repo.audit_rows("sessions", s.id)[0]["operator"] == "Koordinator"


def test_import_again_adds_nothing(repo):
    import_csv(repo, GOOD.encode())
    before = counts(repo)
    again = import_csv(repo, GOOD.encode())
    assert again.plan.ok and not again.written
    assert again.plan.already_imported == 3
    assert counts(repo) == before


def test_conflicting_reimport_is_reported_and_writes_nothing(repo):
    import_csv(repo, GOOD.encode())
    before = counts(repo)
    changed = GOOD.replace("MTR-001,AMP,1,4,", "MTR-001,AMP,1,6,")
    assert changed != GOOD
    result = import_csv(repo, changed.encode())
    assert not result.written
    assert [(p.line, p.code) for p in result.plan.problems] == [(2, "conflict")]
    assert counts(repo) == before


def test_sessions_follow_their_time_not_the_file_order(repo):
    text = (
        "participant,site,pre,post,date\n"
        "MTR-001,AMP,3,7,2026-03-02 16:00\n"  # evening, typed first
        "MTR-001,AMP,1,4,2026-03-02 07:00\n"  # morning
        "MTR-001,AMP,2,5,1/3/2026 16:30\n"  # the day before
    )
    assert import_csv(repo, text.encode()).written
    started = [s.started_at for s in repo.sessions_for_mother(repo.mothers()[0].id)]
    assert started == [
        "2026-03-01T08:30:00.000+00:00",
        "2026-03-01T23:00:00.000+00:00",
        "2026-03-02T08:00:00.000+00:00",
    ]
    pairs = exchange.first_last_pairs(repo)
    assert [(r[3], r[4]) for r in pairs.rows] == [(2, 7)]  # first pre, last post


def test_rows_without_a_time_are_refused_not_given_the_import_time(repo):
    for text in (
        "participant,site,pre,post,date\nMTR-001,AMP,1,4,\nMTR-001,AMP,1,4,\n",
        "participant,site,pre,post,date\nMTR-001,AMP,1,4,2026-03-02\n",
        "participant,site,pre,post,date\nMTR-001,AMP,1,4,02/03/2026\n",
        "participant,site,pre,post,date\nMTR-001,AMP,1,4,20260302\n",
        "participant,site,pre,post\nMTR-001,AMP,1,4\n",
    ):
        result = import_csv(repo, text.encode())
        assert not result.written and result.plan.problems
        assert {(p.column, p.code) for p in result.plan.problems} <= {
            ("date", "required"),
            ("date", "time_required"),
            ("date", "missing_column"),
        }
    assert counts(repo)["sessions"] == 0


def test_bom_semicolons_and_decimal_commas(repo):
    text = (
        "\ufeffParticipant;Site;Pre;Post;Duration_min;Date\nMTR-009;amp;2;5,0;4,5;2026-03-02 7:05\n"
    )
    result = import_csv(repo, text.encode("utf-8"))
    assert result.plan.problems == [] and result.sessions_added == 1
    session = repo.sessions_with_status("completed")[0]
    assert (session.planned_seconds, session.post.total, session.site_code) == (270, 5, "AMP")


def test_every_bad_row_listed_and_nothing_written(repo):
    text = (
        "participant,site,pre,post,date,caregiver\n"
        "MTR-001,AMP,1,4,2026-03-01 07:00,husband\n"
        "MTR-002,XXX,9,4,2026-13-01 07:00,neighbour\n"
        ",AMP,abc,2.5,,\n"
        "MTR-003,AMP,1,4,2099-01-01 07:00,husband\n"
        "MTR-004,AMP,1\n"
        "MTR-005,AMP,1,4,2026-03-01,husband\n"
        "MTR-001,AMP,2,4,01/03/2026 07:00,bidan\n"
    )
    before = counts(repo)
    result = import_csv(repo, text.encode())
    assert not result.written
    found = [(p.line, p.column, p.value, p.code) for p in result.plan.problems]
    assert found == [
        (3, "caregiver", "neighbour", "unknown_caregiver"),
        (3, "date", "2026-13-01 07:00", "bad_date"),
        (3, "pre", "9", "out_of_range"),
        (3, "site", "XXX", "unknown_site"),
        (4, "date", "", "required"),
        (4, "participant", "", "required"),
        (4, "post", "2.5", "not_whole"),
        (4, "pre", "abc", "not_a_number"),
        (5, "date", "2099-01-01 07:00", "future_date"),
        (6, "", "MTR-004,AMP,1", "wrong_field_count"),
        (7, "date", "2026-03-01", "time_required"),
        (8, "date", "01/03/2026 07:00", "duplicate_row"),
    ]
    assert result.plan.problems[-1].params == {"line": 2}
    assert counts(repo) == before


@pytest.mark.parametrize(
    "data, code",
    [
        (b"", "empty"),
        (b"participant,site,pre,post,date\n", "empty"),
        (b"participant,site,pre\nA,AMP,1\n", "missing_column"),
        (b"participant,site,pre,post\nA,AMP,1,2\n", "missing_column"),  # no date
        (b"participant,site,pre,post,colour\nA,AMP,1,2,red\n", "unknown_column"),
        (b"participant,site,pre,post\nA,AMP,\xff,2\n", "not_utf8"),
        (b'participant,site,pre,post\n"A,AMP,1,2\n', "csv_error"),
    ],
)
def test_bad_files(repo, data, code):
    plan = plan_import(repo, data)
    assert code in [p.code for p in plan.problems]


def test_mother_details_must_agree(repo):
    text = (
        "participant,site,pre,post,age,date\n"
        "MTR-001,AMP,1,4,24,2026-03-01 07:00\nMTR-001,AMP,1,4,25,2026-03-01 16:00\n"
    )
    plan = plan_import(repo, text.encode())
    assert [(p.line, p.code) for p in plan.problems] == [(3, "mother_differs")]


def test_disk_full_during_import_writes_nothing(repo):
    rows = "".join(f"MTR-{i:03d},AMP,1,4,2026-03-01 7:00,husband,4,24,trader\n" for i in range(300))
    text = "participant,site,pre,post,date,caregiver,duration_min,age,occupation\n" + rows
    page_count = repo.db.execute("PRAGMA page_count").fetchone()[0]
    repo.db.execute(f"PRAGMA max_page_count = {page_count + 2}")
    before = counts(repo)
    with pytest.raises(DatabaseFullError):
        import_csv(repo, text.encode())
    assert counts(repo) == before


def test_failure_midway_rolls_back(repo, monkeypatch):
    """A failure in a later batch undoes the batches already written."""
    from oxytimer.storage.importer import BATCH_ROWS

    rows = "".join(
        f"MTR-{i:04d},AMP,1,4,2026-03-01 07:00,husband\n" for i in range(BATCH_ROWS + 20)
    )
    text = "participant,site,pre,post,date,caregiver\n" + rows
    calls = {"n": 0}
    original = repo._insert_rows

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 5:  # the second batch's sessions
            raise DatabaseFullError("database or disk is full")
        return original(*args, **kwargs)

    monkeypatch.setattr(repo, "_insert_rows", failing)
    with pytest.raises(DatabaseFullError):
        import_csv(repo, text.encode())
    assert calls["n"] == 5
    assert counts(repo) == {
        "mothers": 0,
        "sessions": 0,
        "scores": 0,
        "score_items": 0,
        "audit_log": counts(repo)["audit_log"],
    }
    assert (
        repo.db.execute("SELECT count(*) FROM audit_log WHERE table_name != 'sites'").fetchone()[0]
        == 0
    )


_cells = st.one_of(
    st.sampled_from(
        ["MTR-001", "AMP", "KPL", "1", "4", "8", "9", "-1", "2,5", "", "x", "01/02/2026"]
    ),
    st.text(max_size=8),
)
_headers = st.lists(
    st.sampled_from(
        [
            "participant",
            "site",
            "pre",
            "post",
            "date",
            "caregiver",
            "duration_min",
            "age",
            "occupation",
            "x",
        ]
    ),
    min_size=0,
    max_size=7,
)


@st.composite
def malformed_csv(draw):
    header = draw(_headers)
    rows = draw(st.lists(st.lists(_cells, max_size=8), max_size=6))
    sep = draw(st.sampled_from([",", ";"]))
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=sep).writerows([header, *rows])
    text = buffer.getvalue()
    if draw(st.booleans()):
        cut = draw(st.integers(0, len(text)))
        text = text[:cut] + draw(st.text(max_size=5)) + text[cut:]
    data = text.encode("utf-8", "surrogatepass")
    if draw(st.booleans()):
        data = draw(st.binary(max_size=40)) + data
    return data


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=malformed_csv())
def test_random_files_never_crash_and_never_half_write(data):
    repo = Repository.memory(FakeClock(NOW))
    repo.ensure_sites([("AMP", "Puskesmas Ampenan"), ("KPL", "Puskesmas Karang Pule")])
    before = counts(repo)
    result = import_csv(repo, data)
    after = counts(repo)
    if result.plan.problems:
        assert not result.written and after == before
    else:
        added = result.sessions_added
        assert after["sessions"] - before["sessions"] == added
        assert after["scores"] - before["scores"] == 2 * added
        assert added == result.plan.new_sessions


# ------------------------------------------------------------------------- exports
def read_csv(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def filled(repo):
    import_csv(repo, GOOD.encode())
    site = repo.site_id("AMP")
    mother = repo.add_mother(
        site,
        "MTR-050",
        name="Ibu Rahma",
        age=22,
        delivery_date="2026-03-08",
        consent=1,
        consent_date="2026-03-09",
    )
    session = repo.start_session(
        mother_id=mother,
        caregiver="midwife",
        planned_seconds=240,
        pre_total=2,
        pre_items={"drips_when_pressed": True, "full_before_feed": False},
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
        abort_reason="Bayi menangis, Ibu Rahma lelah",
    )
    return repo


def test_csv_export_is_deidentified_by_default(filled, tmp_path):
    files = export_csv(filled, tmp_path)
    assert [f.name for f in files] == ["sessions.csv", "mothers.csv"]
    sessions = read_csv(tmp_path / "sessions.csv")
    mothers = read_csv(tmp_path / "mothers.csv")
    assert len(sessions) == 4 and len(mothers) == 3
    assert "name" not in mothers[0] and "abort_reason" not in sessions[0]
    assert "Rahma" not in (tmp_path / "sessions.csv").read_text()
    assert "Rahma" not in (tmp_path / "mothers.csv").read_text()
    aborted = next(r for r in sessions if r["status"] == "aborted")
    assert aborted["pre_drips_when_pressed"] == "1" and aborted["pre_full_before_feed"] == "0"
    assert aborted["pre_wet_nappies"] == "" and aborted["post_total"] == ""
    # No dates tied to a person: days since enrolment and the local time of day instead.
    assert (aborted["day"], aborted["start_time_local"]) == ("0", "10:00")
    rahma = next(m for m in mothers if m["study_code"] == "MTR-050")
    assert (rahma["delivery_day"], rahma["consent_day"], rahma["status_day"]) == ("-2", "-1", "")
    first = next(r for r in sessions if r["study_code"] == "MTR-001")
    assert (first["day"], first["start_time_local"]) == ("-9", "07:30")  # paper, before
    for name in ("sessions.csv", "mothers.csv"):
        text = (tmp_path / name).read_text()
        assert not re.search(r"20\d\d-\d\d-\d\d|\d\d/\d\d/20\d\d", text), name
    for f in files:
        assert stat.S_IMODE(f.stat().st_mode) == 0o600
    export_csv(filled, tmp_path, identifying=True)
    mothers = read_csv(tmp_path / "mothers.csv")
    assert {m["name"] for m in mothers} == {"", "Ibu Rahma"}
    rahma = next(m for m in mothers if m["study_code"] == "MTR-050")
    assert (rahma["delivery_date"], rahma["consent_date"]) == ("2026-03-08", "2026-03-09")
    assert rahma["enrolled_at_utc"] == "2026-03-10T02:00:00.000+00:00"
    assert "Ibu Rahma lelah" in (tmp_path / "sessions.csv").read_text()
    sessions = read_csv(tmp_path / "sessions.csv")
    aborted = next(r for r in sessions if r["status"] == "aborted")
    assert aborted["started_at_utc"] == "2026-03-10T02:00:00.000+00:00"
    assert aborted["ended_at_utc"] == "2026-03-10T02:00:00.000+00:00"


def test_redcap_export(filled, tmp_path):
    dictionary, records = export_redcap(filled, tmp_path)
    fields = read_csv(dictionary)
    rows = read_csv(records)
    assert fields[0]["Variable / Field Name"] == "record_id"
    assert list(rows[0])[:2] == ["record_id", "redcap_data_access_group"]
    assert {r["redcap_data_access_group"] for r in rows} == {"amp", "kpl"}
    names = {f["Variable / Field Name"] for f in fields}
    assert set(rows[0]) - {"redcap_data_access_group"} <= names
    caregiver = next(f for f in fields if f["Variable / Field Name"] == "caregiver")
    assert caregiver["Choices, Calculations, OR Slider Labels"].startswith(
        "1, husband | 2, midwife"
    )
    husband = next(r for r in rows if r["pre_total"] == "1")
    assert husband["caregiver"] == "1"
    assert (husband["day"], husband["start_time_local"]) == ("-9", "07:30")
    assert not {"started_at_utc", "ended_at_utc"} & names
    day = next(f for f in fields if f["Variable / Field Name"] == "day")
    assert day["Text Validation Type OR Show Slider Number"] == "integer"
    assert redcap_group_name("Puskesmas Dasan-Agung 2") == "puskesmas_dasan_ag"


def test_bundle_holds_deidentified_files_and_the_apps_numbers(filled, tmp_path):
    path = export_bundle(filled, tmp_path)
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        assert {
            "sessions.csv",
            "mothers.csv",
            "pairs.csv",
            "data_dictionary.csv",
            "analysis.R",
        } <= names
        assert "Rahma" not in archive.read("mothers.csv").decode()
        for name in ("sessions.csv", "mothers.csv", "pairs.csv"):
            assert "2026-" not in archive.read(name).decode(), name
        pairs = list(csv.DictReader(io.StringIO(archive.read("pairs.csv").decode())))
        # MTR-001: pre of the first session (1), post of the last completed one (5).
        assert [(p["study_code"], p["pre"], p["post"]) for p in pairs] == [
            ("MTR-001", "1", "5"),
            ("MTR-002", "0", "3"),
        ]
        results = json.loads(archive.read("results.json"))
        assert results["analysis"]["n_pairs"] == 2
        assert "wilcoxon.z" in archive.read("results.csv").decode()
        dictionary = archive.read("data_dictionary.csv").decode()
        assert "pairs.csv,pre," in dictionary


@pytest.mark.parametrize("name", ["exact7", "fuel12", "ties20", "improved60"])
def test_r_script_reproduces_the_apps_numbers(tmp_path, name):
    rscript = shutil.which("Rscript")
    if rscript is None:
        pytest.skip("Rscript is not on PATH")
    with open(Path(__file__).parents[1] / "data" / f"{name}.csv") as handle:
        data = list(csv.DictReader(handle))
    repo = Repository.memory(FakeClock())
    repo.ensure_sites([("AMP", "Puskesmas Ampenan")])
    lines = ["participant,site,pre,post,date"] + [
        f"{r['participant']},AMP,{r['pre']},{r['post']},2026-01-05 07:00" for r in data
    ]
    result = import_csv(repo, "\n".join(lines).encode(), instrument=_wide_instrument())
    assert result.written, result.plan.problems
    bundle = export_bundle(repo, tmp_path)
    folder = tmp_path / "bundle"
    zipfile.ZipFile(bundle).extractall(folder)
    run = subprocess.run(
        [rscript, "analysis.R", "."], cwd=folder, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "reproduced" in run.stdout


def _wide_instrument():
    """An instrument whose range holds the reference data's scores (up to 40)."""
    from oxytimer.domain.instrument import Category, Instrument, Item
    from oxytimer.domain.texts import LocalText

    text = LocalText(id="x", en="x")
    items = tuple(Item(f"i{n}", text) for n in range(40))
    return Instrument("wide", text, items, (Category("all", text, 0, 40),))


def test_export_dispatch_and_missing_extras(filled, tmp_path, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_extras(name, *args, **kwargs):
        if name in ("openpyxl", "pyreadstat", "pandas"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_extras)
    # Both are written by oxytimer's own writers: no optional package needed.
    assert [p.name for p in export(filled, tmp_path / "s", "sav")] == [
        "sessions.sav",
        "mothers.sav",
    ]
    assert [p.name for p in export(filled, tmp_path, "xlsx")] == ["oxytimer.xlsx"]


def test_xlsx_export(filled, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    (path,) = export(filled, tmp_path, "xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["sessions", "mothers"]


def test_sav_export(filled, tmp_path):
    pyreadstat = pytest.importorskip("pyreadstat")
    files = export(filled, tmp_path, "sav")
    _frame, meta = pyreadstat.read_sav(str(files[0]))
    assert meta.variable_value_labels["caregiver"][1] == "husband"


# ------------------------------------------------------------- pseudonymous record ids
def _minutes_around(moment, days):
    start = moment - timedelta(days=days)
    return (start + timedelta(minutes=m) for m in range(2 * days * 24 * 60 + 1))


def _search_start_time(site, code, exported_id, around, days=3):
    """What an attacker does with an export row: try every minute near ``around``."""
    for when in _minutes_around(around, days):
        if exchange.import_session_id(site, code, when, 0) == exported_id:
            return when
    return None


def test_deidentified_ids_do_not_give_the_session_time_back(repo, tmp_path):
    when = datetime(2026, 3, 4, 7, 37).astimezone()  # local (Mataram) time
    text = f"participant,site,pre,post,date\nMTR-007,AMP,1,4,{when:%Y-%m-%d %H:%M}\n"
    assert import_csv(repo, text.encode()).written
    real = repo.sessions_with_status("completed")[0]
    assert real.id == exchange.import_session_id("AMP", "MTR-007", when, 0)

    export_csv(repo, tmp_path / "a")
    export_csv(repo, tmp_path / "b")
    (row_a,) = read_csv(tmp_path / "a" / "sessions.csv")
    (row_b,) = read_csv(tmp_path / "b" / "sessions.csv")
    (mother_a,) = read_csv(tmp_path / "a" / "mothers.csv")
    (mother_b,) = read_csv(tmp_path / "b" / "mothers.csv")
    # The same record, the same pseudonym in every export from this database.
    assert row_a["session_id"] == row_b["session_id"]
    assert row_a["mother_id"] == row_b["mother_id"] == mother_a["mother_id"]
    assert mother_a["mother_id"] == mother_b["mother_id"]
    for value in (row_a["session_id"], row_a["mother_id"]):
        assert re.fullmatch(r"[0-9a-f]{16}", value)
    assert row_a["session_id"] != row_a["mother_id"]
    text_a = (tmp_path / "a" / "sessions.csv").read_text()
    assert real.id not in text_a and real.mother_id not in text_a
    assert real.mother_id not in (tmp_path / "a" / "mothers.csv").read_text()

    # The search that finds the time from the real UUID finds nothing from the export.
    site, code = row_a["site"], row_a["study_code"]
    assert _search_start_time(site, code, real.id, when) == when
    assert _search_start_time(site, code, row_a["session_id"], when) is None

    # REDCap and the bundle carry the same pseudonyms, never the UUIDs.
    _dictionary, records = export_redcap(repo, tmp_path / "r")
    (record,) = read_csv(records)
    assert (record["record_id"], record["mother_id"]) == (row_a["session_id"], row_a["mother_id"])
    with zipfile.ZipFile(export_bundle(repo, tmp_path / "z")) as archive:
        names = archive.namelist()
        assert not any(real.id in archive.read(n).decode() for n in names)
        (pair,) = csv.DictReader(io.StringIO(archive.read("pairs.csv").decode()))
        assert pair["mother_id"] == row_a["mother_id"]

    # Identifying exports keep the real UUIDs.
    export_csv(repo, tmp_path / "i", identifying=True)
    (row_i,) = read_csv(tmp_path / "i" / "sessions.csv")
    (mother_i,) = read_csv(tmp_path / "i" / "mothers.csv")
    assert (row_i["session_id"], row_i["mother_id"]) == (real.id, real.mother_id)
    assert mother_i["mother_id"] == real.mother_id


def test_the_export_key_belongs_to_the_database(tmp_path):
    from oxytimer.storage.merge import merge_databases

    def laptop(name):
        r = Repository.open(tmp_path / name, FakeClock(NOW))
        r.ensure_sites([("AMP", "Puskesmas Ampenan"), ("KPL", "Puskesmas Karang Pule")])
        return r

    def session_ids(r, folder):
        export_csv(r, tmp_path / folder)
        return sorted(row["session_id"] for row in read_csv(tmp_path / folder / "sessions.csv"))

    a = laptop("a.sqlite")
    assert import_csv(a, GOOD.encode()).written
    audit_before = counts(a)["audit_log"]
    first = session_ids(a, "a1")
    key = a.db.execute("SELECT key FROM export_secret").fetchall()
    assert len(key) == 1 and len(key[0][0]) == 32
    assert counts(a)["audit_log"] == audit_before  # the key is never in the audit trail
    a.close()
    a = Repository.open(tmp_path / "a.sqlite", FakeClock(NOW))
    assert session_ids(a, "a2") == first  # the same after reopening
    assert a.db.execute("SELECT key FROM export_secret").fetchall() == key
    with pytest.raises(sqlite3.IntegrityError):
        a.db.execute("UPDATE export_secret SET key = ?", [b"x" * 32])
    a.close()

    # The same sessions merged into another database: other pseudonyms (the key is not
    # derivable from the data), and merging does not bring the other database's key.
    b = laptop("b.sqlite")
    report = merge_databases(b, [tmp_path / "a.sqlite"])
    assert not report.conflicts and report.added["sessions"] == 3
    assert b.db.execute("SELECT count(*) FROM export_secret").fetchone()[0] == 0
    other = session_ids(b, "b1")
    assert len(other) == len(first) == 3 and not set(other) & set(first)
    assert b.db.execute("SELECT key FROM export_secret").fetchall() != key
    b.close()
