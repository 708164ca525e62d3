"""``storingsradar produce``: send a posts file to the posts topic, at a speed factor.

Each line goes out as it is written in the file (its line terminator removed): the producer does
not validate posts, so a bad record reaches the worker, which sends it to the dead-letter topic
with its reason. The key is the post's ``id`` when the line is a JSON object with a string id,
otherwise a hash of the line; the partition is the one any Java-compatible client picks for that
key (murmur2), so a post sent twice lands in the same partition.

``--speed 60`` keeps the event-time gaps between consecutive posts (``created_at``) divided by
60: one hour of posts in one minute. ``--speed max`` sends as fast as the broker takes it, for
backlogs and load tests; it then uses two producer processes when the machine has two cores, each
owning half of the partitions, so the order of the posts within every partition is the file's.
Each record's Kafka timestamp is the wall clock at send time (Kafka's default), which the
latency benchmark compares with the alert's.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson
from kafka import KafkaProducer
from kafka.errors import KafkaError, KafkaTimeoutError, MessageSizeTooLargeError

from storingsradar.exceptions import StoringsradarError
from stream.exceptions import BrokerUnavailableError, LiveError
from stream.settings import LiveSettings, add_live_arguments
from stream.topics import Topics, ensure_topics, partition_for, require_broker

# Measured into Tansu with ~200-byte posts: 512 KiB batches reach the throughput plateau;
# larger batches gain nothing and a batch must stay under Apache Kafka's default
# message.max.bytes (1 MiB). From a backlog batches fill long before the linger ends; paced,
# the linger decides how many record batches the topic holds, and Tansu's memory store spends
# time on every fetch in proportion to the batches already in the partition (measured: with a
# 5 ms linger at 1,000 posts/s a consumer at the tail took the broker from 6 % to 78 % of a
# core in 140 s; with 100 ms it stayed at 3 %). Over an hour even 100 ms was too short: every
# consumer that fetches ten times a second pays for the batches ten more a second left behind
# (the one-hour soak's p99 went 1.3 s -> 5.9 s by quarter). Apache Kafka, too, prefers fewer
# larger batches.
BATCH_BYTES = 512 * 1024
LINGER_MS = 250
MAX_REQUEST_BYTES = 1024 * 1024
# Sleeping for less than this costs more in wake-ups than it buys in pacing accuracy.
MIN_SLEEP_S = 0.002
PROGRESS_EVERY_S = 10.0
MAX_ERRORS_SHOWN = 10


@dataclass(slots=True)
class ProduceStats:
    """What one ``produce`` run sent."""

    records: int = 0
    bytes: int = 0
    seconds: float = 0.0
    keyed_by_hash: int = 0
    blank_lines: int = 0
    rejected: int = 0
    failed: int = 0
    processes: int = 1
    errors: list[str] = field(default_factory=list)

    @property
    def records_per_s(self) -> float:
        """Records sent per wall-clock second."""
        return self.records / self.seconds if self.seconds > 0 else 0.0

    def add(self, other: ProduceStats) -> None:
        """Add a shard's counts (not its seconds: the shards ran side by side)."""
        self.records += other.records
        self.bytes += other.bytes
        self.keyed_by_hash += other.keyed_by_hash
        self.blank_lines += other.blank_lines
        self.rejected += other.rejected
        self.failed += other.failed
        self.errors.extend(other.errors[: max(0, MAX_ERRORS_SHOWN - len(self.errors))])


def parse_speed(text: str) -> float | None:
    """``max`` → ``None`` (as fast as possible); a number > 0 → that factor."""
    if text.strip().lower() == "max":
        return None
    try:
        speed = float(text)
    except ValueError:
        msg = f"--speed {text!r}: give a factor such as 60 (one hour in a minute) or max"
        raise argparse.ArgumentTypeError(msg) from None
    if not speed > 0:
        msg = f"--speed {text!r}: the factor must be greater than 0 (or max)"
        raise argparse.ArgumentTypeError(msg)
    return speed


def _event_time(created_at: object) -> float | None:
    """``created_at`` as epoch seconds, or ``None`` when it is not an RFC 3339 time with offset."""
    if not isinstance(created_at, str):
        return None
    try:
        moment = datetime.fromisoformat(created_at)
    except ValueError:
        return None
    return moment.timestamp() if moment.tzinfo is not None else None


def _key_and_time(value: bytes, paced: bool) -> tuple[bytes, float | None, bool]:
    """The record key, its event time when pacing, and whether the key is the post id."""
    try:
        doc = orjson.loads(value)
    except orjson.JSONDecodeError:
        doc = None
    if isinstance(doc, dict):
        post_id = doc.get("id")
        when = _event_time(doc.get("created_at")) if paced else None
        if isinstance(post_id, str):
            return post_id.encode(), when, True
    else:
        when = None
    return hashlib.blake2b(value, digest_size=16).hexdigest().encode(), when, False


