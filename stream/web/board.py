"""The map's state: the alerts to show, and the browsers to tell when one changes.

Each alert is kept as the JSON the page draws (its postcodes with their centroids, so the page
needs no gazetteer), and every change is queued to each subscriber (one per open page).
"""

import asyncio
from collections.abc import Iterable
from typing import Any

import orjson

import geo
from geo.exceptions import GeoError
from schemas import AlertEvent

#: A page that stops reading loses its updates rather than holding the worker's memory.
SUBSCRIBER_QUEUE = 10_000


def alert_view(event: AlertEvent, points: list[tuple[str, float, float]]) -> dict[str, Any]:
    """What the page shows of an alert."""
    return {
        "alert_id": event.alert_id,
        "status": event.status,
        "utility": event.utility,
        "level": event.level,
        "reports": event.reports,
        "evidence": len(event.evidence),
        "score": round(event.score, 3),
        "gemeente": event.gemeente,
        "postcodes": list(event.postcodes),
        "points": [[pc4, lat, lon] for pc4, lat, lon in points],
        "centroid": [event.centroid.lat, event.centroid.lon],
        "first_post_at": event.first_post_at.isoformat(),
        "detected_at": event.detected_at.isoformat(),
        "emitted_at": event.emitted_at.isoformat(),
    }


class AlertBoard:
    """Open alerts (or, with ``keep_resolved``, every alert's latest state) and subscribers.

    Only touched from one event loop: the web server's and the follower's.
    """

    def __init__(self, gazetteer: geo.Gazetteer, *, keep_resolved: bool = False) -> None:
        self.gazetteer = gazetteer
        self.keep_resolved = keep_resolved
        self.alerts: dict[str, dict[str, Any]] = {}
        self.subscribers: set[asyncio.Queue[bytes]] = set()
        self._points: dict[str, tuple[float, float] | None] = {}

    def _point(self, pc4: str) -> tuple[float, float] | None:
        if pc4 not in self._points:
            try:
                self._points[pc4] = self.gazetteer.centroid([pc4])
            except GeoError:
                self._points[pc4] = None
        return self._points[pc4]

    def apply(self, event: AlertEvent) -> None:
        """Take an alert event and tell every subscriber."""
        points = [(p, *xy) for p in event.postcodes if (xy := self._point(p)) is not None]
        view = alert_view(event, points)
        if event.status == "resolved" and not self.keep_resolved:
            self.alerts.pop(event.alert_id, None)
        else:
            self.alerts[event.alert_id] = view
        self._publish(b"alert", orjson.dumps(view))

    def extend(self, events: Iterable[AlertEvent]) -> None:
        """Take many events (a file, a topic's history)."""
        for event in events:
            self.apply(event)

    def snapshot(self) -> bytes:
        """Every alert shown, as a JSON list."""
        return orjson.dumps(list(self.alerts.values()))

    def subscribe(self) -> asyncio.Queue[bytes]:
        """A queue of server-sent-event frames, starting with the snapshot."""
        queue: asyncio.Queue[bytes] = asyncio.Queue(SUBSCRIBER_QUEUE)
        queue.put_nowait(frame(b"snapshot", self.snapshot()))
        self.subscribers.add(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue[bytes]) -> None:
        """Stop telling ``queue``."""
        self.subscribers.discard(queue)

    def _publish(self, kind: bytes, data: bytes) -> None:
        message = frame(kind, data)
        for queue in list(self.subscribers):
            if queue.full():
                self.subscribers.discard(queue)
                continue
            queue.put_nowait(message)


def frame(kind: bytes, data: bytes) -> bytes:
    """One server-sent event.

    >>> frame(b"alert", b'{"a":1}')
    b'event: alert\\ndata: {"a":1}\\n\\n'
    """
    return b"event: " + kind + b"\ndata: " + data + b"\n\n"
