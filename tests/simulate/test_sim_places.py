"""The geography adapter: PC4 areas, neighbourhoods and weights from ``geo.Gazetteer`` only."""

import numpy as np
import pytest

import geo
from simulate import DataError
from simulate._places import load_places


def test_areas_are_the_gazetteer_pc4s() -> None:
    """Every gazetteer PC4 is an area, in PC4 order, and many have neighbourhood names."""
    places = load_places()
    assert [a.pc4 for a in places.areas] == list(geo.Gazetteer.load().pc4s())
    assert len(places.neighbourhoods) == len(places.areas)
    assert sum(1 for n in places.neighbourhoods if n) > 300


def test_gazetteer_failure_is_a_data_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """No fallback to raw files: a gazetteer that cannot load stops the generator."""

    def broken(cls: type[geo.Gazetteer]) -> geo.Gazetteer:
        msg = "no data"
        raise geo.GeoDataError(msg)

    monkeypatch.setattr(geo.Gazetteer, "load", classmethod(broken))
    with pytest.raises(DataError, match=r"geo\.Gazetteer failed to load"):
        load_places.__wrapped__()


def test_nearest_areas_start_with_the_area_itself() -> None:
    """An outage footprint starts at its own PC4 and grows to close neighbours."""
    places = load_places()
    i = next(k for k, a in enumerate(places.areas) if a.pc4 == "6821")
    around = places.nearest(i, 5)
    assert around[0] == i and len(set(around)) == 5
    assert all(places.areas[j].gemeente == "Arnhem" for j in around[:3])


def test_population_weighting_favours_big_cities() -> None:
    """Areas are drawn by population: Amsterdam PC4s far outnumber Ameland's."""
    places = load_places()
    drawn = places.sample_many(np.random.default_rng(0).random(50_000))
    gemeenten = [places.areas[i].gemeente for i in drawn]
    assert gemeenten.count("Amsterdam") > 20 * max(1, gemeenten.count("Ameland"))


def test_town_part_is_where_the_area_lies() -> None:
    """A PC4 in the east of Almere is "Almere-Oost"; a village has no parts."""
    places = load_places()
    by_pc4 = {a.pc4: a for a in places.areas}
    assert places.town_part(by_pc4["1349"]) == "Oost"
    village = next(a for a in places.areas if a.woonplaats == "Lent")
    assert places.town_part(village) is None


@pytest.mark.parametrize("town", ["Almere", "Utrecht", "Zwolle", "Breda"])
def test_geotagger_reads_town_parts_back(town: str) -> None:
    """Most areas of a city have a part, and the geotagger's reading of it holds the area."""
    places, gaz = load_places(), geo.Gazetteer.load()
    areas = [a for a in places.areas if a.woonplaats == town]
    named = [(a, p) for a in areas if (p := places.town_part(a)) is not None]
    assert len(named) >= 0.6 * len(areas)
    for area, part in named:
        name = f"{town} centrum" if part == "centrum" else f"{town}-{part}"
        assert area.pc4 in gaz.geotag(f"geen stroom in {name}").pc4s
