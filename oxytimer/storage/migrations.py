"""The database schema, as an append-only list of sqlite-utils migrations.

Never edit a migration that has shipped: add a new one, and append its name to
:data:`oxytimer.storage.schema.MIGRATION_NAMES` (this module refuses to import otherwise).
The CHECK constraints repeat the domain's vocabulary on purpose, so that the database
itself refuses an out-of-range score or an unknown status whatever code writes to it.

This module imports sqlite-utils: import it only to migrate (see
:func:`oxytimer.storage.schema.migrate`), never on the way to opening an up-to-date file.
"""

from __future__ import annotations

from oxytimer.storage.database import import_sqlite_utils
from oxytimer.storage.schema import MIGRATION_NAMES, MIGRATION_SET

import_sqlite_utils()  # first, so that sqlite-utils does not import numpy and pandas

from sqlite_utils import Database  # noqa: E402
from sqlite_utils.migrations import Migrations  # noqa: E402

migrations = Migrations(MIGRATION_SET)


def _run(db: Database, statements: str) -> None:
    # executescript() would COMMIT the migration's transaction; run one by one.
    for statement in statements.split(";\n"):
        if statement.strip():
            db.execute(statement)


@migrations(name="0001_initial")
def m0001_initial(db: Database) -> None:
    _run(
        db,
        """
CREATE TABLE sites (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE CHECK (length(trim(code)) > 0),
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    created_at TEXT NOT NULL
);
CREATE TABLE mothers (
    id TEXT PRIMARY KEY,
    site_id TEXT NOT NULL REFERENCES sites(id),
    study_code TEXT NOT NULL CHECK (length(trim(study_code)) > 0),
    name TEXT,
    age INTEGER CHECK (age IS NULL OR age BETWEEN 10 AND 60),
    occupation TEXT CHECK (occupation IS NULL OR occupation IN
        ('not_working', 'trader', 'labourer_farmer', 'self_employed', 'employee', 'other')),
    parity TEXT CHECK (parity IS NULL OR parity IN ('primipara', 'multipara')),
    delivery_date TEXT,
    delivery_type TEXT CHECK (delivery_type IS NULL OR delivery_type IN
        ('normal', 'assisted', 'caesarean')),
    lives_with_husband INTEGER CHECK (lives_with_husband IS NULL OR lives_with_husband IN (0, 1)),
    consent INTEGER CHECK (consent IS NULL OR consent IN (0, 1)),
    consent_date TEXT,
    status TEXT NOT NULL DEFAULT 'enrolled'
        CHECK (status IN ('enrolled', 'screened_out', 'withdrawn', 'closed')),
    status_reason TEXT,
    status_date TEXT,
    locked INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
    enrolled_at TEXT NOT NULL,
    UNIQUE (site_id, study_code)
);
CREATE TABLE screenings (
    id TEXT PRIMARY KEY,
    mother_id TEXT NOT NULL REFERENCES mothers(id),
    criteria_version TEXT NOT NULL,
    answers TEXT NOT NULL,
    eligible INTEGER NOT NULL CHECK (eligible IN (0, 1)),
    failed TEXT NOT NULL,
    screened_at TEXT NOT NULL,
    operator TEXT NOT NULL DEFAULT ''
);
CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    mother_id TEXT NOT NULL REFERENCES mothers(id),
    caregiver TEXT NOT NULL CHECK (caregiver IN ('husband', 'midwife', 'family', 'other')),
    planned_seconds INTEGER NOT NULL CHECK (planned_seconds BETWEEN 180 AND 300),
    protocol_version TEXT NOT NULL,
    instrument_version TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('running', 'paused', 'awaiting_post', 'completed',
        'aborted', 'interrupted', 'incomplete')),
    slot TEXT CHECK (slot IS NULL OR slot IN ('morning', 'evening')),
    started_at TEXT NOT NULL,
    ended_at TEXT,
    massage_seconds REAL NOT NULL DEFAULT 0 CHECK (massage_seconds >= 0),
    paused_seconds REAL NOT NULL DEFAULT 0 CHECK (paused_seconds >= 0),
    pause_count INTEGER NOT NULL DEFAULT 0 CHECK (pause_count >= 0),
    progress_at TEXT,
    abort_reason TEXT,
    close_reason TEXT,
    source TEXT NOT NULL DEFAULT 'app' CHECK (source IN ('app', 'import', 'demo')),
    voided INTEGER NOT NULL DEFAULT 0 CHECK (voided IN (0, 1)),
    void_reason TEXT,
    operator TEXT NOT NULL DEFAULT '',
    CHECK (status != 'aborted' OR length(trim(abort_reason)) > 0),
    CHECK (voided = 0 OR length(trim(void_reason)) > 0)
);
CREATE INDEX sessions_mother ON sessions (mother_id, started_at);
CREATE INDEX sessions_status ON sessions (status);
CREATE TABLE scores (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id),
    kind TEXT NOT NULL CHECK (kind IN ('pre', 'post')),
    instrument_version TEXT NOT NULL,
    total INTEGER NOT NULL,
    min_total INTEGER NOT NULL,
    max_total INTEGER NOT NULL,
    category TEXT,
    recorded_at TEXT NOT NULL,
    CHECK (total BETWEEN min_total AND max_total),
    UNIQUE (session_id, kind)
);
CREATE TABLE score_items (
    score_id TEXT NOT NULL REFERENCES scores(id),
    item_id TEXT NOT NULL,
    value INTEGER NOT NULL CHECK (value IN (0, 1)),
    PRIMARY KEY (score_id, item_id)
);
CREATE TABLE audit_log (
    id TEXT PRIMARY KEY,
    at TEXT NOT NULL,
    operator TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('insert', 'update', 'void', 'lock', 'unlock')),
    table_name TEXT NOT NULL,
    record_id TEXT NOT NULL,
    field TEXT,
    old_value TEXT,
    new_value TEXT,
    reason TEXT
);
CREATE INDEX audit_record ON audit_log (table_name, record_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER sessions_no_delete BEFORE DELETE ON sessions
BEGIN SELECT RAISE(ABORT, 'sessions are voided, never deleted'); END;
CREATE TRIGGER mothers_no_delete BEFORE DELETE ON mothers
BEGIN SELECT RAISE(ABORT, 'mothers are withdrawn, never deleted'); END;
CREATE TRIGGER scores_no_delete BEFORE DELETE ON scores
BEGIN SELECT RAISE(ABORT, 'scores are corrected, never deleted'); END
""",
    )


