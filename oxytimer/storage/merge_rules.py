"""How two copies of the records combine, whatever holds them (see :mod:`.merge`).

The rules (insert, fast-forward by audit trail, conflict, hold the dependants) are
written once here against two small interfaces: a :class:`RowSource` the other copy's
rows are read from, in batches, and a :class:`RowTarget` they are written to. A merge of
two SQLite files (:mod:`oxytimer.storage.merge`) gives both; a sync with a study server
would give a PostgreSQL source or target and reuse the same rules. Memory is bounded by
the batch size and the number of conflicts, never by the number of records.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Protocol

TABLES: Final = (
    "sites",
    "mothers",
    "screenings",
    "sessions",
    "scores",
    "score_items",
    "assessments",
    "assessment_items",
    "audit_log",
)
"""The tables merged, parents before their dependants."""

ITEM_TABLES: Final[Mapping[str, tuple[str, str]]] = {
    "score_items": ("score_id", "scores"),
    "assessment_items": ("assessment_id", "assessments"),
}
"""Tables keyed by (parent id, item id): the parent's column and table, whose audit trail
records the items' changes (``field`` = ``item:<item id>``)."""

PARENT: Final[Mapping[str, str]] = {
    "screenings": "mother_id",
    "sessions": "mother_id",
    "scores": "session_id",
    "score_items": "score_id",
    "assessments": "mother_id",
    "assessment_items": "assessment_id",
    "audit_log": "record_id",
}
"""The column naming the record a row depends on (held back with it)."""

AUDIT_FIELDS: Final = (
    "id",
    "at",
    "operator",
    "action",
    "table_name",
    "record_id",
    "field",
    "old_value",
    "new_value",
    "reason",
)
"""The audit columns the rules read (and a resolution copies in)."""

AUTO_INTERRUPTION: Final = "the app stopped during the session"
"""The reason of the audit rows a copy's own start-up writes when it finds a session
still running (``Repository.mark_interrupted``): no person acted."""

_UNAUDITED: Final[Mapping[str, frozenset[str]]] = {"sessions": frozenset({"progress_at"})}
"""Columns the repository changes without an audit row, whatever the record's state."""
_HEARTBEAT: Final = frozenset({"massage_seconds", "paused_seconds"})
"""Session columns the heartbeat changes without an audit row while it runs."""

Row = dict[str, Any]


class RowSource(Protocol):
    """Where the other copy's rows come from."""

    name: str

    def columns(self, table: str) -> list[str]:
        """The table's columns in this copy."""

    def batches(self, table: str, columns: Sequence[str], size: int) -> Iterator[list[Row]]:
        """Every row of the table (those columns), ``size`` at a time."""

    def trail(self, table: str, record_id: str) -> list[Row]:
        """The audit rows (:data:`AUDIT_FIELDS`) of one record."""

    def laptop_tag(self) -> str | None:
        """The copy's laptop tag, if it has one."""

    def unaudited(self) -> Mapping[str, set[str]]:
        """Ids of the copy's records to refuse, by table (e.g. no audit row of their
        insertion): each is a conflict ``audit_missing``, its dependants wait with it."""


class RowTarget(Protocol):
    """Where the rows go (this database); every method runs in the caller's transaction."""

    def columns(self, table: str) -> list[str]: ...

    def rows_by_key(self, table: str, keys: Sequence[str]) -> dict[str, Row]:
        """The rows here with these keys (:func:`row_key`), all columns."""

    def trail(self, table: str, record_id: str) -> list[Row]: ...

    def site_by_code(self, code: str) -> tuple[str, str, str] | None:
        """(id, name, created_at) of the site with this code here."""

    def mothers_with_codes(self, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], str]:
        """Ids of the mothers here with these (site id, study code)."""

    def scores_of_kinds(self, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], str]:
        """Ids of the scores here with these (session id, kind)."""

    def assessments_of_kinds(self, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], str]:
        """Ids of the (not voided) assessments here with these (mother id, kind)."""

    def insert(self, table: str, rows: Sequence[Row]) -> None: ...

    def update(self, table: str, key: str, changes: Mapping[str, Any]) -> None: ...

    def laptop_tag(self) -> str | None: ...


