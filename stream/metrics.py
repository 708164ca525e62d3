"""The worker's Prometheus metrics, served at ``/metrics`` on its web server.

Names are in base units (``_total``, ``_seconds``); no postcode or author is ever a label.
"""

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

#: From seconds to an hour: an alert normally follows its first report within minutes.
LATENCY_BUCKETS = (1, 2, 5, 10, 30, 60, 120, 300, 600, 900, 1800, 3600)


class WorkerMetrics:
    """One registry per app, so several apps in one process (tests) never collide."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.posts = Counter(
            "storingsradar_posts_total", "Posts read from the posts topic, by outcome.",
            ["outcome"], registry=self.registry,
        )  # fmt: skip
        self.dead_letters = Counter(
            "storingsradar_dead_letters_total", "Records sent to the dead-letter topic, by stage.",
            ["stage"], registry=self.registry,
        )  # fmt: skip
        self.alert_events = Counter(
            "storingsradar_alert_events_total", "Alert events published, by status and utility.",
            ["status", "utility"], registry=self.registry,
        )  # fmt: skip
        self.detection_latency = Histogram(
            "storingsradar_detection_latency_seconds",
            "Wall time an opened alert was published minus its first report's post time.",
            buckets=LATENCY_BUCKETS, registry=self.registry,
        )  # fmt: skip
        self.up = Gauge(
            "storingsradar_worker_up", "1 while the worker runs.", registry=self.registry
        )

    def render(self) -> bytes:
        """The exposition text."""
        return generate_latest(self.registry)
