"""``report.html``: one self-contained page an analyst can read without the JSON.

The geometry of the SVG plots is computed here and the template only places it, so every piece
of text from the input (ids, postcodes, gemeente names) reaches the page through jinja2's
autoescaping and never as raw markup.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import jinja2

from replay._calls import AFTER_END, BEFORE_START, NEAR_KM, OPEN_ENDED
from replay._incidents import LOOKBACK
from replay._scoring import MIN_PERIOD, AlertSummary, Scoring

AMS = ZoneInfo("Europe/Amsterdam")
TEMPLATES = Path(__file__).parent / "templates"

HIST_W, HIST_H, HIST_PAD = 640, 200, 34
#: Histogram bin widths to choose from (minutes); the smallest giving at most ``MAX_BINS`` bins.
BIN_WIDTHS = (1, 2, 5, 10, 15, 30, 60, 120, 240)
MAX_BINS = 30
STRIP_W, STRIP_H, STRIP_PAD = 420, 62, 6
#: A timeline strip shows at least this much time, so a lone call is not smeared edge to edge.
MIN_STRIP = timedelta(minutes=30)
MAX_POSTCODES_SHOWN = 8


def local(t: datetime | None, fmt: str = "%Y-%m-%d %H:%M:%S") -> str:
    """A time as an analyst in the Netherlands reads it.

    >>> from datetime import UTC
    >>> local(datetime(2025, 7, 1, 8, 0, tzinfo=UTC))
    '2025-07-01 10:00:00'
    """
    return "—" if t is None else t.astimezone(AMS).strftime(fmt)


def minutes(seconds: float | None) -> str:
    """Signed minutes with one decimal (``+`` means social media was first)."""
    return "—" if seconds is None else f"{seconds / 60:+.1f} min"


def clock(t: datetime | None, day_of: datetime) -> str:
    """A time of day, with the date only when it is not the day of ``day_of``.

    >>> from datetime import UTC
    >>> start = datetime(2025, 3, 3, 22, 0, tzinfo=UTC)
    >>> clock(start, start), clock(datetime(2025, 3, 3, 23, 5, tzinfo=UTC), start)
    ('23:00:00', '04-03 00:05:00')
    """
    if t is None:
        return "—"
    same_day = t.astimezone(AMS).date() == day_of.astimezone(AMS).date()
    return local(t, "%H:%M:%S" if same_day else "%d-%m %H:%M:%S")


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, …, 11th, 12th, 13th, 21st."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def number(n: int | None) -> str:
    """A count with thousands separators."""
    return "—" if n is None else f"{n:,}"


def sign(seconds: float | None) -> str:
    """CSS class of a lead time: who was first."""
    if seconds is None or seconds == 0:
        return ""
    return "pos" if seconds > 0 else "neg"


def _parse(s: str | None) -> datetime | None:
    return None if s is None else datetime.fromisoformat(s)


@dataclass(frozen=True, slots=True)
class Bar:
    """One histogram bin, placed."""

    x: float
    y: float
    w: float
    h: float
    count: int
    label: str
    social_first: bool


@dataclass(frozen=True, slots=True)
class Histogram:
    """The lead-time distribution, placed."""

    bars: tuple[Bar, ...]
    ticks: tuple[tuple[float, str], ...]
    zero_x: float | None
    max_count: int
    bin_min: int


def histogram(leads_s: Sequence[float]) -> Histogram | None:
    """Lead times (seconds) binned in minutes; ``None`` when there are none."""
    if not leads_s:
        return None
    lo_m, hi_m = min(leads_s) / 60, max(leads_s) / 60
    width = next(
        (b for b in BIN_WIDTHS if math.floor(hi_m / b) - math.floor(lo_m / b) < MAX_BINS),
        BIN_WIDTHS[-1],
    )
    first, last = math.floor(lo_m / width), math.floor(hi_m / width)
    counts = [0] * (last - first + 1)
    for s in leads_s:
        counts[math.floor(s / 60 / width) - first] += 1
    inner_w, inner_h = HIST_W - 2 * HIST_PAD, HIST_H - 2 * HIST_PAD
    bw = inner_w / len(counts)
    top = max(counts)
    bars = []
    for i, n in enumerate(counts):
        start = (first + i) * width
        h = inner_h * n / top
        bars.append(
            Bar(
                x=HIST_PAD + i * bw,
                y=HIST_PAD + inner_h - h,
                w=max(bw - 1, 1),
                h=h,
                count=n,
                label=f"{start:+d} … {start + width:+d} min",
                social_first=start >= 0,
            )
        )
    every = max(1, math.ceil(len(counts) / 8))
    ticks = tuple(
        (HIST_PAD + i * bw, f"{(first + i) * width:+d}") for i in range(0, len(counts) + 1, every)
    )
    zero = HIST_PAD - first * bw if first <= 0 <= last + 1 else None
    return Histogram(tuple(bars), ticks, zero, top, width)


@dataclass(frozen=True, slots=True)
class Mark:
    """One placed mark on a timeline strip."""

    x: float
    kind: str
    title: str


@dataclass(frozen=True, slots=True)
class Strip:
    """One incident's timeline, placed."""

    span_x: float
    span_w: float
    open_ended: bool
    complaints: tuple[Mark, ...]
    alerts: tuple[Mark, ...]
    calls: tuple[Mark, ...]
    lines: tuple[Mark, ...]
    left: str
    right: str