@migrations(name="0002_screenings_mother_index")
def m0002_screenings_mother_index(db: Database) -> None:
    # Merging databases and the registry look screenings up by mother (issue 5).
    _run(db, "CREATE INDEX IF NOT EXISTS screenings_mother ON screenings (mother_id)")


@migrations(name="0003_scores_session_total_index")
def m0003_scores_session_total_index(db: Database) -> None:
    # The summary joins every session to its scores' totals (storage/analysis.py
    # pair_in_database); with the total in the index the join never reads the table.
    _run(
        db,
        "CREATE INDEX IF NOT EXISTS scores_session_total ON scores (session_id, kind, total)",
    )


@migrations(name="0004_export_secret")
def m0004_export_secret(db: Database) -> None:
    # The key of the pseudonyms that stand in for record ids in de-identified exports
    # (storage/exchange.py export_pseudonyms): one random row per database, created on
    # the first export, never merged, audited or exported. Without it the ids of imported
    # sessions (uuid5 of site, study code and time) would give the start time back.
    _run(
        db,
        """
CREATE TABLE export_secret (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    key BLOB NOT NULL CHECK (length(key) >= 32),
    created_at TEXT NOT NULL
);
CREATE TRIGGER export_secret_no_update BEFORE UPDATE ON export_secret
BEGIN SELECT RAISE(ABORT, 'the export secret never changes'); END
""",
    )


