import math
import pickle
from itertools import accumulate
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oxytimer.domain.protocol import MassageProtocol, Step, load_protocol
from oxytimer.domain.texts import LANGUAGES, LocalText, ResourceError
from oxytimer.resources import resource_path

SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10"/></svg>'

VALID = """\
version = "1.0.0"
name = { id = "Pijat", en = "Massage" }
default_minutes = 4
min_minutes = 3
max_minutes = 5

[[steps]]
id = "a"
share = 0.25
illustration = "a.svg"
title = { id = "Judul A", en = "Title A" }
instruction = { id = "Lakukan A.", en = "Do A." }

[[steps]]
id = "b"
share = 0.75
illustration = "b.svg"
title = { id = "Judul B", en = "Title B" }
instruction = { id = "Lakukan B.", en = "Do B." }
"""


@pytest.fixture(scope="module")
def protocol() -> MassageProtocol:
    return load_protocol()


def text(word: str) -> LocalText:
    return LocalText(id=f"{word} (id)", en=f"{word} (en)")


def make(shares: tuple[float, ...], **minutes: int) -> MassageProtocol:
    steps = tuple(
        Step(f"s{n}", share, text("t"), text("i"), "x.svg") for n, share in enumerate(shares)
    )
    limits = {"default_minutes": 4, "min_minutes": 3, "max_minutes": 5, **minutes}
    return MassageProtocol("1", text("p"), steps=steps, **limits)


def write(tmp_path: Path, content: str) -> Path:
    (tmp_path / "illustrations").mkdir(exist_ok=True)
    for name in ("a.svg", "b.svg"):
        (tmp_path / "illustrations" / name).write_text(SVG, encoding="utf-8")
    path = tmp_path / "protocol.toml"
    path.write_text(content, encoding="utf-8")
    return path


# --- the shipped file ---------------------------------------------------------------------


def test_shipped_protocol_follows_the_study(protocol):
    assert protocol.version
    assert (protocol.min_minutes, protocol.max_minutes) == (3, 5)
    assert protocol.default_minutes == 4
    assert protocol.allowed_minutes() == (3, 4, 5)
    assert [step.id for step in protocol.steps] == [
        "prepare",
        "landmarks",
        "massage",
        "repeat",
        "finish",
    ]
    assert math.fsum(step.share for step in protocol.steps) == pytest.approx(1, abs=1e-9)


@pytest.mark.parametrize("minutes", [3, 4, 5])
def test_the_chosen_length_is_massage_time(protocol, minutes):
    # Issue 12: 3 minutes used to give 2 min 15 s of rubbing (preparation was timed too).
    assert [s.id for s in protocol.preparation_steps] == ["prepare", "landmarks"]
    assert [s.id for s in protocol.massage_steps] == ["massage", "repeat"]
    assert [s.id for s in protocol.finishing_steps] == ["finish"]
    durations = protocol.step_durations(minutes * 60)
    assert len(durations) == 2
    assert math.fsum(durations) == minutes * 60


def test_a_timed_preparation_or_a_step_out_of_phase_order_is_refused(tmp_path):
    content = VALID.replace('id = "a"\nshare = 0.25', 'id = "a"\nphase = "preparation"')
    content = content.replace("share = 0.75", "share = 1.0")
    assert load_protocol(write(tmp_path, content)).preparation_steps[0].id == "a"
    timed = VALID.replace('id = "a"\n', 'id = "a"\nphase = "preparation"\n')
    with pytest.raises(ResourceError, match="not timed"):
        load_protocol(write(tmp_path, timed))
    backwards = content.replace('id = "b"\n', 'id = "b"\n').replace(
        'phase = "preparation"', 'phase = "finishing"'
    )
    with pytest.raises(ResourceError, match="preparation, then massage"):
        load_protocol(write(tmp_path, backwards))
    unknown = content.replace('phase = "preparation"', 'phase = "warm-up"')
    with pytest.raises(ResourceError, match="phase"):
        load_protocol(write(tmp_path, unknown))


def test_a_file_without_phases_times_every_step_as_version_1_did(tmp_path):
    old = load_protocol(write(tmp_path, VALID))
    assert [s.phase for s in old.steps] == ["massage", "massage"]
    assert old.step_durations(240) == (60.0, 180.0)


