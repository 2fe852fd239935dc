"""``oxytimer summary --pairs`` on bad files (issue 14): one line naming the line, the
column and what is wrong, exit status 1, no traceback, no huge echo, no library warnings."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oxytimer.cli import main
from oxytimer.domain.pairs_csv import MAX_SHOWN
from oxytimer.domain.stats import analyse


def run(path: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["summary", "--pairs", str(path), *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def bad(tmp_path: Path, content: str | bytes) -> str:
    """The one line of stderr for a bad file (after checking status and stdout)."""
    path = tmp_path / "bad.csv"
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    code, out, err = run(path)
    assert code == 1 and out == ""
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err[:2000]
    assert lines[0].startswith(f"oxytimer: {path}: line ")
    return lines[0]


def test_a_400_digit_number(tmp_path: Path) -> None:
    line = bad(tmp_path, f"participant,pre,post\nA,1,2\nB,{'7' * 400},3\n")
    assert "line 3, column 'pre'" in line and "more than 15 significant digits" in line
    assert "7" * (MAX_SHOWN + 1) not in line and "400 characters" in line


def test_a_400_digit_fraction(tmp_path: Path) -> None:
    line = bad(tmp_path, f"participant,pre,post\nA,0.{'0' * 399}1,2\n")
    assert "line 2, column 'pre'" in line and "more than 15 decimals" in line


@pytest.mark.parametrize(
    ("cell", "reason"),
    [("1e300", "exponents"), ("1" + "0" * 300, "too large"), ("1000000000000", "too large")],
)
def test_huge_scores(tmp_path: Path, cell: str, reason: str) -> None:
    line = bad(tmp_path, f"participant,pre,post\nA,0,{cell}\n")
    assert "line 2, column 'post'" in line and reason in line


def test_an_unclosed_quote_is_reported_where_it_opens(tmp_path: Path) -> None:
    content = 'participant,pre,post\nA,1,2\nB,"3,4\nC,1,2\nD,2,5\n'
    line = bad(tmp_path, content)
    assert "line 3, column 'pre'" in line and "quote" in line


def test_text_after_a_closing_quote(tmp_path: Path) -> None:
    line = bad(tmp_path, 'participant,pre,post\nA,"1"x,2\n')
    assert "line 2, column 'pre'" in line and "quote" in line


def test_a_tab_separated_file(tmp_path: Path) -> None:
    line = bad(tmp_path, "participant\tpre\tpost\nA\t1\t2\nB\t2\t4\n")
    assert "line 1" in line and "tabs" in line
    assert "missing" not in line


def test_a_200000_cell_row_is_not_echoed(tmp_path: Path) -> None:
    line = bad(tmp_path, "participant,pre,post\nA,1,2\n" + ",".join(["9"] * 200_000) + "\n")
    assert "line 3" in line and "expected 3 cells, found 200,000" in line
    assert len(line) < 300


def test_a_decimal_comma_gets_the_hint(tmp_path: Path) -> None:
    line = bad(tmp_path, 'participant,pre,post\nA,"1,5",2\n')
    assert "line 2, column 'pre'" in line and "decimal comma" in line and "';'" in line


def test_many_problems_are_listed_up_to_twenty(tmp_path: Path) -> None:
    path = tmp_path / "many.csv"
    path.write_text("participant,pre,post\n" + "".join(f"P{i},x,1\n" for i in range(500)))
    code, _, err = run(path)
    assert code == 1 and "500 problems found" in err and "and 480 more" in err
    assert len(err.splitlines()) == 22


def test_huge_scores_give_no_library_warnings() -> None:
    # Straight into the analysis (not through the reader, which refuses them).
    with _no_warnings():
        result = analyse([0.0, 1e300, -1e300], [1e300, -1e300, 1e300])
    assert result.paired_t.t is None or abs(result.paired_t.t) < float("inf")


class _no_warnings:
    def __enter__(self) -> None:
        import warnings

        self._catcher = warnings.catch_warnings(record=True)
        self.caught = self._catcher.__enter__()
        warnings.simplefilter("always")

    def __exit__(self, *exc: object) -> None:
        self._catcher.__exit__(*exc)
        assert self.caught == [], [str(w.message) for w in self.caught]


def test_huge_file_scores_in_a_fresh_process_print_one_line_only(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    path.write_text(f"participant,pre,post\nA,0,{'9' * 400}\nB,1e300,2\n")
    env = {**os.environ, "PYTHONWARNINGS": "default"}
    done = subprocess.run(
        [sys.executable, "-m", "oxytimer", "summary", "--pairs", str(path)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 1 and done.stdout == ""
    assert "Traceback" not in done.stderr and "Warning" not in done.stderr
    assert done.stderr.count("line ") == 2  # the two problems, one line each


def test_csv_export_lists_only_the_analysed_pairs(tmp_path: Path) -> None:
    path = tmp_path / "na.csv"
    path.write_text("participant,pre,post\nA,3,5\nB,4,NA\nC,2,3\nD,,6\n")
    code, out, _ = run(path, "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["participant"] for r in rows] == ["A", "C"]
    help_text = " ".join(CliRunner().invoke(main, ["summary", "--help"]).stdout.split())
    assert "the analysed pairs" in help_text and "missing score are left out" in help_text


# --------------------------------------------------------------------------- fuzzing

_CELL = st.one_of(
    st.sampled_from(["", "NA", "1", "2.5", "-3", "1e300", "9" * 40, '"', '"1"', "1,5", "\t"]),
    st.text(max_size=8),
)


@st.composite
def _csv_bytes(draw: st.DrawFn) -> bytes:
    sep = draw(st.sampled_from([",", ";", "\t"]))
    header = draw(
        st.sampled_from(
            [["participant", "pre", "post"], ["pre", "participant", "post", "x"], ["a", "b"]]
        )
    )
    rows = draw(st.lists(st.lists(_CELL, max_size=5), max_size=8))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = newline.join(sep.join(r) for r in [header, *rows])
    data = text.encode("utf-8")
    if draw(st.booleans()):
        noise = draw(st.binary(max_size=12))
        at = draw(st.integers(0, len(data)))
        data = data[:at] + noise + data[at:]
    return data


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(_csv_bytes())
def test_any_bytes_exit_0_or_1_never_a_traceback(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.csv"
        path.write_bytes(data)
        for fmt in ("text", "json"):
            result = CliRunner().invoke(main, ["summary", "--pairs", str(path), "--format", fmt])
            if result.exception is not None and not isinstance(result.exception, SystemExit):
                raise result.exception  # a traceback would have reached the user
            assert result.exit_code in (0, 1)
            assert "Traceback" not in result.output
            if result.exit_code == 1:
                assert result.stdout == "" and result.stderr.startswith("oxytimer: ")