def posts_producer(settings: LiveSettings, client_id: str) -> Any:
    """A kafka-python producer for the posts topic, as ``produce`` and ``ingest`` send with."""
    try:
        return KafkaProducer(
            bootstrap_servers=settings.bootstrap_list,
            client_id=client_id,
            # Idempotence keeps each partition in file order through retries (measured to work
            # on Tansu with kafka-python, at no cost in throughput).
            acks="all",
            enable_idempotence=True,
            linger_ms=LINGER_MS,
            batch_size=BATCH_BYTES,
            max_request_size=MAX_REQUEST_BYTES,
            compression_type=None,
            # Topics are made by ensure_topics with their configs, never by a metadata request.
            allow_auto_create_topics=False,
        )
    except KafkaTimeoutError:
        msg = f"no Kafka broker answers at {settings.bootstrap_servers}: run `make kafka-local`"
        raise BrokerUnavailableError(msg) from None


def _send_shard(
    path: Path,
    settings: LiveSettings,
    speed: float | None,
    shard: int,
    shards: int,
    *,
    rate: float | None = None,
) -> ProduceStats:
    """Send the lines of ``path`` whose partition belongs to ``shard`` (partition % shards)."""
    stats = ProduceStats()
    topic = Topics(settings.topic_prefix).posts
    producer = posts_producer(settings, f"storingsradar-produce-{settings.worker_id}")
    failures: list[BaseException] = []

    def failed(exc: BaseException) -> None:
        failures.append(exc)

    try:
        partitions = len(producer.partitions_for(topic))
        first_event: float | None = None
        latest_event = 0.0
        start = time.monotonic()
        next_progress = start + PROGRESS_EVERY_S
        with path.open("rb") as fh:
            for number, line in enumerate(fh, start=1):
                value = line[:-1] if line.endswith(b"\n") else line
                value = value[:-1] if value.endswith(b"\r") else value
                if not value.strip():
                    stats.blank_lines += shard == 0
                    continue
                key, when, by_id = _key_and_time(value, speed is not None)
                partition = partition_for(key, partitions)
                if partition % shards != shard:
                    continue
                if rate is not None:
                    # A fixed offered load: this shard's share of `rate` records a second.
                    delay = start + stats.records * shards / rate - time.monotonic()
                    if delay > MIN_SLEEP_S:
                        time.sleep(delay)
                elif speed is not None and when is not None:
                    # The running maximum: a late post goes out at once, never rewinds the pace.
                    if first_event is None:
                        first_event = latest_event = when
                    latest_event = max(latest_event, when)
                    delay = start + (latest_event - first_event) / speed - time.monotonic()
                    if delay > MIN_SLEEP_S:
                        time.sleep(delay)
                if (speed or rate) and time.monotonic() > next_progress:
                    next_progress += PROGRESS_EVERY_S
                    print(f"produce: {stats.records:,} records sent", file=sys.stderr)
                try:
                    future = producer.send(topic, value=value, key=key, partition=partition)
                except MessageSizeTooLargeError:
                    stats.rejected += 1
                    if len(stats.errors) < MAX_ERRORS_SHOWN:
                        stats.errors.append(f"{path}:{number}: {len(value):,} bytes: too large")
                    continue
                # An errback per record is cheap (~1 us) and the only way to hear of a failure.
                future.add_errback(failed)
                stats.records += 1
                stats.bytes += len(value)
                stats.keyed_by_hash += not by_id
        producer.flush()
    finally:
        producer.close(timeout=10)
    stats.failed = len(failures)
    shown = failures[: max(0, MAX_ERRORS_SHOWN - len(stats.errors))]
    stats.errors.extend(f"delivery failed: {exc}" for exc in shown)
    return stats


def produce_file(
    path: Path,
    settings: LiveSettings,
    speed: float | None = None,
    processes: int | None = None,
    *,
    rate: float | None = None,
) -> ProduceStats:
    """Send every line of ``path`` to the posts topic; ``speed=None`` is ``--speed max``.

    ``rate`` (records a second) replaces the event-time pacing by a fixed offered load, for
    latency benchmarks. Creates the topics first if they are missing. ``processes`` defaults to
    one when paced and to up to two (one per core, at most one per partition) at full speed.
    Raises :class:`LiveError` when the file cannot be read or the broker is not there.
    """
    if rate is not None and speed is not None:
        msg = "give either a speed factor or a fixed rate, not both"
        raise LiveError(msg)
    if rate is not None and not rate > 0:
        msg = f"rate {rate} must be greater than 0 records/s"
        raise LiveError(msg)
    if not path.is_file():
        msg = f"posts file {path} not found: give a JSON Lines file of posts (CONTRACTS.md)"
        raise LiveError(msg)
    require_broker(settings)
    ensure_topics(settings)
    if processes is None:
        paced = speed is not None or rate is not None
        processes = 1 if paced else min(2, os.cpu_count() or 1)
    processes = max(1, min(processes, settings.partitions))
    started = time.perf_counter()
    try:
        if processes == 1:
            total = _send_shard(path, settings, speed, 0, 1, rate=rate)
        else:
            total = _run_shards(path, settings, speed, processes, rate)
    except KafkaError as exc:
        msg = f"sending {path} to {settings.bootstrap_servers} failed: {exc}"
        raise LiveError(msg) from exc
    total.seconds = time.perf_counter() - started
    total.processes = processes
    return total


