"""Live settings: environment variables ``STORINGSRADAR_*``, overridden by command-line flags.

Each setting ``name`` comes from ``STORINGSRADAR_<NAME>`` and the flag in the table:

| setting | flag | default |
|---|---|---|
| bootstrap_servers | ``--bootstrap-servers`` | 127.0.0.1:9092 |
| topic_prefix | ``--topic-prefix`` | storingsradar |
| partitions | ``--partitions`` | 4 |
| store | ``--store`` | memory:// (or rocksdb://) |
| lateness_s | ``--lateness`` | 180 |
| session_timeout_s | ``--session-timeout`` | 6 |
| fetch_wait_s | ``--fetch-wait`` | 0.1 |
| web_port | ``--web-port`` | 6066 |
| web_host | ``--web-host`` | 127.0.0.1 |
| worker_id | ``--worker-id`` | the host name |
| settings_file | ``--settings`` | none: the threshold detector (`tune` writes one) |

>>> s = LiveSettings.from_env({"STORINGSRADAR_PARTITIONS": "8", "STORINGSRADAR_WORKER_ID": "w1"})
>>> (s.partitions, s.topic_prefix, s.worker_id)
(8, 'storingsradar', 'w1')
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import socket
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from stream.exceptions import LiveConfigError

ENV_PREFIX = "STORINGSRADAR_"
STORES = ("memory://", "rocksdb://")


def _default_worker_id() -> str:
    # Stable across restarts of a worker on one host, so a restarted worker is recognisable;
    # several workers on one host need distinct ids (--worker-id).
    return socket.gethostname() or "worker"


@dataclass(frozen=True, slots=True)
class LiveSettings:
    """Where the live path finds Kafka and how the worker runs.

    Build it with :meth:`from_env` (environment only) or :meth:`from_args` (environment, then
    the flags of :func:`add_live_arguments`); ``dataclasses.replace`` gives a variant.
    """

    bootstrap_servers: str = "127.0.0.1:9092"
    topic_prefix: str = "storingsradar"
    partitions: int = 4
    store: str = "memory://"
    lateness_s: float = 180.0
    session_timeout_s: float = 6.0
    #: The longest a consumer's fetch waits at the tail of a topic. A broker answers earlier
    #: when records arrive, but not every one does: Tansu rechecks only every half of this
    #: wait (measured: p50 66 ms, max 245 ms from produce to consume at 500 ms; 12 / 50 ms at
    #: 100 ms), so each hop of the pipeline paid up to the wait (Faust's own is 1.5 s).
    fetch_wait_s: float = 0.1
    web_port: int = 6066
    web_host: str = "127.0.0.1"
    worker_id: str = field(default_factory=_default_worker_id)
    settings_file: str = ""

    def __post_init__(self) -> None:
        _check(bool(self.bootstrap_servers.strip()), "bootstrap_servers", "must not be empty")
        _check(
            bool(self.topic_prefix) and all(c.isalnum() or c in "._-" for c in self.topic_prefix),
            "topic_prefix",
            f"{self.topic_prefix!r} must be letters, digits, '.', '_' or '-'",
        )
        _check(self.partitions >= 1, "partitions", f"{self.partitions} must be at least 1")
        _check(
            self.store.startswith(STORES),
            "store",
            f"{self.store!r} must start with memory:// or rocksdb://",
        )
        _check(self.lateness_s >= 0, "lateness_s", f"{self.lateness_s} must be >= 0")
        _check(
            self.session_timeout_s > 0, "session_timeout_s", f"{self.session_timeout_s} must be > 0"
        )
        _check(
            0 < self.fetch_wait_s <= 30, "fetch_wait_s", f"{self.fetch_wait_s} must be in (0, 30]"
        )
        _check(0 < self.web_port < 65536, "web_port", f"{self.web_port} is not a TCP port")
        _check(bool(self.worker_id), "worker_id", "must not be empty")

    @property
    def bootstrap_list(self) -> list[str]:
        """``bootstrap_servers`` split at commas, as Kafka clients take it."""
        return [s.strip() for s in self.bootstrap_servers.split(",") if s.strip()]

    @property
    def heartbeat_interval_s(self) -> float:
        """A third of the session timeout, as Kafka recommends."""
        return self.session_timeout_s / 3

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> LiveSettings:
        """The settings from ``STORINGSRADAR_*`` variables (``os.environ`` by default)."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            raw = env.get(ENV_PREFIX + f.name.upper())
            if raw is not None and raw.strip():
                values[f.name] = _convert(f.name, raw.strip(), ENV_PREFIX + f.name.upper())
        return cls(**values)

    @classmethod
    def from_args(
        cls, args: argparse.Namespace, environ: Mapping[str, str] | None = None
    ) -> LiveSettings:
        """The environment's settings with every flag the user gave laid over them."""
        base = cls.from_env(environ)
        flags = {
            f.name: getattr(args, f.name)
            for f in dataclasses.fields(cls)
            if getattr(args, f.name, None) is not None
        }
        return dataclasses.replace(base, **flags)


