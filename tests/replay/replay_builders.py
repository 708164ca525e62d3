"""Small builders of the replay's inputs, and a PC4 locator read from the gazetteer's CSV."""

import csv
import math
from datetime import UTC, datetime, timedelta
from pathlib import Path

from schemas import (
    AlertEvent,
    AlertStatus,
    CallRecord,
    Complaint,
    Coordinates,
    IncidentRecord,
    Utility,
)

T0 = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[2]
PC4_CSV_CANDIDATES = (ROOT / "geo" / "data" / "nl_pc4.csv", ROOT.parent / "shared/data/nl_pc4.csv")


def at(minutes: float) -> datetime:
    """``T0`` plus some minutes."""
    return T0 + timedelta(minutes=minutes)


def call(
    cid: str, minute: float, postcode: str = "6821", utility: Utility | None = None
) -> CallRecord:
    return CallRecord(call_id=cid, received_at=at(minute), postcode=postcode, utility=utility)


def incident(
    iid: str,
    start: float,
    end: float | None = None,
    pc4s: tuple[str, ...] = ("6821",),
    utility: Utility | None = None,
) -> IncidentRecord:
    return IncidentRecord(
        incident_id=iid,
        started_at=at(start),
        ended_at=None if end is None else at(end),
        utility=utility,
        postcodes=pc4s,
    )


def event(
    alert_id: str,
    status: AlertStatus,
    minute: float,
    pc4s: tuple[str, ...] = ("6821",),
    *,
    evidence: tuple[str, ...] = ("p1",),
    gemeente: str | None = "Arnhem",
    reports: int = 3,
    level: int = 1,
) -> AlertEvent:
    return AlertEvent(
        alert_id=alert_id,
        status=status,
        utility="stroom",
        postcodes=pc4s,
        centroid=Coordinates(lat=51.99, lon=5.91),
        gemeente=gemeente,
        first_post_at=at(minute - 5),
        detected_at=at(minute),
        emitted_at=at(minute),
        reports=reports,
        level=level,
        score=1.0,
        evidence=evidence,
    )


def complaint(
    post_id: str,
    minute: float,
    author: str,
    pc4s: tuple[str, ...] = ("6821",),
    *,
    repost: bool = False,
    restored: bool = False,
) -> Complaint:
    return Complaint(
        post_id=post_id,
        source="x",
        created_at=at(minute),
        author=author,
        utility="stroom",
        confidence=0.9,
        pc4s=pc4s,
        cue="pc4",
        geo_confidence=0.9,
        region="GM0202",
        repost=repost,
        restored=restored,
    )


class CsvLocator:
    """PC4 centroids straight from ``nl_pc4.csv`` (first row per PC4: its main place)."""

    def __init__(self, path: Path) -> None:
        self.centroids: dict[str, tuple[float, float]] = {}
        with path.open(newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                self.centroids.setdefault(row["pc4"], (float(row["lat"]), float(row["lon"])))

    def exists(self, pc4: str) -> bool:
        return pc4 in self.centroids

    def distance_km(self, a: str, b: str) -> float:
        (la1, lo1), (la2, lo2) = self.centroids[a], self.centroids[b]
        p1, p2 = math.radians(la1), math.radians(la2)
        h = (
            math.sin((p2 - p1) / 2) ** 2
            + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lo2 - lo1) / 2) ** 2
        )
        return 2 * 6371.0088 * math.asin(math.sqrt(h))
