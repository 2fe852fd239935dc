"""Laptops, a study server with puskesmas roles, and what each holds of one site."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg

from oxytimer.storage.demo import fill_demo
from oxytimer.storage.repository import Repository
from oxytimer.storage.server import add_site, init_server
from oxytimer.storage.server_password import save_password

RECORDS = (
    "mothers",
    "screenings",
    "sessions",
    "scores",
    "score_items",
    "assessments",
    "assessment_items",
    "audit_log",
)


@dataclass(frozen=True)
class Study:
    owner: str  # the superuser's URL (with its password)
    roles: dict[str, str]  # site code -> the role's URL, no password (it is in PGPASSFILE)
    passwords: dict[str, str]  # site code -> the role's password


def role_url(owner: str, role: str) -> str:
    parts = urlsplit(owner)
    return urlunsplit(parts._replace(netloc=f"{role}@{parts.hostname}:{parts.port}"))


def make_study(owner: str, *codes: str) -> Study:
    init_server(owner)
    roles, passwords = {}, {}
    for code in codes:
        credentials = add_site(owner, code)
        url = role_url(owner, credentials.role)
        save_password(url, credentials.password)
        roles[code] = url
        passwords[code] = credentials.password
    return Study(owner, roles, passwords)


def make_laptop(path: Path, seed: int, code: str, mothers: int = 4) -> Path:
    repo = Repository.open(path)
    try:
        fill_demo(repo, mothers=mothers, seed=seed, site_codes=[code])
    finally:
        repo.close()
    return path


def _rows(cursor: Any) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def site_records(fetch: Any, code: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every record of site ``code`` (and its audit rows), sorted, from ``fetch(sql)``."""
    sites = [r for r in fetch("SELECT * FROM sites") if r["code"] == code]
    site_ids = {r["id"] for r in sites}
    mothers = [r for r in fetch("SELECT * FROM mothers") if r["site_id"] in site_ids]
    mother_ids = {r["id"] for r in mothers}
    out: dict[str, list[dict[str, Any]]] = {"sites": sites, "mothers": mothers}
    for table in ("screenings", "sessions", "assessments"):
        out[table] = [r for r in fetch(f"SELECT * FROM {table}") if r["mother_id"] in mother_ids]
    session_ids = {r["id"] for r in out["sessions"]}
    out["scores"] = [r for r in fetch("SELECT * FROM scores") if r["session_id"] in session_ids]
    score_ids = {r["id"] for r in out["scores"]}
    out["score_items"] = [
        r for r in fetch("SELECT * FROM score_items") if r["score_id"] in score_ids
    ]
    assessment_ids = {r["id"] for r in out["assessments"]}
    out["assessment_items"] = [
        r for r in fetch("SELECT * FROM assessment_items") if r["assessment_id"] in assessment_ids
    ]
    ids = {
        "sites": site_ids,
        "mothers": mother_ids,
        "sessions": session_ids,
        "scores": score_ids,
        "screenings": {r["id"] for r in out["screenings"]},
        "assessments": assessment_ids,
    }
    out["audit_log"] = [
        r
        for r in fetch("SELECT * FROM audit_log")
        if r["record_id"] in ids.get(r["table_name"], set())
    ]
    return {
        t: sorted((tuple(sorted(r.items())) for r in rows), key=repr) for t, rows in out.items()
    }


def laptop_records(path: Path, code: str) -> dict[str, list[tuple[Any, ...]]]:
    with sqlite3.connect(path) as conn:
        return site_records(lambda sql: _rows(conn.execute(sql)), code)


def server_records(url: str, code: str) -> dict[str, list[tuple[Any, ...]]]:
    with psycopg.connect(url) as conn:
        return site_records(lambda sql: _rows(conn.execute(sql)), code)


def count(path: Path, sql: str) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute(sql).fetchone()[0])


def count_text(path: Path, sql: str) -> str:
    with sqlite3.connect(path) as conn:
        return str(conn.execute(sql).fetchone()[0])


def running_session(repo: Repository, code: str) -> str:
    """A new mother here with a session running (its heartbeat is not audited)."""
    mother = repo.add_mother(
        repo.site_id(code),
        f"{code}-R{repo.db.execute('SELECT tag FROM laptop').fetchone()[0]}",
        age=25,
    )
    return repo.start_session(
        mother_id=mother,
        caregiver="husband",
        planned_seconds=240,
        pre_total=1,
        pre_items={"drips_when_pressed": True, "full_before_feed": False},
        pre_category="kurang",
        min_total=0,
        max_total=8,
        protocol_version="1.0.0",
        instrument_version="1.0.0",
    )
