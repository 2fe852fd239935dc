"""SPSS export: ``sessions.sav`` and ``mothers.sav`` with variable and value labels.

Written by oxytimer's own streaming writer (:mod:`oxytimer.storage.sav_writer`), so memory
does not grow with the number of records. Each table is read once: its rows are checked
and coded as they come, and kept in a temporary file beside the export (in chunks), since
a .sav file's dictionary, written first, needs each text column's widest value; then the
dictionary is written and the rows copied after it.

A text wider than 255 bytes (only free text in an identifying export can be) is written
as the format's "very long string" (segments of 255 bytes), streamed like the rest; one
wider than SPSS's 32,767 bytes is cut there, at a whole character.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any, Final

from oxytimer.domain.instrument import Instrument, load_instrument
from oxytimer.domain.records import Caregiver, MotherStatus, Occupation, SessionStatus
from oxytimer.storage.export_files import private_file, strip_controls
from oxytimer.storage.export_tables import Table, mothers_table, sessions_table
from oxytimer.storage.repository import Repository
from oxytimer.storage.sav_writer import MAX_STRING_BYTES, SavVariable, SavWriter

CHUNK_ROWS: Final = 2000
"""Rows kept in memory at a time."""

_TEXT_COLUMNS = frozenset(
    {
        "session_id",
        "site",
        "mother_id",
        "study_code",
        "start_time_local",
        "protocol_version",
        "instrument_version",
        "abort_reason",
        "close_reason",
        "void_reason",
        "operator",
        "started_at_utc",
        "ended_at_utc",
        "name",
        "status_reason",
        "delivery_date",
        "consent_date",
        "status_date",
        "enrolled_at_utc",
    }
)

VARIABLE_LABELS: Final[Mapping[str, str]] = {
    "session_id": "Session id",
    "site": "Site code",
    "mother_id": "Mother id",
    "study_code": "Mother's study code",
    "caregiver": "Who gave the massage",
    "slot": "Slot",
    "day": "Day of follow-up (days since enrolment; 0 = enrolment day)",
    "start_time_local": "Start, local time of day",
    "planned_seconds": "Planned length (s)",
    "massage_seconds": "Massage time (s)",
    "paused_seconds": "Paused time (s)",
    "pause_count": "Pauses",
    "status": "Status",
    "voided": "Voided (1 yes, 0 no)",
    "source": "Source",
    "protocol_version": "Protocol version",
    "instrument_version": "Instrument version",
    "pre_total": "Pre-massage score",
    "pre_category": "Pre-massage category",
    "post_total": "Post-massage score",
    "post_category": "Post-massage category",
    "abort_reason": "Why the massage was stopped",
    "close_reason": "Why the session was closed",
    "void_reason": "Why the session was voided",
    "operator": "Recorded by",
    "started_at_utc": "Start (UTC)",
    "ended_at_utc": "End (UTC)",
    "age": "Age (years)",
    "occupation": "Occupation",
    "parity": "Parity",
    "delivery_day": "Delivery (days since enrolment)",
    "delivery_type": "Delivery type",
    "lives_with_husband": "Lives with her husband (1 yes, 0 no)",
    "consent": "Consent given (1 yes, 0 no)",
    "consent_day": "Consent (days since enrolment)",
    "status_day": "Status set (days since enrolment)",
    "locked": "Follow-up closed (1 yes, 0 no)",
    "name": "Name",
    "status_reason": "Why the status was set",
    "delivery_date": "Delivery date",
    "consent_date": "Consent date",
    "status_date": "Status date",
    "enrolled_at_utc": "Enrolled (UTC)",
}
"""What each column means (the SPSS variable label); item columns are labelled from the
item's id (``Pre: <item>``, ``Post: <item>``), as in the REDCap data dictionary."""


def _label(name: str) -> str | None:
    if name in VARIABLE_LABELS:
        return VARIABLE_LABELS[name]
    for prefix, word in (("pre_", "Pre"), ("post_", "Post")):
        if name.startswith(prefix):
            return f"{word}: {name[len(prefix) :]}"
    return None


