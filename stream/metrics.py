"""The worker's Prometheus metrics, served at ``/metrics`` on its web server.

Names are in base units (``_total``, ``_seconds``); no postcode, author or free text is ever a
label: sources outside :data:`SOURCES` count as ``other`` and dead-letter reasons are reduced to
the few kinds of :func:`dead_letter_reason`, so the number of series stays fixed however many
areas, authors or alerts there are.

Consumer lag is computed per topic partition from the position the worker has fetched up to
and the high watermark the broker sent in its fetch responses, never from ``end_offsets()``
(wrong on the local broker, ``../shared/PITFALLS.md``).
"""

import asyncio
from collections.abc import Iterable, Iterator
from typing import Any

import orjson
from aiokafka.errors import IllegalStateError
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from schemas import AlertEvent

#: From seconds to an hour: an alert normally follows its first report within minutes.
LATENCY_BUCKETS = (1, 2, 5, 10, 30, 60, 120, 300, 600, 900, 1800, 3600)
#: Stage one spends microseconds per post; a slow batch shows up in the upper buckets.
PROCESSING_BUCKETS = (
    0.000_005, 0.000_01, 0.000_025, 0.000_05, 0.000_1, 0.000_25, 0.000_5,
    0.001, 0.002_5, 0.005, 0.01, 0.025, 0.1,
)  # fmt: skip
#: Sources named in the contract; anything else is ``other`` (input decides, cardinality must not).
SOURCES = frozenset({"x", "mastodon", "bluesky", "rss", "file"})
OUTCOMES = ("complaint", "noise", "dead_letter")
#: A position being reset is not waited for: the next fetch sets the lag.
POSITION_WAIT_S = 0.05


def source_label(source: str) -> str:
    """A bounded ``source`` label.

    >>> source_label("mastodon"), source_label("someones-scraper")
    ('mastodon', 'other')
    """
    return source if source in SOURCES else "other"


def dead_letter_reason(value: bytes) -> str:
    """The kind of a dead letter (its ``reason`` text is a free message, unfit as a label).

    >>> dead_letter_reason(b'{"field": "<json>", "reason": "Invalid JSON"}')
    'invalid_json'
    >>> dead_letter_reason(b'{"field": "created_at", "reason": "Input should be..."}')
    'invalid_field'
    """
    try:
        where = orjson.loads(value).get("field", "")
    except (orjson.JSONDecodeError, AttributeError):
        return "unknown"
    return {
        "<json>": "invalid_json",
        "<record>": "empty_or_too_large",
        "<stage message>": "invalid_stage_message",
    }.get(where, "invalid_field")


class _OpenAlerts(Collector):
    """``storingsradar_open_alerts`` by utility and level, counted at scrape time."""

    def __init__(self) -> None:
        self.alerts: dict[str, tuple[str, int]] = {}

    def apply(self, event: AlertEvent) -> None:
        if event.status == "resolved":
            self.alerts.pop(event.alert_id, None)
        else:
            self.alerts[event.alert_id] = (event.utility, event.level)

    def collect(self) -> Iterator[GaugeMetricFamily]:
        counts: dict[tuple[str, int], int] = {}
        for key in self.alerts.values():
            counts[key] = counts.get(key, 0) + 1
        family = GaugeMetricFamily(
            "storingsradar_open_alerts",
            "Alerts this worker opened that are not resolved yet, by utility and level.",
            labels=["utility", "level"],
        )
        for (utility, level), n in sorted(counts.items()):
            family.add_metric([utility, str(level)], n)
        yield family


