"""Laptops syncing with a study server (issue 15): many at once, and one with new sessions.

    .venv/bin/python benchmarks/sync.py [--laptops 10] [--mothers 1000] [--sites AMP,CKR,DSA]
        [--new-sessions 1000] [--work DIR]

A private PostgreSQL server (``scripts/pg_test_server.py``, the machine's packages) gets
the study's tables and one role per puskesmas. Each laptop is a demo database of
``--mothers`` mothers of one puskesmas (the laptops take the sites in turn: several
laptops per site), made once into ``--work`` and copied for each run.

1. **Concurrent**: every laptop runs ``oxytimer sync`` at the same moment, each its own
   process; then all again (the laptops that synced first receive what the others sent).
   Checked afterwards: on the server, every laptop's record and audit row is there once
   (the server's counts equal the number of distinct rows over all laptops: nothing lost
   nor doubled), and every laptop holds exactly its site's records as the server has them.
2. **New sessions**: a laptop already in sync gets about ``--new-sessions`` new sessions
   (with their mothers, scores, items and audit rows: a demo file of that puskesmas
   merged into it), then syncs: seconds and round trips to the server, beside a sync with
   nothing new.

The last line is JSON with every figure.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from oxytimer.storage.merge_rules import TABLES  # noqa: E402

KEYS = {
    "score_items": "score_id || '/' || item_id",
    "assessment_items": "assessment_id || '/' || item_id",
}


def _pg_server() -> Any:
    spec = importlib.util.spec_from_file_location("pg", ROOT / "scripts" / "pg_test_server.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def make_demo(path: Path, mothers: int, seed: int, code: str) -> Path:
    from oxytimer.storage.demo import fill_demo
    from oxytimer.storage.repository import Repository

    if not path.exists():
        partial = path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        repo = Repository.open(partial)
        fill_demo(repo, mothers=mothers, seed=seed, site_codes=[code], bulk=True)
        repo.close()
        partial.rename(path)
    return path


def copy(source: Path, target: Path) -> Path:
    shutil.copyfile(source, target)
    target.chmod(0o600)
    return target


def sync_process(path: Path, url: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "oxytimer", "--db", str(path), "sync", url],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def all_at_once(laptops: list[tuple[Path, str]], env: dict[str, str]) -> float:
    started = time.perf_counter()
    processes = [sync_process(path, url, env) for path, url in laptops]
    for process in processes:
        output, _ = process.communicate()
        if process.returncode != 0:
            raise SystemExit(f"a sync failed ({process.returncode}): {output}")
    return time.perf_counter() - started


def keys(conn: Any, table: str, where: str = "") -> set[str]:
    key = KEYS.get(table, "id")
    return {str(r[0]) for r in conn.execute(f"SELECT {key} FROM {table} {where}")}


def site_keys(path: Path, code: str) -> dict[str, set[str]]:
    """Keys of the laptop's records of ``code`` (and their audit rows)."""
    conn = sqlite3.connect(path)
    try:
        m = f"SELECT m.id FROM mothers m JOIN sites s ON s.id = m.site_id WHERE s.code = '{code}'"
        where = {
            "mothers": f"WHERE id IN ({m})",
            "screenings": f"WHERE mother_id IN ({m})",
            "sessions": f"WHERE mother_id IN ({m})",
            "assessments": f"WHERE mother_id IN ({m})",
            "scores": f"WHERE session_id IN (SELECT id FROM sessions WHERE mother_id IN ({m}))",
            "score_items": "WHERE score_id IN (SELECT id FROM scores WHERE session_id IN"
            f" (SELECT id FROM sessions WHERE mother_id IN ({m})))",
            "assessment_items": "WHERE assessment_id IN (SELECT id FROM assessments"
            f" WHERE mother_id IN ({m}))",
        }
        found = {t: keys(conn, t, w) for t, w in where.items()}
        records = set().union(*(found[t] for t in ("mothers", "screenings", "sessions", "scores")))
        records |= {str(r[0]) for r in conn.execute("SELECT id FROM sites WHERE code = ?", [code])}
        found["audit_log"] = {
            str(r[0])
            for r in conn.execute("SELECT id, record_id FROM audit_log")
            if r[1] in records or r[1] in found["assessments"]
        }
        return found
    finally:
        conn.close()


