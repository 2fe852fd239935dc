"""``oxytimer summary`` on a study server of 1,000,000 mothers, beside the same summary
from a 100,000-mother SQLite file (issue 15's figure).

    .venv/bin/python benchmarks/server_summary.py --sqlite /tmp/demo100k.sqlite
    .venv/bin/python benchmarks/server_summary.py --url postgresql://... --reuse

Without ``--url`` a private server is started (scripts/pg_test_server.py, with 1 GB of
shared buffers and 64 MB of work memory, as a study server would have) and stopped at the
end unless ``--keep DIR``. The server's study tables are made by ``oxytimer server init``
and filled by the server itself (generate_series and random() in SQL, 100,000 mothers
per statement) with synthetic mothers in the demo's proportions (``--mothers``, 6 sessions
each, twice a day over three days, with their pre and post scores); the stored
per-mother summary is kept by the server's triggers as they are written. ``--reuse``
keeps a database already filled (``server init`` is run again: it fills the stored rows
of a server loaded by an earlier version, once). Loading is not what is measured: the
figure is the wall time of whole ``oxytimer --db URL summary --format json`` processes
(median of ``--runs``), the server's work included, with the CPU time of the oxytimer
process, beside ``oxytimer --db FILE summary`` on the SQLite file (its integrity check
skipped, as the app skips it for a file it checked).
Prints one JSON line last.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
OXYTIMER = [sys.executable, "-m", "oxytimer"]
DATABASE = "oxytimer_bench"


def _pg_test_server():  # scripts/ is not a package
    spec = importlib.util.spec_from_file_location(
        "pg_test_server", ROOT / "scripts" / "pg_test_server.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def with_database(url: str, database: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{database}"))


OCCUPATIONS = ["not_working"] * 6 + ["trader", "labourer_farmer", "self_employed", "employee"]
CAREGIVERS = ["husband"] * 7 + ["midwife", "family"]
CHUNK = 100_000
"""Mothers written per statement (with their sessions and scores)."""


def _array(values: list[str]) -> str:
    return "ARRAY[" + ", ".join(f"'{v}'" for v in values) + "]"


_ISO = """to_char(({}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"+00:00"')"""
"""A timestamptz as the records store it (utc_iso: milliseconds, explicit offset)."""


def _gauss(mean: str, sd: str) -> str:
    """A normal variate (Box-Muller from two uniform ones)."""
    return f"({mean} + {sd} * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()))"


# Mothers n in [:lo, :hi): site n mod the sites, enrolled at a random minute of 2025-26,
# 3 % screened out, 5 % withdrawn, 2 % still enrolled, the others closed after 3 days;
# six sessions per followed mother, twice a day from 23:00 UTC of her enrolment day,
# 3 % aborted; a pre-score each, a post-score for each completed one.
_LOAD_SQL = f"""
WITH r AS MATERIALIZED (
    SELECT n, s.id AS site_id, s.code,
        TIMESTAMPTZ '2025-01-01 00:00+00' + floor(random() * 790000) * INTERVAL '1 minute' AS at,
        random() AS roll, 17 + floor(random() * 26)::int AS age,
        ({_array(OCCUPATIONS)})[1 + floor(random() * {len(OCCUPATIONS)})::int] AS occupation,
        (ARRAY['primipara', 'multipara'])[1 + floor(random() * 2)::int] AS parity
    FROM generate_series(%(lo)s::int, %(hi)s::int - 1) n
    JOIN (SELECT id, code, row_number() OVER (ORDER BY code) - 1 AS k FROM sites) s
        ON s.k = n %% %(sites)s
),
m AS (
    SELECT *, CASE WHEN roll < 0.03 THEN 'screened_out' WHEN roll < 0.08 THEN 'withdrawn'
        WHEN roll < 0.1 THEN 'enrolled' ELSE 'closed' END AS status,
        CAST(at AT TIME ZONE 'UTC' AS date) AS day
    FROM r
),
new_mothers AS (
INSERT INTO mothers (id, site_id, study_code, age, occupation, parity, delivery_date,
    delivery_type, lives_with_husband, consent, consent_date, status, status_reason,
    status_date, locked, enrolled_at)
SELECT gen_random_uuid()::text, site_id, code || '-B' || lpad(n::text, 7, '0'), age,
    occupation, parity, (day - 1)::text, 'normal', 1, 1, day::text, status,
    CASE WHEN status != 'enrolled' THEN 'follow-up' END,
    CASE WHEN status != 'enrolled' THEN (day + 3)::text END,
    CASE WHEN status = 'closed' THEN 1 ELSE 0 END, {_ISO.format("at")}
FROM m
RETURNING id, status, enrolled_at
),
x AS MATERIALIZED (
    SELECT gen_random_uuid()::text AS id, m.id AS mother_id, k,
        date_trunc('day', CAST(m.enrolled_at AS timestamptz) AT TIME ZONE 'UTC')
            AT TIME ZONE 'UTC' + INTERVAL '23 hours' + k * INTERVAL '12 hours'
            + floor(random() * 90) * INTERVAL '1 minute' AS at,
        CASE WHEN random() < 0.03 THEN 'aborted' ELSE 'completed' END AS status,
        ({_array(CAREGIVERS)})[1 + floor(random() * {len(CAREGIVERS)})::int] AS caregiver
    FROM new_mothers m CROSS JOIN generate_series(0, 5) k
    WHERE m.status != 'screened_out'
),
y AS MATERIALIZED (
    SELECT *, CASE WHEN status = 'completed' THEN 240.0 ELSE 60.0 END AS seconds,
        greatest(0, least(8, trunc({_gauss("1 + k * 0.3", "1")})))::int AS pre,
        trunc({_gauss("3.5", "1.3")})::int AS gain
    FROM x
),
written AS (
    INSERT INTO sessions (id, mother_id, caregiver, planned_seconds, protocol_version,
        instrument_version, status, slot, started_at, ended_at, massage_seconds,
        paused_seconds, pause_count, progress_at, abort_reason, source, voided, operator,
        design)
    SELECT id, mother_id, caregiver, 240, '1.0.0', '1.0.0', status,
        CASE WHEN k %% 2 = 1 THEN 'evening' ELSE 'morning' END, {_ISO.format("at")},
        {_ISO.format("at + seconds * INTERVAL '1 second'")}, seconds, 0.0, 0,
        {_ISO.format("at + seconds * INTERVAL '1 second'")},
        CASE WHEN status = 'aborted' THEN 'ibu lelah' END, 'demo', 0, 'bench',
        'full_checklist'
    FROM y
),
s AS (
    SELECT id, 'pre' AS kind, pre AS total, at FROM y
    UNION ALL
    SELECT id, 'post', greatest(0, least(8, pre + gain)), at + INTERVAL '6 minutes'
    FROM y WHERE status = 'completed'
)
INSERT INTO scores (id, session_id, kind, instrument_version, total, min_total, max_total,
    category, recorded_at)
SELECT gen_random_uuid()::text, id, kind, '1.0.0', total, 0, 8,
    CASE WHEN total <= 2 THEN 'kurang' WHEN total <= 5 THEN 'cukup' ELSE 'banyak' END,
    {_ISO.format("at")}
FROM s
"""


def load(url: str, mothers: int, seed: int = 1) -> dict[str, float]:
    """Fill the server at ``url`` with ``mothers`` synthetic mothers, generated by the
    server itself (generate_series, random()), :data:`CHUNK` mothers per transaction."""
    import psycopg

    from oxytimer.domain.sites import load_sites
    from oxytimer.storage.server import init_server

    started = time.perf_counter()
    init_server(url)
    sites = sorted((s.code, s.name) for s in load_sites())
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SELECT setseed(%s)", [1 / (seed + 1)])
        conn.execute("SET max_parallel_workers_per_gather = 0")  # (one random() stream)
        # Indexes other than the keys are built once at the end, not row by row.
        indexes = [
            (name, definition)
            for name, definition in conn.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'"
                " AND tablename IN ('mothers', 'sessions', 'scores') AND indexname NOT IN"
                " (SELECT conname FROM pg_constraint)"
            )
        ]
        for name, _ in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        for table in ("mothers", "sessions", "scores"):
            conn.execute(f"ALTER TABLE {table} SET (autovacuum_enabled = false)")
        with conn.cursor().copy("COPY sites (id, code, name, created_at) FROM STDIN") as copy:
            for code, name in sites:
                copy.write_row((str(uuid.uuid4()), code, name, "2025-01-01T00:00:00.000+00:00"))
        for lo in range(0, mothers, CHUNK):
            hi = min(mothers, lo + CHUNK)
            conn.execute(_LOAD_SQL, {"lo": lo, "hi": hi, "sites": len(sites)})
            print(f"  {hi} mothers, {time.perf_counter() - started:.0f} s", file=sys.stderr)
        conn.execute("SET maintenance_work_mem = '512MB'")
        for _, definition in indexes:
            conn.execute(definition)
        for table in ("mothers", "sessions", "scores"):
            conn.execute(f"ALTER TABLE {table} RESET (autovacuum_enabled)")
        conn.execute("VACUUM ANALYZE")
        counts = {
            t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # type: ignore[index]
            for t in ("mothers", "sessions", "scores")
        }
    return {**counts, "load_seconds": round(time.perf_counter() - started, 1)}


def tune(server, folder: Path, url: str) -> None:  # type: ignore[no-untyped-def]
    """Give the private server the memory a study server would have (shared buffers 1 GB,
    work_mem 64 MB), and restart it."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ALTER SYSTEM SET shared_buffers = '1GB'")
        conn.execute("ALTER SYSTEM SET work_mem = '64MB'")
        conn.execute("ALTER SYSTEM SET max_wal_size = '8GB'")
    data, log = str(folder / "data"), str(folder / "log")
    pg_ctl = [str(server.bindir() / "pg_ctl"), "-D", data, "-l", log, "-w", "restart"]
    subprocess.run(server._as_server_user(pg_ctl), check=True, stdout=subprocess.DEVNULL)


def server_cpu(folder: Path | None) -> float | None:
    """CPU seconds used so far by the private server in ``folder`` (its postmaster and
    every process it started, those that ended included), or None for another server."""
    import os

    if folder is None or not (folder / "data" / "postmaster.pid").exists():
        return None
    postmaster = (folder / "data" / "postmaster.pid").read_text().split()[0]
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # (ended meanwhile)
        # fields[1] is the parent; utime, stime, cutime, cstime are fields[11:15]
        if entry.name == postmaster:
            total += sum(int(f) for f in fields[11:15])  # ended children are in cutime
        elif fields[1] == postmaster:
            total += int(fields[11]) + int(fields[12])
    return total / tick


def run(args: list[str], folder: Path | None = None) -> tuple[float, float, float | None]:
    """(wall, CPU of the child process, CPU of the private server) of one run."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    server_before = server_cpu(folder)
    started = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    server_after = server_cpu(folder)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    server = None
    if server_before is not None and server_after is not None:
        server = round(server_after - server_before, 2)
    return wall, cpu, server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a PostgreSQL superuser URL (default: a private server)")
    parser.add_argument("--mothers", type=int, default=1_000_000)
    parser.add_argument("--reuse", action="store_true", help="keep a database already filled")
    parser.add_argument("--sqlite", type=Path, help="a 100,000-mother SQLite file to compare")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="start the private server in this folder")
    args = parser.parse_args()

    import psycopg

    server = None
    folder = None
    url = args.url
    if url is None:
        server = _pg_test_server()
        folder = args.keep or Path(tempfile.mkdtemp(prefix="oxytimer-bench-pg-"))
        if (folder / "url").exists():
            url = (folder / "url").read_text()
        else:
            url = server.start(folder)
            tune(server, folder, url)
    try:
        result: dict[str, object] = {"mothers": args.mothers}
        with psycopg.connect(url, autocommit=True) as admin:
            exists = admin.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]
            ).fetchone()
            if exists and not args.reuse:
                admin.execute(f"DROP DATABASE {DATABASE} WITH (FORCE)")
            if not exists or not args.reuse:
                admin.execute(f"CREATE DATABASE {DATABASE}")
        target = with_database(url, DATABASE)
        if not (exists and args.reuse):
            result["load"] = load(target, args.mothers)
            print(json.dumps(result["load"]), flush=True)
        # A server loaded by an earlier version gets its stored per-mother rows here (once);
        # on one loaded by this version this is a quick no-op.
        from oxytimer.storage.server import init_server

        started = time.perf_counter()
        init_server(target)
        result["init_seconds"] = round(time.perf_counter() - started, 1)
        print(json.dumps({"init_seconds": result["init_seconds"]}), flush=True)
        command = [*OXYTIMER, "--db", target, "summary", "--format", "json"]
        rows = []
        for _ in range(args.runs):
            server_run = run(command, folder)
            sqlite_run = (
                run(
                    [
                        *OXYTIMER,
                        "--db",
                        str(args.sqlite),
                        "summary",
                        "--format",
                        "json",
                        "--skip-integrity-check",
                    ]
                )
                if args.sqlite
                else None
            )
            rows.append((server_run, sqlite_run))
            print(json.dumps({"server": server_run, "sqlite": sqlite_run}), flush=True)
        if not rows:
            return
        result["server_wall_s"] = round(statistics.median(r[0][0] for r in rows), 2)
        result["server_client_cpu_s"] = round(statistics.median(r[0][1] for r in rows), 2)
        if all(r[0][2] is not None for r in rows):
            result["server_server_cpu_s"] = round(statistics.median(r[0][2] for r in rows), 2)
        if args.sqlite:
            result["sqlite_100k_wall_s"] = round(statistics.median(r[1][0] for r in rows), 2)
            result["sqlite_100k_cpu_s"] = round(statistics.median(r[1][1] for r in rows), 2)
        print(json.dumps(result))
    finally:
        if server is not None and folder is not None and args.keep is None:
            server.stop(folder)


if __name__ == "__main__":
    main()
