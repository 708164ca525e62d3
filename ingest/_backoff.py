"""How long to wait before reconnecting, after each kind of failure.

The policies follow X's guide to handling disconnections, which the other sources' operators
ask for in similar words: back off linearly on network errors (they clear quickly),
exponentially on HTTP errors, and on 429 wait at least until the rate-limit window resets.

>>> b = Backoff(initial_s=1.0, maximum_s=5.0, factor=2.0, jitter=0.0)
>>> [b.next_delay() for _ in range(5)]
[1.0, 2.0, 4.0, 5.0, 5.0]
>>> b.reset(); b.next_delay()
1.0
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Backoff:
    """Growing delays, from ``initial_s`` multiplied by ``factor`` (or plus ``step_s``)."""

    initial_s: float
    maximum_s: float
    factor: float = 2.0
    step_s: float = 0.0
    # A little randomness so many clients cut off at once do not come back at once.
    jitter: float = 0.1
    _attempt: int = field(default=0, init=False)

    def next_delay(self) -> float:
        """The delay before the next attempt; each call counts one more failure."""
        if self.step_s:
            delay = self.initial_s + self.step_s * self._attempt
        else:
            delay = self.initial_s * self.factor**self._attempt
        self._attempt += 1
        delay = min(delay, self.maximum_s)
        return delay * (1 + random.uniform(0, self.jitter)) if self.jitter else delay

    def reset(self) -> None:
        """Back to ``initial_s`` (after a connection that delivered data)."""
        self._attempt = 0


@dataclass(frozen=True, slots=True)
class BackoffPolicy:
    """The three backoffs of a source, as X documents them; tests pass smaller numbers."""

    network_initial_s: float = 0.25
    network_max_s: float = 16.0
    http_initial_s: float = 5.0
    http_max_s: float = 320.0
    rate_limit_initial_s: float = 60.0
    rate_limit_max_s: float = 900.0

    def network(self) -> Backoff:
        """Linear, for TCP/TLS errors and stalls."""
        return Backoff(self.network_initial_s, self.network_max_s, step_s=self.network_initial_s)

    def http(self) -> Backoff:
        """Exponential, for 5xx and other HTTP errors."""
        return Backoff(self.http_initial_s, self.http_max_s)

    def rate_limit(self) -> Backoff:
        """Exponential from a minute, for 429 without a usable reset header."""
        return Backoff(self.rate_limit_initial_s, self.rate_limit_max_s)


FAST = BackoffPolicy(0.01, 0.05, 0.01, 0.05, 0.01, 0.05)
"""Tiny delays, for tests and local replays."""


def rate_limit_wait(
    headers: Mapping[str, str], fallback_s: float, now: float | None = None, cap_s: float = 900.0
) -> float:
    """Seconds to wait after a 429: until ``x-rate-limit-reset`` or ``Retry-After``, else fallback.

    >>> rate_limit_wait({"x-rate-limit-reset": "1741000030"}, 60.0, now=1741000000.0)
    30.0
    >>> rate_limit_wait({"Retry-After": "7"}, 60.0)
    7.0
    >>> rate_limit_wait({}, 60.0)
    60.0
    """
    lowered = {k.lower(): v for k, v in headers.items()}
    now = time.time() if now is None else now
    reset = lowered.get("x-rate-limit-reset") or lowered.get("x-ratelimit-reset")
    if reset is not None:
        try:
            value = float(reset)
        except ValueError:
            value = -1.0
        # X sends epoch seconds, Mastodon an ISO time (not parsed: use the fallback).
        if value > 1e9:
            return min(cap_s, max(0.0, value - now))
    retry_after = lowered.get("retry-after")
    if retry_after is not None:
        try:
            return min(cap_s, max(0.0, float(retry_after)))
        except ValueError:
            pass
    return fallback_s


class Counts(Protocol):
    """Where a source counts its failures (:class:`ingest._metrics.SourceMetrics`)."""

    def inc(self, name: str, amount: int = 1) -> None: ...


class Reconnect:
    """A source's reconnect loop: its three backoffs, each failure counted and logged alike.

    Every method named after a failure returns the delay before the next attempt.

    >>> class Seen(list[str]):
    ...     def inc(self, name: str, amount: int = 1) -> None:
    ...         self.append(name)
    >>> seen = Seen()
    >>> r = Reconnect("demo", FAST, seen)
    >>> r.attempt(); r.attempt()
    >>> r.rate_limited({"Retry-After": "3"})
    3.0
    >>> seen
    ['reconnects', 'rate_limited']
    """

    def __init__(self, source: str, policy: BackoffPolicy, metrics: Counts) -> None:
        self.source = source
        self.metrics = metrics
        self._network = policy.network()
        self._http = policy.http()
        self._limited = policy.rate_limit()
        self._first = True

    def attempt(self) -> None:
        """Before each connection: every one after the first counts as a reconnect."""
        if not self._first:
            self.metrics.inc("reconnects")
        self._first = False

    def connected(self) -> None:
        """The source answered: the next failure starts from the shortest delays again."""
        for backoff in (self._network, self._http, self._limited):
            backoff.reset()

    def closed(self, what: str = "the stream") -> float:
        """The source ended the stream."""
        delay = self._network.next_delay()
        log.warning("%s: %s closed; reconnecting in %.2f s", self.source, what, delay)
        return delay

    def rate_limited(self, headers: Mapping[str, str]) -> float:
        """HTTP 429: wait until the window the headers name ends."""
        self.metrics.inc("rate_limited")
        delay = rate_limit_wait(headers, self._limited.next_delay())
        log.warning("%s: rate limited (429); waiting %.1f s", self.source, delay)
        return delay

    def http_error(self, status: int, detail: str = "") -> float:
        """Any other HTTP error (5xx and the like); ``detail`` must hold no secret."""
        delay = self._http.next_delay()
        log.warning("%s: HTTP %d %s; retrying in %.1f s", self.source, status, detail, delay)
        return delay

    def stalled(self, read_timeout_s: float) -> float:
        """Nothing, not even a keep-alive, within the read timeout."""
        delay = self._network.next_delay()
        log.warning(
            "%s: stalled (nothing within %.1f s); reconnecting in %.2f s",
            self.source,
            read_timeout_s,
            delay,
        )
        return delay

    def network_error(self, error: object) -> float:
        """TCP/TLS errors, and disconnect notices the source sends within the stream."""
        delay = self._network.next_delay()
        log.warning("%s: %s; reconnecting in %.2f s", self.source, error, delay)
        return delay
