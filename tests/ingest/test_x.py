"""The X filtered stream: mapping, and a recorded session served from a local server."""

from __future__ import annotations

import asyncio
import time

import orjson
import pytest
from aiohttp import web

from ingest._backoff import FAST
from ingest._x import XSource, map_tweet
from ingest.exceptions import SourceUnauthorizedError
from tests.ingest.helpers import emitter_for, payload, run_until, serve

REPLY_ID = "1896467932345678901"


def _lines(name: str) -> list[dict[str, object]]:
    out = []
    for line in payload(name).splitlines():
        try:
            doc = orjson.loads(line)
        except orjson.JSONDecodeError:
            continue
        if isinstance(doc, dict) and "data" in doc:
            out.append(doc)
    return out


class TestMapTweet:
    def test_author_location_and_place_from_includes(self) -> None:
        post = map_tweet(_lines("x_first.txt")[0])
        assert post.id == "1896467781234567890"
        assert post.source == "x"
        assert post.created_at.isoformat() == "2025-03-03T08:14:05+00:00"
        assert post.author_location == "Arnhem, Nederland"
        assert post.place == "Arnhem, Nederland"
        assert post.lang == "nl"

    def test_reply_with_coordinates(self) -> None:
        post = map_tweet(_lines("x_first.txt")[1])
        assert post.id == REPLY_ID
        assert post.reply_to_id == "1896467781234567890"
        assert post.coordinates is not None
        assert (post.coordinates.lat, post.coordinates.lon) == (51.9853, 5.9102)
        assert post.author_location is None

    def test_retweet(self) -> None:
        post = map_tweet(_lines("x_first.txt")[2])
        assert post.repost_of_id == "1896467781234567890"
        assert post.author_location is None

    def test_missing_created_at_is_refused(self) -> None:
        doc = {"data": {"id": "1", "text": "t", "author_id": "a"}}
        with pytest.raises(ValueError, match="created_at"):
            map_tweet(doc)


def _stream(body: str, *, terminate: bool = True) -> bytes:
    text = body.rstrip("\n").replace("\n", "\r\n")
    return (text + "\r\n" if terminate else text).encode()


def test_recorded_session_with_429_5xx_partial_lines_disconnect_and_stall() -> None:
    """Every post arrives once, whatever the stream does between connections."""
    connections: list[str] = []
    params: list[dict[str, str]] = []

    async def stream(request: web.Request) -> web.StreamResponse:
        n = len(connections)
        params.append(dict(request.query))
        assert request.headers["Authorization"] == "Bearer sekrit-token"
        if n == 0:
            connections.append("429")
            reset = str(int(time.time()))  # already past: wait 0 s
            return web.Response(status=429, headers={"x-rate-limit-reset": reset}, text="{}")
        if n == 1:
            connections.append("503")
            return web.Response(status=503, text='{"title":"Service Unavailable"}')
        resp = web.StreamResponse()
        await resp.prepare(request)
        if n == 2:
            connections.append("first, partial last line")
            await resp.write(_stream(payload("x_first.txt"), terminate=False))
        elif n == 3:
            connections.append("re-sent, then operational-disconnect")
            await resp.write(_stream(payload("x_second.txt")))
        elif n == 4:
            connections.append("keep-alive, then stall")
            await resp.write(b"\r\n")
            await asyncio.sleep(5)
        else:
            connections.append("third, then keep-alives")
            await resp.write(_stream(payload("x_third.txt")))
            for _ in range(100):
                await resp.write(b"\r\n")
                await asyncio.sleep(0.05)
        return resp

    emitter, sink = emitter_for("x-test")

    async def main() -> None:
        async with serve([web.get("/2/tweets/search/stream", stream)]) as base:
            source = XSource(
                "sekrit-token",
                url=base + "/2/tweets/search/stream",
                read_timeout_s=0.3,
                policy=FAST,
            )
            await run_until(lambda stop: source.run(emitter, stop), lambda: len(sink.ids) >= 5)

    asyncio.run(main())
    assert sink.ids == [
        "1896467781234567890",
        REPLY_ID,
        "1896468020000000001",
        "1896468050000000002",
        "1896468300000000003",
    ]
    assert len(connections) == 6
    m = emitter.metrics
    assert (m.received, m.duplicates) == (6, 1)
    assert m.rate_limited == 1
    assert m.reconnects == 5
    # not JSON, a JSON array, a non-disconnect error object, the cut-off last line
    assert m.malformed == 4
    assert params[0]["expansions"] == "author_id,geo.place_id"
    assert "location" in params[0]["user.fields"]
    assert sink.posts[0]["place"] == "Arnhem, Nederland"


def test_unauthorized_stops_with_a_clear_error() -> None:
    async def stream(_request: web.Request) -> web.Response:
        return web.Response(status=401, text='{"title":"Unauthorized","detail":"sekrit-token"}')

    emitter, _sink = emitter_for("x-test")

    async def main() -> None:
        async with serve([web.get("/s", stream)]) as base:
            source = XSource("sekrit-token", url=base + "/s", policy=FAST)
            await source.run(emitter, asyncio.Event())

    with pytest.raises(SourceUnauthorizedError, match="HTTP 401"):
        asyncio.run(main())
