"""Alerts against incidents: recall, lead time over the phone line, false alarms (CONTRACTS.md).

An alert's postcodes are the union over its events and it is raised at its ``opened`` event's
``detected_at``. It matches an incident when the two share a PC4 or have PC4 centroids within
3 km, and it was raised between the incident's ``started_at`` − 5 min and ``ended_at`` + 30 min
(an open incident lasts 12 h). Utilities are not compared: the contract does not, and a
"stroom" alert on a gas outage still told the operator where to look.
"""

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson

from replay._calls import IncidentLookup, Locator, PhoneDetection
from replay._incidents import SocialEvidence
from replay.exceptions import ReplayError
from schemas import (
    AlertEvent,
    DataQuality,
    ErrorLog,
    IncidentOutcome,
    IncidentRecord,
    ReplayReport,
    ReportsBucket,
    ReportSummary,
    Utility,
)

#: A replay shorter than this is scored as if it lasted this long, so a ten-minute test run
#: with one false alarm reads "24 per day", not "144 per day".
MIN_PERIOD = timedelta(hours=1)
#: Distinct reporting authors from which an incident counts in ``by_reports``.
REPORT_THRESHOLDS = (1, 3, 5)
#: Evidence post ids kept per alert (the union over its events, first seen first).
MAX_EVIDENCE_KEPT = 10


@dataclass(frozen=True, slots=True)
class AlertSummary:
    """One alert over its whole life (all events with its ``alert_id``)."""

    alert_id: str
    raised_at: datetime
    utility: Utility
    postcodes: tuple[str, ...]
    gemeente: str | None
    reports: int
    level: int
    evidence: tuple[str, ...]
    events: tuple[AlertEvent, ...]


def summarize_alerts(events: Iterable[AlertEvent]) -> list[AlertSummary]:
    """Fold the event stream into one summary per alert, in order of first appearance.

    An alert whose ``opened`` event is missing (a stream cut mid-way) is raised at its earliest
    event, the closest the record allows.
    """
    grouped: dict[str, list[AlertEvent]] = {}
    for event in events:
        grouped.setdefault(event.alert_id, []).append(event)
    out = []
    for alert_id, evs in grouped.items():
        opened = [e.detected_at for e in evs if e.status == "opened"]
        pc4s = {p for e in evs for p in e.postcodes}
        evidence = dict.fromkeys(p for e in evs for p in e.evidence)
        gemeentes = [e.gemeente for e in evs if e.gemeente]
        out.append(
            AlertSummary(
                alert_id=alert_id,
                raised_at=min(opened or [e.detected_at for e in evs]),
                utility=evs[-1].utility,
                postcodes=tuple(sorted(pc4s)),
                gemeente=gemeentes[-1] if gemeentes else None,
                reports=max(e.reports for e in evs),
                level=max(e.level for e in evs),
                evidence=tuple(evidence)[:MAX_EVIDENCE_KEPT],
                events=tuple(evs),
            )
        )
    return out


def match_alerts(
    alerts: Sequence[AlertSummary], incidents: Sequence[IncidentRecord], locator: Locator
) -> dict[str, tuple[str, ...]]:
    """The alerts matching each incident (contract rule), by incident id, earliest raised first."""
    lookup = IncidentLookup(incidents, locator)
    found: dict[str, list[AlertSummary]] = {inc.incident_id: [] for inc in incidents}
    for alert in alerts:
        for inc in lookup.at(alert.postcodes, alert.raised_at):
            found[inc.incident_id].append(alert)
    return {
        iid: tuple(a.alert_id for a in sorted(matched, key=lambda a: (a.raised_at, a.alert_id)))
        for iid, matched in found.items()
    }


@dataclass(frozen=True, slots=True)
class Scoring:
    """The report and everything the human report draws from."""

    report: ReplayReport
    by_reports: tuple[ReportsBucket, ...] | None
    incidents: tuple[IncidentRecord, ...]
    phone: PhoneDetection
    alerts: tuple[AlertSummary, ...]
    matches: Mapping[str, tuple[str, ...]]
    false_alarms: tuple[str, ...]
    social: SocialEvidence | None
    first_post_at: datetime | None
    last_post_at: datetime | None


def rfc3339(t: datetime) -> str:
    """UTC, ``Z``-suffixed, as the contract's examples.

    >>> from datetime import timezone, timedelta
    >>> rfc3339(datetime(2025, 3, 3, 9, 14, 5, tzinfo=timezone(timedelta(hours=1))))
    '2025-03-03T08:14:05Z'
    """
    return t.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _median(values: Sequence[float]) -> float | None:
    return float(statistics.median(values)) if values else None


def replay_days(first_post_at: datetime | None, last_post_at: datetime | None) -> float:
    """The replayed period in days: first to last post time, at least ``MIN_PERIOD``."""
    span = MIN_PERIOD
    if first_post_at is not None and last_post_at is not None:
        span = max(span, last_post_at - first_post_at)
    return span / timedelta(days=1)


def quality_of(errors: ErrorLog, late_posts: int) -> DataQuality:
    """The report's data-quality section from the run's error log and late-post count."""
    return DataQuality(
        bad_records=errors.count,
        bad_by_file=dict(errors.by_file),
        late_posts=late_posts,
        examples=[str(b) for b in errors.examples],
    )


