"""The Faust app: two agents that move bytes between topics and the plain stages.

Stage two is a Faust agent at concurrency 1 (faust #606: higher concurrency can commit past a
record still in flight), consuming in batches (``take_events``). Stage one reads the posts topic
with a batch consumer of its own (:mod:`stream.posts_reader`), run as a task of the app: through
Faust's per-record stream path it did about 8,000 posts/s on this machine, an order of magnitude
below the work it does per post. Faust acks a batch's records when the batch body returns and
flushes its producer before every offset commit, so a record is never committed before what it
caused (complaints, alerts, a snapshot) is delivered.

Recovery without changelogs: the broker used here (and any broker with wrong end offsets) breaks
Faust's table recovery, so stage two keeps no Faust table. Before acking a batch that took
complaints it writes a snapshot of that partition's :class:`detectors.Stage` to the state topic.
A restarted worker loads the newest snapshot and replays from the committed offset, which is
never past the snapshot: duplicates are dropped by post id, watermarks only move forward, and
alert events sent again carry the same key (and the same content).
"""

import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, cast

import orjson
from aiokafka import AIOKafkaConsumer, TopicPartition

import geo
from detectors import Annotator, DetectorSettings, LearnedClassifier, SystemClock
from schemas import AlertEvent
from stream._transport import WorkerApp
from stream.metrics import WorkerMetrics
from stream.pipeline import ComplaintsStage, Outgoing, PostsStage, Record
from stream.posts_reader import PostsReader
from stream.settings import LiveSettings
from stream.topics import Topics
from stream.web import AlertBoard, add_routes
from stream.web.follower import follow_alerts

COMPLAINTS_BATCH = 500
#: How often stage two's consumer lag is computed.
LAG_INTERVAL_S = 2.0


def _records(topic: str, events: Sequence[Any]) -> list[Record]:
    return [
        Record(topic, e.message.partition, e.message.offset, e.message.key, e.message.value)
        for e in events
    ]


class SnapshotStore:
    """Reads the newest snapshot of each complaints partition from the state topic.

    It counts what it fetches instead of trusting the broker's end offsets: it reads until a
    poll returns nothing.
    """

    def __init__(self, settings: LiveSettings, topic: str, group: str) -> None:
        self.settings = settings
        self.topic = topic
        self.group = group
        self._cache: dict[str, bytes] | None = None

    def key(self, partition: int) -> bytes:
        """The state topic key of a complaints partition."""
        return f"{self.group}:{partition}".encode()

    async def load(self, partition: int) -> bytes | None:
        """The newest snapshot of ``partition``, if any."""
        if self._cache is None:
            self._cache = await self._read_all()
        return self._cache.get(self.key(partition).decode())

    def forget(self) -> None:
        """Read the topic again next time (after a rebalance another worker may have written)."""
        self._cache = None

    async def _read_all(self) -> dict[str, bytes]:
        consumer = AIOKafkaConsumer(
            bootstrap_servers=self.settings.bootstrap_servers, enable_auto_commit=False
        )
        await consumer.start()
        latest: dict[str, bytes] = {}
        try:
            parts = consumer.partitions_for_topic(self.topic) or set()
            if not parts:
                await consumer.force_metadata_update()
                parts = consumer.partitions_for_topic(self.topic) or set()
            tps = [TopicPartition(self.topic, p) for p in sorted(parts)]
            consumer.assign(tps)
            await consumer.seek_to_beginning(*tps)
            empty = 0
            while empty < 2:
                batch = await consumer.getmany(timeout_ms=300, max_records=5000)
                records = [r for rs in batch.values() for r in rs]
                empty = 0 if records else empty + 1
                for r in records:
                    if r.key is not None and r.value is not None:
                        latest[r.key.decode()] = r.value
        finally:
            await consumer.stop()
        return latest


