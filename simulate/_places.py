"""The generator's view of Dutch geography: PC4 areas, their places and neighbourhoods.

Geography comes only from ``geo.Gazetteer`` (and the data the ``geo`` package ships);
``load_places`` adapts it, and everything else in ``simulate`` only sees ``Places``.
"""

import csv
import io
import math
from collections import defaultdict
from collections.abc import Callable
from functools import cache
from importlib import resources

import numpy as np
import numpy.typing as npt

import geo
from simulate.exceptions import DataError

GEO_SOURCE = "geo.Gazetteer"  # recorded in scenario.json as ``geo_source``
_GEMEENTEN_FILE = "nl_gemeenten_2023.csv"  # in geo's packaged data, beside the gazetteer's


#: One PC4 area, as the gazetteer describes it.
Area = geo.PC4Info


class Places:
    """PC4 areas with population weights, neighbourhood names and a nearest-area query."""

    def __init__(
        self,
        areas: list[Area],
        gemeente_inwoners: dict[str, int],
        neighbourhoods: dict[str, tuple[str, ...]],
        resolve: Callable[[str], tuple[str, ...]] | None = None,
    ) -> None:
        if not areas:
            msg = "the gazetteer has no PC4 areas"
            raise DataError(msg)
        self.areas = sorted(areas, key=lambda a: a.pc4)
        self.lat = np.array([a.lat for a in self.areas])
        self.lon = np.array([a.lon for a in self.areas])
        per_gemeente: dict[str, int] = defaultdict(int)
        for a in self.areas:
            per_gemeente[a.gemeente_code] += 1
        # ASSUMPTION: a gemeente's inhabitants spread evenly over its PC4 areas; a PC4 whose
        # gemeente has no inhabitant count weighs 1 (PC4s hold similar address counts).
        weights = np.array(
            [
                gemeente_inwoners.get(a.gemeente_code, 0) / per_gemeente[a.gemeente_code] or 1.0
                for a in self.areas
            ]
        )
        self.cum_weight = np.cumsum(weights / weights.sum())
        self.cum_weight[-1] = 1.0
        # neighbourhood names per area, in the order of ``areas``
        self.neighbourhoods = [neighbourhoods.get(a.pc4, ()) for a in self.areas]
        self.woonplaatsen = sorted({a.woonplaats for a in self.areas})
        self._resolve = resolve
        self._parts: dict[str, str | None] = {}

    def town_part(self, area: Area) -> str | None:
        """How a resident names the part of town an area is in: "centrum", "Noord" ... "West".

        The part whose PC4s, as the gazetteer reads "Zwolle-Zuid" or "Zwolle centrum", hold the
        area (as with neighbourhood names, a name we write resolves back to its area); ``None``
        when no part does, or in a village, which has no parts.
        """
        if area.pc4 in self._parts:
            return self._parts[area.pc4]
        part: str | None = None
        if self._resolve is not None:
            town = self._resolve(area.woonplaats)
            if len(town) >= 4:
                for name in ("centrum", "Noord", "Oost", "Zuid", "West"):
                    pc4s = self._resolve(f"{area.woonplaats} {name}")
                    if area.pc4 in pc4s and pc4s != town:
                        part = name
                        break
        self._parts[area.pc4] = part
        return part

    def _km(self, idx: npt.NDArray[np.int_], lat: float, lon: float) -> npt.NDArray[np.float64]:
        # equirectangular distance is accurate to well under 1 % at Dutch latitudes and scales
        dy = (self.lat[idx] - lat) * 111.2
        dx = (self.lon[idx] - lon) * 111.2 * math.cos(math.radians(lat))
        return np.asarray(np.hypot(dx, dy))

    def __len__(self) -> int:
        return len(self.areas)

    def sample(self, u: float) -> int:
        """Area index for a uniform draw ``u``, weighted by population."""
        return int(np.searchsorted(self.cum_weight, u, side="right"))

    def sample_many(self, u: npt.NDArray[np.float64]) -> npt.NDArray[np.int_]:
        """Area indices for uniform draws, weighted by population."""
        out = np.searchsorted(self.cum_weight, u, side="right")
        return np.minimum(out, len(self.areas) - 1)

    def nearest(self, index: int, n: int) -> list[int]:
        """The ``n`` areas closest to area ``index`` (itself first): an outage footprint."""
        a = self.areas[index]
        d = self._km(np.arange(len(self.areas)), a.lat, a.lon)
        order = np.argsort(d, kind="stable")[: max(1, n)]
        return [int(i) for i in order]


def _read_inwoners() -> dict[str, int]:
    """Inhabitants per gemeente code (CBS 2023), from the data the ``geo`` package ships.

    ``geo.Gazetteer`` reads this file too but does not expose the counts, so it is read here
    from geo's own package data (never from outside the installed packages).
    """
    path = resources.files(geo) / "data" / _GEMEENTEN_FILE
    try:
        rows = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))
        return {r["gemeente_code"]: int(r["inwoners_2023"]) for r in rows}
    except (OSError, KeyError, ValueError) as exc:
        msg = (
            f"cannot read gemeente inhabitants from geo/data/{_GEMEENTEN_FILE} ({exc!r}); "
            "it ships with the geo package: reinstall storingsradar (make install)"
        )
        raise DataError(msg) from exc


def _from_gazetteer(gazetteer: geo.Gazetteer) -> Places:
    areas = [gazetteer.info(pc4) for pc4 in gazetteer.pc4s()]
    # the gazetteer's own neighbourhood -> PC4 table, so a name we write resolves back to it
    found: dict[str, list[str]] = defaultdict(list)
    for entry in gazetteer.places():
        if entry.kind == "neighbourhood":
            for pc4 in entry.pc4s:
                if entry.name not in found[pc4]:
                    found[pc4].append(entry.name)
    neighbourhoods = {pc4: tuple(sorted(names)) for pc4, names in found.items()}  # any geo order
    return Places(areas, _read_inwoners(), neighbourhoods, gazetteer.place_pc4s)


@cache
def load_places() -> Places:
    """Load the geography from ``geo.Gazetteer`` once per process."""
    try:
        gazetteer = geo.Gazetteer.load()
    except geo.GeoError as exc:
        msg = f"geo.Gazetteer failed to load ({exc}); reinstall storingsradar (make install)"
        raise DataError(msg) from exc
    return _from_gazetteer(gazetteer)
