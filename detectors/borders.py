"""Gemeente borders: a complaint near one counts in the neighbouring gemeente too.

The live stream partitions complaints by region (CBS gemeente), and every decision is per
region, so an outage on a border would split its reports over two regions that never add up.
A precise complaint (its own postcode, place or coordinates, a few PC4s) within ``radius_km`` of
another gemeente's PC4 is therefore also filed in that region as a guest: it supports clusters
there, but a cluster opens an alert only in the region most of its authors come from (its
home), so an incident on a border still raises one alert.

Both drivers decide the same: stage one sends a complaint to the partitions of all its regions
(:meth:`Borders.regions`), and each partition's detector files it only in the regions that
partition owns. The rule reads only fields thread linking never changes (replies do not
spread), so stage one, before linking, and the detector, after it, agree.
"""

from collections.abc import Callable, Iterable, Sequence
from typing import Protocol, runtime_checkable

from schemas import Complaint

__all__ = ["SPREAD_CUES", "BorderAware", "Borders", "RegionPlaces", "home_region"]

#: Cues from the post itself; a profile location or a thread link stays in its home region.
SPREAD_CUES = frozenset(
    {"pc6", "pc4", "coordinates", "neighbourhood", "place", "hashtag", "place_field"}
)


class RegionPlaces(Protocol):
    """What borders need of the gazetteer."""

    def neighbours(self, pc4: str, radius_km: float) -> tuple[str, ...]:
        """PC4s within ``radius_km``."""
        ...

    def region(self, pc4s: Sequence[str]) -> str:
        """The CBS gemeente code of some PC4s."""
        ...


@runtime_checkable
class BorderAware(Protocol):
    """A detector that files complaints in several regions and must know which it owns."""

    #: the border rule it files by (``None``: every complaint stays in its own region)
    borders: "Borders | None"

    def own(self, owns: Callable[[str], bool]) -> None:
        """File and open alerts only in the regions for which ``owns`` is true."""
        ...


class Borders:
    """Which other regions a complaint reaches."""

    def __init__(self, places: RegionPlaces, radius_km: float, max_pc4s: int) -> None:
        self.places = places
        self.radius_km = radius_km
        self.max_pc4s = max_pc4s
        self._near: dict[str, frozenset[str]] = {}
        self._region: dict[str, str] = {}

    def region_of(self, pc4: str) -> str:
        """The region of one PC4 (cached)."""
        region = self._region.get(pc4)
        if region is None:
            region = self._region[pc4] = self.places.region((pc4,))
        return region

    def regions(self, complaint: Complaint) -> tuple[str, ...]:
        """Regions other than its own a complaint is filed in, sorted; mostly none."""
        if (
            not complaint.region
            or complaint.reply_to is not None
            or complaint.repost
            or complaint.cue not in SPREAD_CUES
            or len(complaint.pc4s) > self.max_pc4s
        ):
            return ()
        out: set[str] = set()
        for pc4 in complaint.pc4s:
            near = self._near.get(pc4)
            if near is None:
                near = frozenset(
                    self.region_of(q) for q in (pc4, *self.places.neighbours(pc4, self.radius_km))
                )
                self._near[pc4] = near
            out |= near
        out.discard(complaint.region)
        return tuple(sorted(out))


def home_region(homes: Iterable[tuple[str, str]]) -> str:
    """The region most distinct authors come from; ties go to the smallest code.

    ``homes`` are (author, home region) pairs; an author counts once, in their first region.

    >>> home_region([("a", "GM2"), ("b", "GM1"), ("c", "GM2"), ("a", "GM1")])
    'GM2'
    >>> home_region([("a", "GM2"), ("b", "GM1")])
    'GM1'
    """
    first: dict[str, str] = {}
    for author, home in homes:
        first.setdefault(author, home)
    counts: dict[str, int] = {}
    for home in first.values():
        counts[home] = counts.get(home, 0) + 1
    return min(counts.items(), key=lambda item: (-item[1], item[0]))[0]
