"""The screens' paged reads give what the whole-table reads give, a page at a time."""

from datetime import UTC, datetime

import pytest

from oxytimer.domain.clock import FakeClock
from oxytimer.domain.registry import flow_counts as count_flow
from oxytimer.storage.demo import fill_demo
from oxytimer.storage.reading import (
    REGISTRY_SORTS,
    flow_counts,
    open_reader,
    registry_count,
    registry_page,
    today_page,
)
from oxytimer.storage.repository import Repository, StorageError


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("reading") / "oxy.sqlite"
    repo = Repository.open(path, FakeClock(), operator="Bidan Sari")
    fill_demo(repo, mothers=120, seed=3, bulk=True)
    yield repo, path
    repo.close()


def test_pages_put_together_are_the_registry(demo):
    repo, _path = demo
    whole = repo.registry()
    pages = []
    for offset in range(0, len(whole) + 50, 50):
        pages += registry_page(repo, offset=offset, limit=50)
    assert pages == whole
    assert registry_count(repo) == len(whole)


@pytest.mark.parametrize("sort", sorted(REGISTRY_SORTS))
def test_sorted_in_sql_as_in_python(demo, sort):
    repo, _path = demo
    whole = repo.registry()
    key = {
        "code": lambda e: (e.site_code, e.study_code),
        "status": lambda e: (e.status, e.site_code, e.study_code),
        "age": lambda e: (e.age is not None, e.age or 0, e.site_code, e.study_code),
        "since": lambda e: (e.enrolled_at, e.site_code, e.study_code),
    }[sort]
    assert registry_page(repo, sort=sort, limit=1000) == sorted(whole, key=key)
    assert registry_page(repo, sort=sort, descending=True, limit=1000) == sorted(
        whole, key=key, reverse=True
    )


def test_search_finds_codes_and_puskesmas_and_escapes_wildcards(demo):
    repo, _path = demo
    whole = repo.registry()
    names = {site["code"]: site["name"] for site in repo.sites()}

    def expected(text):
        text = text.lower()
        return [
            e
            for e in whole
            if text in e.study_code.lower()
            or text in e.site_code.lower()
            or text in names[e.site_code].lower()
        ]

    code = whole[7].study_code
    for text in (code, code.lower()[-3:], whole[0].site_code.lower(), "ampen"):
        found = registry_page(repo, search=text, limit=1000)
        assert found == expected(text) and found
        assert registry_count(repo, text) == len(found)
    assert registry_page(repo, search="%") == []  # a wildcard is a character here
    assert registry_page(repo, search="_") == []
    assert registry_count(repo, "zzz-not-there") == 0


def test_flow_counts_in_sql_equal_the_registry_count(demo):
    repo, _path = demo
    assert flow_counts(repo) == count_flow(repo.registry())


def test_today_page_holds_the_active_mothers_and_their_sessions(demo):
    repo, _path = demo
    since = datetime(2000, 1, 1, tzinfo=UTC)
    active = repo.mothers(active_only=True)
    page = today_page(repo, since, offset=0, limit=len(active) + 5)
    assert page.mothers == active
    ids = {m.id for m in active}
    expected = [s for s in repo.sessions_started_since(since) if s.mother_id in ids]
    assert sorted(s.id for s in page.sessions) == sorted(s.id for s in expected)


def test_a_reader_reads_but_never_writes(demo):
    repo, path = demo
    reader = open_reader(path)
    try:
        assert registry_count(reader) == registry_count(repo)
        with pytest.raises(StorageError):
            reader.add_site("NEW", "Puskesmas Baru")
    finally:
        reader.close()


def test_assessment_states_of_a_page_are_those_of_everyone(demo):
    from oxytimer.storage.assessments import assessment_states

    repo, _path = demo
    everyone = assessment_states(repo)
    ids = [*sorted(everyone)[::7], "no-such-mother"]
    assert assessment_states(repo, mother_ids=ids) == {i: everyone[i] for i in ids[:-1]}
    many = sorted(everyone) * 6  # more than one query's parameters
    assert assessment_states(repo, mother_ids=many) == everyone


def test_pages_of_the_active_mothers_are_the_active_mothers(demo):
    from oxytimer.storage.reading import active_mothers_page

    repo, _path = demo
    active = repo.mothers(active_only=True)
    assert len(active) > 3
    pages = []
    for offset in range(0, len(active) + 3, 3):
        pages += active_mothers_page(repo, offset=offset, limit=3)
    assert pages == active
    code = active[-1].study_code
    assert active_mothers_page(repo, search=code.lower()) == [
        m for m in active if code in m.study_code
    ]
    assert active_mothers_page(repo, search=active[0].site_code) == [
        m for m in active if m.site_code == active[0].site_code
    ]
    assert active_mothers_page(repo, search="%") == []  # LIKE's wildcards are text
