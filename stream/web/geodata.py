"""Build the map's simplified municipality boundaries from ``../shared/data``.

``python -m stream.web.geodata`` rewrites ``stream/web/static/nl_gemeenten.geojson``: the CBS
gemeenten of 2023, Douglas-Peucker simplified and rounded to about 100 m, which is plenty at the
scale of a whole-country map and keeps the page light (see ``static/ATTRIBUTION.md``).
"""

import sys
from pathlib import Path
from typing import Any

import orjson

SHARED = Path(__file__).resolve().parents[3] / "shared"
SOURCE = SHARED / "data" / "nl_gemeenten_2023.geojson"
TARGET = Path(__file__).resolve().parent / "static" / "nl_gemeenten.geojson"
TOLERANCE_DEG = 0.004
DIGITS = 3

Point = list[float]


def _dist(p: Point, a: Point, b: Point) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    if dx == 0 and dy == 0:
        return float(((p[0] - a[0]) ** 2 + (p[1] - a[1]) ** 2) ** 0.5)
    t = max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)))
    return float(((p[0] - a[0] - t * dx) ** 2 + (p[1] - a[1] - t * dy) ** 2) ** 0.5)


def simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker, iterative (rings have thousands of points).

    >>> simplify([[0, 0], [1, 0.001], [2, 0]], 0.01)
    [[0, 0], [2, 0]]
    """
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        lo, hi = stack.pop()
        best, at = 0.0, -1
        for i in range(lo + 1, hi):
            d = _dist(points[i], points[lo], points[hi])
            if d > best:
                best, at = d, i
        if at >= 0 and best > tolerance:
            keep[at] = True
            stack += [(lo, at), (at, hi)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _ring(ring: list[Point]) -> list[Point] | None:
    out = [[round(x, DIGITS), round(y, DIGITS)] for x, y in simplify(ring, TOLERANCE_DEG)]
    return out if len(out) >= 4 else None


def build(source: Path = SOURCE) -> dict[str, Any]:
    """The simplified feature collection."""
    data = orjson.loads(source.read_bytes())
    features = []
    for f in data["features"]:
        geom = f["geometry"]
        polygons = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
        kept = [[r for r in map(_ring, poly) if r] for poly in polygons]
        kept = [poly for poly in kept if poly]
        props = {k: f["properties"][k] for k in ("gemeentecode", "gemeentenaam")}
        features.append(
            {"type": "Feature", "properties": props,
             "geometry": {"type": "MultiPolygon", "coordinates": kept}}
        )  # fmt: skip
    return {"type": "FeatureCollection", "features": features}


def main() -> int:
    """Write :data:`TARGET`."""
    TARGET.write_bytes(orjson.dumps(build()))
    print(f"{TARGET}: {TARGET.stat().st_size:,} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