@dataclass(frozen=True)
class MergeConflict:
    """A record that was not merged.

    Attributes:
        source: The copy it came from.
        table: Its table.
        record_id: Its UUID (for score items: ``score_id/item_id``).
        code: ``different_content`` (same UUID, values changed on both sides or not
            accounted for by the audit trail: the columns are in ``detail["columns"]``),
            ``study_code_taken`` (the code is used at that site by another mother:
            ``detail["here"]``), ``score_kind_taken`` (the session already has that
            score), ``site_name_differs`` (same code, other name; the site is still
            matched by its code), ``audit_missing`` (refused by the source's
            :meth:`RowSource.unaudited`).
        detail: Values that explain it.
        theirs: Their version: ``{"row": ..., "trail": [their audit rows missing here]}``.
    """

    source: str
    table: str
    record_id: str
    code: str
    detail: Mapping[str, Any] = field(default_factory=dict)
    theirs: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class MergeLeftOut:
    """A row not merged because a record it depends on is in conflict.

    Attributes:
        source: The copy it came from.
        table: Its table.
        record_id: Its UUID (for score items: ``score_id/item_id``).
        because: ``table/record_id`` of the record in conflict.
    """

    source: str
    table: str
    record_id: str
    because: str


@dataclass
class MergeReport:
    """What merging did.

    Attributes:
        added: Rows added, by table.
        updated: Rows here brought up to date (their newer audit rows are counted in
            ``added``), by table.
        unchanged: Rows already here with the same content (or in a newer state), by table.
        skipped: Rows left out because a record they depend on is in conflict, by table.
        conflicts: Every conflict, in order.
        left_out: Every row counted in ``skipped``, with the conflict it follows.
        same_tag: ``(source, tag)`` of every copy with this laptop's own tag (a copy of
            this laptop's file, or two laptops given the same tag: their new codes may
            collide).
    """

    added: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TABLES, 0))
    updated: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TABLES, 0))
    unchanged: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TABLES, 0))
    skipped: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TABLES, 0))
    conflicts: list[MergeConflict] = field(default_factory=list)
    left_out: list[MergeLeftOut] = field(default_factory=list)
    same_tag: list[tuple[str, str]] = field(default_factory=list)

    @property
    def total_added(self) -> int:
        """Rows added in all tables."""
        return sum(self.added.values())

    def waiting(self, conflict: MergeConflict) -> int:
        """How many rows are left out until this conflict is resolved."""
        cause = f"{conflict.table}/{conflict.record_id}"
        return sum(1 for x in self.left_out if x.because == cause and x.source == conflict.source)


def row_key(table: str, row: Mapping[str, Any]) -> str:
    """A row's key: its id (``score_id/item_id`` for a score item, and so on)."""
    if table in ITEM_TABLES:
        return f"{row[ITEM_TABLES[table][0]]}/{row['item_id']}"
    return str(row["id"])


def audit_record(table: str, key: str) -> tuple[str, str, Callable[[str | None], str | None]]:
    """The (table, id) whose audit trail records a row's changes, and how an audit row's
    ``field`` names the row's column (None: another column or record)."""
    if table in ITEM_TABLES:
        parent_id, _, item_id = key.partition("/")
        parent_table = ITEM_TABLES[table][1]
        return parent_table, parent_id, lambda f: "value" if f == f"item:{item_id}" else None
    return table, key, lambda f: f


def _one_each(row: Mapping[str, Any]) -> bool:
    """A mother has one baseline and one end assessment (not voided): their natural key."""
    return row.get("kind") in ("baseline", "end") and not row.get("voided")


def _text(value: Any) -> str | None:
    """A value as the audit trail writes it (``str``, None stays None)."""
    return None if value is None else str(value)


def _automatic(audit: Mapping[str, Any]) -> bool:
    return audit.get("reason") == AUTO_INTERRUPTION and audit.get("action") == "update"


def unaudited(table: str, one: Mapping[str, Any], other: Mapping[str, Any]) -> set[str]:
    """The columns of two copies of a record that change without an audit row: always
    ``progress_at``; a session's heartbeat while either copy is open (running, paused,
    or interrupted and resumable)."""
    loose = set(_UNAUDITED.get(table, ()))
    if table == "sessions" and any(
        r.get("status") in ("running", "paused", "interrupted") for r in (one, other)
    ):
        loose |= _HEARTBEAT
    return loose


def accounts_for(
    table: str,
    target: Mapping[str, Any],
    base: Mapping[str, Any],
    newer: Sequence[Mapping[str, Any]],
    trail: Sequence[Mapping[str, Any]],
    column_of: Callable[[str | None], str | None],
) -> bool:
    """Whether the audit rows in ``newer`` explain every column where ``target`` differs.

    ``newer`` are the audit rows only the side holding ``target`` has; ``trail`` is both
    sides' rows. Every differing column's latest change in ``trail`` (by time, then id)
    (the last in ``trail``, which is in time order) must be one of ``newer`` and set the
    value ``target`` holds (``insert`` rows change no column: a record with an id derived
    from its content, such as a mother imported from paper, is inserted on both
    laptops). Columns the repository changes without an
    audit row are not checked, and neither do a start-up's automatic interruption rows
    count when ``target`` is not interrupted (the copy's own start-up noticed a session
    the other laptop went on to finish: no person acted).
    """
    if not newer:
        return False
    loose = set(_UNAUDITED.get(table, ()))
    if table == "sessions" and (
        base.get("status") in ("running", "paused", "interrupted")
        or target.get("status") in ("running", "paused")
    ):
        loose |= _HEARTBEAT
    skip_auto = table == "sessions" and target.get("status") != "interrupted"
    newer_ids = {a["id"] for a in newer}
    for column, value in target.items():
        if column in loose or column not in base or _text(base[column]) == _text(value):
            continue
        changes = [
            a
            for a in trail
            if column_of(a["field"]) == column and not (skip_auto and _automatic(a))
        ]
        if not changes:
            return False
        last = changes[-1]
        if last["id"] not in newer_ids or last["new_value"] != _text(value):
            return False
    return True


