"""How fast detection was against the evidence, and against an ideal detector.

Figures ``report.json`` carries beside the contract's keys (under ``"detection"``):

- the delay from each incident's third distinct reporting author to its first matching alert
  (event time; negative when the detector fired on fewer than three, e.g. two in a quiet area);
- recall and median lead over call-based detection for incidents with >= 3 reporting authors;
- the same figures for the simulator's ideal detector (``ideal_alerts.jsonl``: one minute after
  each incident's third distinct report), scored by the same rules, side by side.
"""

import statistics
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from replay._scoring import Scoring
from replay.exceptions import ReplayError
from schemas import AlertEvent

#: Distinct reporting authors from which an incident is "evident".
EVIDENT = 3


def median(values: Sequence[float]) -> float | None:
    """The median, to a tenth (``None`` of nothing)."""
    return round(float(statistics.median(values)), 1) if values else None


def read_alert_events(path: Path) -> list[AlertEvent]:
    """Alert events from a JSON Lines file (``alerts.jsonl``, ``ideal_alerts.jsonl``)."""
    out = []
    with path.open("rb") as f:
        for n, line in enumerate(f, start=1):
            try:
                out.append(AlertEvent.model_validate_json(line))
            except ValueError as exc:
                msg = f"{path}:{n}: not an alert event: {exc}"
                raise ReplayError(msg) from exc
    return out


def evident_values(
    scoring: Scoring, reporting_authors: Mapping[str, int]
) -> tuple[int, int, list[float]]:
    """Incidents with >= ``EVIDENT`` reporting authors, how many of them an alert matched, and
    the lead over call-based detection of each matched one the calls detected too."""
    raised = {a.alert_id: a.raised_at for a in scoring.alerts}
    phone = scoring.phone.by_incident
    evident = [i for i in scoring.incidents if reporting_authors.get(i.incident_id, 0) >= EVIDENT]
    detected, leads = 0, []
    for inc in evident:
        ids = scoring.matches[inc.incident_id]
        if not ids:
            continue
        detected += 1
        calls_at = phone[inc.incident_id].calls_detected_at
        if calls_at is not None:
            leads.append((calls_at - min(raised[a] for a in ids)).total_seconds())
    return len(evident), detected, leads


def third_report_delays(scoring: Scoring, third_report_at: Mapping[str, datetime]) -> list[float]:
    """Per matched incident: its first alert's time after its third distinct report, seconds."""
    raised = {a.alert_id: a.raised_at for a in scoring.alerts}
    delays = []
    for iid, third in third_report_at.items():
        ids = scoring.matches.get(iid, ())
        if ids:
            delays.append((min(raised[a] for a in ids) - third).total_seconds())
    return delays


def evident_figures(scoring: Scoring, reporting_authors: Mapping[str, int]) -> dict[str, Any]:
    """Recall, median lead and false alarms, on incidents with >= ``EVIDENT`` reporting authors."""
    evident, detected, leads = evident_values(scoring, reporting_authors)
    s = scoring.report.summary
    return {
        "incidents_3_authors": evident,
        "detected_3_authors": detected,
        "recall_3_authors": round(detected / evident, 4) if evident else None,
        "median_lead_time_3_authors_s": median(leads),
        "median_lead_time_s": s.median_lead_time_s,
        "false_alarms": s.false_alarms,
        "false_alarms_per_day": round(s.false_alarms_per_day, 3),
    }


def detection_figures(
    scoring: Scoring,
    reporting_authors: Mapping[str, int],
    third_report_at: Mapping[str, datetime],
    ideal: Scoring | None = None,
) -> dict[str, Any]:
    """The ``"detection"`` section of report.json."""
    delays = third_report_delays(scoring, third_report_at)
    out = evident_figures(scoring, reporting_authors)
    out["median_delay_after_third_report_s"] = median(delays)
    out["delays_measured"] = len(delays)
    # alerts that opened on two reports: where the baseline made two already convincing
    out["alerts_opened_on_two_reports"] = sum(
        1 for a in scoring.alerts if any(e.status == "opened" and e.reports == 2 for e in a.events)
    )
    if ideal is not None:
        out["ideal"] = evident_figures(ideal, reporting_authors)
    return out
