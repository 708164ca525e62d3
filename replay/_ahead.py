"""Classifying a replay's posts ahead, in worker processes.

On a keyword-filtered stream half the posts reach the model, and scoring them is most of a
replay's time. A verdict depends on the post's text alone, so worker processes read the posts
file ahead, a chunk of lines at a time, and send back the verdict on every text (each chunk
scored with ``classify_batch``). The replay's own pass, which keeps event-time order and runs
detection, looks each text up in its chunk's table (which also says which texts the prefilter
let go, sparing the pass that too) and scores only what is missing there (a line a worker could
not read), so the alerts are those of a replay without workers.
"""

from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import IO, Final

import orjson

from detectors import LearnedClassifier
from detectors.rules import NOISE, Classification, Label

#: Lines per task: large enough that a task's overhead (about 1 ms) is small beside its work.
CHUNK = 4096
#: Chunks in flight per worker: enough to keep every worker busy, few enough to bound memory.
DEPTH = 4

#: A verdict's fields in order: a tuple pickles ten times faster than the slotted dataclass.
Verdict = tuple[Label, float, bool, float, Label]
#: A chunk: its first line number, its lines, and the verdict on each text read (None: plain noise).
Chunk = tuple[int, list[bytes], dict[str, Verdict | None]]

_worker: LearnedClassifier | None = None
#: A text no worker read (its line was not a JSON object with a string ``text``).
_UNREAD: Final = ("unread",)


def _start() -> None:
    global _worker  # noqa: PLW0603 - one classifier per worker process, loaded once
    _worker = LearnedClassifier.load()


def judge(
    lines: list[bytes], classifier: LearnedClassifier | None = None
) -> dict[str, Verdict | None]:
    """The verdict on the text of each of ``lines``: ``None`` for the prefilter's plain noise.

    Lines that are not JSON objects with a string ``text`` are left out, for the replay's own
    pass to read (and report).
    """
    model = classifier if classifier is not None else _worker
    if model is None:
        msg = "judge() runs in a worker started by classify_ahead(), or takes a classifier"
        raise RuntimeError(msg)
    texts: dict[str, None] = {}
    for raw in lines:
        try:
            text = orjson.loads(raw).get("text")
        except (orjson.JSONDecodeError, AttributeError):
            continue
        if isinstance(text, str):
            texts[text] = None
    out: dict[str, Verdict | None] = {}
    for text, v in zip(texts, model.classify_batch(list(texts)), strict=True):
        out[text] = None if v is NOISE else (v.label, v.confidence, v.restored, v.score, v.lean)
    return out


def classify_ahead(lines: IO[bytes], workers: int) -> Iterator[Chunk]:
    """The chunks of ``lines`` in order, each with its verdicts, judged by ``workers`` processes
    at most ``DEPTH * workers`` chunks ahead of the caller."""
    with ProcessPoolExecutor(max_workers=workers, initializer=_start) as pool:
        pending: deque[tuple[int, list[bytes], Future[dict[str, Verdict | None]]]] = deque()
        start = 1
        while True:
            while len(pending) < DEPTH * workers:
                chunk = list(islice(lines, CHUNK))
                if not chunk:
                    break
                pending.append((start, chunk, pool.submit(judge, chunk)))
                start += len(chunk)
            if not pending:
                return
            first, chunk, verdicts = pending.popleft()
            yield first, chunk, verdicts.result()


class AheadClassifier:
    """The classifier of the replay's own pass: the workers' verdicts for the current chunk,
    else its own."""

    def __init__(self, inner: LearnedClassifier) -> None:
        self.inner = inner
        self.version = inner.version
        self._ahead: dict[str, Verdict | None] = {}

    def take(self, verdicts: dict[str, Verdict | None]) -> None:
        """The verdicts of the chunk whose posts come next (the previous chunk's are dropped)."""
        self._ahead = verdicts

    def classify(self, text: str) -> Classification:
        """The verdict on one post's text."""
        verdict = self._ahead.get(text, _UNREAD)
        if verdict is None:
            return NOISE
        if verdict is _UNREAD:
            return self.inner.classify(text)
        return Classification(*verdict)
