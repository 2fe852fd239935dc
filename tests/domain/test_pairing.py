import pytest

from oxytimer.domain.pairing import MotherSessions, PairingRule, Scale, SessionScores, make_pairs


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
    # MTR-002's interrupted session gives her baseline: used, so not left out
    assert pairing.excluded == {
        "aborted": 1,
        "awaiting_post": 1,
        "no_post_score": 2,
        "screened_out": 1,
        "voided": 1,
    }
    assert pairing.baseline_from_unfinished == 1
    assert not pairing.not_independent


def test_means_over_completed_sessions():
    pairing = make_pairs(MOTHERS, PairingRule.MEANS)
    assert [(p.unit, p.pre, p.post) for p in pairing.pairs] == [
        ("MTR-001", 1.0, 4.0),
        ("MTR-002", 2.0, 4.0),
    ]
    # only completed sessions are used: the interrupted one is left out
    assert pairing.excluded["interrupted"] == 1
    assert pairing.baseline_from_unfinished == 0


@pytest.mark.parametrize("status", ["aborted", "interrupted", "incomplete", "awaiting_post"])
def test_an_unfinished_baseline_is_not_also_counted_as_left_out(status):
    mother = MotherSessions(
        "m1",
        "MTR-001",
        "AMP",
        "enrolled",
        [s(1, status, pre=1, post=None), s(2, status, pre=2, post=None), s(3, pre=3, post=6)],
    )
    first_last = make_pairs([mother], "first-last")
    assert [(p.pre, p.post) for p in first_last.pairs] == [(1, 6)]
    reason = "interrupted" if status == "incomplete" else status
    assert first_last.excluded == {reason: 1}  # the second one only
    assert first_last.baseline_from_unfinished == 1
    for rule in ("means", "sessions"):
        other = make_pairs([mother], rule)
        assert other.excluded == {reason: 2} and other.baseline_from_unfinished == 0
    # without a completed session there is no pair: both are left out
    alone = make_pairs(
        [MotherSessions("m1", "MTR-001", "AMP", "enrolled", mother.sessions[:2])], "first-last"
    )
    assert alone.excluded == {reason: 2, "no_post_score": 1}
    assert alone.baseline_from_unfinished == 0


def scored(n, version, high, status="completed", post=4.0):
    return SessionScores(
        f"s{n}",
        f"2026-03-0{n}T00:00:00",
        status,
        False,
        1.0,
        post,
        instrument_version=version,
        pre_scale=Scale(version, 0.0, high),
        post_scale=None if post is None else Scale(version, 0.0, high),
    )


def test_scales_are_those_of_the_scores_used():
    mixed = MotherSessions(
        "m1",
        "MTR-001",
        "AMP",
        "enrolled",
        [scored(1, "2.0.0", 10.0, "aborted", post=None), scored(2, "1.0.0", 8.0)],
    )
    same = MotherSessions("m2", "MTR-002", "AMP", "enrolled", [scored(1, "1.0.0", 8.0)])
    first_last = make_pairs([mixed, same], "first-last")
    assert first_last.scales == {Scale("2.0.0", 0.0, 10.0), Scale("1.0.0", 0.0, 8.0)}
    assert make_pairs([mixed, same], "means").scales == {Scale("1.0.0", 0.0, 8.0)}
    assert make_pairs([same], "sessions").scales == {Scale("1.0.0", 0.0, 8.0)}
    assert Scale("1.0.0", 0.0, 8.0).range_text() == "0–8"


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
