"""Ingest benchmark: ``python -m bench.ingest`` (``make bench-ingest``).

Replays recorded-style X filtered-stream lines (posts with their ``includes``, keep-alives) from
a local HTTP server through ``ingest x``'s source, emitter, bounded queue and producer into a
private Tansu broker, with one disconnect in the middle: the first connection breaks off inside
a line, the second re-sends the last ``overlap`` posts before going on, as X's backfill does.

It reports posts/s from the source's start until the broker has acknowledged every post, then
consumes the posts topic and counts what it fetches (Tansu's end offsets are wrong): every post
must be there exactly once.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import orjson
from aiohttp import web

from ingest._backoff import FAST
from ingest._metrics import SourceMetrics
from ingest._sink import KafkaSink
from ingest._source import Emitter
from ingest._x import XSource
from stream.broker import LocalBroker, free_port
from stream.follow import iter_topic
from stream.settings import LiveSettings
from stream.topics import Topics, ensure_topics

PLACES = ("Arnhem", "Utrecht", "Zwolle", "Eindhoven", "Nijmegen", "Leiden")
TEXTS = (
    "weer geen stroom in {pc} @liander",
    "stroomstoring {place}?? alles zwart hier",
    "@Stedin wanneer is de stroom terug in {pc}",
    "bij mij ook geen stroom, {place}",
)
# The server writes this many lines per write, as a busy stream arrives in TCP-sized bursts.
CHUNK = 200


def stream_lines(n: int, start: int = 0) -> list[bytes]:
    """``n`` filtered-stream lines as X sends them (a post, its author, a place on some)."""
    lines = []
    for i in range(start, start + n):
        place = PLACES[i % len(PLACES)]
        tweet_id = str(1896000000000000000 + i)
        author = str(7000000 + i % 5000)
        data: dict[str, object] = {
            "author_id": author,
            "created_at": f"2025-03-03T{8 + i // 360000 % 12:02d}:{i // 6000 % 60:02d}:"
            f"{i // 100 % 60:02d}.000Z",
            "edit_history_tweet_ids": [tweet_id],
            "id": tweet_id,
            "lang": "nl",
            "text": TEXTS[i % len(TEXTS)].format(pc=6800 + i % 100, place=place),
        }
        includes: dict[str, object] = {
            "users": [{"id": author, "location": f"{place}, Nederland", "username": f"u{author}"}]
        }
        if i % 10 == 0:
            data["geo"] = {"place_id": f"p{place}"}
            includes["places"] = [
                {"id": f"p{place}", "full_name": f"{place}, Nederland", "country_code": "NL"}
            ]
        doc = {
            "data": data,
            "includes": includes,
            "matching_rules": [{"id": "1896400000000000001", "tag": "outage-nl"}],
        }
        lines.append(orjson.dumps(doc) + b"\r\n")
    return lines


@dataclass(frozen=True, slots=True)
class ReplayResult:
    """What one replay sent, what the broker acknowledged, and what the topic holds."""

    posts: int
    seconds: float
    metrics: SourceMetrics
    fetched: int
    distinct: int
    missing: int

    @property
    def posts_per_s(self) -> float:
        """Distinct posts acknowledged per second."""
        return self.posts / self.seconds if self.seconds > 0 else 0.0

    @property
    def fetched_duplicates(self) -> int:
        """Records on the topic beyond one per post."""
        return self.fetched - self.distinct


async def _replay(
    settings: LiveSettings, lines: list[bytes], overlap: int
) -> tuple[float, SourceMetrics]:
    cut = len(lines) // 2
    connections = 0

    async def stream(request: web.Request) -> web.StreamResponse:
        nonlocal connections
        connections += 1
        resp = web.StreamResponse()
        await resp.prepare(request)
        part = lines[:cut] if connections == 1 else lines[max(0, cut - overlap) :]
        for i in range(0, len(part), CHUNK):
            await resp.write(b"".join(part[i : i + CHUNK]))
        if connections == 1:
            # Broken off inside a line: that post comes again on the next connection.
            await resp.write(lines[cut][: len(lines[cut]) // 2])
            return resp
        while True:
            await resp.write(b"\r\n")
            await asyncio.sleep(0.5)

    app = web.Application()
    app.add_routes([web.get("/2/tweets/search/stream", stream)])
    runner = web.AppRunner(app, handler_cancellation=True, shutdown_timeout=0.2)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    metrics = SourceMetrics(f"bench-{settings.topic_prefix}")
    sink = KafkaSink(settings, metrics, queue_size=20_000)
    source = XSource(
        "bench-token", url=f"http://127.0.0.1:{port}/2/tweets/search/stream", policy=FAST
    )
    stop = asyncio.Event()
    start = time.perf_counter()
    task = asyncio.create_task(source.run(Emitter(sink, metrics), stop))
    while metrics.produced + metrics.undelivered < len(lines) and not task.done():
        await asyncio.sleep(0.005)
    seconds = time.perf_counter() - start
    stop.set()
    await task
    sink.close()
    await runner.cleanup()
    return seconds, metrics


def replay(settings: LiveSettings, posts: int, overlap: int = 500) -> ReplayResult:
    """Replay ``posts`` stream lines with one disconnect into the broker, then count the topic."""
    ensure_topics(settings)
    lines = stream_lines(posts)
    seconds, metrics = asyncio.run(_replay(settings, lines, overlap))
    keys = Counter(
        r.key for r in iter_topic(settings, Topics(settings.topic_prefix).posts, idle_s=2.0)
    )
    expected = {orjson.loads(line)["data"]["id"].encode() for line in lines}
    return ReplayResult(
        posts=posts,
        seconds=seconds,
        metrics=metrics,
        fetched=sum(keys.values()),
        distinct=len(keys),
        missing=len(expected - set(keys)),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=40_000, help="posts to replay")
    parser.add_argument("--overlap", type=int, default=500, help="posts re-sent on reconnect")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, LocalBroker(free_port(), Path(tmp)) as broker:
        settings = LiveSettings(
            bootstrap_servers=broker.bootstrap_servers, topic_prefix="benchingest", worker_id="b"
        )
        r = replay(settings, args.posts, args.overlap)
    m = r.metrics
    ok_rate = r.posts_per_s >= 2_000
    ok_exact = r.missing == 0 and r.fetched_duplicates == 0 and r.fetched == r.posts
    print(f"\ningest benchmark: X stream replay -> Tansu, {r.posts:,} posts, one disconnect")
    print(
        f"  throughput     {r.posts_per_s:,.0f} posts/s acknowledged by the broker "
        f"({r.seconds:.2f} s; target >= 2,000: {'met' if ok_rate else 'NOT met'})"
    )
    print(
        f"  source         received {m.received:,}, duplicates dropped {m.duplicates:,}, "
        f"reconnects {m.reconnects}, malformed {m.malformed}, undelivered {m.undelivered}"
    )
    print(
        f"  posts topic    fetched {r.fetched:,} records, {r.distinct:,} distinct, "
        f"{r.missing} missing, {r.fetched_duplicates} duplicates "
        f"({'exact' if ok_exact else 'NOT exact'})"
    )
    return 0 if ok_rate and ok_exact else 1


if __name__ == "__main__":
    sys.exit(main())