def _run_shards(
    path: Path, settings: LiveSettings, speed: float | None, shards: int, rate: float | None = None
) -> ProduceStats:
    """Run one ``python -m stream.produce`` process per shard and add up what they sent.

    Plain subprocesses, not multiprocessing: spawn re-imports the caller's main module (which
    breaks scripts without a ``__main__`` guard) and fork copies the caller's threads.
    """
    job = {
        "path": str(path),
        "settings": dataclasses.asdict(settings),
        "speed": speed,
        "shards": shards,
        "rate": rate,
    }
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "stream.produce", orjson.dumps({**job, "shard": n}).decode()],
            stdout=subprocess.PIPE,
        )
        for n in range(shards)
    ]
    total = ProduceStats()
    failures = []
    for proc in procs:
        out, _ = proc.communicate()
        try:
            result = orjson.loads(out)
        except orjson.JSONDecodeError:
            failures.append(f"a producer process ended with code {proc.returncode} (see above)")
            continue
        if "error" in result:
            failures.append(str(result["error"]))
            continue
        total.add(ProduceStats(**result))
    if failures:
        msg = "; ".join(dict.fromkeys(failures))
        raise LiveError(msg)
    return total


def _shard_main(job_json: str) -> int:
    """One shard of :func:`_run_shards`: JSON job in argv, JSON stats (or error) on stdout."""
    job = orjson.loads(job_json)
    settings = LiveSettings(**job["settings"])
    try:
        stats = _send_shard(
            Path(job["path"]), settings, job["speed"], job["shard"], job["shards"], rate=job["rate"]
        )
    except StoringsradarError as exc:
        sys.stdout.write(orjson.dumps({"error": str(exc)}).decode())
        return 1
    except KafkaError as exc:
        sys.stdout.write(orjson.dumps({"error": f"Kafka: {exc}"}).decode())
        return 1
    sys.stdout.write(orjson.dumps(dataclasses.asdict(stats)).decode())
    return 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``produce`` options."""
    parser.add_argument("--posts", type=Path, required=True, help="posts, JSON Lines")
    parser.add_argument(
        "--speed",
        type=parse_speed,
        default=parse_speed("max"),
        metavar="FACTOR|max",
        help="event time runs FACTOR times faster than real time (60: an hour in a minute); "
        "max: as fast as the broker takes it (default)",
    )
    parser.add_argument(
        "--rate",
        type=float,
        default=None,
        metavar="N",
        help="instead of --speed: send N records a second, whatever their event times "
        "(a fixed offered load, for latency benchmarks)",
    )
    parser.add_argument(
        "--processes",
        type=int,
        default=None,
        metavar="N",
        help="producer processes (default: 1 when paced, up to 2 at --speed max)",
    )
    add_live_arguments(parser, worker=False)


def run(args: argparse.Namespace) -> int:
    """The ``produce`` command."""
    settings = LiveSettings.from_args(args)
    topic = Topics(settings.topic_prefix).posts
    pace = "max" if args.speed is None else f"{args.speed:g}x"
    if args.rate is not None:
        pace = f"{args.rate:g} records/s"
    print(f"produce: {args.posts} → {topic} on {settings.bootstrap_servers}, speed {pace}")
    stats = produce_file(args.posts, settings, args.speed, args.processes, rate=args.rate)
    print(
        f"produce: {stats.records:,} records ({stats.bytes / 1e6:,.1f} MB) in "
        f"{stats.seconds:,.2f} s: {stats.records_per_s:,.0f} records/s "
        f"({stats.processes} process{'es' if stats.processes > 1 else ''})"
    )
    if stats.keyed_by_hash:
        print(f"produce: {stats.keyed_by_hash:,} lines without a post id, keyed by a line hash")
    if stats.blank_lines:
        print(f"produce: {stats.blank_lines:,} blank lines skipped")
    for error in stats.errors:
        print(f"produce: {error}", file=sys.stderr)
    if stats.rejected or stats.failed:
        print(
            f"produce: {stats.rejected:,} records too large for the broker, "
            f"{stats.failed:,} deliveries failed",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(_shard_main(sys.argv[1]))
