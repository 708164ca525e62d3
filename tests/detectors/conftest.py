"""A small synthetic map for detector tests: PC4s 1000–1099 on a 1 km grid.

Tests name the region themselves; ``region`` (for border spreading) puts columns 0–4 in GM0001
and 5–9 in GM0002.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from detectors import FixedClock
from schemas import Complaint

T0 = datetime(2025, 3, 3, 18, 0, tzinfo=UTC)
KM_LAT = 1 / 111.195


@dataclass(frozen=True)
class _Info:
    gemeente: str
    provincie: str = "Utrecht"


class GridPlaces:
    """PC4 ``10xy`` sits at grid cell (x, y), 1 km apart."""

    def _xy(self, pc4: str) -> tuple[int, int]:
        n = int(pc4) - 1000
        return n // 10, n % 10

    def _latlon(self, pc4: str) -> tuple[float, float]:
        x, y = self._xy(pc4)
        return 52.0 + y * KM_LAT, 5.0 + x * KM_LAT / math.cos(math.radians(52.0))

    def centroid(self, pc4s: Iterable[str]) -> tuple[float, float]:
        pts = [self._latlon(p) for p in pc4s]
        return sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)

    def info(self, pc4: str) -> _Info:
        return _Info("Testdam")

    def region(self, pc4s: Sequence[str]) -> str:
        return "GM0001" if self._xy(pc4s[0])[0] < 5 else "GM0002"

    def neighbours(self, pc4: str, radius_km: float) -> tuple[str, ...]:
        x, y = self._xy(pc4)
        out = []
        for q in range(1000, 1100):
            qx, qy = self._xy(str(q))
            d = math.hypot(qx - x, qy - y)
            if 0 < d <= radius_km:
                out.append((d, str(q)))
        return tuple(p for _, p in sorted(out))


def complaint(
    minute: float,
    author: str,
    pc4s: tuple[str, ...] = ("1000",),
    *,
    utility: str = "stroom",
    post_id: str | None = None,
    repost: bool = False,
    restored: bool = False,
    region: str = "GM0001",
    cue: str | None = None,
    operator: str | None = None,
    confidence: float = 0.9,
) -> Complaint:
    """A complaint ``minute`` minutes after T0."""
    return Complaint(
        post_id=post_id or f"p-{author}-{minute}",
        source="x",
        created_at=T0 + timedelta(minutes=minute),
        author=author,
        utility="gas" if utility == "gas" else "stroom",
        confidence=confidence,
        pc4s=pc4s,
        cue=cue or ("pc4" if len(pc4s) == 1 else "place"),  # type: ignore[arg-type]
        geo_confidence=0.9,
        region=region,
        repost=repost,
        restored=restored,
        operator=operator,  # type: ignore[arg-type]
    )


@pytest.fixture
def places() -> GridPlaces:
    return GridPlaces()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 1, 1, tzinfo=UTC))
