"""The repository: every read and write of clinical records, and the only module family that
writes SQL.

:class:`Repository` is built in layers, one module each: ``repository_base`` (opening,
transactions with their audit rows, sites), ``mother_records`` (enrolment and the registry),
``session_records`` (sessions and scores) and ``corrections`` (audited corrections and the
change history). Every write goes through one transaction together with its audit rows, so a
record and the trail that explains it are committed or lost together.
"""

from __future__ import annotations

from oxytimer.storage.corrections import Corrections
from oxytimer.storage.creation import create_private_file as create_private_file

# The errors live in storage/errors.py; imported from here too, as they always were.
from oxytimer.storage.errors import (
    DatabaseDamagedError as DatabaseDamagedError,
)
from oxytimer.storage.errors import (
    DatabaseEmptyError as DatabaseEmptyError,
)
from oxytimer.storage.errors import (
    DatabaseFullError as DatabaseFullError,
)
from oxytimer.storage.errors import (
    DatabaseLockedError as DatabaseLockedError,
)
from oxytimer.storage.errors import (
    DatabaseMissingError as DatabaseMissingError,
)
from oxytimer.storage.errors import (
    DatabaseReadOnlyError as DatabaseReadOnlyError,
)
from oxytimer.storage.errors import (
    DatabaseTooNewError as DatabaseTooNewError,
)
from oxytimer.storage.errors import (
    DatabaseUnreadableError as DatabaseUnreadableError,
)
from oxytimer.storage.errors import (
    DatabaseVanishedError as DatabaseVanishedError,
)
from oxytimer.storage.errors import (
    NotOxytimerDatabaseError as NotOxytimerDatabaseError,
)
from oxytimer.storage.errors import (
    StorageError as StorageError,
)
from oxytimer.storage.repository_base import DESIGNS as DESIGNS
from oxytimer.storage.repository_base import Mother as Mother
from oxytimer.storage.repository_base import RecordLockedError as RecordLockedError
from oxytimer.storage.repository_base import ScoreRecord as ScoreRecord
from oxytimer.storage.repository_base import SessionRecord as SessionRecord
from oxytimer.storage.repository_base import check_schema_not_newer as check_schema_not_newer
from oxytimer.storage.repository_base import configure as configure
from oxytimer.storage.repository_base import new_id as new_id
from oxytimer.storage.value_checks import SESSION_CORRECTABLE as SESSION_CORRECTABLE
from oxytimer.storage.value_checks import _checked_score as _checked_score


class Repository(Corrections):
    """All reads and writes of clinical records.

    Args:
        db: an open database (see :meth:`open` and :meth:`memory`).
        clock: stamps every record and audit row.
        operator: who is using the app; stored with every audit row.
    """
