"""The map's HTTP routes, on any aiohttp router: the worker's (Faust's web server) or the
standalone ``storingsradar map``'s.

| route | what |
|---|---|
| ``GET /map`` | the page |
| ``GET /map/static/{name}`` | its script, style sheet and the simplified municipality map |
| ``GET /map/alerts.json`` | the alerts shown now |
| ``GET /map/events`` | server-sent events: ``snapshot`` once, then ``alert`` per change |
"""

import asyncio
import contextlib
from importlib import resources

from aiohttp import web

from stream.web.board import AlertBoard

#: A comment line this often keeps proxies from closing a quiet event stream.
HEARTBEAT_S = 15.0
_TYPES = {
    ".html": "text/html",
    ".js": "text/javascript",
    ".css": "text/css",
    ".geojson": "application/geo+json",
}
STATIC = ("index.html", "map.js", "map.css", "nl_gemeenten.geojson")


def _static(name: str) -> bytes:
    return resources.files("stream.web").joinpath("static", name).read_bytes()


def add_routes(router: web.UrlDispatcher, board: AlertBoard) -> None:
    """Add the map's routes to ``router``."""
    # Read once: the files are package data and never change while the server runs.
    files = {name: _static(name) for name in STATIC}

    async def page(request: web.Request) -> web.Response:
        return web.Response(body=files["index.html"], content_type="text/html", charset="utf-8")

    async def static(request: web.Request) -> web.Response:
        name = request.match_info["name"]
        if name not in files or name == "index.html":
            raise web.HTTPNotFound
        kind = _TYPES["." + name.rsplit(".", 1)[-1]]
        headers = {"Cache-Control": "max-age=300"}
        return web.Response(body=files[name], content_type=kind, headers=headers)

    async def alerts(request: web.Request) -> web.Response:
        return web.Response(body=board.snapshot(), content_type="application/json")

    async def events(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(
            headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}
        )
        await response.prepare(request)
        queue = board.subscribe()
        try:
            while queue in board.subscribers or not queue.empty():
                try:
                    message = await asyncio.wait_for(queue.get(), HEARTBEAT_S)
                except TimeoutError:
                    message = b": heartbeat\n\n"
                await response.write(message)
        except ConnectionResetError:
            # The page was closed.
            return response
        finally:
            board.unsubscribe(queue)
        with contextlib.suppress(ConnectionResetError):
            await response.write_eof()
        return response

    router.add_get("/map", page)
    router.add_get("/map/", page)
    router.add_get("/map/static/{name}", static)
    router.add_get("/map/alerts.json", alerts)
    router.add_get("/map/events", events)
