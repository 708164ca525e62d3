"""Streaming: output is produced hour by hour, bounded out of order, right across hours."""

import time
import tracemalloc
from itertools import islice
from pathlib import Path

from simulate import ScenarioConfig, iter_chunks
from simulate._places import load_places

from .conftest import START, Scenario, make
from .helpers import posts, ts


def test_chunks_are_produced_lazily() -> None:
    """The first hours of a century-long scenario arrive at once: nothing is precomputed."""
    config = ScenarioConfig(seed=1, days=36_500, start=START, posts_per_day=2000)
    began = time.perf_counter()
    first = list(islice(iter_chunks(config), 3))
    assert [c.hour for c in first] == [0, 1, 2]
    assert time.perf_counter() - began < 10


def _peak_bytes(days: int) -> int:
    config = ScenarioConfig(seed=1, days=days, start=START, posts_per_day=1000)
    load_places()  # shared by every run; not part of a scenario's footprint
    tracemalloc.start()
    for _chunk in iter_chunks(config):
        pass
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def test_memory_does_not_grow_with_days() -> None:
    """Peak memory of a 3-day run is about that of a 1-day run."""
    assert _peak_bytes(3) < 1.3 * _peak_bytes(1)


def test_disorder_is_bounded_by_max_lateness(small: Scenario) -> None:
    """Some posts arrive late, none more than max_lateness_s behind the newest post."""
    newest, worst, late = 0.0, 0.0, 0
    for p in posts(small.out):
        at = ts(p["created_at"])
        if at < newest:
            late += 1
            worst = max(worst, newest - at)
        newest = max(newest, at)
    assert 0 < worst <= small.config.max_lateness_s
    assert 0 < late < 0.1 * small.summary.posts


def test_zero_lateness_gives_sorted_posts(tmp_path: Path) -> None:
    """With max_lateness_s=0 the posts are in created_at order."""
    scenario = make(tmp_path, max_lateness_s=0, posts_per_day=1000)
    times = [ts(p["created_at"]) for p in posts(scenario.out)]
    assert times == sorted(times)
    assert scenario.summary.late_posts == 0


def test_incidents_spanning_hours_keep_their_posts() -> None:
    """Posts of outages that outlast their start hour come in later chunks, all after start."""
    config = ScenarioConfig(seed=9, days=1, start=START, posts_per_day=500, incident_rate_scale=4.0)
    started: dict[str, tuple[int, int]] = {}
    crossing = 0
    for chunk in iter_chunks(config):
        for inc in chunk.incidents:
            started[inc.incident_id] = (chunk.hour, inc.start)
        for item in chunk.posts:
            if item.truth not in {"", "~"}:
                incident_id = item.truth.split(",")[1]
                hour, start = started[incident_id]
                assert item.created >= start
                crossing += chunk.hour > hour
    assert crossing > 0