def _check(ok: bool, name: str, problem: str) -> None:
    if not ok:
        flag = "--" + _FLAGS.get(name, name).replace("_", "-")
        msg = f"live setting {name} ({flag}, {ENV_PREFIX}{name.upper()}): {problem}"
        raise LiveConfigError(msg)


_FLAGS = {
    "lateness_s": "lateness",
    "session_timeout_s": "session_timeout",
    "fetch_wait_s": "fetch_wait",
    "settings_file": "settings",
}

_TYPES: dict[str, Callable[[str], Any]] = {
    "partitions": int,
    "lateness_s": float,
    "session_timeout_s": float,
    "fetch_wait_s": float,
    "web_port": int,
}


def _convert(name: str, raw: str, source: str) -> Any:
    convert = _TYPES.get(name, str)
    try:
        return convert(raw)
    except ValueError:
        msg = f"{source}={raw!r} is not a valid {convert.__name__}"
        raise LiveConfigError(msg) from None


def add_live_arguments(parser: argparse.ArgumentParser, *, worker: bool = True) -> None:
    """The live flags; each overrides its ``STORINGSRADAR_*`` variable.

    ``worker=False`` leaves out the worker-only flags (store, lateness, web, worker id), for
    ``produce`` and ``alerts``.
    """
    group = parser.add_argument_group(
        "live (Kafka)", "each flag overrides the STORINGSRADAR_* environment variable named"
    )
    defaults = LiveSettings(worker_id="-")

    def add(name: str, kind: Callable[[str], Any], help_: str, **extra: Any) -> None:
        flag = "--" + _FLAGS.get(name, name).replace("_", "-")
        default = getattr(defaults, name) if name != "worker_id" else "the host name"
        default = default if default != "" else "none"
        group.add_argument(
            flag,
            dest=name,
            type=kind,
            default=None,
            help=f"{help_} (${ENV_PREFIX}{name.upper()}, default {default})",
            **extra,
        )

    add("bootstrap_servers", str, "Kafka brokers, host:port[,host:port...]", metavar="HOSTS")
    add("topic_prefix", str, "prefix of the topic names", metavar="PREFIX")
    add("partitions", int, "partitions of the topics this command creates", metavar="N")
    if worker:
        add("store", str, "Faust table store: memory:// or rocksdb://", metavar="URL")
        add("lateness_s", float, "allowed lateness of posts, seconds", metavar="S")
        add("session_timeout_s", float, "consumer-group session timeout, seconds", metavar="S")
        add("fetch_wait_s", float, "longest wait of a fetch at a tail, seconds", metavar="S")
        add("web_port", int, "port of the worker's web server", metavar="PORT")
        add("web_host", str, "address of the worker's web server", metavar="HOST")
        add("worker_id", str, "this worker's id; distinct per worker on one host", metavar="ID")
        add("settings_file", str, "detector settings from `storingsradar tune`", metavar="FILE")
