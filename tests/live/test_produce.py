"""``produce``: every line reaches the posts topic byte for byte, keyed by post id, paced."""

import argparse
import dataclasses
import hashlib
import random
from collections import defaultdict
from pathlib import Path

import pytest
from kafka.partitioner.default import murmur2 as kafka_murmur2

from stream import produce
from stream.broker import free_port
from stream.exceptions import BrokerUnavailableError, LiveError
from stream.follow import iter_topic
from stream.produce import parse_speed, produce_file
from stream.settings import LiveSettings
from stream.topics import Topics, murmur2, partition_for

GOOD = (
    b'{"id":"p1","source":"x","created_at":"2025-03-03T08:00:00Z",'
    b'"text":"weer geen stroom in 6821","author_id":"a1"}'
)
LINES = [
    GOOD,
    b'{"id":"p2","source":"x","created_at":"2025-03-03T08:00:30Z",'
    b'"text":"ook hier","author_id":"a2"}',
    b"dit is geen json",
    b"[1, 2, 3]",
    b'{"id": 42, "text": "id is a number"}',
    (
        '{"id":"p3","source":"mastodon","created_at":"2025-03-03T08:01:00Z",'
        '"text":"stroomstoring Lombok?? één","author_id":"a3"}'
    ).encode(),
    b'{"id":"p4","source":"x","created_at":"not a time","text":"x","author_id":"a4"}',
]


def _write(path: Path, lines: list[bytes], *, crlf_at: int = 1) -> Path:
    body = b""
    for n, line in enumerate(lines):
        body += line + (b"\r\n" if n == crlf_at else b"\n")
        if n == 2:
            body += b"\n   \n"  # blank lines carry nothing and are skipped
    path.write_bytes(body)
    return path


def _expected_key(line: bytes) -> bytes:
    ids = {GOOD: b"p1", LINES[1]: b"p2", LINES[5]: b"p3", LINES[6]: b"p4"}
    return ids.get(line) or hashlib.blake2b(line, digest_size=16).hexdigest().encode()


def _fetch(settings: LiveSettings) -> list[tuple[int, bytes, bytes, int]]:
    topic = Topics(settings.topic_prefix).posts
    return [
        (r.partition, r.key, r.value, r.timestamp) for r in iter_topic(settings, topic, idle_s=1.0)
    ]


@pytest.mark.parametrize("processes", [1, 2])
def test_round_trip_keeps_every_line(
    live_settings: LiveSettings, tmp_path: Path, processes: int
) -> None:
    settings = dataclasses.replace(
        live_settings, topic_prefix=f"{live_settings.topic_prefix}p{processes}"
    )
    # Enough lines that every partition gets several, to check the order within partitions.
    lines = LINES + [GOOD.replace(b'"p1"', f'"q{n}"'.encode()) for n in range(200)]
    stats = produce_file(_write(tmp_path / "posts.jsonl", lines), settings, None, processes)
    assert stats.records == len(lines)
    assert stats.keyed_by_hash == 3
    assert stats.blank_lines == 2
    assert (stats.rejected, stats.failed) == (0, 0)

    fetched = _fetch(settings)
    assert len(fetched) == len(lines)
    expected_keys = {line: _expected_key(line) for line in LINES}
    got = sorted((key, value) for _, key, value, _ in fetched)
    want = sorted(
        (expected_keys.get(line) or f"q{n - len(LINES)}".encode(), line)
        for n, line in enumerate(lines)
    )
    assert got == want
    by_partition: dict[int, list[bytes]] = defaultdict(list)
    for partition, key, value, _ in fetched:
        assert partition == partition_for(key, settings.partitions)
        by_partition[partition].append(value)
    assert len(by_partition) == settings.partitions
    for values in by_partition.values():
        assert values == [line for line in lines if line in set(values)]


def test_speed_keeps_event_time_gaps(live_settings: LiveSettings, tmp_path: Path) -> None:
    settings = dataclasses.replace(live_settings, topic_prefix=live_settings.topic_prefix + "s")
    lines = [
        f'{{"id":"s{n}","source":"x","created_at":"2025-03-03T08:0{n}:00Z","text":"t",'
        f'"author_id":"a"}}'.encode()
        for n in range(3)
    ]
    stats = produce_file(_write(tmp_path / "paced.jsonl", lines, crlf_at=-1), settings, 600.0)
    # 60 s gaps at 600x: 0.1 s each. Lower bounds only: a loaded machine may be slower.
    assert stats.records == 3
    assert stats.seconds >= 0.19
    stamps = sorted(ts for *_, ts in _fetch(settings))
    assert stamps[-1] - stamps[0] >= 190  # Kafka timestamps are the wall clock at send time


def test_murmur2_is_kafkas() -> None:
    rng = random.Random(7)
    for _ in range(2000):
        key = rng.randbytes(rng.randint(0, 40))
        assert murmur2(key) & 0x7FFFFFFF == kafka_murmur2(key) & 0x7FFFFFFF


def test_parse_speed() -> None:
    assert parse_speed("max") is None
    assert parse_speed("60") == 60.0
    for bad in ("0", "-3", "fast"):
        with pytest.raises(argparse.ArgumentTypeError):
            parse_speed(bad)


def test_cli_prints_a_summary(
    live_settings: LiveSettings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    parser = argparse.ArgumentParser()
    produce.add_arguments(parser)
    args = parser.parse_args(
        [
            "--posts",
            str(_write(tmp_path / "cli.jsonl", LINES)),
            "--bootstrap-servers",
            live_settings.bootstrap_servers,
            "--topic-prefix",
            live_settings.topic_prefix + "c",
        ]
    )
    assert produce.run(args) == 0
    out = capsys.readouterr().out
    assert f"{len(LINES)} records" in out
    assert "records/s" in out


def test_no_broker_or_no_file_is_a_clear_error(tmp_path: Path) -> None:
    nowhere = LiveSettings(bootstrap_servers=f"127.0.0.1:{free_port()}", worker_id="t")
    with pytest.raises(BrokerUnavailableError, match="make kafka-local"):
        produce_file(_write(tmp_path / "p.jsonl", LINES), nowhere)
    with pytest.raises(LiveError, match="not found"):
        produce_file(tmp_path / "missing.jsonl", nowhere)


def test_a_failing_producer_process_is_reported(
    live_settings: LiveSettings, tmp_path: Path
) -> None:
    # The file vanishes between the parent's check and the shards' reading of it.
    with pytest.raises(LiveError, match="producer process ended with code 1"):
        produce._run_shards(tmp_path / "gone.jsonl", live_settings, None, 2)


def test_rate_offers_a_fixed_load(live_settings: LiveSettings, tmp_path: Path) -> None:
    settings = dataclasses.replace(live_settings, topic_prefix=live_settings.topic_prefix + "r")
    path = _write(tmp_path / "rate.jsonl", LINES * 3)
    stats = produce_file(path, settings, rate=100.0)
    # 21 records at 100/s: the last leaves 0.2 s after the first (lower bound only).
    assert stats.records == 21
    stamps = sorted(ts for *_, ts in _fetch(settings))
    assert stamps[-1] - stamps[0] >= 190
    with pytest.raises(LiveError, match="not both"):
        produce_file(path, settings, 60.0, rate=100.0)