def create_app(settings: LiveSettings) -> WorkerApp:
    """The worker's Faust app, with its topics and agents."""
    topics = Topics(settings.topic_prefix)
    group = f"{settings.topic_prefix}-worker"
    # Per worker, so two workers on one host never share a table store.
    datadir = Path(".storingsradar") / f"{group}-{settings.worker_id}"
    datadir.parent.mkdir(parents=True, exist_ok=True)
    app = WorkerApp(
        group,
        broker=f"kafka://{settings.bootstrap_servers}",
        store=settings.store,
        processing_guarantee="at_least_once",  # idempotent producers fail on some brokers
        topic_partitions=settings.partitions,
        topic_disable_leader=True,
        topic_allow_declare=False,  # topics are created by ensure_topics, with their configs
        broker_session_timeout=settings.session_timeout_s,
        broker_heartbeat_interval=settings.session_timeout_s / 3,
        broker_commit_interval=1.0,
        consumer_auto_offset_reset="earliest",
        stream_wait_empty=False,
        broker_max_poll_records=5000,
        stream_buffer_maxsize=20000,
        web_enabled=True,
        web_port=settings.web_port,
        web_bind=settings.web_host,
        web_host=settings.web_host,
        web_tables_enabled=False,
        autodiscover=False,
        producer_linger=0.002,
        datadir=datadir,
    )
    app.fetch_wait_s = settings.fetch_wait_s

    def raw(name: str) -> Any:
        return app.topic(name, key_serializer="raw", value_serializer="raw")

    complaints_t = raw(topics.complaints)
    alerts_t, incidents_t = raw(topics.alerts), raw(topics.incidents)
    dead_t, state_t = raw(topics.deadletter), raw(topics.state)

    gazetteer = geo.Gazetteer.load()
    # the same settings file as `replay --settings`, so both raise the same alerts
    detector_settings = (
        DetectorSettings.load(Path(settings.settings_file))
        if settings.settings_file
        else DetectorSettings.default()
    )
    one = PostsStage(
        Annotator(LearnedClassifier.load(), gazetteer),
        partitions=settings.partitions,
        lateness_s=settings.lateness_s,
        borders=detector_settings.borders(gazetteer),
    )
    two = ComplaintsStage(
        lambda: detector_settings.build(gazetteer, SystemClock()),
        sources=settings.partitions,
        partitions=settings.partitions,
    )
    snapshots = SnapshotStore(settings, topics.state, group)
    metrics = WorkerMetrics()
    metrics.up.set(1)

    async def send_all(topic: Any, records: Iterable[Outgoing]) -> None:
        for o in records:
            await topic.send(key=o.key, value=o.value, partition=o.partition)

    async def send_dead(dead: Sequence[tuple[bytes | None, bytes]], stage: str) -> None:
        metrics.count_dead(stage, (value for _, value in dead))
        for key, value in dead:
            await dead_t.send(key=key, value=value)

    async def send_alerts(alerts: Iterable[AlertEvent]) -> None:
        for alert in alerts:
            metrics.alert(alert)
            key, value = alert.alert_id.encode(), alert.model_dump_json().encode()
            await alerts_t.send(key=key, value=value)
            await incidents_t.send(key=key, value=value)

    async def handle_posts(records: list[Record]) -> None:
        started = time.perf_counter()
        out = one.handle(records)
        metrics.processing.observe((time.perf_counter() - started) / max(len(records), 1))
        sources = {r.partition for r in records}
        await send_all(complaints_t, out.complaints)
        metrics.count_posts(out.by_source)
        metrics.posts.labels("unknown", "dead_letter").inc(len(out.dead))
        metrics.last_post.set(time.time())
        await send_dead(out.dead, "posts")
        await send_all(complaints_t, one.watermarks(sorted(sources)))

    async def idle_watermarks(owned: Iterable[int]) -> None:
        await send_all(complaints_t, one.watermarks(owned, idle=True))

    @app.task  # type: ignore[untyped-decorator]  # faust's decorators carry no types
    async def read_posts() -> None:
        reader = PostsReader(settings, topics.posts, group, app, metrics)
        await reader.run(handle_posts, idle_watermarks)

    @app.agent(complaints_t, concurrency=1)
    async def detect(stream: Any) -> None:
        async for events in stream.take_events(COMPLAINTS_BATCH, within=0.05):
            records = _records(topics.complaints, events)
            for r in records:
                fetched[r.partition] = r.offset + 1
            for p in sorted({r.partition for r in records}):
                if p not in two.stages:
                    two.stage(p, snapshot=await snapshots.load(p))
            out = two.handle(records)
            await send_alerts(out.alerts)
            await send_dead(out.dead, "complaints")
            for p in sorted(out.changed):
                last = max(r.offset for r in records if r.partition == p)
                await state_t.send(key=snapshots.key(p), value=two.snapshot(p, last))

    async def on_revoked(sender: Any, *args: Any, signal: Any = None, **kwargs: Any) -> None:
        revoked: set[Any] = args[0] if args else kwargs.get("revoked", set())
        two.drop(tp.partition for tp in revoked if tp.topic == topics.complaints)
        gone = [tp.partition for tp in revoked if tp.topic == topics.complaints]
        metrics.forget_lag(topics.complaints, gone)
        for p in gone:
            fetched.pop(p, None)
        snapshots.forget()

    fetched: dict[int, int] = {}  # complaints partition -> next offset stage two will read

    @app.timer(interval=LAG_INTERVAL_S)  # type: ignore[untyped-decorator]
    async def complaints_lag() -> None:
        # Faust's consumer holds the high watermarks of its fetch responses.
        for p, position in list(fetched.items()):
            try:
                highwater = app.consumer.highwater(TopicPartition(topics.complaints, p))
            except AssertionError:  # aiokafka asserts: no longer assigned (a rebalance)
                continue
            metrics.set_lag(topics.complaints, p, position, highwater)

    board = AlertBoard(gazetteer)
    add_routes(cast(Any, app.web).web_app.router, board)

    @app.task  # type: ignore[untyped-decorator]
    async def follow_map() -> None:
        await follow_alerts(settings, topics.alerts, board)

    @app.page("/metrics")
    async def prometheus(view: Any, request: Any) -> Any:
        return view.bytes(metrics.render(), content_type="text/plain; version=0.0.4")

    # mode types async receivers in a way mypy cannot match to a coroutine function
    app.on_partitions_revoked.connect(cast(Any, on_revoked))

    return app


def read_snapshot(raw: bytes) -> dict[str, Any]:
    """A snapshot record as data (for tools and tests)."""
    data: dict[str, Any] = orjson.loads(raw)
    return data
