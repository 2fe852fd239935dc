"""The summary service: age groups, characteristics, dose, the JSON and CSV outputs."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from oxytimer.domain.adherence import Dose
from oxytimer.domain.instrument import load_instrument
from oxytimer.domain.pairing import MotherSessions, Scale, SessionScores
from oxytimer.domain.pairs_csv import PairsTable
from oxytimer.domain.stats import warning_text
from oxytimer.domain.summary import (
    age_group,
    default_versions,
    main_caregiver,
    pairs_csv_text,
    summarise_mothers,
    summarise_pairs_table,
    summary_text,
)


@pytest.mark.parametrize(
    ("age", "group"),
    [
        (None, "unknown"),
        (15, "under_20"),
        (19, "under_20"),
        (20, "20_35"),
        (35, "20_35"),
        (36, "over_35"),
        (60, "over_35"),
    ],
)
def test_age_groups_have_clear_boundaries(age, group):
    assert age_group(age) == group


def session(n, pre, post, caregiver="husband", status="completed", minutes=4.0):
    return SessionScores(
        f"s{n}",
        f"2026-03-0{n}T00:00:00",
        status,
        False,
        pre,
        post,
        massage_seconds=minutes * 60,
        caregiver=caregiver,
        protocol_version="1.0.0",
        instrument_version="1.0.0",
    )


MOTHERS = [
    MotherSessions(
        "m1",
        "AMP-001",
        "AMP",
        "closed",
        [session(1, 1, 4), session(2, 2, 5, "midwife")],
        age=19,
        occupation="trader",
    ),
    MotherSessions(
        "m2",
        "AMP-002",
        "AMP",
        "enrolled",
        [
            session(1, 0, 3, "midwife"),
            session(2, 1, 4, "midwife"),
            session(3, 1, None, status="aborted", minutes=1),
        ],
        age=20,
    ),
    MotherSessions("m3", "KPL-001", "KPL", "screened_out", [], age=40),
]


def test_summarise_mothers():
    doses = {
        "m1": Dose(slots_done=2, slots_scheduled=2),
        "m2": Dose(slots_done=2, slots_scheduled=4),
    }
    s = summarise_mothers(
        MOTHERS,
        "first-last",
        instrument=load_instrument(),
        doses=doses,
        filters={"sites": None},
        versions=default_versions(datetime(2026, 3, 3, tzinfo=UTC)),
    )
    assert s.units == ("AMP-001", "AMP-002")
    assert (s.pre, s.post) == ((1.0, 0.0), (5.0, 4.0))
    assert s.all_excluded == {"aborted": 1, "screened_out": 1}
    c = s.characteristics
    assert c is not None and c.n_mothers == 2
    assert [(r.id, r.n) for r in c.age] == [("under_20", 1), ("20_35", 1), ("over_35", 0)]
    assert [(r.id, r.n) for r in c.occupation][-1] == ("unknown", 1)
    assert {r.id: r.n for r in c.caregiver}["midwife"] == 1
    assert {r.id: r.n for r in c.caregiver}["husband"] == 1  # tie goes to husband
    assert [(r.id, r.n, r.percent) for r in c.site] == [("AMP", 2, 100.0)]
    d = s.dose
    assert d is not None and d.adherence is not None
    assert d.adherence.mean == pytest.approx(75.0)
    assert d.sessions.max == 3 and d.completed.mean == 2
    assert d.minutes.max == pytest.approx(9.0)
    out = json.loads(json.dumps(s.to_dict(), allow_nan=False))
    assert out["excluded"] == {"missing_score": 0, "aborted": 1, "screened_out": 1}
    assert out["categories"]["post"] == {"kurang": 0, "cukup": 2, "banyak": 0}
    assert out["versions"]["instrument_versions_in_data"] == ["1.0.0"]
    rows = list(csv.DictReader(io.StringIO(pairs_csv_text(s))))
    assert rows[0] == {
        "participant": "AMP-001",
        "pre": "1",
        "post": "5",
        "difference": "4",
        "site": "AMP",
        "pre_category": "kurang",
        "post_category": "cukup",
        "completed_sessions": "2",
        "massage_minutes": "8",
        "adherence": "1",
    }
    assert "Adherence (%)" in summary_text(s, "en")
    assert "Kepatuhan (%)" in summary_text(s, "id")


def test_sessions_rule_is_flagged():
    s = summarise_mothers(MOTHERS, "sessions")
    assert s.not_independent and len(s.units) == 4
    assert "not independent" in summary_text(s)
    assert s.dose is not None and s.dose.adherence is None


def test_main_caregiver_unknown_without_completed_sessions():
    assert main_caregiver(MOTHERS[2]) == "unknown"


def test_file_summary_has_no_registry_parts():
    table = PairsTable(("A", "B", "C"), (1.0, 2.0, None), (3.0, 2.0, 4.0))
    s = summarise_pairs_table(table, source_name="x.csv")
    d = s.to_dict()
    assert d["characteristics"] is None and d["dose"] is None
    assert d["excluded"] == {"missing_score": 1} and d["n_pairs"] == 2
    assert s.pair_rows()[2]["difference"] is None


def with_scale(n, pre, post, version, high, status="completed"):
    return replace(
        session(n, pre, post, status=status),
        instrument_version=version,
        pre_scale=Scale(version, 0.0, high),
        post_scale=None if post is None else Scale(version, 0.0, high),
    )


def test_pooling_different_instruments_is_warned_not_silent():
    one = MotherSessions("m1", "AMP-001", "AMP", "enrolled", [with_scale(1, 1, 4, "1.0.0", 8)])
    other = MotherSessions("m2", "AMP-002", "AMP", "enrolled", [with_scale(1, 2, 9, "2.0.0", 10)])
    s = summarise_mothers([one, other], "first-last", instrument=load_instrument())
    assert s.warnings == ("mixed_instrument_versions", "mixed_score_ranges")
    out = s.to_dict()
    assert out["warnings"][:2] == ["mixed_instrument_versions", "mixed_score_ranges"]
    assert out["versions"]["instrument_versions_in_pairs"] == ["1.0.0", "2.0.0"]
    assert out["versions"]["score_ranges_in_pairs"] == ["0–8", "0–10"]
    for lang, word in (("en", "WARNING: "), ("id", "PERINGATAN: ")):
        lines = summary_text(s, lang).splitlines()
        assert lines[2] == word + warning_text("mixed_instrument_versions", lang)
        assert lines[4] == word + warning_text("mixed_score_ranges", lang)

    # same version, another range (a checklist edited without a new version)
    edited = MotherSessions("m2", "AMP-002", "AMP", "enrolled", [with_scale(1, 2, 9, "1.0.0", 10)])
    assert summarise_mothers([one, edited]).warnings == ("mixed_score_ranges",)
    # one instrument: no warning
    assert summarise_mothers([one]).warnings == ()
    assert "WARNING" not in summary_text(summarise_mothers([one]))


def test_an_unfinished_baseline_is_shown_not_left_out():
    s = summarise_mothers(
        [
            MotherSessions(
                "m1",
                "AMP-001",
                "AMP",
                "enrolled",
                [session(1, 1, None, status="aborted"), session(2, 2, 5)],
            )
        ],
        "first-last",
    )
    assert (s.pre, s.post) == ((1.0,), (5.0,))
    assert s.all_excluded == {} and s.baseline_from_unfinished == 1
    assert s.to_dict()["pairing"]["baseline_from_unfinished_session"] == 1
    text = summary_text(s)
    assert "Left out: nothing" in text
    assert "unfinished sessions whose pre-score is a mother's baseline: 1" in text
    assert "sesi tidak selesai yang skor-pranya menjadi skor awal ibu: 1" in summary_text(s, "id")
