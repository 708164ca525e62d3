"""The replay driver: posts file through the event-time core into ``alerts.jsonl``.

This is the wall-clock side of the replay (progress, throughput); everything it decides is
decided by the core over event time.
"""

import sys
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from detectors import Annotator, Detector, Engine, EngineStats
from replay._ahead import AheadClassifier, classify_ahead
from schemas import AlertEvent, Complaint, ErrorLog, Post, iter_posts, parse_lines

#: Progress lines at most this often (wall-clock seconds).
PROGRESS_EVERY_S = 5.0


@dataclass(frozen=True, slots=True)
class DriveResult:
    """What one pass over the posts produced."""

    alerts: list[AlertEvent]
    stats: EngineStats
    #: incident id -> distinct authors of its reporting posts (when given the truth)
    reporting_authors: dict[str, int]
    first_post_at: datetime | None
    last_post_at: datetime | None
    seconds: float
    #: incident id -> created_at of its third distinct reporting author (when given the truth)
    third_report_at: dict[str, datetime] = field(default_factory=dict)

    @property
    def posts_per_second(self) -> float:
        """Replay throughput over the wall clock of the pass."""
        return self.stats.posts / self.seconds if self.seconds > 0 else 0.0


def drive(
    posts: Path,
    annotator: Annotator,
    detector: Detector,
    errors: ErrorLog,
    *,
    alerts_out: IO[bytes] | None = None,
    complaints_out: IO[bytes] | None = None,
    lateness_s: float = 180.0,
    progress: Callable[[str], None] | None = None,
    truth: Mapping[str, str] | None = None,
    workers: int = 0,
) -> DriveResult:
    """Stream ``posts`` through the core; write alert events and complaints as they happen.

    ``truth`` (post id -> incident id of the posts that report one) makes the pass count each
    incident's distinct reporting authors, reposts excluded. With ``workers`` (and an annotator
    whose classifier is an :class:`AheadClassifier`), that many processes classify ahead.
    """

    def keep_complaint(c: Complaint) -> None:
        if complaints_out is not None:
            complaints_out.write(c.model_dump_json().encode() + b"\n")

    engine = Engine(annotator, detector, lateness_s=lateness_s, on_complaint=keep_complaint)
    alerts: list[AlertEvent] = []

    def emit(events: list[AlertEvent]) -> None:
        for ev in events:
            alerts.append(ev)
            if alerts_out is not None:
                alerts_out.write(ev.model_dump_json().encode() + b"\n")

    authors: dict[str, dict[str, datetime]] = {}
    first = last = None
    started = time.perf_counter()
    next_report = started + PROGRESS_EVERY_S
    feed = engine.feed
    for n, post in enumerate(_posts(posts, errors, annotator, workers), start=1):
        if first is None:
            first = post.created_at
        events = feed(post)
        if events:
            emit(events)
        if truth is not None and post.repost_of_id is None:
            incident = truth.get(post.id)
            if incident is not None:
                seen = authors.setdefault(incident, {})
                who = f"{post.source}:{post.author_id}"
                if who not in seen or post.created_at < seen[who]:
                    seen[who] = post.created_at
        if n & 0x3FFF == 0 and progress is not None:
            now = time.perf_counter()
            if now >= next_report:
                next_report = now + PROGRESS_EVERY_S
                rate = n / (now - started)
                progress(
                    f"  … {n:,} posts, event time {post.created_at:%Y-%m-%d %H:%M}Z, "
                    f"{rate:,.0f} posts/s, {len(alerts)} alert events"
                )
        last = post.created_at
    emit(engine.finish())
    seconds = time.perf_counter() - started
    counts = {incident: len(a) for incident, a in authors.items()}
    third = {i: sorted(a.values())[2] for i, a in authors.items() if len(a) >= 3}
    return DriveResult(alerts, engine.stats, counts, first, last, seconds, third)


def _posts(path: Path, errors: ErrorLog, annotator: Annotator, workers: int) -> Iterator[Post]:
    classifier = annotator.classifier
    if workers < 1 or not isinstance(classifier, AheadClassifier):
        yield from iter_posts(path, errors)
        return
    with path.open("rb") as fh:
        for first, lines, verdicts in classify_ahead(fh, workers):
            # Every post of the previous chunk has been fed: its verdicts are done with.
            classifier.take(verdicts)
            yield from parse_lines(lines, str(path), errors, first)


def stderr_progress(line: str) -> None:
    """Progress goes to stderr so stdout stays the summary."""
    print(line, file=sys.stderr, flush=True)


def utc_now() -> datetime:
    """Wall clock, for the report's metadata only."""
    return datetime.now(UTC)
