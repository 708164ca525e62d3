"""The gazetteer: PC4 facts, distances, and geotagging of posts."""

import functools
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from geo._data import RawData, load_raw
from geo._index import NameIndex, build_index
from geo._matcher import (
    Context,
    Hit,
    choose,
    compass_part,
    make_context,
    province_words,
    scan,
)
from geo._postcodes import find_pc4s, find_pc6s
from geo._reading import Reader
from geo._spatial import SpatialIndex, haversine_km
from geo._text import name_key, tokenize
from geo._types import Cue, GeoResult, PC4Info, PlaceEntry
from geo._typos import Contractions, TypoIndex, dutch_near_names, name_words, unsure
from geo._words import DIRECTIONS
from geo.exceptions import GeoError, UnknownPostcodeError

__all__ = ["CONFIDENCE", "DEFAULT_DATA_DIR", "NL_BOX", "Gazetteer"]

DEFAULT_DATA_DIR = Path(__file__).resolve().parent / "data"
NL_BOX = (50.7, 53.6, 3.3, 7.3)  # lat min, lat max, lon min, lon max
CONFIDENCE: dict[Cue, float] = {
    "pc6": 0.99,
    "pc4": 0.95,
    "coordinates": 0.9,
    "neighbourhood": 0.8,
    "place": 0.75,
    "hashtag": 0.7,
    "place_field": 0.6,
    "profile": 0.4,
    "none": 0.0,
}
_NONE = GeoResult((), "none", 0.0)
#: Distinct post texts, and place and profile fields (authors post again), whose reading is kept.
TEXT_CACHE = 16_384
# Spelt out: the same pattern as \d{4}, which the regex engine searches half as fast.
_FOUR_DIGITS = re.compile(r"\d\d\d\d")


