from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oxytimer.domain.instrument import Category, Instrument, Item, load_instrument
from oxytimer.domain.texts import LANGUAGES, LocalText, ResourceError

VALID = """\
version = "1.0.0"
name = { id = "Daftar", en = "Checklist" }

[[items]]
id = "one"
time_frame = "session"
text = { id = "Satu?", en = "One?" }

[[items]]
id = "two"
time_frame = "day"
text = { id = "Dua?", en = "Two?" }

[[items]]
id = "three"
time_frame = "session"
text = { id = "Tiga?", en = "Three?" }

[[categories]]
id = "low"
label = { id = "Rendah", en = "Low" }
min_total = 0
max_total = 1

[[categories]]
id = "high"
label = { id = "Tinggi", en = "High" }
min_total = 2
max_total = 3
"""


@pytest.fixture(scope="module")
def instrument() -> Instrument:
    return load_instrument()


def text(word: str) -> LocalText:
    return LocalText(id=word, en=word)


def make(bands: list[tuple[int, int]], items: int = 8) -> Instrument:
    return Instrument(
        "1",
        text("i"),
        tuple(Item(f"i{n}", text("q")) for n in range(items)),
        tuple(Category(f"c{n}", text("c"), low, high) for n, (low, high) in enumerate(bands)),
    )


def answers(instrument: Instrument, yes: int) -> dict[str, bool]:
    return {item.id: n < yes for n, item in enumerate(instrument.items)}


# --- the shipped file ---------------------------------------------------------------------


def test_shipped_instrument_has_eight_items_and_the_studys_bands(instrument):
    assert instrument.version
    assert len(instrument.items) == 8
    assert len({item.id for item in instrument.items}) == 8
    assert (instrument.min_total, instrument.max_total) == (0, 8)
    assert [(c.id, c.min_total, c.max_total) for c in instrument.categories] == [
        ("kurang", 0, 2),
        ("cukup", 3, 5),
        ("banyak", 6, 8),
    ]
    assert [c.label.get("id") for c in instrument.categories] == ["Kurang", "Cukup", "Banyak"]
    assert [c.label.get("en") for c in instrument.categories] == [
        "Insufficient",
        "Sufficient",
        "Plentiful",
    ]


def test_shipped_items_are_questions_in_both_languages(instrument):
    for lang in LANGUAGES:
        assert instrument.name.get(lang)
        for item in instrument.items:
            assert item.text.get(lang).endswith("?")


@pytest.mark.parametrize(
    ("total", "category"),
    [(0, "kurang"), (2, "kurang"), (3, "cukup"), (5, "cukup"), (6, "banyak"), (8, "banyak")],
)
def test_category_boundaries(instrument, total, category):
    assert instrument.category_for(total).id == category
    assert instrument.score(answers(instrument, total)).category == category


@pytest.mark.parametrize("total", [-1, 9, 100])
def test_totals_out_of_range_are_refused(instrument, total):
    with pytest.raises(ValueError, match="between 0 and 8"):
        instrument.category_for(total)
    with pytest.raises(ValueError, match="between 0 and 8"):
        instrument.check_total(total)


@pytest.mark.parametrize("total", [2.0, "3", True, None])
def test_totals_must_be_whole_numbers(instrument, total):
    with pytest.raises(ValueError, match="whole number"):
        instrument.check_total(total)


def test_category_by_id(instrument):
    assert instrument.category_by_id("cukup").label.get("en") == "Sufficient"
    with pytest.raises(KeyError):
        instrument.category_by_id("sedang")


# --- scoring ------------------------------------------------------------------------------


def test_score_counts_the_yes_answers_in_item_order(instrument):
    ids = [item.id for item in instrument.items]
    given_answers = {ident: ident in ids[3:6] for ident in reversed(ids)}
    score = instrument.score(given_answers)
    assert score.total == 3
    assert score.category == "cukup"
    assert list(score.answers) == ids
    assert dict(score.answers) == given_answers


def test_score_answers_cannot_be_changed_afterwards(instrument):
    score = instrument.score(answers(instrument, 0))
    with pytest.raises(TypeError):
        score.answers["drips_when_pressed"] = True  # type: ignore[index]
    assert hash(score) == hash(instrument.score(answers(instrument, 0)))


def test_score_names_unanswered_items(instrument):
    partial = answers(instrument, 2)
    del partial["audible_swallowing"]
    del partial["wet_nappies"]
    with pytest.raises(ValueError, match="unanswered items: audible_swallowing, wet_nappies"):
        instrument.score(partial)


def test_score_names_unknown_items(instrument):
    extra = answers(instrument, 2) | {"colour_of_milk": True}
    with pytest.raises(ValueError, match="unknown items: colour_of_milk"):
        instrument.score(extra)


def test_score_refuses_answers_that_are_not_yes_or_no(instrument):
    bad: dict[str, object] = dict(answers(instrument, 2))
    bad["baby_settles"] = 1
    with pytest.raises(ValueError, match=r"not yes/no.*baby_settles"):
        instrument.score(bad)  # type: ignore[arg-type]