def test_shipped_texts_exist_in_both_languages(protocol):
    for lang in LANGUAGES:
        assert protocol.name.get(lang)
        for step in protocol.steps:
            assert step.title.get(lang).strip()
            instruction = step.instruction.get(lang)
            assert instruction.strip()
            # one action per line, no blank lines, no ragged whitespace
            for line in instruction.split("\n"):
                assert line and line == line.strip() and "  " not in line


def test_shipped_indonesian_uses_the_words_a_midwife_would(protocol):
    indonesian = " ".join(step.instruction.get("id") for step in protocol.steps)
    for phrase in ("Ibu", "tulang belakang", "tulang belikat", "ibu jari", "memutar kecil"):
        assert phrase in indonesian


def test_shipped_illustrations_exist(protocol):
    for step in protocol.steps:
        path = protocol.illustration_path(step)
        assert path.is_file()
        assert path.parent == resource_path("illustrations")


# --- time ---------------------------------------------------------------------------------


@pytest.mark.parametrize("total", [180, 240, 300, 240.5, 299.999, 123.456789, 0.1, 1e-3, 1e6])
def test_step_durations_add_up_exactly(protocol, total):
    durations = protocol.step_durations(total)
    assert len(durations) == len(protocol.massage_steps)
    assert sum(durations) == total
    assert math.fsum(durations) == total
    assert sum(reversed(durations)) == total
    assert all(d >= 0 for d in durations)


@pytest.mark.parametrize("total", [180, 240, 300, 240.5, 123.456789])
def test_step_durations_follow_the_shares(protocol, total):
    for step, duration in zip(protocol.massage_steps, protocol.step_durations(total), strict=True):
        assert duration == pytest.approx(step.share * total, abs=1e-3)


def test_four_minutes_split_into_whole_seconds(protocol):
    assert protocol.step_durations(240) == (108.0, 132.0)
    assert protocol.step_boundaries(240) == (108.0, 240.0)


@settings(database=None)
@given(total=st.floats(min_value=1e-3, max_value=1e7, allow_nan=False, allow_infinity=False))
def test_boundaries_are_the_running_sums_of_the_durations(total):
    protocol = make((0.1, 0.1, 0.35, 0.4, 0.05))
    durations = protocol.step_durations(total)
    boundaries = protocol.step_boundaries(total)
    assert sum(durations) == total
    assert boundaries[-1] == total
    assert boundaries == tuple(accumulate(durations))
    assert list(boundaries) == sorted(boundaries)


@pytest.mark.parametrize("bad", [0, -1, -0.5, math.nan, math.inf, True, "240"])
def test_step_durations_reject_a_bad_total(protocol, bad):
    with pytest.raises(ValueError, match="total_seconds"):
        protocol.step_durations(bad)
    with pytest.raises(ValueError, match="total_seconds"):
        protocol.step_boundaries(bad)


def test_shares_that_do_not_quite_sum_to_one_still_fill_the_total():
    protocol = make((0.3333333, 0.3333333, 0.3333333))
    assert sum(protocol.step_durations(100)) == 100


# --- minutes ------------------------------------------------------------------------------


@pytest.mark.parametrize("minutes", [3, 4, 5])
def test_check_minutes_accepts_the_allowed_lengths(protocol, minutes):
    protocol.check_minutes(minutes)


@pytest.mark.parametrize("minutes", [2, 6, 0, -4])
def test_check_minutes_rejects_lengths_out_of_range(protocol, minutes):
    with pytest.raises(ValueError, match="between 3 and 5 minutes"):
        protocol.check_minutes(minutes)


@pytest.mark.parametrize("minutes", [4.0, 4.5, "4", True, None])
def test_check_minutes_rejects_non_integers(protocol, minutes):
    with pytest.raises(ValueError, match="whole number"):
        protocol.check_minutes(minutes)


# --- construction rules -------------------------------------------------------------------


def test_constructor_checks_the_shares():
    with pytest.raises(ValueError, match="add up to 1"):
        make((0.5, 0.4))
    with pytest.raises(ValueError, match="greater than 0"):
        make((1.5, -0.5))


def test_constructor_checks_the_minutes():
    with pytest.raises(ValueError, match="min_minutes ≤ default_minutes ≤ max_minutes"):
        make((1.0,), default_minutes=6)
    with pytest.raises(ValueError, match="≥ 1"):
        make((1.0,), min_minutes=0)


def test_constructor_checks_ids_are_unique():
    step = Step("same", 0.5, text("t"), text("i"), "x.svg")
    with pytest.raises(ValueError, match="'same' is used more than once"):
        MassageProtocol("1", text("p"), 4, 3, 5, (step, step))


