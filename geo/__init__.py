"""Geotag Dutch outage complaints to 4-digit postcodes (PC4).

Built from GeoNames, CBS/Kadaster and 4pp data shipped in ``geo/data`` (see ATTRIBUTION.md).

>>> from geo import Gazetteer
>>> gaz = Gazetteer.load()
>>> result = gaz.geotag("@liander alles zwart in Zwolle-Zuid")
>>> result.cue, result.name
('neighbourhood', 'Zwolle-Zuid')
>>> gaz.region(result.pc4s)
'GM0193'
"""

from geo._gazetteer import CONFIDENCE, Gazetteer
from geo._types import Cue, GeoResult, PC4Info, PlaceEntry, PlaceKind
from geo.exceptions import GeoDataError, GeoError, UnknownPostcodeError

__all__ = [
    "CONFIDENCE",
    "Cue",
    "Gazetteer",
    "GeoDataError",
    "GeoError",
    "GeoResult",
    "PC4Info",
    "PlaceEntry",
    "PlaceKind",
    "UnknownPostcodeError",
]
