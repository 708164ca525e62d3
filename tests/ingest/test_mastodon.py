"""Mastodon: mapping, server-sent events, and the catch-up after a reconnect."""

from __future__ import annotations

import asyncio

import orjson
from aiohttp import web

from ingest._backoff import FAST
from ingest._mastodon import MastodonSource, MastodonStream, map_status
from ingest._rules import Terms
from tests.ingest.helpers import emitter_for, payload, run_until, serve


def _id(n: int) -> str:
    return str(110000000000000000 + n)


def _local(post_id: object) -> str:
    """The status id without the ``host:port:`` prefix of the local server."""
    return str(post_id).rsplit(":", 1)[1]


def test_map_status_html_location_reply_and_boost() -> None:
    timeline = orjson.loads(payload("mastodon_timeline.json"))
    boost = map_status(timeline[0], "mastodon.nl")
    assert boost.repost_of_id == "mastodon.nl:110000000000000103"
    assert boost.text == "Stroom is weg in 3531 #stroomstoring"
    assert boost.author_id == "https://mastodon.nl/@dirk"
    first = payload("mastodon_first.sse").split("data: ", 1)[1].split("\n", 1)[0]
    post = map_status(orjson.loads(first), "mastodon.nl")
    assert post.text == "Weer #stroomstoring in Lombok & Oog in Al"
    assert post.author_location == "Utrecht"
    assert post.created_at.isoformat() == "2025-03-03T08:14:05+00:00"


def test_recorded_session_catches_up_after_a_reconnect() -> None:
    streams: list[dict[str, str]] = []
    catch_ups: list[dict[str, str]] = []

    async def stream(request: web.Request) -> web.StreamResponse:
        streams.append(dict(request.query))
        if len(streams) == 2:
            return web.Response(status=429, headers={"Retry-After": "0"})
        resp = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await resp.prepare(request)
        if len(streams) == 1:
            await resp.write(payload("mastodon_first.sse").encode())
        else:
            await resp.write(payload("mastodon_second.sse").encode())
            await asyncio.sleep(5)
        return resp

    async def timeline(request: web.Request) -> web.Response:
        catch_ups.append(dict(request.query))
        body = payload("mastodon_timeline.json") if len(catch_ups) == 1 else "[]"
        return web.Response(text=body, content_type="application/json")

    emitter, sink = emitter_for("mastodon-test")

    async def main() -> None:
        routes = [
            web.get("/api/v1/streaming/hashtag", stream),
            web.get("/api/v1/timelines/tag/stroomstoring", timeline),
        ]
        async with serve(routes) as base:
            source = MastodonSource(
                [MastodonStream.hashtag(base, "#stroomstoring")],
                terms=Terms.load(),
                policy=FAST,
            )
            await run_until(lambda stop: source.run(emitter, stop), lambda: len(sink.ids) >= 5)

    asyncio.run(main())
    assert [_local(i) for i in sink.ids] == [_id(101), _id(102), _id(103), _id(104), _id(105)]
    assert streams[0] == {"tag": "stroomstoring"}
    assert catch_ups[0] == {"min_id": "110000000000000102", "limit": "40"}
    m = emitter.metrics
    assert (m.duplicates, m.malformed, m.rate_limited, m.reconnects) == (1, 1, 1, 2)
    assert _local(sink.posts[1]["reply_to_id"]) == _id(101)


def test_public_stream_is_filtered_locally() -> None:
    emitter, sink = emitter_for("mastodon-test")
    stream = MastodonStream.public("https://mastodon.nl")
    source = MastodonSource([stream], terms=Terms.from_words(["stroomstoring"]))
    statuses = orjson.loads(payload("mastodon_timeline.json"))
    other = {**statuses[1], "id": "7", "uri": "u7", "content": "<p>mooi weer</p>"}

    async def main() -> None:
        for status in [*statuses, other]:
            await source.handle_status(stream, status, emitter)

    asyncio.run(main())
    assert sink.ids == ["mastodon.nl:110000000000000104", "mastodon.nl:110000000000000103"]
    assert emitter.metrics.filtered == 1
