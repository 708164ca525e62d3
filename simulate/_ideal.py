"""The ideal detector: what a detector that knew the truth could do at best, to score beside ours.

It fires one minute after each incident's third distinct reporting author (a complaint or a
follow-up, not a repost), at the incident's own postcodes. The simulator knows which posts report
which incident, so it writes these alerts as ``ideal_alerts.jsonl`` (alert events, one
``opened`` per incident) for ``storingsradar replay`` to score side by side.

>>> ideal = IdealDetector()
>>> for t, who in ((0, "a"), (30, "a"), (60, "b"), (90, "c"), (95, "d")):
...     ideal.report("I1", t, who)
>>> ideal.fires_at("I1"), ideal.fires_at("I2")
(150, None)
"""

from collections.abc import Iterator
from datetime import UTC, datetime

import orjson

from simulate._places import Places

#: Event-time seconds from the third distinct report to the ideal alert.
IDEAL_DELAY_S = 60
#: Distinct reporting authors the ideal detector waits for.
IDEAL_AUTHORS = 3


class IdealDetector:
    """Collects each incident's reports (in any order) and says when the ideal alert fires."""

    def __init__(self) -> None:
        self._reports: dict[str, list[tuple[int, str]]] = {}

    def report(self, incident_id: str, created: int, author: str) -> None:
        """One reporting post of an incident: its creation time and author."""
        self._reports.setdefault(incident_id, []).append((created, author))

    def third_report_at(self, incident_id: str) -> int | None:
        """Creation time of the incident's third distinct author's first report."""
        seen: set[str] = set()
        for created, author in sorted(self._reports.get(incident_id, ())):
            if author not in seen:
                seen.add(author)
                if len(seen) == IDEAL_AUTHORS:
                    return created
        return None

    def fires_at(self, incident_id: str) -> int | None:
        """Event time of the ideal alert, ``None`` when the incident never drew 3 authors."""
        third = self.third_report_at(incident_id)
        return None if third is None else third + IDEAL_DELAY_S

    def lines(
        self, incidents: dict[str, tuple[str, tuple[int, ...], tuple[str, ...]]], places: Places
    ) -> Iterator[bytes]:
        """``ideal_alerts.jsonl`` lines; ``incidents``: id -> (utility, area indices, PC4s)."""
        for incident_id in sorted(incidents):
            fired = self.fires_at(incident_id)
            if fired is None:
                continue
            utility, areas, pc4s = incidents[incident_id]
            first = min(created for created, _ in self._reports[incident_id])
            lat = sum(places.areas[a].lat for a in areas) / len(areas)
            lon = sum(places.areas[a].lon for a in areas) / len(areas)
            at = datetime.fromtimestamp(fired, UTC).isoformat().replace("+00:00", "Z")
            event = {
                "alert_id": f"ideal-{incident_id}",
                "status": "opened",
                "utility": utility,
                "postcodes": sorted(pc4s),
                "centroid": {"lat": round(lat, 5), "lon": round(lon, 5)},
                "gemeente": None,
                "first_post_at": datetime.fromtimestamp(first, UTC)
                .isoformat()
                .replace("+00:00", "Z"),
                "detected_at": at,
                "emitted_at": at,
                "reports": IDEAL_AUTHORS,
                "level": 1,
                "score": 0.0,
                "evidence": [],
            }
            yield orjson.dumps(event) + b"\n"