@migrations(name="0005_audit_chain")
def m0005_audit_chain(db: Database) -> None:
    # The tamper-evident audit trail (issue 10 item 5; storage/audit_chain.py): a local
    # hash chain over audit_log (never merged: each database chains the rows in the order
    # they arrive), the last verified position, and triggers that refuse INSERT OR
    # REPLACE (which rewrote a row unnoticed: with recursive triggers off, as in the
    # sqlite3 shell, its delete fires no trigger) and changes to scores, score items and
    # screenings outside oxytimer's audited writes. The existing rows are chained here.
    from oxytimer.storage.audit_chain import AUDIT_COLUMNS, build_chain

    new = ", ".join(f"NEW.{c}" for c in AUDIT_COLUMNS)
    refuse = "BEGIN SELECT RAISE(ABORT, '{}'); END"
    tables = [
        """CREATE TABLE audit_chain (
    seq INTEGER PRIMARY KEY,
    audit_id TEXT NOT NULL,
    hash TEXT NOT NULL CHECK (length(hash) = 64)
)""",
        """CREATE TABLE audit_chain_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    verified_seq INTEGER NOT NULL,
    verified_hash TEXT NOT NULL,
    schema_version INTEGER NOT NULL DEFAULT 0
)""",
    ]
    # The index and the triggers come after the existing rows are chained: building an
    # index once is much faster than keeping it sorted through two million inserts.
    statements = [
        "CREATE UNIQUE INDEX audit_chain_audit_id ON audit_chain (audit_id)",
        "CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log"
        " WHEN EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id OR rowid = NEW.rowid) "
        + refuse.format("audit_log is append-only: a row is never replaced"),
        "CREATE TRIGGER audit_log_chain AFTER INSERT ON audit_log BEGIN"
        " INSERT INTO audit_chain (audit_id, hash) VALUES (NEW.id, oxytimer_chain_hash("
        f"(SELECT hash FROM audit_chain ORDER BY seq DESC LIMIT 1), {new})); END",
        "CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain "
        + refuse.format("the audit chain is append-only"),
        "CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain "
        + refuse.format("the audit chain is append-only"),
        "CREATE TRIGGER audit_chain_no_replace BEFORE INSERT ON audit_chain WHEN EXISTS"
        " (SELECT 1 FROM audit_chain WHERE audit_id = NEW.audit_id OR seq = NEW.seq) "
        + refuse.format("the audit chain is append-only"),
        "CREATE TRIGGER mothers_no_replace BEFORE INSERT ON mothers WHEN EXISTS"
        " (SELECT 1 FROM mothers WHERE id = NEW.id) "
        + refuse.format("mothers are corrected, never replaced"),
        "CREATE TRIGGER sessions_no_replace BEFORE INSERT ON sessions WHEN EXISTS"
        " (SELECT 1 FROM sessions WHERE id = NEW.id) "
        + refuse.format("sessions are corrected, never replaced"),
        "CREATE TRIGGER scores_no_replace BEFORE INSERT ON scores WHEN EXISTS"
        " (SELECT 1 FROM scores WHERE id = NEW.id"
        " OR (session_id = NEW.session_id AND kind = NEW.kind)) "
        + refuse.format("scores are corrected, never replaced"),
        "CREATE TRIGGER scores_audited_update BEFORE UPDATE ON scores"
        " WHEN NOT oxytimer_audited() "
        + refuse.format("scores change only through oxytimer corrections"),
        "CREATE TRIGGER score_items_no_delete BEFORE DELETE ON score_items "
        + refuse.format("score items are corrected, never deleted"),
        "CREATE TRIGGER score_items_no_replace BEFORE INSERT ON score_items WHEN EXISTS"
        " (SELECT 1 FROM score_items WHERE score_id = NEW.score_id AND item_id = NEW.item_id) "
        + refuse.format("score items are corrected, never replaced"),
        "CREATE TRIGGER score_items_audited_update BEFORE UPDATE ON score_items"
        " WHEN NOT oxytimer_audited() "
        + refuse.format("score items change only through oxytimer corrections"),
        "CREATE TRIGGER screenings_no_delete BEFORE DELETE ON screenings "
        + refuse.format("screenings are never deleted"),
        "CREATE TRIGGER screenings_no_replace BEFORE INSERT ON screenings WHEN EXISTS"
        " (SELECT 1 FROM screenings WHERE id = NEW.id) "
        + refuse.format("screenings are never replaced"),
        "CREATE TRIGGER screenings_audited_update BEFORE UPDATE ON screenings"
        " WHEN NOT oxytimer_audited() " + refuse.format("screenings change only through oxytimer"),
    ]
    for statement in tables:
        db.execute(statement)
    count = build_chain(db.conn, empty=True)
    for statement in statements:
        db.execute(statement)
    if count:
        last = db.execute("SELECT seq, hash FROM audit_chain ORDER BY seq DESC LIMIT 1").fetchone()
        db.execute(
            "INSERT INTO audit_chain_state (id, verified_seq, verified_hash) VALUES (1, ?, ?)",
            list(last),
        )


