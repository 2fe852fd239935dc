"""Realistic synthetic data for exploring the Summary tab and for benchmarks.

``oxytimer --db PATH demo --mothers N --seed S`` writes, through :class:`Repository`:

* the sites of ``resources/sites.toml``;
* the laptop tag of the seed (:func:`oxytimer.domain.study_codes.demo_tag`: seed 1 is
  laptop ``DA``, seed 2 ``DB`` ...), so two demo databases stand for two laptops and
  merge without a conflict; study codes are the ones the enrolment form suggests
  (``MTR-DA001``);
* N mothers enrolled over a study period (N/3 days, from 10 to 365), spread over the
  sites, screened with the shipped criteria (about 3 % screened out), aged and employed in
  the study's proportions (Tables 1–2 of the Mataram study: 30 % under 20, 70 % 20–35;
  80 % not working, 7 % traders, 10 % labourers/farmers, 3 % self-employed);
* for each mother, twice-daily sessions over three days from her first postpartum day,
  timed with a :class:`FakeClock`: about 7 % of slots missed, 3 % of sessions aborted,
  some left awaiting a post-score or closed incomplete; mostly given by the husband
  (70 %), else a midwife (20 %) or another family member;
* the study's two measurements (issue 12): a baseline assessment (the whole checklist)
  ten minutes before each mother's first session, mostly Kurang (0–2), and, for mothers
  whose follow-up was closed, an end assessment after her last session, mostly Cukup
  (3–5); around each session the short session check (the items that can change within
  a session), its totals scaled from the same underlying scores, which rise slowly over
  the days; the items answered to match each total;
* the study period ends now (the repository's clock): mothers enrolled in the last three
  days are still being followed (sessions up to an hour ago, the last sometimes awaiting
  its post-score); of the others, 5 % withdrew after day 2 and the rest had their
  follow-up closed after day 3.

Two write paths give the same records:

* per record (the default up to :data:`BULK_THRESHOLD` mothers): the public API —
  :meth:`Repository.enrol`, :meth:`~Repository.start_session`,
  :meth:`~Repository.update_session_progress`, :meth:`~Repository.record_post_score`,
  :meth:`~Repository.close_follow_up` … — each with its checks and audit rows, the clock
  moved to each record's time;
* bulk (for 100,000 mothers): the same values, checked by the same domain functions
  (screening, instrument scoring), inserted in their final state with
  :meth:`Repository.insert_many`, which writes one ``insert`` audit row per record. The
  per-record path asks for each mother's code as the enrolment form does.

Everything goes in one outer transaction: a failure leaves the database as it was.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any, Final

from oxytimer.domain.clock import FakeClock, utc_iso
from oxytimer.domain.eligibility import Criteria, load_criteria, screen
from oxytimer.domain.instrument import Instrument, load_instrument
from oxytimer.domain.protocol import MassageProtocol, load_protocol
from oxytimer.domain.registry import Enrolment
from oxytimer.domain.sites import load_sites
from oxytimer.domain.study_codes import demo_tag, format_study_code
from oxytimer.storage.laptop import laptop_tag, set_laptop_tag
from oxytimer.storage.repository import Repository, new_id

BULK_THRESHOLD: Final = 2000
"""Above this many mothers the CLI uses the bulk path by default."""

MATARAM: Final = timezone(timedelta(hours=8), "WITA")
"""Local time of the study's sites (Asia/Makassar, no daylight saving)."""


AGE_GROUPS: Final = ((0.30, 17, 19), (0.70, 20, 35))
OCCUPATIONS: Final = (
    ("not_working", 0.80),
    ("trader", 0.07),
    ("labourer_farmer", 0.10),
    ("self_employed", 0.03),
)
CAREGIVERS: Final = (("husband", 0.70), ("midwife", 0.20), ("family", 0.10))
SLOT_START: Final = {"morning": time(7, 0), "evening": time(17, 0)}


class DemoError(RuntimeError):
    """The demo cannot be written (e.g. the database already holds demo mothers)."""


@dataclass(frozen=True)
class DemoReport:
    """What :func:`fill_demo` wrote."""

    mothers: int
    screened_out: int
    sessions: int
    audit_rows: int


@dataclass
class _SessionPlan:
    start: datetime
    slot: str
    caregiver: str
    planned_seconds: int
    pre: int
    post: int | None
    outcome: str  # completed, aborted, awaiting_post, incomplete


@dataclass
class _MotherPlan:
    site_code: str
    study_code: str
    enrolled: datetime
    age: int
    occupation: str
    eligible_answers: dict[str, bool]
    ending: str  # closed, withdrawn, enrolled
    sessions: list[_SessionPlan] = field(default_factory=list)


