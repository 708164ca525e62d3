"""Cues outside the text: coordinates, the place field and the author's profile location."""

import math

import pytest

from geo import Gazetteer, GeoResult


class TestCoordinates:
    def test_nearest_pc4(self, gaz: Gazetteer) -> None:
        """Coordinates give the PC4 with the nearest centroid."""
        info = gaz.info("3511")
        result = gaz.geotag("geen stroom", coordinates=(info.lat + 0.001, info.lon))
        assert result == GeoResult(("3511",), "coordinates", 0.9, "3511")

    def test_geojson_order(self, gaz: Gazetteer) -> None:
        """(lon, lat) as in GeoJSON is recognised, since NL latitudes and longitudes differ."""
        info = gaz.info("3511")
        assert gaz.geotag("geen stroom", coordinates=(info.lon, info.lat)).pc4s == ("3511",)

    @pytest.mark.parametrize("coords", [(48.8566, 2.3522), (52.0, 8.5), (math.nan, 5.0)])
    def test_outside_nl_ignored(self, gaz: Gazetteer, coords: tuple[float, float]) -> None:
        """Coordinates outside the NL box (or not numbers) are ignored."""
        assert gaz.geotag("geen stroom", coordinates=coords).cue == "none"

    def test_far_from_any_pc4_ignored(self, gaz: Gazetteer) -> None:
        """A point in the North Sea inside the box but > 10 km from any PC4 is ignored."""
        assert gaz.geotag("geen stroom", coordinates=(53.5, 3.5)).cue == "none"

    def test_text_postcode_beats_coordinates(self, gaz: Gazetteer) -> None:
        """A PC4 in the text wins over coordinates."""
        info = gaz.info("3511")
        assert gaz.geotag("storing 6821", coordinates=(info.lat, info.lon)).pc4s == ("6821",)

    def test_coordinates_beat_place_names(self, gaz: Gazetteer) -> None:
        """Coordinates win over a town name in the text."""
        info = gaz.info("3511")
        assert gaz.geotag("storing Arnhem", coordinates=(info.lat, info.lon)).pc4s == ("3511",)


class TestPlaceField:
    def test_place_field(self, gaz: Gazetteer) -> None:
        """The place attribute "Arnhem, Nederland" gives Arnhem with cue place_field."""
        result = gaz.geotag("geen stroom", place="Arnhem, Nederland")
        assert result.cue == "place_field"
        assert result.pc4s == gaz.place_pc4s("Arnhem")
        assert result.confidence == pytest.approx(0.6)

    def test_text_beats_place_field(self, gaz: Gazetteer) -> None:
        """A town in the text wins over the place field."""
        assert gaz.geotag("storing Ede", place="Arnhem, Nederland").name == "Ede"

    def test_place_field_with_postcode(self, gaz: Gazetteer) -> None:
        """A postcode in the place field is used, with the field's cue."""
        result = gaz.geotag("geen stroom", place="6821 Arnhem")
        assert (result.pc4s, result.cue) == (("6821",), "place_field")

    def test_place_field_beats_profile(self, gaz: Gazetteer) -> None:
        """The place field wins over the profile location."""
        result = gaz.geotag("geen stroom", place="Arnhem", author_location="Zwolle")
        assert result.name == "Arnhem"


class TestProfile:
    def test_profile_fallback(self, gaz: Gazetteer) -> None:
        """The profile location is the last resort, with low confidence."""
        result = gaz.geotag("weer geen stroom!!", author_location="Zwolle 🇳🇱")
        assert result.cue == "profile"
        assert result.pc4s == gaz.place_pc4s("Zwolle")
        assert result.confidence == pytest.approx(0.4)

    @pytest.mark.parametrize(
        "profile", ["Nederland", "The Netherlands", "ergens op aarde", "Zuid-Holland", ""]
    )
    def test_profile_without_place(self, gaz: Gazetteer, profile: str) -> None:
        """A profile naming no town gives no PC4s."""
        assert gaz.geotag("geen stroom", author_location=profile).cue == "none"

    def test_profile_takes_first_town(self, gaz: Gazetteer) -> None:
        """A profile with several towns gives the first."""
        assert gaz.geotag("geen stroom", author_location="Utrecht / Amsterdam").name == "Utrecht"

    def test_profile_neighbourhood(self, gaz: Gazetteer) -> None:
        """A neighbourhood in the profile is used, with the profile cue."""
        result = gaz.geotag("geen stroom", author_location="Lombok, Utrecht")
        assert (result.cue, result.name) == ("profile", "Lombok")


class TestNoCue:
    @pytest.mark.parametrize(
        "text",
        [
            "",
            "Stroomstoring! Hele straat zonder stroom, @liander wanneer is dit opgelost?",
            "Alweer een stroomstoring hier, 3e keer deze week!!",
            "gasstoring bij ons in de wijk, ruikt raar",
            "https://t.co/Utrecht123 storing",
        ],
    )
    def test_no_cue(self, gaz: Gazetteer, text: str) -> None:
        """Without any cue the result is empty with cue none (no PC4 is invented)."""
        assert gaz.geotag(text) == GeoResult((), "none", 0.0, "")
