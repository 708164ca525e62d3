"""``storingsradar ingest bluesky``: Bluesky's Jetstream (JSON over a websocket).

Jetstream sends every repository event of the network as it happens; we ask only for posts
(``wantedCollections=app.bsky.feed.post``) and keep those matching the local keyword filter.
Every event carries ``time_us``, Jetstream's cursor: after a reconnect we resume a few seconds
before the last one seen, as Jetstream advises for a gapless replay; the ids seen again are
dropped by the emitter's dedupe.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from typing import Any

import aiohttp
import orjson
from pydantic import ValidationError

from ingest._backoff import BackoffPolicy, Reconnect
from ingest._rules import Terms
from ingest._source import Emitter, run_until_stopped, sleep_or_stop
from schemas import Post

log = logging.getLogger(__name__)

JETSTREAM_URL = "wss://jetstream2.us-east.bsky.network/subscribe"
COLLECTION = "app.bsky.feed.post"
REWIND_US = 5_000_000
# Jetstream sends the firehose continuously; a quiet half minute means a dead connection.
READ_TIMEOUT_S = 30.0
MAX_MESSAGE_BYTES = 4 << 20


def map_commit(doc: dict[str, Any]) -> Post | None:
    """A ``commit`` event creating a post as a :class:`Post`; ``None`` for any other event.

    Raises ``KeyError``/``TypeError``/``ValidationError`` on a create event that is not a post.
    """
    if doc.get("kind") != "commit":
        return None
    commit = doc["commit"]
    if commit.get("operation") != "create" or commit.get("collection") != COLLECTION:
        return None
    record = commit["record"]
    did = doc["did"]
    langs = record.get("langs") or []
    parent = ((record.get("reply") or {}).get("parent") or {}).get("uri")
    values: dict[str, Any] = {
        "id": f"at://{did}/{COLLECTION}/{commit['rkey']}",
        "source": "bluesky",
        "created_at": record.get("createdAt"),
        "text": record["text"],
        "author_id": did,
        "lang": langs[0] if langs else None,
        "reply_to_id": parent,
    }
    try:
        return Post.model_validate(values, strict=False)
    except ValidationError:
        # createdAt is written by the client and sometimes lacks an offset or is garbage:
        # the relay's receive time is the best event time then.
        values["created_at"] = datetime.fromtimestamp(doc["time_us"] / 1e6, tz=UTC)
        return Post.model_validate(values, strict=False)


class BlueskySource:
    """Jetstream, filtered locally, resuming from its cursor after each reconnect."""

    name = "bluesky"

    def __init__(
        self,
        url: str = JETSTREAM_URL,
        *,
        terms: Terms,
        cursor: int | None = None,
        policy: BackoffPolicy | None = None,
        read_timeout_s: float = READ_TIMEOUT_S,
    ) -> None:
        self._url = url
        self._terms = terms
        self.cursor = cursor
        self._policy = policy or BackoffPolicy()
        self._read_timeout_s = read_timeout_s

    async def run(self, emitter: Emitter, stop: asyncio.Event) -> None:
        """Connect, read, reconnect from the cursor; return when ``stop`` is set."""
        await run_until_stopped(asyncio.create_task(self._loop(emitter, stop)), stop)

    def _params(self) -> dict[str, str]:
        params = {"wantedCollections": COLLECTION}
        if self.cursor is not None:
            params["cursor"] = str(max(0, self.cursor - REWIND_US))
        return params

    async def _loop(self, emitter: Emitter, stop: asyncio.Event) -> None:
        retry = Reconnect("bluesky", self._policy, emitter.metrics)
        async with aiohttp.ClientSession() as session:
            while not stop.is_set():
                retry.attempt()
                try:
                    async with session.ws_connect(
                        self._url,
                        params=self._params(),
                        timeout=aiohttp.ClientWSTimeout(ws_receive=self._read_timeout_s),
                        max_msg_size=MAX_MESSAGE_BYTES,
                    ) as ws:
                        retry.connected()
                        async for message in ws:
                            if message.type in (aiohttp.WSMsgType.TEXT, aiohttp.WSMsgType.BINARY):
                                await self.handle_message(message.data, emitter)
                            elif message.type == aiohttp.WSMsgType.ERROR:
                                break
                    delay = retry.closed()
                except aiohttp.WSServerHandshakeError as exc:
                    if exc.status == 429:
                        delay = retry.rate_limited(exc.headers or {})
                    else:
                        delay = retry.http_error(exc.status)
                except TimeoutError:
                    delay = retry.stalled(self._read_timeout_s)
                except aiohttp.ClientError as exc:
                    delay = retry.network_error(f"network error {exc}")
                await sleep_or_stop(delay, stop)

    async def handle_message(self, data: str | bytes, emitter: Emitter) -> None:
        """One Jetstream event: advance the cursor, emit it when it is a matching post."""
        try:
            doc = orjson.loads(data)
        except orjson.JSONDecodeError:
            emitter.metrics.inc("malformed")
            return
        if not isinstance(doc, dict):
            emitter.metrics.inc("malformed")
            return
        time_us = doc.get("time_us")
        if isinstance(time_us, int) and (self.cursor is None or time_us > self.cursor):
            self.cursor = time_us
        try:
            post = map_commit(doc)
        except (KeyError, TypeError, ValueError, ValidationError) as exc:
            emitter.metrics.inc("malformed")
            log.debug("bluesky: not a post (%s): %.200r", exc, data)
            return
        if post is None:
            return
        if not self._terms.matches(post.text):
            emitter.metrics.inc("filtered")
            return
        await emitter.emit(post)
