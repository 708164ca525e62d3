"""The live worker's two stages as plain classes; the Faust agents only move their bytes.

Stage one reads the posts topic (keyed by post id, any number of partitions): it validates and
annotates each post, sends complaints to the complaints partition that owns their region (those
without a region, and replies placed only by a profile, to every partition, so thread links
resolve exactly as in the replay), bad
records to the dead letters, and after each batch tells every complaints partition how far each
of its posts partitions has come (a watermark).

Stage two reads the complaints topic: one :class:`detectors.Stage` per partition, restored from
its last snapshot, turns complaints and watermarks into alert events.
"""

import base64
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson
from pydantic import TypeAdapter, ValidationError

from detectors import Annotator, Detector, Stage
from detectors.borders import BorderAware, Borders
from detectors.threads import is_profile_reply
from schemas import (
    AlertEvent,
    Complaint,
    ComplaintMessage,
    DeadLetter,
    Post,
    StageMessage,
    WatermarkMessage,
)
from schemas._loaders import MAX_LINE_BYTES

_STAGE_MESSAGE: TypeAdapter[ComplaintMessage | WatermarkMessage] = TypeAdapter(StageMessage)
_validate_post = Post.__pydantic_validator__.validate_json


def partition_of(region: str, partitions: int) -> int:
    """The complaints partition that owns a region (stable across processes and versions).

    >>> partition_of("GM0363", 4) == partition_of("GM0363", 4)
    True
    """
    return zlib.crc32(region.encode()) % partitions


@dataclass(frozen=True, slots=True)
class Record:
    """One consumed record: where it came from and its raw bytes."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None


@dataclass(frozen=True, slots=True)
class Outgoing:
    """A record to send to an explicit partition."""

    partition: int
    key: bytes
    value: bytes


@dataclass(slots=True)
class PostsOutput:
    """What one batch of posts produced."""

    complaints: list[Outgoing] = field(default_factory=list)
    dead: list[tuple[bytes | None, bytes]] = field(default_factory=list)
    posts: int = 0
    #: complaints found (each once, however many partitions it went to)
    found: int = 0
    #: valid posts by (source, "complaint" | "noise"), for the metrics
    by_source: dict[tuple[str, str], int] = field(default_factory=dict)


def dead_letter(record: Record, reason: str, where: str) -> tuple[bytes | None, bytes]:
    """The dead-letter record for a record the worker could not use."""
    letter = DeadLetter(
        reason=reason,
        field=where,
        topic=record.topic,
        partition=record.partition,
        offset=record.offset,
        key=record.key.decode(errors="replace") if record.key is not None else None,
        original=base64.b64encode(record.value or b"").decode(),
    )
    return record.key, letter.model_dump_json().encode()


class PostsStage:
    """Stage one: posts in, complaints and watermarks out. Holds no state but the watermarks."""

    def __init__(
        self,
        annotator: Annotator,
        *,
        partitions: int,
        lateness_s: float,
        borders: Borders | None = None,
    ) -> None:
        self.annotator = annotator
        self.partitions = partitions
        self.lateness_s = lateness_s
        #: the detector's border rule: a complaint near one also goes to the other region's owner
        self.borders = borders
        self.newest: dict[int, float] = {}

    def handle(self, records: Iterable[Record]) -> PostsOutput:
        """Validate and annotate a batch; complaints go to their region's partition."""
        out = PostsOutput()
        newest = self.newest
        for record in records:
            out.posts += 1
            raw = record.value
            if raw is None or len(raw) > MAX_LINE_BYTES:
                out.dead.append(dead_letter(record, "empty or larger than the limit", "<record>"))
                continue
            try:
                post = _validate_post(raw)
            except ValidationError as exc:
                err = exc.errors(include_url=False)[0]
                where = (
                    "<json>"
                    if err["type"] == "json_invalid"
                    else (".".join(str(p) for p in err["loc"]) or "<record>")
                )
                out.dead.append(dead_letter(record, err["msg"], where))
                continue
            ts = post.created_at.timestamp()
            if ts > newest.get(record.partition, float("-inf")):
                newest[record.partition] = ts
            complaint = self.annotator.annotate(post)
            kind = (post.source, "noise" if complaint is None else "complaint")
            out.by_source[kind] = out.by_source.get(kind, 0) + 1
            if complaint is None:
                continue
            out.found += 1
            value = ComplaintMessage(source=record.partition, complaint=complaint)
            data = value.model_dump_json().encode()
            key = complaint.region.encode()
            out.complaints.extend(Outgoing(p, key, data) for p in self.targets(complaint))
        return out

    def targets(self, complaint: Complaint) -> list[int]:
        """The complaints partitions a complaint goes to: its regions' owners, or all."""
        n = self.partitions
        # A reply placed only by its author's profile counts where its thread is, which only
        # the partition holding the thread knows (``detectors.threads``).
        if not complaint.region or is_profile_reply(complaint):
            return list(range(n))
        first = partition_of(complaint.region, n)
        if self.borders is None:
            return [first]
        others = {partition_of(r, n) for r in self.borders.regions(complaint)} - {first}
        return [first, *sorted(others)]

    def watermarks(self, sources: Iterable[int], *, idle: bool = False) -> list[Outgoing]:
        """Watermark records of ``sources`` for every complaints partition."""
        out: list[Outgoing] = []
        for source in sources:
            newest = self.newest.get(source)
            wm = None if newest is None else (newest if idle else newest - self.lateness_s)
            data = WatermarkMessage(source=source, event_time=wm, idle=idle).model_dump_json()
            out.extend(Outgoing(p, b"", data.encode()) for p in range(self.partitions))
        return out


