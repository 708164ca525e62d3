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

from typing import Any

from detectors.exceptions import DetectorError, StateError
from detectors.windows import DistinctAuthorWindow


class UnlocatedWindow:
    """Authors of unlocated complaints per utility over the last ``span_s`` seconds.

    The counting and forgetting are :class:`~detectors.windows.DistinctAuthorWindow`'s, keyed
    by utility; ``span_s`` <= 0 keeps nothing (backing is off).
    """

    __slots__ = ("_window", "span_s")

    def __init__(self, span_s: float) -> None:
        self.span_s = span_s
        self._window: DistinctAuthorWindow[None] | None = (
            DistinctAuthorWindow(span_s) if span_s > 0 else None
        )

    def add(self, ts: float, author: str, utility: str) -> None:
        """One unlocated complaint at event time ``ts`` (complaints come in event-time order)."""
        if self._window is not None:
            self._window.add(ts, utility, author, None)

    def authors(self, ts: float, utility: str) -> set[str]:
        """Distinct authors of ``utility`` complaints in the ``span_s`` up to ``ts``."""
        if self._window is None:
            return set()
        self._window.advance(ts)
        return self._window.authors((utility,))

    def to_state(self) -> list[list[Any]]:
        """JSON-compatible rows ``[ts, author, utility]``."""
        if self._window is None:
            return []
        return [[ts, author, utility] for ts, utility, author, _ in self._window.events()]

    def load_state(self, rows: list[list[Any]]) -> None:
        """Restore what :meth:`to_state` wrote."""
        self._window = DistinctAuthorWindow(self.span_s) if self.span_s > 0 else None
        try:
            for ts, author, utility in rows:
                self.add(float(ts), str(author), str(utility))
        except (TypeError, ValueError, DetectorError) as exc:
            msg = f"unlocated-complaint state is corrupt: {exc}"
            raise StateError(msg) from exc

    def __len__(self) -> int:
        return 0 if self._window is None else len(self._window)
