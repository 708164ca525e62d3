"""The first detector: opening, growing and resolving alerts."""

from detectors import FixedClock, ThresholdConfig, ThresholdDetector
from schemas import AlertEvent, Complaint
from tests.detectors.conftest import GridPlaces, complaint

#: The plain threshold: three distinct authors, however precisely placed.
THREE = ThresholdConfig(min_precise_authors=3)


def run(det: ThresholdDetector, complaints: list[Complaint]) -> list[AlertEvent]:
    out: list[AlertEvent] = []
    for c in complaints:
        out.extend(det.process_one(c))
    return out


class TestOpening:
    """When an alert opens."""

    def test_three_distinct_authors_open(self, places: GridPlaces, clock: FixedClock) -> None:
        """The third distinct author in one PC4 within the window opens an alert."""
        det = ThresholdDetector(places, clock, THREE)
        evs = run(det, [complaint(0, "a"), complaint(2, "b"), complaint(5, "c")])
        assert [e.status for e in evs] == ["opened"]
        ev = evs[0]
        assert ev.alert_id == "stroom-1000-20250303T180500Z"
        assert ev.reports == 3 and ev.postcodes == ("1000",) and ev.gemeente == "Testdam"
        assert ev.first_post_at.minute == 0 and ev.detected_at.minute == 5
        assert ev.emitted_at == clock.now()
        assert len(ev.evidence) == 3

    def test_same_author_counts_once(self, places: GridPlaces, clock: FixedClock) -> None:
        """One author posting three times opens nothing."""
        det = ThresholdDetector(places, clock, THREE)
        assert run(det, [complaint(m, "a", post_id=f"p{m}") for m in (0, 1, 2)]) == []

    def test_reposts_do_not_count(self, places: GridPlaces, clock: FixedClock) -> None:
        """A repost is not a new report."""
        det = ThresholdDetector(places, clock, THREE)
        cs = [complaint(0, "a"), complaint(1, "b"), complaint(2, "c", repost=True)]
        assert run(det, cs) == []

    def test_neighbours_add_up(self, places: GridPlaces, clock: FixedClock) -> None:
        """Reports in PC4s within the radius add up; the alert lists each PC4."""
        det = ThresholdDetector(places, clock, THREE)
        evs = run(
            det,
            [
                complaint(0, "a", ("1000",)),
                complaint(1, "b", ("1001",)),
                complaint(2, "c", ("1010",)),
            ],
        )
        assert [e.status for e in evs] == ["opened"]
        assert evs[0].postcodes == ("1000", "1001", "1010")

    def test_far_apart_do_not_add_up(self, places: GridPlaces, clock: FixedClock) -> None:
        """Reports farther apart than the radius stay separate."""
        det = ThresholdDetector(
            places, clock, ThresholdConfig(radius_km=2.0, min_precise_authors=3)
        )
        assert (
            run(
                det,
                [
                    complaint(0, "a", ("1000",)),
                    complaint(1, "b", ("1050",)),
                    complaint(2, "c", ("1099",)),
                ],
            )
            == []
        )

    def test_window_forgets_old_reports(self, places: GridPlaces, clock: FixedClock) -> None:
        """Reports older than the window do not count."""
        det = ThresholdDetector(places, clock, ThresholdConfig(window_s=600, min_precise_authors=3))
        assert run(det, [complaint(0, "a"), complaint(5, "b"), complaint(11, "c")]) == []

    def test_utilities_kept_apart(self, places: GridPlaces, clock: FixedClock) -> None:
        """Gas and power reports never add up."""
        det = ThresholdDetector(places, clock, THREE)
        assert (
            run(det, [complaint(0, "a"), complaint(1, "b"), complaint(2, "c", utility="gas")]) == []
        )

    def test_town_reports_add_to_precise(self, places: GridPlaces, clock: FixedClock) -> None:
        """Reports that name only the town count with precise reports inside it."""
        town = tuple(str(p) for p in range(1000, 1020))
        det = ThresholdDetector(places, clock, THREE)
        evs = run(
            det, [complaint(0, "a", town), complaint(1, "b", town), complaint(2, "c", ("1005",))]
        )
        assert [e.status for e in evs] == ["opened"]
        assert evs[0].postcodes == ("1005",)

    def test_an_old_town_report_links_nothing(self, places: GridPlaces, clock: FixedClock) -> None:
        """A town-wide report links precise reports across its town only while it is in the
        window: an hour later, three reports 10 km apart in that town are three lone ones."""
        town = tuple(str(p) for p in range(1000, 1100))
        apart = [
            complaint(60 + i, a, (p,))
            for i, (a, p) in enumerate(zip("bcd", ("1000", "1090", "1009"), strict=True))
        ]
        det = ThresholdDetector(
            places, clock, ThresholdConfig(window_s=1800, min_precise_authors=3, radius_km=2.0)
        )
        assert run(det, [complaint(0, "a", town, cue="place"), *apart]) == []
        det = ThresholdDetector(
            places, clock, ThresholdConfig(window_s=1800, min_precise_authors=3, radius_km=2.0)
        )
        evs = run(det, [complaint(59, "a", town, cue="place"), *apart])
        assert evs[0].status == "opened"  # while it is in the window, they add up


