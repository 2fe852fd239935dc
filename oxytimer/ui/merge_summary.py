"""The Data menu's merge result: counts per kind, one line per conflict, every row on
"Show Details…", and a button to the Conflicts dialog."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from oxytimer.storage.merge_report import MAX_CONFLICT_LINES
from oxytimer.storage.merge_rules import MergeConflict, MergeReport
from oxytimer.ui.labels import field_label

# A literal context and text in every call (scripts/update_translations.py finds them).
translate = QCoreApplication.translate


def table_name(table: str) -> str:
    """A table's records in words: "mothers", "audit trail rows"."""
    return {
        "sites": translate("merge_summary", "sites"),
        "mothers": translate("merge_summary", "mothers"),
        "screenings": translate("merge_summary", "screenings"),
        "sessions": translate("merge_summary", "sessions"),
        "scores": translate("merge_summary", "scores"),
        "score_items": translate("merge_summary", "score items"),
        "assessments": translate("merge_summary", "assessments"),
        "assessment_items": translate("merge_summary", "assessment answers"),
        "audit_log": translate("merge_summary", "audit trail rows"),
    }.get(table, table)


def table_counts(counts: Mapping[str, int]) -> str:
    """Non-zero counts by table, in words: "1 mother, 2 sessions"."""
    formats = {
        "sites": (
            translate("merge_summary", "{n} puskesmas"),
            translate("merge_summary", "{n} puskesmas"),
        ),
        "mothers": (
            translate("merge_summary", "{n} mother"),
            translate("merge_summary", "{n} mothers"),
        ),
        "screenings": (
            translate("merge_summary", "{n} screening"),
            translate("merge_summary", "{n} screenings"),
        ),
        "sessions": (
            translate("merge_summary", "{n} session"),
            translate("merge_summary", "{n} sessions"),
        ),
        "scores": (
            translate("merge_summary", "{n} score"),
            translate("merge_summary", "{n} scores"),
        ),
        "score_items": (
            translate("merge_summary", "{n} score item"),
            translate("merge_summary", "{n} score items"),
        ),
        "assessments": (
            translate("merge_summary", "{n} assessment"),
            translate("merge_summary", "{n} assessments"),
        ),
        "assessment_items": (
            translate("merge_summary", "{n} assessment answer"),
            translate("merge_summary", "{n} assessment answers"),
        ),
        "audit_log": (
            translate("merge_summary", "{n} audit trail row"),
            translate("merge_summary", "{n} audit trail rows"),
        ),
    }
    return ", ".join(
        # A number stays on the line of its word ("5 ibu", not "5" / "ibu").
        formats[table][n != 1].format(n=n).replace(" ", "\u00a0", 1)
        if table in formats
        else f"{table}: {n}"
        for table, n in counts.items()
        if n
    )


def conflict_text(c: MergeConflict) -> str:
    """A conflict in one sentence."""
    d = c.detail
    if c.code == "study_code_taken":
        return translate(
            "merge_summary", "Study code {code} is used here by another mother."
        ).format(code=d.get("study_code", ""))
    if c.code == "different_content":
        return translate("merge_summary", "Changed on both laptops: {fields} ({table}).").format(
            fields=", ".join(field_label(f) for f in d.get("columns", [])),
            table=table_name(c.table),
        )
    if c.code == "score_kind_taken":
        return translate("merge_summary", "The session already has this score here.")
    if c.code == "assessment_kind_taken":
        return translate("merge_summary", "The mother already has this assessment here.")
    if c.code == "site_name_differs":
        return translate(
            "merge_summary", "Puskesmas {code} has another name there: {name}."
        ).format(code=d.get("code", ""), name=d.get("name", ""))
    return c.code


def summary_text(report: MergeReport) -> str:
    """What came in, what was brought up to date, and each conflict, in a few lines."""
    text = translate("merge_summary", "Added: {counts}.").format(
        counts=table_counts(report.added) or translate("merge_summary", "nothing new")
    )
    if sum(report.updated.values()):
        text += "\n" + translate(
            "merge_summary",
            "Brought up to date with changes made on the other laptop since the last merge:"
            " {counts}.",
        ).format(counts=table_counts(report.updated))
    if report.skipped and sum(report.skipped.values()):
        text += "\n" + translate(
            "merge_summary",
            "Left out until their conflict is resolved: {counts}.",
        ).format(counts=table_counts(report.skipped))
    for _source, tag in report.same_tag:
        text += "\n\n" + translate(
            "merge_summary",
            "The other file has this laptop's own tag {tag}: it is a copy of this file, or two"
            " laptops have the same tag. Give one of them another tag in Settings.",
        ).format(tag=tag)
    if not report.conflicts:
        return text + "\n\n" + translate("merge_summary", "No conflicts: everything came in.")
    text += "\n\n" + translate(
        "merge_summary",
        "{n} conflict(s); nothing here was overwritten. Resolve them in Data → Conflicts:",
    ).format(n=len(report.conflicts))
    for c in report.conflicts[:MAX_CONFLICT_LINES]:
        text += (
            "\n• "
            + conflict_text(c)
            + " "
            + translate("merge_summary", "({n} record(s) wait)").format(n=report.waiting(c))
        )
    more = len(report.conflicts) - MAX_CONFLICT_LINES
    if more > 0:
        text += "\n" + translate("merge_summary", "… and {n} more (Show Details).").format(n=more)
    return text


def details_text(report: MergeReport) -> str:
    """Every conflict and every record left out, one a line."""
    lines = [f"{table_name(c.table)} {c.record_id}: {conflict_text(c)}" for c in report.conflicts]
    lines += [
        translate("merge_summary", "{table} {record} waits for {conflict}").format(
            table=table_name(x.table), record=x.record_id, conflict=x.because
        )
        for x in report.left_out
    ]
    return "\n".join(lines)


def merge_box(report: MergeReport, parent: QWidget | None) -> tuple[QMessageBox, QPushButton]:
    """The result box (not shown yet) and its "Resolve conflicts…" button (hidden when
    there are none)."""
    box = QMessageBox(parent)
    box.setWindowTitle(translate("merge_summary", "Merge"))
    box.setIcon(QMessageBox.Icon.Warning if report.conflicts else QMessageBox.Icon.Information)
    box.setText(summary_text(report))
    details = details_text(report)
    if details:
        box.setDetailedText(details)  # Qt adds the "Show Details…" button
    resolve = box.addButton(
        translate("merge_summary", "Resolve conflicts…"), QMessageBox.ButtonRole.ActionRole
    )
    resolve.setVisible(bool(report.conflicts))
    box.addButton(QMessageBox.StandardButton.Close)
    return box, resolve
