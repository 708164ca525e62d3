"""The few lines a replay prints when it is done."""

from collections.abc import Mapping, Sequence
from typing import Any, Protocol, TextIO

from schemas import ReplayReport


class Bucket(Protocol):
    """A ``by_reports`` row (``replay.ReportsBucket``, or the field once the report carries it)."""

    @property
    def min_authors(self) -> int: ...
    @property
    def incidents(self) -> int: ...
    @property
    def detected(self) -> int: ...
    @property
    def recall(self) -> float: ...
    @property
    def median_lead_time_s(self) -> float | None: ...


def _min(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds / 60:+.1f} min"


def print_summary(
    report: ReplayReport,
    file: TextIO,
    by_reports: Sequence[Bucket] | None = None,
    detection: Mapping[str, Any] | None = None,
) -> None:
    """An aligned table of the headline figures; ``+`` lead times mean social media was first.

    ``by_reports`` defaults to the report's own field when it has one; ``detection`` is
    report.json's ``detection`` section (delay after the third report, the ideal detector).
    """
    s = report.summary
    buckets: Sequence[Bucket] | None = by_reports or getattr(report, "by_reports", None)
    rows = [
        ("incidents", f"{s.incidents:,}"),
        ("detected", f"{s.detected:,}  (recall {s.recall:.1%} of all; most outages draw no post)"),
        ("median lead vs calls", _min(s.median_lead_time_s)),
        ("median lead vs 1st call", _min(s.median_lead_vs_first_call_s)),
        ("false alarms", f"{s.false_alarms:,}  ({s.false_alarms_per_day:.2f} per day)"),
        ("alerts", f"{s.alerts:,}"),
        ("posts", f"{s.posts:,}"),
        ("complaints", f"{s.complaints:,}"),
        ("posts/s", f"{s.posts_per_second:,.0f}"),
    ]
    q = report.data_quality
    if q.bad_records or q.late_posts:
        rows.append(("bad records / late", f"{q.bad_records:,} / {q.late_posts:,}"))
    if buckets:
        rows.append(
            (
                "recall by reporting authors",
                "   ".join(
                    f"≥{b.min_authors}: {b.detected}/{b.incidents} ({b.recall:.0%}, "
                    f"{_min(b.median_lead_time_s)})"
                    for b in buckets
                ),
            )
        )
    if detection is not None:
        delay = detection.get("median_delay_after_third_report_s")
        rows.append(
            (
                "delay after 3rd report",
                "—"
                if delay is None
                else f"{delay:+.0f} s median event time "
                f"(over {detection['delays_measured']} incidents)",
            )
        )
        ideal = detection.get("ideal")
        if ideal is not None:
            rows.append(
                (
                    "ideal detector",
                    f"≥3: {ideal['detected_3_authors']}/{ideal['incidents_3_authors']}, "
                    f"lead {_min(ideal['median_lead_time_3_authors_s'])} "
                    f"(this detector: {_min(detection['median_lead_time_3_authors_s'])})",
                )
            )
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"  {name:<{width}}  {value}", file=file)