@migrations(name="0006_summary_indexes")
def m0006_summary_indexes(db: Database) -> None:
    # The summary reads each session's two scores with their scale (instrument version,
    # score range): with those in the index it never reads the scores table itself
    # (storage/analysis.py). It replaces 0003's narrower index. The registry's sorts by
    # status, age and enrolment use the others (storage/reading.py); the dose's end of
    # follow-up looks for a mother's latest status change in the audit trail.
    _run(
        db,
        """
CREATE INDEX IF NOT EXISTS scores_session_scale
    ON scores (session_id, kind, total, instrument_version, min_total, max_total);
DROP INDEX IF EXISTS scores_session_total;
CREATE INDEX IF NOT EXISTS mothers_status ON mothers (status);
CREATE INDEX IF NOT EXISTS mothers_age ON mothers (age);
CREATE INDEX IF NOT EXISTS mothers_enrolled ON mothers (enrolled_at);
CREATE INDEX IF NOT EXISTS audit_field_change ON audit_log (table_name, field, record_id, at)
""",
    )


@migrations(name="0007_laptop_tag_and_conflicts")
def m0007_laptop_tag_and_conflicts(db: Database) -> None:
    # Issue 11. The laptop's tag (in every study code it suggests) and the conflicts
    # merges met, with both versions, until a person resolves them. Both are this
    # database's own: never merged, audited or exported.
    _run(
        db,
        """
CREATE TABLE laptop (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    tag TEXT NOT NULL CHECK (length(tag) BETWEEN 1 AND 2 AND tag GLOB '[A-Z]*'
        AND tag NOT GLOB '*[^A-Z]*'),
    set_at TEXT NOT NULL
);
CREATE TABLE merge_conflicts (
    id INTEGER PRIMARY KEY,
    table_name TEXT NOT NULL,
    record_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    source TEXT NOT NULL,
    detail TEXT NOT NULL,
    theirs TEXT NOT NULL,
    waiting INTEGER NOT NULL DEFAULT 0,
    found_at TEXT NOT NULL,
    resolved_at TEXT,
    resolution TEXT,
    UNIQUE (table_name, record_id, kind)
);
CREATE INDEX merge_conflicts_open ON merge_conflicts (resolved_at)
""",
    )


@migrations(name="0008_session_truth")
def m0008_session_truth(db: Database) -> None:
    # Issue 12. Sessions: preparation time apart from massage time (protocol 2.0.0 times
    # massage only), a resumed massage's two parts and the gap between them, and the
    # design the scores around the session were collected under: 'full_checklist' (every
    # session scored with the whole checklist before and after: every session recorded
    # before this migration) or 'session_check' (only the items that can change within a
    # session). The study's outcome is then the full checklist as a baseline assessment
    # before the first massage and an end assessment after the last planned session.
    _run(
        db,
        """
ALTER TABLE sessions ADD COLUMN preparation_seconds REAL NOT NULL DEFAULT 0
    CHECK (preparation_seconds >= 0);
ALTER TABLE sessions ADD COLUMN first_part_seconds REAL
    CHECK (first_part_seconds IS NULL OR first_part_seconds >= 0);
ALTER TABLE sessions ADD COLUMN resumed_at TEXT;
ALTER TABLE sessions ADD COLUMN resume_gap_seconds REAL
    CHECK (resume_gap_seconds IS NULL OR resume_gap_seconds >= 0);
ALTER TABLE sessions ADD COLUMN design TEXT NOT NULL DEFAULT 'full_checklist'
    CHECK (design IN ('full_checklist', 'session_check'));
CREATE TABLE assessments (
    id TEXT PRIMARY KEY,
    mother_id TEXT NOT NULL REFERENCES mothers(id),
    kind TEXT NOT NULL CHECK (kind IN ('baseline', 'end', 'daily')),
    instrument_version TEXT NOT NULL,
    total INTEGER NOT NULL,
    min_total INTEGER NOT NULL,
    max_total INTEGER NOT NULL,
    category TEXT,
    recorded_at TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT 'app' CHECK (source IN ('app', 'import', 'demo')),
    voided INTEGER NOT NULL DEFAULT 0 CHECK (voided IN (0, 1)),
    void_reason TEXT,
    operator TEXT NOT NULL DEFAULT '',
    CHECK (total BETWEEN min_total AND max_total),
    CHECK (voided = 0 OR length(trim(void_reason)) > 0)
);
CREATE UNIQUE INDEX assessments_one_each ON assessments (mother_id, kind)
    WHERE kind IN ('baseline', 'end') AND voided = 0;
CREATE INDEX assessments_mother ON assessments (mother_id, recorded_at);
CREATE TABLE assessment_items (
    assessment_id TEXT NOT NULL REFERENCES assessments(id),
    item_id TEXT NOT NULL,
    value INTEGER NOT NULL CHECK (value IN (0, 1)),
    PRIMARY KEY (assessment_id, item_id)
);
CREATE TRIGGER assessments_no_delete BEFORE DELETE ON assessments
BEGIN SELECT RAISE(ABORT, 'assessments are voided, never deleted'); END;
CREATE TRIGGER assessment_items_no_delete BEFORE DELETE ON assessment_items
BEGIN SELECT RAISE(ABORT, 'assessment answers are never deleted'); END
""",
    )


