"""docker-compose.kafka.yml (not runnable here: no Docker) agrees with the topics the code makes."""

import base64
from pathlib import Path
from typing import Any

import yaml

from stream.topics import Topics

COMPOSE = Path(__file__).resolve().parents[2] / "docker-compose.kafka.yml"


def _compose() -> dict[str, Any]:
    doc: dict[str, Any] = yaml.safe_load(COMPOSE.read_text())
    return doc


def test_single_node_kraft_broker_on_9092() -> None:
    kafka = _compose()["services"]["kafka"]
    env = kafka["environment"]
    assert kafka["image"].startswith("apache/kafka:")
    assert "9092:9092" in kafka["ports"]
    assert env["KAFKA_PROCESS_ROLES"] == "broker,controller"
    assert env["KAFKA_CONTROLLER_QUORUM_VOTERS"].startswith(f"{env['KAFKA_NODE_ID']}@")
    assert "HOST://localhost:9092" in env["KAFKA_ADVERTISED_LISTENERS"]
    assert env["KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"] == 1
    # KRaft wants a cluster id of 16 bytes, base64url without padding.
    assert len(base64.urlsafe_b64decode(env["CLUSTER_ID"] + "==")) == 16
    listeners = {item.split("://")[0] for item in env["KAFKA_LISTENERS"].split(",")}
    mapped = {item.split(":")[0] for item in env["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"].split(",")}
    assert listeners == mapped


def test_init_creates_the_six_topics_as_the_code_does() -> None:
    init = _compose()["services"]["kafka-init"]
    assert init["depends_on"]["kafka"]["condition"] == "service_healthy"
    script: str = init["command"][0]
    table = script.split("<<'TOPICS'\n")[1].split("\nTOPICS\n", maxsplit=1)[0]
    rows = {
        name: (policy, retention) for name, policy, retention in map(str.split, table.splitlines())
    }
    specs = Topics("p").specs(4)
    assert [f"p.{name}.v1" for name in rows] == [s.name for s in specs]
    for spec in specs:
        policy, retention = rows[spec.name.split(".")[1]]
        assert policy == spec.configs["cleanup.policy"]
        assert retention == spec.configs["retention.ms"]
    assert init["environment"]["PARTITIONS"] == "${STORINGSRADAR_PARTITIONS:-4}"
