"""Alert ↔ incident matching and the figures of report.json."""

from collections.abc import Sequence
from datetime import timedelta

import pytest

from replay._calls import CallIndex, detect_by_calls
from replay._scoring import Scoring, score, summarize_alerts
from replay.exceptions import ReplayError
from schemas import AlertEvent, CallRecord, IncidentRecord
from tests.replay.replay_builders import CsvLocator, at, call, event, incident


def run(
    locator: CsvLocator,
    events: Sequence[AlertEvent],
    incidents: Sequence[IncidentRecord],
    calls: Sequence[CallRecord] = (),
    *,
    hours: float = 24.0,
) -> Scoring:
    """Score with call detection at the defaults, over a replay of ``hours``."""
    phone = detect_by_calls(incidents, CallIndex(calls))
    return score(
        events,
        incidents,
        phone,
        locator,
        posts=1000,
        complaints=50,
        first_post_at=at(0),
        last_post_at=at(hours * 60),
        posts_per_second=1234.5,
    )


def matched(s: Scoring, iid: str = "i") -> list[str]:
    """Alert ids matched to one incident in the report."""
    return next(o.alert_ids for o in s.report.incidents if o.incident_id == iid)


class TestMatchingInSpace:
    def test_shared_pc4_matches(self, locator: CsvLocator) -> None:
        """An alert sharing a PC4 with the incident matches."""
        s = run(locator, [event("a", "opened", 10, ("6821", "1011"))], [incident("i", 0, 60)])
        assert matched(s) == ["a"]
        assert s.report.summary.false_alarms == 0

    def test_centroid_within_three_km_matches(self, locator: CsvLocator) -> None:
        """No shared PC4, but centroids 2.9 km apart: a match."""
        assert 2.5 < locator.distance_km("6821", "6832") <= 3
        s = run(locator, [event("a", "opened", 10, ("6832",))], [incident("i", 0, 60)])
        assert matched(s) == ["a"]

    def test_centroid_beyond_three_km_does_not(self, locator: CsvLocator) -> None:
        """Centroids 3.5 km apart: a false alarm."""
        assert locator.distance_km("6821", "6825") > 3
        s = run(locator, [event("a", "opened", 10, ("6825",))], [incident("i", 0, 60)])
        assert matched(s) == []
        assert s.false_alarms == ("a",)

    def test_postcodes_are_the_union_over_events(self, locator: CsvLocator) -> None:
        """An alert that spread into the incident's area later still matches (raised earlier)."""
        events = [event("a", "opened", 10, ("1011",)), event("a", "updated", 20, ("6821",))]
        s = run(locator, events, [incident("i", 0, 60)])
        assert matched(s) == ["a"]
        assert s.report.incidents[0].social_detected_at == "2025-03-03T08:10:00Z"


class TestMatchingInTime:
    @pytest.mark.parametrize(
        ("raised", "matches"),
        [
            (55, True),  # started − 5 min
            (55 - 1 / 60, False),
            (150, True),  # ended + 30 min
            (150 + 1 / 60, False),
        ],
    )
    def test_window_edges(self, locator: CsvLocator, raised: float, matches: bool) -> None:
        """Raised from started − 5 min to ended + 30 min, both inclusive."""
        s = run(locator, [event("a", "opened", raised)], [incident("i", 60, 120)])
        assert (matched(s) == ["a"]) is matches

    def test_open_incident_lasts_twelve_hours(self, locator: CsvLocator) -> None:
        """Without ended_at the window closes at started + 12 h + 30 min."""
        events = [event("a", "opened", 12 * 60 + 30), event("b", "opened", 12 * 60 + 31)]
        s = run(locator, events, [incident("i", 0)])
        assert matched(s) == ["a"]
        assert s.false_alarms == ("b",)

    def test_raise_time_is_the_opened_event(self, locator: CsvLocator) -> None:
        """Updates inside the window do not rescue an alert opened before it."""
        events = [event("a", "opened", 30), event("a", "updated", 65)]
        s = run(locator, events, [incident("i", 60, 120)])
        assert matched(s) == []

    def test_missing_opened_falls_back_to_first_event(self, locator: CsvLocator) -> None:
        """A stream cut mid-way: the earliest event stands in for the opening."""
        [a] = summarize_alerts([event("a", "updated", 20), event("a", "resolved", 40)])
        assert a.raised_at == at(20)