# --- texts --------------------------------------------------------------------------------


def test_local_text_falls_back_to_english_then_indonesian():
    t = LocalText(id="Pijat", en="Massage")
    assert t.get("id") == "Pijat"
    assert t.get("en") == "Massage"
    assert t.get("id_ID") == "Pijat"
    assert t.get("en-GB") == "Massage"
    assert t.get("fr") == "Massage"
    assert t.as_dict() == {"id": "Pijat", "en": "Massage"}


def test_local_text_requires_both_languages():
    with pytest.raises(ValueError, match="'en'"):
        LocalText(id="Pijat", en=" ")


def test_resource_error_names_the_file_and_survives_pickling(tmp_path):
    error = ResourceError(tmp_path / "x.toml", "broken")
    assert str(error) == f"{tmp_path / 'x.toml'}: broken"
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.path, copy.problem) == (error.path, error.problem)


# --- malformed files ----------------------------------------------------------------------


def test_the_test_template_is_valid(tmp_path):
    protocol = load_protocol(write(tmp_path, VALID))
    assert [step.id for step in protocol.steps] == ["a", "b"]
    assert protocol.illustration_path(protocol.steps[0]) == tmp_path / "illustrations" / "a.svg"


def test_multi_line_instructions_keep_one_action_per_line(tmp_path):
    content = VALID.replace(
        'instruction = { id = "Lakukan A.", en = "Do A." }',
        'instruction.id = """\n  Satu.\n\n  Dua   kali.\n"""\ninstruction.en = "One."',
    )
    protocol = load_protocol(write(tmp_path, content))
    assert protocol.steps[0].instruction.get("id") == "Satu.\nDua kali."


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ('version = "1.0.0"\n', "", "'version' is missing"),
        ('version = "1.0.0"', "version = 1", "'version' must be a non-empty string"),
        ("share = 0.75", "share = 0.7", "add up to 1"),
        ("share = 0.75", 'share = "0.75"', "[[steps]] #2: 'share' must be a number"),
        ("share = 0.25", "share = -0.25", "[[steps]] #1: 'share' must be greater than 0"),
        ('id = "b"', 'id = "a"', "step id 'a' is used more than once"),
        ('"b.svg"', '"missing.svg"', "illustration 'missing.svg' not found"),
        ('"b.svg"', '"../b.svg"', "without folders"),
        ('"b.svg"', '"b.png"', "must be an SVG file name"),
        ("default_minutes = 4", "default_minutes = 6", "default_minutes ≤ max_minutes"),
        ("default_minutes = 4", "default_minutes = 4.5", "'default_minutes' must be an integer"),
        ("min_minutes = 3", "min_minutes = true", "'min_minutes' must be an integer"),
        ('en = "Title B"', 'fr = "Titre B"', "[[steps]] #2: 'title' has no 'en' text"),
        ('{ id = "Lakukan A.",', '{ id = " ",', "'instruction': the 'id' text must be a non-empty"),
        ('title = { id = "Judul A", en = "Title A" }', 'title = "A"', "'title' must be a table"),
        ('name = { id = "Pijat", en = "Massage" }', "", "'name' is missing"),
        ("=", "==", "not valid TOML"),
    ],
)
def test_malformed_files_raise_resource_error(tmp_path, old, new, problem):
    assert old in VALID
    path = write(tmp_path, VALID.replace(old, new, 1))
    with pytest.raises(ResourceError) as caught:
        load_protocol(path)
    assert caught.value.path == path
    assert str(path) in str(caught.value)
    assert problem in str(caught.value)


def test_an_empty_steps_list_is_reported(tmp_path):
    content = VALID.split("[[steps]]")[0] + "steps = []\n"
    with pytest.raises(ResourceError, match="'steps' must be a non-empty list"):
        load_protocol(write(tmp_path, content))


def test_a_missing_file_is_reported(tmp_path):
    with pytest.raises(ResourceError, match="file not found"):
        load_protocol(tmp_path / "nowhere.toml")


def test_a_file_that_is_not_utf8_is_reported(tmp_path):
    path = write(tmp_path, VALID)
    path.write_bytes(VALID.encode("utf-8").replace(b"Pijat", b"Pij\xe0t"))
    with pytest.raises(ResourceError, match="UTF-8"):
        load_protocol(path)
