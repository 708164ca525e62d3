"""Great-circle distances and nearest-point queries over PC4 centroids (numpy, vectorised).

Points are stored as unit vectors: the nearest centroid is the one with the largest dot
product, and a chord length converts exactly to a great-circle distance.
"""

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

__all__ = ["EARTH_RADIUS_KM", "SpatialIndex", "haversine_km", "haversine_np"]

EARTH_RADIUS_KM = 6371.0088
FloatArray = npt.NDArray[np.float64]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km.

    >>> round(haversine_km(52.0907, 5.1214, 52.3676, 4.9041), 1)  # Utrecht - Amsterdam
    34.2
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def haversine_np(
    lat1: FloatArray | float, lon1: FloatArray | float, lat2: FloatArray, lon2: FloatArray
) -> FloatArray:
    """Element-wise great-circle distance in km (numpy broadcasting)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(lon2 - lon1)
    h = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    km: FloatArray = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))
    return km


def _unit(lat: FloatArray, lon: FloatArray) -> FloatArray:
    la, lo = np.radians(lat), np.radians(lon)
    return np.column_stack((np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)))


class SpatialIndex:
    """Centroids of a fixed set of points; distances in km."""

    __slots__ = ("lat", "lon", "xyz")

    def __init__(self, lat: Sequence[float], lon: Sequence[float]) -> None:
        self.lat: FloatArray = np.asarray(lat, dtype=np.float64)
        self.lon: FloatArray = np.asarray(lon, dtype=np.float64)
        self.xyz: FloatArray = _unit(self.lat, self.lon)

    def __len__(self) -> int:
        return len(self.lat)

    def distances(
        self, lat: float, lon: float, rows: npt.NDArray[np.intp] | None = None
    ) -> FloatArray:
        """Distance in km from (lat, lon) to every point, or to the points in ``rows``."""
        q = _unit(np.array([lat]), np.array([lon]))[0]
        xyz = self.xyz if rows is None else self.xyz[rows]
        chord: FloatArray = np.linalg.norm(xyz - q, axis=1)
        km: FloatArray = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, chord / 2))
        return km

    def nearest(self, lat: float, lon: float) -> tuple[int, float]:
        """Row and distance (km) of the point nearest to (lat, lon)."""
        q = _unit(np.array([lat]), np.array([lon]))[0]
        row = int(np.argmax(self.xyz @ q))
        chord = float(np.linalg.norm(self.xyz[row] - q))
        return row, 2 * EARTH_RADIUS_KM * math.asin(min(1.0, chord / 2))

    def within(self, lat: float, lon: float, radius_km: float) -> list[tuple[int, float]]:
        """(row, km) of every point within ``radius_km``, nearest first."""
        dist = self.distances(lat, lon)
        rows = np.flatnonzero(dist <= radius_km)
        order = rows[np.argsort(dist[rows], kind="stable")]
        return [(int(r), float(dist[r])) for r in order]
