"""Every file follows CONTRACTS.md (posts, calls, incidents) or its own header (truth)."""

import re
from datetime import datetime

from .conftest import Scenario
from .helpers import posts, rows, ts

_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
_POSTCODE = re.compile(r"^\d{4}( ?[A-Z]{2})?$")
_OPTIONAL = {"lang", "author_location", "coordinates", "place", "repost_of_id", "reply_to_id"}
_REQUIRED = {"id", "source", "created_at", "text", "author_id"}


def test_every_post_has_the_contract_fields(busy: Scenario) -> None:
    """Each line is a JSON object with the required string fields and only known extras."""
    lines = posts(busy.out)
    assert len(lines) == busy.summary.posts > 0
    for post in lines:
        assert _REQUIRED <= post.keys() <= _REQUIRED | _OPTIONAL
        for key in _REQUIRED:
            assert isinstance(post[key], str) and post[key]
        assert _RFC3339.match(post["created_at"])
        assert datetime.fromisoformat(post["created_at"].replace("Z", "+00:00")).tzinfo


def test_optional_post_fields_have_contract_types(busy: Scenario) -> None:
    """Coordinates are a WGS84 point in the Netherlands; the rest are non-empty strings."""
    seen: set[str] = set()
    for post in posts(busy.out):
        for key in _OPTIONAL & post.keys():
            seen.add(key)
            if key == "coordinates":
                point = post[key]
                assert set(point) == {"lat", "lon"}
                assert 50.5 < point["lat"] < 53.8 and 3.2 < point["lon"] < 7.4
            else:
                assert isinstance(post[key], str) and post[key]
    assert seen == _OPTIONAL


def test_post_ids_are_unique_and_references_resolve(busy: Scenario) -> None:
    """Ids never repeat; replies and reposts point at a post written earlier in time."""
    lines = posts(busy.out)
    created = {p["id"]: ts(p["created_at"]) for p in lines}
    assert len(created) == len(lines)
    for p in lines:
        for key in ("reply_to_id", "repost_of_id"):
            if key in p:
                assert created[p[key]] <= ts(p["created_at"])


def test_calls_csv_has_contract_columns(busy: Scenario) -> None:
    """calls.csv: the contract header, RFC 3339 times in order, PC4/PC6 postcodes."""
    header = (busy.out / "calls.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == "call_id,received_at,postcode,utility"
    calls = rows(busy.out, "calls.csv")
    assert len(calls) == busy.summary.calls > 0
    assert len({c["call_id"] for c in calls}) == len(calls)
    times = [ts(c["received_at"]) for c in calls]
    assert times == sorted(times)
    for c in calls:
        assert _RFC3339.match(c["received_at"])
        assert _POSTCODE.match(c["postcode"])
        assert c["utility"] in {"stroom", "gas", ""}
    forms = {len(c["postcode"]) for c in calls}
    assert forms == {4, 6, 7}  # PC4, 6821AB and 6821 AB all occur


def test_incidents_csv_has_contract_columns(busy: Scenario) -> None:
    """incidents.csv: the contract header, PC4 lists, positive customers, end after start."""
    header = (busy.out / "incidents.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == "incident_id,started_at,ended_at,utility,postcodes,customers"
    incidents = rows(busy.out, "incidents.csv")
    assert len(incidents) == busy.summary.incidents > 0
    starts = [ts(r["started_at"]) for r in incidents]
    assert starts == sorted(starts)
    for r in incidents:
        assert r["utility"] in {"stroom", "gas"}
        assert all(re.fullmatch(r"\d{4}", pc4) for pc4 in r["postcodes"].split(" "))
        assert int(r["customers"]) >= 1
        assert ts(r["ended_at"]) > ts(r["started_at"])


def test_truth_rows_point_at_posts_and_incidents(busy: Scenario) -> None:
    """Every truth post id is a written post and every incident id is in incidents.csv."""
    post_ids = {p["id"] for p in posts(busy.out)}
    incident_ids = {r["incident_id"] for r in rows(busy.out, "incidents.csv")}
    truth = rows(busy.out, "truth.csv")
    assert truth and len(truth) == busy.summary.incident_posts
    kinds = {"complaint", "followup", "repost", "operator", "news", "restored"}
    for r in truth:
        assert r["post_id"] in post_ids
        assert r["incident_id"] in incident_ids
        assert r["kind"] in kinds
    assert {r["kind"] for r in truth} >= {"complaint", "repost", "restored"}
