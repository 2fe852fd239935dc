"""REDCap export: a data dictionary and a records CSV (one record per session), streamed."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Final

from oxytimer.domain.instrument import Instrument, load_instrument
from oxytimer.domain.records import Caregiver, SessionStatus
from oxytimer.storage.export_files import csv_bytes, write_csv, write_private_atomically
from oxytimer.storage.export_tables import SESSION_COLUMNS, sessions_table
from oxytimer.storage.repository import Repository

REDCAP_DICTIONARY_HEADER: Final = (
    "Variable / Field Name",
    "Form Name",
    "Section Header",
    "Field Type",
    "Field Label",
    "Choices, Calculations, OR Slider Labels",
    "Field Note",
    "Text Validation Type OR Show Slider Number",
    "Text Validation Min",
    "Text Validation Max",
    "Identifier?",
    "Branching Logic (Show field only if...)",
    "Required Field?",
    "Custom Alignment",
    "Question Number (surveys only)",
    "Matrix Group Name",
    "Matrix Ranking?",
    "Field Annotation",
)
REDCAP_FORM: Final = "oxytocin_massage_session"


def redcap_group_name(site_code: str) -> str:
    """A site code as a REDCap data access group's unique name (lowercase letters,
    digits and underscores, at most 18 characters)."""
    name = re.sub(r"[^a-z0-9]+", "_", site_code.lower()).strip("_")
    return name[:18] or "site"


def redcap_variable(name: str) -> str:
    """A column name as a REDCap variable: lowercase, letters/digits/underscores,
    starting with a letter, at most 100 characters."""
    variable = re.sub(r"[^a-z0-9_]+", "_", name.lower()).strip("_")
    if not variable or not variable[0].isalpha():
        variable = "v_" + variable
    return variable[:100]


def _choices(values: Iterable[str]) -> str:
    return " | ".join(f"{i}, {v}" for i, v in enumerate(values, start=1))


def export_redcap(
    repo: Repository, out_dir: Path, *, instrument: Instrument | None = None
) -> list[Path]:
    """Write a REDCap data dictionary and a records CSV (one record per session).

    ``record_id`` is the session's pseudonym (:func:`export_pseudonyms`: the same in
    every export from this database, never its UUID); ``redcap_data_access_group`` is the site code
    as a unique group name, so a multi-site project loads each site into its own group.
    The records are always de-identified: no dates, the day of follow-up and the local
    time of day instead.

    Returns:
        The data dictionary and the records file.
    """
    instrument = instrument or load_instrument()
    table = sessions_table(repo, instrument=instrument)
    item_columns = table.columns[len(SESSION_COLUMNS) :]
    items = [c[len("pre_") :] for c in item_columns[: len(item_columns) // 2]]
    caregivers = [c.value for c in Caregiver]
    statuses = [s.value for s in SessionStatus]
    categories = [c.id for c in instrument.categories]
    low, high = str(instrument.min_total), str(instrument.max_total)

    def field_row(
        name: str,
        kind: str,
        label: str,
        choices: str = "",
        validation: str = "",
        vmin: str = "",
        vmax: str = "",
    ) -> list[str]:
        row = [""] * len(REDCAP_DICTIONARY_HEADER)
        row[0], row[1], row[3], row[4] = name, REDCAP_FORM, kind, label
        row[5], row[7], row[8], row[9] = choices, validation, vmin, vmax
        return row

    dictionary = [
        field_row("record_id", "text", "Session id (pseudonym)"),
        field_row("site", "text", "Site code"),
        field_row("mother_id", "text", "Mother id (pseudonym)"),
        field_row("study_code", "text", "Mother's study code"),
        field_row("caregiver", "radio", "Who gave the massage", _choices(caregivers)),
        field_row("slot", "radio", "Slot", _choices(["morning", "evening"])),
        field_row(
            "day",
            "text",
            "Day of follow-up (days since enrolment; 0 = enrolment day)",
            validation="integer",
        ),
        field_row("start_time_local", "text", "Start, local time of day", validation="time"),
        field_row("planned_seconds", "text", "Planned length (s)", validation="integer"),
        field_row("massage_seconds", "text", "Massage time (s)", validation="number"),
        field_row("paused_seconds", "text", "Paused time (s)", validation="number"),
        field_row("pause_count", "text", "Pauses", validation="integer"),
        field_row("status", "radio", "Session status", _choices(statuses)),
        field_row("voided", "yesno", "Voided"),
        field_row("source", "radio", "Source", _choices(["app", "import", "demo"])),
        field_row("protocol_version", "text", "Protocol version"),
        field_row("instrument_version", "text", "Instrument version"),
        field_row("pre_total", "text", "Pre-massage score", "", "integer", low, high),
        field_row("pre_category", "radio", "Pre-massage category", _choices(categories)),
        field_row("post_total", "text", "Post-massage score", "", "integer", low, high),
        field_row("post_category", "radio", "Post-massage category", _choices(categories)),
    ]
    dictionary += [field_row(redcap_variable(f"pre_{i}"), "yesno", f"Pre: {i}") for i in items]
    dictionary += [field_row(redcap_variable(f"post_{i}"), "yesno", f"Post: {i}") for i in items]

    coded = {
        "caregiver": caregivers,
        "slot": ["morning", "evening"],
        "status": statuses,
        "source": ["app", "import", "demo"],
        "pre_category": categories,
        "post_category": categories,
    }
    names = [redcap_variable(c) for c in table.columns]
    names[0] = "record_id"
    index = {c: i for i, c in enumerate(table.columns)}

    def records() -> Iterator[list[Any]]:
        for row in table.rows:
            values = list(row)
            for column, vocabulary in coded.items():
                value = values[index[column]]
                values[index[column]] = None if value is None else vocabulary.index(value) + 1
            values.insert(1, redcap_group_name(str(row[index["site"]])))
            yield values

    header = [names[0], "redcap_data_access_group", *names[1:]]
    dictionary_path = out_dir / "redcap_data_dictionary.csv"
    records_path = out_dir / "redcap_records.csv"
    write_private_atomically(dictionary_path, csv_bytes(REDCAP_DICTIONARY_HEADER, dictionary))
    write_csv(records_path, header, records())
    return [dictionary_path, records_path]
