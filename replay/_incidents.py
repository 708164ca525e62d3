"""Incidents when there is no register (derived from calls), and each incident's complaints."""

import csv
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from pydantic import ValidationError

from replay._calls import DEFAULT_K, NEAR_KM, IncidentLookup, Locator, NearIndex
from replay.exceptions import ReplayError
from schemas import CallRecord, Complaint, ErrorLog, IncidentRecord, Utility

#: Derived incidents: a silence longer than this between nearby calls starts a new incident.
CALL_GAP = timedelta(minutes=30)
#: Complaints this long before an incident's start still belong on its timeline (social media
#: is expected to be early; that is the point of the project).
LOOKBACK = timedelta(hours=1)
#: Complaint times kept per incident for the timeline strip (counts stay exact).
MAX_TIMELINE_COMPLAINTS = 200
#: Distinct authors remembered per incident; beyond this the count is a lower bound. Far above
#: any threshold the report uses, and it keeps memory flat on a flood of posts.
MAX_AUTHORS = 10_000
TRUTH_COLUMNS = ("post_id", "incident_id")
#: Truth kinds that are a customer's own report (the simulator also marks reposts, operator
#: replies, news and "power is back" posts, which are about an incident but report nothing).
REPORT_KINDS = frozenset({"complaint", "followup"})


@dataclass
class _Cluster:
    seq: int
    utility: Utility | None
    first: datetime
    last: datetime
    calls: int = 1
    pc4s: set[str] = field(default_factory=set)


def _compatible(a: Utility | None, b: Utility | None) -> bool:
    return a is None or b is None or a == b


def derive_incidents(
    calls: Iterable[CallRecord],
    locator: Locator,
    *,
    k: int = DEFAULT_K,
    radius_km: float = NEAR_KM,
    gap: timedelta = CALL_GAP,
) -> list[IncidentRecord]:
    """Incidents clustered from the call log, for when no incident register is given.

    Calls join a cluster when their PC4 is within ``radius_km`` of one of its PC4s (single
    linkage) and no more than ``gap`` has passed since its last call; a call that links several
    clusters merges those whose utilities agree. A call without a utility joins a nearby cluster
    of either utility (the nearest, then the most recently called), one with a utility never
    joins the other utility's. Clusters of at least ``k`` calls become incidents ``calls-0001``,
    … in order of their first call.

    ``started_at`` is the first call: the earliest the phone channel saw the outage, so it is a
    lower bound on phone awareness but later than the outage really began. Since alerts match
    from ``started_at`` − 5 min, social detections more than 5 min ahead of the first call count
    as false alarms here: lead times against derived incidents are understated.
    ``ended_at`` is the last call + ``gap``.
    """
    if k < 1:
        msg = f"k (calls needed for an incident) must be at least 1, got {k}"
        raise ReplayError(msg)
    ordered = sorted(calls, key=lambda c: (c.received_at, c.call_id))
    near = NearIndex({c.pc4 for c in ordered}, locator, radius_km)
    active: dict[int, _Cluster] = {}
    by_pc4: dict[str, dict[int, _Cluster]] = {}  # the open clusters holding each PC4
    done: list[_Cluster] = []
    swept: datetime | None = None

    def close(c: _Cluster) -> None:
        del active[c.seq]
        for q in c.pc4s:
            del by_pc4[q][c.seq]

    def absorb(target: _Cluster, pc4s: Iterable[str]) -> None:
        for q in pc4s:
            target.pc4s.add(q)
            by_pc4.setdefault(q, {})[target.seq] = target

    for n, call in enumerate(ordered):
        t, pc4 = call.received_at, call.pc4
        if swept is None or t - swept > gap:
            # Clusters silent for longer than the gap are final; sweeping once per gap keeps
            # the per-call work to the clusters around the call.
            for c in [c for c in active.values() if t - c.last > gap]:
                close(c)
                done.append(c)
            swept = t
        nearest: dict[int, tuple[float, _Cluster]] = {}
        for q, d in near.within(pc4):
            for seq, c in by_pc4.get(q, {}).items():
                usable = t - c.last <= gap and _compatible(c.utility, call.utility)
                if usable and (seq not in nearest or d < nearest[seq][0]):
                    nearest[seq] = (d, c)
        if not nearest:
            active[n] = _Cluster(n, call.utility, t, t)
            absorb(active[n], (pc4,))
            continue
        # Nearest first, then the most recently active, then the oldest cluster.
        candidates = sorted(
            nearest.values(), key=lambda x: (x[0], -x[1].last.timestamp(), x[1].seq)
        )
        target = candidates[0][1]
        target.utility = target.utility or call.utility
        for _, other in candidates[1:]:
            if _compatible(target.utility, other.utility):
                close(other)
                target.utility = target.utility or other.utility
                target.first = min(target.first, other.first)
                target.calls += other.calls
                absorb(target, other.pc4s)
        target.calls += 1
        target.last = t
        absorb(target, (pc4,))
    done.extend(active.values())
    kept = sorted((c for c in done if c.calls >= k), key=lambda c: (c.first, c.seq))
    return [
        IncidentRecord(
            incident_id=f"calls-{i:04d}",
            started_at=c.first,
            ended_at=c.last + gap,
            utility=c.utility,
            postcodes=tuple(sorted(c.pc4s)),
        )
        for i, c in enumerate(kept, start=1)
    ]