def _pick(rng: random.Random, table: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([v for v, _ in table], weights=[w for _, w in table])[0]


def _clip(value: float, low: int, high: int) -> int:
    return max(low, min(high, round(value)))


def _plans(
    n: int,
    seed: int,
    tag: str,
    site_codes: list[str],
    criteria: Criteria,
    protocol: MassageProtocol,
    now: datetime,
) -> Iterator[_MotherPlan]:
    rng = random.Random(seed)
    span = min(365, max(10, n // 3))
    first_day = now.astimezone(MATARAM).date() - timedelta(days=span)
    minutes = protocol.allowed_minutes()
    per_site: dict[str, int] = {}
    for i in range(n):
        site = site_codes[rng.randrange(len(site_codes))]
        per_site[site] = per_site.get(site, 0) + 1
        day = first_day + timedelta(days=i * span // n)
        enrolled = datetime.combine(day, time(8, 0), MATARAM) + timedelta(
            minutes=rng.randrange(0, 50)
        )
        _share, low, high = AGE_GROUPS[0] if rng.random() < AGE_GROUPS[0][0] else AGE_GROUPS[1]
        age = rng.randint(low, high)
        answers = {c.id: c.kind == "inclusion" for c in criteria.all}
        if rng.random() < 0.03:
            failing = rng.choice(criteria.all)
            answers[failing.id] = not answers[failing.id]
        roll = rng.random()
        ending = "withdrawn" if roll < 0.05 else "closed"
        if enrolled + timedelta(days=3) > now:
            ending = "enrolled"  # still being followed
        plan = _MotherPlan(
            site_code=site,
            study_code=format_study_code(site, tag, per_site[site]),
            enrolled=enrolled,
            age=age,
            occupation=_pick(rng, OCCUPATIONS),
            eligible_answers=answers,
            ending=ending,
        )
        if all(answers[c.id] for c in criteria.inclusion) and not any(
            answers[c.id] for c in criteria.exclusion
        ):
            plan.sessions = _sessions(rng, day, ending, minutes, now)
        yield plan


def _sessions(
    rng: random.Random, first: date, ending: str, minutes: tuple[int, ...], now: datetime
) -> list[_SessionPlan]:
    response = rng.gauss(0.0, 1.0)
    caregiver = _pick(rng, CAREGIVERS)
    planned = 60 * (rng.choice(minutes) if rng.random() < 0.3 else minutes[len(minutes) // 2])
    days = 2 if ending == "withdrawn" else 3
    out: list[_SessionPlan] = []
    for k in range(days * 2):
        if rng.random() < 0.07:
            continue  # missed slot
        day = first + timedelta(days=k // 2)
        slot = "morning" if k % 2 == 0 else "evening"
        start = datetime.combine(day, SLOT_START[slot], MATARAM) + timedelta(
            minutes=rng.randrange(0, 150)
        )
        pre = _clip(rng.gauss(0.75 + 0.15 * k, 0.65), 0, 8)
        post = _clip(pre + rng.gauss(3.0 + 0.35 * response, 0.7), 0, 8)
        roll = rng.random()
        outcome = "completed"
        if roll < 0.03:
            outcome = "aborted"
        elif roll < 0.045:
            outcome = "incomplete"
        giver = caregiver if rng.random() < 0.85 else _pick(rng, CAREGIVERS)
        if start < now - timedelta(hours=1):
            out.append(_SessionPlan(start, slot, giver, planned, pre, post, outcome))
    if out and ending == "enrolled" and rng.random() < 0.3:
        out[-1].outcome = "awaiting_post"  # the last post-score is still to be recorded
    for s in out:
        if s.outcome != "completed":
            s.post = None
    return out


def _assessment_totals(plan: _MotherPlan, high: int) -> tuple[int | None, int | None]:
    """Her baseline (her first session's pre-score) and, when her follow-up was closed,
    her end assessment (her last post-score, else her last pre-score plus three)."""
    if not plan.sessions:
        return None, None
    baseline = plan.sessions[0].pre
    if plan.ending != "closed":
        return baseline, None
    posts = [s.post for s in plan.sessions if s.post is not None]
    return baseline, posts[-1] if posts else min(plan.sessions[-1].pre + 3, high)


def _scaled(total: int, check: Instrument, instrument: Instrument) -> int:
    """A full-checklist total on the session check's range."""
    return round(total * check.max_total / instrument.max_total)


def _items(instrument: Instrument, total: int, rng: random.Random) -> dict[str, bool]:
    ids = [item.id for item in instrument.items]
    yes = set(rng.sample(ids, total))
    return {i: i in yes for i in ids}


def fill_demo(
    repo: Repository,
    *,
    mothers: int,
    seed: int = 1,
    bulk: bool = False,
    instrument: Instrument | None = None,
    protocol: MassageProtocol | None = None,
    site_codes: Sequence[str] | None = None,
) -> DemoReport:
    """Write ``mothers`` synthetic mothers with their sessions (see the module docstring).

    Args:
        repo: An open repository; its clock is replaced by a :class:`FakeClock` while
            writing and restored afterwards.
        mothers: How many mothers to enrol (screened-out ones included).
        seed: The random seed; the same seed gives the same records (ids aside).
        bulk: Use the bulk path (:meth:`Repository.insert_many`).
        instrument: The scoring instrument (default: the shipped one).
        protocol: The massage protocol (default: the shipped one).
        site_codes: Enrol at these sites only (default: every shipped site), as the
            laptops of one puskesmas do.

    Returns:
        Counts of what was written.

    Raises:
        DemoError: The database already holds this seed's mothers, or has another
            laptop's tag.
    """
    instrument = instrument or load_instrument()
    protocol = protocol or load_protocol()
    criteria = load_criteria()
    sites = load_sites()
    repo.ensure_sites([(s.code, s.name) for s in sites])
    site_ids = {s["code"]: s["id"] for s in repo.sites()}
    codes = [s.code for s in sites if s.code in site_ids]
    if site_codes is not None:
        codes = [c for c in codes if c in site_codes]
    tag = demo_tag(seed)
    current = laptop_tag(repo.db)
    if current is not None and current != tag:
        raise DemoError(
            f"this database's laptop tag is {current}; demo seed {seed} enrols as laptop"
            f" {tag}: use a new file"
        )
    if repo.db.execute(
        "SELECT 1 FROM mothers WHERE study_code GLOB ? LIMIT 1", [f"*-{tag}[0-9]*"]
    ).fetchone():
        raise DemoError(f"the database already holds demo mothers (laptop {tag}); use a new file")
    set_laptop_tag(repo.db, tag, repo._now())
    audit_before = repo.db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    saved_clock, saved_operator = repo.clock, repo.operator
    clock = FakeClock(datetime(2026, 1, 4, 22, 0, tzinfo=UTC))
    repo.clock, repo.operator = clock, "demo"
    rng = random.Random(seed + 1)
    plans = _plans(mothers, seed, tag, codes, criteria, protocol, saved_clock.now_utc())
    try:
        with repo.db.atomic():
            if bulk:
                counts = _write_bulk(
                    repo, clock, plans, site_ids, instrument, protocol, criteria, rng
                )
            else:
                counts = _write_per_record(
                    repo, clock, plans, site_ids, instrument, protocol, criteria, rng
                )
    finally:
        repo.clock, repo.operator = saved_clock, saved_operator
    audit_after = repo.db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    return DemoReport(counts[0], counts[1], counts[2], audit_after - audit_before)


def _end(plan: _MotherPlan) -> datetime:
    """When a closed or withdrawn mother's follow-up ended."""
    last = plan.sessions[-1].start if plan.sessions else plan.enrolled
    if plan.ending == "closed":
        return max(last + timedelta(hours=1), plan.enrolled + timedelta(days=3))
    return last + timedelta(hours=1)


def _move(clock: FakeClock, when: datetime) -> None:
    clock.set_utc(when.astimezone(UTC))


def _close(repo: Repository, clock: FakeClock, mother_id: str, ending: str, end: datetime) -> None:
    _move(clock, end)
    if ending == "closed":
        repo.close_follow_up(mother_id, "three days of follow-up completed")
    else:
        repo.withdraw(mother_id, "moved away from the area", clock.now_utc().astimezone().date())


def _write_per_record(
    repo: Repository,
    clock: FakeClock,
    plans: Iterator[_MotherPlan],
    site_ids: dict[str, str],
    instrument: Instrument,
    protocol: MassageProtocol,
    criteria: Criteria,
    rng: random.Random,
) -> tuple[int, int, int]:
    from oxytimer.storage.assessments import record_assessment

    n_mothers = n_out = n_sessions = 0
    full = instrument
    instrument = full.session_check()  # around sessions: the session check only
    lo, hi = instrument.min_total, instrument.max_total

    def assess(mother_id: str, kind: str, total: int) -> None:
        result = full.score(_items(full, total, rng))
        record_assessment(
            repo,
            mother_id,
            kind,
            total=result.total,
            items=result.answers,
            category=result.category,
            min_total=full.min_total,
            max_total=full.max_total,
            instrument_version=full.version,
            instrument=full,
        )

    for plan in plans:
        _move(clock, plan.enrolled)
        born = plan.enrolled.date() - timedelta(days=1)
        today = clock.now_utc().astimezone().date()  # the repository's "today"
        site_id = site_ids[plan.site_code]
        mother_id = repo.enrol(
            Enrolment(
                site_id=site_id,
                study_code=repo.suggest_study_code(site_id),  # as the enrolment form does
                age=plan.age,
                occupation=plan.occupation,
                parity="primipara",
                delivery_date=born,
                delivery_type="normal",
                lives_with_husband=True,
                consent=True,
                consent_date=max(born, min(plan.enrolled.date(), today)),
            ),
            criteria,
            plan.eligible_answers,
        )
        n_mothers += 1
        if not plan.sessions:
            n_out += 1
            continue
        baseline, end = _assessment_totals(plan, full.max_total)
        _move(clock, plan.sessions[0].start - timedelta(minutes=10))
        assert baseline is not None
        assess(mother_id, "baseline", baseline)
        for s in plan.sessions:
            _move(clock, s.start)
            pre = instrument.score(_items(instrument, _scaled(s.pre, instrument, full), rng))
            session_id = repo.start_session(
                mother_id=mother_id,
                caregiver=s.caregiver,
                planned_seconds=s.planned_seconds,
                pre_total=pre.total,
                pre_items=pre.answers,
                pre_category=None,
                min_total=lo,
                max_total=hi,
                protocol_version=protocol.version,
                instrument_version=instrument.version,
                instrument=instrument,
                slot=s.slot,
                design="session_check",
            )
            n_sessions += 1
            if s.outcome == "aborted":
                done = float(rng.randrange(30, s.planned_seconds // 2))
                clock.advance(done)
                repo.update_session_progress(
                    session_id,
                    status="aborted",
                    massage_seconds=done,
                    paused_seconds=0.0,
                    pause_count=0,
                    abort_reason="ibu lelah (mother tired)",
                )
                continue
            clock.advance(s.planned_seconds)
            repo.update_session_progress(
                session_id,
                status="awaiting_post",
                massage_seconds=float(s.planned_seconds),
                paused_seconds=0.0,
                pause_count=0,
            )
            clock.advance(120)
            if s.outcome == "incomplete":
                repo.close_incomplete(session_id, "post-score not taken (mother asleep)")
            elif s.outcome == "completed" and s.post is not None:
                post = instrument.score(_items(instrument, _scaled(s.post, instrument, full), rng))
                repo.record_post_score(
                    session_id,
                    total=post.total,
                    items=post.answers,
                    category=None,
                    min_total=lo,
                    max_total=hi,
                    instrument_version=instrument.version,
                    instrument=instrument,
                )
        if end is not None:  # after her last session, before her follow-up is closed
            _move(clock, _end(plan) - timedelta(minutes=5))
            assess(mother_id, "end", end)
        if plan.ending in ("closed", "withdrawn"):
            _close(repo, clock, mother_id, plan.ending, _end(plan))
    return n_mothers, n_out, n_sessions


def _write_bulk(
    repo: Repository,
    clock: FakeClock,
    plans: Iterator[_MotherPlan],
    site_ids: dict[str, str],
    instrument: Instrument,
    protocol: MassageProtocol,
    criteria: Criteria,
    rng: random.Random,
) -> tuple[int, int, int]:
    import json

    n_mothers = n_out = n_sessions = 0
    full = instrument
    instrument = full.session_check()  # around sessions: the session check only
    lo, hi = instrument.min_total, instrument.max_total
    endings: list[tuple[str, str, datetime]] = []
    tables: dict[str, list[dict[str, Any]]] = {
        t: []
        for t in (
            "mothers",
            "screenings",
            "sessions",
            "scores",
            "score_items",
            "assessments",
            "assessment_items",
        )
    }
    stamps = {
        "mothers": "enrolled_at",
        "screenings": "screened_at",
        "sessions": "started_at",
        "scores": "recorded_at",
        "assessments": "recorded_at",
    }

    def assess(mother_id: str, kind: str, total: int, at: datetime) -> None:
        result = full.score(_items(full, total, rng))
        assessment_id = new_id()
        tables["assessments"].append(
            {
                "id": assessment_id,
                "mother_id": mother_id,
                "kind": kind,
                "instrument_version": full.version,
                "total": result.total,
                "min_total": full.min_total,
                "max_total": full.max_total,
                "category": result.category,
                "recorded_at": utc_iso(at),
                "source": "demo",
                "operator": repo.operator,
            }
        )
        tables["assessment_items"].extend(
            {"assessment_id": assessment_id, "item_id": k, "value": int(v)}
            for k, v in result.answers.items()
        )

    def flush() -> None:
        for table, rows in tables.items():
            repo.insert_many(table, rows, stamp=stamps.get(table))
            rows.clear()

    def score(session_id: str, kind: str, total: int, at: datetime) -> None:
        result = instrument.score(_items(instrument, _scaled(total, instrument, full), rng))
        score_id = new_id()
        tables["scores"].append(
            {
                "id": score_id,
                "session_id": session_id,
                "kind": kind,
                "instrument_version": instrument.version,
                "total": result.total,
                "min_total": lo,
                "max_total": hi,
                "category": None,
                "recorded_at": utc_iso(at),
            }
        )
        tables["score_items"].extend(
            {"score_id": score_id, "item_id": k, "value": int(v)} for k, v in result.answers.items()
        )

    for plan in plans:
        mother_id = new_id()
        enrolled = utc_iso(plan.enrolled)
        day = plan.enrolled.date().isoformat()
        born = (plan.enrolled.date() - timedelta(days=1)).isoformat()
        result = screen(criteria, plan.eligible_answers)
        failed = [c.id for c in result.failed]
        status, reason, status_date = "enrolled", None, None
        if not result.eligible:
            status, reason, status_date = "screened_out", ", ".join(failed), day
        elif plan.ending in ("closed", "withdrawn"):
            endings.append((mother_id, plan.ending, _end(plan)))
        tables["mothers"].append(
            {
                "id": mother_id,
                "site_id": site_ids[plan.site_code],
                "study_code": plan.study_code,
                "name": None,
                "age": plan.age,
                "occupation": plan.occupation,
                "parity": "primipara",
                "delivery_date": born,
                "delivery_type": "normal",
                "lives_with_husband": 1,
                "consent": 1,
                "consent_date": day,
                "status": status,
                "status_reason": reason,
                "status_date": status_date,
                "locked": 0,
                "enrolled_at": enrolled,
            }
        )
        tables["screenings"].append(
            {
                "id": new_id(),
                "mother_id": mother_id,
                "criteria_version": criteria.version,
                "answers": json.dumps(plan.eligible_answers),
                "eligible": int(result.eligible),
                "failed": json.dumps(failed),
                "screened_at": enrolled,
                "operator": repo.operator,
            }
        )
        n_mothers += 1
        if not result.eligible:
            n_out += 1
        baseline, end = _assessment_totals(plan, full.max_total)
        if result.eligible and baseline is not None:
            assess(mother_id, "baseline", baseline, plan.sessions[0].start - timedelta(minutes=10))
        for s in plan.sessions if result.eligible else ():
            session_id = new_id()
            started = s.start
            if s.outcome == "aborted":
                massage = float(rng.randrange(30, s.planned_seconds // 2))
            else:
                massage = float(s.planned_seconds)
            ended = started + timedelta(seconds=massage)
            tables["sessions"].append(
                {
                    "id": session_id,
                    "mother_id": mother_id,
                    "caregiver": s.caregiver,
                    "planned_seconds": s.planned_seconds,
                    "protocol_version": protocol.version,
                    "instrument_version": instrument.version,
                    "status": s.outcome,
                    "slot": s.slot,
                    "started_at": utc_iso(started),
                    "ended_at": None if s.outcome == "awaiting_post" else utc_iso(ended),
                    "massage_seconds": massage,
                    "paused_seconds": 0.0,
                    "pause_count": 0,
                    "progress_at": utc_iso(ended),
                    "abort_reason": "ibu lelah (mother tired)" if s.outcome == "aborted" else None,
                    "close_reason": (
                        "post-score not taken (mother asleep)"
                        if s.outcome == "incomplete"
                        else None
                    ),
                    "source": "demo",
                    "operator": repo.operator,
                    "design": "session_check",
                }
            )
            score(session_id, "pre", s.pre, started)
            if s.outcome == "completed" and s.post is not None:
                score(session_id, "post", s.post, ended + timedelta(seconds=120))
            n_sessions += 1
        if result.eligible and end is not None:
            assess(mother_id, "end", end, _end(plan) - timedelta(minutes=5))
        if len(tables["score_items"]) >= 200_000:
            flush()
    flush()
    # Closing and withdrawing through the public API: the status change, the lock and
    # their audit rows at the time follow-up ended, as in the per-record path.
    for mother_id, ending, ended in endings:
        _close(repo, clock, mother_id, ending, ended)
    return n_mothers, n_out, n_sessions
