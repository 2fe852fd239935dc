"""Conflicts met only while pushing (the server changed between this laptop's pull and
its push) are kept here as the pull's are, and resolved as after a merge (issue 15)."""

from __future__ import annotations

import pytest

from oxytimer.storage.conflicts import choose_values, open_conflicts, rename_mother
from oxytimer.storage.repository import Repository
from oxytimer.storage.sync import sync

from .sync_helpers import count, count_text, laptop_records, make_laptop, make_study, server_records
from .test_sync import run_sync, set_age, unlocked_mother


@pytest.fixture(autouse=True)
def pgpass(tmp_path, monkeypatch):
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "pgpass"))


def sync_with_other_in_between(path, other):
    """Sync ``path``; between its pull and its push, ``other`` syncs whole."""

    def between(direction, step, _number, _last):
        if (direction, step) == ("pull", "committed"):
            run_sync(other)

    repo = Repository.open(path)
    try:
        return sync(repo, checkpoint=between)
    finally:
        repo.close()


def test_a_change_met_only_while_pushing_is_kept_and_resolved_as_after_a_merge(pg_url, tmp_path):
    study = make_study(pg_url, "AMP")
    a = make_laptop(tmp_path / "a.sqlite", seed=1, code="AMP")
    b = make_laptop(tmp_path / "b.sqlite", seed=2, code="AMP")
    mother = unlocked_mother(a)
    for path in (a, b, a):
        run_sync(path, study.roles["AMP"])
    set_age(a, mother, 31, "on laptop A")
    set_age(b, mother, 35, "on laptop B")
    held = sync_with_other_in_between(b, a)
    assert not held.pulled.conflicts  # the pull came before A's change reached the server
    assert [c.code for c in held.pushed.conflicts] == ["different_content"]
    assert count(b, f"SELECT age FROM mothers WHERE id = '{mother}'") == 35
    repo = Repository.open(b)
    (found,) = open_conflicts(repo.db)
    assert (found.table, found.record_id, found.kind) == ("mothers", mother, "different_content")
    assert found.detail["columns"] == ["age"]
    assert found.theirs["row"]["age"] == 31 and found.here["age"] == 35  # the server's, this
    assert any(a["new_value"] == "31" for a in found.theirs["trail"])  # A's correction
    choose_values(repo, found.id, "asked the mother", take="theirs")
    repo.close()
    assert run_sync(b).conflicts == 0
    assert run_sync(a).conflicts == 0
    assert count(a, f"SELECT age FROM mothers WHERE id = '{mother}'") == 31
    assert count(b, f"SELECT age FROM mothers WHERE id = '{mother}'") == 31
    assert laptop_records(a, "AMP") == laptop_records(b, "AMP") == server_records(pg_url, "AMP")


def test_a_study_code_taken_while_pushing_is_kept_and_renamed_here(pg_url, tmp_path):
    study = make_study(pg_url, "AMP")
    a = make_laptop(tmp_path / "a.sqlite", seed=1, code="AMP", mothers=1)
    b = make_laptop(tmp_path / "b.sqlite", seed=2, code="AMP", mothers=1)
    for path in (a, b, a):
        run_sync(path, study.roles["AMP"])
    ids = {}
    for path in (a, b):  # the same code, typed by hand on both laptops
        repo = Repository.open(path)
        ids[path] = repo.add_mother(repo.site_id("AMP"), "AMP-P001")
        repo.close()
    held = sync_with_other_in_between(b, a)
    assert not held.pulled.conflicts
    assert [c.code for c in held.pushed.conflicts] == ["study_code_taken"]
    assert held.kept.left_out  # her own records wait with her
    repo = Repository.open(b)
    (found,) = open_conflicts(repo.db)
    assert found.kind == "study_code_taken" and found.record_id == ids[a]
    assert found.here["id"] == ids[b] and found.waiting == len(held.kept.left_out)
    rename_mother(repo, found.id, "AMP-P002", "two mothers, one code")
    repo.close()
    assert run_sync(b).conflicts == 0
    assert run_sync(a).conflicts == 0
    repo = Repository.open(b)
    assert open_conflicts(repo.db) == []
    repo.close()
    codes = "SELECT group_concat(study_code) FROM (SELECT study_code FROM mothers"
    codes += " WHERE study_code LIKE 'AMP-P%' ORDER BY 1)"
    assert count_text(a, codes) == count_text(b, codes) == "AMP-P001,AMP-P002"
    assert laptop_records(a, "AMP") == laptop_records(b, "AMP") == server_records(pg_url, "AMP")