@dataclass(frozen=True, slots=True)
class Row:
    """One incident in the table."""

    incident_id: str
    started: str
    ended: str
    utility: str
    postcodes: str
    complaints: int | None
    authors: int | None
    calls: int
    social: str
    first_call: str
    calls_detected: str
    lead: str
    lead_first: str
    lead_s: float | None
    alert_ids: tuple[str, ...]
    strip: Strip


def _strip(scoring: Scoring, idx: int, social_at: datetime | None) -> Strip:
    inc = scoring.incidents[idx]
    calls = scoring.phone.by_incident[inc.incident_id]
    timeline = scoring.social.by_incident.get(inc.incident_id) if scoring.social else None
    marks = timeline.marks if timeline else ()
    by_id = {a.alert_id: a for a in scoring.alerts}
    events = [e for aid in scoring.matches[inc.incident_id] for e in by_id[aid].events]
    times = [inc.started_at, *(t for t, _ in marks), *(e.detected_at for e in events)]
    times += calls.call_times
    if inc.ended_at is not None:
        times.append(inc.ended_at)
    t0, t1 = min(times), max(times)
    t1 = max(t1, t0 + MIN_STRIP)
    scale = (STRIP_W - 2 * STRIP_PAD) / (t1 - t0).total_seconds()

    def x(t: datetime) -> float:
        return STRIP_PAD + (t - t0).total_seconds() * scale

    end = inc.ended_at or t1
    lines = [
        Mark(x(t), kind, f"{label} {local(t, '%H:%M:%S')}")
        for t, kind, label in (
            (social_at, "social", "social detection"),
            (calls.first_call_at, "first-call", "first call"),
            (calls.calls_detected_at, "calls", f"call detection ({ordinal(scoring.phone.k)} call)"),
        )
        if t is not None
    ]
    return Strip(
        span_x=x(inc.started_at),
        span_w=max(x(end) - x(inc.started_at), 1.0),
        open_ended=inc.ended_at is None,
        complaints=tuple(
            Mark(x(t), "restored" if back else "complaint", local(t, "%H:%M:%S"))
            for t, back in marks
        ),
        alerts=tuple(
            Mark(x(e.detected_at), e.status, f"{e.alert_id} {e.status} {local(e.detected_at)}")
            for e in events
        ),
        calls=tuple(Mark(x(t), "call", local(t, "%H:%M:%S")) for t in calls.call_times),
        lines=tuple(lines),
        left=local(t0, "%d-%m %H:%M"),
        right=local(t1, "%d-%m %H:%M"),
    )


