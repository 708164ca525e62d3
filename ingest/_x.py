"""``storingsradar ingest x``: the X API v2 filtered stream.

The stream is read with aiohttp rather than tweepy's ``StreamingClient``: that client hard-codes
the API host (no local test server), sleeps its own fixed backoff inside a blocking thread, and
gives no hook for the stall timeout or the 429 reset header. tweepy still does what it does
well: the rules endpoints (:class:`ingest._rules.TweepyRulesApi`).

The stream sends one JSON object per ``\\r\\n``-terminated line, a bare ``\\r\\n`` as keep-alive
every 20 s, and error objects such as ``operational-disconnect`` before it closes.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import aiohttp
import orjson
from pydantic import ValidationError

from ingest._backoff import BackoffPolicy, Reconnect
from ingest._credentials import redact
from ingest._source import Emitter, run_until_stopped, sleep_or_stop
from ingest.exceptions import SourceUnauthorizedError
from schemas import Post

log = logging.getLogger(__name__)

STREAM_URL = "https://api.twitter.com/2/tweets/search/stream"
PARAMS = {
    "tweet.fields": "created_at,lang,author_id,geo,referenced_tweets,conversation_id",
    "expansions": "author_id,geo.place_id",
    "user.fields": "location,username",
    "place.fields": "full_name,name,country_code,geo,place_type",
}
# X sends a keep-alive every 20 s: a silent minute-third means the connection is dead.
READ_TIMEOUT_S = 30.0
CONNECT_TIMEOUT_S = 10.0
# A post with its includes is a few KiB; aiohttp's default line limit is 64 KiB.
READ_BUFSIZE = 1 << 20
DISCONNECTS = frozenset({"operational-disconnect", "ConnectionException"})


class StreamDisconnectError(Exception):
    """X announced the end of the stream (an error object such as operational-disconnect)."""


def map_tweet(doc: dict[str, Any]) -> Post:
    """A stream line's ``data`` with its ``includes`` as a :class:`Post`.

    Raises ``KeyError``/``TypeError``/``ValidationError`` on a line that is not a post.
    """
    data = doc["data"]
    includes = doc.get("includes") or {}
    users = {u["id"]: u for u in includes.get("users", [])}
    places = {p["id"]: p for p in includes.get("places", [])}
    author_id = data.get("author_id")
    values: dict[str, Any] = {
        "id": data["id"],
        "source": "x",
        "created_at": data.get("created_at"),
        "text": data.get("text"),
        "author_id": author_id,
        "lang": data.get("lang"),
        # X sends "" for a cleared profile location: no location.
        "author_location": (users.get(author_id) or {}).get("location") or None,
    }
    geo = data.get("geo") or {}
    point = geo.get("coordinates")
    if point and point.get("type") == "Point":
        lon, lat = point["coordinates"]
        values["coordinates"] = {"lat": float(lat), "lon": float(lon)}
    place = places.get(geo.get("place_id"))
    if place is not None:
        values["place"] = place.get("full_name") or place.get("name")
    for ref in data.get("referenced_tweets") or []:
        if ref.get("type") == "retweeted":
            values["repost_of_id"] = ref["id"]
        elif ref.get("type") == "replied_to":
            values["reply_to_id"] = ref["id"]
    return Post.model_validate(values, strict=False)


class XSource:
    """The filtered stream, reconnecting with backoff, until stopped."""

    name = "x"

    def __init__(
        self,
        bearer_token: str,
        *,
        url: str = STREAM_URL,
        read_timeout_s: float = READ_TIMEOUT_S,
        policy: BackoffPolicy | None = None,
        backfill_minutes: int = 0,
    ) -> None:
        self._token = bearer_token
        self._url = url
        self._read_timeout_s = read_timeout_s
        self._policy = policy or BackoffPolicy()
        self._params = dict(PARAMS)
        if backfill_minutes:
            # Pro/Enterprise only: X re-sends up to 5 minutes missed while disconnected.
            self._params["backfill_minutes"] = str(backfill_minutes)

    async def run(self, emitter: Emitter, stop: asyncio.Event) -> None:
        """Connect, read, reconnect; return when ``stop`` is set."""
        await run_until_stopped(asyncio.create_task(self._loop(emitter, stop)), stop)

    async def _loop(self, emitter: Emitter, stop: asyncio.Event) -> None:
        retry = Reconnect("x", self._policy, emitter.metrics)
        timeout = aiohttp.ClientTimeout(
            total=None, connect=CONNECT_TIMEOUT_S, sock_read=self._read_timeout_s
        )
        headers = {"Authorization": f"Bearer {self._token}", "User-Agent": "storingsradar"}
        async with aiohttp.ClientSession(
            headers=headers, timeout=timeout, read_bufsize=READ_BUFSIZE
        ) as session:
            while not stop.is_set():
                retry.attempt()
                try:
                    async with session.get(self._url, params=self._params) as resp:
                        if resp.status == 200:
                            retry.connected()
                            await self.consume(resp.content, emitter)
                            delay = retry.closed()
                        elif resp.status == 429:
                            delay = retry.rate_limited(resp.headers)
                        elif resp.status in (401, 403):
                            body = redact((await resp.text())[:500])
                            msg = (
                                f"x: the stream refused the bearer token (HTTP {resp.status}): "
                                f"{body}"
                            )
                            raise SourceUnauthorizedError(msg)
                        else:
                            body = redact((await resp.text())[:500])
                            delay = retry.http_error(resp.status, body)
                except TimeoutError:
                    delay = retry.stalled(self._read_timeout_s)
                except aiohttp.ClientError as exc:
                    delay = retry.network_error(f"network error {exc}")
                except StreamDisconnectError as exc:
                    delay = retry.network_error(f"disconnected by X ({exc})")
                await sleep_or_stop(delay, stop)

    async def consume(self, content: aiohttp.StreamReader, emitter: Emitter) -> None:
        """Read lines until the stream ends; raise :class:`StreamDisconnectError` on its notice."""
        while True:
            line = await content.readline()
            if not line:
                return
            if not line.endswith(b"\n"):
                # The connection broke mid-line: the post comes again after the reconnect.
                if line.strip():
                    emitter.metrics.inc("malformed")
                return
            await self.handle_line(line, emitter)

    async def handle_line(self, line: bytes, emitter: Emitter) -> None:
        """One stream line: keep-alive, post, or error object."""
        if not line.strip():
            return
        try:
            doc = orjson.loads(line)
        except orjson.JSONDecodeError:
            emitter.metrics.inc("malformed")
            log.debug("x: not JSON: %.200r", line)
            return
        if not isinstance(doc, dict):
            emitter.metrics.inc("malformed")
            return
        if "data" in doc:
            try:
                post = map_tweet(doc)
            except (KeyError, TypeError, ValueError, ValidationError) as exc:
                emitter.metrics.inc("malformed")
                log.debug("x: not a post (%s): %.200r", exc, line)
                return
            await emitter.emit(post)
            return
        errors = doc.get("errors") or []
        titles = {e.get("title") for e in errors if isinstance(e, dict)}
        if titles & DISCONNECTS:
            detail = next((e.get("detail") for e in errors if isinstance(e, dict)), "")
            raise StreamDisconnectError(detail or ", ".join(str(t) for t in titles))
        emitter.metrics.inc("malformed")
        log.warning("x: error object on the stream: %.300s", redact(line.decode(errors="replace")))
