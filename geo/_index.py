"""Build the name index: normalised place names -> candidate places with their PC4s.

Sources, best first (a name keeps only its best-tier candidates):
  0. GeoNames postal woonplaatsen (``nl_pc4.csv``); a name used by far-apart towns (Hengelo
     Ov/Gld) becomes one candidate per town.
  1. 4pp 2014 woonplaatsen that are a part of a town (Amsterdam-Zuidoost, Hoogvliet, Europoort).
  2. CBS gemeente names (Westland, Súdwest-Fryslân): all PC4s of the gemeente.
  3. GeoNames PPLX neighbourhoods (Lombok, Zuilen): the PC4s nearest to them in their gemeente.
  4. Other spellings of a woonplaats: 4pp aliases (Den Haag, Den Bosch) and GeoNames names.
  5. Other populated GeoNames places (Scheveningen, Ypenburg): nearest PC4s, as neighbourhoods.
  6. GeoNames alternate names of Friesland woonplaatsen (Frisian "Snits", "Ljouwert"). Other
     provinces' alternates are mostly exonyms and transliterations that collide with words.
"""

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from statistics import fmean

import numpy as np
import numpy.typing as npt

from geo._data import GeoNamesPlace, RawData
from geo._spatial import SpatialIndex, haversine_km
from geo._text import cached_key, split_suffix
from geo._types import PC4Info, PlaceEntry, PlaceKind
from geo._words import (
    BLOCKED_NAMES,
    FUNCTION_WORDS,
    GENERIC_NEIGHBOURHOODS,
    PROVINCE_ABBREVIATIONS,
    SOFT_WORDS,
    STRICT_WORDS,
)

__all__ = ["FREE", "SOFT", "STRICT", "Candidate", "NameIndex", "NameKey", "build_index"]

FREE, SOFT, STRICT = 0, 1, 2
TOWN_CLUSTER_KM = 10.0  # rows of one name further apart than this are different towns
_URBAN_DENSITY = 4000.0  # people per km², to turn a district's population into a radius
_HISTORICAL = frozenset({"PPLH", "PPLQ", "PPLW", "PPLCH"})
_NOT_TOWNS = _HISTORICAL | {"PPLX"}


@dataclass(frozen=True, slots=True)
class Candidate:
    entry: PlaceEntry
    tier: int


@dataclass(frozen=True, slots=True)
class NameKey:
    candidates: tuple[Candidate, ...]
    level: int  # FREE: any mention; SOFT: needs a capital; STRICT: needs place context


@dataclass(frozen=True, slots=True)
class NameIndex:
    keys: dict[str, NameKey]
    compact: dict[str, NameKey]  # keys without spaces, for hashtags (#DenHaag)
    first_max: dict[str, int]  # first token -> most tokens of a key starting with it
    pairs: frozenset[str]  # the first two tokens of every key of two or more
    entries: tuple[PlaceEntry, ...]  # woonplaatsen and neighbourhoods, for places()


def key_level(key: str) -> int:
    """How much context a mention of ``key`` needs before it counts as a place."""
    tokens = key.split()
    if len(tokens) == 1:
        if tokens[0] in STRICT_WORDS or len(tokens[0]) <= 2:
            return STRICT
        return SOFT if tokens[0] in SOFT_WORDS else FREE
    if all(t in STRICT_WORDS or t in SOFT_WORDS or t in FUNCTION_WORDS for t in tokens):
        return SOFT
    return FREE


def name_variants(key: str) -> set[str]:
    """Common ways of writing the same name: "sint"/"st", "aan den"/"a/d".

    >>> sorted(name_variants("capelle aan den ijssel"))
    ['capelle a d ijssel', 'capelle aan de ijssel', 'capelle aan den ijssel', 'capelle ad ijssel']
    """
    out = {key}
    padded = f" {key} "
    for old, new in ((" sint ", " st "), (" st ", " sint ")):
        if old in padded:
            out.add(padded.replace(old, new).strip())
    for article in (" aan den ", " aan de "):
        for variant in sorted(out):
            padded = f" {variant} "
            if article in padded:
                for new in (" a d ", " ad ", " aan den ", " aan de "):
                    out.add(padded.replace(article, new).strip())
    return out


