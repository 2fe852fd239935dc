"""The summary read as columns (storage/summary_columns.py) is the summary
:func:`pair_in_database` and :func:`summarise_pairing` make from one object per mother:
the same Summary, the same JSON and text byte for byte, with and without the per-unit
rows, for every design, pairing rule and filter, stored rows current or stale.
"""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from oxytimer.domain.pairing import PairingRule
from oxytimer.domain.summary import Summary, pairs_csv_text, summarise_pairing, summary_text
from oxytimer.storage.analysis import DESIGNS, AnalysisFilter, pair_in_database, resolve_design
from oxytimer.storage.repository import Repository
from oxytimer.storage.summary import database_path, summarise_database
from oxytimer.storage.summary_table import adherence_of, stale_count
from tests.storage.test_sql_aggregation import FILTERS, INSTRUMENT
from tests.storage.test_sql_aggregation import repo as repo  # the edge-case fixture
from tests.storage.test_summary_table import every_mother_stale

VERSIONS = {"software": "oxytimer test"}


def by_objects(repo: Repository, flt: AnalysisFilter, rule: PairingRule) -> Summary:
    """The summary as it was made before the columns: an object per pair and mother."""
    from oxytimer.storage.analysis import design_warnings

    flt = resolve_design(repo.db, flt)
    found = pair_in_database(repo.db, flt, rule)
    summary = summarise_pairing(
        found.pairing,
        found.analysed,
        instrument=INSTRUMENT,
        doses=adherence_of(repo, (m.mother_id for m in found.analysed)),
        filters=flt.describe(),
        versions=VERSIONS,
        versions_in_data=(found.protocol_versions, found.instrument_versions),
        source_name=database_path(repo),
    )
    notes = design_warnings(repo.db, flt)
    return replace(summary, warnings=(*notes, *summary.warnings))


def assert_same(repo: Repository, flt: AnalysisFilter, rule: PairingRule) -> None:
    want = by_objects(repo, flt, rule)
    got = summarise_database(repo, flt, rule, instrument=INSTRUMENT, versions=VERSIONS)
    assert got == want
    assert got.pair_rows() == want.pair_rows()
    assert pairs_csv_text(got) == pairs_csv_text(want)
    lean = summarise_database(
        repo, flt, rule, instrument=INSTRUMENT, versions=VERSIONS, per_unit=False
    )
    as_json = json.dumps(want.to_dict(), indent=2, ensure_ascii=False, allow_nan=False)
    assert json.dumps(lean.to_dict(), indent=2, ensure_ascii=False, allow_nan=False) == as_json
    for lang in ("en", "id"):
        assert summary_text(lean, lang) == summary_text(want, lang)
    assert (lean.pre, lean.post) == (want.pre, want.post)
    if want.units:
        assert not lean.per_unit and lean.units == () and lean.dose.per_mother == ()
        with pytest.raises(ValueError):
            lean.pair_rows()


@pytest.mark.parametrize("rule", list(PairingRule))
@pytest.mark.parametrize("flt", FILTERS, ids=lambda f: str(f.describe()))
def test_the_columns_give_the_summary_of_the_objects(repo, rule, flt):
    repo.refresh_summary()
    for design in DESIGNS:
        assert_same(repo, replace(flt, design=design), rule)


@pytest.mark.parametrize("rule", list(PairingRule))
def test_the_columns_read_stale_mothers_from_their_records(repo, rule):
    repo.refresh_summary()
    repo.db.execute(  # every other mother stale: stored rows and records side by side
        "INSERT INTO summary_stale (mother_id) SELECT id FROM mothers WHERE rowid % 2 = 0"
    )
    assert stale_count(repo.db) > 0
    for design in DESIGNS:
        assert_same(repo, AnalysisFilter(design=design), rule)
    every_mother_stale(repo)
    for design in DESIGNS:
        assert_same(repo, AnalysisFilter(design=design), rule)


def test_without_the_registry_and_under_another_slot_signature(repo):
    repo.refresh_summary()
    flt = AnalysisFilter(design="full_checklist")
    got = summarise_database(repo, flt, instrument=INSTRUMENT, with_adherence=False)
    assert got.dose is not None and got.dose.adherence is None
    assert all(r.adherence is None for r in got.dose.per_mother)
    # A stored dose made under other slot hours or another time zone is not used.
    repo.db.execute("UPDATE summary_state SET signature = 'elsewhere'")
    assert_same(repo, flt, PairingRule.FIRST_LAST)


def test_the_main_caregiver_in_sql_is_the_domains():
    import itertools
    import sqlite3

    from oxytimer.domain.summary import AnalysedMother, main_caregiver
    from oxytimer.storage.analysis import CAREGIVERS
    from oxytimer.storage.summary_columns import _main_caregiver_sql

    db = sqlite3.connect(":memory:")
    columns = ", ".join(f"c_{c}" for c in CAREGIVERS)
    db.execute(f"CREATE TABLE g ({columns})")
    every = list(itertools.product([None, 0, 1, 2], repeat=len(CAREGIVERS)))
    db.executemany(f"INSERT INTO g VALUES ({', '.join('?' * len(CAREGIVERS))})", every)
    found = [r[0] for r in db.execute(f"SELECT {_main_caregiver_sql()} FROM g ORDER BY rowid")]
    for counts, got in zip(every, found, strict=True):
        mother = AnalysedMother(
            mother_id="m",
            study_code="AMP-00001",
            site_code="AMP",
            age=None,
            occupation=None,
            caregivers={c: n for c, n in zip(CAREGIVERS, counts, strict=True) if n},
            sessions=1,
            completed=1,
            massage_seconds=0.0,
        )
        assert got == main_caregiver(mother), counts
