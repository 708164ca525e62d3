"""PC4 facts and distances: info, nearest, neighbours, centroid and region."""

import pytest

from geo import Gazetteer, GeoError, PC4Info, UnknownPostcodeError


class TestFacts:
    def test_all_pc4s(self, gaz: Gazetteer) -> None:
        """All 4,085 PC4s of the table are known, sorted."""
        codes = gaz.pc4s()
        assert len(codes) == 4085
        assert list(codes) == sorted(codes)
        assert all(len(c) == 4 and c.isdigit() for c in codes)

    def test_info(self, gaz: Gazetteer) -> None:
        """info() gives the main woonplaats, CBS gemeente, provincie and centroid."""
        info = gaz.info("5482")
        assert isinstance(info, PC4Info)
        assert (info.woonplaats, info.gemeente, info.gemeente_code) == (
            "Schijndel",
            "Meierijstad",
            "GM1948",
        )
        assert info.provincie == "Noord-Brabant"
        assert 51.5 < info.lat < 51.7

    @pytest.mark.parametrize("pc4", ["1000", "0000", "abcd", "68211", ""])
    def test_unknown(self, gaz: Gazetteer, pc4: str) -> None:
        """Unknown codes do not exist and info() raises UnknownPostcodeError."""
        assert not gaz.exists(pc4)
        with pytest.raises(UnknownPostcodeError, match="unknown PC4"):
            gaz.info(pc4)

    def test_unknown_is_geo_error_and_key_error(self) -> None:
        """UnknownPostcodeError is a GeoError (and a KeyError for mapping-style callers)."""
        assert issubclass(UnknownPostcodeError, GeoError)
        assert issubclass(UnknownPostcodeError, KeyError)


class TestDistances:
    def test_nearest(self, gaz: Gazetteer) -> None:
        """nearest() gives the PC4 whose centroid is closest."""
        info = gaz.info("6821")
        assert gaz.nearest(info.lat, info.lon) == "6821"

    def test_nearest_too_far(self, gaz: Gazetteer) -> None:
        """nearest() gives None beyond max_km."""
        assert gaz.nearest(50.0, 0.0) is None
        info = gaz.info("6821")
        assert gaz.nearest(info.lat + 0.2, info.lon, max_km=1.0) is None

    def test_neighbours_within_radius_sorted(self, gaz: Gazetteer) -> None:
        """neighbours() lists PC4s within the radius, nearest first, without itself."""
        found = gaz.neighbours("3511", 3.0)
        assert "3511" not in found
        assert len(found) > 5
        distances = [gaz.distance_km("3511", p) for p in found]
        assert distances == sorted(distances)
        assert max(distances) <= 3.0
        outside = set(gaz.pc4s()) - set(found) - {"3511"}
        assert all(gaz.distance_km("3511", p) > 3.0 for p in outside)

    def test_neighbours_of_unknown(self, gaz: Gazetteer) -> None:
        """neighbours() of an unknown PC4 raises."""
        with pytest.raises(UnknownPostcodeError):
            gaz.neighbours("1000", 5.0)

    def test_distance(self, gaz: Gazetteer) -> None:
        """distance_km() is symmetric, zero to itself, and ~35 km Utrecht-Amsterdam."""
        assert gaz.distance_km("3511", "3511") == 0.0
        assert gaz.distance_km("3511", "1012") == pytest.approx(gaz.distance_km("1012", "3511"))
        assert 30 < gaz.distance_km("3511", "1012") < 40

    def test_centroid(self, gaz: Gazetteer) -> None:
        """centroid() is the mean of the PC4 centroids."""
        a, b = gaz.info("1011"), gaz.info("1012")
        lat, lon = gaz.centroid(["1011", "1012"])
        assert lat == pytest.approx((a.lat + b.lat) / 2)
        assert lon == pytest.approx((a.lon + b.lon) / 2)

    def test_centroid_of_nothing(self, gaz: Gazetteer) -> None:
        """centroid() of no PC4s raises GeoError."""
        with pytest.raises(GeoError):
            gaz.centroid([])


class TestRegion:
    def test_region_is_gemeente_code(self, gaz: Gazetteer) -> None:
        """region() returns the CBS code of the most common gemeente."""
        assert gaz.region(["3511", "3512", "3401"]) == "GM0344"
        assert gaz.region(gaz.geotag("storing Lombok").pc4s) == "GM0344"

    def test_region_tie_smallest_code(self, gaz: Gazetteer) -> None:
        """On a tie region() takes the smallest gemeente code."""
        assert gaz.region(["3511", "1012"]) == "GM0344"
        assert gaz.region(["1012", "3511"]) == "GM0344"

    def test_region_of_nothing(self, gaz: Gazetteer) -> None:
        """region() of no PC4s raises GeoError."""
        with pytest.raises(GeoError):
            gaz.region([])

    def test_region_of_unknown(self, gaz: Gazetteer) -> None:
        """region() of an unknown PC4 raises UnknownPostcodeError."""
        with pytest.raises(UnknownPostcodeError):
            gaz.region(["1000"])
