"""The distinct-author window and the reorder buffer."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detectors import DetectorError, DistinctAuthorWindow, ReorderBuffer


class TestWindow:
    """Counting distinct authors over (t - width, t]."""

    def test_one_author_counts_once(self) -> None:
        """Three posts by one author count as one report."""
        w: DistinctAuthorWindow[int] = DistinctAuthorWindow(600)
        assert [w.add(t, "k", "a", t) for t in (0, 10, 20)] == [1, 1, 1]

    def test_events_leave_after_width(self) -> None:
        """An event exactly one width old is out of the window."""
        w: DistinctAuthorWindow[int] = DistinctAuthorWindow(600)
        w.add(0, "k", "a", 0)
        w.add(100, "k", "b", 1)
        w.advance(600)
        assert w.count("k") == 1
        w.advance(700)
        assert w.count("k") == 0 and len(w) == 0 and w.keys() == []

    def test_union_over_keys(self) -> None:
        """Authors over several keys are counted once together."""
        w: DistinctAuthorWindow[int] = DistinctAuthorWindow(600)
        w.add(0, "a", "x", 0)
        w.add(1, "b", "x", 1)
        w.add(2, "b", "y", 2)
        assert w.authors(["a", "b"]) == {"x", "y"}
        assert w.items({"a", "b"}) == [0, 1, 2]

    def test_out_of_order_refused(self) -> None:
        """The window refuses an event older than one it already holds."""
        w: DistinctAuthorWindow[int] = DistinctAuthorWindow(600)
        w.add(10, "k", "a", 0)
        with pytest.raises(DetectorError):
            w.add(5, "k", "b", 1)

    def test_width_must_be_positive(self) -> None:
        """A zero-width window is a configuration error."""
        with pytest.raises(DetectorError):
            DistinctAuthorWindow(0)


events = st.lists(
    st.tuples(st.integers(0, 7200), st.sampled_from("abcdef"), st.sampled_from(["k1", "k2"])),
    min_size=1,
    max_size=60,
)


def _counts_in_order(evs: list[tuple[int, str, str]], width: float) -> list[tuple[int, str, int]]:
    w: DistinctAuthorWindow[int] = DistinctAuthorWindow(width)
    return [(t, k, w.add(t, k, a, i)) for i, (t, a, k) in enumerate(evs)]


class TestWindowProperties:
    """Invariants that hold for any stream."""

    @given(events, st.integers(60, 3600))
    def test_count_is_distinct_authors_in_window(
        self, evs: list[tuple[int, str, str]], width: int
    ) -> None:
        """After each event the count equals a brute-force count of distinct authors."""
        evs = sorted(evs)
        for i, (t, k, n) in enumerate(_counts_in_order(evs, width)):
            brute = {a for (u, a, kk) in evs[: i + 1] if kk == k and u > t - width}
            assert n == len(brute)

    @settings(max_examples=200)
    @given(events, st.integers(0, 300), st.randoms(use_true_random=False))
    def test_order_within_lateness_does_not_matter(
        self, evs: list[tuple[int, str, str]], lateness: int, rnd: random.Random
    ) -> None:
        """Any arrival order within the lateness gives the counts of event-time order."""
        # Tag each event so that equal timestamps have a fixed order (the tiebreak).
        tagged = [(t, f"{i:04d}", a, k) for i, (t, a, k) in enumerate(sorted(evs))]
        # Arrival: each event may be delayed by up to `lateness` seconds of event time.
        arrival = sorted(tagged, key=lambda e: e[0] + rnd.uniform(0, lateness))
        buf: ReorderBuffer[tuple[int, str, str, str]] = ReorderBuffer()
        released: list[tuple[int, str, str, str]] = []
        newest = float("-inf")
        for e in arrival:
            newest = max(newest, e[0])
            # Lateness plus one second: an event exactly `lateness` behind is still on time.
            assert buf.push(e[0], e[1], e)
            released.extend(item for _, item in buf.release(newest - lateness - 1))
        released.extend(item for _, item in buf.drain())
        assert released == sorted(tagged)
        got = _counts_in_order([(t, a, k) for t, _, a, k in released], 1800)
        want = _counts_in_order([(t, a, k) for t, _, a, k in sorted(tagged)], 1800)
        assert got == want


class TestReorderBuffer:
    """Watermark-driven ordering."""

    def test_late_item_refused(self) -> None:
        """An item at or before the released time is refused."""
        buf: ReorderBuffer[str] = ReorderBuffer()
        buf.push(10, "a", "x")
        assert list(buf.release(10)) == [(10, "x")]
        assert not buf.push(10, "b", "y")
        assert not buf.push(3, "c", "z")
        assert buf.push(11, "d", "w")

    def test_ties_broken_by_key(self) -> None:
        """Items with one event time leave in tiebreak order, whatever the push order."""
        buf: ReorderBuffer[str] = ReorderBuffer()
        for key in ("c", "a", "b"):
            buf.push(5, key, key)
        assert [item for _, item in buf.drain()] == ["a", "b", "c"]
