"""The worker's consumers wait at a topic's tail no longer than the fetch-wait setting."""

import asyncio
from typing import Any

from stream._transport import WorkerApp
from stream.app import create_app
from stream.settings import LiveSettings


def test_faust_consumer_takes_the_fetch_wait() -> None:
    """Faust hard-codes 1.5 s; the worker's consumer must use the setting instead."""
    settings = LiveSettings(worker_id="transport-test", fetch_wait_s=0.25, web_port=6199)

    async def build() -> int:
        app = create_app(settings)
        assert isinstance(app, WorkerApp)
        consumer_of_app: Any = app.consumer
        thread = consumer_of_app._thread
        consumer = thread._create_worker_consumer(app.transport)
        wait: int = consumer._fetch_max_wait_ms
        await consumer.stop()
        return wait

    assert asyncio.run(build()) == 250