@dataclass(frozen=True, slots=True)
class SocialTimeline:
    """One incident as social media showed it."""

    complaints: int
    #: Distinct authors of first-hand reports (no reposts, no "power is back" posts).
    authors: int
    #: (created_at, restored) of its complaints, thinned evenly, in time order.
    marks: tuple[tuple[datetime, bool], ...]


@dataclass(frozen=True, slots=True)
class SocialEvidence:
    """What the complaints file says about every incident."""

    complaints: int
    #: True when complaints were assigned through the simulator's truth file, False when by
    #: place and time (then they are "complaints nearby", not necessarily about the incident).
    by_truth: bool
    by_incident: Mapping[str, SocialTimeline]


class _Thinned:
    """An even sample of a stream: every ``stride``-th item, stride doubling when full."""

    def __init__(self, cap: int) -> None:
        self.cap, self.stride, self.seen = cap, 1, 0
        self.items: list[tuple[datetime, bool]] = []

    def add(self, item: tuple[datetime, bool]) -> None:
        if self.seen % self.stride == 0:
            self.items.append(item)
            if len(self.items) > self.cap:
                self.items = self.items[::2]
                self.stride *= 2
        self.seen += 1


@dataclass
class _Tally:
    complaints: int = 0
    authors: set[str] = field(default_factory=set)
    marks: _Thinned = field(default_factory=lambda: _Thinned(MAX_TIMELINE_COMPLAINTS))

    def add(self, c: Complaint) -> None:
        self.complaints += 1
        self.marks.add((c.created_at, c.restored))
        if not (c.repost or c.restored) and len(self.authors) < MAX_AUTHORS:
            self.authors.add(c.author)


def read_truth(
    path: Path, errors: ErrorLog, *, kinds: frozenset[str] | None = None
) -> dict[str, str]:
    """The simulator's ``truth.csv``: which incident each generated post is about.

    With ``kinds``, only rows whose optional ``kind`` column is one of them (a file without
    that column keeps every row).
    """
    truth: dict[str, str] = {}
    ids: dict[str, str] = {}  # one string object per incident id, however many posts name it
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in TRUTH_COLUMNS if c not in (reader.fieldnames or ())]
        if missing:
            msg = f"{path}: header lacks {', '.join(missing)}; expected {','.join(TRUTH_COLUMNS)}"
            raise ReplayError(msg)
        for row in reader:
            post_id = (row.get("post_id") or "").strip()
            incident_id = (row.get("incident_id") or "").strip()
            if not post_id or not incident_id:
                empty = "post_id" if not post_id else "incident_id"
                errors.report(str(path), reader.line_num, empty, "empty")
                continue
            kind = (row.get("kind") or "").strip()
            if kinds is not None and kind and kind not in kinds:
                continue
            truth[post_id] = ids.setdefault(incident_id, incident_id)
    return truth


def iter_complaints(path: Path, errors: ErrorLog) -> Iterator[Complaint]:
    """Stream ``complaints.jsonl``, reporting lines that are not a ``Complaint``."""
    name = str(path)
    with path.open("rb") as fh:
        for n, raw in enumerate(fh, start=1):
            if raw.isspace():
                continue
            try:
                yield Complaint.model_validate_json(raw)
            except ValidationError as exc:
                errors.report_validation(name, n, exc)


def read_complaints(
    path: Path,
    incidents: Sequence[IncidentRecord],
    locator: Locator,
    errors: ErrorLog,
    *,
    truth: Mapping[str, str] | None = None,
    reporting_authors: Mapping[str, int] | None = None,
    lookback: timedelta = LOOKBACK,
) -> SocialEvidence:
    """Each incident's complaints from ``complaints.jsonl``, streamed in constant memory.

    With ``truth`` a complaint belongs to the incident its post was generated for. Without it,
    to every incident whose span (from ``lookback`` before its start to 30 min after its end)
    holds the complaint's time and one of whose PC4s is within 3 km of one of the complaint's.
    ``reporting_authors`` (counted from the posts and the truth, whatever the classifier made
    of them) replaces the authors counted from the complaints, so that a classifier's misses
    cannot shrink the set of incidents it is judged on.
    """
    tallies = {inc.incident_id: _Tally() for inc in incidents}
    lookup = None if truth is not None else IncidentLookup(incidents, locator, before=lookback)
    total = 0
    for c in iter_complaints(path, errors):
        total += 1
        if lookup is None:
            tally = tallies.get((truth or {}).get(c.post_id, ""))
            if tally is not None:
                tally.add(c)
        else:
            for inc in lookup.at(c.pc4s, c.created_at):
                tallies[inc.incident_id].add(c)
    return SocialEvidence(
        complaints=total,
        by_truth=truth is not None,
        by_incident={
            iid: SocialTimeline(
                t.complaints,
                len(t.authors) if reporting_authors is None else reporting_authors.get(iid, 0),
                tuple(sorted(t.marks.items)),
            )
            for iid, t in tallies.items()
        },
    )
