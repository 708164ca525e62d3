"""Bluesky's Jetstream: mapping, the local filter, and a recorded session over a websocket."""

from __future__ import annotations

import asyncio

import orjson
from aiohttp import web

from ingest._backoff import FAST
from ingest._bluesky import REWIND_US, BlueskySource, map_commit
from ingest._rules import Terms
from tests.ingest.helpers import emitter_for, payload, run_until, serve

TERMS = Terms.load()
FIRST = "at://did:plc:eygmaihciaxprqvxpfvl6flk/app.bsky.feed.post/3ljx2aaa111"
REPLY = "at://did:plc:zzzzyyyyxxxxwwwwvvvvuuuu/app.bsky.feed.post/3ljx2aaa333"
LATER = "at://did:plc:mmmmnnnnooooppppqqqqrrrr/app.bsky.feed.post/3ljx2aaa555"


def _events(name: str) -> list[str]:
    return payload(name).splitlines()


class TestMapCommit:
    def test_create_is_a_post(self) -> None:
        post = map_commit(orjson.loads(_events("jetstream_first.jsonl")[0]))
        assert post is not None
        assert post.id == FIRST
        assert post.author_id == "did:plc:eygmaihciaxprqvxpfvl6flk"
        assert post.lang == "nl"
        assert post.created_at.isoformat() == "2025-03-03T08:14:05.102000+00:00"

    def test_delete_identity_and_account_are_not_posts(self) -> None:
        events = _events("jetstream_first.jsonl")
        assert [map_commit(orjson.loads(e)) for e in events[2:5]] == [None, None, None]

    def test_bad_created_at_falls_back_to_time_us_and_reply_is_linked(self) -> None:
        post = map_commit(orjson.loads(_events("jetstream_first.jsonl")[5]))
        assert post is not None
        assert post.reply_to_id == FIRST
        assert post.created_at.timestamp() == 1741000000.000006


def test_recorded_session_resumes_from_cursor_without_duplicates() -> None:
    cursors: list[str | None] = []

    async def subscribe(request: web.Request) -> web.StreamResponse:
        assert request.query["wantedCollections"] == "app.bsky.feed.post"
        cursors.append(request.query.get("cursor"))
        if len(cursors) == 1:
            return web.Response(status=429, headers={"Retry-After": "0"})
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        name = "jetstream_first.jsonl" if len(cursors) == 2 else "jetstream_second.jsonl"
        for event in _events(name):
            await ws.send_str(event)
        if len(cursors) == 2:
            await ws.close()
        else:
            await asyncio.sleep(5)
        return ws

    emitter, sink = emitter_for("bluesky-test")
    source = BlueskySource(terms=TERMS, policy=FAST)

    async def main() -> None:
        async with serve([web.get("/subscribe", subscribe)]) as base:
            source._url = base.replace("http", "ws") + "/subscribe"
            await run_until(lambda stop: source.run(emitter, stop), lambda: len(sink.ids) >= 3)

    asyncio.run(main())
    assert sink.ids == [FIRST, REPLY, LATER]
    assert cursors[:2] == [None, None]
    assert cursors[2] == str(1741000000000007 - REWIND_US)
    assert source.cursor == 1741000000000010
    m = emitter.metrics
    assert (m.received, m.duplicates, m.filtered, m.rate_limited) == (4, 1, 1, 1)
    # the create without text, the cut-off event
    assert m.malformed == 2
    assert m.reconnects == 2
