"""Gemeente borders: a precise complaint near one counts in the neighbouring region too."""

from collections.abc import Callable

from detectors import FixedClock
from detectors.borders import Borders
from detectors.surprise import SurpriseConfig, SurpriseDetector
from detectors.threshold import ThresholdConfig, ThresholdDetector
from schemas import AlertEvent, Complaint
from tests.detectors.conftest import GridPlaces, complaint

# PC4 10xy is at column x: 104y in GM0001 and 105y in GM0002 are 1 km apart across the border.
WEST, EAST, FAR_WEST = "1044", "1054", "1004"


def _c(minute: float, author: str, pc4: str, **kw: object) -> Complaint:
    region = "GM0001" if pc4 < "1050" else "GM0002"
    return complaint(minute, author, (pc4,), region=region, **kw)  # type: ignore[arg-type]


def _threshold(places: GridPlaces, clock: FixedClock, border_km: float) -> ThresholdDetector:
    config = ThresholdConfig(min_precise_authors=3, border_km=border_km)
    return ThresholdDetector(places, clock, config)


def _opened(events: list[AlertEvent]) -> list[AlertEvent]:
    return [e for e in events if e.status == "opened"]


def _run(detector: ThresholdDetector, complaints: list[Complaint]) -> list[AlertEvent]:
    return [e for c in complaints for e in detector.process_one(c)]


class TestWhichRegions:
    def test_near_the_border_reaches_the_neighbour(self, places: GridPlaces) -> None:
        """A PC4 a kilometre from the border also goes to the region across it."""
        borders = Borders(places, 3.0, 6)
        assert borders.regions(_c(0, "a", WEST)) == ("GM0002",)
        assert borders.regions(_c(0, "a", EAST)) == ("GM0001",)

    def test_far_from_the_border_stays_home(self, places: GridPlaces) -> None:
        """Five kilometres from the border, nothing spreads."""
        assert Borders(places, 3.0, 6).regions(_c(0, "a", FAR_WEST)) == ()

    def test_replies_profiles_and_towns_stay_home(self, places: GridPlaces) -> None:
        """Replies, profile locations and town-wide reports never spread."""
        borders = Borders(places, 3.0, 6)
        reply = _c(0, "a", WEST).model_copy(update={"reply_to": "p0"})
        profile = _c(0, "a", WEST, cue="profile")
        town = complaint(0, "a", tuple(str(p) for p in range(1040, 1048)), region="GM0001")
        assert borders.regions(reply) == borders.regions(profile) == borders.regions(town) == ()


class TestAcrossTheBorder:
    def test_reports_on_both_sides_add_up(self, places: GridPlaces, clock: FixedClock) -> None:
        """Two reports west and one east of the border open one alert, in the west."""
        reports = [_c(0, "a", WEST), _c(2, "b", "1045"), _c(4, "c", EAST)]
        assert _opened(_run(_threshold(places, clock, 0.0), reports)) == []
        opened = _opened(_run(_threshold(places, clock, 3.0), reports))
        assert len(opened) == 1
        assert opened[0].gemeente == "Testdam"
        assert set(opened[0].postcodes) == {WEST, "1045", EAST}

    def test_one_alert_where_most_authors_are(self, places: GridPlaces, clock: FixedClock) -> None:
        """Mostly eastern reports raise their alert in the east only, with one id."""
        reports = [_c(0, "a", EAST), _c(2, "b", "1055"), _c(4, "c", WEST), _c(5, "d", "1056")]
        detector = _threshold(places, clock, 3.0)
        events = _run(detector, reports)
        assert len({e.alert_id for e in events}) == 1
        assert [a.region for a in detector._open.values()] == ["GM0002"]

    def test_surprise_detector_counts_guests(self, places: GridPlaces, clock: FixedClock) -> None:
        """The surprise detector adds up reports across the border too."""
        config = SurpriseConfig(min_authors=3, min_score=1.0, border_km=3.0)
        detector = SurpriseDetector(places, clock, config)
        events = _run(detector, [_c(0, "a", WEST), _c(2, "b", "1045"), _c(4, "c", EAST)])
        assert len(_opened(events)) == 1


class TestPartitions:
    def test_owners_raise_the_one_detectors_alerts(
        self, places: GridPlaces, clock: FixedClock
    ) -> None:
        """Two detectors, one per region, fed as stage one routes, raise the same alerts."""
        reports = [
            _c(0, "a", WEST),
            _c(2, "b", "1045"),
            _c(4, "c", EAST),
            _c(30, "d", "1057"),
            _c(31, "e", "1058"),
            _c(33, "f", "1048"),
            _c(50, "g", FAR_WEST),
        ]
        want = _run(_threshold(places, clock, 3.0), reports)
        borders = Borders(places, 3.0, 6)
        got: list[AlertEvent] = []
        for region in ("GM0001", "GM0002"):
            detector = _threshold(places, clock, 3.0)
            owns: Callable[[str], bool] = region.__eq__
            detector.own(owns)
            routed = [c for c in reports if owns(c.region) or region in borders.regions(c)]
            got += _run(detector, routed)
        assert len(_opened(want)) == 2
        key = lambda e: (e.alert_id, e.status, e.postcodes, e.reports)  # noqa: E731
        assert sorted(map(key, got)) == sorted(map(key, want))

    def test_state_round_trip_keeps_guests(self, places: GridPlaces, clock: FixedClock) -> None:
        """A snapshot holds guest reports in their region, with their home region."""
        detector = _threshold(places, clock, 3.0)
        _run(detector, [_c(0, "a", WEST), _c(2, "b", "1045")])
        restored = _threshold(places, clock, 3.0)
        restored.load_state(detector.to_state())
        assert restored.to_state() == detector.to_state()
        assert _opened(_run(restored, [_c(4, "c", EAST)]))
