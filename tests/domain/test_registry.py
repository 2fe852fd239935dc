from datetime import date

import pytest

from oxytimer.domain.records import InputError
from oxytimer.domain.registry import (
    Enrolment,
    RegistryEntry,
    check_enrolment,
    check_site,
    flow_counts,
    suggest_study_code,
)

TODAY = date(2026, 3, 3)


def full(**overrides):
    values = dict(
        site_id="s1",
        study_code="MTR-001",
        age=24,
        occupation="not_working",
        parity="primipara",
        delivery_date=date(2026, 3, 2),
        delivery_type="normal",
        lives_with_husband=True,
        consent=True,
        consent_date=date(2026, 3, 3),
    )
    values.update(overrides)
    return Enrolment(**values)


def fields(errors):
    return [(e.field, e.code) for e in errors]


def test_complete_enrolment_passes():
    assert check_enrolment(full(), TODAY, eligible=True) == []


@pytest.mark.parametrize(
    "overrides, expected",
    [
        ({"age": 9}, ("age", "out_of_range")),
        ({"age": 61}, ("age", "out_of_range")),
        ({"age": None}, ("age", "required")),
        ({"consent": False, "consent_date": None}, ("consent", "required")),
        ({"consent_date": None}, ("consent_date", "required")),
        ({"delivery_date": date(2026, 3, 4)}, ("delivery_date", "future")),
        ({"consent_date": date(2026, 3, 1)}, ("consent_date", "before_delivery")),
        ({"occupation": "astronaut"}, ("occupation", "invalid")),
        ({"parity": None}, ("parity", "required")),
        ({"study_code": " "}, ("study_code", "required")),
        ({"site_id": ""}, ("site", "required")),
    ],
)
def test_each_bad_value_is_named_at_its_field(overrides, expected):
    assert expected in fields(check_enrolment(full(**overrides), TODAY, eligible=True))


def test_screened_out_mother_needs_no_consent_but_values_must_be_valid():
    bare = Enrolment(site_id="s1", study_code="MTR-002")
    assert check_enrolment(bare, TODAY, eligible=False) == []
    assert fields(check_enrolment(Enrolment("s1", "X-1", age=70), TODAY, eligible=False)) == [
        ("age", "out_of_range")
    ]


def test_suggested_code_is_next_after_the_highest():
    assert suggest_study_code(["MTR-001", "mtr-030", "AMP-099", "MTR-X"], "MTR") == "MTR-031"
    assert suggest_study_code([], "amp") == "AMP-001"


def test_site_checks():
    assert check_site(" pgs2 ", " Puskesmas  Baru ", []) == ("PGS2", "Puskesmas Baru")
    for code, name, expected in [
        ("", "X", ("site_code", "required")),
        ("1AB", "X", ("site_code", "invalid_site_code")),
        ("AMP", "X", ("site_code", "duplicate_site")),
        ("NEW", "", ("site_name", "required")),
        ("NEW", "puskesmas ampenan", ("site_name", "duplicate_site")),
    ]:
        with pytest.raises(InputError) as error:
            check_site(code, name, [("AMP", "Puskesmas Ampenan")])
        assert (error.value.field, error.value.code) == expected


def test_flow_counts():
    def entry(status, eligible):
        return RegistryEntry("i", "s", "AMP", "C", status, False, "t", eligible=eligible)

    counts = flow_counts(
        [
            entry("enrolled", True),
            entry("enrolled", None),  # added without screening
            entry("screened_out", False),
            entry("withdrawn", True),
            entry("closed", True),
            entry("closed", True),
        ]
    )
    assert (counts.screened, counts.eligible, counts.screened_out) == (5, 4, 1)
    assert (counts.enrolled, counts.active, counts.completed, counts.withdrawn) == (5, 2, 2, 1)