class _Spool:
    """A table's rows coded for the .sav file, kept in a temporary file, with what the
    dictionary needs: each text column's widest value, and whether a number column holds
    whole numbers only."""

    def __init__(self, table: Table, vocabularies: Mapping[str, list[str]], handle: IO[bytes]):
        self.names = list(table.columns)
        self.text = [n in _TEXT_COLUMNS for n in self.names]
        self.codes = {
            i: {value: float(k) for k, value in enumerate(vocabularies[n], start=1)}
            for i, n in enumerate(self.names)
            if n in vocabularies
        }
        self.widths = [0] * len(self.names)
        self.whole = [True] * len(self.names)
        self.handle = handle
        self.rows = 0
        self._fill(table)

    def _fill(self, table: Table) -> None:
        chunk: list[tuple[Any, ...]] = []
        text, codes, widths, whole = self.text, self.codes, self.widths, self.whole
        for row in table.rows:
            coded: list[Any] = []
            for i, value in enumerate(row):
                if value is None:
                    coded.append(None)
                elif text[i]:
                    data = strip_controls(str(value)).encode("utf-8")
                    if len(data) > MAX_STRING_BYTES:
                        data = data[:MAX_STRING_BYTES].decode("utf-8", "ignore").encode("utf-8")
                    if len(data) > widths[i]:
                        widths[i] = len(data)
                    coded.append(data)
                elif i in codes:
                    coded.append(codes[i][value])
                else:
                    number = float(value)
                    if whole[i] and not number.is_integer():
                        whole[i] = False
                    coded.append(number)
            chunk.append(tuple(coded))
            if len(chunk) == CHUNK_ROWS:
                self._dump(chunk)
                chunk = []
        if chunk:
            self._dump(chunk)

    def _dump(self, chunk: list[tuple[Any, ...]]) -> None:
        pickle.dump(chunk, self.handle, protocol=pickle.HIGHEST_PROTOCOL)
        self.rows += len(chunk)

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        self.handle.seek(0)
        for _ in range(0, self.rows, CHUNK_ROWS):
            yield from pickle.load(self.handle)  # our own file, written just before

    def variables(self, vocabularies: Mapping[str, list[str]]) -> list[SavVariable]:
        return [
            SavVariable(
                name,
                width=max(self.widths[i], 1) if self.text[i] else 0,
                label=_label(name),
                decimals=0 if self.whole[i] else 2,
                value_labels=(
                    dict(enumerate(vocabularies[name], start=1)) if name in vocabularies else {}
                ),
            )
            for i, name in enumerate(self.names)
        ]


def write_sav_table(
    table: Table, vocabularies: Mapping[str, list[str]], path: Path, *, label: str = ""
) -> None:
    """Write ``table`` as the .sav file ``path`` (0600, atomically): coded columns (named
    in ``vocabularies``) as numbers 1, 2 ... with their values as value labels, text as
    strings, the rest as numbers; every column with its variable label."""
    with tempfile.TemporaryFile(dir=path.parent) as handle:
        spool = _Spool(table, vocabularies, handle)
        with private_file(path) as temp, open(temp, "wb") as out:
            writer = SavWriter(out, spool.variables(vocabularies), label=label)
            for row in spool:
                writer.write(row)
            writer.close()


def export_sav(
    repo: Repository,
    out_dir: Path,
    *,
    identifying: bool = False,
    instrument: Instrument | None = None,
) -> list[Path]:
    """Write ``sessions.sav`` and ``mothers.sav`` for SPSS, with variable labels and value
    labels. Coded variables (caregiver, categories, status ...) are numbered 1, 2 ...
    with their names as value labels.
    """
    instrument = instrument or load_instrument()
    categories = [c.id for c in instrument.categories]
    statuses = [s.value for s in SessionStatus] + [s.value for s in MotherStatus]
    vocabularies = {
        "caregiver": [c.value for c in Caregiver],
        "slot": ["morning", "evening"],
        "status": list(dict.fromkeys(statuses)),
        "source": ["app", "import", "demo"],
        "pre_category": categories,
        "post_category": categories,
        "occupation": [o.value for o in Occupation],
        "parity": ["primipara", "multipara"],
        "delivery_type": ["normal", "assisted", "caesarean"],
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for table in (
        sessions_table(repo, identifying=identifying, instrument=instrument),
        mothers_table(repo, identifying=identifying),
    ):
        path = out_dir / f"{table.name}.sav"
        write_sav_table(table, vocabularies, path, label=f"oxytimer {table.name}")
        written.append(path)
    return written
