"""Distinct authors per key over a sliding event-time window.

The window is ``(t - width, t]`` in event time. Events must arrive in event-time order (the
:class:`~detectors.ordering.ReorderBuffer` makes them so); memory holds only the events inside
the window, so it stays flat however long the stream runs. Keys are areas (a PC4, a town);
one post may be filed under several keys, and each author counts once per key.

>>> w: DistinctAuthorWindow[str] = DistinctAuthorWindow(width_s=1800)
>>> w.add(0.0, "6821", "a", "p1"), w.add(60.0, "6821", "a", "p2"), w.add(120.0, "6821", "b", "p3")
(1, 1, 2)
>>> w.advance(1860.0); w.count("6821"), w.items(["6821"])
(1, ['p3'])
"""

from collections import deque
from collections.abc import Collection, Iterable
from typing import Generic, TypeVar

from detectors.exceptions import DetectorError

T = TypeVar("T")


class DistinctAuthorWindow(Generic[T]):
    """Counts each author once per key while any of their events is inside the window."""

    __slots__ = ("_authors", "_events", "_last", "width_s")

    def __init__(self, width_s: float) -> None:
        if width_s <= 0:
            msg = f"window width must be positive, got {width_s} s"
            raise DetectorError(msg)
        self.width_s = width_s
        self._events: deque[tuple[float, str, str, T]] = deque()
        # key -> author -> number of that author's events in the window
        self._authors: dict[str, dict[str, int]] = {}
        self._last = float("-inf")

    def add(self, ts: float, key: str, author: str, item: T) -> int:
        """Add one event and return the key's distinct authors after it."""
        if ts < self._last:
            msg = f"event at {ts} arrived after {self._last}: order events before the window"
            raise DetectorError(msg)
        self.advance(ts)
        self._events.append((ts, key, author, item))
        per_key = self._authors.setdefault(key, {})
        per_key[author] = per_key.get(author, 0) + 1
        return len(per_key)

    def advance(self, ts: float) -> None:
        """Move the window's end to ``ts``, forgetting what falls out of it."""
        self._last = max(self._last, ts)
        horizon = self._last - self.width_s
        events = self._events
        while events and events[0][0] <= horizon:
            _, key, author, _ = events.popleft()
            per_key = self._authors[key]
            left = per_key[author] - 1
            if left:
                per_key[author] = left
            else:
                del per_key[author]
                if not per_key:
                    del self._authors[key]

    def count(self, key: str) -> int:
        """Distinct authors of ``key`` in the window."""
        return len(self._authors.get(key, ()))

    def authors(self, keys: Iterable[str]) -> set[str]:
        """Distinct authors over several keys together (an area and its neighbours)."""
        out: set[str] = set()
        for k in keys:
            out.update(self._authors.get(k, ()))
        return out

    def items(self, keys: Collection[str]) -> list[T]:
        """The items filed under any of ``keys``, oldest first, each once."""
        out: list[T] = []
        seen: set[int] = set()
        for _, key, _, item in self._events:
            if key in keys and id(item) not in seen:
                seen.add(id(item))
                out.append(item)
        return out

    def keys(self) -> list[str]:
        """Keys with at least one event in the window."""
        return list(self._authors)

    def events(self) -> list[tuple[float, str, str, T]]:
        """Every event in the window, oldest first (for saving state)."""
        return list(self._events)

    def __len__(self) -> int:
        return len(self._events)

    def __repr__(self) -> str:
        return f"DistinctAuthorWindow(width_s={self.width_s}, events={len(self._events)})"
