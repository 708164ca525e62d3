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
