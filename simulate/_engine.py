"""The hour-by-hour generator: draws each hour, holds back what a later hour will deliver,
and hands out finished hours as chunks, so memory does not grow with the scenario length."""

from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field

from simulate import _calibration as cal
from simulate._authors import Authors
from simulate._calls import background_calls
from simulate._chatter import Chatter
from simulate._clock import to_epoch
from simulate._config import ScenarioConfig
from simulate._incidents import Incident, IncidentProcess
from simulate._places import load_places
from simulate._post import CallItem, Item
from simulate._reports import Reporter


@dataclass(slots=True)
class Chunk:
    """What one hour adds to the output files, in file order.

    ``posts`` are in delivery order (created_at order up to the allowed lateness); ``calls``
    in time order; ``incidents`` are those that started this hour.
    """

    hour: int
    posts: list[Item] = field(default_factory=list)
    calls: list[CallItem] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)
    incidents_with_posts: int = 0
    incidents_with_3_authors: int = 0


def _deliver(item: Item) -> int:
    return item.deliver


def _received(call: CallItem) -> int:
    return call.received


def iter_chunks(config: ScenarioConfig) -> Iterator[Chunk]:
    """Generate the scenario lazily, one hour per chunk (plus a final flush of late posts)."""
    places = load_places()
    authors = Authors(
        places,
        int(config.posts_per_day * cal.AUTHORS_PER_DAILY_POST),
        config.seed,
        config.english_share,
    )
    start = to_epoch(config.start)
    end = start + config.days * 86_400
    chatter = Chatter(config, places, authors)
    process = IncidentProcess(config, places)
    reporter = Reporter(config, places, authors, end)
    posts: list[Item] = []
    calls: list[CallItem] = []
    for h in range(config.days * 24):
        t0 = start + 3600 * h
        chunk = Chunk(h)
        for inc in process.hour(h, t0):
            report = reporter.report(inc)
            posts.extend(report.posts)
            calls.extend(report.calls)
            chunk.incidents.append(inc)
            chunk.incidents_with_posts += bool(report.authors)
            chunk.incidents_with_3_authors += len(report.authors) >= 3
        posts.extend(chatter.hour(h, t0))
        calls.extend(background_calls(h, t0, config.seed, config.background_calls_per_day, places))
        # Every post not drawn yet is created, and so delivered, at or after t0 + 3600: all
        # that is delivered before then is final and can leave.
        posts.sort()
        calls.sort()
        cut = bisect_left(posts, t0 + 3600, key=_deliver)
        chunk.posts, posts = posts[:cut], posts[cut:]
        cut = bisect_left(calls, t0 + 3600, key=_received)
        chunk.calls, calls = calls[:cut], calls[cut:]
        yield chunk
    # posts created before the end but delivered after it; calls are all before the end
    if posts or calls:
        yield Chunk(config.days * 24, posts, calls)
