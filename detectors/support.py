"""Complaints that name no place, kept briefly so they can back up a located one.

Many people who lose power say so without a place: "Hele straat donker @EnexisGroep", "kaarsen
aan, stroom is weg", "@buurman hier ook!". Alone they cannot open an alert anywhere. But when one
report nearby does name a place, a burst of such complaints within minutes of it is evidence
that it is not one person's mistake. :class:`UnlocatedWindow` holds them for ``span_s`` seconds
of event time; the surprise detector counts a few of them towards a located cluster.

>>> w = UnlocatedWindow(300.0)
>>> w.add(0.0, "a", "stroom"); w.add(100.0, "b", "stroom"); w.add(120.0, "c", "gas")
>>> sorted(w.authors(200.0, "stroom")), sorted(w.authors(350.0, "stroom"))
(['a', 'b'], ['b'])
"""

from collections import deque
from typing import Any

from detectors.exceptions import StateError


class UnlocatedWindow:
    """Authors of unlocated complaints per utility over the last ``span_s`` seconds."""

    __slots__ = ("_items", "span_s")

    def __init__(self, span_s: float) -> None:
        self.span_s = span_s
        self._items: deque[tuple[float, str, str]] = deque()

    def add(self, ts: float, author: str, utility: str) -> None:
        """One unlocated complaint at event time ``ts`` (complaints come in event-time order)."""
        self._items.append((ts, author, utility))
        horizon = ts - self.span_s
        items = self._items
        while items and items[0][0] < horizon:
            items.popleft()

    def authors(self, ts: float, utility: str) -> set[str]:
        """Distinct authors of ``utility`` complaints in ``[ts - span_s, ts]``."""
        low = ts - self.span_s
        return {a for t, a, u in self._items if u == utility and low <= t <= ts}

    def to_state(self) -> list[list[Any]]:
        """JSON-compatible rows ``[ts, author, utility]``."""
        return [list(item) for item in self._items]

    def load_state(self, rows: list[list[Any]]) -> None:
        """Restore what :meth:`to_state` wrote."""
        try:
            self._items = deque((float(t), str(a), str(u)) for t, a, u in rows)
        except (TypeError, ValueError) as exc:
            msg = f"unlocated-complaint state is corrupt: {exc}"
            raise StateError(msg) from exc

    def __len__(self) -> int:
        return len(self._items)
