"""``oxytimer summary`` on a study server of 1,000,000 mothers, beside the same summary
from a 100,000-mother SQLite file (issue 15's figure).

    .venv/bin/python benchmarks/server_summary.py --sqlite /tmp/demo100k.sqlite
    .venv/bin/python benchmarks/server_summary.py --url postgresql://... --reuse

Without ``--url`` a private server is started (scripts/pg_test_server.py) and stopped at
the end. The server's study tables are made by ``oxytimer server init`` and filled by
COPY with synthetic mothers in the demo's proportions (``--mothers``, 6 sessions each,
twice a day over three days, with their pre and post scores); ``--reuse`` keeps a
database already filled. Loading is not what is measured (and is run once): the figure
is the wall time of whole ``oxytimer --db URL summary --format json`` processes (median
of ``--runs``), the server's work included, beside ``oxytimer --db FILE summary`` on the
SQLite file (its integrity check skipped, as the app skips it for a file it checked).
Prints one JSON line last.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
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


def iso(t: datetime) -> str:
    return t.isoformat(timespec="milliseconds")


OCCUPATIONS = ["not_working"] * 6 + ["trader", "labourer_farmer", "self_employed", "employee"]
CAREGIVERS = ["husband"] * 7 + ["midwife", "family"]


def load(url: str, mothers: int, seed: int = 1) -> dict[str, float]:
    """Fill the server at ``url`` with ``mothers`` synthetic mothers by COPY."""
    import psycopg

    from oxytimer.domain.sites import load_sites
    from oxytimer.storage.server import init_server

    started = time.perf_counter()
    init_server(url)
    rng = random.Random(seed)
    start_day = datetime(2025, 1, 1, tzinfo=UTC)
    sites = [(str(uuid.uuid4()), s.code, s.name) for s in load_sites()]
    counts = {"mothers": 0, "sessions": 0, "scores": 0}
    with psycopg.connect(url) as conn:
        conn.execute("ALTER TABLE sessions SET (autovacuum_enabled = false)")
        with conn.cursor().copy("COPY sites (id, code, name, created_at) FROM STDIN") as copy:
            for site_id, code, name in sites:
                copy.write_row((site_id, code, name, iso(start_day)))
        mother_copy = conn.cursor().copy(
            "COPY mothers (id, site_id, study_code, age, occupation, parity, delivery_date,"
            " delivery_type, lives_with_husband, consent, consent_date, status, status_reason,"
            " status_date, locked, enrolled_at) FROM STDIN"
        )
        session_copy = conn.cursor().copy(
            "COPY sessions (id, mother_id, caregiver, planned_seconds, protocol_version,"
            " instrument_version, status, slot, started_at, ended_at, massage_seconds,"
            " paused_seconds, pause_count, progress_at, abort_reason, source, voided,"
            " operator, design) FROM STDIN"
        )
        score_copy = conn.cursor().copy(
            "COPY scores (id, session_id, kind, instrument_version, total, min_total,"
            " max_total, category, recorded_at) FROM STDIN"
        )
        # One COPY at a time on a connection: mothers first, then sessions, then scores,
        # each generated again from the same seed.
        plan = []
        with mother_copy as copy:
            for n in range(mothers):
                site_id, code, _ = sites[n % len(sites)]
                enrolled = start_day + timedelta(minutes=rng.randrange(0, 790_000))
                roll = rng.random()
                status = (
                    "screened_out"
                    if roll < 0.03
                    else "withdrawn"
                    if roll < 0.08
                    else "enrolled"
                    if roll < 0.1
                    else "closed"
                )
                day = enrolled.date()
                closed_on = (day + timedelta(days=3)).isoformat()
                copy.write_row(
                    (
                        mother_id := str(uuid.uuid4()),
                        site_id,
                        f"{code}-B{n:07d}",
                        rng.randint(17, 42),
                        rng.choice(OCCUPATIONS),
                        rng.choice(["primipara", "multipara"]),
                        (day - timedelta(days=1)).isoformat(),
                        "normal",
                        1,
                        1,
                        day.isoformat(),
                        status,
                        None if status == "enrolled" else "follow-up",
                        None if status == "enrolled" else closed_on,
                        int(status == "closed"),
                        iso(enrolled),
                    )
                )
                if status != "screened_out":
                    plan.append((mother_id, enrolled))
        counts["mothers"] = mothers
        sessions = []
        with session_copy as copy:
            for mother_id, enrolled in plan:
                first = enrolled.replace(hour=23, minute=0, second=0, microsecond=0)
                for k in range(6):
                    at = first + timedelta(hours=12 * k, minutes=rng.randrange(0, 90))
                    roll = rng.random()
                    status = "aborted" if roll < 0.03 else "completed"
                    seconds = 240.0 if status == "completed" else 60.0
                    session_id = str(uuid.uuid4())
                    copy.write_row(
                        (
                            session_id,
                            mother_id,
                            rng.choice(CAREGIVERS),
                            240,
                            "1.0.0",
                            "1.0.0",
                            status,
                            "evening" if k % 2 else "morning",
                            iso(at),
                            iso(at + timedelta(seconds=seconds)),
                            seconds,
                            0.0,
                            0,
                            iso(at + timedelta(seconds=seconds)),
                            "ibu lelah" if status == "aborted" else None,
                            "demo",
                            0,
                            "bench",
                            "full_checklist",
                        )
                    )
                    sessions.append((session_id, at, status == "completed", k))
        counts["sessions"] = len(sessions)
        with score_copy as copy:
            for session_id, at, completed, k in sessions:
                pre = max(0, min(8, int(rng.gauss(1 + k * 0.3, 1))))
                kinds = [("pre", pre, at)]
                if completed:
                    post = max(0, min(8, pre + int(rng.gauss(3.5, 1.3))))
                    kinds.append(("post", post, at + timedelta(minutes=6)))
                for kind, total, when in kinds:
                    category = "kurang" if total <= 2 else "cukup" if total <= 5 else "banyak"
                    row = (str(uuid.uuid4()), session_id, kind, "1.0.0", total, 0, 8)
                    copy.write_row((*row, category, iso(when)))
                    counts["scores"] += 1
        conn.execute("ALTER TABLE sessions RESET (autovacuum_enabled)")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    return {**counts, "load_seconds": round(time.perf_counter() - started, 1)}


def run(args: list[str]) -> tuple[float, float]:
    """(wall, CPU of the child process) of one ``oxytimer`` run."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


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
        url = (folder / "url").read_text() if (folder / "url").exists() else server.start(folder)
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
        command = [*OXYTIMER, "--db", target, "summary", "--format", "json"]
        rows = []
        for _ in range(args.runs):
            server_run = run(command)
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
        result["server_wall_s"] = round(statistics.median(r[0][0] for r in rows), 2)
        result["server_client_cpu_s"] = round(statistics.median(r[0][1] for r in rows), 2)
        if args.sqlite:
            result["sqlite_100k_wall_s"] = round(statistics.median(r[1][0] for r in rows), 2)
            result["sqlite_100k_cpu_s"] = round(statistics.median(r[1][1] for r in rows), 2)
        print(json.dumps(result))
    finally:
        if server is not None and folder is not None and args.keep is None:
            server.stop(folder)


if __name__ == "__main__":
    main()