def _buckets(
    outcomes: Sequence[IncidentOutcome], social: SocialEvidence
) -> tuple[ReportsBucket, ...]:
    out = []
    for n in REPORT_THRESHOLDS:
        rows = [
            o
            for o in outcomes
            if (t := social.by_incident.get(o.incident_id)) is not None and t.authors >= n
        ]
        detected = sum(o.social_detected_at is not None for o in rows)
        leads = [o.lead_time_s for o in rows if o.lead_time_s is not None]
        out.append(
            ReportsBucket(
                min_authors=n,
                incidents=len(rows),
                detected=detected,
                recall=detected / len(rows) if rows else 0.0,
                median_lead_time_s=_median(leads),
            )
        )
    return tuple(out)


def score(
    events: Iterable[AlertEvent],
    incidents: Sequence[IncidentRecord],
    phone: PhoneDetection,
    locator: Locator,
    *,
    posts: int,
    complaints: int,
    first_post_at: datetime | None,
    last_post_at: datetime | None,
    posts_per_second: float,
    social: SocialEvidence | None = None,
    quality: DataQuality | None = None,
) -> Scoring:
    """Score the alert stream against the incidents and their call-based detection.

    ``events`` in the order the detector emitted them; ``phone`` from ``detect_by_calls`` on the
    same ``incidents``; ``first_post_at``/``last_post_at`` bound the replayed period;
    ``posts_per_second`` is measured by the caller (scoring reads no clock). ``by_reports`` is
    filled only when ``social`` was assigned through a truth file.
    """
    missing = [i.incident_id for i in incidents if i.incident_id not in phone.by_incident]
    if missing:
        msg = (
            f"no call-based detection for incident(s) {', '.join(missing[:5])}: "
            "pass the same incidents to detect_by_calls and score"
        )
        raise ReplayError(msg)
    alerts = summarize_alerts(events)
    by_id = {a.alert_id: a for a in alerts}
    matches = match_alerts(alerts, incidents, locator)
    matched = {aid for ids in matches.values() for aid in ids}
    false_alarms = tuple(a.alert_id for a in alerts if a.alert_id not in matched)

    outcomes: list[IncidentOutcome] = []
    leads: list[float] = []
    leads_first: list[float] = []
    for inc in incidents:
        calls = phone.by_incident[inc.incident_id]
        ids = matches[inc.incident_id]
        social_at = min((by_id[a].raised_at for a in ids), default=None)
        lead = lead_first = None
        if social_at is not None and calls.calls_detected_at is not None:
            lead = (calls.calls_detected_at - social_at).total_seconds()
            leads.append(lead)
        if social_at is not None and calls.first_call_at is not None:
            lead_first = (calls.first_call_at - social_at).total_seconds()
            leads_first.append(lead_first)
        outcomes.append(
            IncidentOutcome(
                incident_id=inc.incident_id,
                started_at=rfc3339(inc.started_at),
                social_detected_at=None if social_at is None else rfc3339(social_at),
                calls_detected_at=(
                    None if calls.calls_detected_at is None else rfc3339(calls.calls_detected_at)
                ),
                first_call_at=None if calls.first_call_at is None else rfc3339(calls.first_call_at),
                lead_time_s=lead,
                alert_ids=list(ids),
            )
        )
    detected = sum(o.social_detected_at is not None for o in outcomes)
    summary = ReportSummary(
        posts=posts,
        complaints=complaints,
        alerts=len(alerts),
        incidents=len(incidents),
        detected=detected,
        recall=detected / len(incidents) if incidents else 0.0,
        false_alarms=len(false_alarms),
        false_alarms_per_day=len(false_alarms) / replay_days(first_post_at, last_post_at),
        median_lead_time_s=_median(leads),
        median_lead_vs_first_call_s=_median(leads_first),
        posts_per_second=posts_per_second,
    )
    by_reports = _buckets(outcomes, social) if social is not None and social.by_truth else None
    data: dict[str, object] = {
        "summary": summary,
        "incidents": outcomes,
        "data_quality": quality or DataQuality(),
    }
    if by_reports is not None:
        data["by_reports"] = list(by_reports)
    return Scoring(
        report=ReplayReport.model_validate(data),
        by_reports=by_reports,
        incidents=tuple(incidents),
        phone=phone,
        alerts=tuple(alerts),
        matches=matches,
        false_alarms=false_alarms,
        social=social,
        first_post_at=first_post_at,
        last_post_at=last_post_at,
    )


def report_document(
    scoring: Scoring, extra: Mapping[str, object] | None = None
) -> dict[str, object]:
    """``report.json`` as a dict: the contract's keys, ``data_quality`` and ``by_reports``.

    ``extra`` adds top-level keys (never replaces one: the contract's keys stay as they are).
    """
    doc: dict[str, object] = scoring.report.model_dump(mode="json", exclude_none=False)
    if doc.get("by_reports") is None:
        doc.pop("by_reports", None)
    for key, value in (extra or {}).items():
        if key in doc:
            msg = f"report.json already has a key {key!r}"
            raise ReplayError(msg)
        doc[key] = value
    return doc


def write_report(scoring: Scoring, path: Path, extra: Mapping[str, object] | None = None) -> None:
    """Write ``report.json`` (with ``extra`` top-level keys beside the contract's)."""
    doc = report_document(scoring, extra)
    path.write_bytes(orjson.dumps(doc, option=orjson.OPT_INDENT_2))
