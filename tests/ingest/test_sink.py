"""The bounded queue before the producer: a slow broker loses nothing silently."""

from __future__ import annotations

import asyncio
import threading
import urllib.request
from pathlib import Path
from typing import Any

from prometheus_client import generate_latest

from ingest._file import FileSource
from ingest._metrics import REGISTRY, SourceMetrics, serve_metrics
from ingest._sink import KafkaSink
from stream.broker import free_port
from stream.settings import LiveSettings
from tests.ingest.helpers import emitter_for


class _Future:
    def __init__(self, fail: bool) -> None:
        self._fail = fail

    def add_callback(self, fn: Any) -> _Future:
        if not self._fail:
            fn(None)
        return self

    def add_errback(self, fn: Any, *args: Any) -> _Future:
        if self._fail:
            fn(RuntimeError("broker said no"), *args)
        return self


class StuckProducer:
    """A producer whose first send blocks until released; sends of ``b"bad"`` fail."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.sent: list[bytes] = []

    def send(self, _topic: str, key: bytes, value: bytes) -> _Future:
        self.release.wait(5)
        self.sent.append(key)
        return _Future(fail=key == b"bad")

    def flush(self, timeout: float) -> None:
        pass

    def close(self, timeout: float) -> None:
        pass


def test_a_full_queue_counts_and_logs_what_it_drops() -> None:
    producer = StuckProducer()
    metrics = SourceMetrics("sink-test")
    sink = KafkaSink(LiveSettings(), metrics, queue_size=2, block_s=0.05, producer=producer)

    async def offer() -> list[bool]:
        return [await sink.send(str(i).encode(), b"{}") for i in range(6)]

    taken = asyncio.run(offer())
    producer.release.set()
    sink.close()
    # one in the stuck send, two queued; the rest waited 50 ms each and were dropped
    assert taken.count(True) == 3
    assert metrics.undelivered == 3
    assert metrics.produced == 3
    assert producer.sent == [b"0", b"1", b"2"]


def test_a_failed_send_is_counted() -> None:
    producer = StuckProducer()
    producer.release.set()
    metrics = SourceMetrics("sink-test-2")
    sink = KafkaSink(LiveSettings(), metrics, producer=producer)
    asyncio.run(sink.send(b"bad", b"{}"))
    sink.close()
    assert (metrics.produced, metrics.undelivered) == (0, 1)


def test_metrics_are_exposed_per_source() -> None:
    SourceMetrics("exposed").inc("reconnects", 2)
    text = generate_latest(REGISTRY).decode()
    assert 'storingsradar_ingest_reconnects_total{source="exposed"} 2.0' in text


def test_file_source_validates_and_skips_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "posts.jsonl"
    good = (
        '{"id": "%s", "source": "file", "created_at": "2025-03-03T08:14:05Z",'
        ' "text": "t", "author_id": "a"}'
    )
    path.write_text(
        "\n".join([good % "1", "{not json", good % "2", "", good % "1", '{"id": "3"}']) + "\n"
    )
    emitter, sink = emitter_for("file-test")
    asyncio.run(FileSource(path).run(emitter, asyncio.Event()))
    assert sink.ids == ["1", "2"]
    assert (emitter.metrics.malformed, emitter.metrics.duplicates) == (2, 1)


def test_metrics_port_serves_the_counters() -> None:
    SourceMetrics("served").inc("rate_limited")
    port = free_port()
    serve_metrics(port)
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as resp:
        text = resp.read().decode()
    assert 'storingsradar_ingest_rate_limited_total{source="served"} 1.0' in text
