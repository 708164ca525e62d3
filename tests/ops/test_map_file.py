"""``storingsradar map --alerts FILE``: a replay's alerts on the same page, for analysts."""

import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

import simulate
from stream.broker import free_port
from tests.ops import browser

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "out" / "test-artifacts"


@pytest.fixture(scope="module")
def alerts_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("replay")
    simulate.generate(simulate.ScenarioConfig(seed=6, days=1, posts_per_day=25_000), out / "s")
    subprocess.run(
        [sys.executable, "-m", "storingsradar", "replay", "--scenario", str(out / "s"),
         "--out", str(out / "r"), "--quiet"],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    return out / "r" / "alerts.jsonl"


@pytest.fixture(scope="module")
def server(alerts_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    log = tmp_path_factory.mktemp("map") / "map.log"
    cmd = [sys.executable, "-m", "storingsradar", "map", "--alerts", str(alerts_file),
           "--port", str(port)]  # fmt: skip
    with log.open("wb") as fh:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=fh, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(base + "/map", timeout=1).read()
                break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(10)


def test_every_alert_of_the_file_is_served(alerts_file: Path, server: str) -> None:
    ids = {orjson.loads(line)["alert_id"] for line in alerts_file.read_bytes().splitlines()}
    shown = orjson.loads(urllib.request.urlopen(server + "/map/alerts.json", timeout=5).read())
    assert {a["alert_id"] for a in shown} == ids
    assert all(a["points"] for a in shown)
    page = urllib.request.urlopen(server + "/map/static/nl_gemeenten.geojson", timeout=5).read()
    assert len(orjson.loads(page)["features"]) == 342


@pytest.mark.skipif(browser.missing() is not None, reason=str(browser.missing()))
def test_page_lists_them(alerts_file: Path, server: str) -> None:
    ids = {orjson.loads(line)["alert_id"] for line in alerts_file.read_bytes().splitlines()}
    with browser.chromium() as driver:
        driver.get(server + "/map")
        deadline = time.monotonic() + 30
        while driver.execute_script("return window.storingsradarMap.count") != len(ids):
            assert time.monotonic() < deadline
            time.sleep(0.2)
        rows = driver.find_elements("css selector", "#rows tr")
        assert {r.get_attribute("data-alert-id") for r in rows} == ids
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shot = ARTIFACTS / "map-replay.png"
        driver.save_screenshot(str(shot))
        print(f"\nmap screenshot: {shot}")


def test_backfill_metrics_of_the_replay(alerts_file: Path, tmp_path: Path) -> None:
    """``python -m stream.backfill``: the worker's metrics for the replayed period."""
    from prometheus_client.parser import text_string_to_metric_families  # noqa: PLC0415

    from stream.backfill import main  # noqa: PLC0415

    posts = alerts_file.parent.parent / "s" / "posts.jsonl"
    target = tmp_path / "metrics.prom"
    assert main(["--replay", str(alerts_file.parent), "--posts", str(posts),
                 "--metrics", str(target)]) == 0  # fmt: skip
    samples = [s for f in text_string_to_metric_families(target.read_text()) for s in f.samples]
    total = sum(s.value for s in samples if s.name == "storingsradar_posts_total")
    assert total == sum(1 for _ in posts.open("rb"))
    events = alerts_file.read_bytes().splitlines()
    opened = sum(b'"status":"opened"' in e for e in events)
    latency = [s for s in samples if s.name == "storingsradar_detection_latency_seconds_count"]
    assert latency[0].value == opened > 0