class WorkerMetrics:
    """One registry per app, so several apps in one process (tests) never collide."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.posts = Counter(
            "storingsradar_posts_total", "Posts read from the posts topic, by source and outcome.",
            ["source", "outcome"], registry=r,
        )  # fmt: skip
        self.processing = Histogram(
            "storingsradar_post_processing_seconds",
            "Wall time stage one spends per post (validate, classify, geotag, route), "
            "observed once per batch as the batch's time divided by its posts.",
            buckets=PROCESSING_BUCKETS, registry=r,
        )  # fmt: skip
        self.dead_letters = Counter(
            "storingsradar_dead_letters_total",
            "Records sent to the dead-letter topic, by stage and kind of reason.",
            ["stage", "reason"], registry=r,
        )  # fmt: skip
        self.alert_events = Counter(
            "storingsradar_alert_events_total", "Alert events published, by status and utility.",
            ["status", "utility"], registry=r,
        )  # fmt: skip
        self.detection_latency = Histogram(
            "storingsradar_detection_latency_seconds",
            "Wall time an opened alert was published minus its first report's post time.",
            buckets=LATENCY_BUCKETS, registry=r,
        )  # fmt: skip
        self.lag = Gauge(
            "storingsradar_consumer_lag_records",
            "Records behind the high watermark of the last fetch response, per topic partition.",
            ["topic", "partition"], registry=r,
        )  # fmt: skip
        self.last_post = Gauge(
            "storingsradar_last_post_processed_timestamp_seconds",
            "Unix time stage one last finished a batch of posts.", registry=r,
        )  # fmt: skip
        self.up = Gauge("storingsradar_worker_up", "1 while the worker runs.", registry=r)
        self.ready = Gauge(
            "storingsradar_worker_ready",
            "1 once the worker has partitions of the posts topic and fetches from them.",
            registry=r,
        )
        self.open_alerts = _OpenAlerts()
        r.register(self.open_alerts)

    def count_posts(self, counts: dict[tuple[str, str], int]) -> None:
        """Add a batch's posts, counted by (source, outcome)."""
        for (source, outcome), n in counts.items():
            if n:
                self.posts.labels(source_label(source), outcome).inc(n)

    def count_dead(self, stage: str, values: Iterable[bytes]) -> None:
        """Count dead letters (their encoded :class:`schemas.DeadLetter` values)."""
        for value in values:
            self.dead_letters.labels(stage, dead_letter_reason(value)).inc()

    def alert(self, event: AlertEvent, *, latency_s: float | None = None) -> None:
        """Count an alert event; ``latency_s`` defaults to emitted_at minus first_post_at."""
        self.alert_events.labels(event.status, event.utility).inc()
        self.open_alerts.apply(event)
        if event.status == "opened":
            if latency_s is None:
                latency_s = (event.emitted_at - event.first_post_at).total_seconds()
            self.detection_latency.observe(max(latency_s, 0.0))

    def set_lag(self, topic: str, partition: int, position: int, highwater: int | None) -> None:
        """The lag of one partition from the next offset to fetch and the fetched high watermark."""
        if highwater is not None:
            self.lag.labels(topic, str(partition)).set(max(highwater - position, 0))

    def forget_lag(self, topic: str, partitions: Iterable[int]) -> None:
        """Drop the lag series of partitions this worker no longer owns (not zero: unknown)."""
        for p in partitions:
            try:
                self.lag.remove(topic, str(p))
            except KeyError:
                continue

    def render(self) -> bytes:
        """The exposition text."""
        return generate_latest(self.registry)


async def consumer_lag(metrics: WorkerMetrics, consumer: Any, topic: str) -> None:
    """Set the lag of an aiokafka ``consumer``'s partitions of ``topic``.

    ``highwater`` is what the last fetch response of a partition said (``None`` before one);
    ``position`` is the next offset the consumer returns, known locally once it has fetched. A
    partition whose position is being reset (a rebalance) is skipped rather than waited for.
    """
    for tp in consumer.assignment():
        if tp.topic != topic:
            continue
        highwater = consumer.highwater(tp)
        if highwater is None:
            continue
        try:
            position = await asyncio.wait_for(consumer.position(tp), POSITION_WAIT_S)
        except (TimeoutError, IllegalStateError):
            continue
        metrics.set_lag(topic, tp.partition, position, highwater)
