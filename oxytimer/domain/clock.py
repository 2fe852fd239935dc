"""Time sources.

Everything that needs the time takes a :class:`Clock`, so tests move a :class:`FakeClock`
forward instead of sleeping. Durations always come from the monotonic clock; wall-clock
time (UTC) is only used to stamp records.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """A source of monotonic seconds and of the current UTC time."""

    def monotonic(self) -> float:
        """Seconds on a clock that never goes backwards (no meaning of its own)."""
        ...

    def now_utc(self) -> datetime:
        """The current time, timezone-aware, in UTC."""
        ...


class SystemClock:
    """The real clock."""

    def monotonic(self) -> float:
        return time.monotonic()

    def now_utc(self) -> datetime:
        return datetime.now(UTC)


class FakeClock:
    """A clock that only moves when told to; for tests, the demo and benchmarks.

    Args:
        start: the UTC time it shows at first (timezone-aware).
        monotonic_start: the monotonic value it starts from.
    """

    def __init__(self, start: datetime | None = None, monotonic_start: float = 1000.0) -> None:
        self._utc = start or datetime(2026, 1, 5, 6, 0, tzinfo=UTC)
        if self._utc.tzinfo is None:
            raise ValueError("FakeClock needs a timezone-aware start time")
        self._mono = monotonic_start

    def monotonic(self) -> float:
        return self._mono

    def now_utc(self) -> datetime:
        return self._utc

    def advance(self, seconds: float) -> None:
        """Move both clocks forward by ``seconds``."""
        if seconds < 0:
            raise ValueError("a clock does not go backwards")
        self._mono += seconds
        self._utc += timedelta(seconds=seconds)

    def set_utc(self, when: datetime) -> None:
        """Jump the wall clock (e.g. to the next day); the monotonic clock moves with it."""
        delta = (when - self._utc).total_seconds()
        self.advance(max(delta, 0.0))
        if delta < 0:
            self._utc = when


def utc_iso(when: datetime) -> str:
    """Format a UTC time the way records store it: ISO-8601 with an explicit offset."""
    if when.tzinfo is None:
        raise ValueError("naive datetimes are ambiguous; pass a timezone-aware time")
    return when.astimezone(UTC).isoformat(timespec="milliseconds")


def parse_utc(text: str) -> datetime:
    """Parse a stored UTC timestamp."""
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)
