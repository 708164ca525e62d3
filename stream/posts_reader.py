"""Stage one's consumer: the posts topic in batches, committed after what they caused is sent.

Faust hands every record through its conductor, channel and stream one by one, which costs far
more than classifying a post (measured: about 8,000 posts/s through a Faust agent, with or
without ``take_events``). Stage one keeps no state, so it reads the posts topic with a plain
aiokafka consumer in its own group (``<prefix>-worker-posts``): each ``getmany`` batch is
handled, its output sent with the app's producer, the producer flushed, then the offsets
committed. At least once: after a crash a batch may be handled again, and stage two drops the
repeated complaints by post id.
"""

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from aiokafka import AIOKafkaConsumer
from aiokafka.errors import CommitFailedError

from stream.metrics import WorkerMetrics, consumer_lag
from stream.pipeline import Record
from stream.settings import LiveSettings

MAX_RECORDS = 5000
POLL_MS = 50
#: Once caught up, a batch starts at most this often. Each batch is one produce request per
#: complaints partition and, at the tail, one fetch of the posts topic; Tansu's memory store
#: pays for every fetch in proportion to the record batches already in the partition, so
#: batches of every 50 ms poll made its fetches ever slower over an hour (p99 latency 10 s),
#: and so did 0.1 s once the consumers fetched without Faust's 1.5 s wait (p99 1.3 s in the
#: first quarter of the hour, 5.9 s in the last): the broker's work grows with fetches times
#: batches, both set by this cycle. 0.25 s costs at most that much latency.
MIN_CYCLE_S = 0.25
#: Without a record for this long the reader's partitions no longer hold the watermark back.
IDLE_AFTER_S = 2.0
#: How often, while idle, they say so again.
IDLE_EVERY_S = 1.0
#: How often the consumer lag gauges are refreshed (not every poll: that is every 50 ms).
LAG_EVERY_S = 0.5


class PostsReader:
    """A batch consumer of the posts topic bound to a Faust app's producer."""

    def __init__(
        self,
        settings: LiveSettings,
        topic: str,
        group: str,
        app: Any,
        metrics: WorkerMetrics | None = None,
    ) -> None:
        self.settings = settings
        self.topic = topic
        self.group = f"{group}-posts"
        self.app = app
        self.metrics = metrics

    def _consumer(self) -> AIOKafkaConsumer:
        session_ms = int(self.settings.session_timeout_s * 1000)
        return AIOKafkaConsumer(
            self.topic,
            bootstrap_servers=self.settings.bootstrap_servers,
            group_id=self.group,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            session_timeout_ms=session_ms,
            heartbeat_interval_ms=max(100, session_ms // 3),
            max_partition_fetch_bytes=4 * 1024 * 1024,
            fetch_max_wait_ms=int(self.settings.fetch_wait_s * 1000),
        )

    async def run(
        self,
        handle: Callable[[list[Record]], Awaitable[None]],
        idle: Callable[[Iterable[int]], Awaitable[None]],
    ) -> None:
        """Consume until cancelled (the app stopping cancels its tasks)."""
        consumer = self._consumer()
        await consumer.start()
        loop_time = self.app.loop.time
        last_records = next_idle = next_lag = loop_time()
        try:
            while True:
                batches = await consumer.getmany(timeout_ms=POLL_MS, max_records=MAX_RECORDS)
                records = [
                    Record(self.topic, tp.partition, m.offset, m.key, m.value)
                    for tp, msgs in batches.items()
                    for m in msgs
                ]
                now = loop_time()
                if self.metrics is not None and now >= next_lag:
                    next_lag = now + LAG_EVERY_S
                    self.metrics.ready.set(1 if consumer.assignment() else 0)
                    await consumer_lag(self.metrics, consumer, self.topic)
                if records:
                    last_records = now
                    await handle(records)
                # Idle means the whole reader is quiet: a partition that merely has not been
                # fetched yet must not let the watermark run ahead of its backlog.
                elif now - last_records > IDLE_AFTER_S and now >= next_idle:
                    next_idle = now + IDLE_EVERY_S
                    await idle(sorted(tp.partition for tp in consumer.assignment()))
                if records:
                    await self.app.producer.flush()
                    # A rebalance between fetch and commit: the new owner reads these again.
                    with contextlib.suppress(CommitFailedError):
                        await consumer.commit()
                    # A full batch means a backlog: read on at once.
                    rest = now + MIN_CYCLE_S - loop_time()
                    if len(records) < MAX_RECORDS and rest > 0:
                        await asyncio.sleep(rest)
        finally:
            if self.metrics is not None:
                self.metrics.ready.set(0)
            await consumer.stop()
