"""``storingsradar ingest mastodon``: hashtag and public streams of a Mastodon instance.

The streaming API sends server-sent events (``event: update`` with a status as JSON, ``delete``,
``status.update``, and ``:thump`` comments as heartbeats). After every reconnect each stream
catches up on what it missed from the matching timeline REST endpoint, paging forward from the
newest status id seen with ``min_id`` (``since_id`` would return only the newest page and leave
a gap after a long outage). Ids are per instance (``host:id``) so replies keep their links; the
dedupe key is the status URI, the same for one status on every instance.
"""

from __future__ import annotations

import asyncio
import html
import logging
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import orjson
from pydantic import ValidationError

from ingest._backoff import BackoffPolicy, Reconnect
from ingest._rules import Terms
from ingest._source import Emitter, run_until_stopped, sleep_or_stop
from ingest.exceptions import SourceUnauthorizedError
from schemas import Post

log = logging.getLogger(__name__)

# Mastodon sends a heartbeat comment every 15 s.
READ_TIMEOUT_S = 45.0
PAGE_LIMIT = 40
# At most this many pages per catch-up (1,600 statuses): a longer outage is not worth a storm.
MAX_PAGES = 40
LOCATION_FIELDS = frozenset({"location", "locatie", "woonplaats", "plaats", "waar", "stad"})

