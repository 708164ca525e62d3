"""Recently seen post ids, bounded: a reconnect re-sends posts, the topic must not get them twice.

>>> seen = RecentIds(capacity=2)
>>> seen.add("a"), seen.add("b"), seen.add("a"), seen.add("c"), seen.add("b")
(True, True, False, True, True)
"""

from __future__ import annotations

from collections import OrderedDict


class RecentIds:
    """The last ``capacity`` distinct ids, least recently seen evicted first.

    A source re-sends at most minutes of posts after a reconnect (X's backfill, Mastodon's
    catch-up, Jetstream's rewound cursor), far fewer than the default capacity, so the memory
    stays bounded without letting a re-sent post through.
    """

    __slots__ = ("_capacity", "_ids")

    def __init__(self, capacity: int = 100_000) -> None:
        if capacity < 1:
            msg = f"capacity {capacity} must be at least 1"
            raise ValueError(msg)
        self._capacity = capacity
        self._ids: OrderedDict[str, None] = OrderedDict()

    def add(self, key: str) -> bool:
        """Record ``key``; ``True`` when it was not among the recent ids (a new post)."""
        if key in self._ids:
            self._ids.move_to_end(key)
            return False
        self._ids[key] = None
        if len(self._ids) > self._capacity:
            self._ids.popitem(last=False)
        return True

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, key: object) -> bool:
        return key in self._ids
