"""The contract every detector keeps: deterministic, serialisable, no clock, order-free."""

import json
import random
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detectors import (
    Baseline,
    Detector,
    DetectorSettings,
    FixedClock,
    Stage,
    SurpriseConfig,
    SurpriseDetector,
    ThresholdDetector,
)
from schemas import AlertEvent, Complaint
from tests.detectors.conftest import GridPlaces, complaint

#: A baseline for the grid: a busy centre (1000-1011) and quiet elsewhere, busier by day.
GRID_BASELINE = Baseline(
    hours=336.0,
    region_rate={"GM0001": 0.4},
    pc4_share={"1000": 0.3, "1001": 0.2, "1011": 0.1},
    unseen_share={"GM0001": 0.001},
    profile=tuple(1.5 if 8 <= h % 24 < 22 else 0.3 for h in range(168)),
)

DETECTORS: dict[str, Callable[[GridPlaces, FixedClock], Detector]] = {
    "threshold": ThresholdDetector,
    "surprise": lambda places, clock: SurpriseDetector(places, clock, baseline=GRID_BASELINE),
    "surprise-support": lambda places, clock: SurpriseDetector(
        places,
        clock,
        SurpriseConfig(support_s=600.0, max_support=2),
        GRID_BASELINE.model_copy(update={"unlocated_rate": {"stroom": 0.01}}),
    ),
    "surprise-burst-tagged": lambda places, clock: SurpriseDetector(
        places,
        clock,
        SurpriseConfig(burst_s=300.0, tagged_s=600.0),
        GRID_BASELINE.model_copy(update={"unlocated_rate": {"stroom@stedin": 0.01}}),
    ),
    "settings-file": lambda places, clock: DetectorSettings(
        detector="surprise", config={"min_score": 3.0, "window_s": 1200.0}, baseline=GRID_BASELINE
    ).build(places, clock),
}
#: Allowed lateness in the order-free property, seconds.
LATENESS_S = 180.0


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
    # placeless complaints, some near a lone report in a quiet corner, two tagging its operator
    cs += [
        complaint(rnd.uniform(100, 130), f"u{i}", (), cue="none", region="", operator=op)
        for i, op in enumerate(("stedin", "stedin", None))
    ]
    cs += [complaint(118, "q", ("1099",))]
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

    @settings(
        max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(data=st.data())
    def test_order_within_lateness_does_not_matter(
        self, name: str, places: GridPlaces, clock: FixedClock, data: st.DataObject
    ) -> None:
        """Complaints arriving out of order, by up to the lateness, give the ordered events."""
        cs = stream()
        ordered = _staged(DETECTORS[name](places, clock), cs)
        delays = data.draw(
            st.lists(st.floats(0, LATENESS_S - 1), min_size=len(cs), max_size=len(cs))
        )
        arrival = sorted(
            zip(cs, delays, strict=True), key=lambda cd: cd[0].created_at.timestamp() + cd[1]
        )
        assert _staged(DETECTORS[name](places, clock), [c for c, _ in arrival]) == ordered


def _staged(det: Detector, arrivals: list[Complaint]) -> list[AlertEvent]:
    """Through a one-partition stage whose watermark trails the newest arrival by the lateness."""
    stage = Stage(det)
    out: list[AlertEvent] = []
    newest = float("-inf")
    for c in arrivals:
        assert stage.offer(c)
        newest = max(newest, c.created_at.timestamp())
        out.extend(stage.watermark(0, newest - LATENESS_S))
    out.extend(stage.watermark(0, newest + 86400, idle=True))
    return out
