"""The baseline-aware detector: surprise over normal chatter, settings file, levels."""

from pathlib import Path

import pytest

from detectors import (
    Baseline,
    Detector,
    DetectorSettings,
    FixedClock,
    SettingsError,
    SurpriseConfig,
    SurpriseDetector,
    ThresholdDetector,
    poisson_surprise,
)
from schemas import AlertEvent, Complaint
from tests.detectors.conftest import GridPlaces, complaint
from tests.detectors.test_contract import GRID_BASELINE


def run(det: Detector, cs: list[Complaint]) -> list[AlertEvent]:
    out: list[AlertEvent] = []
    for c in sorted(cs, key=lambda c: (c.created_at, c.post_id)):
        out.extend(det.process_one(c))
    return out


def detector(places: GridPlaces, clock: FixedClock, **config: float) -> SurpriseDetector:
    return SurpriseDetector(places, clock, SurpriseConfig(**config), GRID_BASELINE)  # type: ignore[arg-type]


class TestSurprise:
    """How far beyond the baseline a cluster is decides, not its raw count."""

    def test_poisson_tail(self) -> None:
        """More reports, or a quieter baseline, are more surprising."""
        assert poisson_surprise(3, 0.1) > poisson_surprise(2, 0.1) > poisson_surprise(1, 0.1)
        assert poisson_surprise(2, 0.001) > poisson_surprise(2, 0.1)
        assert poisson_surprise(2, 1e-30) == pytest.approx(poisson_surprise(2, 1e-6))

    def test_two_reports_in_a_quiet_area_open(self, places: GridPlaces, clock: FixedClock) -> None:
        """Two authors far from the busy centre (T0 is 18:00Z, 19h local) are already news."""
        evs = run(
            detector(places, clock), [complaint(0, "a", ("1088",)), complaint(3, "b", ("1088",))]
        )
        assert [e.status for e in evs] == ["opened"]
        assert evs[0].reports == 2 and evs[0].score >= 4.0

    def test_busy_area_needs_more(self, places: GridPlaces, clock: FixedClock) -> None:
        """In the centre, where chatter is expected, two or three authors are not enough."""
        cs = [complaint(m, a, ("1000",)) for m, a in ((0, "a"), (2, "b"), (4, "c"))]
        assert run(detector(places, clock), cs) == []
        evs = run(detector(places, clock), [*cs, complaint(6, "d", ("1001",))])
        assert [e.status for e in evs] == ["opened"] and evs[0].reports == 4

    def test_a_burst_weighs_more_than_a_trickle(
        self, places: GridPlaces, clock: FixedClock
    ) -> None:
        """With ``burst_s``, three authors within two minutes in the centre open an alert; the
        same three spread over the window do not: chatter does not come in bursts."""
        burst = [complaint(m, a, ("1000",)) for m, a in ((0, "a"), (1, "b"), (2, "c"))]
        assert run(detector(places, clock), burst) == []
        evs = run(detector(places, clock, burst_s=180.0), burst)
        assert [e.status for e in evs] == ["opened"] and evs[0].reports == 3
        trickle = [complaint(m, a, ("1000",)) for m, a in ((0, "a"), (10, "b"), (20, "c"))]
        assert run(detector(places, clock, burst_s=180.0), trickle) == []

    def test_sure_authors_open_anywhere(self, places: GridPlaces, clock: FixedClock) -> None:
        """However busy the area, ``sure_authors`` distinct authors open an alert."""
        cs = [complaint(m, a, ("1000",)) for m, a in ((0, "a"), (2, "b"), (4, "c"))]
        evs = run(detector(places, clock, sure_authors=3, min_score=50.0), cs)
        assert [e.status for e in evs] == ["opened"]

    def test_town_reports_add_up(self, places: GridPlaces, clock: FixedClock) -> None:
        """A town-wide report and a precise one add up in a quiet area."""
        town = tuple(str(p) for p in range(1080, 1090))
        evs = run(
            detector(places, clock),
            [complaint(0, "a", town, cue="profile"), complaint(2, "b", ("1088",))],
        )
        assert [e.status for e in evs] == ["opened"]
        assert evs[0].postcodes == ("1088",)

    def test_gas_and_power_apart(self, places: GridPlaces, clock: FixedClock) -> None:
        """A gas report and a power report are not two reports of one outage."""
        cs = [complaint(0, "a", ("1088",)), complaint(1, "b", ("1088",), utility="gas")]
        assert run(detector(places, clock), cs) == []
        cs += [complaint(2, "c", ("1088",)), complaint(3, "d", ("1088",), utility="gas")]
        evs = run(detector(places, clock), cs)
        assert sorted(e.utility for e in evs) == ["gas", "stroom"]
        assert len({e.alert_id for e in evs}) == 2

    def test_spreading_incident_keeps_its_id(self, places: GridPlaces, clock: FixedClock) -> None:
        """Reports moving to neighbouring PC4s update the one alert's postcodes."""
        cs = [complaint(0, "a", ("1088",)), complaint(1, "b", ("1088",))]
        cs += [complaint(5 + i, f"s{i}", (p,)) for i, p in enumerate(("1087", "1078", "1089"))]
        evs = run(detector(places, clock), cs)
        assert len({e.alert_id for e in evs}) == 1
        assert set(evs[-1].postcodes) == {"1078", "1087", "1088", "1089"}
        assert evs[-1].status == "updated" and evs[-1].level == 2  # spread over 3+ PC4s

    def test_level_grows_with_duration(self, places: GridPlaces, clock: FixedClock) -> None:
        """An alert still drawing reports after ``level_duration_s`` reaches level 2."""
        cs = [complaint(0, "a", ("1088",)), complaint(1, "b", ("1088",))]
        cs += [complaint(50 * i, f"x{i}", ("1088",)) for i in range(1, 4)]
        evs = run(detector(places, clock, level_duration_s=7200.0), cs)
        assert evs[0].level == 1 and evs[-1].level == 2 and evs[-1].status == "updated"

    def test_restored_posts_resolve(self, places: GridPlaces, clock: FixedClock) -> None:
        """Two authors saying the power is back resolve the alert."""
        cs = [complaint(0, "a", ("1088",)), complaint(1, "b", ("1088",))]
        cs += [complaint(20 + i, f"r{i}", ("1088",), restored=True) for i in range(2)]
        evs = run(detector(places, clock), cs)
        assert [e.status for e in evs] == ["opened", "resolved"]


