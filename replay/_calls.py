"""Call-based detection: when the phone channel knew about each incident (CONTRACTS.md).

An incident is known by phone when its ``k``-th call arrives within a ``w``-minute sliding
window. The calls that count are those from the incident's PC4s (a PC6 call counts for its PC4),
received between ``started_at`` − 5 min and ``ended_at`` + 30 min (an open incident is taken to
last 12 h), whose utility is empty or the incident's.

It also holds what both channels are judged against: an incident's time window, and which
incidents lie within 3 km of a PC4, asked of a ``Locator`` (``geo.Gazetteer`` is one) rather than
the gazetteer class, so scoring runs on any table of PC4 centroids.
"""

import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from replay.exceptions import ReplayError
from schemas import CallRecord, IncidentRecord, Utility

#: The contract's tolerance around an incident's register times, shared by call counting and
#: alert matching so that both channels are judged over the same span.
BEFORE_START = timedelta(minutes=5)
AFTER_END = timedelta(minutes=30)
#: Registers often leave ``ended_at`` empty for incidents still open when exported.
OPEN_ENDED = timedelta(hours=12)

#: The contract's "near": PC4 centroids within this distance belong to one area.
NEAR_KM = 3.0

DEFAULT_K = 3
DEFAULT_WINDOW_MIN = 15.0
#: Calls kept per incident for the report's timeline strip; counts stay exact.
MAX_TIMELINE_CALLS = 200


def incident_window(incident: IncidentRecord) -> tuple[datetime, datetime]:
    """The span in which calls count for, and alerts match, an incident (both ends inclusive)."""
    end = incident.ended_at or incident.started_at + OPEN_ENDED
    return incident.started_at - BEFORE_START, end + AFTER_END


class Locator(Protocol):
    """What scoring needs from a gazetteer: known PC4s and distances between their centroids."""

    def exists(self, pc4: str) -> bool:
        """Whether the PC4 has a centroid."""
        ...

    def distance_km(self, a: str, b: str) -> float:
        """Great-circle distance between the centroids of two known PC4s."""
        ...


class NearIndex:
    """Which PC4s of a fixed set lie within ``radius_km`` of a PC4, with few distance calls.

    Pivot pruning: by the triangle inequality ``|d(p, x) − d(q, x)| ≤ d(p, q)``, so only PC4s
    whose distances to two fixed pivots are both within the radius of the query's can be near
    it. That needs nothing from the locator but ``distance_km`` and makes a query cost a binary
    search and a few dozen distances instead of one per PC4 in the set. A PC4 without a centroid
    is near only itself. Answers are cached per queried PC4 (at most the ~4,100 PC4s there are).
    """

    def __init__(self, pc4s: Iterable[str], locator: Locator, radius_km: float = NEAR_KM) -> None:
        self._locator, self.radius_km = locator, radius_km
        self._members = set(pc4s)
        known = sorted(p for p in self._members if locator.exists(p))
        self._pivots = ("", "")
        if known:
            # The second pivot far from the first, so the two prune in different directions.
            self._pivots = (known[0], max(known, key=lambda p: locator.distance_km(known[0], p)))
        rows = sorted((*self._to_pivots(p), p) for p in known)
        self._to_a = [a for a, _, _ in rows]
        self._to_b = [b for _, b, _ in rows]
        self._pc4s = [p for _, _, p in rows]
        self._cache: dict[str, tuple[tuple[str, float], ...]] = {}

    def _to_pivots(self, pc4: str) -> tuple[float, float]:
        a, b = self._pivots
        return self._locator.distance_km(a, pc4), self._locator.distance_km(b, pc4)

    def within(self, pc4: str) -> tuple[tuple[str, float], ...]:
        """``(member, km)`` for every member within the radius of ``pc4``, itself included."""
        hit = self._cache.get(pc4)
        if hit is not None:
            return hit
        found: list[tuple[str, float]] = []
        if self._to_a and self._locator.exists(pc4):
            qa, qb = self._to_pivots(pc4)
            r = self.radius_km
            band = r + 1e-6  # rounding must not prune a pair lying exactly on the radius
            for i in range(bisect_left(self._to_a, qa - band), bisect_right(self._to_a, qa + band)):
                if abs(self._to_b[i] - qb) <= band:
                    other = self._pc4s[i]
                    d = 0.0 if other == pc4 else self._locator.distance_km(pc4, other)
                    if d <= r:
                        found.append((other, d))
        elif pc4 in self._members:
            found.append((pc4, 0.0))
        self._cache[pc4] = hit = tuple(found)
        return hit


