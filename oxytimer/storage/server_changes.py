"""The server's marks of records changed without an audit row (issue 15, sync).

The server numbers audit rows as they arrive (``oxytimer_arrivals``); a pull asks for the
records they name. Some changes come without one: a push that brings a running session's
heartbeat (massage and paused seconds, ``progress_at``), or a merge rule's bookkeeping
(the earlier enrolment time of a mother imported on two laptops). Every update of a
record on the server is marked in :data:`CHANGES_TABLE` by a trigger (as the owner: site
roles only read it, row-level security showing each its own site's), numbered from the
arrivals' own sequence: one number line, so a laptop's one mark (``pulled_seq``) says how
far it got in both. One row per record (its latest change). Items mark their score or
assessment, as their audit rows name it. SQL texts only: nothing here imports the driver.
"""

from __future__ import annotations

from typing import Final

from oxytimer.storage.server_schema import ARRIVALS_TABLE, COORDINATOR_GROUP, SITE_GROUP

CHANGES_TABLE: Final = "oxytimer_changes"
"""Records changed on the server (table, id) and the number of their latest change."""

MARKS: Final = {
    "mothers": ("mothers", "id"),
    "screenings": ("screenings", "id"),
    "sessions": ("sessions", "id"),
    "scores": ("scores", "id"),
    "score_items": ("scores", "score_id"),
    "assessments": ("assessments", "id"),
    "assessment_items": ("assessments", "assessment_id"),
}
"""The tables whose updates are marked: the record each update marks (table, column)."""


def changes_sql() -> list[str]:
    """The marks' table, trigger and access (run by the owner, after the arrivals')."""
    records = " UNION ALL ".join(
        f"SELECT '{t}' AS t, id FROM {t}"
        for t in ("mothers", "screenings", "sessions", "scores", "assessments")
    )
    visible = (
        f"EXISTS (SELECT 1 FROM ({records}) r WHERE r.t = {CHANGES_TABLE}.table_name"
        f" AND r.id = {CHANGES_TABLE}.record_id)"
    )
    statements = [
        f"CREATE TABLE IF NOT EXISTS {CHANGES_TABLE} (table_name text NOT NULL,"
        " record_id text NOT NULL, seq bigint NOT NULL, PRIMARY KEY (table_name, record_id))",
        f"CREATE INDEX IF NOT EXISTS {CHANGES_TABLE}_seq ON {CHANGES_TABLE} (seq)",
        "CREATE OR REPLACE FUNCTION oxytimer_changed() RETURNS trigger LANGUAGE plpgsql"
        " SECURITY DEFINER SET search_path = public AS $$ BEGIN"
        f" INSERT INTO {CHANGES_TABLE} (table_name, record_id, seq)"
        " VALUES (TG_ARGV[0], to_jsonb(NEW) ->> TG_ARGV[1],"
        f" nextval(pg_get_serial_sequence('{ARRIVALS_TABLE}', 'seq')))"
        " ON CONFLICT (table_name, record_id) DO UPDATE SET seq = excluded.seq;"
        " RETURN NULL; END $$",
        "REVOKE ALL ON FUNCTION oxytimer_changed() FROM PUBLIC",
    ]
    for table, (record_table, column) in MARKS.items():
        statements += [
            f"DROP TRIGGER IF EXISTS oxytimer_change ON {table}",
            f"CREATE TRIGGER oxytimer_change AFTER UPDATE ON {table} FOR EACH ROW"
            " WHEN (OLD.* IS DISTINCT FROM NEW.*)"
            f" EXECUTE FUNCTION oxytimer_changed('{record_table}', '{column}')",
        ]
    statements += [
        f"REVOKE ALL ON {CHANGES_TABLE} FROM PUBLIC",
        f"GRANT SELECT ON {CHANGES_TABLE} TO {SITE_GROUP}, {COORDINATOR_GROUP}",
        f"ALTER TABLE {CHANGES_TABLE} ENABLE ROW LEVEL SECURITY",
        f"DROP POLICY IF EXISTS site_reads ON {CHANGES_TABLE}",
        f"CREATE POLICY site_reads ON {CHANGES_TABLE} FOR SELECT TO {SITE_GROUP} USING ({visible})",
        f"DROP POLICY IF EXISTS coordinator_reads ON {CHANGES_TABLE}",
        f"CREATE POLICY coordinator_reads ON {CHANGES_TABLE} FOR SELECT TO {COORDINATOR_GROUP}"
        " USING (true)",
    ]
    return statements
