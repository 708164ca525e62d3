"""Complaints that name no place back up a located one nearby in time, within limits."""

from detectors import Baseline, FixedClock, SurpriseConfig, SurpriseDetector
from detectors.support import UnlocatedWindow
from schemas import AlertEvent, Complaint
from tests.detectors.conftest import T0, GridPlaces, complaint
from tests.detectors.test_contract import GRID_BASELINE


def run(det: SurpriseDetector, cs: list[Complaint]) -> list[AlertEvent]:
    out: list[AlertEvent] = []
    for c in sorted(cs, key=lambda c: (c.created_at, c.post_id)):
        out.extend(det.process_one(c))
    return out


#: Placeless complaints are rare in this history: one a week nationwide.
RARE = GRID_BASELINE.model_copy(update={"unlocated_rate": {"stroom": 1 / 168, "gas": 1 / 168}})


def detector(
    places: GridPlaces, clock: FixedClock, baseline: Baseline = RARE, **config: float
) -> SurpriseDetector:
    settings = {"support_s": 600.0, "max_support": 1, **config}
    return SurpriseDetector(places, clock, SurpriseConfig(**settings), baseline)  # type: ignore[arg-type]


def nowhere(minute: float, author: str, **kw: object) -> Complaint:
    return complaint(minute, author, (), cue="none", region="", **kw)  # type: ignore[arg-type]


class TestUnlocatedSupport:
    """One located report plus a placeless complaint within ``support_s`` can open an alert."""

    def test_backing_before_opens(self, places: GridPlaces, clock: FixedClock) -> None:
        """A placeless complaint, then a located one in a quiet area: an alert at the second."""
        evs = run(detector(places, clock), [nowhere(0, "u"), complaint(3, "a", ("1088",))])
        assert [e.status for e in evs] == ["opened"]
        assert evs[0].detected_at.timestamp() == (T0.timestamp() + 180)
        assert evs[0].postcodes == ("1088",) and evs[0].reports == 1

    def test_backing_after_opens_when_it_arrives(
        self, places: GridPlaces, clock: FixedClock
    ) -> None:
        """A located report, then a placeless one: detected at the later, never before it."""
        evs = run(detector(places, clock), [complaint(0, "a", ("1088",)), nowhere(4, "u")])
        assert [e.status for e in evs] == ["opened"]
        assert evs[0].detected_at.timestamp() == T0.timestamp() + 240

    def test_off_by_default(self, places: GridPlaces, clock: FixedClock) -> None:
        """Without ``support_s`` a located report and a placeless one open nothing."""
        cs = [nowhere(0, "u"), complaint(3, "a", ("1088",))]
        assert run(detector(places, clock, support_s=0.0), cs) == []

    def test_common_placeless_complaints_prove_little(
        self, places: GridPlaces, clock: FixedClock
    ) -> None:
        """Where placeless complaints come every few minutes anyway, one backs up nothing."""
        common = RARE.model_copy(update={"unlocated_rate": {"stroom": 20.0}})
        cs = [nowhere(0, "u"), complaint(3, "a", ("1088",))]
        assert run(detector(places, clock, common), cs) == []

    def test_a_cluster_enough_alone_is_not_held_back(
        self, places: GridPlaces, clock: FixedClock
    ) -> None:
        """``support_min_score`` is for clusters that need the backing, not for any it meets."""
        cs = [nowhere(0, "u"), complaint(1, "a", ("1088",)), complaint(3, "b", ("1088",))]
        evs = run(detector(places, clock, support_min_score=50.0), cs)
        assert [e.status for e in evs] == ["opened"] and evs[0].reports == 2
        lone = [nowhere(0, "u"), complaint(3, "a", ("1088",))]
        assert run(detector(places, clock, support_min_score=50.0), lone) == []

    def test_too_far_apart_in_time(self, places: GridPlaces, clock: FixedClock) -> None:
        """A placeless complaint 15 minutes away backs nothing up with a 10-minute reach."""
        assert run(detector(places, clock), [nowhere(0, "u"), complaint(15, "a", ("1088",))]) == []
        assert run(detector(places, clock), [complaint(0, "a", ("1088",)), nowhere(15, "u")]) == []

    def test_other_utility_and_same_author_do_not_count(
        self, places: GridPlaces, clock: FixedClock
    ) -> None:
        """Gas backs no power report, and an author does not back their own report."""
        gas = [nowhere(0, "u", utility="gas"), complaint(3, "a", ("1088",))]
        assert run(detector(places, clock), gas) == []
        same = [nowhere(0, "a"), complaint(3, "a", ("1088",))]
        assert run(detector(places, clock), same) == []

    def test_busy_area_still_needs_located_voices(
        self, places: GridPlaces, clock: FixedClock
    ) -> None:
        """In the busy centre one report and a burst of placeless ones stay below the score,
        and placeless complaints never count towards ``sure_authors``."""
        cs = [nowhere(i, f"u{i}") for i in range(5)]
        cs += [complaint(5, "a", ("1000",)), complaint(6, "b", ("1000",))]
        det = detector(places, clock, sure_authors=3, max_support=3, min_score=50.0)
        assert run(det, cs) == []

    def test_a_profile_alone_is_not_backed(self, places: GridPlaces, clock: FixedClock) -> None:
        """A report placed only by its author's profile says where they live, not where the
        outage is: placeless complaints do not back it."""
        cs = [nowhere(0, "u"), complaint(3, "a", ("1088",), cue="profile")]
        assert run(detector(places, clock), cs) == []

    def test_unsure_reports_are_not_backed(self, places: GridPlaces, clock: FixedClock) -> None:
        """With ``support_confidence``, only reports the classifier is that sure of are backed."""
        unsure = [nowhere(0, "u"), complaint(3, "a", ("1088",), confidence=0.9)]
        assert run(detector(places, clock, support_confidence=0.99), unsure) == []
        sure = [nowhere(0, "u"), complaint(3, "a", ("1088",), confidence=0.995)]
        evs = run(detector(places, clock, support_confidence=0.99), sure)
        assert [e.status for e in evs] == ["opened"]

    def test_window_forgets(self) -> None:
        """The window holds only ``span_s`` of event time, so memory stays flat."""
        w = UnlocatedWindow(60.0)
        for i in range(1000):
            w.add(float(i), f"a{i}", "stroom")
        assert len(w) == 60 and w.authors(999.0, "stroom") == {f"a{i}" for i in range(940, 1000)}


