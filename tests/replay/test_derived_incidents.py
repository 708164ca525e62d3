"""Incidents derived from the call log when no register is given."""

import random

import pytest

from replay._calls import NearIndex
from replay._incidents import derive_incidents
from replay.exceptions import ReplayError
from tests.replay.replay_builders import CsvLocator, at, call


class TestClustering:
    def test_nearby_calls_form_one_incident(self, locator: CsvLocator) -> None:
        """Calls from PC4s within 3 km of each other and close in time are one incident."""
        assert locator.distance_km("6821", "6823") < 3
        calls = [call("a", 0, "6821"), call("b", 5, "6822"), call("c", 9, "6823 AB")]
        [inc] = derive_incidents(calls, locator)
        assert inc.incident_id == "calls-0001"
        assert inc.postcodes == ("6821", "6822", "6823")
        assert inc.started_at == at(0)
        assert inc.ended_at == at(9 + 30)

    def test_far_apart_calls_are_separate_incidents(self, locator: CsvLocator) -> None:
        """Arnhem and Amsterdam at the same time are two incidents."""
        calls = [call(f"a{i}", i, "6821") for i in range(3)]
        calls += [call(f"b{i}", i + 0.5, "1011") for i in range(3)]
        incs = derive_incidents(calls, locator)
        assert [i.postcodes for i in incs] == [("6821",), ("1011",)]

    def test_beyond_three_km_does_not_join(self, locator: CsvLocator) -> None:
        """PC4 centroids 3.5 km apart do not link calls."""
        assert locator.distance_km("6821", "6825") > 3
        calls = [call("a", 0, "6821"), call("b", 1, "6825"), call("c", 2, "6821")]
        assert derive_incidents(calls, locator) == []

    def test_a_bridging_call_merges_two_clusters(self, locator: CsvLocator) -> None:
        """Two groups 3.5 km apart become one incident when a call between them links both."""
        assert locator.distance_km("6823", "6821") <= 3
        assert locator.distance_km("6823", "6825") <= 3
        calls = [call("a", 0, "6821"), call("b", 1, "6821"), call("c", 2, "6825")]
        calls += [call("d", 3, "6825"), call("e", 4, "6823")]
        [inc] = derive_incidents(calls, locator, k=5)
        assert inc.postcodes == ("6821", "6823", "6825")
        assert inc.started_at == at(0)

    def test_gap_over_30_minutes_starts_a_new_incident(self, locator: CsvLocator) -> None:
        """Silence of exactly 30 min continues an incident; more than that starts a new one."""
        joined = [call("a", 0), call("b", 30), call("c", 60)]
        assert len(derive_incidents(joined, locator)) == 1
        split = [call("a", 0), call("b", 1), call("c", 2), call("d", 32.5), call("e", 33)]
        [first] = derive_incidents(split, locator)
        assert first.ended_at == at(32)

    def test_fewer_than_k_calls_is_no_incident(self, locator: CsvLocator) -> None:
        """Two calls are not an incident at k=3, but are at k=2."""
        calls = [call("a", 0), call("b", 5)]
        assert derive_incidents(calls, locator) == []
        assert len(derive_incidents(calls, locator, k=2)) == 1

    def test_utilities_stay_apart_and_empty_joins(self, locator: CsvLocator) -> None:
        """Power and gas calls from one place are two incidents; calls without utility join."""
        calls = [call(f"s{i}", i, utility="stroom") for i in range(3)]
        calls += [call("g0", 0.5, utility="gas"), call("g1", 2.5, utility="gas")]
        # Equally near both: it joins the one called about most recently (gas, at 2.5).
        calls.append(call("x", 3))
        incs = derive_incidents(calls, locator)
        assert [(i.utility, i.ended_at) for i in incs] == [("stroom", at(32)), ("gas", at(33))]

    def test_unknown_pc4_only_links_to_itself(self, locator: CsvLocator) -> None:
        """A PC4 without a centroid still clusters with calls from the same PC4."""
        assert not locator.exists("9999")
        calls = [call("a", 0, "9999"), call("b", 1, "9999"), call("c", 2, "9999"), call("d", 3)]
        [inc] = derive_incidents(calls, locator)
        assert inc.postcodes == ("9999",)


class TestIds:
    def test_ids_are_deterministic_in_time_order(self, locator: CsvLocator) -> None:
        """The same calls in any order give the same incidents, numbered by first call."""
        calls = [call(f"b{i}", 100 + i, "1011") for i in range(3)]
        calls += [call(f"a{i}", i, "6821") for i in range(3)]
        expected = derive_incidents(calls, locator)
        random.Random(7).shuffle(calls)
        assert derive_incidents(calls, locator) == expected
        assert [(i.incident_id, i.postcodes) for i in expected] == [
            ("calls-0001", ("6821",)),
            ("calls-0002", ("1011",)),
        ]

    def test_k_below_one_is_refused(self, locator: CsvLocator) -> None:
        """k must be at least 1."""
        with pytest.raises(ReplayError):
            derive_incidents([], locator, k=0)


class TestNearIndex:
    def test_pivot_pruning_finds_what_brute_force_finds(self, locator: CsvLocator) -> None:
        """For random PC4s the index returns exactly the PC4s within 3 km."""
        rng = random.Random(11)
        members = rng.sample(sorted(locator.centroids), 1500)
        index = NearIndex(members, locator)
        for q in rng.sample(sorted(locator.centroids), 200):
            expected = {m for m in members if m == q or locator.distance_km(q, m) <= 3}
            assert {p for p, _ in index.within(q)} == expected

    def test_unknown_pc4_is_near_only_itself(self, locator: CsvLocator) -> None:
        """A PC4 without a centroid finds itself if it is a member, else nothing."""
        index = NearIndex(["9999", "6821"], locator)
        assert index.within("9999") == (("9999", 0.0),)
        assert index.within("0001") == ()
        assert ("6821", 0.0) in index.within("6821")