@dataclass(slots=True)
class ComplaintsOutput:
    """What one batch of stage-two records produced."""

    alerts: list[AlertEvent] = field(default_factory=list)
    dead: list[tuple[bytes | None, bytes]] = field(default_factory=list)
    #: complaints partitions that took complaints: their state must be saved before acking
    changed: set[int] = field(default_factory=set)


class ComplaintsStage:
    """Stage two: one :class:`detectors.Stage` per complaints partition."""

    def __init__(
        self, detector: Callable[[], Detector], *, sources: int, partitions: int | None = None
    ) -> None:
        self.detector = detector
        self.sources = sources
        #: complaints partitions, for which regions a partition owns (default: as many as the
        #: posts topic has, as the worker creates them)
        self.partitions = sources if partitions is None else partitions
        self.stages: dict[int, Stage] = {}

    def stage(self, partition: int, snapshot: bytes | None = None) -> Stage:
        """The stage of a partition, created (from ``snapshot`` if any) on first use."""
        stage = self.stages.get(partition)
        if stage is None:
            detector = self.detector()
            if isinstance(detector, BorderAware):
                # Guests from across a border, and replies placed by a profile, reach several
                # partitions: each decides only for the regions it owns, so one incident
                # raises one alert.
                n = self.partitions
                detector.own(lambda region: partition_of(region, n) == partition)
            stage = self.stages[partition] = Stage(detector, sources=self.sources)
            if snapshot is not None:
                stage.load_state(orjson.loads(snapshot)["stage"])
        return stage

    def handle(self, records: Sequence[Record]) -> ComplaintsOutput:
        """Apply a batch; the partitions' stages must exist (see :meth:`stage`)."""
        out = ComplaintsOutput()
        for record in records:
            try:
                message = _STAGE_MESSAGE.validate_json(record.value or b"")
            except ValidationError as exc:
                err = exc.errors(include_url=False)[0]
                out.dead.append(dead_letter(record, err["msg"], "<stage message>"))
                continue
            stage = self.stages[record.partition]
            if isinstance(message, ComplaintMessage):
                if stage.offer(message.complaint):
                    out.changed.add(record.partition)
            elif message.event_time is not None or message.idle:
                ts = float("-inf") if message.event_time is None else message.event_time
                out.alerts.extend(stage.watermark(message.source, ts, idle=message.idle))
        return out

    def snapshot(self, partition: int, offset: int) -> bytes:
        """The partition's stage as bytes for the state topic (with the offset it reflects)."""
        state: dict[str, Any] = {"offset": offset, "stage": self.stages[partition].to_state()}
        return orjson.dumps(state)

    def drop(self, partitions: Iterable[int]) -> None:
        """Forget the stages of partitions this worker no longer owns."""
        for p in partitions:
            self.stages.pop(p, None)