class MergeRules:
    """One copy's rows merged into a target, batch by batch (see :mod:`.merge`).

    Args:
        target: Where the rows go.
        report: Filled as rows are merged (several sources may share one).
        batch: Rows read and written at a time.
    """

    def __init__(self, target: RowTarget, report: MergeReport, batch: int = 2000) -> None:
        self.target = target
        self.report = report
        self.batch = batch
        self.local_columns = {t: target.columns(t) for t in TABLES}
        self.source: RowSource | None = None
        self.held: dict[str, str] = {}  # record id -> "table/id" of the conflict it follows
        self.refused: dict[str, set[str]] = {}
        self.site_map: dict[str, str] = {}

    # ------------------------------------------------------------- outcomes
    def _conflict(
        self,
        table: str,
        key: str,
        code: str,
        detail: Mapping[str, Any],
        theirs: Mapping[str, Any],
    ) -> None:
        assert self.source is not None
        self.report.conflicts.append(
            MergeConflict(self.source.name, table, key, code, detail, theirs)
        )
        self.held[key] = f"{table}/{key}"

    def _hold(self, table: str, row: Row, here: Row | None) -> bool:
        """Leave out a row whose parent record is held back; True if it was."""
        parent = PARENT.get(table)
        cause = self.held.get(str(row[parent])) if parent else None
        if cause is None:
            return False
        key = row_key(table, row)
        if table in ("screenings", "sessions", "scores", "assessments"):
            self.held[key] = cause  # their own dependants wait too
        if here is not None and all(here.get(c) == v for c, v in row.items() if c in here):
            self.report.unchanged[table] += 1
        else:
            assert self.source is not None
            self.report.skipped[table] += 1
            self.report.left_out.append(MergeLeftOut(self.source.name, table, key, cause))
        return True

    def _reconcile(self, table: str, row: Row, here: Row) -> None:
        """A row whose key is here: leave, bring up to date, or report a conflict."""
        assert self.source is not None
        key = row_key(table, row)
        differing = sorted(c for c in row if c in here and here[c] != row[c])
        if not differing:
            self.report.unchanged[table] += 1
            return
        if table == "mothers" and differing == ["enrolled_at"]:
            # The same mother (id from site and study code) imported from paper on two
            # laptops, each at its own time: the earlier enrolment time stays, either order.
            if str(row["enrolled_at"]) < str(here["enrolled_at"]):
                self.target.update(table, key, {"enrolled_at": row["enrolled_at"]})
            self.report.unchanged[table] += 1
            return
        if table != "audit_log":
            record_table, record_id, column_of = audit_record(table, key)
            theirs = self.source.trail(record_table, record_id)
            ours = self.target.trail(record_table, record_id)
            their_ids = {a["id"] for a in theirs}
            our_ids = {a["id"] for a in ours}
            ahead = [a for a in theirs if a["id"] not in our_ids]
            behind = [a for a in ours if a["id"] not in their_ids]
            both = sorted([*ours, *ahead], key=lambda a: str(a["at"]))  # stable: trail order
            behind_by_person = [a for a in behind if not _automatic(a)]
            ahead_by_person = [a for a in ahead if not _automatic(a)]
            if not behind_by_person and accounts_for(table, row, here, ahead, both, column_of):
                self.target.update(table, key, {c: row[c] for c in differing})
                self.report.updated[table] += 1
                return
            if not ahead_by_person and accounts_for(table, here, row, behind, both, column_of):
                self.report.unchanged[table] += 1  # an older copy of what is here
                return
            if (
                not ahead_by_person
                and not behind_by_person
                and set(differing) <= unaudited(table, row, here)
            ):
                # Only what changes without an audit row differs (a running session's
                # heartbeat): the copy that went on later holds the newer values.
                later = (_text(row.get("progress_at")) or "") > (
                    _text(here.get("progress_at")) or ""
                )
                if later:
                    self.target.update(table, key, {c: row[c] for c in differing})
                    self.report.updated[table] += 1
                else:
                    self.report.unchanged[table] += 1
                return
        else:
            ahead = []
        self._conflict(
            table,
            key,
            "different_content",
            {"columns": differing},
            {"row": row, "trail": ahead},
        )

    # ----------------------------------------------------------------- tables
    def merge(self, source: RowSource) -> None:
        """Merge every row of ``source`` (one pass per table, in batches)."""
        self.source = source
        self.held = {}
        self.site_map = {}
        self.refused = {t: set(ids) for t, ids in source.unaudited().items()}
        for table, ids in self.refused.items():
            for record_id in sorted(ids):
                self._conflict(table, record_id, "audit_missing", {}, {"row": {}, "trail": []})
        tag = source.laptop_tag()
        if tag is not None and tag == self.target.laptop_tag():
            self.report.same_tag.append((source.name, tag))
        for table in TABLES:
            columns = [c for c in source.columns(table) if c in self.local_columns[table]]
            if not columns:
                continue  # a file older than the table (assessments came with 0008)
            for rows in source.batches(table, columns, self.batch):
                self._merge_batch(table, rows)

    def _merge_batch(self, table: str, rows: list[Row]) -> None:
        refused = self.refused.get(table)
        if refused:
            rows = [r for r in rows if row_key(table, r) not in refused]
        if table == "sites":
            rows = [r for r in rows if not self._mapped_site(r)]
        elif table == "mothers":
            for row in rows:
                row["site_id"] = self.site_map.get(row["site_id"], row["site_id"])
        here = self.target.rows_by_key(table, [row_key(table, r) for r in rows])
        taken = self._natural_keys_taken(table, [r for r in rows if row_key(table, r) not in here])
        new: list[Row] = []
        for row in rows:
            mine = here.get(row_key(table, row))
            if self._hold(table, row, mine):
                continue
            if mine is not None:
                self._reconcile(table, row, mine)
            elif not self._taken(table, row, taken):
                new.append(row)
        if new:
            self.target.insert(table, new)
            self.report.added[table] += len(new)

    def _mapped_site(self, row: Row) -> bool:
        """Match a site by code: True when one here has its code under another id."""
        assert self.source is not None
        found = self.target.site_by_code(row["code"])
        if found is None:
            self.site_map[row["id"]] = row["id"]
            return False
        self.site_map[row["id"]] = found[0]
        if found[0] == row["id"] and found[1] == row["name"]:
            # Created by each laptop itself (same id from the code): the earlier time stays
            # (bookkeeping: counted as unchanged).
            if str(row["created_at"]) < found[2]:
                self.target.update("sites", row["id"], {"created_at": row["created_at"]})
            self.report.unchanged["sites"] += 1
            return True
        if found[1] != row["name"]:
            self.report.conflicts.append(
                MergeConflict(
                    self.source.name,
                    "sites",
                    row["id"],
                    "site_name_differs",
                    {"code": row["code"], "name": row["name"], "here": found[1]},
                    {"row": row, "trail": []},
                )
            )
        else:
            self.report.unchanged["sites"] += 1
        return True

    def _natural_keys_taken(self, table: str, rows: list[Row]) -> dict[tuple[str, str], str]:
        """For the batch's new rows: the records here holding their natural key."""
        if table == "mothers":
            return self.target.mothers_with_codes([(r["site_id"], r["study_code"]) for r in rows])
        if table == "scores":
            return self.target.scores_of_kinds([(r["session_id"], r["kind"]) for r in rows])
        if table == "assessments":
            return self.target.assessments_of_kinds(
                [(r["mother_id"], r["kind"]) for r in rows if _one_each(r)]
            )
        return {}

    def _taken(self, table: str, row: Row, taken: Mapping[tuple[str, str], str]) -> bool:
        """A new row whose natural key is used here by another record: a conflict."""
        key = row_key(table, row)
        if table == "mothers":
            other = taken.get((row["site_id"], row["study_code"]))
            if other is not None:
                self._conflict(
                    "mothers",
                    key,
                    "study_code_taken",
                    {"study_code": row["study_code"], "here": other},
                    {"row": row, "trail": []},
                )
                return True
        elif table == "assessments" and _one_each(row):
            other = taken.get((row["mother_id"], row["kind"]))
            if other is not None:
                self._conflict(
                    "assessments",
                    key,
                    "assessment_kind_taken",
                    {"mother": row["mother_id"], "kind": row["kind"], "here": other},
                    {"row": row, "trail": []},
                )
                return True
        elif table == "scores":
            other = taken.get((row["session_id"], row["kind"]))
            if other is not None:
                self._conflict(
                    "scores",
                    key,
                    "score_kind_taken",
                    {"session": row["session_id"], "kind": row["kind"], "here": other},
                    {"row": row, "trail": []},
                )
                return True
        return False
