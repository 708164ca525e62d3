"""The records the threshold detector keeps: a report in a window, an open alert."""

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime

from schemas import Utility

_KM_PER_DEG = 111.195


@dataclass(slots=True)
class Report:
    """A located complaint as a window holds it."""

    ts: float
    post_id: str
    author: str
    utility: Utility
    pc4s: tuple[str, ...]
    lat: float
    lon: float
    weight: float
    precise: bool
    #: the complaint's own region; empty in snapshots from before border spreading
    home: str = ""
    #: the classifier's confidence alone (``weight`` also has the geotagger's)
    confidence: float = 1.0


@dataclass(slots=True)
class Alert:
    """An open alert: what it has absorbed and what it last told the dashboards."""

    alert_id: str
    utility: Utility
    region: str
    first_ts: float
    detected_ts: float
    last_ts: float
    authors: dict[str, float]
    pc4s: list[str]
    precise: list[str]
    evidence: list[str]
    level: int = 1
    emitted_reports: int = 0
    emitted_pc4s: int = 0
    restored: list[str] = field(default_factory=list)
    score: float = 0.0


def dist_km(a_lat: float, a_lon: float, b_lat: float, b_lon: float) -> float:
    """Kilometres between two points."""
    # Equirectangular: exact enough at the few kilometres this compares.
    x = (b_lon - a_lon) * math.cos(math.radians((a_lat + b_lat) / 2))
    return _KM_PER_DEG * math.hypot(x, b_lat - a_lat)


def utc(ts: float) -> datetime:
    """An event time as an aware UTC datetime."""
    return datetime.fromtimestamp(ts, UTC)