class TestFiguresOfTheReport:
    def test_false_alarms_and_multi_matches(self, locator: CsvLocator) -> None:
        """An alert matching two incidents is no false alarm; one matching none is."""
        incs = [incident("i", 0, 60, ("6821",)), incident("j", 0, 60, ("6822",))]
        events = [event("a", "opened", 10, ("6821",)), event("far", "opened", 10, ("1011",))]
        s = run(locator, events, incs)
        assert matched(s, "i") == matched(s, "j") == ["a"]
        assert s.false_alarms == ("far",)
        assert (s.report.summary.alerts, s.report.summary.false_alarms) == (2, 1)

    def test_social_detection_is_the_earliest_matching_alert(self, locator: CsvLocator) -> None:
        """Of several matching alerts the earliest raise time counts; ids in raise order."""
        events = [event("late", "opened", 30), event("early", "opened", 12)]
        s = run(locator, events, [incident("i", 0, 60)])
        assert matched(s) == ["early", "late"]
        assert s.report.incidents[0].social_detected_at == "2025-03-03T08:12:00Z"

    def test_lead_time_is_positive_when_social_is_first(self, locator: CsvLocator) -> None:
        """Calls detect at 20, social at 10: +600 s; vs first call (15): +300 s."""
        calls = [call("a", 15), call("b", 18), call("c", 20)]
        s = run(locator, [event("a", "opened", 10)], [incident("i", 0, 60)], calls)
        assert s.report.incidents[0].lead_time_s == 600.0
        assert s.report.summary.median_lead_vs_first_call_s == 300.0

    def test_lead_time_is_negative_when_calls_are_first(self, locator: CsvLocator) -> None:
        """Calls detect at 20, social at 25: −300 s."""
        calls = [call("a", 15), call("b", 18), call("c", 20)]
        s = run(locator, [event("a", "opened", 25)], [incident("i", 0, 60)], calls)
        assert s.report.incidents[0].lead_time_s == -300.0

    def test_medians_over_incidents_with_both(self, locator: CsvLocator) -> None:
        """Medians skip incidents missing either detection; None when none has both."""
        incs = [
            incident("i", 0, 60, ("6821",)),
            incident("j", 0, 60, ("1011",)),
            incident("k", 0, 60, ("9711",)),
        ]
        calls = [call(f"i{n}", 20 + n, "6821") for n in range(3)]
        calls += [call(f"j{n}", 30 + n, "1011") for n in range(3)]
        calls += [call(f"k{n}", 5 + n, "9711") for n in range(3)]
        events = [event("a", "opened", 12, ("6821",)), event("b", "opened", 2, ("1011",))]
        s = run(locator, events, incs, calls)
        # leads: i = 22 − 12 = 10 min, j = 32 − 2 = 30 min; k was never detected socially
        assert s.report.summary.median_lead_time_s == 20 * 60
        assert s.report.summary.detected == 2
        assert s.report.summary.recall == pytest.approx(2 / 3)
        none = run(locator, events, incs)
        assert none.report.summary.median_lead_time_s is None
        assert none.report.summary.median_lead_vs_first_call_s is None

    def test_recall_without_incidents_is_zero(self, locator: CsvLocator) -> None:
        """No incidents: recall 0.0, every alert a false alarm."""
        s = run(locator, [event("a", "opened", 10)], [])
        assert s.report.summary.recall == 0.0
        assert s.report.summary.false_alarms == 1
        assert s.report.incidents == []

    def test_false_alarms_per_day_over_the_real_period(self, locator: CsvLocator) -> None:
        """One false alarm in 2 days is 0.5 a day; in 10 minutes counts as one hour."""
        ev = [event("a", "opened", 10, ("1011",))]
        assert run(locator, ev, [], hours=48).report.summary.false_alarms_per_day == 0.5
        short = run(locator, ev, [], hours=10 / 60).report.summary.false_alarms_per_day
        assert short == pytest.approx(24.0)

    def test_incidents_without_call_detection_are_refused(self, locator: CsvLocator) -> None:
        """Scoring incidents that call detection never saw is a driver error."""
        phone = detect_by_calls([], CallIndex([]))
        with pytest.raises(ReplayError, match="detect_by_calls"):
            score(
                [],
                [incident("i", 0)],
                phone,
                locator,
                posts=0,
                complaints=0,
                first_post_at=None,
                last_post_at=None,
                posts_per_second=0.0,
            )

    def test_alert_summary_keeps_the_largest_figures(self) -> None:
        """Reports and level are the alert's maxima; evidence is the union, first seen first."""
        events = [
            event("a", "opened", 1, evidence=("p1", "p2"), reports=3, level=1),
            event("a", "updated", 2, ("6822",), evidence=("p2", "p3"), reports=9, level=2),
            event("a", "resolved", 3, evidence=("p3",), reports=4, level=1, gemeente=None),
        ]
        [a] = summarize_alerts(events)
        assert (a.reports, a.level, a.evidence) == (9, 2, ("p1", "p2", "p3"))
        assert a.postcodes == ("6821", "6822")
        assert a.gemeente == "Arnhem"
        assert a.raised_at == at(1)
        assert a.raised_at + timedelta(minutes=2) == a.events[-1].detected_at
