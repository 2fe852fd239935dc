from pathlib import Path

import pytest

from oxytimer.domain.sites import CODE_PATTERN, Site, load_sites
from oxytimer.domain.texts import ResourceError

# The eleven puskesmas of Mataram named in the study (it spells Pejeruk "Pajeruk").
STUDY_SITES = {
    "Ampenan",
    "Cakranegara",
    "Dasan Agung",
    "Dasan Cermen",
    "Karang Pule",
    "Karang Taliwang",
    "Mataram",
    "Pagesangan",
    "Pejeruk",
    "Selaparang",
    "Tanjung Karang",
}

VALID = """\
[[sites]]
code = "AMP"
name = "Puskesmas Ampenan"

[[sites]]
code = "KP2"
name = "Puskesmas Karang Pule"
"""


def test_shipped_sites_are_the_eleven_puskesmas_of_mataram():
    sites = load_sites()
    assert len(sites) == 11
    assert {site.name.removeprefix("Puskesmas ") for site in sites} == STUDY_SITES
    assert len({site.code for site in sites}) == 11
    assert all(CODE_PATTERN.fullmatch(site.code) for site in sites)
    assert Site("AMP", "Puskesmas Ampenan") in sites


def write(tmp_path: Path, content: str) -> Path:
    path = tmp_path / "sites.toml"
    path.write_text(content, encoding="utf-8")
    return path


def test_the_test_template_is_valid(tmp_path):
    assert load_sites(write(tmp_path, VALID)) == (
        Site("AMP", "Puskesmas Ampenan"),
        Site("KP2", "Puskesmas Karang Pule"),
    )


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ('"KP2"', '"AMP"', "site code 'AMP' is used more than once"),
        ('"KP2"', '"kp2"', "[[sites]] #2: 'code' must be 2 to 8 capital letters"),
        ('"KP2"', '"2KP"', "starting with a letter"),
        ('"KP2"', '"K"', "'code' must be 2 to 8"),
        ('"KP2"', '"KARANGPULE"', "'code' must be 2 to 8"),
        ("Karang Pule", "ampenan", "site name 'Puskesmas ampenan' is used more than once"),
        ('name = "Puskesmas Karang Pule"', "", "[[sites]] #2: 'name' is missing"),
        ('code = "AMP"', "code = 1", "[[sites]] #1: 'code' must be a non-empty string"),
        ("[[sites]]", "[[sites]", "not valid TOML"),
    ],
)
def test_malformed_files_raise_resource_error(tmp_path, old, new, problem):
    assert old in VALID
    path = write(tmp_path, VALID.replace(old, new, 1))
    with pytest.raises(ResourceError) as caught:
        load_sites(path)
    assert caught.value.path == path
    assert str(path) in str(caught.value)
    assert problem in str(caught.value)


def test_an_empty_file_is_reported(tmp_path):
    with pytest.raises(ResourceError, match="'sites' is missing"):
        load_sites(write(tmp_path, "# no sites yet\n"))


def test_a_missing_file_is_reported(tmp_path):
    with pytest.raises(ResourceError, match="file not found"):
        load_sites(tmp_path / "sites.toml")
