import pytest

from oxytimer.domain.pairing import MotherSessions, PairingRule, SessionScores, make_pairs


def s(n, status="completed", pre=1.0, post=4.0, voided=False):
    return SessionScores(f"s{n}", f"2026-03-0{n}T00:00:00", status, voided, pre, post)


MOTHERS = [
    MotherSessions(
        "m1",
        "MTR-001",
        "AMP",
        "enrolled",
        [s(3, pre=2, post=5), s(1, pre=0, post=3), s(2, "aborted", pre=1, post=None)],
    ),
    MotherSessions(
        "m2",
        "MTR-002",
        "AMP",
        "closed",
        [s(1, pre=1, post=None, status="interrupted"), s(2, pre=2, post=4)],
    ),
    MotherSessions(
        "m3", "MTR-003", "KRG", "enrolled", [s(1, pre=1, post=None, status="awaiting_post")]
    ),
    MotherSessions("m4", "MTR-004", "KRG", "screened_out", []),
    MotherSessions("m5", "MTR-005", "KRG", "enrolled", [s(1, pre=1, post=6, voided=True)]),
    MotherSessions("m6", "MTR-006", "KRG", "enrolled", []),
]


def test_first_last_is_first_pre_and_last_completed_post():
    pairing = make_pairs(MOTHERS, "first-last")
    assert [(p.unit, p.pre, p.post, p.sessions) for p in pairing.pairs] == [
        ("MTR-001", 0, 5, 2),
        ("MTR-002", 1, 4, 1),  # first pre comes from the interrupted session
    ]
    assert pairing.excluded == {
        "aborted": 1,
        "awaiting_post": 1,
        "interrupted": 1,
        "no_post_score": 2,
        "screened_out": 1,
        "voided": 1,
    }
    assert not pairing.not_independent


def test_means_over_completed_sessions():
    pairing = make_pairs(MOTHERS, PairingRule.MEANS)
    assert [(p.unit, p.pre, p.post) for p in pairing.pairs] == [
        ("MTR-001", 1.0, 4.0),
        ("MTR-002", 2.0, 4.0),
    ]


def test_per_session_pairs_flagged_not_independent():
    pairing = make_pairs(MOTHERS, "sessions")
    assert [(p.unit, p.session_id) for p in pairing.pairs] == [
        ("MTR-001#1", "s1"),
        ("MTR-001#2", "s3"),
        ("MTR-002#1", "s2"),
    ]
    assert pairing.not_independent
    single = make_pairs(MOTHERS[1:2], "sessions")
    assert not single.not_independent


def test_unknown_rule_refused():
    with pytest.raises(ValueError):
        make_pairs(MOTHERS, "best-of")