def concurrent(
    args: argparse.Namespace, owner: str, roles: dict[str, str], env: dict[str, str]
) -> dict[str, Any]:
    import psycopg

    codes = args.sites.split(",")
    work = Path(args.work)
    laptops = []
    for i in range(args.laptops):
        code = codes[i % len(codes)]
        demo = make_demo(
            work / f"laptop{i}_{code}_{args.mothers}.sqlite", args.mothers, 100 + i, code
        )
        laptops.append((copy(demo, work / f"run_laptop{i}.sqlite"), code))
    before = {path: site_keys(path, code) for path, code in laptops}
    first = all_at_once([(p, roles[c]) for p, c in laptops], env)
    second = all_at_once([(p, roles[c]) for p, c in laptops], env)
    result: dict[str, Any] = {"laptops": args.laptops, "mothers_each": args.mothers}
    result["first_round_s"] = round(first, 1)
    result["second_round_s"] = round(second, 1)
    with psycopg.connect(owner) as conn:
        server = {t: keys(conn, t) for t in TABLES if t != "sites"}
        counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in server}
    expected = {t: set().union(*(b[t] for b in before.values())) for t in server}
    result["server_rows"] = sum(counts.values())
    result["lost"] = sum(len(expected[t] - server[t]) for t in server)
    result["doubled"] = sum(counts[t] - len(server[t]) for t in server)
    result["unexpected"] = sum(len(server[t] - expected[t]) for t in server)
    converged = 0
    for path, code in laptops:
        want = {t: set().union(*(before[p][t] for p, c in laptops if c == code)) for t in server}
        if site_keys(path, code) == want:
            converged += 1
    result["laptops_converged"] = converged
    return result


def new_sessions(
    args: argparse.Namespace, roles: dict[str, str], env: dict[str, str]
) -> dict[str, Any]:
    from oxytimer.storage.merge import merge_databases
    from oxytimer.storage.repository import Repository
    from oxytimer.storage.sync import sync

    work = Path(args.work)
    code = args.sites.split(",")[0]
    base = copy(
        make_demo(work / f"alone_{code}_200.sqlite", 200, 300, code), work / "run_alone.sqlite"
    )
    # about args.new_sessions sessions: demo mothers have 5.3 sessions each on average
    mothers = max(1, round(args.new_sessions / 5.3))
    extra = make_demo(work / f"extra_{code}_{mothers}.sqlite", mothers, 301, code)
    os.environ.update(env)
    repo = Repository.open(base, operator="bench")
    sync(repo, roles[code])
    sync(repo)  # in step with the server
    started = time.perf_counter()
    idle = sync(repo)
    idle_s = time.perf_counter() - started
    merge_databases(repo, [extra])
    added = repo.db.execute("SELECT count(*) FROM sessions").fetchone()[0]
    started = time.perf_counter()
    cpu = time.process_time()
    loaded = sync(repo)
    cpu = time.process_time() - cpu
    loaded_s = time.perf_counter() - started
    repo.close()
    sent = loaded.pushed.total_added
    return {
        "laptop_mothers_before": 200,
        "new_sessions": loaded.pushed.added["sessions"],
        "sessions_after": added,
        "rows_sent": sent,
        "sync_s": round(loaded_s, 2),
        "sync_cpu_s": round(cpu, 2),
        "round_trips": loaded.round_trips,
        "nothing_new_s": round(idle_s, 2),
        "nothing_new_round_trips": idle.round_trips,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--laptops", type=int, default=10)
    parser.add_argument("--mothers", type=int, default=1000)
    parser.add_argument("--sites", default="AMP,CKR,DSA")
    parser.add_argument("--new-sessions", type=int, default=1000)
    parser.add_argument("--work", default=str(Path(tempfile.gettempdir()) / "oxytimer-sync-bench"))
    parser.add_argument("--skip-concurrent", action="store_true")
    args = parser.parse_args()
    Path(args.work).mkdir(parents=True, exist_ok=True)
    for old in Path(args.work).glob("run_*"):
        old.unlink()
    pg = _pg_server()
    folder = Path(tempfile.mkdtemp(prefix="oxytimer-sync-pg-"))
    try:
        owner = pg.start(folder)
        from urllib.parse import urlsplit, urlunsplit

        from oxytimer.storage.server import add_site, init_server
        from oxytimer.storage.server_password import save_password

        init_server(owner)
        env = {**os.environ, "PGPASSFILE": str(folder / "pgpass")}
        os.environ["PGPASSFILE"] = env["PGPASSFILE"]
        roles = {}
        parts = urlsplit(owner)
        for code in args.sites.split(","):
            credentials = add_site(owner, code)
            url = urlunsplit(
                parts._replace(netloc=f"{credentials.role}@{parts.hostname}:{parts.port}")
            )
            save_password(url, credentials.password)
            roles[code] = url
        figures: dict[str, Any] = {}
        if not args.skip_concurrent:
            figures["concurrent"] = concurrent(args, owner, roles, env)
            print("concurrent:", figures["concurrent"])
        figures["new_sessions"] = new_sessions(args, roles, env)
        print("new sessions:", figures["new_sessions"])
        print(json.dumps(figures))
    finally:
        pg.stop(folder)


if __name__ == "__main__":
    main()
