"""``oxytimer summary`` and ``oxytimer demo``: outputs, reference numbers, bad files, edges."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from oxytimer.cli import main
from oxytimer.domain.clock import FakeClock
from oxytimer.domain.protocol import load_protocol
from oxytimer.storage.demo import fill_demo
from oxytimer.storage.repository import Repository

DATA = Path(__file__).resolve().parent.parent / "data"

REQUIRED_KEYS = {
    "n_pairs",
    "excluded",
    "pre",
    "post",
    "difference",
    "wilcoxon",
    "hodges_lehmann",
    "effect_size",
    "paired_t",
    "categories",
}


def expected_r() -> dict[str, dict[str, str]]:
    """expected-R.txt as {case: {"line label.key": value}}."""
    cases: dict[str, dict[str, str]] = {}
    current: dict[str, str] = {}
    for line in (DATA / "expected-R.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("== "):
            current = cases.setdefault(line[3:].strip().removesuffix(".csv"), {})
            continue
        first = line.split(" ", 1)[0]
        label = first.split("=", 1)[0] if "=" in first else first
        for key, value in re.findall(r"(\w+)=(\S+)", line):
            current[f"{label}.{key}"] = value
    return cases


EXPECTED = expected_r()


def run(*args: str, db: Path | None = None) -> tuple[int, str, str]:
    prefix = ["--db", str(db)] if db is not None else []
    result = CliRunner().invoke(main, [*prefix, *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def summary_json(*args: str, db: Path | None = None) -> dict:
    code, out, err = run("summary", *args, "--format", "json", db=db)
    assert code == 0, err
    return json.loads(out)


# ------------------------------------------------------------------------- --pairs files


@pytest.mark.parametrize("case", ["exact7", "fuel12", "scale12", "ties20", "improved60"])
def test_json_matches_r(case: str) -> None:
    d = summary_json("--pairs", str(DATA / f"{case}.csv"))
    e = EXPECTED[case]
    assert set(d) >= REQUIRED_KEYS
    w = d["wilcoxon"]
    assert d["n_pairs"] == int(e["n_pairs.n_pairs"])
    assert w["positive_ranks"]["n"] == int(e["n_pairs.pos"])
    assert w["negative_ranks"]["n"] == int(e["n_pairs.neg"])
    assert w["ties"] == int(e["n_pairs.ties"])
    assert w["positive_ranks"]["sum_ranks"] == pytest.approx(float(e["pos_mean_rank.pos_sum"]))
    assert w["z"] == pytest.approx(float(e["spss_z.spss_z"]), abs=5e-7)
    assert w["p_asymptotic"] == pytest.approx(float(e["spss_z.spss_p"]), rel=1e-6)
    assert w["v"] == pytest.approx(float(e["R_V.R_V"]))
    assert w["p_r_default"] == pytest.approx(float(e["R_V.R_default_p"]), rel=1e-6)
    if case == "exact7":  # no ties, no zeros, n < 50: R's exact test
        assert w["p_exact"] == pytest.approx(float(e["R_V.R_default_p"]), rel=1e-6)
    else:
        assert w["p_exact"] is None
    hl = d["hodges_lehmann"]
    assert hl["estimate"] == pytest.approx(float(e["HL_default_est.HL_default_est"]), abs=1e-3)
    assert hl["ci_low"] == pytest.approx(float(e["HL_default_est.ci_low"]), abs=1e-3)
    assert hl["ci_high"] == pytest.approx(float(e["HL_default_est.ci_high"]), abs=1e-3)
    assert hl["confidence"] == 0.95
    assert d["effect_size"]["rank_biserial"] == pytest.approx(
        float(e["effect_r.rank_biserial"]), abs=5e-7
    )
    # expected-R's effect_r divides by the non-zero pairs; ours by all pairs (SPEC.md).
    nonzero = int(e["n_pairs.nonzero"])
    assert d["effect_size"]["r_n"] == d["n_pairs"]
    assert d["effect_size"]["r"] == pytest.approx(
        float(e["effect_r.effect_r"]) * math.sqrt(nonzero / d["n_pairs"]), abs=5e-6
    )
    assert d["paired_t"]["t"] == pytest.approx(float(e["ttest.t"]), abs=5e-6)
    assert d["paired_t"]["df"] == int(e["ttest.df"])
    assert d["paired_t"]["p"] == pytest.approx(float(e["ttest.p"]), rel=1e-6)
    assert d["pre"]["mean"] == pytest.approx(float(e["pre.mean"]), abs=5e-7)
    assert d["post"]["sd"] == pytest.approx(float(e["post.sd"]), abs=5e-7)
    assert d["categories"] is None  # arbitrary numeric scores: no categories
    assert d["source"]["kind"] == "file"
    assert d["excluded"] == {"missing_score": 0}


def test_text_has_spss_tables_and_apa_sentence() -> None:
    code, out, _ = run("summary", "--pairs", str(DATA / "fuel12.csv"))
    assert code == 0
    assert "Ranks" in out and "Negative Ranks" in out and "Positive Ranks" in out
    assert "Test Statistics" in out and "Asymp. Sig. (2-tailed)" in out
    assert "−2.013" in out and ".044" in out
    assert "Z = −2.01, p = .044" in out
    assert "p = .000" not in out and "p = 0.000" not in out


def test_text_in_indonesian() -> None:
    code, out, _ = run("summary", "--pairs", str(DATA / "improved60.csv"), "--lang", "id")
    assert code == 0
    assert "Ringkasan klinis" in out
    assert "p < 0,001" in out


def test_categories_for_instrument_scores() -> None:
    d = summary_json("--pairs", str(DATA / "improved60.csv"), "--categories")
    assert set(d["categories"]["pre"]) == {"kurang", "cukup", "banyak"}
    assert sum(d["categories"]["pre"].values()) == 60


def test_csv_round_trips_through_pairs(tmp_path: Path) -> None:
    code, out, _ = run("summary", "--pairs", str(DATA / "scale12.csv"), "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 12
    assert rows[0]["participant"] and rows[0]["difference"] != ""
    again = tmp_path / "again.csv"
    again.write_text(out, encoding="utf-8")
    first = summary_json("--pairs", str(DATA / "scale12.csv"))
    second = summary_json("--pairs", str(again))
    assert first["wilcoxon"] == second["wilcoxon"]


# ------------------------------------------------------------------------- bad files and edges


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("participant,pre\nA,1\n", "line 1, column 'post'"),
        ("participant,pre,post\nA,1,2\nB,x,3\n", "line 3, column 'pre': 'x': not a number"),
        ("", "the file is empty"),
        ("participant,pre,post\nA,1,2\nA,2,3\n", "line 3, column 'participant'"),
    ],
    ids=["missing-column", "non-numeric", "empty", "duplicate"],
)
def test_bad_file_exits_non_zero_naming_line(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    code, out, err = run("summary", "--pairs", str(path))
    assert code != 0
    assert expected in err
    assert out == ""


def test_all_zero_differences_are_null_with_reason(tmp_path: Path) -> None:
    path = tmp_path / "zero.csv"
    path.write_text("participant,pre,post\nA,1,1\nB,2,2\nC,0,0\n", encoding="utf-8")
    d = summary_json("--pairs", str(path))
    w = d["wilcoxon"]
    assert w["ties"] == 3 and w["z"] is None and w["p_asymptotic"] is None
    assert w["note"] and "nothing to rank" in w["note"]
    assert d["hodges_lehmann"]["estimate"] is None
    assert "all_zero" in d["warnings"]
    code, out, _ = run("summary", "--pairs", str(path))
    assert code == 0 and "nan" not in out.lower()


def test_missing_scores_are_counted(tmp_path: Path) -> None:
    path = tmp_path / "na.csv"
    path.write_text("participant,pre,post\nA,3,5\nB,4,NA\nC,2,3\nD,5,6\nE,3,5\n", encoding="utf-8")
    d = summary_json("--pairs", str(path))
    assert d["n_pairs"] == 4
    assert d["excluded"]["missing_score"] == 1
    assert d["wilcoxon"]["z"] == pytest.approx(-1.857, abs=5e-4)
    assert d["wilcoxon"]["v"] == 10
    assert d["wilcoxon"]["p_r_default"] == pytest.approx(0.0947, abs=5e-5)


def test_no_database_is_an_error(tmp_path: Path) -> None:
    code, _, err = run("summary", db=tmp_path / "none.sqlite")
    assert code == 1 and "no database" in err


# ------------------------------------------------------------------------- the database


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    repo = Repository.open(path, FakeClock(datetime(2026, 3, 2, 23, 0, tzinfo=UTC)))
    fill_demo(repo, mothers=60, seed=3)
    repo.close()
    return path


def test_database_json_has_context(demo_db: Path) -> None:
    d = summary_json(db=demo_db)
    assert set(d) >= REQUIRED_KEYS
    assert d["source"]["kind"] == "database"
    assert d["pairing"]["rule"] == "first-last" and d["pairing"]["not_independent"] is False
    assert d["pairing"]["baseline_from_unfinished_session"] >= 0
    assert d["versions"]["instrument_versions_in_pairs"] == ["1.0.0"]
    assert not {"mixed_instrument_versions", "mixed_score_ranges"} & set(d["warnings"])
    assert d["n_pairs"] > 40
    assert set(d["excluded"]) >= {"missing_score", "screened_out"} or d["excluded"]
    assert sum(d["categories"]["pre"].values()) == d["n_pairs"]
    assert d["categories"]["pre"]["kurang"] > d["categories"]["pre"]["cukup"]
    assert d["categories"]["post"]["cukup"] > d["categories"]["post"]["kurang"]
    c = d["characteristics"]
    assert c["n_mothers"] == d["n_pairs"]
    assert [r["id"] for r in c["age_groups"]["rows"]][:3] == ["under_20", "20_35", "over_35"]
    assert sum(r["n"] for r in c["site"]) == c["n_mothers"]
    assert d["dose"]["adherence_percent"]["n"] == c["n_mothers"]
    assert d["versions"]["software"].startswith("oxytimer ")
    assert d["versions"]["protocol_versions_in_data"] == [load_protocol().version]
    # Issue 12: the main analysis is baseline against end assessment.
    assert d["filters"]["design"] == "assessments"
    assert d["filters"]["completed_follow_up_only"] is False


def test_database_pairing_rules_and_filters(demo_db: Path) -> None:
    # The pairing rules apply to sessions: the session checks (the secondary outcome).
    checks = ("--design", "session_check")
    everything = summary_json(*checks, db=demo_db)
    sessions = summary_json("--pairing", "sessions", *checks, db=demo_db)
    assert sessions["n_pairs"] > everything["n_pairs"]
    assert sessions["not_independent"] is True
    means = summary_json("--pairing", "means", *checks, db=demo_db)
    assert means["n_pairs"] == everything["n_pairs"]
    closed = summary_json("--completed-only", *checks, db=demo_db)
    assert 0 < closed["n_pairs"] < everything["n_pairs"]
    # An end assessment follows the last session: only mothers whose follow-up closed.
    assessed = summary_json(db=demo_db)
    assert assessed["n_pairs"] == summary_json("--completed-only", db=demo_db)["n_pairs"]
    one_site = summary_json("--site", "amp", "--site", "MTR", db=demo_db)
    assert {r["id"] for r in one_site["characteristics"]["site"]} <= {"AMP", "MTR"}
    husbands = summary_json("--caregiver", "husband", db=demo_db)
    assert {r["id"] for r in husbands["characteristics"]["caregiver"] if r["n"]} == {"husband"}
    later = summary_json("--enrolled-from", "2026-03-01", db=demo_db)
    assert later["n_pairs"] < everything["n_pairs"]
    assert later["filters"]["enrolled_from"] == "2026-03-01"
    nobody = summary_json("--protocol-version", "9.9", db=demo_db)
    assert nobody["n_pairs"] == 0 and "no_pairs" in nobody["warnings"]


def two_instruments(path: Path) -> Path:
    """A database where one mother was scored on a 0-8 checklist, another on a 0-10 one."""
    repo = Repository.open(path, FakeClock(datetime(2026, 3, 2, 23, 0, tzinfo=UTC)))
    repo.ensure_sites([("AMP", "Puskesmas Ampenan")])
    for n, (version, high, pre, post) in enumerate([("1.0.0", 8, 1, 5), ("2.0.0", 10, 2, 9)]):
        mother = repo.add_mother(repo.site_id("AMP"), f"AMP-{n:03d}")
        session, at = f"session-{n}", f"2026-03-0{n + 3}T00:00:00.000+00:00"
        repo.insert_many(
            "sessions",
            [
                {
                    "id": session,
                    "mother_id": mother,
                    "caregiver": "husband",
                    "planned_seconds": 240,
                    "protocol_version": "1.0.0",
                    "instrument_version": version,
                    "status": "completed",
                    "started_at": at,
                    "ended_at": at,
                    "massage_seconds": 240.0,
                    "paused_seconds": 0.0,
                    "pause_count": 0,
                    "progress_at": at,
                    "source": "demo",
                    "operator": "test",
                }
            ],
            stamp="started_at",
        )
        repo.insert_many(
            "scores",
            [
                {
                    "id": f"{session}-{kind}",
                    "session_id": session,
                    "kind": kind,
                    "instrument_version": version,
                    "total": total,
                    "min_total": 0,
                    "max_total": high,
                    "category": None,
                    "recorded_at": at,
                }
                for kind, total in (("pre", pre), ("post", post))
            ],
            stamp="recorded_at",
        )
    repo.close()
    return path


def test_pooled_instrument_versions_are_warned_and_can_be_filtered(tmp_path: Path) -> None:
    db = two_instruments(tmp_path / "two.sqlite")
    pooled = summary_json(db=db)
    assert pooled["n_pairs"] == 2
    # Sessions recorded before issue 12: analysed under their design, with a note.
    assert pooled["warnings"][:3] == [
        "design_full_checklist",
        "mixed_instrument_versions",
        "mixed_score_ranges",
    ]
    assert pooled["versions"]["instrument_versions_in_pairs"] == ["1.0.0", "2.0.0"]
    assert pooled["versions"]["score_ranges_in_pairs"] == ["0–8", "0–10"]
    code, out, _ = run("summary", db=db)
    assert code == 0
    assert out.splitlines()[2].startswith("WARNING: These records were collected under the")
    assert "WARNING: The scores analysed come from more than one" in out
    assert "WARNING: The scores analysed have different ranges" in out
    code, out, _ = run("summary", "--lang", "id", db=db)
    assert "PERINGATAN: Skor yang dianalisis berasal dari lebih dari satu versi" in out

    one = summary_json("--instrument-version", "2.0.0", db=db)
    assert one["n_pairs"] == 1 and one["filters"]["instrument_versions"] == ["2.0.0"]
    assert not {"mixed_instrument_versions", "mixed_score_ranges"} & set(one["warnings"])
    code, out, _ = run("summary", "--instrument-version", "1.0.0", db=db)
    assert "WARNING: The scores analysed" not in out and "instrument_versions=1.0.0" in out


def test_database_text_and_csv(demo_db: Path) -> None:
    code, out, _ = run("summary", db=demo_db)
    assert code == 0
    assert "Characteristics of the mothers analysed" in out
    assert "Adherence (%)" in out and "< 20" in out and "20–35" in out
    code, out, _ = run("summary", "--format", "csv", "--pairing", "sessions", db=demo_db)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and "#" in rows[0]["participant"]
    assert rows[0]["pre_category"] in {"kurang", "cukup", "banyak"}
    assert rows[0]["site"] and rows[0]["adherence"]


def test_demo_command_writes_through_storage(tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite"
    code, out, err = run("demo", "--mothers", "12", "--seed", "5", db=db)
    assert code == 0, err
    assert "Wrote 12 mothers" in out
    code, _, err = run("demo", "--mothers", "12", "--seed", "5", db=db)
    assert code == 1 and "already holds demo mothers" in err


def test_a_damaged_database_is_refused_not_summarised(demo_db: Path, tmp_path: Path) -> None:
    import shutil

    damaged = tmp_path / "damaged.sqlite"
    shutil.copy(demo_db, damaged)
    data = bytearray(damaged.read_bytes())
    for offset in range(4096 * 2, min(len(data), 4096 * 40), 7):
        data[offset] = 0x5A
    damaged.write_bytes(bytes(data))
    before = damaged.read_bytes()
    result = CliRunner().invoke(main, ["--db", str(damaged), "summary", "--format", "json"])
    assert result.exit_code != 0
    assert "damaged" in result.output
    assert damaged.read_bytes() == before
