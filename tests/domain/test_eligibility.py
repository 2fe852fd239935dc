from pathlib import Path

import pytest

from oxytimer.domain.eligibility import (
    Criteria,
    Criterion,
    ScreeningResult,
    load_criteria,
    screen,
)
from oxytimer.domain.texts import LANGUAGES, LocalText, ResourceError

INCLUSION = [
    "day_one_postpartum",
    "willing",
    "lives_in_area",
    "normal_delivery",
    "primiparous",
    "lives_with_husband",
]
EXCLUSION = [
    "baby_died",
    "breast_disorder",
    "infectious_disease",
    "congenital_anomaly",
    "postpartum_blues",
]

VALID = """\
version = "1.0.0"

[[inclusion]]
id = "consent"
text = { id = "Bersedia?", en = "Willing?" }

[[exclusion]]
id = "mastitis"
text = { id = "Mastitis?", en = "Mastitis?" }
"""


@pytest.fixture(scope="module")
def criteria() -> Criteria:
    return load_criteria()


def eligible_answers(criteria: Criteria) -> dict[str, bool]:
    return {c.id: c.kind == "inclusion" for c in criteria.all}


# --- the shipped file ---------------------------------------------------------------------


def test_shipped_criteria_are_the_studys(criteria):
    assert criteria.version
    assert [c.id for c in criteria.inclusion] == INCLUSION
    assert [c.id for c in criteria.exclusion] == EXCLUSION
    assert {c.kind for c in criteria.inclusion} == {"inclusion"}
    assert {c.kind for c in criteria.exclusion} == {"exclusion"}
    assert criteria.all == criteria.inclusion + criteria.exclusion


def test_shipped_criteria_are_yes_no_questions_in_both_languages(criteria):
    for criterion in criteria.all:
        for lang in LANGUAGES:
            assert criterion.text.get(lang).endswith("?")


# --- screening ----------------------------------------------------------------------------


def test_all_inclusion_yes_and_all_exclusion_no_is_eligible(criteria):
    assert screen(criteria, eligible_answers(criteria)) == ScreeningResult(True, ())


@pytest.mark.parametrize("ident", INCLUSION)
def test_an_inclusion_answered_no_excludes(criteria, ident):
    result = screen(criteria, eligible_answers(criteria) | {ident: False})
    assert not result.eligible
    assert [c.id for c in result.failed] == [ident]


@pytest.mark.parametrize("ident", EXCLUSION)
def test_an_exclusion_answered_yes_excludes(criteria, ident):
    result = screen(criteria, eligible_answers(criteria) | {ident: True})
    assert not result.eligible
    assert [c.id for c in result.failed] == [ident]


def test_every_failed_criterion_is_listed_in_the_order_asked(criteria):
    answers = eligible_answers(criteria) | {
        "postpartum_blues": True,
        "primiparous": False,
        "willing": False,
    }
    result = screen(criteria, answers)
    assert [c.id for c in result.failed] == ["willing", "primiparous", "postpartum_blues"]


def test_an_unanswered_criterion_is_named(criteria):
    answers = eligible_answers(criteria)
    del answers["normal_delivery"]
    with pytest.raises(ValueError, match="unanswered criteria: normal_delivery"):
        screen(criteria, answers)


def test_an_unknown_answer_is_named(criteria):
    answers = eligible_answers(criteria) | {"owns_a_cow": True}
    with pytest.raises(ValueError, match="unknown criteria: owns_a_cow"):
        screen(criteria, answers)


def test_answers_must_be_yes_or_no(criteria):
    answers: dict[str, object] = dict(eligible_answers(criteria))
    answers["willing"] = "ya"
    with pytest.raises(ValueError, match=r"not yes/no.*willing"):
        screen(criteria, answers)  # type: ignore[arg-type]


# --- construction rules -------------------------------------------------------------------


def test_a_criterion_kind_must_be_inclusion_or_exclusion():
    with pytest.raises(ValueError, match="unknown kind 'maybe'"):
        Criterion("x", "maybe", LocalText("x", "x"))  # type: ignore[arg-type]


def test_a_criterion_must_sit_in_the_list_of_its_kind():
    wrong = Criterion("x", "exclusion", LocalText("x", "x"))
    with pytest.raises(ValueError, match="listed under inclusion"):
        Criteria("1", (wrong,), ())


# --- malformed files ----------------------------------------------------------------------


def write(tmp_path: Path, content: str) -> Path:
    path = tmp_path / "eligibility.toml"
    path.write_text(content, encoding="utf-8")
    return path


def test_the_test_template_is_valid(tmp_path):
    criteria = load_criteria(write(tmp_path, VALID))
    assert screen(criteria, {"consent": True, "mastitis": False}).eligible
    assert not screen(criteria, {"consent": True, "mastitis": True}).eligible


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ('id = "mastitis"', 'id = "consent"', "criterion id 'consent' is used more than once"),
        ('en = "Willing?"', 'en = ""', "[[inclusion]] #1: 'text': the 'en' text must be"),
        ('id = "Mastitis?", ', "", "[[exclusion]] #1: 'text' has no 'id' text"),
        ('id = "consent"', "id = 7", "[[inclusion]] #1: 'id' must be a non-empty string"),
        ("[[exclusion]]", "[[exclusions]]", "'exclusion' is missing"),
        ('version = "1.0.0"', 'version = ""', "'version' must be a non-empty string"),
        ("[[inclusion]]", "[[inclusion]", "not valid TOML"),
    ],
)
def test_malformed_files_raise_resource_error(tmp_path, old, new, problem):
    assert old in VALID
    path = write(tmp_path, VALID.replace(old, new, 1))
    with pytest.raises(ResourceError) as caught:
        load_criteria(path)
    assert caught.value.path == path
    assert str(path) in str(caught.value)
    assert problem in str(caught.value)


def test_a_missing_file_is_reported(tmp_path):
    with pytest.raises(ResourceError, match="file not found"):
        load_criteria(tmp_path / "eligibility.toml")


def test_the_form_answers_three_screening_questions() -> None:
    from oxytimer.domain.eligibility import answers_from_form, load_criteria

    ids = {c.id for c in load_criteria().all}
    assert {"primiparous", "normal_delivery", "lives_with_husband"} <= ids
    assert answers_from_form(
        {"parity": "primipara", "delivery_type": "normal", "lives_with_husband": "yes"}
    ) == {"primiparous": True, "normal_delivery": True, "lives_with_husband": True}
    assert answers_from_form(
        {"parity": "multipara", "delivery_type": "caesarean", "lives_with_husband": "no"}
    ) == {"primiparous": False, "normal_delivery": False, "lives_with_husband": False}
    # An assisted birth, or nothing chosen yet: the question stays for the midwife.
    assert answers_from_form({"delivery_type": "assisted", "parity": None}) == {
        "normal_delivery": None,
        "primiparous": None,
    }
