"""Read the gazetteer's data files and clean up the PC4 table.

GeoNames lists some PC4s under several woonplaatsen. Most are real (a PC4 that spans two
villages), a few are errors (3523 "Ouddorp" lies 89 km from the other 3523 row, in Utrecht).
For each PC4 the main row is the one the 2014 4pp table agrees with, else the one closest to the
numerically adjacent PC4s (postcodes are handed out along roads, so 3522 and 3524 are near 3523).
Extra rows stay as extra woonplaatsen of the PC4 when they are close to the main row.
"""

import csv
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from geo._spatial import haversine_km, haversine_np
from geo._text import cached_key, split_suffix
from geo._types import PC4Info
from geo.exceptions import GeoDataError

__all__ = ["AliasRow", "Gemeente", "GeoNamesPlace", "RawData", "load_raw"]

PC4_FILE = "nl_pc4.csv"
ALIAS_FILE = "nl_4pp_2014.csv"
NICKNAME_FILE = "nicknames.csv"  # hand-made: colloquial town names (see ATTRIBUTION.md)
PLACES_FILE = "nl_places_geonames_p.tsv"
GEMEENTEN_FILE = "nl_gemeenten_2023.csv"

# An extra (pc4, woonplaats) row this close to the main row is a PC4 shared by two places.
SHARED_ROW_KM = 5.0
# ...and up to this far when it is the only PC4 its woonplaats has (small villages).
LONE_ROW_KM = 12.0
# A lone row this far from the numerically adjacent PC4s has a wrong code or wrong coordinates.
ODD_ROW_KM = 20.0

_ADMIN1 = {
    "01": "Drenthe",
    "02": "Friesland",
    "03": "Gelderland",
    "04": "Groningen",
    "05": "Limburg",
    "06": "Noord-Brabant",
    "07": "Noord-Holland",
    "09": "Utrecht",
    "10": "Zeeland",
    "11": "Zuid-Holland",
    "15": "Overijssel",
    "16": "Flevoland",
}


class AliasRow(NamedTuple):
    pc4: str
    names: tuple[str, ...]  # the 2014 woonplaats first, then its alternative spellings
    lat: float
    lon: float


class GeoNamesPlace(NamedTuple):
    name: str
    alternates: tuple[str, ...]
    lat: float
    lon: float
    feature_code: str
    provincie: str
    gemeente_code: str
    population: int


@dataclass(frozen=True, slots=True)
class Gemeente:
    code: str
    name: str
    provincie: str
    inwoners: int


@dataclass(frozen=True, slots=True)
class RawData:
    primary: dict[str, PC4Info]  # pc4 -> main row, sorted by pc4
    members: tuple[PC4Info, ...]  # every kept (pc4, woonplaats) row, main rows included
    dropped: tuple[PC4Info, ...]  # rows judged to be GeoNames errors
    moved: tuple[PC4Info, ...]  # rows whose GeoNames coordinates were replaced by 4pp's
    unplaced: tuple[str, ...]  # PC4s kept as codes but attached to no place name
    aliases: tuple[AliasRow, ...]
    places: tuple[GeoNamesPlace, ...]
    gemeenten: dict[str, Gemeente]
    nicknames: tuple[tuple[str, str], ...] = ()  # (nickname, woonplaats)


