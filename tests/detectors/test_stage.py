"""Stage two: watermarks over partitions, duplicates, state, and partitioning by region."""

import json
import random

from detectors import FixedClock, Stage, ThresholdDetector, Watermarks
from schemas import AlertEvent, Complaint
from tests.detectors.conftest import GridPlaces, complaint


def stream() -> list[Complaint]:
    """Two regions with an outage each, a town-wide report, replies and noise, over 3 hours."""
    rnd = random.Random(7)
    out = [
        complaint(rnd.uniform(0, 30), f"a{i}", (rnd.choice(["1000", "1001"]),)) for i in range(6)
    ]
    out += [complaint(rnd.uniform(60, 90), f"b{i}", ("1055",), region="GM0002") for i in range(4)]
    out += [complaint(rnd.uniform(0, 180), f"n{i}", (f"10{i}9",)) for i in range(6)]
    out.append(complaint(10, "t", tuple(str(p) for p in range(1000, 1030))))
    return sorted(out, key=lambda c: (c.created_at, c.post_id))


def single(cs: list[Complaint]) -> list[AlertEvent]:
    clock = FixedClock(cs[0].created_at)
    stage = Stage(ThresholdDetector(GridPlaces(), clock))
    out: list[AlertEvent] = []
    for c in cs:
        stage.offer(c)
        out += stage.watermark(0, c.created_at.timestamp() - 60)
    return out + stage.watermark(0, cs[-1].created_at.timestamp(), idle=True)


def key(e: AlertEvent) -> tuple[str, str, str]:
    return (e.alert_id, e.status, e.detected_at.isoformat())


class TestWatermarks:
    """The low watermark over partitions."""

    def test_waits_for_every_partition(self) -> None:
        """Until every partition has reported, nothing is released."""
        w = Watermarks(3)
        assert w.update(0, 10.0) == float("-inf")
        assert w.update(1, 20.0) == float("-inf")
        assert w.update(2, 5.0) == 5.0

    def test_idle_partitions_do_not_hold_back(self) -> None:
        """An idle partition drops out of the minimum; all idle gives the highest."""
        w = Watermarks(2)
        w.update(0, 10.0)
        assert w.update(1, 99.0, idle=True) == 10.0
        assert w.update(0, 50.0, idle=True) == 99.0

    def test_never_goes_back(self) -> None:
        """A partition's watermark is the highest it reported."""
        w = Watermarks(1)
        w.update(0, 10.0)
        assert w.update(0, 3.0) == 10.0


class TestStage:
    """Complaints from several partitions."""

    def test_skewed_partitions_give_the_ordered_result(self) -> None:
        """Two partitions consumed hours apart give the alerts of one ordered stream."""
        cs = stream()
        want = single(cs)
        assert want
        stage = Stage(ThresholdDetector(GridPlaces(), FixedClock(cs[0].created_at)), sources=2)
        parts = [cs[0::2], cs[1::2]]
        got: list[AlertEvent] = []
        for c in parts[0]:  # all of partition 0 first: hours ahead of partition 1
            stage.offer(c)
            got += stage.watermark(0, c.created_at.timestamp())
        assert got == []  # partition 1 has not reported: nothing may be released
        for c in parts[1]:
            stage.offer(c)
            got += stage.watermark(1, c.created_at.timestamp() - 60)
        got += stage.watermark(0, cs[-1].created_at.timestamp(), idle=True)
        got += stage.watermark(1, cs[-1].created_at.timestamp(), idle=True)
        assert [key(e) for e in got] == [key(e) for e in want]

    def test_duplicates_and_late_complaints_counted(self) -> None:
        """A redelivered complaint and one behind the watermark change nothing."""
        cs = stream()
        stage = Stage(ThresholdDetector(GridPlaces(), FixedClock(cs[0].created_at)))
        for c in cs:
            stage.offer(c)
        assert not stage.offer(cs[3])
        stage.watermark(0, cs[-1].created_at.timestamp(), idle=True)
        assert not stage.offer(cs[0].model_copy(update={"post_id": "new"}))
        assert (stage.stats.duplicates, stage.stats.late) == (1, 1)

    def test_state_round_trip_mid_stream(self) -> None:
        """Saving the whole stage as JSON half-way and restoring it changes no event."""
        cs = stream()
        want = single(cs)
        clock = FixedClock(cs[0].created_at)
        first = Stage(ThresholdDetector(GridPlaces(), clock))
        got: list[AlertEvent] = []
        half = len(cs) // 2
        for c in cs[:half]:
            first.offer(c)
            got += first.watermark(0, c.created_at.timestamp() - 60)
        second = Stage(ThresholdDetector(GridPlaces(), clock))
        second.load_state(json.loads(json.dumps(first.to_state())))
        for c in cs[half:]:
            second.offer(c)
            got += second.watermark(0, c.created_at.timestamp() - 60)
        got += second.watermark(0, cs[-1].created_at.timestamp(), idle=True)
        assert got == want


class TestPlacedRoots:
    """A placeless complaint placed by its reply reaches the detector and ``on_complaint``."""

    def test_root_and_reply_open_together(self) -> None:
        """Two authors at one postcode, one of them by the reply that answered it."""
        root = complaint(0, "a", ()).model_copy(update={"region": "", "cue": "none"})
        reply = complaint(1, "b", ("1000",)).model_copy(update={"reply_to": root.post_id})
        seen: list[Complaint] = []
        stage = Stage(
            ThresholdDetector(GridPlaces(), FixedClock(root.created_at)), on_complaint=seen.append
        )
        for c in (root, reply):
            stage.offer(c)
        events = stage.watermark(0, reply.created_at.timestamp(), idle=True)
        assert [e.status for e in events] == ["opened"] and events[0].reports == 2
        assert [(c.post_id, c.pc4s) for c in seen] == [
            (root.post_id, ()),
            (reply.post_id, ("1000",)),
            (root.post_id, ("1000",)),
        ]
        assert stage.stats.placed_roots == 1
