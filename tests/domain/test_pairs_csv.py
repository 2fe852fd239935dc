"""Reading participant/pre/post CSV files, and the errors a person can act on."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from oxytimer.domain.pairs_csv import PairsFileError, PairsTable, read_pairs_csv

DATA = Path(__file__).resolve().parent.parent / "data"


def write(tmp_path: Path, content: str | bytes, name: str = "pairs.csv") -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_bytes(content.encode("utf-8"))
    else:
        path.write_bytes(content)
    return path


def error_for(path: Path) -> PairsFileError:
    with pytest.raises(PairsFileError) as caught:
        read_pairs_csv(path)
    return caught.value


@pytest.mark.parametrize(
    ("name", "rows", "first"),
    [
        ("exact7", 7, ("R001", 1.0, 2.0)),
        ("fuel12", 12, ("R001", 20.0, 24.0)),
        ("improved60", 60, ("R001", 2.0, 3.0)),
        ("scale12", 12, ("R001", 3.0, 3.0)),
        ("ties20", 20, ("R001", 1.0, 4.0)),
    ],
)
def test_reads_the_reference_files(name: str, rows: int, first: tuple[str, float, float]) -> None:
    table = read_pairs_csv(DATA / f"{name}.csv")
    assert len(table) == rows == len(table.pre) == len(table.post)
    assert (table.participants[0], table.pre[0], table.post[0]) == first
    assert len(set(table.participants)) == rows


def test_fuel12_values_round_trip() -> None:
    table = read_pairs_csv(str(DATA / "fuel12.csv"))
    assert table.pre == (20, 23, 21, 25, 18, 17, 18, 24, 20, 24, 23, 19)
    assert table.post == (24, 25, 21, 22, 23, 18, 17, 28, 24, 27, 21, 23)


def test_bom_semicolons_decimal_comma_and_missing(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "\ufeffParticipant ; PRE ; Post\r\nR1;1,5;2\r\nR2;NA;3\r\n\r\nR3;2;\r\nR4; 4.25 ;na\r\n",
    )
    table = read_pairs_csv(path)
    assert table == PairsTable(
        participants=("R1", "R2", "R3", "R4"),
        pre=(1.5, None, 2.0, 4.25),
        post=(2.0, 3.0, None, None),
    )


def test_column_order_and_extra_columns_do_not_matter(tmp_path: Path) -> None:
    path = write(tmp_path, "post,site,PARTICIPANT,pre\n5,Ampenan,R9,2\n")
    table = read_pairs_csv(path)
    assert (table.participants, table.pre, table.post) == (("R9",), (2.0,), (5.0,))


def test_quoted_cells(tmp_path: Path) -> None:
    path = write(tmp_path, 'participant,pre,post\n"Ibu A, Ampenan","1","3"\n')
    table = read_pairs_csv(path)
    assert table.participants == ("Ibu A, Ampenan",)


def test_negative_and_signed_numbers(tmp_path: Path) -> None:
    path = write(tmp_path, "participant,pre,post\nR1,-1,+2\nR2,.5,3.\n")
    table = read_pairs_csv(path)
    assert table.pre == (-1.0, 0.5) and table.post == (2.0, 3.0)


@pytest.mark.parametrize("content", ["", "   \n\n", "\ufeff"])
def test_empty_file(tmp_path: Path, content: str) -> None:
    error = error_for(write(tmp_path, content))
    assert "line 1" in str(error) and "empty" in str(error)


def test_header_without_rows(tmp_path: Path) -> None:
    error = error_for(write(tmp_path, "participant,pre,post\n\n"))
    assert "line 1" in str(error) and "no data rows" in str(error)


def test_missing_column_is_named(tmp_path: Path) -> None:
    error = error_for(write(tmp_path, "participant,pre,after\nR1,1,2\n"))
    assert [(i.line, i.column) for i in error.issues] == [(1, "post")]
    assert "line 1" in str(error) and "'post'" in str(error) and "missing" in str(error)


def test_header_on_a_later_line_after_blank_lines(tmp_path: Path) -> None:
    error = error_for(write(tmp_path, "\n\nname,pre,post\nR1,1,2\n"))
    assert error.issues[0].line == 3


def test_duplicate_header_column(tmp_path: Path) -> None:
    error = error_for(write(tmp_path, "participant,pre,pre,post\nR1,1,1,2\n"))
    assert error.issues[0].column == "pre" and "more than once" in error.issues[0].reason


@pytest.mark.parametrize("value", ["abc", "nan", "inf", "1e3", "2..5", "-", "3 4"])
def test_non_numeric_score(tmp_path: Path, value: str) -> None:
    error = error_for(write(tmp_path, f"participant,pre,post\nR1,1,2\nR2,{value},3\n"))
    [issue] = error.issues
    assert (issue.line, issue.column, issue.value) == (3, "pre", value)
    assert "not a number" in issue.reason
    assert "line 3" in str(error)


def test_decimal_comma_needs_semicolons(tmp_path: Path) -> None:
    error = error_for(write(tmp_path, 'participant,pre,post\nR1,"1,5",2\nR2,1,5,2\n'))
    lines = {issue.line: issue for issue in error.issues}
    assert lines[2].column == "pre" and "';'" in lines[2].reason
    assert lines[3].column is None and "expected 3 cells, found 4" in lines[3].reason


def test_too_few_cells(tmp_path: Path) -> None:
    error = error_for(write(tmp_path, "participant,pre,post\nR1,1\n"))
    assert error.issues[0].line == 2 and "found 2" in error.issues[0].reason


def test_duplicate_participant_names_both_lines(tmp_path: Path) -> None:
    error = error_for(write(tmp_path, "participant,pre,post\nR1,1,2\nR2,1,2\n R1 ,3,4\n"))
    [issue] = error.issues
    assert (issue.line, issue.column, issue.value) == (4, "participant", "R1")
    assert "duplicate" in issue.reason and "line 2" in issue.reason


def test_all_problems_are_collected(tmp_path: Path) -> None:
    content = "participant;pre;post\nR1;x;2\nR2;1;y\n;1;2\nR2;1;2\nR5;1\nR6;2;3\n"
    error = error_for(write(tmp_path, content))
    assert [(i.line, i.column) for i in error.issues] == [
        (2, "pre"),
        (3, "post"),
        (4, "participant"),
        (5, "participant"),
        (6, None),
    ]
    message = str(error)
    assert message.startswith(f"{tmp_path / 'pairs.csv'}: 5 problems found")
    for line in range(2, 7):
        assert f"line {line}" in message
    assert "line 7" not in message


def test_not_utf8(tmp_path: Path) -> None:
    error = error_for(write(tmp_path, b"participant,pre,post\nR1,1,2\nIbu \xe9,1,2\n"))
    assert error.issues[0].line == 3 and "UTF-8" in str(error)


def test_error_is_a_value_error_and_pickles(tmp_path: Path) -> None:
    error = error_for(write(tmp_path, "participant,pre,post\nR1,x,2\n"))
    assert isinstance(error, ValueError)
    copy = pickle.loads(pickle.dumps(error))
    assert copy.issues == error.issues and str(copy) == str(error)


def test_missing_file_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_pairs_csv(tmp_path / "nope.csv")