class Gazetteer:
    """Dutch PC4 gazetteer built from GeoNames, CBS and 4pp data (see ``geo/data``).

    >>> gaz = Gazetteer.load()
    >>> gaz.geotag("weer geen stroom in 6821")
    GeoResult(pc4s=('6821',), cue='pc4', confidence=0.95, name='6821')
    >>> gaz.geotag("stroomstoring Lombok??").cue
    'neighbourhood'
    """

    __slots__ = (
        "_codes",
        "_contractions",
        "_directions",
        "_field_of",
        "_index",
        "_reader",
        "_row_of",
        "_rows",
        "_spatial",
        "_typos",
    )

    def __init__(self, raw: RawData) -> None:
        """Build the gazetteer from loaded data; use ``Gazetteer.load()`` instead."""
        self._rows = raw.primary
        self._codes = tuple(sorted(raw.primary))
        self._row_of = {pc4: i for i, pc4 in enumerate(self._codes)}
        self._spatial = SpatialIndex(
            [raw.primary[p].lat for p in self._codes], [raw.primary[p].lon for p in self._codes]
        )
        self._index: NameIndex = build_index(raw, self._spatial, self._codes)
        self._typos = TypoIndex(name_words(self._index), dutch_near_names())
        self._contractions = Contractions(raw.nicknames)
        self._directions: dict[tuple[str, str, str], tuple[str, ...]] = {}
        self._reader = Reader(
            self._index, self._typos, self._contractions, self._resolve_text, TEXT_CACHE
        )
        self._field_of: Callable[[str, Cue, str | None, str | None], GeoResult | None] = (
            functools.lru_cache(TEXT_CACHE)(self._field)
        )

    @classmethod
    def load(cls, data_dir: Path | None = None) -> "Gazetteer":
        """The gazetteer of the packaged data (built once, then cached), or of ``data_dir``."""
        if data_dir is None:
            return _default()
        return cls(load_raw(Path(data_dir)))

    # -- PC4 facts ---------------------------------------------------------------------------

    def exists(self, pc4: str) -> bool:
        """Whether ``pc4`` is a known (address) PC4.

        >>> Gazetteer.load().exists("6821"), Gazetteer.load().exists("1000")
        (True, False)
        """
        return pc4 in self._row_of

    def info(self, pc4: str) -> PC4Info:
        """Main woonplaats, gemeente, provincie and centroid of a PC4.

        >>> Gazetteer.load().info("5482").gemeente
        'Meierijstad'
        """
        info = self._rows.get(pc4)
        if info is None:
            msg = f"unknown PC4 {pc4!r}"
            raise UnknownPostcodeError(msg)
        return info

    def pc4s(self) -> tuple[str, ...]:
        """All known PC4s, sorted."""
        return self._codes

    def _row(self, pc4: str) -> int:
        row = self._row_of.get(pc4)
        if row is None:
            msg = f"unknown PC4 {pc4!r}"
            raise UnknownPostcodeError(msg)
        return row

    def nearest(self, lat: float, lon: float, max_km: float = 10.0) -> str | None:
        """The PC4 whose centroid is nearest to (lat, lon), if within ``max_km``.

        >>> Gazetteer.load().nearest(52.0886, 5.1174), Gazetteer.load().nearest(48.85, 2.35)
        ('3511', None)
        """
        if not (math.isfinite(lat) and math.isfinite(lon)):
            return None
        row, km = self._spatial.nearest(lat, lon)
        return self._codes[row] if km <= max_km else None

    def neighbours(self, pc4: str, radius_km: float) -> tuple[str, ...]:
        """PC4s whose centroid lies within ``radius_km`` of ``pc4``'s, nearest first.

        >>> Gazetteer.load().neighbours("3511", 1.5)[:4]
        ('3512', '3521', '3581', '3514')
        """
        row = self._row(pc4)
        lat, lon = float(self._spatial.lat[row]), float(self._spatial.lon[row])
        found = sorted(
            (km, self._codes[r]) for r, km in self._spatial.within(lat, lon, radius_km) if r != row
        )
        return tuple(code for _, code in found)

    def distance_km(self, a: str, b: str) -> float:
        """Great-circle distance between two PC4 centroids.

        >>> round(Gazetteer.load().distance_km("3511", "1012"), 1)
        35.1
        """
        ra, rb = self._row(a), self._row(b)
        lat, lon = self._spatial.lat, self._spatial.lon
        return haversine_km(float(lat[ra]), float(lon[ra]), float(lat[rb]), float(lon[rb]))

    def centroid(self, pc4s: Iterable[str]) -> tuple[float, float]:
        """Mean (lat, lon) of the centroids of ``pc4s``.

        >>> Gazetteer.load().centroid(["1011", "1012"])
        (52.37225, 4.89965)
        """
        rows = [self._row(p) for p in pc4s]
        if not rows:
            msg = "centroid of an empty set of PC4s"
            raise GeoError(msg)
        lat = sum(float(self._spatial.lat[r]) for r in rows) / len(rows)
        lon = sum(float(self._spatial.lon[r]) for r in rows) / len(rows)
        return round(lat, 6), round(lon, 6)

    def region(self, pc4s: Sequence[str]) -> str:
        """CBS gemeente code of the most common gemeente of ``pc4s`` (ties: the smallest code).

        This is the partition key of the live stream.

        >>> Gazetteer.load().region(["3511", "3512", "3401"])
        'GM0344'
        """
        if not pc4s:
            msg = "region of an empty set of PC4s"
            raise GeoError(msg)
        counts: Counter[str] = Counter()
        for pc4 in pc4s:
            row = self._rows.get(pc4)
            if row is None:
                msg = f"unknown PC4 {pc4!r}"
                raise UnknownPostcodeError(msg)
            counts[row.gemeente_code] += 1
        return min(counts.items(), key=lambda item: (-item[1], item[0]))[0]

    # -- names -------------------------------------------------------------------------------

    def place_pc4s(self, name: str) -> tuple[str, ...]:
        """PC4s of a woonplaats, alias, gemeente or neighbourhood name; empty if unknown.

        >>> gaz = Gazetteer.load()
        >>> gaz.place_pc4s("Den Bosch") == gaz.place_pc4s("'s-Hertogenbosch")
        True
        >>> gaz.place_pc4s("Lombok"), gaz.place_pc4s("Atlantis")
        (('3531', '3532', '3533'), ())
        """
        key = name_key(name)
        found = self._index.keys.get(key)
        if found is not None:
            return choose(found.candidates, None)[0].entry.pc4s
        head, _, last = key.rpartition(" ")
        if last in DIRECTIONS and (town := self._index.keys.get(head)) is not None:
            return self._area(choose(town.candidates, None)[0].entry, last)[0]
        return ()

    def places(self) -> tuple[PlaceEntry, ...]:
        """Every woonplaats and neighbourhood with its PC4s, gemeente and population."""
        return self._index.entries

    # -- geotagging --------------------------------------------------------------------------

    def geotag(
        self,
        text: str,
        *,
        coordinates: tuple[float, float] | None = None,
        place: str | None = None,
        author_location: str | None = None,
        year: int | None = None,
    ) -> GeoResult:
        """Where a post is about, from the strongest cue it has.

        Order: PC6, PC4, coordinates, neighbourhood, place name, hashtag, the ``place`` field,
        the author's profile location. A town yields all its PC4s. ``coordinates`` are
        (lat, lon) in WGS84; GeoJSON's (lon, lat) order is recognised too, since the two ranges
        do not overlap inside the Netherlands. ``year``, the year the post was written, lets a
        number after it ("storing in 2082?") be a postcode rather than a year.

        >>> gaz = Gazetteer.load()
        >>> gaz.geotag("storing in Best").name, gaz.geotag("best wel vervelend").cue
        ('Best', 'none')
        >>> gaz.geotag("geen stroom", author_location="Zwolle").cue
        'profile'
        """
        if _FOUR_DIGITS.search(text):
            found = self._postcodes(text, 2099 if year is None else year)
            if found is not None:
                return found
        if coordinates is not None:
            lat, lon = coordinates
            if NL_BOX[2] <= lat <= NL_BOX[3] and NL_BOX[0] <= lon <= NL_BOX[1]:
                lat, lon = lon, lat
            if NL_BOX[0] <= lat <= NL_BOX[1] and NL_BOX[2] <= lon <= NL_BOX[3]:
                pc4 = self.nearest(lat, lon)
                if pc4 is not None:
                    return GeoResult((pc4,), "coordinates", CONFIDENCE["coordinates"], pc4)
        hits, cue, lower, resolved, typo = self._reader.read(text)
        if resolved is not None:
            return resolved
        if hits:
            found = self._resolve(hits, cue, lower, place, author_location)
            return unsure(found) if typo else found
        fields: tuple[tuple[str | None, Cue], ...] = (
            (place, "place_field"),
            (author_location, "profile"),
        )
        for value, cue in fields:
            if value:
                result = self._field_of(value, cue, place, author_location)
                if result is not None:
                    return result
        return _NONE

    def _resolve_text(
        self, hits: Sequence[Hit], cue: Cue | None, lower: Sequence[str]
    ) -> GeoResult:
        return self._resolve(hits, cue, lower, None, None)

    def _postcodes(self, text: str, year: int = 2099) -> GeoResult | None:
        pc6 = find_pc6s(text, self.exists)
        if pc6:
            pc4s = tuple(sorted({code[:4] for code in pc6}))
            name = ", ".join(f"{code[:4]} {code[4:]}" for code in pc6)
            return GeoResult(pc4s, "pc6", CONFIDENCE["pc6"], name)
        pc4 = find_pc4s(text, self.exists, self._is_place, self._place_has, year)
        if pc4:
            return GeoResult(tuple(sorted(pc4)), "pc4", CONFIDENCE["pc4"], ", ".join(pc4))
        return None

    def _is_place(self, word: str) -> bool:
        return name_key(word) in self._index.keys

    def _place_has(self, pc4: str, rest: str) -> bool:
        # "2021 Haarlem": the words right after the number name the PC4's own place.
        lower = tokenize(rest).lower[:4]
        for k in range(len(lower), 0, -1):
            found = self._index.keys.get(" ".join(lower[:k]))
            if found is not None:
                return any(pc4 in c.entry.pc4s for c in found.candidates)
        return False

    def _field(
        self, value: str, cue: Cue, place: str | None, author_location: str | None
    ) -> GeoResult | None:
        if _FOUR_DIGITS.search(value):
            found = self._postcodes(value)
            if found is not None:
                return GeoResult(found.pc4s, cue, CONFIDENCE[cue], found.name)
        tokens = tokenize(value.replace("#", " "))
        hits = scan(self._index, tokens, field=True)
        if not hits:
            return None
        # A field names one place ("Arnhem, Nederland"); later names only help pick it.
        return self._resolve(hits[:1], cue, tokens.lower, place, author_location)

    def _resolve(
        self,
        hits: Sequence[Hit],
        cue: Cue | None,
        lower: Sequence[str],
        place: str | None,
        author_location: str | None,
    ) -> GeoResult:
        context: Context | None = None
        if any(len(h.name.candidates) > 1 for h in hits):
            context = self._context(hits, lower, place, author_location)
        parts: list[tuple[tuple[str, ...], str, float, bool]] = []
        for hit in hits:
            cand, factor = choose(hit.name.candidates, context)
            pc4s, label, is_part = self._area(cand.entry, hit.direction)
            parts.append((pc4s, label, factor, is_part))
        if cue is None:
            # In the text a neighbourhood beats a town: "Lombok, Utrecht" means Lombok.
            hoods = [p for p in parts if p[3]]
            parts = hoods or parts
            cue = "neighbourhood" if hoods else "place"
        if len(parts) == 1:
            pc4s, name, factor, _ = parts[0]
            return GeoResult(
                pc4s,
                cue,
                CONFIDENCE[cue] if factor == 1.0 else round(CONFIDENCE[cue] * factor, 3),
                name,
            )
        pc4s = tuple(sorted({pc4 for part in parts for pc4 in part[0]}))
        confidence = round(CONFIDENCE[cue] * min(part[2] for part in parts), 3)
        name = ", ".join(dict.fromkeys(part[1] for part in parts))
        return GeoResult(pc4s, cue, confidence, name)

    def _context(
        self,
        hits: Sequence[Hit],
        lower: Sequence[str],
        place: str | None,
        author_location: str | None,
    ) -> Context:
        all_hits = list(hits)
        provinces = province_words(lower)
        for value in (place, author_location):
            if value:
                tokens = tokenize(value.replace("#", " "))
                provinces |= province_words(tokens.lower)
                all_hits += scan(self._index, tokens, field=True)
        return make_context(all_hits, provinces)

    def _area(self, entry: PlaceEntry, direction: str | None) -> tuple[tuple[str, ...], str, bool]:
        """PC4s, label and whether it is a neighbourhood, for a place plus optional direction."""
        if entry.kind == "neighbourhood":
            return entry.pc4s, entry.name, True
        if direction is None:
            return entry.pc4s, entry.name, False
        part = self._direction_pc4s(entry, direction)
        if part == entry.pc4s:
            return entry.pc4s, entry.name, False
        return part, f"{entry.name}-{direction.capitalize()}", True

    def _direction_pc4s(self, entry: PlaceEntry, direction: str) -> tuple[str, ...]:
        """The PC4s of a town in a compass direction from its centre, or its centre itself."""
        key = (entry.name, entry.gemeente_code, direction)
        cached = self._directions.get(key)
        if cached is not None:
            return cached
        points = {pc4: (self._rows[pc4].lat, self._rows[pc4].lon) for pc4 in entry.pc4s}
        part = compass_part(entry, points, DIRECTIONS[direction])
        self._directions[key] = part
        return part


@functools.cache
def _default() -> Gazetteer:
    return Gazetteer(load_raw(DEFAULT_DATA_DIR))
