"""Live settings: environment first, flags over it, clear errors naming flag and variable."""

import argparse
import dataclasses

import pytest

from stream.exceptions import LiveConfigError
from stream.settings import LiveSettings, add_live_arguments


def _parse(argv: list[str], *, worker: bool = True) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_live_arguments(parser, worker=worker)
    return parser.parse_args(argv)


def test_defaults() -> None:
    s = LiveSettings.from_env({})
    assert s.bootstrap_servers == "127.0.0.1:9092"
    assert (s.topic_prefix, s.partitions, s.store) == ("storingsradar", 4, "memory://")
    assert (s.lateness_s, s.session_timeout_s) == (180.0, 6.0)
    assert (s.web_host, s.web_port) == ("127.0.0.1", 6066)
    assert s.worker_id


def test_environment_then_flags() -> None:
    env = {
        "STORINGSRADAR_BOOTSTRAP_SERVERS": "kafka1:9092, kafka2:9092",
        "STORINGSRADAR_PARTITIONS": "12",
        "STORINGSRADAR_STORE": "rocksdb://",
        "STORINGSRADAR_LATENESS_S": "60",
    }
    args = _parse(["--partitions", "6", "--lateness", "90", "--worker-id", "w2"])
    s = LiveSettings.from_args(args, env)
    assert s.bootstrap_list == ["kafka1:9092", "kafka2:9092"]
    assert (s.partitions, s.store, s.lateness_s, s.worker_id) == (6, "rocksdb://", 90.0, "w2")


def test_producer_flags_leave_out_worker_settings() -> None:
    args = _parse(["--topic-prefix", "demo"], worker=False)
    assert not hasattr(args, "store")
    assert LiveSettings.from_args(args, {}).topic_prefix == "demo"


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"STORINGSRADAR_PARTITIONS": "four"}, "STORINGSRADAR_PARTITIONS"),
        ({"STORINGSRADAR_PARTITIONS": "0"}, "--partitions"),
        ({"STORINGSRADAR_STORE": "redis://"}, "STORINGSRADAR_STORE"),
        ({"STORINGSRADAR_TOPIC_PREFIX": "a b"}, "--topic-prefix"),
        ({"STORINGSRADAR_SESSION_TIMEOUT_S": "-1"}, "--session-timeout"),
    ],
)
def test_bad_values_name_their_source(env: dict[str, str], named: str) -> None:
    with pytest.raises(LiveConfigError, match=named):
        LiveSettings.from_env(env)


def test_frozen() -> None:
    s = LiveSettings(worker_id="w")
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.partitions = 8  # type: ignore[misc]
    assert dataclasses.replace(s, partitions=8).partitions == 8
