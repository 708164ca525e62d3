"""``storingsradar ingest file``: a JSONL posts file (CONTRACTS.md) through the same path.

Each line is validated against the post schema before it is sent, unlike ``produce`` (which
sends lines as they are and leaves bad ones to the worker's dead-letter topic): a source is an
edge, and a bad line is reported with its line number and field, then skipped.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from pydantic import ValidationError

from ingest._source import Emitter
from ingest.exceptions import IngestError
from schemas import Post

log = logging.getLogger(__name__)

MAX_ERRORS_SHOWN = 10
# Yield to the event loop now and then so metrics and signals are served during a long file.
YIELD_EVERY = 1000


class FileSource:
    """The posts of a JSONL file, once, in file order."""

    name = "file"

    def __init__(self, path: Path) -> None:
        self._path = path

    async def run(self, emitter: Emitter, stop: asyncio.Event) -> None:
        """Send every valid line; stop early when ``stop`` is set."""
        shown = 0
        try:
            fh = self._path.open("rb")
        except OSError as exc:
            msg = f"posts file {self._path}: cannot read it ({exc.strerror})"
            raise IngestError(msg) from None
        with fh:
            for number, line in enumerate(fh, start=1):
                if stop.is_set():
                    return
                if not line.strip():
                    continue
                try:
                    post = Post.model_validate_json(line)
                except ValidationError as exc:
                    emitter.metrics.inc("malformed")
                    if shown < MAX_ERRORS_SHOWN:
                        shown += 1
                        first = exc.errors()[0]
                        field = ".".join(str(p) for p in first["loc"]) or "line"
                        log.warning("%s:%d: %s: %s", self._path, number, field, first["msg"])
                    continue
                await emitter.emit(post)
                if number % YIELD_EVERY == 0:
                    await asyncio.sleep(0)
