"""``storingsradar map``: the live outage map on its own web server.

``--alerts FILE`` shows a replay's ``alerts.jsonl`` (every alert's latest state, resolved ones
greyed), for analysts; without it the map follows the alerts topic, as the worker's ``/map``
does, for a control room that runs the map apart from the workers.
"""

import argparse
import asyncio
import contextlib
from pathlib import Path

from aiohttp import web

import geo
from stream.settings import LiveSettings, add_live_arguments
from stream.topics import Topics, ensure_topics, require_broker
from stream.web.board import AlertBoard
from stream.web.follower import follow_alerts, load_alerts
from stream.web.routes import add_routes

DEFAULT_PORT = 6067


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``map`` options."""
    parser.add_argument(
        "--alerts",
        type=Path,
        metavar="FILE",
        help="a replay's alerts.jsonl (default: follow the alerts topic)",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default %(default)s)")
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help="port to serve on (default %(default)s)"
    )
    add_live_arguments(parser, worker=False)


async def serve(board: AlertBoard, host: str, port: int, follow: LiveSettings | None) -> None:
    """Serve the map until cancelled; with ``follow``, feed it from that broker's alerts topic."""
    app = web.Application()
    add_routes(app.router, board)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    print(f"map: http://{host}:{port}/map  ({len(board.alerts):,} alerts)", flush=True)
    try:
        if follow is not None:
            await follow_alerts(follow, Topics(follow.topic_prefix).alerts, board)
        else:
            await asyncio.Event().wait()
    finally:
        # Open event streams would hold the server up for aiohttp's whole shutdown timeout.
        await runner.shutdown()
        await runner.cleanup()


def run(args: argparse.Namespace) -> int:
    """The ``map`` command."""
    board = AlertBoard(geo.Gazetteer.load(), keep_resolved=args.alerts is not None)
    settings = None
    if args.alerts is not None:
        load_alerts(args.alerts, board)
    else:
        settings = LiveSettings.from_args(args)
        require_broker(settings)
        ensure_topics(settings)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(board, args.host, args.port, settings))
    return 0
