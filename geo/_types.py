"""Value types of the public ``geo`` API."""

from dataclasses import dataclass
from typing import Literal

from schemas import GeoCue

__all__ = ["Cue", "GeoResult", "PC4Info", "PlaceEntry", "PlaceKind"]

Cue = GeoCue
PlaceKind = Literal["place", "neighbourhood"]


@dataclass(frozen=True, slots=True)
class GeoResult:
    """Where a post is about: a set of PC4s, the cue that gave it, and how sure we are.

    ``pc4s`` is sorted and empty when the post had no usable cue (a PC4 is never invented).
    """

    pc4s: tuple[str, ...]
    cue: Cue
    confidence: float
    name: str = ""


@dataclass(frozen=True, slots=True)
class PC4Info:
    """One PC4 with its main woonplaats, CBS gemeente, provincie and centroid (WGS84)."""

    pc4: str
    woonplaats: str
    gemeente: str
    gemeente_code: str
    provincie: str
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class PlaceEntry:
    """A named place (woonplaats) or neighbourhood and the PC4s it covers.

    ``population`` comes from GeoNames and is 0 where GeoNames has none (most neighbourhoods).
    """

    name: str
    kind: PlaceKind
    pc4s: tuple[str, ...]
    gemeente: str
    gemeente_code: str
    provincie: str
    population: int
    lat: float
    lon: float
