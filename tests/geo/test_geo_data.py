"""The packaged data: cleaned PC4 table, places list, loading and its errors."""

import shutil
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo import Gazetteer, GeoDataError, GeoResult
from geo._gazetteer import DEFAULT_DATA_DIR
from geo._spatial import haversine_km

CUES = {"pc6", "pc4", "coordinates", "neighbourhood", "place", "hashtag", "place_field"}


class TestDataQuirks:
    def test_misplaced_row_not_used(self, gaz: Gazetteer) -> None:
        """3523 is Utrecht; the GeoNames row calling it Ouddorp is dropped."""
        assert gaz.info("3523").woonplaats == "Utrecht"
        assert "3523" not in gaz.place_pc4s("Ouddorp")
        assert "3523" in gaz.place_pc4s("Utrecht")

    def test_stray_code_not_in_place(self, gaz: Gazetteer) -> None:
        """5217 (listed as 's-Gravenhage among Den Bosch codes) is in no town's set."""
        assert gaz.exists("5217")
        assert "5217" not in gaz.place_pc4s("Den Haag")

    def test_shared_pc4_in_both_places(self, gaz: Gazetteer) -> None:
        """A PC4 really shared by two villages belongs to both."""
        heusden = next(p for p in gaz.places() if p.name == "Heusden" and p.gemeente == "Heusden")
        assert "5256" in heusden.pc4s
        assert "5256" in gaz.place_pc4s("Haarsteeg")
        assert "5256" in gaz.place_pc4s("Herpt")

    def test_bad_coordinates_fixed(self, gaz: Gazetteer) -> None:
        """3062 Rotterdam gets 4pp's coordinates, not GeoNames' point in the North Sea."""
        assert gaz.distance_km("3062", "3061") < 5

    def test_towns_are_compact(self, gaz: Gazetteer) -> None:
        """After cleaning, no PC4 of a woonplaats lies over 15 km from the town's centroid."""
        for entry in gaz.places():
            if entry.kind == "place":
                lat, lon = gaz.centroid(entry.pc4s)
                far = [p for p in entry.pc4s if haversine_km(lat, lon, *gaz.centroid([p])) > 15]
                assert far == [], entry.name


class TestPlaces:
    def test_places_list(self, gaz: Gazetteer) -> None:
        """places() lists woonplaatsen and neighbourhoods with known PC4s."""
        places = gaz.places()
        kinds = {p.kind for p in places}
        assert kinds == {"place", "neighbourhood"}
        assert len([p for p in places if p.kind == "place"]) > 2000
        known = set(gaz.pc4s())
        assert all(p.pc4s and set(p.pc4s) <= known for p in places)
        assert all(list(p.pc4s) == sorted(p.pc4s) for p in places)

    def test_population_and_gemeente(self, gaz: Gazetteer) -> None:
        """Towns carry their gemeente and a GeoNames population."""
        utrecht = next(p for p in gaz.places() if p.name == "Utrecht" and p.kind == "place")
        assert utrecht.gemeente_code == "GM0344"
        assert utrecht.population > 300_000
        lombok = next(p for p in gaz.places() if p.name == "Lombok")
        assert lombok.kind == "neighbourhood"
        assert lombok.gemeente == "Utrecht"

    def test_place_pc4s_case_insensitive(self, gaz: Gazetteer) -> None:
        """place_pc4s() ignores case, hyphens and apostrophe styles."""
        assert gaz.place_pc4s("ARNHEM") == gaz.place_pc4s("arnhem") != ()
        assert gaz.place_pc4s("den bosch") == gaz.place_pc4s("’s-Hertogenbosch")
        assert gaz.place_pc4s("Zwolle-Zuid")
        assert gaz.place_pc4s("Nergenshuizen") == ()


class TestLoading:
    def test_default_is_cached(self) -> None:
        """Gazetteer.load() returns the same instance every time."""
        assert Gazetteer.load() is Gazetteer.load()

    def test_load_from_dir_is_fast(self, tmp_path: Path) -> None:
        """Loading from a data directory builds a fresh gazetteer in about a second."""
        start = time.perf_counter()
        gaz = Gazetteer.load(DEFAULT_DATA_DIR)
        elapsed = time.perf_counter() - start
        assert gaz is not Gazetteer.load()
        assert len(gaz.pc4s()) == 4085
        assert elapsed < 3.0  # < 1 s on a quiet machine; slack for busy CI

    def test_missing_file(self, tmp_path: Path) -> None:
        """A data directory without the files raises GeoDataError."""
        with pytest.raises(GeoDataError, match="cannot read"):
            Gazetteer.load(tmp_path)

    def test_malformed_file(self, tmp_path: Path) -> None:
        """A file with wrong columns raises GeoDataError."""
        for path in DEFAULT_DATA_DIR.glob("*.*sv"):
            shutil.copy(path, tmp_path / path.name)
        (tmp_path / "nl_pc4.csv").write_text("pc4,name\n1011,Amsterdam\n", encoding="utf-8")
        with pytest.raises(GeoDataError, match="malformed"):
            Gazetteer.load(tmp_path)

    def test_attribution_shipped(self) -> None:
        """The attribution file names every source."""
        text = (DEFAULT_DATA_DIR / "ATTRIBUTION.md").read_text(encoding="utf-8")
        for needle in ("GeoNames", "CC BY 4.0", "CBS / Kadaster", "Bob den Otter", "MIT"):
            assert needle in text


class TestRobustness:
    @settings(max_examples=300, deadline=None)
    @given(text=st.text(max_size=200), profile=st.one_of(st.none(), st.text(max_size=40)))
    def test_geotag_never_fails(self, gaz: Gazetteer, text: str, profile: str | None) -> None:
        """Any text gives a well-formed result with only known, sorted PC4s."""
        result = gaz.geotag(text, author_location=profile)
        assert isinstance(result, GeoResult)
        assert list(result.pc4s) == sorted(set(result.pc4s))
        assert all(gaz.exists(p) for p in result.pc4s)
        assert 0.0 <= result.confidence <= 1.0
        assert (result.cue == "none") == (not result.pc4s)
        assert result.cue in CUES | {"profile", "none"}

    def test_speed(self, gaz: Gazetteer) -> None:
        """geotag takes well under 100 µs for short posts (about 10 µs on a quiet machine)."""
        texts = [
            "weer geen stroom in 6821",
            "stroomstoring Lombok??",
            "@liander alles zwart in Zwolle-Zuid",
            "best wel vervelend dat de stroom weer uit is",
            "Geen stroom in Den Haag, balen",
        ]
        rounds = 400
        start = time.perf_counter()
        for _ in range(rounds):
            for text in texts:
                gaz.geotag(text)
        per_call = (time.perf_counter() - start) / (rounds * len(texts))
        assert per_call < 100e-6
