"""Test doubles for the sources: a sink that keeps what it gets, and a local HTTP server."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Coroutine
from pathlib import Path
from typing import Any

import orjson
from aiohttp import web

from ingest._dedupe import RecentIds
from ingest._metrics import SourceMetrics
from ingest._source import Emitter
from stream.broker import free_port

PAYLOADS = Path(__file__).parent / "payloads"


class ListSink:
    """Keeps every (key, value) it is sent."""

    def __init__(self) -> None:
        self.records: list[tuple[bytes, bytes]] = []

    async def send(self, key: bytes, value: bytes) -> bool:
        self.records.append((key, value))
        return True

    def close(self) -> None:
        pass

    @property
    def ids(self) -> list[str]:
        return [key.decode() for key, _ in self.records]

    @property
    def posts(self) -> list[dict[str, object]]:
        return [orjson.loads(value) for _, value in self.records]


def emitter_for(source: str) -> tuple[Emitter, ListSink]:
    """An emitter on a fresh :class:`ListSink`, counting under ``source``."""
    sink = ListSink()
    return Emitter(sink, SourceMetrics(source), RecentIds(1000)), sink


def payload(name: str) -> str:
    return (PAYLOADS / name).read_text(encoding="utf-8")


@contextlib.asynccontextmanager
async def serve(routes: list[web.RouteDef]) -> AsyncIterator[str]:
    """An aiohttp server on 127.0.0.1 and a free port; yields its base URL."""
    app = web.Application()
    app.add_routes(routes)
    runner = web.AppRunner(app, handler_cancellation=True, shutdown_timeout=0.2)
    await runner.setup()
    port = free_port()
    site = web.TCPSite(runner, "127.0.0.1", port)
    await site.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


async def run_until(
    run: Callable[[asyncio.Event], Coroutine[Any, Any, None]],
    done: Callable[[], bool],
    timeout_s: float = 15.0,
) -> None:
    """Run a source until ``done()`` holds (then stop it) or fail after ``timeout_s``."""
    stop = asyncio.Event()
    task: asyncio.Task[None] = asyncio.create_task(run(stop))
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    while not done() and not task.done():
        if loop.time() > deadline:
            stop.set()
            await task
            msg = "the source did not get there in time"
            raise AssertionError(msg)
        await asyncio.sleep(0.02)
    stop.set()
    await asyncio.wait_for(task, 5.0)
