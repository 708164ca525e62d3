"""Faust's aiokafka transport with the worker's own fetch wait.

Faust builds its worker consumer with ``fetch_max_wait_ms=1500`` and offers no setting for it.
Apache Kafka answers a waiting fetch as soon as records arrive, so there the wait only bounds
idle polling; Tansu rechecks a waiting fetch only every half of the wait, so on it stage two
received complaints up to 0.75 s late. :class:`WorkerApp` takes the wait from
:attr:`stream.settings.LiveSettings.fetch_wait_s` instead.
"""

from __future__ import annotations

from typing import Any, ClassVar

import faust
from faust.transport.drivers import aiokafka as driver


class _ConsumerThread(driver.AIOKafkaConsumerThread):
    def _create_worker_consumer(self, transport: Any) -> Any:
        consumer = super()._create_worker_consumer(transport)
        # aiokafka reads the attribute when the consumer starts and builds its fetcher.
        wait_s: float = getattr(self.app, "fetch_wait_s", WorkerApp.fetch_wait_s)
        consumer._fetch_max_wait_ms = int(wait_s * 1000)
        return consumer


class _Consumer(driver.Consumer):
    def _new_consumer_thread(self) -> driver.AIOKafkaConsumerThread:
        return _ConsumerThread(self, loop=self.loop, beacon=self.beacon)


class _Transport(driver.Transport):
    Consumer: ClassVar[Any] = _Consumer


class WorkerApp(faust.App):
    """A Faust app whose consumer waits at most :attr:`fetch_wait_s` for a fetch."""

    fetch_wait_s: float = 1.5

    def _new_transport(self) -> Any:
        return _Transport(self.conf.broker_consumer, self)