@migrations(name="0009_sync_server")
def m0009_sync_server(db: Database) -> None:
    # Issue 15. The study server this laptop syncs with (its address without the password:
    # that is in libpq's password file), when it last synced, and how far each direction
    # got: the server's arrival number of the last audit row received (pulled_seq) and
    # this file's audit chain number of the last one sent (pushed_seq); NULL: compare
    # everything. This database's own: never merged, synced or exported.
    _run(
        db,
        """
CREATE TABLE sync_server (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    url TEXT NOT NULL CHECK (length(trim(url)) > 0),
    last_sync_at TEXT,
    last_sent INTEGER,
    last_received INTEGER,
    pulled_seq INTEGER,
    pushed_seq INTEGER
)
""",
    )


@migrations(name="0010_summary_table")
def m0010_summary_table(db: Database) -> None:
    # Issue 17: the summary reads one stored row per mother instead of every session.
    # summary_pairing holds, per mother and design, the aggregates the pairing query
    # computes from her sessions (storage/analysis.py); summary_dose the parts of her
    # dose that do not depend on the time now (storage/summary_table.py). Triggers mark a
    # mother stale whenever a record of hers is written, whatever writes it (the app,
    # corrections, imports, merges, sync); the summary computes stale mothers from their
    # records and writers refresh them. Every mother starts stale: the first refresh
    # fills the tables. summary_state holds what the stored dose was computed under (time
    # zone, slot hours): another one and the dose is computed from the records.
    statements = [
        """CREATE TABLE summary_stale (mother_id TEXT PRIMARY KEY) WITHOUT ROWID""",
        """CREATE TABLE summary_pairing (
    mother_id TEXT NOT NULL,
    design TEXT NOT NULL,
    n INTEGER, n_voided INTEGER, seconds REAL, n_interrupted INTEGER, n_aborted INTEGER,
    n_awaiting INTEGER, n_completed INTEGER, c_husband INTEGER, c_midwife INTEGER,
    c_family INTEGER, c_other INTEGER, versions TEXT, n_pairs INTEGER, pre_sum REAL,
    post_sum REAL, first_pre TEXT, last_post TEXT, pre_scales TEXT, post_scales TEXT,
    PRIMARY KEY (design, mother_id)
) WITHOUT ROWID""",
        """CREATE TABLE summary_dose (
    mother_id TEXT PRIMARY KEY,
    enrolled INTEGER, offset_seconds INTEGER, follow_up_end INTEGER,
    slots_touched INTEGER, slots_done INTEGER, slots_after_enrolment INTEGER,
    last_slot_end INTEGER
) WITHOUT ROWID""",
        """CREATE TABLE summary_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    signature TEXT NOT NULL
)""",
        "INSERT INTO summary_stale (mother_id) SELECT id FROM mothers",
    ]
    stale = "INSERT INTO summary_stale (mother_id) {select} ON CONFLICT DO NOTHING"
    marks = {
        "mothers": "SELECT NEW.id WHERE true",
        "sessions": "SELECT NEW.mother_id WHERE true",
        "assessments": "SELECT NEW.mother_id WHERE true",
        "scores": "SELECT mother_id FROM sessions WHERE id = NEW.session_id",
    }
    for table, select in marks.items():
        for event in ("INSERT", "UPDATE"):
            statements.append(
                f"CREATE TRIGGER {table}_summary_{event.lower()} AFTER {event} ON {table}"
                f" BEGIN {stale.format(select=select)}; END"
            )
    statements.append(  # a session moved to another mother: the first is stale too
        "CREATE TRIGGER sessions_summary_moved AFTER UPDATE OF mother_id ON sessions"
        f" BEGIN {stale.format(select='SELECT OLD.mother_id WHERE true')}; END"
    )
    statements.append(
        "CREATE TRIGGER assessments_summary_moved AFTER UPDATE OF mother_id ON assessments"
        f" BEGIN {stale.format(select='SELECT OLD.mother_id WHERE true')}; END"
    )
    statements.append(
        "CREATE TRIGGER scores_summary_moved AFTER UPDATE OF session_id ON scores BEGIN"
        f" {stale.format(select='SELECT mother_id FROM sessions WHERE id = OLD.session_id')};"
        " END"
    )
    for statement in statements:
        db.execute(statement)


