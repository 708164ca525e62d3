"""The content behaves like the real thing: daily cycle, calibrated outage counts, local
complainers, varied confusers and chatter that never reports an outage."""

import statistics
from collections import Counter
from datetime import timedelta

import orjson

from simulate import ScenarioConfig, iter_chunks
from simulate import _calibration as cal
from simulate._incidents import Incident
from simulate._places import load_places

from .conftest import START, Scenario
from .helpers import posts, rows, ts


def test_night_is_quieter_than_evening(small: Scenario) -> None:
    """Posts between 02 and 05 local time are far fewer than between 19 and 22."""
    by_hour: Counter[int] = Counter()
    for p in posts(small.out):
        by_hour[(int(p["created_at"][11:13]) + 1) % 24] += 1  # CET in early March
    night = sum(by_hour[h] for h in (2, 3, 4))
    evening = sum(by_hour[h] for h in (19, 20, 21))
    assert night * 4 < evening


def test_outage_counts_per_day_match_published_yearly_counts() -> None:
    """Power and gas outages a day stay within Poisson bounds of 23,000 and 30,500 a year."""
    config = ScenarioConfig(seed=2, days=7, start=START, posts_per_day=0)
    per_day: dict[str, Counter[int]] = {"stroom": Counter(), "gas": Counter()}
    for chunk in iter_chunks(config):
        for inc in chunk.incidents:
            per_day[inc.utility][chunk.hour // 24] += 1
    for utility, per_year in (
        ("stroom", cal.POWER_OUTAGES_PER_YEAR),
        ("gas", cal.GAS_OUTAGES_PER_YEAR),
    ):
        expected = per_year / 365
        counts = [per_day[utility][d] for d in range(7)]
        assert all(abs(c - expected) < 5 * expected**0.5 for c in counts), counts
        assert abs(statistics.fmean(counts) - expected) < 3 * (expected / 7) ** 0.5


def test_outage_sizes_and_durations_follow_calibration() -> None:
    """Most power outages hit fewer than 50 customers, gas ones mostly one; means as published."""
    config = ScenarioConfig(seed=3, days=14, start=START, posts_per_day=0)
    power: list[Incident] = []
    gas: list[Incident] = []
    for chunk in iter_chunks(config):
        for inc in chunk.incidents:
            (power if inc.utility == "stroom" else gas).append(inc)
    assert statistics.fmean(i.customers < 50 for i in power) > 0.6
    assert statistics.fmean(i.customers == 1 for i in gas) > 0.7
    assert 45 < statistics.fmean((i.end - i.start) / 60 for i in power) < 80
    assert 130 < statistics.fmean((i.end - i.start) / 60 for i in gas) < 240
    big = [i for i in power if i.customers > 5 * cal.CONNECTIONS_PER_PC4]
    assert all(len(i.pc4s) > 1 for i in big)
    assert all(len(i.pc4s) == 1 for i in power if i.customers <= cal.CONNECTIONS_PER_PC4)


def test_incident_posts_follow_their_incident_in_time(busy: Scenario) -> None:
    """Complaints come after the start and soon after; 'restored' posts after the end."""
    incidents = {r["incident_id"]: r for r in rows(busy.out, "incidents.csv")}
    created = {p["id"]: ts(p["created_at"]) for p in posts(busy.out)}
    for r in rows(busy.out, "truth.csv"):
        inc = incidents[r["incident_id"]]
        start, end, at = ts(inc["started_at"]), ts(inc["ended_at"]), created[r["post_id"]]
        assert at >= start
        if r["kind"] == "complaint":
            assert at <= end + 16 * 60
        if r["kind"] == "restored":
            assert at > end


def test_complainers_mostly_name_the_incident_town(busy: Scenario) -> None:
    """Of complainers whose profile names an incident's town or another place, most name it."""
    incidents = {r["incident_id"]: r for r in rows(busy.out, "incidents.csv")}
    complaint_of = {
        r["post_id"]: r["incident_id"]
        for r in rows(busy.out, "truth.csv")
        if r["kind"] == "complaint"
    }
    by_pc4 = {a.pc4: a for a in load_places().areas}
    towns = {a.woonplaats.lower() for a in by_pc4.values()}
    hits = misses = 0
    for p in posts(busy.out):
        inc_id = complaint_of.get(p["id"])
        location = p.get("author_location", "").lower().split(",")[0].strip()
        if inc_id is None or location not in towns:
            continue
        local = {by_pc4[pc4].woonplaats.lower() for pc4 in incidents[inc_id]["postcodes"].split()}
        hits += location in local
        misses += location not in local
    assert hits > 2 * misses


def test_confusers_are_many_and_varied() -> None:
    """A few % of chatter are confusers, and they are rarely verbatim repeats."""
    config = ScenarioConfig(seed=4, days=1, start=START, posts_per_day=20_000)
    items = [item for chunk in iter_chunks(config) for item in chunk.posts]
    bodies = [orjson.loads(item.line)["text"] for item in items if item.truth == "~"]
    assert 0.02 < len(bodies) / len(items) < 0.04
    assert len(set(bodies)) / len(bodies) > 0.6


def test_chatter_never_reports_an_outage() -> None:
    """Background chatter (not confusers) never says 'stroom' or 'storing'."""
    config = ScenarioConfig(seed=8, days=1, start=START + timedelta(hours=12), posts_per_day=10_000)
    for chunk in iter_chunks(config):
        for item in chunk.posts:
            if item.truth == "":
                text = orjson.loads(item.line)["text"].lower()
                assert "stroom" not in text and "storing" not in text, text
