"""Event-time order from a stream that is only roughly ordered.

Items wait in a heap until the watermark passes them and leave in ``(ts, tiebreak)`` order,
so any arrival order within the allowed lateness gives the same output. An item older than
what was already released is late: it is refused (and counted by the caller), because
accepting it would rewrite the past.

>>> buf: ReorderBuffer[str] = ReorderBuffer()
>>> buf.push(20.0, "b", "second"), buf.push(10.0, "a", "first")
(True, True)
>>> [item for _, item in buf.release(15.0)]
['first']
>>> buf.push(12.0, "c", "too late")
False
"""

import heapq
from typing import Generic, TypeVar

T = TypeVar("T")


class ReorderBuffer(Generic[T]):
    """A watermark-driven reorder buffer."""

    __slots__ = ("_heap", "_released", "_seq")

    def __init__(self) -> None:
        self._heap: list[tuple[float, str, int, T]] = []
        self._released = float("-inf")
        self._seq = 0  # keeps equal (ts, tiebreak) pairs stable without comparing items

    @property
    def released_to(self) -> float:
        """Event time up to which items have been released."""
        return self._released

    def push(self, ts: float, tiebreak: str, item: T) -> bool:
        """Queue an item; ``False`` (and nothing queued) when it is late."""
        # Equal to the released time is late too: it could no longer be placed in order.
        if ts <= self._released:
            return False
        self._seq += 1
        heapq.heappush(self._heap, (ts, tiebreak, self._seq, item))
        return True

    def release(self, watermark: float) -> list[tuple[float, T]]:
        """Every item at or before ``watermark``, in event-time order."""
        heap = self._heap
        self._released = max(self._released, watermark)
        out: list[tuple[float, T]] = []
        while heap and heap[0][0] <= watermark:
            ts, _, _, item = heapq.heappop(heap)
            out.append((ts, item))
        return out

    def drain(self) -> list[tuple[float, T]]:
        """Release everything (end of input)."""
        if not self._heap:
            return []
        return self.release(max(ts for ts, *_ in self._heap))

    def items(self) -> list[T]:
        """The queued items in release order (for saving state)."""
        return [item for *_, item in sorted(self._heap, key=lambda e: e[:3])]

    def advance_to(self, released: float) -> None:
        """Mark event time up to ``released`` as released (restoring a saved state)."""
        self._released = max(self._released, released)

    def __len__(self) -> int:
        return len(self._heap)
