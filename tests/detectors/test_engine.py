"""The engine: annotate, reorder by event time, detect; late posts counted, never applied."""

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from detectors import Annotator, Engine, FixedClock, RuleClassifier, ThresholdDetector
from schemas import AlertEvent, Cue, Post
from tests.detectors.conftest import T0, GridPlaces

_PC4 = re.compile(r"\b(10\d\d)\b")


@dataclass(frozen=True)
class _Hit:
    pc4s: tuple[str, ...]
    cue: Cue
    confidence: float


class PostcodeOnly:
    """A geotagger for the grid: a 10xx number in the text is the PC4."""

    def geotag(self, text: str, **_: object) -> _Hit:
        m = _PC4.search(text)
        return _Hit((m.group(1),), "pc4", 0.95) if m else _Hit((), "none", 0.0)

    def region(self, pc4s: Sequence[str]) -> str:
        return "GM0001"


def post(i: int, second: float, text: str, author: str) -> Post:
    return Post(
        id=f"p{i:05d}",
        source="x",
        created_at=T0 + timedelta(seconds=second),
        text=text,
        author_id=author,
    )


def posts() -> list[Post]:
    rnd = random.Random(11)
    out = [post(i, i * 7.0, "gewoon een mooie dag", f"bg{i % 50}") for i in range(600)]
    out += [  # an outage around 1003 / 1004
        post(
            1000 + j,
            1200 + j * 40 + rnd.uniform(0, 30),
            f"weer geen stroom in {rnd.choice(['1003', '1004'])}",
            f"c{j}",
        )
        for j in range(12)
    ]
    out.append(post(2000, 3000, "stroomstoring in 1090??", "lonely"))
    return sorted(out, key=lambda p: p.created_at)


def run(stream: list[Post], lateness: float) -> tuple[list[AlertEvent], Engine]:
    clock = FixedClock(T0)
    engine = Engine(
        Annotator(RuleClassifier(), PostcodeOnly()),
        ThresholdDetector(GridPlaces(), clock),
        lateness_s=lateness,
    )
    events = [e for p in stream for e in engine.feed(p)]
    return events + engine.finish(), engine


class TestEngine:
    """End to end through the core."""

    def test_outage_found(self) -> None:
        """The outage opens one alert; the lonely complaint opens nothing."""
        events, engine = run(posts(), 180)
        opened = [e for e in events if e.status == "opened"]
        assert len(opened) == 1 and set(opened[0].postcodes) <= {"1003", "1004"}
        assert engine.stats.posts == 613 and engine.stats.complaints == 13
        assert engine.stats.late == 0

    def test_order_within_lateness_does_not_matter(self) -> None:
        """Shuffling arrival within the allowed lateness gives identical alert events."""
        base, _ = run(posts(), 180)
        rnd = random.Random(5)
        for _ in range(5):
            shuffled = sorted(posts(), key=lambda p: p.created_at.timestamp() + rnd.uniform(0, 170))
            got, engine = run(shuffled, 180)
            assert engine.stats.late == 0
            assert got == base

    def test_late_posts_counted_not_applied(self) -> None:
        """A complaint beyond the lateness is counted as late and changes nothing."""
        stream = posts()
        late = post(9999, 1300, "geen stroom in 1003", "latecomer")
        base, _ = run(stream, 60)
        got, engine = run([*stream, late], 60)
        assert engine.stats.late == 1
        assert got == base