_BREAK = re.compile(r"<br\s*/?>|</p>\s*<p>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def html_to_text(content: str) -> str:
    """The text of a status's HTML ``content``.

    >>> html_to_text('<p>geen stroom <a href="x">#Arnhem</a></p><p>al 1 uur &amp; nu</p>')
    'geen stroom #Arnhem\\nal 1 uur & nu'
    """
    return html.unescape(_TAG.sub("", _BREAK.sub("\n", content))).strip()


@dataclass(frozen=True, slots=True)
class MastodonStream:
    """One stream of an instance and the timeline that catches it up."""

    instance: str
    stream_path: str
    timeline_path: str
    # Pairs, not a dict: the stream is a dict key (its newest status id).
    params: tuple[tuple[str, str], ...] = ()
    filtered: bool = False

    @classmethod
    def hashtag(cls, instance: str, tag: str) -> MastodonStream:
        """The hashtag stream of ``tag`` (no local filter: the tag is the filter)."""
        tag = tag.lstrip("#")
        return cls(
            instance.rstrip("/"),
            "/api/v1/streaming/hashtag",
            f"/api/v1/timelines/tag/{tag}",
            (("tag", tag),),
        )

    @classmethod
    def public(cls, instance: str) -> MastodonStream:
        """The federated public stream, through the local keyword filter."""
        return cls(
            instance.rstrip("/"), "/api/v1/streaming/public", "/api/v1/timelines/public", (), True
        )

    @property
    def host(self) -> str:
        """The instance's host name, the prefix of its post ids."""
        return urlsplit(self.instance).netloc or self.instance


def map_status(status: dict[str, Any], host: str) -> Post:
    """A Mastodon status as a :class:`Post`; a boost keeps the boosted status's text."""
    boosted = status.get("reblog")
    shown = boosted or status
    account = status["account"]
    location = next(
        (
            html_to_text(f.get("value", ""))
            for f in account.get("fields") or []
            if str(f.get("name", "")).strip().lower() in LOCATION_FIELDS
        ),
        None,
    )
    reply_to = status.get("in_reply_to_id")
    values: dict[str, Any] = {
        "id": f"{host}:{status['id']}",
        "source": "mastodon",
        "created_at": status["created_at"],
        "text": html_to_text(shown["content"]),
        "author_id": account.get("url") or account["acct"],
        "lang": shown.get("language"),
        "author_location": location or None,
        "repost_of_id": f"{host}:{boosted['id']}" if boosted else None,
        "reply_to_id": f"{host}:{reply_to}" if reply_to else None,
    }
    return Post.model_validate(values, strict=False)


class MastodonSource:
    """Several streams of Mastodon instances, each reconnecting and catching up on its own."""

    name = "mastodon"

    def __init__(
        self,
        streams: list[MastodonStream],
        *,
        token: str | None = None,
        terms: Terms,
        policy: BackoffPolicy | None = None,
        read_timeout_s: float = READ_TIMEOUT_S,
    ) -> None:
        self._streams = streams
        self._token = token
        self._terms = terms
        self._policy = policy or BackoffPolicy()
        self._read_timeout_s = read_timeout_s
        #: The newest status id seen per stream: where a catch-up starts.
        self.last_id: dict[MastodonStream, int] = {}

    async def run(self, emitter: Emitter, stop: asyncio.Event) -> None:
        """Read every stream; return when ``stop`` is set."""

        async def every() -> None:
            headers = {"User-Agent": "storingsradar"}
            if self._token:
                headers["Authorization"] = f"Bearer {self._token}"
            timeout = aiohttp.ClientTimeout(total=None, connect=10, sock_read=self._read_timeout_s)
            async with aiohttp.ClientSession(headers=headers, timeout=timeout) as session:
                await asyncio.gather(
                    *(self._loop(s, session, emitter, stop) for s in self._streams)
                )

        await run_until_stopped(asyncio.create_task(every()), stop)

    async def _loop(
        self,
        stream: MastodonStream,
        session: aiohttp.ClientSession,
        emitter: Emitter,
        stop: asyncio.Event,
    ) -> None:
        retry = Reconnect("mastodon", self._policy, emitter.metrics)
        while not stop.is_set():
            retry.attempt()
            try:
                async with session.get(
                    stream.instance + stream.stream_path, params=dict(stream.params)
                ) as resp:
                    if resp.status == 200:
                        retry.connected()
                        # Catch up once connected, so nothing falls between the two.
                        await self.catch_up(stream, session, emitter)
                        await self.consume(stream, resp.content, emitter)
                        delay = retry.closed(stream.stream_path)
                    elif resp.status == 429:
                        delay = retry.rate_limited(resp.headers)
                    elif resp.status == 401:
                        msg = (
                            f"mastodon: {stream.instance} refused the stream (HTTP 401): set "
                            "STORINGSRADAR_MASTODON_TOKEN to an access token of that instance"
                        )
                        raise SourceUnauthorizedError(msg)
                    else:
                        delay = retry.http_error(resp.status)
            except TimeoutError:
                delay = retry.stalled(self._read_timeout_s)
            except aiohttp.ClientError as exc:
                delay = retry.network_error(f"network error {exc}")
            await sleep_or_stop(delay, stop)

    async def catch_up(
        self, stream: MastodonStream, session: aiohttp.ClientSession, emitter: Emitter
    ) -> None:
        """Emit what the timeline holds after the newest status seen (nothing on a first run)."""
        since = self.last_id.get(stream)
        if since is None:
            return
        for _ in range(MAX_PAGES):
            params = {**dict(stream.params), "min_id": str(since), "limit": str(PAGE_LIMIT)}
            params.pop("tag", None)
            async with session.get(stream.instance + stream.timeline_path, params=params) as resp:
                if resp.status == 429:
                    emitter.metrics.inc("rate_limited")
                    log.warning("mastodon: catch-up rate limited; continuing with the stream")
                    return
                if resp.status != 200:
                    log.warning("mastodon: catch-up got HTTP %d", resp.status)
                    return
                page = orjson.loads(await resp.read())
            if not isinstance(page, list) or not page:
                return
            # A min_id page is the statuses right after min_id, newest first.
            for status in sorted(page, key=lambda s: int(s.get("id", 0))):
                await self.handle_status(stream, status, emitter)
            since = self.last_id.get(stream, since)
            if len(page) < PAGE_LIMIT:
                return

    async def consume(
        self, stream: MastodonStream, content: aiohttp.StreamReader, emitter: Emitter
    ) -> None:
        """Read server-sent events until the stream ends."""
        event = ""
        data: list[str] = []
        while True:
            raw = await content.readline()
            if not raw:
                return
            line = raw.decode("utf-8", errors="replace").rstrip("\r\n")
            if not line:
                if event == "update" and data:
                    await self.handle_update(stream, "\n".join(data), emitter)
                event, data = "", []
            elif line.startswith(":"):
                continue
            elif line.startswith("event:"):
                event = line[6:].strip()
            elif line.startswith("data:"):
                data.append(line[5:].removeprefix(" "))

    async def handle_update(self, stream: MastodonStream, data: str, emitter: Emitter) -> None:
        """The data of one ``update`` event."""
        try:
            status = orjson.loads(data)
        except orjson.JSONDecodeError:
            emitter.metrics.inc("malformed")
            return
        if not isinstance(status, dict):
            emitter.metrics.inc("malformed")
            return
        await self.handle_status(stream, status, emitter)

    async def handle_status(
        self, stream: MastodonStream, status: dict[str, Any], emitter: Emitter
    ) -> None:
        """Map, filter (public streams) and emit one status; remember its id for catch-up."""
        try:
            post = map_status(status, stream.host)
        except (KeyError, TypeError, ValueError, ValidationError) as exc:
            emitter.metrics.inc("malformed")
            log.debug("mastodon: not a status (%s)", exc)
            return
        status_id = str(status["id"])
        if status_id.isdigit():
            self.last_id[stream] = max(self.last_id.get(stream, 0), int(status_id))
        if stream.filtered and not self._terms.matches(post.text):
            emitter.metrics.inc("filtered")
            return
        await emitter.emit(post, dedupe_key=status.get("uri") or post.id)
