"""The live outage map: a page of open alerts on the Netherlands, updated as events arrive.

The worker serves it on its web server (``/map``); ``storingsradar map`` serves the same page on
its own, following the alerts topic or showing a replay's ``alerts.jsonl``.
"""

from stream.web.board import AlertBoard
from stream.web.routes import add_routes

__all__ = ["AlertBoard", "add_routes"]
