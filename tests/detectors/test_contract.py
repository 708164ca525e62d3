"""The contract every detector keeps: deterministic, serialisable, no clock, order-free."""

import json
import random
from collections.abc import Callable

import pytest

from detectors import Detector, FixedClock, ThresholdDetector
from schemas import AlertEvent, Complaint
from tests.detectors.conftest import GridPlaces, complaint

DETECTORS: dict[str, Callable[[GridPlaces, FixedClock], Detector]] = {
    "threshold": ThresholdDetector,
}


def stream() -> list[Complaint]:
    """A busy hour: two incidents, a town-level trickle, noise far away, restorations."""
    town = tuple(str(p) for p in range(1000, 1030))
    rnd = random.Random(3)
    cs = [
        complaint(rnd.uniform(0, 20), f"a{i}", (rnd.choice(["1000", "1001", "1011"]),))
        for i in range(8)
    ]
    cs += [complaint(rnd.uniform(10, 40), f"b{i}", ("1077",), utility="gas") for i in range(4)]
    cs += [complaint(rnd.uniform(0, 90), f"t{i}", town) for i in range(3)]
    cs += [complaint(rnd.uniform(0, 200), f"n{i}", (f"10{i}9",)) for i in range(5)]
    cs += [complaint(60 + i, f"a{i}", ("1000",), restored=True) for i in range(2)]
    return sorted(cs, key=lambda c: (c.created_at, c.post_id))


def run(det: Detector, cs: list[Complaint]) -> list[AlertEvent]:
    out: list[AlertEvent] = []
    for c in cs:
        out.extend(det.process_one(c))
    out.extend(det.advance(cs[-1].created_at.timestamp() + 86400))
    return out


@pytest.mark.parametrize("name", sorted(DETECTORS))
class TestDetectorContract:
    """Run over every detector."""

    def test_deterministic(self, name: str, places: GridPlaces, clock: FixedClock) -> None:
        """The same input gives the same events, and the stream raises at least one alert."""
        a = run(DETECTORS[name](places, clock), stream())
        b = run(DETECTORS[name](places, clock), stream())
        assert a == b
        assert {e.status for e in a} >= {"opened", "resolved"}

    def test_state_round_trips(self, name: str, places: GridPlaces, clock: FixedClock) -> None:
        """Stopping half-way, saving state as JSON and restoring gives the same events."""
        cs = stream()
        whole = run(DETECTORS[name](places, clock), cs)
        first = DETECTORS[name](places, clock)
        half = len(cs) // 2
        out = [e for c in cs[:half] for e in first.process_one(c)]
        saved = json.loads(json.dumps(first.to_state()))
        second = DETECTORS[name](places, clock)
        second.load_state(saved)
        out += run(second, cs[half:])
        assert out == whole

    def test_no_hidden_clock(self, name: str, places: GridPlaces, clock: FixedClock) -> None:
        """Only the injected clock stamps ``emitted_at``; decisions do not depend on it."""
        late_clock = FixedClock(clock.now().replace(year=2030))
        a = run(DETECTORS[name](places, clock), stream())
        b = run(DETECTORS[name](places, late_clock), stream())
        assert {e.emitted_at for e in a} == {clock.now()}
        strip = [e.model_copy(update={"emitted_at": clock.now()}) for e in b]
        assert strip == a
