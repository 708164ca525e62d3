"""Event-time helpers: RFC 3339 formatting and Dutch local time without a wall clock."""

import calendar
import time
from datetime import UTC, datetime

_MMSS = [f"{m:02d}:{s:02d}Z" for m in range(60) for s in range(60)]


class Rfc3339:
    """Formats epoch seconds as ``YYYY-MM-DDTHH:MM:SSZ``; caches the hour prefix for speed."""

    __slots__ = ("_hour", "_prefix")

    def __init__(self) -> None:
        self._hour = -1
        self._prefix = ""

    def __call__(self, ts: int) -> str:
        hour = ts // 3600
        if hour != self._hour:
            self._hour = hour
            self._prefix = time.strftime("%Y-%m-%dT%H:", time.gmtime(hour * 3600))
        return self._prefix + _MMSS[ts - hour * 3600]


def to_epoch(dt: datetime) -> int:
    """Whole epoch seconds of an aware datetime."""
    return int(dt.timestamp())


def from_epoch(ts: int) -> datetime:
    """Aware UTC datetime of epoch seconds."""
    return datetime.fromtimestamp(ts, tz=UTC)


def _last_sunday_0100_utc(year: int, month: int) -> int:
    last_day = calendar.monthrange(year, month)[1]
    weekday = calendar.weekday(year, month, last_day)  # Monday == 0
    day = last_day - (weekday + 1) % 7
    return calendar.timegm((year, month, day, 1, 0, 0))


def amsterdam_offset_s(ts: int) -> int:
    """UTC offset of Europe/Amsterdam at ``ts`` (EU rule: CEST from the last Sunday of March
    01:00 UTC to the last Sunday of October 01:00 UTC); computed so no tz database is needed."""
    year = time.gmtime(ts).tm_year
    if _last_sunday_0100_utc(year, 3) <= ts < _last_sunday_0100_utc(year, 10):
        return 7200
    return 3600


def local_hour_and_weekday(ts: int) -> tuple[float, int]:
    """Dutch local hour of day (fractional) and weekday (Monday == 0) of ``ts``."""
    local = time.gmtime(ts + amsterdam_offset_s(ts))
    return local.tm_hour + local.tm_min / 60.0, local.tm_wday