class TestPreciseReports:
    """Two authors suffice when both placed their report precisely."""

    def test_two_precise_authors_open(self, places: GridPlaces, clock: FixedClock) -> None:
        """Two distinct authors naming one PC4 open an alert at the second report."""
        det = ThresholdDetector(places, clock)
        evs = run(det, [complaint(0, "a"), complaint(4, "b", ("1001",))])
        assert [(e.status, e.reports) for e in evs] == [("opened", 2)]

    def test_profile_locations_need_three(self, places: GridPlaces, clock: FixedClock) -> None:
        """Reports placed only by the authors' profiles need the full three authors."""
        det = ThresholdDetector(places, clock)
        two = [complaint(0, "a", cue="profile"), complaint(1, "b", cue="profile")]
        assert run(det, two) == []
        evs = run(det, [complaint(2, "c", cue="profile")])
        assert [e.status for e in evs] == ["opened"]

    def test_precise_report_and_nearby_profile_open(
        self, places: GridPlaces, clock: FixedClock
    ) -> None:
        """One precise report and a second author placed there by profile open an alert."""
        det = ThresholdDetector(places, clock)
        evs = run(det, [complaint(0, "a", cue="profile"), complaint(3, "b")])
        assert [(e.status, e.reports) for e in evs] == [("opened", 2)]

    def test_city_wide_names_need_three(self, places: GridPlaces, clock: FixedClock) -> None:
        """Two reports naming only a large town open nothing."""
        city = tuple(str(p) for p in range(1000, 1030))
        det = ThresholdDetector(places, clock)
        assert run(det, [complaint(0, "a", city), complaint(1, "b", city)]) == []


class TestLifecycle:
    """Updates and resolution."""

    def test_spread_updates_same_alert(self, places: GridPlaces, clock: FixedClock) -> None:
        """A report in a neighbouring PC4 updates the open alert rather than opening another."""
        det = ThresholdDetector(places, clock, THREE)
        evs = run(
            det,
            [complaint(0, "a"), complaint(1, "b"), complaint(2, "c"), complaint(3, "d", ("1001",))],
        )
        assert [e.status for e in evs] == ["opened", "updated"]
        assert evs[0].alert_id == evs[1].alert_id
        assert evs[1].postcodes == ("1000", "1001") and evs[1].reports == 4

    def test_town_wide_report_does_not_open_a_second_alert(
        self, places: GridPlaces, clock: FixedClock
    ) -> None:
        """A far report that reaches an open alert's reports through the town joins that alert."""
        town = tuple(str(p) for p in range(1000, 1100))
        far_part = tuple(str(p) for p in range(1090, 1100))
        det = ThresholdDetector(places, clock, THREE)
        evs = run(
            det,
            [
                complaint(0, "a", town),
                complaint(1, "b"),
                complaint(2, "c"),
                complaint(3, "d", far_part, cue="profile"),
                complaint(4, "e"),
                complaint(5, "f"),
            ],
        )
        assert [(e.status, e.reports) for e in evs] == [("opened", 3), ("updated", 6)]
        assert len({e.alert_id for e in evs}) == 1

    def test_an_alert_in_a_lull_absorbs_nothing(
        self, places: GridPlaces, clock: FixedClock
    ) -> None:
        """A town-wide alert quiet for ``lull_s`` leaves a later outage in its town its own alert;
        without a lull rule it swallows that outage as an update."""
        town = tuple(str(p) for p in range(1000, 1100))
        posts = [complaint(i, a, town) for i, a in enumerate("abc")]
        posts += [complaint(40 + i, a, ("1050",)) for i, a in enumerate("def")]
        swallowed = run(ThresholdDetector(places, clock, THREE), posts)
        assert [e.status for e in swallowed][:2] == ["opened", "updated"]
        assert len({e.alert_id for e in swallowed}) == 1
        lull = ThresholdConfig(min_precise_authors=3, lull_s=1200)
        evs = run(ThresholdDetector(places, clock, lull), posts)
        assert [e.status for e in evs] == ["opened", "opened"]
        assert evs[1].postcodes == ("1050",) and evs[1].alert_id != evs[0].alert_id

    def test_a_lull_ends_only_after_lull_s(self, places: GridPlaces, clock: FixedClock) -> None:
        """Reports within ``lull_s`` of the alert's last one still grow it."""
        lull = ThresholdConfig(min_precise_authors=3, lull_s=1200)
        posts = [complaint(i, a) for i, a in enumerate("abc")] + [complaint(21, "d", ("1001",))]
        evs = run(ThresholdDetector(places, clock, lull), posts)
        assert [e.status for e in evs] == ["opened", "updated"]

    def test_quiet_resolves(self, places: GridPlaces, clock: FixedClock) -> None:
        """An alert resolves ``quiet_s`` after its last report, stamped at that event time."""
        det = ThresholdDetector(places, clock, ThresholdConfig(quiet_s=1800, min_precise_authors=3))
        run(det, [complaint(0, "a"), complaint(1, "b"), complaint(2, "c")])
        assert det.advance(complaint(31, "z").created_at.timestamp()) == []
        (ev,) = det.advance(complaint(33, "z").created_at.timestamp())
        assert ev.status == "resolved" and ev.detected_at.minute == 32

    def test_restored_posts_resolve(self, places: GridPlaces, clock: FixedClock) -> None:
        """Two distinct "power is back" posts nearby resolve the alert at once."""
        det = ThresholdDetector(places, clock, THREE)
        evs = run(
            det,
            [
                complaint(0, "a"),
                complaint(1, "b"),
                complaint(2, "c"),
                complaint(20, "a", restored=True),
                complaint(21, "d", restored=True),
            ],
        )
        assert [e.status for e in evs] == ["opened", "resolved"]
        assert evs[1].detected_at.minute == 21

    def test_levels_grow_with_reports(self, places: GridPlaces, clock: FixedClock) -> None:
        """Six distinct authors raise the level to 2."""
        det = ThresholdDetector(places, clock, THREE)
        evs = run(det, [complaint(i, f"a{i}") for i in range(6)])
        assert evs[0].level == 1 and evs[-1].level == 2
