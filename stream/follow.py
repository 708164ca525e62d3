"""``storingsradar alerts``: print the alert events on the alerts topic, as a dashboard sees them.

Without ``--follow`` it prints every alert the topic holds and exits once the broker has had
nothing more for about two seconds. With ``--follow`` it keeps printing new alerts until Ctrl-C;
``--from-beginning`` prints the history first.

"Nothing more" is measured by polling, not by asking the broker for its end offsets: the local
broker (Tansu) reports those wrong (``../shared/PITFALLS.md``), and polling is right on any broker.
The follower joins no consumer group, so it starts at once and never moves a worker's offsets.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Generator
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from kafka import KafkaConsumer, TopicPartition
from kafka.errors import KafkaError, KafkaTimeoutError
from pydantic import ValidationError

from schemas import AlertEvent
from stream.exceptions import BrokerUnavailableError, LiveError
from stream.settings import LiveSettings, add_live_arguments
from stream.topics import Topics, ensure_topics, require_broker

log = logging.getLogger(__name__)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
IDLE_S = 2.0
# With --follow and no --from-beginning, the history is read and dropped until the broker has
# had nothing for this long: end offsets cannot tell us where "now" is on every broker.
CATCH_UP_IDLE_S = 1.0
POLL_MS = 200
MAX_POSTCODES_SHOWN = 8


@dataclass(frozen=True, slots=True)
class AlertRecord:
    """One record of the alerts topic: the raw bytes and, when they are valid, the event."""

    partition: int
    offset: int
    timestamp_ms: int
    key: bytes | None
    value: bytes
    event: AlertEvent | None
    problem: str | None


def _consumer(settings: LiveSettings) -> Any:
    try:
        return KafkaConsumer(
            bootstrap_servers=settings.bootstrap_list,
            client_id=f"storingsradar-alerts-{settings.worker_id}",
            group_id=None,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            allow_auto_create_topics=False,
        )
    except KafkaTimeoutError:
        msg = f"no Kafka broker answers at {settings.bootstrap_servers}: run `make kafka-local`"
        raise BrokerUnavailableError(msg) from None


def _parse(value: bytes) -> tuple[AlertEvent | None, str | None]:
    try:
        return AlertEvent.model_validate_json(value), None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "<record>"
        return None, f"{where}: {first['msg']}"


def iter_topic(
    settings: LiveSettings,
    topic: str,
    *,
    follow: bool = False,
    from_beginning: bool = True,
    idle_s: float = IDLE_S,
) -> Generator[Any, None, None]:
    """The kafka-python ``ConsumerRecord``s of any topic of ours, in order within each partition.

    ``follow=False`` stops after ``idle_s`` seconds without a record (count what you get: on
    Tansu end offsets are wrong); ``follow=True`` never stops (close the generator or press
    Ctrl-C). With ``follow`` and not ``from_beginning`` only records that arrive after the
    history has been read are yielded. Creates the topics first if they are missing.
    """
    require_broker(settings)
    ensure_topics(settings)
    consumer = _consumer(settings)
    try:
        partitions = sorted(consumer.partitions_for_topic(topic) or ())
        if not partitions:
            msg = f"topic {topic} has no partitions on {settings.bootstrap_servers}"
            raise LiveError(msg)
        consumer.assign([TopicPartition(topic, p) for p in partitions])
        consumer.seek_to_beginning()
        skipping = follow and not from_beginning
        last_data = time.monotonic()
        while True:
            batches = consumer.poll(timeout_ms=POLL_MS)
            now = time.monotonic()
            if batches:
                last_data = now
            elif skipping and now - last_data >= CATCH_UP_IDLE_S:
                skipping = False
            elif not follow and now - last_data >= idle_s:
                return
            if not skipping:
                for records in batches.values():
                    yield from records
    except KafkaError as exc:
        msg = f"reading {topic} from {settings.bootstrap_servers} failed: {exc}"
        raise LiveError(msg) from exc
    finally:
        consumer.close()


def iter_alerts(
    settings: LiveSettings,
    *,
    follow: bool = False,
    from_beginning: bool = True,
    idle_s: float = IDLE_S,
) -> Generator[AlertRecord, None, None]:
    """The records of the alerts topic, each with its event when valid (see :func:`iter_topic`)."""
    topic = Topics(settings.topic_prefix).alerts
    records = iter_topic(
        settings, topic, follow=follow, from_beginning=from_beginning, idle_s=idle_s
    )
    try:
        for r in records:
            event, problem = _parse(r.value)
            yield AlertRecord(r.partition, r.offset, r.timestamp, r.key, r.value, event, problem)
    finally:
        records.close()


def read_alerts(
    settings: LiveSettings, timeout_s: float = IDLE_S, *, strict: bool = False
) -> list[AlertEvent]:
    """Every alert event on the alerts topic, read until ``timeout_s`` pass without a record.

    Records that are not valid alert events are logged and skipped, or with ``strict`` raise
    :class:`LiveError` naming partition and offset.
    """
    events = []
    for record in iter_alerts(settings, idle_s=timeout_s):
        if record.event is not None:
            events.append(record.event)
            continue
        msg = (
            f"alerts record at partition {record.partition} offset {record.offset} "
            f"is not an alert event: {record.problem}"
        )
        if strict:
            raise LiveError(msg)
        log.warning(msg)
    return events


def format_alert(event: AlertEvent) -> str:
    """One line for a person: time (Amsterdam), status, id, utility, level, reports, area.

    >>> import orjson
    >>> e = AlertEvent.model_validate_json(orjson.dumps({
    ...     "alert_id": "a1b2", "status": "opened", "utility": "stroom",
    ...     "postcodes": ["6821", "6822"], "centroid": {"lat": 51.98, "lon": 5.91},
    ...     "gemeente": "Arnhem", "first_post_at": "2025-03-03T08:10:00Z",
    ...     "detected_at": "2025-03-03T08:14:05Z", "emitted_at": "2025-03-03T08:14:06Z",
    ...     "reports": 4, "level": 2, "score": 3.5, "evidence": ["1", "2"]}))
    >>> format_alert(e)
    '2025-03-03 09:14:05 CET  opened    a1b2  stroom  level 2  4 reports  6821 6822  Arnhem'
    """
    when = event.detected_at.astimezone(AMSTERDAM).strftime("%Y-%m-%d %H:%M:%S %Z")
    shown = " ".join(event.postcodes[:MAX_POSTCODES_SHOWN])
    if len(event.postcodes) > MAX_POSTCODES_SHOWN:
        shown += f" +{len(event.postcodes) - MAX_POSTCODES_SHOWN}"
    return (
        f"{when}  {event.status:<8}  {event.alert_id}  {event.utility:<6}  level {event.level}  "
        f"{event.reports} reports  {shown or '-'}  {event.gemeente or '-'}"
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``alerts`` options."""
    parser.add_argument(
        "--follow",
        action="store_true",
        help="keep printing new alerts until Ctrl-C (default: print what is there and exit)",
    )
    parser.add_argument(
        "--from-beginning",
        action="store_true",
        help="with --follow, print the alerts already on the topic first",
    )
    parser.add_argument(
        "--json", action="store_true", help="print each event's JSON as it is on the topic"
    )
    parser.add_argument(
        "--idle",
        type=float,
        default=IDLE_S,
        metavar="S",
        help="without --follow, exit after S seconds with no new alert (default %(default)s)",
    )
    add_live_arguments(parser, worker=False)


def run(args: argparse.Namespace) -> int:
    """The ``alerts`` command."""
    settings = LiveSettings.from_args(args)
    from_beginning = args.from_beginning or not args.follow
    records = iter_alerts(
        settings, follow=args.follow, from_beginning=from_beginning, idle_s=args.idle
    )
    shown = invalid = 0
    try:
        for record in records:
            if args.json:
                print(record.value.decode("utf-8", "replace"), flush=args.follow)
            elif record.event is not None:
                print(format_alert(record.event), flush=args.follow)
            if record.event is None:
                invalid += 1
                where = f"partition {record.partition} offset {record.offset}"
                print(f"alerts: not an alert event at {where}: {record.problem}", file=sys.stderr)
            else:
                shown += 1
    except KeyboardInterrupt:
        # Ctrl-C is how a follower is meant to end.
        records.close()
    if not args.follow:
        print(f"alerts: {shown:,} events, {invalid:,} invalid records", file=sys.stderr)
    return 0
