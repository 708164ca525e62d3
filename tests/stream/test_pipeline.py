"""The live worker's stages in-process: the same alerts as the replay, bad records dead-lettered."""

import base64
import random
import zlib
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest

import geo
import simulate
from detectors import Annotator, Engine, FixedClock, RuleClassifier, ThresholdDetector
from schemas import AlertEvent, DeadLetter, ErrorLog, iter_posts
from stream.pipeline import ComplaintsStage, PostsStage, Record

POSTS_PARTITIONS = 4
COMPLAINT_PARTITIONS = 3
CLOCK = FixedClock(datetime(2026, 1, 1, tzinfo=UTC))


@pytest.fixture(scope="module")
def lines(tmp_path_factory: pytest.TempPathFactory) -> list[bytes]:
    """One day of a dev seed, as the lines a producer sends."""
    out = tmp_path_factory.mktemp("scenario")
    simulate.generate(simulate.ScenarioConfig(seed=6, days=1, posts_per_day=30_000), out)
    return (out / "posts.jsonl").read_bytes().splitlines()


def replay_alerts(lines: list[bytes], tmp: Path) -> list[AlertEvent]:
    path = tmp / "posts.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    gazetteer = geo.Gazetteer.load()
    engine = Engine(Annotator(RuleClassifier(), gazetteer), ThresholdDetector(gazetteer, CLOCK))
    events = [e for p in iter_posts(path, ErrorLog()) for e in engine.feed(p)]
    return events + engine.finish()


def live_alerts(
    lines: list[bytes], skew: int
) -> tuple[list[AlertEvent], list[tuple[bytes | None, bytes]]]:
    """Posts keyed by id over partitions, consumed in batches with partition 0 ``skew`` ahead."""
    gazetteer = geo.Gazetteer.load()
    parts: list[list[Record]] = [[] for _ in range(POSTS_PARTITIONS)]
    for line in lines:
        key = line[8:40]  # any stable key: the producer keys by post id
        p = zlib.crc32(key) % POSTS_PARTITIONS
        parts[p].append(Record("posts", p, len(parts[p]), key, line))
    one = PostsStage(
        Annotator(RuleClassifier(), gazetteer), partitions=COMPLAINT_PARTITIONS, lateness_s=180
    )
    two = ComplaintsStage(
        lambda: ThresholdDetector(gazetteer, CLOCK),
        sources=POSTS_PARTITIONS,
        partitions=COMPLAINT_PARTITIONS,
    )
    for p in range(COMPLAINT_PARTITIONS):
        two.stage(p)
    queues: list[list[Record]] = [[] for _ in range(COMPLAINT_PARTITIONS)]
    dead: list[tuple[bytes | None, bytes]] = []
    rnd = random.Random(1)
    cursors = [0] * POSTS_PARTITIONS
    # Partition 0 is consumed `skew` records ahead of the others: a backlog read unevenly.
    order = [0] * skew + [rnd.randrange(POSTS_PARTITIONS) for _ in range(10 * len(lines))]
    for p in order + list(range(POSTS_PARTITIONS)) * len(lines):
        if cursors[p] >= len(parts[p]):
            if all(c >= len(x) for c, x in zip(cursors, parts, strict=True)):
                break
            continue
        batch = parts[p][cursors[p] : cursors[p] + 50]
        cursors[p] += len(batch)
        out = one.handle(batch)
        dead += out.dead
        for o in [*out.complaints, *one.watermarks([p])]:
            queues[o.partition].append(Record("complaints", o.partition, 0, o.key, o.value))
    for o in one.watermarks(range(POSTS_PARTITIONS), idle=True):
        queues[o.partition].append(Record("complaints", o.partition, 0, o.key, o.value))
    alerts: list[AlertEvent] = []
    for q in queues:
        res = two.handle(q)
        alerts += res.alerts
        dead += res.dead
    return alerts, dead


def rows(events: list[AlertEvent]) -> list[tuple[object, ...]]:
    return sorted(
        (e.alert_id, e.status, e.detected_at, e.postcodes, e.reports, e.evidence) for e in events
    )


class TestLiveEqualsReplay:
    """Stage one and two over partitions give the replay's alerts."""

    def test_backlog_read_unevenly(self, lines: list[bytes], tmp_path: Path) -> None:
        """A backlog with one partition read far ahead gives exactly the replay's alerts."""
        want = replay_alerts(lines, tmp_path)
        got, dead = live_alerts(lines, skew=len(lines) // 8)
        assert len(want) >= 4 and dead == []
        assert rows(got) == rows(want)


class TestDeadLetters:
    """Bad records go to the dead letters with their reason; the rest still counts."""

    def test_bad_records_dead_lettered(self, lines: list[bytes], tmp_path: Path) -> None:
        """Not JSON, failing the schema and too large: each dead-lettered, alerts unchanged."""
        bad = [b"not json at all", b'{"id": "x", "source": "x"}', b'{"id": "y"' + b" " * 300_000]
        mixed = lines[:500] + bad + lines[500:]
        want = replay_alerts(lines, tmp_path)
        got, dead = live_alerts(mixed, skew=0)
        assert rows(got) == rows(want)
        letters = [DeadLetter.model_validate_json(v) for _, v in dead]
        assert sorted(base64.b64decode(d.original) for d in letters) == sorted(bad)
        assert {d.field for d in letters} == {"<json>", "created_at", "<record>"}
        assert all(d.topic == "posts" and d.reason for d in letters)


class TestSnapshots:
    """A stage saved mid-stream and restored goes on exactly as before."""

    def test_snapshot_restores(self, lines: list[bytes]) -> None:
        """Restoring a partition's snapshot gives a stage that decides identically."""
        gazetteer = geo.Gazetteer.load()
        two = ComplaintsStage(lambda: ThresholdDetector(gazetteer, CLOCK), sources=1)
        stage = two.stage(0)
        one = PostsStage(Annotator(RuleClassifier(), gazetteer), partitions=1, lateness_s=180)
        records = [Record("posts", 0, i, None, line) for i, line in enumerate(lines)]
        half = len(records) // 2
        msgs = []
        for chunk in (records[:half], records[half:]):
            out = one.handle(chunk)
            msgs.append(
                [Record("c", 0, 0, o.key, o.value) for o in [*out.complaints, *one.watermarks([0])]]
            )
        first = two.handle(msgs[0]).alerts
        snap = two.snapshot(0, offset=41)
        assert orjson.loads(snap)["offset"] == 41
        restored = ComplaintsStage(lambda: ThresholdDetector(gazetteer, CLOCK), sources=1)
        restored.stage(0, snapshot=snap)
        assert restored.handle(msgs[1]).alerts == two.handle(msgs[1]).alerts
        assert stage is two.stages[0] and first is not None
