"""SPSS export: ``sessions.sav`` and ``mothers.sav`` with value labels (pyreadstat).

pyreadstat writes a whole DataFrame at once, so the table is read in one pass into
compact columns: numbers into float arrays (8 bytes a value), repeated text (codes,
versions, times of day) shared, so that memory stays a small multiple of the file.
"""

from __future__ import annotations

import shutil
import tempfile
from array import array
from pathlib import Path
from typing import Any

from oxytimer.domain.instrument import Instrument, load_instrument
from oxytimer.domain.records import Caregiver, MotherStatus, Occupation, SessionStatus
from oxytimer.storage.export_files import MissingExtraError, private_file, strip_controls
from oxytimer.storage.export_tables import Table, mothers_table, sessions_table
from oxytimer.storage.repository import Repository

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


def _frame(table: Table, vocabularies: dict[str, list[str]]) -> tuple[Any, dict[str, Any]]:
    import numpy as np
    import pandas as pd

    names = list(table.columns)
    coded = {i: vocabularies[n] for i, n in enumerate(names) if n in vocabularies}
    text = {i for i, n in enumerate(names) if n in _TEXT_COLUMNS}
    numbers: dict[int, array[float]] = {i: array("d") for i in range(len(names)) if i not in text}
    strings: dict[int, list[str | None]] = {i: [] for i in text}
    shared: dict[str, str] = {}
    nan = float("nan")
    for row in table.rows:
        for i, value in enumerate(row):
            if i in text:
                if value is not None:
                    value = strip_controls(str(value))
                    value = shared.setdefault(value, value) if len(shared) < 100_000 else value
                strings[i].append(value)
            elif value is None:
                numbers[i].append(nan)
            elif i in coded:
                numbers[i].append(coded[i].index(value) + 1)
            else:
                numbers[i].append(float(value))
    shared.clear()
    data: dict[str, Any] = {}
    for i, name in enumerate(names):
        if i in text:
            data[name] = pd.Series(strings.pop(i), dtype=object)
        else:
            data[name] = np.frombuffer(numbers.pop(i), dtype=np.float64)
    labels = {
        names[i]: {k: v for k, v in enumerate(vocabulary, start=1)}
        for i, vocabulary in coded.items()
    }
    return pd.DataFrame(data, columns=names, copy=False), labels


def export_sav(
    repo: Repository,
    out_dir: Path,
    *,
    identifying: bool = False,
    instrument: Instrument | None = None,
) -> list[Path]:
    """Write ``sessions.sav`` and ``mothers.sav`` for SPSS, with value labels (needs
    pyreadstat). Coded variables (caregiver, categories, status ...) are numbered 1, 2 ...
    with their names as value labels.

    Raises:
        MissingExtraError: pyreadstat (or pandas) is not installed.
    """
    try:
        import pandas  # noqa: F401
        import pyreadstat
    except ImportError as error:
        raise MissingExtraError("pyreadstat", "spss") from error
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
    written = []
    for table in (
        sessions_table(repo, identifying=identifying, instrument=instrument),
        mothers_table(repo, identifying=identifying),
    ):
        frame, labels = _frame(table, vocabularies)
        path = out_dir / f"{table.name}.sav"
        with tempfile.TemporaryDirectory(dir=out_dir) as folder:
            temp = Path(folder) / path.name
            pyreadstat.write_sav(frame, str(temp), variable_value_labels=labels, column_labels=None)
            del frame
            with private_file(path) as target:
                shutil.copyfile(temp, target)
        written.append(path)
    return written
