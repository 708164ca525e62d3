"""Live workers on the real broker: the replay's alerts, dead letters, two workers, a crash."""

import base64
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

import geo
import simulate
from detectors import Annotator, Engine, FixedClock, LearnedClassifier, ThresholdDetector
from schemas import AlertEvent, DeadLetter, ErrorLog, iter_posts
from stream.broker import LocalBroker, free_port
from stream.follow import AlertRecord, iter_alerts, iter_topic
from stream.produce import produce_file
from stream.settings import LiveSettings
from stream.topics import Topics, ensure_topics
from tests.live.conftest import settings_for

Row = tuple[str, str, tuple[str, ...], datetime, int]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One day of a dev seed at a quarter of the default chatter."""
    out = tmp_path_factory.mktemp("scenario")
    simulate.generate(simulate.ScenarioConfig(seed=6, days=1, posts_per_day=25_000), out)
    return out / "posts.jsonl"


def replay_rows(posts: Path) -> set[Row]:
    """What ``storingsradar replay`` raises on the same file."""
    gazetteer = geo.Gazetteer.load()
    clock = FixedClock(datetime(2026, 1, 1, tzinfo=UTC))
    # the worker's own classifier, so both sides judge posts alike
    engine = Engine(
        Annotator(LearnedClassifier.load(), gazetteer), ThresholdDetector(gazetteer, clock)
    )
    events = [e for p in iter_posts(posts, ErrorLog()) for e in engine.feed(p)] + engine.finish()
    return {(e.alert_id, e.status, e.postcodes, e.detected_at, e.reports) for e in events}


class Worker:
    """``storingsradar worker`` as a separate process, as an operator runs it."""

    def __init__(self, settings: LiveSettings, worker_id: str, log: Path) -> None:
        cmd = [
            sys.executable, "-m", "storingsradar", "worker",
            "--bootstrap-servers", settings.bootstrap_servers,
            "--topic-prefix", settings.topic_prefix,
            "--partitions", str(settings.partitions),
            "--session-timeout", str(settings.session_timeout_s),
            "--web-port", str(free_port()),
            "--worker-id", worker_id,
        ]  # fmt: skip
        self.log = log
        with log.open("ab") as fh:
            self.proc = subprocess.Popen(cmd, cwd=ROOT, stdout=fh, stderr=subprocess.STDOUT)

    def kill(self) -> None:
        """SIGKILL: no goodbye, no commit."""
        self.proc.kill()
        self.proc.wait(10)

    def stop(self) -> None:
        """SIGTERM, as a supervisor stops it."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[list[Worker]]:
    """Workers a test starts; all stopped at the end."""
    started: list[Worker] = []
    yield started
    for w in started:
        w.stop()


def fresh(broker: LocalBroker) -> LiveSettings:
    settings = settings_for(broker)
    ensure_topics(settings)
    return settings


def alert_records(
    settings: LiveSettings, want: set[Row], workers: list[Worker], timeout_s: float = 90
) -> list[AlertRecord]:
    """The alerts topic's records, read again until every wanted row is there or time is up."""
    deadline = time.monotonic() + timeout_s
    while True:
        alive = [w for w in workers if w.proc.poll() is None]
        assert alive, workers[-1].log.read_text()[-3000:]
        records = list(iter_alerts(settings, idle_s=1.0))
        rows = {_row(r.event) for r in records if r.event is not None}
        if want <= rows or time.monotonic() > deadline:
            return records
        time.sleep(1.0)


def _row(e: AlertEvent) -> Row:
    return (e.alert_id, e.status, e.postcodes, e.detected_at, e.reports)


def rows_of(records: list[AlertRecord]) -> set[Row]:
    return {_row(r.event) for r in records if r.event is not None}


class TestLiveEqualsReplay:
    """The stream gives the replay's alerts."""

    def test_backlog_at_full_speed(
        self, live_broker: LocalBroker, scenario: Path, workers: list[Worker], tmp_path: Path
    ) -> None:
        """A scenario produced as fast as the broker takes it: the replay's alerts, keyed."""
        settings = fresh(live_broker)
        want = replay_rows(scenario)
        assert len(want) >= 6
        workers.append(Worker(settings, "w1", tmp_path / "w1.log"))
        stats = produce_file(scenario, settings, None)
        assert stats.failed == 0
        records = alert_records(settings, want, workers)
        assert rows_of(records) == want, (tmp_path / "w1.log").read_text()[-3000:]
        assert all(r.event is not None and r.key == r.event.alert_id.encode() for r in records)


