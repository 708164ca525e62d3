"""The first detector: enough distinct authors near each other within a window opens an alert.

Space: two reports are near when their postcodes overlap (a town-level report overlaps every
precise report in that town) or their centroids lie within ``radius_km``. Time: a sliding
event-time window of ``window_s``. An open alert absorbs later nearby reports of its utility
(one incident keeps one id while it spreads) and resolves after ``quiet_s`` without reports, or
when ``restored_authors`` distinct authors say the power or gas is back.
"""

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from detectors._records import Alert, Report, dist_km, utc
from detectors.base import Places
from detectors.borders import Borders, home_region
from detectors.clock import Clock
from detectors.exceptions import StateError
from detectors.windows import DistinctAuthorWindow
from schemas import MAX_EVIDENCE, AlertEvent, AlertStatus, Complaint, Coordinates

#: Footprints whose centroid is remembered; a cache, so it is emptied when full.
CENTROID_CACHE = 20_000

#: Cues from the post itself (its words, its coordinates, or the complaint it answers). With a
#: footprint of at most ``precise_max_pc4s`` they place a report precisely; a profile location,
#: or a name covering a whole city, only says which town.
PRECISE_CUES = frozenset(
    {"pc6", "pc4", "coordinates", "neighbourhood", "place", "hashtag", "place_field", "thread"}
)


@dataclass(frozen=True, slots=True)
class ThresholdConfig:
    """Settings of :class:`ThresholdDetector` (all durations in event-time seconds)."""

    min_authors: int = 3
    #: distinct authors that suffice when at least one of them placed the report precisely
    min_precise_authors: int = 2
    window_s: float = 1800.0
    radius_km: float = 3.0
    quiet_s: float = 3600.0
    precise_max_pc4s: int = 6
    restored_authors: int = 2
    #: an alert open this long (event time) is at least level 2
    level_duration_s: float = 7200.0
    #: a precise report this close to another gemeente's PC4 counts there too (0: never; see
    #: ``detectors.borders``)
    border_km: float = 0.0
    #: an open alert with no report for this long absorbs no more (0: never stops): new reports
    #: near it must make their own case (``_live``)
    lull_s: float = 0.0


