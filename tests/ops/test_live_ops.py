"""A real worker on the real broker: its ``/metrics`` and its live map in headless Chromium."""

import time
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from prometheus_client.parser import text_string_to_metric_families

import simulate
from stream.broker import LocalBroker
from stream.produce import produce_file
from stream.topics import Topics, ensure_topics
from tests.live.conftest import settings_for
from tests.ops import browser
from tests.ops.conftest import WebWorker

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "out" / "test-artifacts"
#: Seed 6's first alert (found by a replay of the same posts): opened 08:24:39, resolved 09:40.
FIRST_ALERT = "stroom-9861-20250303T082439Z"
#: Posts up to here open it (lateness 180 s) and leave it open.
CUT = b'"created_at":"2025-03-03T08:40'


@pytest.fixture(scope="module")
def posts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first 08:40 of a day of a dev seed: two alerts open, none resolved."""
    out = tmp_path_factory.mktemp("scenario")
    simulate.generate(simulate.ScenarioConfig(seed=6, days=1, posts_per_day=25_000), out)
    head = []
    for line in (out / "posts.jsonl").read_bytes().splitlines():
        if CUT in line.replace(b" ", b""):
            break
        head.append(line)
    path = out / "head.jsonl"
    path.write_bytes(b"\n".join(head) + b"\n")
    return path


@pytest.fixture(scope="module")
def worker(
    live_broker: LocalBroker, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[WebWorker]:
    settings = settings_for(live_broker)
    ensure_topics(settings)
    w = WebWorker(settings, tmp_path_factory.mktemp("worker") / "worker.log")
    w.settings = settings  # type: ignore[attr-defined]
    try:
        w.wait_web()
        yield w
    finally:
        w.stop()


def _wait(check: object, timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while not check():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)


def _map_js(driver: object, expr: str) -> object:
    return driver.execute_script(f"return window.storingsradarMap && {expr};")  # type: ignore[attr-defined]


@pytest.mark.skipif(browser.missing() is not None, reason=str(browser.missing()))
def test_map_shows_an_alert_raised_during_the_test(worker: WebWorker, posts: Path) -> None:
    """Page loads empty; posts are produced; the worker's alert appears on map and list."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with browser.chromium() as driver:
        driver.get(worker.base + "/map")
        _wait(lambda: _map_js(driver, "storingsradarMap.ready"), 30, "the page to load")
        assert _map_js(driver, "storingsradarMap.count") == 0
        assert len(driver.find_elements("css selector", "#gemeenten path")) >= 300
        stats = produce_file(posts, worker.settings, None)  # type: ignore[attr-defined]
        assert stats.failed == 0
        row = f'tr[data-alert-id="{FIRST_ALERT}"]'
        _wait(lambda: driver.find_elements("css selector", row), 90, "the alert in the list")
        marker = f'#alerts g[data-alert-id="{FIRST_ALERT}"] circle'
        assert driver.find_elements("css selector", marker)
        assert driver.find_element("id", "status").text == "live"
        time.sleep(0.5)
        shot = ARTIFACTS / "map-live.png"
        driver.save_screenshot(str(shot))
        print(f"\nmap screenshot: {shot}")
    assert shot.stat().st_size > 10_000
    shown = {a["alert_id"]: a for a in orjson.loads(worker.get("/map/alerts.json"))}
    assert shown[FIRST_ALERT]["points"][0][0] == "9861"


def test_metrics_after_the_posts(worker: WebWorker, posts: Path) -> None:
    """Posts by source, lag per partition (caught up: 0), latency, readiness; no postcodes."""
    if not orjson.loads(worker.get("/map/alerts.json")):
        produce_file(posts, worker.settings, None)  # type: ignore[attr-defined]
        _wait(lambda: orjson.loads(worker.get("/map/alerts.json")), 90, "alerts")
    time.sleep(3)  # the lag gauges refresh every 0.5 s (posts) and 2 s (complaints)
    text = worker.get("/metrics").decode()
    samples = {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }
    names = {name for name, _ in samples}
    labels = {k for _, ls in samples for k, _ in ls}
    assert not labels & {"postcode", "pc4", "author", "author_id", "alert_id"}
    posts_by_source: dict[str, float] = {}
    for (n, ls), v in samples.items():
        if n == "storingsradar_posts_total":
            source = dict(ls)["source"]
            posts_by_source[source] = posts_by_source.get(source, 0) + v
    assert sum(posts_by_source.values()) == sum(1 for _ in posts.open("rb"))
    assert set(posts_by_source) <= {"x", "mastodon", "bluesky", "rss", "file", "other", "unknown"}
    topics = Topics(worker.settings.topic_prefix)  # type: ignore[attr-defined]
    lag = {
        dict(ls)["topic"]: v
        for (n, ls), v in samples.items()
        if n == "storingsradar_consumer_lag_records"
    }
    assert set(lag) == {topics.posts, topics.complaints}
    assert all(v == 0 for v in lag.values()), lag
    assert samples[("storingsradar_worker_up", ())] == 1
    assert samples[("storingsradar_worker_ready", ())] == 1
    assert samples[("storingsradar_detection_latency_seconds_count", ())] >= 1
    assert "storingsradar_post_processing_seconds_bucket" in names
    assert "storingsradar_open_alerts" in names