def _rows(scoring: Scoring) -> list[Row]:
    rows = []
    for idx, (inc, out) in enumerate(zip(scoring.incidents, scoring.report.incidents, strict=True)):
        calls = scoring.phone.by_incident[inc.incident_id]
        timeline = scoring.social.by_incident.get(inc.incident_id) if scoring.social else None
        social_at = _parse(out.social_detected_at)
        lead_first = (
            (calls.first_call_at - social_at).total_seconds()
            if social_at is not None and calls.first_call_at is not None
            else None
        )
        pcs = inc.postcodes
        more = f" … +{len(pcs) - MAX_POSTCODES_SHOWN}" if len(pcs) > MAX_POSTCODES_SHOWN else ""
        rows.append(
            Row(
                incident_id=inc.incident_id,
                started=local(inc.started_at),
                ended="open (no end time)" if inc.ended_at is None else local(inc.ended_at),
                utility=inc.utility or "—",
                postcodes=" ".join(pcs[:MAX_POSTCODES_SHOWN]) + more,
                complaints=timeline.complaints if timeline else None,
                authors=timeline.authors if timeline else None,
                calls=calls.calls,
                social=clock(social_at, inc.started_at),
                first_call=clock(calls.first_call_at, inc.started_at),
                calls_detected=clock(calls.calls_detected_at, inc.started_at),
                lead=minutes(out.lead_time_s),
                lead_first=minutes(lead_first),
                lead_s=out.lead_time_s,
                alert_ids=tuple(out.alert_ids),
                strip=_strip(scoring, idx, social_at),
            )
        )

    def order(r: Row) -> tuple[int, float]:
        # Biggest social head start first; detected-without-call-detection next; missed last.
        if r.lead_s is not None:
            return (0, -r.lead_s)
        return (1, 0.0) if r.alert_ids else (2, 0.0)

    return sorted(rows, key=order)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["local"] = local
    env.filters["minutes"] = minutes
    env.filters["num"] = number
    env.filters["sign"] = sign
    env.filters["ordinal"] = ordinal
    return env


def render_html(scoring: Scoring, *, title: str = "storingsradar replay") -> str:
    """The human report as one HTML string (inline CSS and SVG, no scripts, no fetches)."""
    s = scoring.report.summary
    false_ids = set(scoring.false_alarms)
    false_alarms: list[AlertSummary] = [a for a in scoring.alerts if a.alert_id in false_ids]
    leads = [o.lead_time_s for o in scoring.report.incidents if o.lead_time_s is not None]
    return (
        _environment()
        .get_template("report.html")
        .render(
            title=title,
            s=s,
            quality=scoring.report.data_quality,
            by_reports=scoring.by_reports,
            rows=_rows(scoring),
            hist=histogram(leads),
            hist_size=(HIST_W, HIST_H, HIST_PAD),
            strip_size=(STRIP_W, STRIP_H),
            false_alarms=sorted(false_alarms, key=lambda a: (a.raised_at, a.alert_id)),
            period=(local(scoring.first_post_at), local(scoring.last_post_at)),
            k=scoring.phone.k,
            window_min=scoring.phone.window_min,
            social=scoring.social,
            params={
                "radius_km": NEAR_KM,
                "before_min": BEFORE_START / timedelta(minutes=1),
                "after_min": AFTER_END / timedelta(minutes=1),
                "open_h": OPEN_ENDED / timedelta(hours=1),
                "min_period_h": MIN_PERIOD / timedelta(hours=1),
                "lookback_min": LOOKBACK / timedelta(minutes=1),
            },
        )
    )


def write_html(scoring: Scoring, path: Path, *, title: str = "storingsradar replay") -> None:
    """Write ``report.html``."""
    path.write_text(render_html(scoring, title=title), encoding="utf-8")
