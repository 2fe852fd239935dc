"""The bundle's R script reproduces the app's numbers on decimal scores (issue 14).

The script's output under R 4.2.2 is committed (``tests/data/r_bundle_<case>.out``, made
by :func:`write_bundle_folder` and ``Rscript analysis.R .``), so the comparison runs
without R; with Rscript on PATH the script is also run live.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from oxytimer.domain.stats import analyse
from oxytimer.storage.exchange import R_SCRIPT, repr_number

DATA = Path(__file__).resolve().parents[1] / "data"

CASES: dict[str, tuple[list[float], list[float]]] = {
    "decimal7": (
        [7.9, 2.7, 4.5, 1.1, 5.2, 6.9, 2.7],
        [10.4, 3.6, 3.8, 2.5, 5.5, 7.7, 4.1],
    ),
    "decimal2": ([4.0, 3.1], [5.1, 2.0]),
    "hundredths12": (
        [1.25, 2.5, 3.75, 0.05, 4.1, 2.2, 3.3, 1.15, 0.3, 2.45, 5.0, 1.0],
        [2.35, 3.6, 3.75, 1.15, 5.2, 3.3, 2.2, 2.25, 1.4, 3.55, 6.05, 2.1],
    ),
}


def flatten(prefix: str, value: Any, into: list[tuple[str, Any]]) -> None:
    """results.json's keys as results.csv names them (``wilcoxon.v``)."""
    if isinstance(value, dict):
        for key, inner in value.items():
            flatten(f"{prefix}.{key}" if prefix else str(key), inner, into)
    elif not isinstance(value, list):
        into.append((prefix, value))


def write_bundle_folder(folder: Path, pre: list[float], post: list[float]) -> dict[str, Any]:
    """pairs.csv, results.csv and analysis.R as the bundle writes them."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["mother_id,site,study_code,pre,post"]
    lines += [f"m{i},AMP,C{i},{a!r},{b!r}" for i, (a, b) in enumerate(zip(pre, post, strict=True))]
    (folder / "pairs.csv").write_text("\n".join(lines) + "\n")
    results = analyse(pre, post).to_dict()
    flat: list[tuple[str, Any]] = []
    flatten("", results, flat)
    rows = ["key,value"] + [f"{key},{repr_number(value)}" for key, value in flat]
    (folder / "results.csv").write_text("\n".join(rows) + "\n")
    (folder / "analysis.R").write_text(R_SCRIPT)
    return results


@pytest.mark.parametrize("case", sorted(CASES))
def test_committed_r_output_reproduces_the_apps_numbers(case: str, tmp_path: Path) -> None:
    out = (DATA / f"r_bundle_{case}.out").read_text()
    assert "The app's numbers are reproduced." in out
    assert "MISMATCH" not in out
    app = write_bundle_folder(tmp_path, *CASES[case])
    v, p = re.search(r"^R: V = (\S+), p = (\S+)$", out, re.M).groups()  # type: ignore[union-attr]
    assert float(v) == app["wilcoxon"]["v"]
    assert float(p) == pytest.approx(app["wilcoxon"]["p_r_default"], rel=1e-13)
    z = re.search(r"^SPSS-style Z = (\S+),", out, re.M).group(1)  # type: ignore[union-attr]
    assert float(z) == pytest.approx(app["wilcoxon"]["z"], abs=1e-6)


def test_committed_r_output_explains_the_plain_wilcox_test() -> None:
    out = (DATA / "r_bundle_decimal7.out").read_text()
    assert "Note: a plain wilcox.test(post, pre, paired = TRUE) gives V = 26, p = 0.046875" in out
    assert "V = 26, p-value = 0.05149" in out  # the app's p, which R reproduces


def test_the_script_runs_live_when_r_is_installed(tmp_path: Path) -> None:
    rscript = shutil.which("Rscript")
    if rscript is None:
        pytest.skip("Rscript is not on PATH (the committed output is checked above)")
    for case, (pre, post) in CASES.items():
        folder = tmp_path / case
        write_bundle_folder(folder, pre, post)
        run = subprocess.run(
            [rscript, "analysis.R", "."], cwd=folder, capture_output=True, text=True, timeout=120
        )
        assert run.returncode == 0, run.stdout + run.stderr
        assert "The app's numbers are reproduced." in run.stdout
