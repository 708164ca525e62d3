"""The ``Source`` protocol and the emitter every source hands its posts to.

The emitter is the one path from a source to the topic: count, drop recent duplicates by post
id, encode, queue. A source only maps what the platform sends to :class:`schemas.Post`.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Protocol

from ingest._dedupe import RecentIds
from ingest._metrics import SourceMetrics
from ingest._sink import Sink
from schemas import Post


class Source(Protocol):
    """A platform adapter: connects, reconnects, and emits posts until ``stop`` is set."""

    name: str

    async def run(self, emitter: Emitter, stop: asyncio.Event) -> None:
        """Emit posts until ``stop`` is set (or the input ends, for finite sources)."""
        ...


class Emitter:
    """Counts, deduplicates by id, encodes and queues each post."""

    def __init__(self, sink: Sink, metrics: SourceMetrics, seen: RecentIds | None = None) -> None:
        self.sink = sink
        self.metrics = metrics
        self._seen = RecentIds() if seen is None else seen

    async def emit(self, post: Post, dedupe_key: str | None = None) -> bool:
        """Queue ``post`` unless its id (or ``dedupe_key``) was seen recently."""
        self.metrics.inc("received")
        if not self._seen.add(dedupe_key or post.id):
            self.metrics.inc("duplicates")
            return False
        value = post.model_dump_json(exclude_none=True).encode()
        return await self.sink.send(post.id.encode(), value)


async def run_until_stopped(work: asyncio.Task[None], stop: asyncio.Event) -> None:
    """Await ``work`` until it ends or ``stop`` is set; then cancel it, wherever it waits."""
    stopper = asyncio.create_task(stop.wait())
    try:
        await asyncio.wait({work, stopper}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopper.cancel()
        if not work.done():
            work.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await work


async def sleep_or_stop(delay_s: float, stop: asyncio.Event) -> None:
    """Sleep ``delay_s`` seconds, or less when ``stop`` is set meanwhile."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=delay_s)