@migrations(name="0011_summary_cells")
def m0011_summary_cells(db: Database) -> None:
    # Issue 17: a summary filtered on who gave the massage, the protocol or the
    # instrument version reads stored rows too. summary_cells holds each mother's
    # sessions of a design aggregated per (caregiver, protocol version, instrument
    # version) as summary_pairing holds them per mother; for the assessments design, her
    # non-voided sessions' massage time per (caregiver, protocol version). ``exact``: every
    # sum in the row is exact (dyadic values), so that cells can be added in any order;
    # ``cells``: how many cells the mother has in the design. Every mother is marked
    # stale: the next refresh (at once after the upgrade) fills them.
    db.execute(
        """CREATE TABLE summary_cells (
    design TEXT NOT NULL,
    mother_id TEXT NOT NULL,
    caregiver TEXT NOT NULL,
    protocol_version TEXT NOT NULL,
    instrument_version TEXT NOT NULL,
    n INTEGER, n_voided INTEGER, seconds REAL, n_interrupted INTEGER, n_aborted INTEGER,
    n_awaiting INTEGER, n_completed INTEGER, c_husband INTEGER, c_midwife INTEGER,
    c_family INTEGER, c_other INTEGER, versions TEXT, n_pairs INTEGER, pre_sum REAL,
    post_sum REAL, first_pre TEXT, last_post TEXT, pre_scales TEXT, post_scales TEXT,
    exact INTEGER NOT NULL, cells INTEGER NOT NULL,
    PRIMARY KEY (design, mother_id, caregiver, protocol_version, instrument_version)
) WITHOUT ROWID"""
    )
    # summary_mothers: what the summary reads of each mother (and her site's code), so
    # that it reads no mothers' rows while none is stale. A site's code changed: her
    # mothers are stale.
    db.execute(
        """CREATE TABLE summary_mothers (
    id TEXT PRIMARY KEY,
    site_code TEXT, study_code TEXT, status TEXT, age INTEGER, occupation TEXT,
    enrolled_at TEXT
) WITHOUT ROWID"""
    )
    db.execute(
        "CREATE TRIGGER sites_summary_update AFTER UPDATE OF code ON sites BEGIN"
        " INSERT INTO summary_stale (mother_id) SELECT id FROM mothers"
        " WHERE site_id = NEW.id ON CONFLICT DO NOTHING; END"
    )
    db.execute(
        "INSERT INTO summary_stale (mother_id) SELECT id FROM mothers WHERE true"
        " ON CONFLICT DO NOTHING"
    )


def known_migration_names() -> list[str]:
    """Names of every migration this version of the code knows, in order."""
    return [m.name for m in migrations._migrations]


if tuple(known_migration_names()) != MIGRATION_NAMES:  # pragma: no cover - caught at once
    raise AssertionError(
        "oxytimer.storage.schema.MIGRATION_NAMES must list the registered migrations:"
        f" {known_migration_names()}"
    )