class ThresholdDetector:
    """Distinct authors near each other within a window, against a fixed threshold."""

    name = "threshold"

    def __init__(self, places: Places, clock: Clock, config: ThresholdConfig | None = None) -> None:
        self.places = places
        self.clock = clock
        self.config = config or ThresholdConfig()
        self._windows: dict[str, DistinctAuthorWindow[Report]] = {}
        self._open: dict[str, Alert] = {}
        # Town-level reports are filed under one key per town; this finds them from a region
        # and a PC4 (per region, so a worker holding some regions decides as the replay does).
        self._towns: dict[tuple[str, str], set[str]] = {}
        self._town_pc4s: dict[str, tuple[str, ...]] = {}
        self._centroids: dict[tuple[str, ...], tuple[float, float]] = {}
        self._neighbours: dict[str, tuple[str, ...]] = {}
        self.borders = (
            Borders(places, self.config.border_km, self.config.precise_max_pc4s)
            if self.config.border_km > 0
            else None
        )
        self._owns: Callable[[str], bool] | None = None

    def own(self, owns: Callable[[str], bool]) -> None:
        """File and open alerts only in the regions ``owns`` accepts (a live partition's)."""
        self._owns = owns

    # -- the Detector protocol -----------------------------------------------------------
    def process_one(self, complaint: Complaint) -> list[AlertEvent]:
        """Take one complaint (in event-time order) and return the alert events it causes."""
        ts = complaint.created_at.timestamp()
        events = self.advance(ts)
        if not complaint.pc4s or complaint.repost:
            return events
        lat, lon = self._centroid(complaint.pc4s)
        precise = (
            complaint.cue in PRECISE_CUES and len(complaint.pc4s) <= self.config.precise_max_pc4s
        )
        rep = Report(
            ts,
            complaint.post_id,
            complaint.author,
            complaint.utility,
            complaint.pc4s,
            lat,
            lon,
            complaint.confidence * complaint.geo_confidence,
            precise,
            complaint.region,
            complaint.confidence,
        )
        regions: tuple[str, ...] = (complaint.region,)
        if self.borders is not None:
            regions += self.borders.regions(complaint)
        owns = self._owns
        for region in regions:
            if owns is None or owns(region):
                events.extend(self._take(region, rep, restored=complaint.restored))
        return events

    def _take(self, region: str, rep: Report, *, restored: bool) -> list[AlertEvent]:
        if restored:
            return self._restored(region, rep)
        window = self._windows.get(region)
        if window is None:
            window = self._windows[region] = DistinctAuthorWindow(self.config.window_s)
        self._file(region, window, rep)
        alert = self._joinable(region, rep)
        if alert is not None:
            return self._grow(alert, rep)
        return self._maybe_open(region, rep, window)

    def advance(self, ts: float) -> list[AlertEvent]:
        """Resolve every alert that has been quiet for ``quiet_s`` by event time ``ts``."""
        if not self._open:  # the common case, on every post
            return []
        quiet = self.config.quiet_s
        due = [a for a in self._open.values() if a.last_ts + quiet <= ts]
        due.sort(key=lambda a: (a.last_ts, a.alert_id))
        return [self._resolve(a, a.last_ts + quiet) for a in due]

    def to_state(self) -> dict[str, Any]:
        """JSON-compatible state: the reports inside the window and the open alerts."""
        reports: dict[str, list[dict[str, Any]]] = {}
        for region, window in self._windows.items():
            seen: set[str] = set()
            rows = reports.setdefault(region, [])
            for _, _, _, rep in window.events():
                if rep.post_id not in seen:
                    seen.add(rep.post_id)
                    rows.append(asdict(rep))
        return {
            "version": 1,
            "reports": {r: rows for r, rows in reports.items() if rows},
            "open": [asdict(a) for a in self._open.values()],
        }

    def load_state(self, state: dict[str, Any]) -> None:
        """Restore a state written by :meth:`to_state`."""
        if state.get("version") != 1:
            msg = f"unknown threshold detector state version {state.get('version')!r}"
            raise StateError(msg)
        self._windows, self._towns, self._town_pc4s = {}, {}, {}
        try:
            for region, rows in state["reports"].items():
                window = self._windows[region] = DistinctAuthorWindow(self.config.window_s)
                for row in rows:
                    self._file(region, window, Report(**{**row, "pc4s": tuple(row["pc4s"])}))
            self._open = {a["alert_id"]: Alert(**a) for a in state["open"]}
        except (KeyError, TypeError) as exc:
            msg = f"threshold detector state is corrupt: {exc}"
            raise StateError(msg) from exc

    # -- internals -------------------------------------------------------------------------
    def _centroid(self, pc4s: tuple[str, ...]) -> tuple[float, float]:
        c = self._centroids.get(pc4s)
        if c is None:
            # Alerts' footprints are ever new combinations: bound the cache, memory stays flat.
            if len(self._centroids) >= CENTROID_CACHE:
                self._centroids.clear()
            c = self._centroids[pc4s] = self.places.centroid(pc4s)
        return c

    @staticmethod
    def _precise(rep: Report) -> bool:
        return rep.precise

    def _file(self, region: str, window: DistinctAuthorWindow[Report], rep: Report) -> None:
        u = rep.utility
        if self._precise(rep):
            for p in rep.pc4s:
                window.add(rep.ts, f"{u}:{p}", rep.author, rep)
            return
        key = f"{u}:T:{'-'.join(rep.pc4s)}"
        self._town_pc4s[key] = rep.pc4s  # a key names its footprint, the same in every region
        if key not in self._towns.get((region, rep.pc4s[0]), ()):
            for p in rep.pc4s:
                self._towns.setdefault((region, p), set()).add(key)
        window.add(rep.ts, key, rep.author, rep)

    def _near_keys(self, region: str, rep: Report) -> set[str]:
        # Near: the same or a neighbouring PC4, a town-level report of the town, and, through
        # such a report ("storing in Soest?"), any precise report elsewhere in that town.
        # Only a town-level report still in the window links its town: one from days ago would
        # make precise reports kilometres apart one cluster, weighed against the chatter of
        # the whole town (in a city, every report after its first town-wide one).
        u, keys, window = rep.utility, set(), self._windows.get(region)
        for p in rep.pc4s:
            keys.add(f"{u}:{p}")
            for town in self._towns.get((region, p), ()):
                if town.startswith(u) and window is not None and window.count(town):
                    keys.add(town)
                    keys.update(f"{u}:{q}" for q in self._town_pc4s[town])
            if self._precise(rep):
                near = self._neighbours.get(p)
                if near is None:
                    near = self._neighbours[p] = self.places.neighbours(p, self.config.radius_km)
                keys.update(f"{u}:{q}" for q in near)
        return keys

    def _live(self, alert: Alert, region: str, rep: Report) -> bool:
        """Whether ``alert`` may absorb ``rep``: same region and utility, and not in a lull.

        An alert over a whole city, kept open by a report now and then, would otherwise absorb
        the next outage anywhere in that city, and that outage would never raise its own alert.
        """
        lull = self.config.lull_s
        return (
            alert.region == region
            and alert.utility == rep.utility
            and not (0.0 < lull < rep.ts - alert.last_ts)
        )

    def _joinable(self, region: str, rep: Report) -> Alert | None:
        for alert in self._open.values():
            if not self._live(alert, region, rep):
                continue
            lat, lon = self._centroid(tuple(alert.pc4s))
            if dist_km(rep.lat, rep.lon, lat, lon) <= self.config.radius_km or not set(
                rep.pc4s
            ).isdisjoint(alert.pc4s):
                return alert
        return None

    def _maybe_open(
        self, region: str, rep: Report, window: DistinctAuthorWindow[Report]
    ) -> list[AlertEvent]:
        keys = self._near_keys(region, rep)
        if len(window.authors(keys)) < self._floor():
            return []
        cluster = window.items(keys)
        if any(x.home not in ("", region) for x in cluster) and (
            home_region((x.author, x.home or region) for x in cluster) != region
        ):
            # Most of these authors are across the border: their own region raises the alert.
            return []
        score = self._evidence(region, rep, keys, cluster)
        if score is None:
            return []
        authors: dict[str, float] = {}
        for x in cluster:
            authors[x.author] = max(authors.get(x.author, 0.0), x.weight)
        counts: dict[str, int] = {}
        for x in cluster:
            if self._precise(x):
                for p in x.pc4s:
                    counts[p] = counts.get(p, 0) + 1
        precise = sorted(counts)
        pc4s = precise or sorted({p for x in cluster for p in x.pc4s})
        anchor = min(counts, key=lambda p: (-counts[p], p)) if counts else region
        for alert in self._open.values():
            # The cluster holds an open alert's reports (it reached them through a town-wide
            # report): the same incident, so it grows that alert rather than opening another.
            if self._live(alert, region, rep) and not set(alert.pc4s).isdisjoint(pc4s):
                return self._grow(alert, rep)
        alert_id = f"{rep.utility}-{anchor}-{utc(rep.ts):%Y%m%dT%H%M%SZ}"
        evidence: list[str] = []
        seen: set[str] = set()
        for x in cluster:
            if x.author not in seen and len(evidence) < MAX_EVIDENCE:
                seen.add(x.author)
                evidence.append(x.post_id)
        alert = Alert(
            alert_id,
            rep.utility,
            region,
            min(x.ts for x in cluster),
            rep.ts,
            rep.ts,
            authors,
            pc4s,
            precise,
            evidence,
            score=score,
        )
        alert.level = self._level(alert)
        self._open[alert_id] = alert
        return [self._emit(alert, "opened", rep.ts)]

    def _floor(self) -> int:
        """Fewest distinct authors near each other that can open an alert."""
        return self.config.min_precise_authors

    def _evidence(
        self, region: str, rep: Report, keys: set[str], cluster: list[Report]
    ) -> float | None:
        """The alert's score when ``cluster`` (the reports near ``rep``) is enough to open one.

        Fewer than ``min_authors`` suffice when one of them placed the report precisely: the
        others are near it (by their words, their thread or their profile), independent voices.
        """
        if len({x.author for x in cluster}) < self.config.min_authors and not any(
            x.precise for x in cluster
        ):
            return None
        return 0.0

    def _score(self, alert: Alert) -> float:
        """The ``score`` an event carries: here the summed confidence of its authors."""
        return sum(alert.authors.values())

    def _grow(self, alert: Alert, rep: Report) -> list[AlertEvent]:
        alert.last_ts = rep.ts
        new_author = rep.author not in alert.authors
        alert.authors[rep.author] = max(alert.authors.get(rep.author, 0.0), rep.weight)
        if new_author and len(alert.evidence) < MAX_EVIDENCE:
            alert.evidence.append(rep.post_id)
        if self._precise(rep):
            fresh = [p for p in rep.pc4s if p not in alert.precise]
            if fresh:
                alert.precise = sorted([*alert.precise, *fresh])
                alert.pc4s = list(alert.precise)
        level = self._level(alert)
        grew = len(alert.pc4s) != alert.emitted_pc4s
        doubled = len(alert.authors) >= 2 * alert.emitted_reports
        if level != alert.level or grew or doubled:
            alert.level = level
            return [self._emit(alert, "updated", rep.ts)]
        return []

    def _restored(self, region: str, rep: Report) -> list[AlertEvent]:
        for alert in list(self._open.values()):
            if alert.region != region or alert.utility != rep.utility:
                continue
            lat, lon = self._centroid(tuple(alert.pc4s))
            near = dist_km(rep.lat, rep.lon, lat, lon) <= self.config.radius_km or not set(
                rep.pc4s
            ).isdisjoint(alert.pc4s)
            if near and rep.author not in alert.restored:
                alert.restored.append(rep.author)
                if len(alert.restored) >= self.config.restored_authors:
                    return [self._resolve(alert, rep.ts)]
        return []

    def _resolve(self, alert: Alert, ts: float) -> AlertEvent:
        del self._open[alert.alert_id]
        return self._emit(alert, "resolved", ts)

    def _level(self, alert: Alert) -> int:
        # Levels never go down: an operator who escalated does not want to be told "smaller".
        n, spread = len(alert.authors), len(alert.precise)
        long = alert.last_ts - alert.first_ts >= self.config.level_duration_s
        level = 1 + int(n >= 6 or spread >= 3 or long) + int(n >= 20 or spread >= 10)
        return max(level, alert.level)

    def _emit(self, alert: Alert, status: AlertStatus, ts: float) -> AlertEvent:
        alert.emitted_reports = len(alert.authors)
        alert.emitted_pc4s = len(alert.pc4s)
        lat, lon = self._centroid(tuple(alert.pc4s))
        return AlertEvent(
            alert_id=alert.alert_id,
            status=status,
            utility=alert.utility,
            postcodes=tuple(alert.pc4s),
            centroid=Coordinates(lat=round(lat, 5), lon=round(lon, 5)),
            gemeente=self.places.info(alert.pc4s[0]).gemeente,
            first_post_at=utc(alert.first_ts),
            detected_at=utc(ts),
            emitted_at=self.clock.now(),
            reports=len(alert.authors),
            level=alert.level,
            score=round(self._score(alert), 3),
            evidence=tuple(alert.evidence),
        )
