"""The ideal detector's alerts and the keyword-filtered stream."""

import json
from datetime import datetime
from pathlib import Path

from schemas import AlertEvent
from simulate._ideal import IDEAL_DELAY_S
from storingsradar.cli import main
from tests.simulate.conftest import Scenario


def test_ideal_fires_a_minute_after_the_third_author(busy: Scenario) -> None:
    """One opened alert per incident with >= 3 reporting authors, 60 s after the third."""
    events = [
        AlertEvent.model_validate_json(line)
        for line in (busy.out / "ideal_alerts.jsonl").read_bytes().splitlines()
    ]
    assert len(events) == busy.summary.incidents_with_3_authors > 0
    authors: dict[str, dict[str, datetime]] = {}
    truth = {}
    for line in (busy.out / "truth.csv").read_text().splitlines()[1:]:
        post_id, incident, kind = line.split(",")
        if kind in {"complaint", "followup"}:
            truth[post_id] = incident
    for raw in (busy.out / "posts.jsonl").read_bytes().splitlines():
        post = json.loads(raw)
        if post["id"] in truth:
            seen = authors.setdefault(truth[post["id"]], {})
            at = datetime.fromisoformat(post["created_at"])
            who = f"{post['source']}:{post['author_id']}"
            seen[who] = min(seen.get(who, at), at)
    for ev in events:
        third = sorted(authors[ev.alert_id.removeprefix("ideal-")].values())[2]
        assert (ev.detected_at - third).total_seconds() == IDEAL_DELAY_S


def test_filtered_stream(tmp_path: Path) -> None:
    """--filtered: at least 0.5 posts/s, about half of them confusers."""
    out = tmp_path / "f"
    assert main(["simulate", "--seed", "11", "--days", "1", "--out", str(out), "--filtered"]) == 0
    counts = json.loads((out / "scenario.json").read_text())["counts"]
    assert counts["posts"] / 86_400 >= 0.5
    assert 0.45 <= counts["confuser_posts"] / counts["posts"] <= 0.55