class _Builder:
    def __init__(self, raw: RawData, spatial: SpatialIndex, codes: tuple[str, ...]) -> None:
        self.raw = raw
        self.spatial = spatial
        self.codes = codes
        self.row_of = {pc4: i for i, pc4 in enumerate(codes)}
        # Stray codes (see geo._data) must not end up in any named area.
        unplaced = set(raw.unplaced)
        self.placeable = np.array(
            [i for i, pc4 in enumerate(codes) if pc4 not in unplaced], dtype=np.intp
        )
        by_gm: dict[str, list[int]] = defaultdict(list)
        for i in self.placeable:
            by_gm[raw.primary[codes[i]].gemeente_code].append(int(i))
        self.gm_rows = {gm: np.array(rows, dtype=np.intp) for gm, rows in by_gm.items()}
        self.by_key: dict[str, list[Candidate]] = defaultdict(list)
        self.towns_of_pc4: dict[str, list[PlaceEntry]] = defaultdict(list)
        self.town_sources: list[tuple[PlaceEntry, GeoNamesPlace]] = []
        self.geonames: dict[str, list[GeoNamesPlace]] = defaultdict(list)
        for place in raw.places:
            # Only populated places can lend a woonplaats its population and centre point.
            if place.population > 0 and place.feature_code not in _NOT_TOWNS:
                for name in (place.name, *place.alternates):
                    self.geonames[cached_key(name)].append(place)

    def add(self, key: str, entry: PlaceEntry, tier: int) -> None:
        if key and key not in BLOCKED_NAMES:
            self.by_key[key].append(Candidate(entry, tier))

    def best_tier(self, key: str) -> int:
        return min((c.tier for c in self.by_key.get(key, ())), default=99)

    # -- sources ----------------------------------------------------------------------------

    def add_woonplaatsen(self) -> list[PlaceEntry]:
        groups: dict[str, list[PC4Info]] = defaultdict(list)
        for row in self.raw.members:
            groups[cached_key(split_suffix(row.woonplaats)[0])].append(row)
        towns: list[PlaceEntry] = []
        for base, rows in groups.items():
            clusters = _clusters(rows, TOWN_CLUSTER_KM)
            for cluster in clusters:
                entry = self._town_entry(base, cluster)
                towns.append(entry)
                for pc4 in entry.pc4s:
                    self.towns_of_pc4[pc4].append(entry)
                keys = {base} | {cached_key(r.woonplaats) for r in cluster}
                if len(clusters) > 1:
                    # Let "Hengelo Gld" and "Bergen (NH)" pick one of several same-named towns.
                    keys |= {
                        f"{base} {abbr}"
                        for abbr, prov in PROVINCE_ABBREVIATIONS.items()
                        if prov == entry.provincie
                    }
                for key in keys:
                    for variant in name_variants(key):
                        self.add(variant, entry, 0)
        return towns

    def _town_entry(self, base: str, rows: list[PC4Info]) -> PlaceEntry:
        pc4s = tuple(sorted({r.pc4 for r in rows}))
        name = Counter(r.woonplaats for r in rows).most_common(1)[0][0]
        gm_code = Counter(r.gemeente_code for r in rows).most_common(1)[0][0]
        gm_row = next(r for r in rows if r.gemeente_code == gm_code)
        lat = fmean(self.raw.primary[p].lat for p in pc4s)
        lon = fmean(self.raw.primary[p].lon for p in pc4s)
        codes = {r.gemeente_code for r in rows}
        best: GeoNamesPlace | None = None
        for key in {base} | {cached_key(r.woonplaats) for r in rows}:
            for place in self.geonames.get(key, ()):
                near = haversine_km(lat, lon, place.lat, place.lon) <= TOWN_CLUSTER_KM
                if (place.gemeente_code in codes or near) and (
                    best is None or place.population > best.population
                ):
                    best = place
        population = best.population if best else 0
        if best is not None and best.population > 0:
            # GeoNames' point is the town centre, better than the mean of PC4 centroids.
            lat, lon = best.lat, best.lon
        entry = PlaceEntry(
            name, "place", pc4s, gm_row.gemeente, gm_code, gm_row.provincie, population, lat, lon
        )
        if best is not None and best.population >= 1000:
            self.town_sources.append((entry, best))
        return entry

    def add_aliases(self) -> list[PlaceEntry]:
        sets: dict[str, set[str]] = defaultdict(set)
        display: dict[str, str] = {}
        for alias in self.raw.aliases:
            if alias.pc4 not in self.row_of:
                continue
            for name in alias.names:
                key = cached_key(name)
                if len(key) >= 3:
                    sets[key].add(alias.pc4)
                    display.setdefault(key, alias.names[0])
        parts: dict[frozenset[str], PlaceEntry] = {}
        for key, pc4s in sets.items():
            if self.best_tier(key) == 0:
                continue
            towns = {id(t): t for p in pc4s for t in self.towns_of_pc4[p]}.values()
            same = [t for t in towns if len(pc4s & set(t.pc4s)) * 2 >= len(t.pc4s)]
            for variant in name_variants(key):
                if same:
                    for town in same:
                        self.add(variant, town, 4)
                    continue
                frozen = frozenset(pc4s)
                if frozen not in parts:
                    parts[frozen] = self._area_entry(display[key], "neighbourhood", frozen, 0)
                self.add(variant, parts[frozen], 1)
        return list(parts.values())

    def add_nicknames(self, nicknames: tuple[tuple[str, str], ...]) -> None:
        # Colloquial names ("Mokum", "A'dam") for the town of that name, like a 4pp alias.
        for nickname, woonplaats in nicknames:
            towns = [c.entry for c in self.by_key.get(cached_key(woonplaats), ()) if c.tier == 0]
            for town in towns:
                for variant in name_variants(cached_key(nickname)):
                    self.add(variant, town, 4)

    def add_gemeenten(self) -> None:
        for gm in self.raw.gemeenten.values():
            rows = self.gm_rows.get(gm.code)
            if rows is None:
                continue
            pc4s = frozenset(self.codes[i] for i in rows)
            entry = self._area_entry(gm.name, "place", pc4s, gm.inwoners)
            for key in {cached_key(gm.name), cached_key(split_suffix(gm.name)[0])}:
                for variant in name_variants(key):
                    self.add(variant, entry, 2)

    def add_neighbourhoods(self) -> list[PlaceEntry]:
        out: list[PlaceEntry] = []
        for place in self.raw.places:
            key = cached_key(place.name)
            if key in GENERIC_NEIGHBOURHOODS or len(key) < 3 or self.best_tier(key) <= 2:
                continue
            if place.feature_code == "PPLX":
                tier = 3
            elif place.population > 0 and place.feature_code not in _HISTORICAL:
                if self.best_tier(key) <= 4 or self._add_synonym(key, place):
                    continue
                tier = 5
            else:
                continue
            pc4s = self.near_pc4s(place.lat, place.lon, place.gemeente_code, place.population)
            if not pc4s:
                continue
            entry = self._area_entry(place.name, "neighbourhood", frozenset(pc4s), place.population)
            entry = replace(entry, lat=place.lat, lon=place.lon)
            out.append(entry)
            self.add(key, entry, tier)
        return out

    def add_alternates(self) -> None:
        for entry, place in self.town_sources:
            if entry.provincie != "Friesland":
                continue
            for alt in place.alternates:
                key = cached_key(alt)
                tokens = key.split()
                # Short tokens are mostly foreign articles ("La Haye", "L'Aia").
                if len(key) >= 4 and all(len(t) >= 3 for t in tokens) and key_level(key) == FREE:
                    self.add(key, entry, 6)

    def _add_synonym(self, key: str, place: GeoNamesPlace) -> bool:
        # GeoNames calls 's-Gravenhage "The Hague": a name for a woonplaats we already have.
        for alt in place.alternates:
            for cand in self.by_key.get(cached_key(alt), ()):
                if cand.tier == 0 and place.gemeente_code == cand.entry.gemeente_code:
                    self.add(key, cand.entry, 4)
                    return True
        return False

    # -- helpers ----------------------------------------------------------------------------

    def near_pc4s(self, lat: float, lon: float, gm_code: str, population: int) -> list[str]:
        """PC4s around a point, preferring its own gemeente (GeoNames codes can be stale)."""
        rows: npt.NDArray[np.intp] | None = self.gm_rows.get(gm_code)
        dist = self.spatial.distances(lat, lon, rows)
        if rows is None or float(dist.min()) > 5.0:
            rows = self.placeable
            dist = self.spatial.distances(lat, lon, rows)
        nearest = float(dist.min())
        if nearest > 5.0:
            return []
        radius = max(1.0, 1.25 * nearest, math.sqrt(population / _URBAN_DENSITY / math.pi))
        order = np.argsort(dist, kind="stable")
        cap = 6 if population >= 1000 else 3
        return [self.codes[rows[i]] for i in order[:cap] if dist[i] <= radius]

    def _area_entry(
        self, name: str, kind: PlaceKind, pc4s: frozenset[str], population: int
    ) -> PlaceEntry:
        ordered = tuple(sorted(pc4s))
        main = Counter(self.raw.primary[p].gemeente_code for p in ordered).most_common(1)[0][0]
        row = next(
            self.raw.primary[p] for p in ordered if self.raw.primary[p].gemeente_code == main
        )
        lat = fmean(self.raw.primary[p].lat for p in ordered)
        lon = fmean(self.raw.primary[p].lon for p in ordered)
        return PlaceEntry(
            name,
            kind,
            ordered,
            row.gemeente,
            row.gemeente_code,
            row.provincie,
            population,
            lat,
            lon,
        )

    def finish(self, listed: list[PlaceEntry]) -> NameIndex:
        keys: dict[str, NameKey] = {}
        for key, cands in self.by_key.items():
            tier = min(c.tier for c in cands)
            unique = {id(c.entry): c for c in cands if c.tier == tier}
            keys[key] = NameKey(tuple(unique.values()), key_level(key))
        compact: dict[str, NameKey] = {}
        for key in sorted(keys, key=lambda k: (keys[k].candidates[0].tier, k)):
            compact.setdefault(key.replace(" ", ""), keys[key])
        first_max: dict[str, int] = {}
        pairs: set[str] = set()
        for key in keys:
            tokens = key.split()
            first_max[tokens[0]] = max(first_max.get(tokens[0], 0), len(tokens))
            if len(tokens) > 1:
                # split(" ") as scan joins: the pair is exactly how the key begins
                first, second, *_ = key.split(" ", 2)
                pairs.add(f"{first} {second}")
        winners = {id(c.entry) for nk in keys.values() for c in nk.candidates}
        entries = sorted(
            (e for e in listed if id(e) in winners),
            key=lambda e: (cached_key(e.name), e.kind, e.gemeente_code),
        )
        return NameIndex(keys, compact, first_max, frozenset(pairs), tuple(entries))


def _clusters(rows: list[PC4Info], max_km: float) -> list[list[PC4Info]]:
    """Single-linkage clusters of rows whose points are within ``max_km`` of each other."""
    parent = list(range(len(rows)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(rows):
        for j in range(i + 1, len(rows)):
            b = rows[j]
            if root(i) != root(j) and haversine_km(a.lat, a.lon, b.lat, b.lon) <= max_km:
                parent[root(i)] = root(j)
    groups: dict[int, list[PC4Info]] = defaultdict(list)
    for i, row in enumerate(rows):
        groups[root(i)].append(row)
    return sorted(groups.values(), key=lambda g: min(r.pc4 for r in g))


def build_index(raw: RawData, spatial: SpatialIndex, codes: tuple[str, ...]) -> NameIndex:
    """Build the name index from the raw data; ``spatial`` holds the centroids of ``codes``."""
    builder = _Builder(raw, spatial, codes)
    towns = builder.add_woonplaatsen()
    parts = builder.add_aliases()
    builder.add_nicknames(raw.nicknames)
    builder.add_gemeenten()
    hoods = builder.add_neighbourhoods()
    builder.add_alternates()
    cached_key.cache_clear()  # the cache only pays off while building
    return builder.finish(towns + parts + hoods)
