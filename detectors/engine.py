"""One process driving the whole core in event-time order: what the replay runs.

Posts arrive roughly ordered. The watermark is the newest event time seen minus the allowed
lateness; complaints wait in the :class:`~detectors.stage.Stage` until it passes them, so the
detector sees them in ``(created_at, post_id)`` order whatever order they arrived in within the
lateness. A post older than the watermark is late: counted, never applied. The live worker
drives the same :class:`~detectors.stage.Stage`, one per partition of its complaints topic.
"""

from collections.abc import Callable
from dataclasses import dataclass

from detectors.annotate import Annotator
from detectors.base import Detector
from detectors.exceptions import DetectorError
from detectors.stage import Stage
from schemas import AlertEvent, Complaint, Post


@dataclass(slots=True)
class EngineStats:
    """What passed through the engine."""

    posts: int = 0
    complaints: int = 0
    located: int = 0
    late: int = 0


class Engine:
    """Annotate, then a one-partition :class:`Stage`.

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
        self.lateness_s = lateness_s
        self.stage = Stage(detector, sources=1, on_complaint=on_complaint)
        self._late = 0
        self._posts = 0
        self._newest = float("-inf")

    @property
    def stats(self) -> EngineStats:
        """Posts seen, complaints applied, located complaints, late posts."""
        s = self.stage.stats
        return EngineStats(self._posts, s.complaints, s.located, self._late)

    @property
    def watermark(self) -> float:
        """Event time before which nothing more is accepted."""
        return self.stage.released_to

    def feed(self, post: Post) -> list[AlertEvent]:
        """Take one post; return the alert events that became final because of it."""
        ts = post.created_at.timestamp()
        self._posts += 1
        if ts <= self.stage.released_to:
            self._late += 1
            return []
        complaint = self.annotator.annotate(post)
        if complaint is not None:
            self.stage.offer(complaint)
        if ts > self._newest:
            self._newest = ts
            return self.stage.watermark(0, ts - self.lateness_s)
        return []

    def finish(self) -> list[AlertEvent]:
        """End of input: the one upstream partition is idle at its newest post."""
        return self.stage.watermark(0, self._newest, idle=True)
