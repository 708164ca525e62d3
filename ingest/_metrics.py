"""Counters of each source, as Prometheus metrics and as plain numbers for summaries and tests.

Every counter is named ``storingsradar_ingest_<what>_total`` with the label ``source``. They live
in a registry of their own (:data:`REGISTRY`) so several sources in one process, or one test
session, share the metric families without clashing with the worker's metrics.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, fields

from prometheus_client import CollectorRegistry, Counter, start_http_server

REGISTRY = CollectorRegistry(auto_describe=True)

_HELP = {
    "received": "posts received from the source (past the keyword filter, before dedupe)",
    "produced": "posts the broker acknowledged",
    "duplicates": "posts dropped because their id was seen recently",
    "filtered": "posts dropped by the local keyword filter",
    "malformed": "messages that could not be read as a post",
    "undelivered": "posts that could not be delivered to the broker (queue full or send failed)",
    "reconnects": "reconnections to the source",
    "rate_limited": "HTTP 429 answers from the source",
}

_COUNTERS = {
    name: Counter(f"storingsradar_ingest_{name}", help_, ["source"], registry=REGISTRY)
    for name, help_ in _HELP.items()
}


@dataclass(slots=True)
class SourceMetrics:
    """The counters of one source; :meth:`inc` bumps the number and the Prometheus counter."""

    source: str
    received: int = 0
    produced: int = 0
    duplicates: int = 0
    filtered: int = 0
    malformed: int = 0
    undelivered: int = 0
    reconnects: int = 0
    rate_limited: int = 0
    _children: dict[str, Counter] = field(default_factory=dict, repr=False)
    # The sink counts from its drain thread and the producer's callback thread as well.
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        self._children = {name: c.labels(source=self.source) for name, c in _COUNTERS.items()}

    def inc(self, name: str, amount: int = 1) -> None:
        """Add ``amount`` to counter ``name`` (one of the field names)."""
        with self._lock:
            setattr(self, name, getattr(self, name) + amount)
        self._children[name].inc(amount)

    def summary(self) -> str:
        """``received=.. produced=.. ...`` for the final log line."""
        return " ".join(
            f"{f.name}={getattr(self, f.name)}" for f in fields(self) if f.name in _HELP
        )


def serve_metrics(port: int, host: str = "127.0.0.1") -> None:
    """Serve :data:`REGISTRY` on ``http://host:port/metrics`` from a daemon thread."""
    start_http_server(port, addr=host, registry=REGISTRY)
