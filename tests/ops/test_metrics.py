"""The worker's metrics without a broker: names, bounded labels, lag, open alerts, speed."""

from datetime import UTC, datetime, timedelta

from prometheus_client.parser import text_string_to_metric_families

from schemas import AlertEvent
from stream.metrics import WorkerMetrics, dead_letter_reason, source_label

T0 = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)


def event(alert_id: str, status: str = "opened", level: int = 1, pc4: str = "6821") -> AlertEvent:
    return AlertEvent.model_validate(
        {
            "alert_id": alert_id, "status": status, "utility": "stroom", "postcodes": (pc4,),
            "centroid": {"lat": 51.98, "lon": 5.91}, "gemeente": "Arnhem",
            "first_post_at": T0, "detected_at": T0 + timedelta(minutes=4),
            "emitted_at": T0 + timedelta(minutes=5), "reports": 4, "level": level,
            "score": 3.5, "evidence": ("1", "2"),
        }
    )  # fmt: skip


def samples(m: WorkerMetrics) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for f in text_string_to_metric_families(m.render().decode())
        for s in f.samples
    }


def test_names_in_base_units() -> None:
    for family in WorkerMetrics().registry.collect():
        assert family.name.startswith("storingsradar_")
        if family.type == "histogram":
            assert family.name.endswith("_seconds")


def test_labels_are_bounded() -> None:
    assert source_label("x") == "x"
    assert source_label("a-scraper-of-someone") == "other"
    assert dead_letter_reason(b"not json") == "unknown"
    assert dead_letter_reason(b'{"field": "<record>"}') == "empty_or_too_large"
    m = WorkerMetrics()
    m.count_posts({("x", "complaint"): 2, ("weird", "noise"): 3})
    m.count_dead("posts", [b'{"field": "<json>", "reason": "Invalid JSON: EOF at 1"}'])
    got = samples(m)
    assert got[("storingsradar_posts_total", (("outcome", "noise"), ("source", "other")))] == 3
    key = ("storingsradar_dead_letters_total", (("reason", "invalid_json"), ("stage", "posts")))
    assert got[key] == 1


def test_alerts_latency_and_open_alerts() -> None:
    m = WorkerMetrics()
    m.alert(event("a", level=2))
    m.alert(event("b"))
    m.alert(event("b", "updated", level=3))
    m.alert(event("a", "resolved", level=2))
    got = samples(m)
    assert got[("storingsradar_detection_latency_seconds_count", ())] == 2
    assert got[("storingsradar_detection_latency_seconds_sum", ())] == 600
    assert got[("storingsradar_open_alerts", (("level", "3"), ("utility", "stroom")))] == 1
    assert ("storingsradar_open_alerts", (("level", "2"), ("utility", "stroom"))) not in got
    key = ("storingsradar_alert_events_total", (("status", "resolved"), ("utility", "stroom")))
    assert got[key] == 1


def test_lag_from_position_and_highwater() -> None:
    m = WorkerMetrics()
    m.set_lag("posts", 0, 90, 100)
    m.set_lag("posts", 1, 5, None)  # no fetch response yet: unknown, not zero
    m.set_lag("posts", 2, 7, 7)
    got = samples(m)
    lag = "storingsradar_consumer_lag_records"
    assert got[(lag, (("partition", "0"), ("topic", "posts")))] == 10
    assert (lag, (("partition", "1"), ("topic", "posts"))) not in got
    assert got[(lag, (("partition", "2"), ("topic", "posts")))] == 0
    m.forget_lag("posts", [0, 1])
    assert (lag, (("partition", "0"), ("topic", "posts"))) not in samples(m)


def test_series_do_not_grow_with_areas() -> None:
    """4,000 open alerts in 4,000 areas add no series: the text stays the size of a few."""
    m = WorkerMetrics()
    m.alert(event("first"))
    small = len(m.render())
    for i in range(4000):
        m.alert(event(f"a{i}", level=1 + i % 3, pc4=str(1000 + i)))
    assert len(m.render()) < small + 400