class TestSettingsFile:
    """The file tune writes and replay and worker read."""

    def test_round_trip_builds_the_same_detector(
        self, tmp_path: Path, places: GridPlaces, clock: FixedClock
    ) -> None:
        """Saved and loaded settings build a detector that raises the same alerts."""
        s = DetectorSettings(detector="surprise", config={"min_score": 3.0}, baseline=GRID_BASELINE)
        s.save(tmp_path / "s.json")
        loaded = DetectorSettings.load(tmp_path / "s.json")
        assert loaded == s
        cs = [complaint(0, "a", ("1088",)), complaint(1, "b", ("1088",))]
        a = loaded.build(places, clock)
        b = s.build(places, clock)
        assert isinstance(a, SurpriseDetector) and a.settings.min_score == 3.0
        assert run(a, cs) == run(b, cs) != []

    def test_default_is_the_threshold_detector(self, places: GridPlaces, clock: FixedClock) -> None:
        """Without a file, replay and worker run the threshold detector."""
        assert isinstance(DetectorSettings.default().build(places, clock), ThresholdDetector)
        assert DetectorSettings.default().build(places, clock).name == "threshold"

    def test_bad_files_say_what_is_wrong(self, tmp_path: Path) -> None:
        """A missing file, bad JSON or an unknown setting is a SettingsError naming it."""
        with pytest.raises(SettingsError, match="cannot read"):
            DetectorSettings.load(tmp_path / "none.json")
        (tmp_path / "bad.json").write_text('{"detector": "magic"}')
        with pytest.raises(SettingsError, match="not valid"):
            DetectorSettings.load(tmp_path / "bad.json")
        with pytest.raises(SettingsError, match="no setting"):
            DetectorSettings(detector="surprise", config={"min_sorce": 3}).surprise_config()


def test_baseline_hierarchy() -> None:
    """Busier regions, busier PC4s and busier hours expect more chatter."""
    b = Baseline(
        region_rate={"GM1": 1.0, "GM2": 0.1},
        pc4_share={"1000": 0.5},
        unseen_share={"GM1": 0.01},
        profile=tuple(2.0 if h == 20 else 0.5 for h in range(168)),
    )
    monday_20h_local = 1741028400.0  # 2025-03-03T19:00Z
    assert b.expected("GM1", ("1000",), monday_20h_local, 1800) > b.expected(
        "GM2", ("1000",), monday_20h_local, 1800
    )
    assert b.expected("GM1", ("1000",), 0, 1800) > b.expected("GM1", ("1001",), 0, 1800)
    assert b.expected("GM1", ("1000",), monday_20h_local, 1800) == 4 * b.expected(
        "GM1", ("1000",), monday_20h_local - 7200, 1800
    )
    assert b.share("GM1", [str(p) for p in range(1000, 1200)]) == 1.0