class IncidentLookup:
    """The incidents near any of some PC4s whose time span holds a given time.

    The span is the incident's window (``incident_window``), opened ``before`` its start when
    that is earlier. Each queried PC4 gets its own time-sorted list of nearby incidents, so a
    lookup costs a binary search plus the few incidents open around that time and place.
    """

    def __init__(
        self,
        incidents: Sequence[IncidentRecord],
        locator: Locator,
        *,
        before: timedelta = BEFORE_START,
        radius_km: float = NEAR_KM,
    ) -> None:
        self._incidents = incidents
        self._spans: list[tuple[datetime, datetime]] = []
        self._by_pc4: dict[str, list[int]] = {}
        for i, inc in enumerate(incidents):
            lo, hi = incident_window(inc)
            self._spans.append((min(lo, inc.started_at - before), hi))
            for pc4 in set(inc.postcodes):
                self._by_pc4.setdefault(pc4, []).append(i)
        self._near = NearIndex(self._by_pc4, locator, radius_km)
        self._timed: dict[str, tuple[list[datetime], list[int], timedelta]] = {}

    def _timed_for(self, pc4: str) -> tuple[list[datetime], list[int], timedelta]:
        timed = self._timed.get(pc4)
        if timed is None:
            near = {i for other, _ in self._near.within(pc4) for i in self._by_pc4[other]}
            order = sorted(near, key=lambda i: (self._spans[i][0], i))
            starts = [self._spans[i][0] for i in order]
            longest = max((self._spans[i][1] - self._spans[i][0] for i in order), default=None)
            timed = self._timed[pc4] = (starts, order, longest or timedelta(0))
        return timed

    def at(self, pc4s: Iterable[str], t: datetime) -> list[IncidentRecord]:
        """Incidents near any of ``pc4s`` open at ``t`` (both span ends inclusive), in order."""
        hits: set[int] = set()
        for pc4 in pc4s:
            starts, order, longest = self._timed_for(pc4)
            # Spans opening more than the longest span before t cannot still be open at t.
            first = bisect_left(starts, t - longest)
            hits.update(i for i in order[first : bisect_right(starts, t)] if t <= self._spans[i][1])
        return [self._incidents[i] for i in sorted(hits)]


def kth_in_window(times: list[datetime], k: int, window: timedelta) -> datetime | None:
    """The time of the first call that completes ``k`` calls within ``window``, inclusive.

    ``times`` must be sorted. Calls exactly ``window`` apart are in one window: a phone desk
    counting "three calls in a quarter hour" counts 08:00 and 08:15 together.

    >>> from datetime import datetime, timedelta, UTC
    >>> t = [datetime(2025, 3, 3, 8, m, tzinfo=UTC) for m in (0, 10, 30, 40, 45)]
    >>> kth_in_window(t, 3, timedelta(minutes=15)).minute
    45
    """
    for i in range(k - 1, len(times)):
        if times[i] - times[i - k + 1] <= window:
            return times[i]
    return None


@dataclass(frozen=True, slots=True)
class CallDetection:
    """How one incident reached the phone line."""

    incident_id: str
    calls: int
    first_call_at: datetime | None
    calls_detected_at: datetime | None
    #: Times of the counted calls, thinned evenly to at most ``MAX_TIMELINE_CALLS``.
    call_times: tuple[datetime, ...]


@dataclass(frozen=True, slots=True)
class PhoneDetection:
    """Call-based detection of every incident, with the options it was computed with."""

    k: int
    window_min: float
    by_incident: Mapping[str, CallDetection]


class CallIndex:
    """Calls grouped by PC4 and sorted by time, built once for all incidents.

    Looking an incident up costs a binary search per PC4 plus the calls it returns, so scoring
    stays fast however long the call log is.
    """

    def __init__(self, calls: Iterable[CallRecord]) -> None:
        grouped: dict[str, list[tuple[datetime, Utility | None]]] = {}
        for call in calls:
            grouped.setdefault(call.pc4, []).append((call.received_at, call.utility))
        self._times: dict[str, list[datetime]] = {}
        self._utilities: dict[str, list[Utility | None]] = {}
        for pc4, rows in grouped.items():
            rows.sort(key=lambda row: row[0])
            self._times[pc4] = [t for t, _ in rows]
            self._utilities[pc4] = [u for _, u in rows]

    def __len__(self) -> int:
        return sum(len(t) for t in self._times.values())

    def times_for(self, incident: IncidentRecord) -> list[datetime]:
        """Sorted receive times of the calls that count for ``incident``."""
        lo, hi = incident_window(incident)
        found: list[datetime] = []
        for pc4 in set(incident.postcodes):
            times = self._times.get(pc4)
            if times is None:
                continue
            utilities = self._utilities[pc4]
            found.extend(
                times[i]
                for i in range(bisect_left(times, lo), bisect_right(times, hi))
                if incident.utility is None or utilities[i] in (None, incident.utility)
            )
        found.sort()
        return found


def detect_by_calls(
    incidents: Iterable[IncidentRecord],
    calls: CallIndex,
    *,
    k: int = DEFAULT_K,
    window_min: float = DEFAULT_WINDOW_MIN,
) -> PhoneDetection:
    """When the phone channel knew each incident: first call and ``k``-th call in ``window_min``.

    An incident without a utility counts calls of either utility.
    """
    if k < 1:
        msg = f"k (calls needed for call-based detection) must be at least 1, got {k}"
        raise ReplayError(msg)
    if not window_min > 0 or math.isinf(window_min):
        msg = f"the call window must be a positive number of minutes, got {window_min}"
        raise ReplayError(msg)
    window = timedelta(minutes=window_min)
    found: dict[str, CallDetection] = {}
    for incident in incidents:
        if incident.incident_id in found:
            msg = (
                f"incident_id {incident.incident_id!r} occurs twice in the incident register; "
                "every incident needs its own id"
            )
            raise ReplayError(msg)
        times = calls.times_for(incident)
        step = max(1, math.ceil(len(times) / MAX_TIMELINE_CALLS))
        found[incident.incident_id] = CallDetection(
            incident_id=incident.incident_id,
            calls=len(times),
            first_call_at=times[0] if times else None,
            calls_detected_at=kth_in_window(times, k, window),
            call_times=tuple(times[::step]),
        )
    return PhoneDetection(k=k, window_min=window_min, by_incident=found)
