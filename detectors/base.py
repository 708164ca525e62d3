"""The interfaces of the event-time core: what a classifier, a place index and a detector do.

Every detector runs through ``tests/detectors/test_contract.py``: deterministic, serialisable
state, no wall clock, and the same alerts for any arrival order within the allowed lateness.
"""

from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from detectors.rules import Classification
from schemas import AlertEvent, Complaint


class Classifier(Protocol):
    """Decides whether a post reports a current outage, and of which utility."""

    version: str

    def classify(self, text: str) -> Classification:
        """The verdict on one post's text."""
        ...


class PlaceInfo(Protocol):
    """What the detector needs to know of one PC4."""

    @property
    def gemeente(self) -> str: ...

    @property
    def provincie(self) -> str: ...


class Places(Protocol):
    """The part of the gazetteer the detector uses (``geo.Gazetteer`` satisfies it)."""

    def centroid(self, pc4s: Iterable[str]) -> tuple[float, float]:
        """Mean centroid of some PC4s."""
        ...

    def info(self, pc4: str) -> PlaceInfo:
        """Facts about one PC4."""
        ...

    def neighbours(self, pc4: str, radius_km: float) -> tuple[str, ...]:
        """PC4s whose centroid lies within ``radius_km`` of this one's."""
        ...

    def region(self, pc4s: Sequence[str]) -> str:
        """CBS gemeente code of the most common gemeente of some PC4s (the partition key)."""
        ...


class Detector(Protocol):
    """Turns complaints, in event-time order per region, into alert events.

    ``process_one`` is called in ``(created_at, post_id)`` order; ``advance`` tells the detector
    that event time has reached ``ts`` with nothing more before it (the watermark), so it may
    resolve alerts. All decisions are functions of event time, never of the wall clock.
    """

    name: str

    def process_one(self, complaint: Complaint) -> list[AlertEvent]:
        """Take one complaint and return the alert events it causes."""
        ...

    def advance(self, ts: float) -> list[AlertEvent]:
        """Let event time pass to ``ts`` and return the alert events that causes."""
        ...

    def to_state(self) -> dict[str, Any]:
        """The whole state as JSON-compatible data."""
        ...

    def load_state(self, state: dict[str, Any]) -> None:
        """Replace the state with one from :meth:`to_state`."""
        ...
