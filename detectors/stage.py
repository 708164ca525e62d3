"""Stage two of the core: complaints from any number of upstream partitions into alert events.

Upstream partitions (the posts topic's, or the one posts file of a replay) each report how far
their event time has come: a watermark. The stage's low watermark is the minimum over the
partitions that are active; when every partition is idle, the highest. Complaints wait in a
reorder buffer until the low watermark passes them, then go, in ``(created_at, post_id)`` order,
through the thread linker into the detector. So a backlog whose partitions are consumed hours
apart gives the same alerts as one ordered file. A complaint at or before the low watermark is
late (counted, never applied); one seen before is a duplicate (at-least-once delivery).

The replay drives a stage with one upstream partition; a live worker drives one per partition of
the complaints topic it owns. Both decide identically because every decision is per region:
thread links reach only the reply's own region or posts without one, except replies placed only
by a profile, which every partition receives (see ``threads``).
"""

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from detectors.base import Detector
from detectors.exceptions import StateError
from detectors.ordering import ReorderBuffer
from detectors.threads import ThreadLinker
from schemas import AlertEvent, Complaint

_NEVER = float("-inf")


class Watermarks:
    """The low watermark over a fixed number of upstream partitions.

    >>> w = Watermarks(2)
    >>> w.update(0, 100.0), w.update(1, 50.0), w.update(1, 120.0), w.update(0, 130.0, idle=True)
    (-inf, 50.0, 100.0, 120.0)
    >>> w.update(1, 140.0, idle=True)
    140.0
    >>> Watermarks(1).update(0, float("-inf"), idle=True)  # a partition that never had a post
    -inf
    """

    def __init__(self, sources: int) -> None:
        self.sources = sources
        self._wm: dict[int, float] = {}
        self._idle: dict[int, bool] = {}

    def update(self, source: int, ts: float, *, idle: bool = False) -> float:
        """Record a partition's watermark (it never goes back) and return the low watermark."""
        wm = self._wm.get(source)
        if wm is None or ts > wm:
            self._wm[source] = wm = ts  # a partition that has no post yet reports -inf
        self._idle[source] = idle
        if self.sources == 1:  # the replay, on every post: idle or not, its own watermark
            return wm
        return self.low

    @property
    def low(self) -> float:
        """Event time up to which every partition has delivered; -inf while one is unheard."""
        if len(self._wm) < self.sources:
            return _NEVER
        active = [wm for s, wm in self._wm.items() if not self._idle[s]]
        return min(active) if active else max(self._wm.values())

    def to_state(self) -> dict[str, Any]:
        """JSON-compatible state (``None`` for a partition with no post yet)."""
        return {
            "wm": {str(s): (None if w == _NEVER else w) for s, w in self._wm.items()},
            "idle": {str(s): i for s, i in self._idle.items()},
        }

    def load_state(self, state: dict[str, Any]) -> None:
        """Restore :meth:`to_state`."""
        self._wm = {int(s): _NEVER if w is None else float(w) for s, w in state["wm"].items()}
        self._idle = {int(s): bool(i) for s, i in state["idle"].items()}


@dataclass(slots=True)
class StageStats:
    """What went through a stage."""

    complaints: int = 0
    located: int = 0
    late: int = 0
    duplicates: int = 0
    #: placeless complaints a reply placed (``ThreadLinker.place_root``), counted again there
    placed_roots: int = 0


class Stage:
    """Reorder, deduplicate, link threads, detect."""

    def __init__(
        self,
        detector: Detector,
        *,
        sources: int = 1,
        memory_s: float = 7200.0,
        on_complaint: Callable[[Complaint], None] | None = None,
    ) -> None:
        self.detector = detector
        self.watermarks = Watermarks(sources)
        self.linker = ThreadLinker(ttl_s=memory_s)
        self.stats = StageStats()
        self.on_complaint = on_complaint
        self.memory_s = memory_s
        self._buffer: ReorderBuffer[Complaint] = ReorderBuffer()
        self._seen: dict[str, float] = {}
        self._seen_order: deque[tuple[float, str]] = deque()

    @property
    def released_to(self) -> float:
        """Event time up to which complaints have been applied."""
        return self._buffer.released_to

    def offer(self, complaint: Complaint) -> bool:
        """Queue one complaint; ``False`` when it is late or a duplicate."""
        ts = complaint.created_at.timestamp()
        if complaint.post_id in self._seen:
            self.stats.duplicates += 1
            return False
        if not self._buffer.push(ts, complaint.post_id, complaint):
            self.stats.late += 1
            return False
        self._seen[complaint.post_id] = ts
        self._seen_order.append((ts, complaint.post_id))
        return True

    def watermark(self, source: int, ts: float, *, idle: bool = False) -> list[AlertEvent]:
        """An upstream partition's watermark; returns the alert events it makes final."""
        low = self.watermarks.update(source, ts, idle=idle)
        if low <= self._buffer.released_to:
            return []
        events: list[AlertEvent] = []
        detector = self.detector
        for _, raw in self._buffer.release(low):
            complaint = self.linker.link(raw)
            if complaint is None:
                continue
            self.stats.complaints += 1
            if complaint.pc4s:
                self.stats.located += 1
            if self.on_complaint is not None:
                self.on_complaint(complaint)
            events.extend(detector.process_one(complaint))
            root = self.linker.place_root(complaint)
            if root is not None:
                # The complaint it answers, placed now: the detector takes it as a new report
                # (and ``tune``, which reads what ``on_complaint`` saw, does too).
                self.stats.placed_roots += 1
                if self.on_complaint is not None:
                    self.on_complaint(root)
                events.extend(detector.process_one(root))
        events.extend(detector.advance(low))
        if self._seen_order and self._seen_order[0][0] <= low - self.memory_s:
            self._forget(low - self.memory_s)
        return events

    def _forget(self, horizon: float) -> None:
        order, seen = self._seen_order, self._seen
        while order and order[0][0] <= horizon:
            seen.pop(order.popleft()[1], None)

    def to_state(self) -> dict[str, Any]:
        """JSON-compatible state of the whole stage."""
        return {
            "version": 1,
            "watermarks": self.watermarks.to_state(),
            "released_to": None if self.released_to == _NEVER else self.released_to,
            "buffer": [c.model_dump(mode="json") for c in self._buffer.items()],
            "seen": list(self._seen_order),
            "linker": self.linker.to_state(),
            "detector": self.detector.to_state(),
        }

    def load_state(self, state: dict[str, Any]) -> None:
        """Restore :meth:`to_state`."""
        if state.get("version") != 1:
            msg = f"unknown stage state version {state.get('version')!r}"
            raise StateError(msg)
        self.watermarks.load_state(state["watermarks"])
        self._buffer = ReorderBuffer()
        for row in state["buffer"]:
            c = Complaint.model_validate(row, strict=False)
            self._buffer.push(c.created_at.timestamp(), c.post_id, c)
        if state["released_to"] is not None:
            self._buffer.advance_to(float(state["released_to"]))
        self._seen_order = deque((float(ts), str(pid)) for ts, pid in state["seen"])
        self._seen = {pid: ts for ts, pid in self._seen_order}
        self.linker.load_state(state["linker"])
        self.detector.load_state(state["detector"])
