"""Several laptops, one study (issue 11): demo laptops merge whole, a real code conflict
resolved by renaming, the merge report, the laptop tag."""

import csv
import json
import sqlite3
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner

from oxytimer.cli import main
from oxytimer.domain.clock import FakeClock
from oxytimer.storage.repository import Repository

TABLES = (
    "sites",
    "mothers",
    "screenings",
    "sessions",
    "scores",
    "score_items",
    "assessments",
    "assessment_items",
    "audit_log",
)


def invoke(db, *args):
    return CliRunner().invoke(main, ["--db", str(db), *args], catch_exceptions=False)


def dump(path):
    conn = sqlite3.connect(path)
    try:
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in TABLES}
    finally:
        conn.close()


def copy(src, dst):
    conn = sqlite3.connect(src)
    conn.execute("VACUUM INTO ?", [str(dst)])
    conn.close()
    return dst


@pytest.fixture(scope="module")
def demos(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demos")
    a, b = folder / "a.sqlite", folder / "b.sqlite"
    assert invoke(a, "demo", "--mothers", "40", "--seed", "1").exit_code == 0
    assert invoke(b, "demo", "--mothers", "30", "--seed", "2").exit_code == 0
    return a, b


def test_two_demo_laptops_merge_whole_in_either_order(demos, tmp_path):
    a, b = demos
    ab, ba = copy(a, tmp_path / "ab.sqlite"), copy(b, tmp_path / "ba.sqlite")
    first = invoke(ab, "merge", str(b), "--report", str(tmp_path / "r.csv"))
    assert first.exit_code == 0, first.output
    assert len(first.output.splitlines()) < 40
    assert invoke(ba, "merge", str(a)).exit_code == 0
    merged = dump(ab)
    assert merged == dump(ba)  # rows and values
    codes = {row[2] for row in merged["mothers"]}
    assert len(merged["mothers"]) == 70 and len(codes) == 70
    for source in (a, b):
        assert {r[0] for r in dump(source)["mothers"]} <= {r[0] for r in merged["mothers"]}
    again = invoke(ab, "merge", str(b), str(a))
    assert again.exit_code == 0 and dump(ab) == merged  # twice adds nothing
    with (tmp_path / "r.csv").open() as f:
        rows = list(csv.DictReader(f))
    added = {
        r["table"]: int(r["detail"]) for r in rows if (r["what"], r["kind"]) == ("count", "added")
    }
    assert added["mothers"] == 30 and added["sessions"] == len(dump(b)["sessions"])
    # the baseline and end assessments (the study's outcome) travel with their mothers
    assert dump(b)["assessments"] and added["assessments"] == len(dump(b)["assessments"])
    assert len(merged["assessments"]) == len(dump(a)["assessments"]) + len(dump(b)["assessments"])


def test_a_baseline_recorded_on_both_laptops_is_a_conflict_not_a_failure(tmp_path):
    from oxytimer.storage.assessments import record_assessment
    from oxytimer.storage.repository import Repository

    a = tmp_path / "a.sqlite"
    repo = Repository.open(a)
    repo.ensure_sites([("MTR", "Puskesmas Mataram")])
    mother = repo.add_mother(repo.site_id("MTR"), "MTR-A001")
    repo.close()
    b = copy(a, tmp_path / "b.sqlite")
    for path, total in ((a, 1), (b, 2)):  # each laptop records her baseline
        repo = Repository.open(path)
        record_assessment(
            repo,
            mother,
            "baseline",
            total=total,
            items=None,
            category=None,
            min_total=0,
            max_total=8,
            instrument_version="1.0.0",
        )
        repo.close()
    result = invoke(a, "merge", str(b))
    assert result.exit_code == 3, result.output
    assert "already has a baseline assessment here" in result.output
    assert [r[4] for r in dump(a)["assessments"]] == [1]  # total: nothing overwritten


def test_demo_codes_carry_the_seed_laptop_tag(demos):
    a, b = demos
    assert invoke(a, "laptop-tag").output.strip() == "DA"
    assert invoke(b, "laptop-tag").output.strip() == "DB"
    codes = [r[2] for r in dump(a)["mothers"]]
    assert all(len(c) <= 10 and "-DA" in c for c in codes)


def hand_enrol(path, when, operator):
    repo = Repository.open(path, FakeClock(when), operator=operator)
    repo.ensure_sites([("MTR", "Puskesmas Mataram")])
    mother = repo.add_mother(repo.site_id("MTR"), "MTR-007", age=25)
    repo.close()
    return mother


def test_a_real_code_conflict_is_resolved_by_renaming(tmp_path):
    a, b = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    here = hand_enrol(a, datetime(2026, 3, 1, 1, 0, tzinfo=UTC), "bidan A")
    there = hand_enrol(b, datetime(2026, 3, 1, 2, 0, tzinfo=UTC), "bidan B")
    report_file = tmp_path / "r.json"
    result = invoke(a, "merge", str(b), "--report", str(report_file))
    assert result.exit_code == 3
    assert "study code MTR-007 is used here by another mother" in result.output
    rows = json.loads(report_file.read_text())
    assert [r["record_id"] for r in rows if r["what"] == "conflict"] == [there]
    assert [r["record_id"] for r in rows if r["what"] == "left_out"]  # her audit row waits

    listed = invoke(a, "conflicts")
    assert "#1 study_code_taken" in listed.output and "MTR-007" in listed.output

    before = dump(a)
    for args, message in (
        (("--rename", "MTR-008"), "give a reason"),
        (("--rename", "MTR-007", "--reason", "x"), "already used"),
        (("--rename", "MTR 8", "--reason", "x"), "letters, digits"),
    ):
        bad = invoke(a, "conflicts", "resolve", "1", *args)
        assert bad.exit_code == 1 and message in bad.output
    bad = invoke(a, "conflicts", "resolve", "9", "--rename", "MTR-008", "--reason", "x")
    assert bad.exit_code == 1 and "no open conflict #9" in bad.output
    assert dump(a) == before  # nothing written

    ok = invoke(
        a, "conflicts", "resolve", "1", "--rename", "MTR-008", "--reason", "paper form says 008"
    )
    assert ok.exit_code == 0, ok.output
    assert invoke(a, "conflicts").output.strip() == "No open conflicts."

    assert invoke(a, "merge", str(b)).exit_code == 0
    assert invoke(b, "merge", str(a)).exit_code == 0
    assert dump(a) == dump(b)
    repo = Repository.open(a)
    codes = {m.id: m.study_code for m in repo.mothers()}
    assert codes == {here: "MTR-008", there: "MTR-007"}
    (rename,) = [r for r in repo.audit_rows() if r["field"] == "study_code"]
    assert (rename["operator"], rename["reason"]) == (
        "cli:" + __import__("getpass").getuser(),
        "paper form says 008",
    )
    assert (rename["old_value"], rename["new_value"], rename["record_id"]) == (
        "MTR-007",
        "MTR-008",
        here,
    )
    assert rename["at"]
    repo.close()


def test_a_value_changed_on_both_laptops_is_chosen_with_a_reason(tmp_path):
    a = tmp_path / "a.sqlite"
    mother = hand_enrol(a, datetime(2026, 3, 1, 1, 0, tzinfo=UTC), "bidan A")
    b = copy(a, tmp_path / "b.sqlite")
    for path, age, who in ((a, 26, "bidan A"), (b, 27, "bidan B")):
        repo = Repository.open(
            path, FakeClock(datetime(2026, 3, 2, 1, 0, tzinfo=UTC)), operator=who
        )
        repo.correct_mother(mother, "age", age, "asked again")
        repo.close()
    result = invoke(a, "merge", str(b))
    assert result.exit_code == 3 and "changed on both laptops: age" in result.output
    assert "age: here 26 | there 27" in invoke(a, "conflicts").output
    ok = invoke(a, "conflicts", "resolve", "1", "--take", "theirs", "--reason", "KTP card")
    assert ok.exit_code == 0, ok.output
    assert invoke(a, "merge", str(b)).exit_code == 0
    assert invoke(b, "merge", str(a)).exit_code == 0
    assert dump(a) == dump(b)
    repo = Repository.open(b)
    assert repo.mother(mother).age == 27
    ages = [(r["new_value"], r["reason"]) for r in repo.audit_rows() if r["field"] == "age"]
    assert ("26", "asked again") in ages and ages[-1] == ("27", "KTP card")  # both kept
    repo.close()


def test_merging_a_copy_of_the_same_laptop_warns(tmp_path):
    a = tmp_path / "a.sqlite"
    assert invoke(a, "laptop-tag", "q").output.startswith("This laptop's tag is Q")
    assert "one or two letters" in invoke(a, "laptop-tag", "Q1").output
    b = copy(a, tmp_path / "b.sqlite")
    result = invoke(a, "merge", str(b))
    assert result.exit_code == 0 and "has this laptop's own tag Q" in result.output


def test_the_same_mother_enrolled_twice_is_linked_and_both_laptops_agree(tmp_path):
    a = tmp_path / "a.sqlite"
    repo = Repository.open(a, FakeClock(datetime(2026, 3, 1, 1, 0, tzinfo=UTC)), "bidan A")
    repo.ensure_sites([("MTR", "Puskesmas Mataram")])
    keep = repo.add_mother(repo.site_id("MTR"), "MTR-A001")
    repo.close()
    b = copy(a, tmp_path / "b.sqlite")
    repo = Repository.open(b, FakeClock(datetime(2026, 3, 1, 2, 0, tzinfo=UTC)), "bidan B")
    dup = repo.add_mother(repo.site_id("MTR"), "MTR-B001")
    session = repo.start_session(
        mother_id=dup, caregiver="husband", planned_seconds=180, pre_total=1, pre_items=None,
        pre_category="kurang", min_total=0, max_total=8, protocol_version="1",
        instrument_version="1",
    )  # fmt: skip
    repo.update_session_progress(
        session, status="aborted", massage_seconds=30, paused_seconds=0, pause_count=0,
        abort_reason="mother tired",
    )  # fmt: skip
    repo.close()
    assert invoke(a, "merge", str(b)).exit_code == 0
    bad = invoke(a, "conflicts", "link", "MTR-B001", "MTR-B001", "--reason", "x")
    assert bad.exit_code == 1 and "same record twice" in bad.output
    assert invoke(a, "conflicts", "link", "MTR-B001", "MTR-A001").exit_code == 1  # no reason
    ok = invoke(a, "conflicts", "link", "mtr-b001", "MTR-A001", "--reason", "same KTP number")
    assert ok.exit_code == 0, ok.output
    assert invoke(b, "merge", str(a)).exit_code == 0
    assert invoke(a, "merge", str(b)).exit_code == 0
    assert dump(a) == dump(b)
    repo = Repository.open(b)
    assert repo.session(session).mother_id == keep
    assert repo.mother(dup).status == "closed" and repo.mother(dup).locked
    moved = [r for r in repo.audit_rows() if r["field"] == "mother_id"]
    assert [(r["old_value"], r["new_value"]) for r in moved] == [(dup, keep)]
    assert "same KTP number" in moved[0]["reason"]
    repo.close()