#: Placeless complaints that tag the operator are rarer still: one a month per operator.
TAGGED = RARE.model_copy(
    update={
        "unlocated_rate": {"stroom": 1 / 168, "stroom@stedin": 1 / 720, "stroom@enexis": 1 / 720}
    }
)


def tagging(places: GridPlaces, clock: FixedClock, **config: float) -> SurpriseDetector:
    settings = {"tagged_s": 600.0, "min_score": 6.0, **config}
    return SurpriseDetector(places, clock, SurpriseConfig(**settings), TAGGED)  # type: ignore[arg-type]


class TestOperatorBacking:
    """Placeless complaints that tag the area's grid operator back a located report there."""

    def test_two_tagged_back_a_lone_report(self, places: GridPlaces, clock: FixedClock) -> None:
        """Two "@Stedin" complaints around one report in Stedin's area open an alert."""
        cs = [
            nowhere(0, "u", operator="stedin"),
            complaint(2, "a", ("1088",)),
            nowhere(4, "v", operator="stedin"),
        ]
        evs = run(tagging(places, clock), cs)
        assert [e.status for e in evs] == ["opened"]
        assert evs[0].detected_at.timestamp() == T0.timestamp() + 240
        assert run(tagging(places, clock, tagged_s=0.0), cs) == []

    def test_another_operator_backs_nothing(self, places: GridPlaces, clock: FixedClock) -> None:
        """ "@Enexis" says the outage is elsewhere: it backs no report in Stedin's area."""
        cs = [
            nowhere(0, "u", operator="enexis"),
            complaint(2, "a", ("1088",)),
            nowhere(4, "v", operator="enexis"),
        ]
        assert run(tagging(places, clock), cs) == []

    def test_one_tagged_is_not_enough_for_a_lone_report(
        self, places: GridPlaces, clock: FixedClock
    ) -> None:
        """One tagged complaint near one report is too common a coincidence; near two it counts."""
        lone = [nowhere(0, "u", operator="stedin"), complaint(2, "a", ("1000",))]
        assert run(tagging(places, clock, min_score=3.5), lone) == []
        pair = [*lone, complaint(3, "b", ("1000",))]
        assert run(tagging(places, clock, min_score=3.5, tagged_s=0.0), pair) == []
        evs = run(tagging(places, clock, min_score=3.5), pair)
        assert [e.status for e in evs] == ["opened"] and evs[0].reports == 2

    def test_state_keeps_the_tagged(self, places: GridPlaces, clock: FixedClock) -> None:
        """A restored detector still knows the tagged complaints in reach."""
        det = tagging(places, clock)
        run(det, [nowhere(0, "u", operator="stedin"), nowhere(1, "v", operator="stedin")])
        again = tagging(places, clock)
        again.load_state(det.to_state())
        assert [e.status for e in run(again, [complaint(3, "a", ("1088",))])] == ["opened"]
