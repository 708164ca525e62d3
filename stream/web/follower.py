"""Feed an :class:`AlertBoard` from the alerts topic, or from a replay's ``alerts.jsonl``.

The follower reads every partition of the alerts topic from the beginning without a consumer
group (it never moves a worker's offsets, and each map sees every worker's alerts), so a map
started late still shows the alerts that are open. End offsets are never asked for
(``../shared/PITFALLS.md``).
"""

import logging
from pathlib import Path

from aiokafka import AIOKafkaConsumer, TopicPartition
from pydantic import ValidationError

from schemas import AlertEvent
from stream.exceptions import LiveError
from stream.settings import LiveSettings
from stream.web.board import AlertBoard

log = logging.getLogger(__name__)

#: Short polls: the map must show an alert within seconds of it reaching the topic.
POLL_MS = 100


async def follow_alerts(settings: LiveSettings, topic: str, board: AlertBoard) -> None:
    """Apply every alert event of ``topic`` to ``board`` until cancelled."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=settings.bootstrap_servers,
        enable_auto_commit=False,
        group_id=None,
        fetch_max_wait_ms=int(settings.fetch_wait_s * 1000),
    )
    await consumer.start()
    try:
        parts = consumer.partitions_for_topic(topic)
        if not parts:
            await consumer.force_metadata_update()
            parts = consumer.partitions_for_topic(topic)
        if not parts:
            msg = f"topic {topic} has no partitions on {settings.bootstrap_servers}"
            raise LiveError(msg)
        tps = [TopicPartition(topic, p) for p in sorted(parts)]
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        while True:
            batches = await consumer.getmany(timeout_ms=POLL_MS, max_records=5000)
            for records in batches.values():
                for r in records:
                    try:
                        board.apply(AlertEvent.model_validate_json(r.value or b""))
                    except ValidationError as exc:
                        where = f"{r.partition}@{r.offset}"
                        log.warning("alerts %s is not an alert event: %s", where, exc)
    finally:
        await consumer.stop()


def load_alerts(path: Path, board: AlertBoard) -> int:
    """Apply a replay's ``alerts.jsonl`` to ``board``; the number of events read."""
    n = 0
    try:
        with path.open("rb") as fh:
            for line_no, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    board.apply(AlertEvent.model_validate_json(line))
                except ValidationError as exc:
                    first = exc.errors()[0]
                    where = ".".join(str(p) for p in first["loc"]) or "<record>"
                    msg = f"{path}:{line_no}: {where}: {first['msg']}"
                    raise LiveError(msg) from None
                n += 1
    except OSError as exc:
        msg = f"cannot read {path}: {exc.strerror}"
        raise LiveError(msg) from None
    return n
