"""Injected wall clocks: the core reads event time only; wall time stamps ``emitted_at``."""

from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    """Where ``emitted_at`` comes from."""

    def now(self) -> datetime:
        """The current wall-clock time, timezone-aware."""
        ...


class SystemClock:
    """The machine's clock, for the drivers."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock that says what it is told, for tests and reproducible replays.

    >>> FixedClock(datetime(2025, 3, 3, tzinfo=UTC)).now().isoformat()
    '2025-03-03T00:00:00+00:00'
    """

    def __init__(self, at: datetime) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at