class TestDeadLetters:
    """Bad records go to the dead-letter topic; the good ones around them still alert."""

    def test_bad_records(
        self, live_broker: LocalBroker, scenario: Path, workers: list[Worker], tmp_path: Path
    ) -> None:
        """Not JSON, failing the schema, too large: dead-lettered with reasons, alerts intact."""
        settings = fresh(live_broker)
        lines = scenario.read_bytes().splitlines()
        bad = [
            b"not json",
            b'{"id": "1", "source": "x"}',
            b'{"id": "2", "text": "' + b"x" * 300_000,
        ]
        mixed = tmp_path / "mixed.jsonl"
        mixed.write_bytes(b"\n".join(lines[:300] + bad + lines[300:]) + b"\n")
        workers.append(Worker(settings, "w1", tmp_path / "w1.log"))
        produce_file(mixed, settings, None)
        want = replay_rows(scenario)
        assert rows_of(alert_records(settings, want, workers)) == want
        topic = Topics(settings.topic_prefix).deadletter
        letters = [
            DeadLetter.model_validate_json(r.value) for r in iter_topic(settings, topic, idle_s=2.0)
        ]
        assert sorted(base64.b64decode(d.original) for d in letters) == sorted(bad)
        assert all(d.reason and d.topic.endswith("posts.v1") for d in letters)


class TestScaling:
    """More workers share the partitions."""

    def test_two_workers_equal_one(
        self, live_broker: LocalBroker, scenario: Path, workers: list[Worker], tmp_path: Path
    ) -> None:
        """Two workers in one group together raise exactly the replay's alerts."""
        settings = fresh(live_broker)
        workers.append(Worker(settings, "w1", tmp_path / "w1.log"))
        workers.append(Worker(settings, "w2", tmp_path / "w2.log"))
        time.sleep(settings.session_timeout_s)  # let both join before the data arrives
        produce_file(scenario, settings, None)
        want = replay_rows(scenario)
        assert rows_of(alert_records(settings, want, workers)) == want


class TestCrash:
    """A worker killed mid-stream and started again."""

    def test_sigkill_loses_no_alert(
        self, live_broker: LocalBroker, scenario: Path, workers: list[Worker], tmp_path: Path
    ) -> None:
        """SIGKILL half-way: after a restart every alert is there; repeats carry the same key."""
        settings = fresh(live_broker)
        workers.append(Worker(settings, "w1", tmp_path / "w1.log"))
        # One day in about thirty seconds: the first alert comes about a third of the way in
        # (plus the worker's start-up), so the kill lands mid-stream even on a loaded machine.
        producer = threading.Thread(target=produce_file, args=(scenario, settings, 2880.0))
        producer.start()
        deadline = time.monotonic() + 60
        while not any(True for _ in iter_alerts(settings, idle_s=0.5)):  # mid-stream, not before
            assert time.monotonic() < deadline, (tmp_path / "w1.log").read_text()[-3000:]
        assert producer.is_alive()
        workers[0].kill()
        workers.append(Worker(settings, "w2", tmp_path / "w2.log"))
        producer.join()
        want = replay_rows(scenario)
        records = alert_records(settings, want, workers)
        assert rows_of(records) == want
        assert all(r.event is not None and r.key == r.event.alert_id.encode() for r in records)
        assert os.path.exists(tmp_path / "w2.log")


class TestConfiguration:
    """The worker refuses settings that would stall it."""

    def test_partition_count_must_match_the_topics(
        self, live_broker: LocalBroker, tmp_path: Path
    ) -> None:
        """Topics made with 4 partitions and a worker told 2: a clear error, exit code 2."""
        settings = fresh(live_broker)
        done = subprocess.run(
            [sys.executable, "-m", "storingsradar", "worker",
             "--bootstrap-servers", settings.bootstrap_servers,
             "--topic-prefix", settings.topic_prefix, "--partitions", "2"],
            cwd=ROOT, capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
        assert done.returncode == 2
        assert "partitions" in done.stderr and "--topic-prefix" in done.stderr
