"""Where posts go: a bounded queue in front of a Kafka producer on the posts topic.

The queue decouples the source's network loop from the broker: a slow broker fills the queue,
the source then waits up to ``block_s`` for room (slowing its reads, which the platforms
tolerate for seconds), and only then drops the post, counted as ``undelivered`` and logged.
A send the broker fails is counted and logged the same way. Nothing is lost silently.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
from typing import Any, Protocol

from kafka.errors import KafkaError

from ingest._metrics import SourceMetrics
from stream.produce import posts_producer
from stream.settings import LiveSettings
from stream.topics import Topics

log = logging.getLogger(__name__)

QUEUE_SIZE = 10_000
BLOCK_S = 2.0
# Polling the queue this often keeps shutdown prompt without burning the CPU.
POLL_S = 0.1
CLOSE_TIMEOUT_S = 10.0
# One warning per this many undelivered posts: a dead broker must not flood the log.
LOG_EVERY = 1000


class Sink(Protocol):
    """Takes encoded posts keyed by post id; the extension point for other destinations."""

    async def send(self, key: bytes, value: bytes) -> bool:
        """Queue one post; ``False`` when it could not be taken (counted as undelivered)."""
        ...

    def close(self) -> None:
        """Deliver what is queued (within a timeout) and release the connection."""
        ...


class KafkaSink:
    """A bounded queue drained by a thread into a kafka-python producer on the posts topic."""

    def __init__(
        self,
        settings: LiveSettings,
        metrics: SourceMetrics,
        *,
        queue_size: int = QUEUE_SIZE,
        block_s: float = BLOCK_S,
        producer: Any | None = None,
    ) -> None:
        self._topic = Topics(settings.topic_prefix).posts
        self._metrics = metrics
        self._block_s = block_s
        self._queue: queue.Queue[tuple[bytes, bytes]] = queue.Queue(maxsize=queue_size)
        self._producer = (
            producer
            if producer is not None
            else posts_producer(settings, f"storingsradar-ingest-{metrics.source}")
        )
        self._closing = threading.Event()
        self._thread = threading.Thread(target=self._drain, name="ingest-sink", daemon=True)
        self._thread.start()

    async def send(self, key: bytes, value: bytes) -> bool:
        """Queue one post, waiting up to ``block_s`` for room before dropping it."""
        try:
            self._queue.put_nowait((key, value))
            return True
        except queue.Full:
            pass
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._block_s
        while loop.time() < deadline:
            await asyncio.sleep(0.01)
            try:
                self._queue.put_nowait((key, value))
                return True
            except queue.Full:
                continue
        self._undelivered(f"queue full for {self._block_s:g} s (broker too slow)", key)
        return False

    def _drain(self) -> None:
        while not (self._closing.is_set() and self._queue.empty()):
            try:
                key, value = self._queue.get(timeout=POLL_S)
            except queue.Empty:
                continue
            try:
                future = self._producer.send(self._topic, key=key, value=value)
            except KafkaError as exc:
                self._undelivered(f"send failed: {exc}", key)
                continue
            future.add_callback(self._acked)
            future.add_errback(self._failed, key)

    def _acked(self, _metadata: object) -> None:
        self._metrics.inc("produced")

    def _failed(self, exc: BaseException, key: bytes) -> None:
        self._undelivered(f"broker refused: {exc}", key)

    def _undelivered(self, reason: str, key: bytes, amount: int = 1) -> None:
        before = self._metrics.undelivered
        self._metrics.inc("undelivered", amount)
        if before // LOG_EVERY != self._metrics.undelivered // LOG_EVERY or before == 0:
            log.warning(
                "%s: post %s not delivered: %s (%d undelivered so far)",
                self._metrics.source,
                key.decode(errors="replace"),
                reason,
                self._metrics.undelivered,
            )

    def close(self) -> None:
        """Drain the queue, flush the producer; whatever is left is counted as undelivered."""
        self._closing.set()
        self._thread.join(CLOSE_TIMEOUT_S)
        try:
            self._producer.flush(timeout=CLOSE_TIMEOUT_S)
        except KafkaError as exc:
            log.warning("%s: flush failed: %s", self._metrics.source, exc)
        left = self._queue.qsize()
        if left:
            self._undelivered(f"{left} still queued at shutdown", b"-", left)
        self._producer.close(timeout=CLOSE_TIMEOUT_S)
