"""``alerts``: what the worker writes to the alerts topic, read the way a dashboard does."""

import argparse
import dataclasses
import threading
import time
from datetime import UTC, datetime, timedelta

import orjson
import pytest
from kafka import KafkaProducer

from schemas import AlertEvent
from stream import follow
from stream.exceptions import LiveError
from stream.follow import iter_alerts, read_alerts
from stream.settings import LiveSettings
from stream.topics import Topics, ensure_topics

T0 = datetime(2025, 3, 3, 8, 14, 5, tzinfo=UTC)


def _event(n: int, status: str = "opened") -> AlertEvent:
    return AlertEvent(
        alert_id=f"alert-{n}",
        status=status,  # type: ignore[arg-type]
        utility="stroom",
        postcodes=("6821", "6822"),
        centroid={"lat": 51.98, "lon": 5.91},  # type: ignore[arg-type]
        gemeente="Arnhem",
        first_post_at=T0 - timedelta(minutes=4),
        detected_at=T0 + timedelta(minutes=n),
        emitted_at=T0 + timedelta(minutes=n, seconds=1),
        reports=3 + n,
        level=1 + n % 3,
        score=2.5,
        evidence=("p1", "p2"),
    )


def _send(settings: LiveSettings, values: list[tuple[bytes, bytes]]) -> None:
    ensure_topics(settings)
    producer = KafkaProducer(bootstrap_servers=settings.bootstrap_list, linger_ms=1)
    for key, value in values:
        producer.send(Topics(settings.topic_prefix).alerts, key=key, value=value)
    producer.flush()
    producer.close()


@pytest.fixture(scope="module")
def with_alerts(live_settings: LiveSettings) -> tuple[LiveSettings, list[AlertEvent]]:
    events = [_event(n, status) for n, status in enumerate(["opened", "updated", "resolved"])]
    values = [(e.alert_id.encode(), e.model_dump_json().encode()) for e in events]
    _send(live_settings, [*values[:2], (b"junk", b"{not an alert"), values[2]])
    return live_settings, events


def test_read_alerts_validates_every_event(
    with_alerts: tuple[LiveSettings, list[AlertEvent]],
) -> None:
    settings, events = with_alerts
    got = read_alerts(settings, timeout_s=1.0)
    assert sorted(got, key=lambda e: e.alert_id) == events
    with pytest.raises(LiveError, match="not an alert event"):
        read_alerts(settings, timeout_s=1.0, strict=True)


def test_cli_human_and_json(
    with_alerts: tuple[LiveSettings, list[AlertEvent]], capsys: pytest.CaptureFixture[str]
) -> None:
    settings, events = with_alerts
    parser = argparse.ArgumentParser()
    follow.add_arguments(parser)
    common = ["--bootstrap-servers", settings.bootstrap_servers]
    common += ["--topic-prefix", settings.topic_prefix, "--idle", "1"]

    assert follow.run(parser.parse_args(common)) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert len(lines) == 3
    assert any("opened" in line and "alert-0" in line and "6821 6822" in line for line in lines)
    assert "3 events, 1 invalid" in err

    assert follow.run(parser.parse_args([*common, "--json"])) == 0
    out, _ = capsys.readouterr()
    parsed = [orjson.loads(line) for line in out.splitlines() if line.startswith('{"')]
    assert sorted(p["alert_id"] for p in parsed) == [e.alert_id for e in events]


def test_follow_prints_only_new_alerts(live_settings: LiveSettings) -> None:
    settings = dataclasses.replace(live_settings, topic_prefix=live_settings.topic_prefix + "f")
    old, new = _event(1), _event(2, "updated")
    _send(settings, [(b"alert-1", old.model_dump_json().encode())])
    seen: list[AlertEvent | None] = []
    records = iter_alerts(settings, follow=True, from_beginning=False)

    def first() -> None:
        seen.append(next(records).event)

    reader = threading.Thread(target=first)
    reader.start()
    # The follower reads the history and drops it until the topic has been quiet for 1 s.
    time.sleep(2.0)
    _send(settings, [(b"alert-2", new.model_dump_json().encode())])
    reader.join(timeout=10)
    records.close()
    assert seen == [new]
