"""One process driving the whole core in event-time order: what the replay runs.

Posts arrive roughly ordered. The watermark is the newest event time seen minus the allowed
lateness; complaints wait in a reorder buffer until the watermark passes them, so the detector
sees them in ``(created_at, post_id)`` order whatever order they arrived in within the
lateness. A post older than the watermark is late: counted, never applied.
"""

from collections.abc import Callable
from dataclasses import dataclass

from detectors.annotate import Annotator
from detectors.base import Detector
from detectors.exceptions import DetectorError
from detectors.ordering import ReorderBuffer
from detectors.threads import ThreadLinker
from schemas import AlertEvent, Complaint, Post


@dataclass(slots=True)
class EngineStats:
    """What passed through the engine."""

    posts: int = 0
    complaints: int = 0
    located: int = 0
    late: int = 0


class Engine:
    """Annotate, order by event time, detect.

    ``on_complaint`` sees every complaint when it leaves the reorder buffer (in order).
    """

    def __init__(
        self,
        annotator: Annotator,
        detector: Detector,
        *,
        lateness_s: float = 180.0,
        on_complaint: Callable[[Complaint], None] | None = None,
    ) -> None:
        if lateness_s < 0:
            msg = f"allowed lateness must not be negative, got {lateness_s} s"
            raise DetectorError(msg)
        self.annotator = annotator
        self.detector = detector
        self.lateness_s = lateness_s
        self.on_complaint = on_complaint
        self.stats = EngineStats()
        self.linker = ThreadLinker()
        self._buffer: ReorderBuffer[Complaint] = ReorderBuffer()
        self._newest = float("-inf")

    @property
    def watermark(self) -> float:
        """Event time before which nothing more is accepted."""
        return self._buffer.released_to

    def feed(self, post: Post) -> list[AlertEvent]:
        """Take one post; return the alert events that became final because of it."""
        ts = post.created_at.timestamp()
        stats = self.stats
        stats.posts += 1
        if ts <= self._buffer.released_to:
            stats.late += 1
            return []
        complaint = self.annotator.annotate(post)
        if complaint is not None:
            self._buffer.push(ts, complaint.post_id, complaint)
        if ts > self._newest:
            self._newest = ts
            return self._release(ts - self.lateness_s)
        return []

    def finish(self) -> list[AlertEvent]:
        """End of input: release everything and let event time reach the newest post."""
        return self._release(self._newest)

    def _release(self, watermark: float) -> list[AlertEvent]:
        if watermark <= self._buffer.released_to:
            return []
        events: list[AlertEvent] = []
        detector = self.detector
        for _, raw in self._buffer.release(watermark):
            complaint = self.linker.link(raw)
            if complaint is None:
                continue
            self.stats.complaints += 1
            if complaint.pc4s:
                self.stats.located += 1
            if self.on_complaint is not None:
                self.on_complaint(complaint)
            events.extend(detector.process_one(complaint))
        events.extend(detector.advance(watermark))
        return events