def _read(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            # GeoNames text is unquoted and may contain '"'; the CSV files are quoted.
            if delimiter == "\t":
                return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
            return list(csv.DictReader(handle))
    except OSError as exc:
        msg = f"cannot read gazetteer data file {path}: {exc}"
        raise GeoDataError(msg) from exc


def load_raw(data_dir: Path) -> RawData:
    """Read the four data files in ``data_dir`` and resolve the PC4 table."""
    try:
        rows = [
            PC4Info(
                r["pc4"],
                r["woonplaats"],
                r["gemeente"],
                r["gemeente_code"],
                r["provincie"],
                float(r["lat"]),
                float(r["lon"]),
            )
            for r in _read(data_dir / PC4_FILE)
        ]
        aliases = tuple(
            AliasRow(
                r["postcode"],
                (r["woonplaats"], *(a for a in r["alternatieve_schrijfwijzen"].split(";") if a)),
                float(r["latitude"] or "nan"),
                float(r["longitude"] or "nan"),
            )
            for r in _read(data_dir / ALIAS_FILE)
        )
        places = tuple(
            GeoNamesPlace(
                r["name"],
                tuple(a for a in r["alternatenames"].split(",") if a),
                float(r["latitude"]),
                float(r["longitude"]),
                r["feature_code"],
                _ADMIN1.get(r["admin1_code"], ""),
                f"GM{r['admin2_code']}" if r["admin2_code"] else "",
                int(r["population"] or 0),
            )
            for r in _read(data_dir / PLACES_FILE, "\t")
        )
        gemeenten = {
            r["gemeente_code"]: Gemeente(
                r["gemeente_code"], r["gemeente"], r["provincie"], int(r["inwoners_2023"])
            )
            for r in _read(data_dir / GEMEENTEN_FILE)
        }
        nicknames = tuple((r["nickname"], r["woonplaats"]) for r in _read(data_dir / NICKNAME_FILE))
    except (KeyError, ValueError) as exc:
        msg = f"malformed gazetteer data in {data_dir}: {exc!r}"
        raise GeoDataError(msg) from exc
    if not rows:
        msg = f"no PC4 rows in {data_dir / PC4_FILE}"
        raise GeoDataError(msg)
    primary, members, dropped, moved, unplaced = _resolve(rows, aliases)
    return RawData(
        primary, members, dropped, moved, unplaced, aliases, places, gemeenten, nicknames
    )


def _resolve(
    rows: list[PC4Info], aliases: tuple[AliasRow, ...]
) -> tuple[
    dict[str, PC4Info],
    tuple[PC4Info, ...],
    tuple[PC4Info, ...],
    tuple[PC4Info, ...],
    tuple[str, ...],
]:
    by_pc4: dict[str, list[PC4Info]] = defaultdict(list)
    for row in rows:
        by_pc4[row.pc4].append(row)
    by_alias = {a.pc4: a for a in aliases}
    rows_per_place = Counter(row.woonplaats for row in rows)
    codes = sorted(by_pc4)
    near = _CodeNeighbours([by_pc4[c][0] for c in codes if len(by_pc4[c]) == 1], codes)
    single_spread = near.spreads()

    primary: dict[str, PC4Info] = {}
    members: list[PC4Info] = []
    dropped: list[PC4Info] = []
    moved: list[PC4Info] = []
    unplaced: list[str] = []
    for pc4 in codes:
        candidates = by_pc4[pc4]
        if len(candidates) == 1:
            row = candidates[0]
            if single_spread[pc4] > ODD_ROW_KM:
                alias = by_alias.get(pc4)
                if alias is None:
                    # Not even in the 2014 table (which lists PO boxes too): a stray code,
                    # e.g. 5217 "'s-Gravenhage" among the 's-Hertogenbosch codes.
                    primary[pc4] = row
                    unplaced.append(pc4)
                    continue
                fixed = replace(row, lat=alias.lat, lon=alias.lon)
                if near.spread(fixed) <= ODD_ROW_KM / 2:
                    # GeoNames put 3062 Rotterdam in the North Sea; 4pp has it in Kralingen.
                    moved.append(row)
                    row = fixed
            primary[pc4] = row
            members.append(row)
            continue
        alias = by_alias.get(pc4)
        known = {cached_key(split_suffix(n)[0]) for n in alias.names} if alias else set()
        agreeing = [r for r in candidates if cached_key(split_suffix(r.woonplaats)[0]) in known]
        main = min(agreeing or candidates, key=lambda r: (near.spread(r), r.woonplaats))
        primary[pc4] = main
        members.append(main)
        for row in candidates:
            if row is main:
                continue
            km = haversine_km(row.lat, row.lon, main.lat, main.lon)
            lone = rows_per_place[row.woonplaats] == 1
            if km <= SHARED_ROW_KM or (lone and km <= LONE_ROW_KM):
                members.append(row)
            else:
                dropped.append(row)
    return primary, tuple(members), tuple(dropped), tuple(moved), tuple(unplaced)


class _CodeNeighbours:
    """For every PC4, the (up to) six single-row PC4s with the nearest codes, within 30.

    The spread of a row is its median distance to those: small for a plausible row.
    """

    def __init__(self, single: list[PC4Info], codes: list[str]) -> None:
        self.single = single
        self.lat = np.array([r.lat for r in single])
        self.lon = np.array([r.lon for r in single])
        numbers = np.array([int(r.pc4) for r in single], dtype=np.int64)
        queries = np.array([int(c) for c in codes], dtype=np.int64)
        # The six nearest codes lie within six places on either side of the insertion point.
        pos = np.searchsorted(numbers, queries)[:, None] + np.arange(-6, 7)
        inside = (pos >= 0) & (pos < len(numbers))
        pos = np.clip(pos, 0, len(numbers) - 1)
        diff = np.abs(numbers[pos] - queries[:, None])
        valid = inside & (diff > 0) & (diff <= 30)
        rank = np.where(valid, diff * 10_000 + numbers[pos], np.iinfo(np.int64).max)
        order = np.argsort(rank, axis=1, kind="stable")[:, :6]
        self.pos: npt.NDArray[np.intp] = np.take_along_axis(pos, order, axis=1)
        self.valid: npt.NDArray[np.bool_] = np.take_along_axis(valid, order, axis=1)
        self.row_of = {c: i for i, c in enumerate(codes)}

    def spread(self, row: PC4Info) -> float:
        i = self.row_of[row.pc4]
        pos = self.pos[i][self.valid[i]]
        if pos.size == 0:
            return 0.0
        return float(np.median(haversine_np(row.lat, row.lon, self.lat[pos], self.lon[pos])))

    def spreads(self) -> dict[str, float]:
        """Spread of every single-row PC4, computed in one go."""
        rows = np.array([self.row_of[r.pc4] for r in self.single], dtype=np.intp)
        pos, valid = self.pos[rows], self.valid[rows]
        km = haversine_np(self.lat[:, None], self.lon[:, None], self.lat[pos], self.lon[pos])
        km = np.where(valid, km, np.nan)
        km[~valid.any(axis=1)] = 0.0
        medians = np.nanmedian(km, axis=1)
        return {r.pc4: float(m) for r, m in zip(self.single, medians, strict=True)}
