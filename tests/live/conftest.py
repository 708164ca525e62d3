"""A real Kafka-protocol broker for the live tests, started by the test session itself.

``live_broker`` is one Tansu per session on a free port (so a developer's own broker on 9092
and parallel CI jobs never collide); ``live_settings`` points at it with a topic prefix of its
own per test module, so modules never see each other's records.
"""

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from stream.broker import LocalBroker, free_port
from stream.settings import LiveSettings


@pytest.fixture(scope="session")
def live_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalBroker]:
    """A Tansu broker for the whole session; its log is in the session's temporary directory."""
    workdir: Path = tmp_path_factory.mktemp("tansu")
    with LocalBroker(free_port(), workdir) as broker:
        yield broker


def settings_for(broker: LocalBroker, **overrides: object) -> LiveSettings:
    """Settings on ``broker`` with a fresh topic prefix and test-sized timeouts."""
    values: dict[str, object] = {
        "bootstrap_servers": broker.bootstrap_servers,
        "topic_prefix": f"t{uuid.uuid4().hex[:12]}",
        "partitions": 4,
        # The first group join waits about half the session timeout (PITFALLS.md).
        "session_timeout_s": 3.0,
        "web_port": free_port(),
        "worker_id": "test",
    }
    values.update(overrides)
    return LiveSettings(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def live_settings(live_broker: LocalBroker) -> LiveSettings:
    """Settings on the session's broker with a topic prefix unique to this test module."""
    return settings_for(live_broker)
