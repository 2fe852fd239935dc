"""A merge report a person can read: counts per kind, one line per conflict; every row in a file."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any, Final

from oxytimer.storage.merge_rules import TABLES, MergeConflict, MergeReport

MAX_CONFLICT_LINES: Final = 15
"""Conflict lines printed at most (the rest: ``--report`` or ``oxytimer conflicts``)."""

REPORT_FIELDS: Final = ("what", "source", "table", "record_id", "kind", "because", "detail")


def describe(conflict: MergeConflict) -> str:
    """One line, in words, of what a conflict is."""
    d = conflict.detail
    if conflict.code == "study_code_taken":
        return f"study code {d.get('study_code')} is used here by another mother"
    if conflict.code == "different_content":
        return f"changed on both laptops: {', '.join(d.get('columns', []))}"
    if conflict.code == "score_kind_taken":
        return f"the session already has a {d.get('kind')}-score here"
    if conflict.code == "assessment_kind_taken":
        return f"the mother already has a {d.get('kind')} assessment here"
    if conflict.code == "site_name_differs":
        return f"site {d.get('code')} is named {d.get('name')!r} there, {d.get('here')!r} here"
    if conflict.code == "audit_missing":
        return "audit_missing: no audit row of its insertion in that file (refused)"
    return conflict.code


def summary_lines(report: MergeReport, numbers: dict[tuple[str, str, str], int]) -> list[str]:
    """The merge in at most a screenful (the CLI prints it).

    Args:
        report: The merge.
        numbers: Each kept conflict's number, by (table, record id, kind).
    """
    lines = [f"{'':<17}{'added':>8}{'updated':>9}{'same':>8}{'left out':>10}"]
    for table in TABLES:
        counts = (
            report.added[table],
            report.updated[table],
            report.unchanged[table],
            report.skipped[table],
        )
        if any(counts):
            lines.append(
                f"{table.replace('_', ' '):<17}{counts[0]:>8}{counts[1]:>9}{counts[2]:>8}"
                f"{counts[3]:>10}"
            )
    for source, tag in report.same_tag:
        lines.append(
            f"warning: {source} has this laptop's own tag {tag}: a copy of this file, or two"
            " laptops with the same tag (their new study codes can collide; set another tag"
            " on one of them in Settings)"
        )
    if report.conflicts:
        lines.append(f"{len(report.conflicts)} conflict(s), nothing here was overwritten:")
        for c in report.conflicts[:MAX_CONFLICT_LINES]:
            number = numbers.get((c.table, c.record_id, c.code))
            label = f"#{number}" if number is not None else "-"
            waiting = report.waiting(c)
            lines.append(
                f"  {label:>4} {c.table} {c.record_id[:8]}: {describe(c)}"
                f" ({waiting} record(s) wait for it)"
            )
        more = len(report.conflicts) - MAX_CONFLICT_LINES
        if more > 0:
            lines.append(f"  ... and {more} more (all of them: --report FILE, oxytimer conflicts)")
        lines.append("Resolve them: oxytimer conflicts (list), oxytimer conflicts resolve N ...")
    else:
        lines.append("No conflicts: everything came in.")
    return lines


def report_rows(report: MergeReport) -> list[dict[str, Any]]:
    """Every row of the report: ``count`` rows (``kind`` added, updated, unchanged,
    left_out; ``detail`` the number) per table, ``same_tag``, each ``conflict`` and each
    row ``left_out`` (``because``: the conflict it waits for)."""
    rows: list[dict[str, Any]] = []
    for what, counts in (
        ("added", report.added),
        ("updated", report.updated),
        ("unchanged", report.unchanged),
        ("left_out", report.skipped),
    ):
        for table, n in counts.items():
            row = dict.fromkeys(REPORT_FIELDS, "")
            rows.append(row | {"what": "count", "kind": what, "table": table, "detail": n})
    for source, tag in report.same_tag:
        row = dict.fromkeys(REPORT_FIELDS, "")
        rows.append(row | {"what": "same_tag", "source": source, "detail": tag})
    for c in report.conflicts:
        rows.append(
            {
                "what": "conflict",
                "source": c.source,
                "table": c.table,
                "record_id": c.record_id,
                "kind": c.code,
                "because": "",
                "detail": json.dumps(dict(c.detail) | {"waiting": report.waiting(c)}, default=str),
            }
        )
    for x in report.left_out:
        rows.append(
            {
                "what": "left_out",
                "source": x.source,
                "table": x.table,
                "record_id": x.record_id,
                "kind": "",
                "because": x.because,
                "detail": "",
            }
        )
    return rows


def write_report(report: MergeReport, path: Path) -> None:
    """Write every row of the report to ``path``: JSON when it ends in ``.json``, else CSV."""
    from oxytimer.storage.export_files import private_file

    rows = report_rows(report)
    path = Path(path)
    # Study codes: private (0600); whole or not at all (a full disk leaves the older one).
    with private_file(path) as temp, open(temp, "w", newline="", encoding="utf-8") as out:
        if path.suffix.lower() == ".json":
            json.dump(rows, out, indent=1, default=str)
            return
        writer = csv.DictWriter(out, fieldnames=REPORT_FIELDS)
        writer.writeheader()
        writer.writerows(rows)
