"""Call-based detection: the k-th call from an incident's postcodes within a w-minute window."""

from datetime import timedelta

import pytest

from replay._calls import CallDetection, CallIndex, detect_by_calls, kth_in_window
from replay.exceptions import ReplayError
from schemas import CallRecord, IncidentRecord
from tests.replay.replay_builders import at, call, incident


def detect(
    calls: list[CallRecord], inc: IncidentRecord, k: int = 3, w: float = 15.0
) -> CallDetection:
    """Call-based detection of one incident."""
    return detect_by_calls([inc], CallIndex(calls), k=k, window_min=w).by_incident[inc.incident_id]


class TestSlidingWindow:
    def test_detects_at_the_kth_call(self) -> None:
        """Three calls within 15 min: detected when the third arrives."""
        d = detect([call("a", 1), call("b", 4), call("c", 9)], incident("i", 0, 60))
        assert d.calls_detected_at == at(9)
        assert d.first_call_at == at(1)
        assert d.calls == 3

    def test_calls_exactly_w_apart_are_one_window(self) -> None:
        """The window is inclusive: first and k-th call exactly w minutes apart still count."""
        d = detect([call("a", 0), call("b", 7), call("c", 15)], incident("i", 0, 60))
        assert d.calls_detected_at == at(15)

    def test_calls_just_over_w_apart_are_not(self) -> None:
        """One second more than w between first and k-th call: no detection."""
        calls = [call("a", 0), call("b", 7), call("c", 15 + 1 / 60)]
        assert detect(calls, incident("i", 0, 60)).calls_detected_at is None

    def test_window_slides_to_a_later_burst(self) -> None:
        """Sparse early calls do not count; a later burst does, at its k-th call."""
        calls = [call(str(m), m) for m in (0, 20, 40, 45, 50)]
        assert detect(calls, incident("i", 0, 120)).calls_detected_at == at(50)

    def test_k_and_w_are_options(self) -> None:
        """k and w change the rule."""
        calls = [call("a", 0), call("b", 4), call("c", 30)]
        inc = incident("i", 0, 60)
        assert detect(calls, inc, k=2, w=5).calls_detected_at == at(4)
        assert detect(calls, inc, k=3, w=30).calls_detected_at == at(30)
        assert detect(calls, inc, k=1).calls_detected_at == at(0)

    def test_unsorted_input_is_sorted(self) -> None:
        """The call log need not be in time order."""
        calls = [call("c", 9), call("a", 1), call("b", 4)]
        assert detect(calls, incident("i", 0, 60)).calls_detected_at == at(9)

    def test_kth_in_window_helper_needs_k_calls(self) -> None:
        """Fewer than k calls never detect."""
        assert kth_in_window([at(0), at(1)], 3, timedelta(minutes=15)) is None


class TestWhichCallsCount:
    def test_calls_from_other_pc4s_are_ignored(self) -> None:
        """Only the incident's PC4s count."""
        calls = [call("a", 1), call("b", 2, "6822"), call("c", 3, "1011"), call("d", 4)]
        d = detect(calls, incident("i", 0, 60))
        assert d.calls == 2
        assert d.calls_detected_at is None

    def test_pc6_calls_count_for_their_pc4(self) -> None:
        """6821 AB and 6821AB are calls from 6821."""
        calls = [call("a", 1, "6821 AB"), call("b", 2, "6821CD"), call("c", 3, "6821")]
        assert detect(calls, incident("i", 0, 60)).calls_detected_at == at(3)

    def test_all_incident_pc4s_pool_their_calls(self) -> None:
        """Calls from any of the incident's PC4s count together."""
        calls = [call("a", 1, "6821"), call("b", 2, "6822"), call("c", 3, "6823")]
        inc = incident("i", 0, 60, pc4s=("6821", "6822", "6823"))
        assert detect(calls, inc).calls_detected_at == at(3)

    def test_wrong_utility_is_ignored_empty_counts(self) -> None:
        """A gas call does not count for a power incident; a call without utility does."""
        calls = [call("a", 1, utility="stroom"), call("b", 2, utility="gas"), call("c", 3)]
        inc = incident("i", 0, 60, utility="stroom")
        d = detect(calls, inc)
        assert d.calls == 2
        assert detect([*calls, call("d", 4, utility="stroom")], inc).calls_detected_at == at(4)

    def test_incident_without_utility_counts_both(self) -> None:
        """An incident of unknown utility counts every call from its area."""
        calls = [call("a", 1, utility="stroom"), call("b", 2, utility="gas"), call("c", 3)]
        assert detect(calls, incident("i", 0, 60)).calls == 3

    def test_window_edges_of_the_incident(self) -> None:
        """Calls count from started − 5 min to ended + 30 min, both inclusive."""
        inc = incident("i", 60, 120)
        calls = [call("early", 54.99), call("lo", 55), call("hi", 150), call("late", 150.01)]
        d = detect(calls, inc)
        assert d.calls == 2
        assert d.first_call_at == at(55)

    def test_open_incident_lasts_twelve_hours(self) -> None:
        """Without ended_at the incident runs 12 h (then the 30 min tolerance)."""
        inc = incident("i", 0, None)
        calls = [call("in", 12 * 60 + 30), call("out", 12 * 60 + 31)]
        assert detect(calls, inc).calls == 1

    def test_incident_without_calls(self) -> None:
        """No calls: no first call, no detection."""
        d = detect([call("a", 1, "1011")], incident("i", 0, 60))
        assert (d.calls, d.first_call_at, d.calls_detected_at) == (0, None, None)


class TestOutputAndErrors:
    def test_timeline_is_thinned_counts_stay_exact(self) -> None:
        """Hundreds of calls: at most 200 times kept for the plot, the count exact."""
        calls = [call(str(i), i * 0.1) for i in range(450)]
        d = detect(calls, incident("i", 0, 60))
        assert d.calls == 450
        assert len(d.call_times) <= 200
        assert d.call_times[0] == at(0)

    @pytest.mark.parametrize(("k", "w"), [(0, 15.0), (3, 0.0), (3, -1.0), (3, float("nan"))])
    def test_invalid_options_raise(self, k: int, w: float) -> None:
        """k below 1 or a non-positive window is refused with a ReplayError."""
        with pytest.raises(ReplayError):
            detect_by_calls([incident("i", 0)], CallIndex([]), k=k, window_min=w)

    def test_duplicate_incident_ids_raise(self) -> None:
        """Two incidents with one id cannot be scored apart."""
        with pytest.raises(ReplayError, match="twice"):
            detect_by_calls([incident("i", 0), incident("i", 10)], CallIndex([]))