@settings(database=None)
@given(st.lists(st.booleans(), min_size=8, max_size=8))
def test_score_total_is_the_number_of_yes_answers(flags):
    instrument = load_instrument()
    score = instrument.score(
        {item.id: flag for item, flag in zip(instrument.items, flags, strict=True)}
    )
    assert score.total == sum(flags)
    assert instrument.category_by_id(score.category).contains(score.total)


# --- construction rules -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bands", "problem"),
    [
        ([(0, 2), (4, 8)], "gap: no category holds total 3"),
        ([(0, 2), (5, 8)], "gap: no category holds total 3–4"),
        ([(1, 8)], "gap: no category holds total 0"),
        ([(-1, 8)], "first category must start at 0"),
        ([(0, 3), (3, 5), (6, 8)], "'c1' starts at 3, overlapping"),
        ([(0, 2), (3, 5), (6, 7)], "last category ends at 7"),
        ([(0, 2), (3, 5), (6, 9)], "last category ends at 9"),
        ([(0, 2), (6, 8), (3, 5)], "gap: no category holds total 3–5"),
        ([(0, 2), (5, 3)], "min_total 5 is greater than max_total 3"),
        ([], "no categories"),
    ],
)
def test_categories_must_cover_every_total_once(bands, problem):
    with pytest.raises(ValueError, match=problem):
        make(bands)


def test_ids_must_be_unique():
    item = Item("same", text("q"))
    bands = (Category("c", text("c"), 0, 2),)
    with pytest.raises(ValueError, match="item id 'same'"):
        Instrument("1", text("i"), (item, item), bands)


# --- malformed files ----------------------------------------------------------------------


def write(tmp_path: Path, content: str) -> Path:
    path = tmp_path / "instrument.toml"
    path.write_text(content, encoding="utf-8")
    return path


def test_the_test_template_is_valid(tmp_path):
    instrument = load_instrument(write(tmp_path, VALID))
    assert instrument.max_total == 3
    assert instrument.category_for(1).id == "low"
    assert instrument.category_for(2).id == "high"


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ("min_total = 2", "min_total = 3", "no category holds total 2"),
        ("min_total = 2", "min_total = 1", "overlapping"),
        ("max_total = 3", "max_total = 4", "last category ends at 4"),
        ("max_total = 3", 'max_total = "3"', "[[categories]] #2: 'max_total' must be an integer"),
        ('id = "two"', 'id = "one"', "item id 'one' is used more than once"),
        ('id = "high"', 'id = "low"', "category id 'low' is used more than once"),
        ('en = "High"', 'eng = "High"', "[[categories]] #2: 'label' has no 'en' text"),
        ('text = { id = "Dua?", en = "Two?" }', "", "[[items]] #2: 'text' is missing"),
        ('version = "1.0.0"\n', "", "'version' is missing"),
        ("[[items]]", "[items]", "not valid TOML"),
    ],
)
def test_malformed_files_raise_resource_error(tmp_path, old, new, problem):
    assert old in VALID
    path = write(tmp_path, VALID.replace(old, new, 1))
    with pytest.raises(ResourceError) as caught:
        load_instrument(path)
    assert caught.value.path == path
    assert str(path) in str(caught.value)
    assert problem in str(caught.value)


def test_a_file_without_items_is_reported(tmp_path):
    content = VALID.replace("[[items]]", "[[questions]]")
    with pytest.raises(ResourceError, match="'items' is missing"):
        load_instrument(write(tmp_path, content))


def test_a_missing_file_is_reported(tmp_path):
    with pytest.raises(ResourceError, match="file not found"):
        load_instrument(tmp_path / "instrument.toml")


# --- issue 12: time frames --------------------------------------------------------------


def test_every_shipped_item_says_when_it_can_be_observed(instrument):
    frames = {item.id: item.time_frame for item in instrument.items}
    assert set(frames.values()) == {"session", "day"}
    # Signs over a day are never asked around a session.
    for day_item in ("wet_nappies", "baby_settles", "full_before_feed"):
        assert frames[day_item] == "day"
    check = instrument.session_check()
    assert [i.id for i in check.items] == [i for i, f in frames.items() if f == "session"]
    assert not {i.time_frame for i in check.items} - {"session"}
    assert check.categories == () and check.max_total == len(check.items)
    score = check.score({i.id: True for i in check.items})
    assert (score.total, score.category) == (check.max_total, "")
    assert instrument.max_total == 8  # the whole checklist stays 0–8 with its bands


def test_an_item_without_a_time_frame_or_no_session_item_is_refused(tmp_path):
    path = tmp_path / "instrument.toml"
    path.write_text(VALID.replace('time_frame = "day"\n', ""), encoding="utf-8")
    with pytest.raises(ResourceError, match="time_frame"):
        load_instrument(path)
    path.write_text(VALID.replace('time_frame = "day"', 'time_frame = "week"'), encoding="utf-8")
    with pytest.raises(ResourceError, match="time_frame"):
        load_instrument(path)
    path.write_text(VALID.replace('"session"', '"day"'), encoding="utf-8")
    with pytest.raises(ResourceError, match="session"):
        load_instrument(path)
