"""Learning the baseline of normal chatter from a replay's complaints (``complaints.jsonl``).

Counts distinct complaint authors per region and hour, capped at ``cap`` per region-hour so an
outage in the history (ten people in one hour) does not teach the detector that ten is normal
there; spreads each region's count over its PC4s; and takes the national time-of-week shape.
Short histories are shrunk towards national means (see ``detectors.baseline``). Complaints that
name no place give, the same capped way, the nationwide rate of placeless complaints per utility.
"""

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import orjson

from detectors.baseline import WEEK_HOURS, Baseline, week_hour

#: Distinct authors per region and hour that count as chatter; more is taken as an outage.
CAP = 2
#: Likewise for placeless complaints per utility and hour, nationwide.
UNLOCATED_CAP = 2
#: Pseudo-counts of the national mean given to each region's rate, and to an even PC4 spread.
REGION_PRIOR = 1.0
SHARE_PRIOR = 1.0
#: Pseudo-hours of the hour-of-day profile given to each hour of the week.
PROFILE_PRIOR = 2.0
#: No hour of the week is taken to be quieter than this share of the mean.
PROFILE_FLOOR = 0.2


@dataclass(frozen=True, slots=True)
class Row:
    """What the baseline needs of one complaint."""

    ts: float
    author: str
    region: str
    pc4s: tuple[str, ...]
    utility: str = "stroom"
    #: the grid operator the complaint tags, if any (``detectors.operators``)
    operator: str | None = None


def read_rows(path: Path) -> list[Row]:
    """Original complaints (no reposts, no "it is back" posts) from complaints.jsonl; those
    that name no place have no PC4s."""
    rows = []
    with path.open("rb") as f:
        for line in f:
            c = orjson.loads(line)
            if c.get("repost") or c.get("restored"):
                continue
            ts = datetime.fromisoformat(c["created_at"]).timestamp()
            rows.append(
                Row(
                    ts,
                    c["author"],
                    c["region"],
                    tuple(c["pc4s"]),
                    c["utility"],
                    c.get("operator"),
                )
            )
    return rows


def learn_baseline(
    rows: Iterable[Row], regions: dict[str, int], first_ts: float, last_ts: float
) -> Baseline:
    """The baseline of ``rows`` over the history ``[first_ts, last_ts]``.

    ``regions``: number of PC4s per region (CBS gemeente code), all regions of the country.

    >>> rows = [Row(3600.0 * h, f"a{h}", "GM1", ("1000",)) for h in range(0, 48, 4)]
    >>> b = learn_baseline(rows, {"GM1": 4, "GM2": 2}, 0.0, 48 * 3600.0)
    >>> round(b.region_rate["GM1"], 3), round(b.default_rate, 4), round(b.pc4_share["1000"], 3)
    (0.232, 0.0179, 0.942)
    """
    hours = max(1.0, (last_ts - first_ts) / 3600.0)
    per_hour: dict[tuple[str, int], dict[str, tuple[str, ...]]] = {}
    placeless: dict[tuple[str, int], set[str]] = {}
    for r in rows:
        if r.pc4s and r.region:
            per_hour.setdefault((r.region, int(r.ts // 3600)), {})[r.author] = r.pc4s
        elif not r.pc4s:
            placeless.setdefault((r.utility, int(r.ts // 3600)), set()).add(r.author)
            if r.operator:
                # tagged ones also apart: they back reports in one operator's area only
                key = f"{r.utility}@{r.operator}"
                placeless.setdefault((key, int(r.ts // 3600)), set()).add(r.author)
    unlocated: dict[str, float] = {}
    for (utility, _), who in placeless.items():
        unlocated[utility] = unlocated.get(utility, 0.0) + min(len(who), UNLOCATED_CAP)
    counts: dict[str, float] = {}
    pc4w: dict[str, float] = {}
    slots = [0.0] * WEEK_HOURS
    for (region, hour), authors in per_hour.items():
        kept = min(len(authors), CAP)
        counts[region] = counts.get(region, 0.0) + kept
        slots[week_hour(hour * 3600.0)] += kept
        w = kept / len(authors)
        for pc4s in authors.values():
            for p in pc4s:
                pc4w[p] = pc4w.get(p, 0.0) + w / len(pc4s)
    total = sum(counts.values())
    n_regions = max(1, len(regions))
    mean = max(total, REGION_PRIOR) / hours / n_regions  # per region and hour, nationwide
    denom = hours + REGION_PRIOR / mean
    rate = {g: (c + REGION_PRIOR) / denom for g, c in counts.items()}
    unseen = {
        g: SHARE_PRIOR / n / (counts.get(g, 0.0) + SHARE_PRIOR) for g, n in regions.items() if n
    }
    share = {}
    # Each PC4's share of its own region: the region of a PC4 is where its complaints fell.
    region_of: dict[str, str] = {}
    for (region, _), authors in per_hour.items():
        for pc4s in authors.values():
            for p in pc4s:
                region_of.setdefault(p, region)
    for p, w in pc4w.items():
        g = region_of[p]
        n = max(1, regions.get(g, 1))
        share[p] = (w + SHARE_PRIOR / n) / (counts[g] + SHARE_PRIOR)
    sizes = sorted(n for n in regions.values() if n) or [20]
    return Baseline(
        hours=round(hours, 3),
        region_rate=rate,
        default_rate=REGION_PRIOR / denom,
        pc4_share=share,
        unseen_share=unseen,
        default_share=1.0 / sizes[len(sizes) // 2],
        profile=_profile(slots, first_ts, last_ts),
        # one pseudo-author per utility: a short history without any is not proof of none
        unlocated_rate={u: (c + 1.0) / hours for u, c in sorted(unlocated.items())},
        default_unlocated_rate=1.0 / hours,
    )


def _profile(slots: list[float], first_ts: float, last_ts: float) -> tuple[float, ...]:
    """The time-of-week shape, mean 1: each hour of the week shrunk to its hour of the day."""
    seen = [0.0] * WEEK_HOURS
    t = math.floor(first_ts / 3600.0) * 3600.0
    while t <= last_ts:
        seen[week_hour(t)] += 1.0
        t += 3600.0
    by_hour = [0.0] * 24
    by_hour_seen = [0.0] * 24
    for s in range(WEEK_HOURS):
        by_hour[s % 24] += slots[s]
        by_hour_seen[s % 24] += seen[s]
    day = [by_hour[h] / by_hour_seen[h] if by_hour_seen[h] else 0.0 for h in range(24)]
    raw = [
        (slots[s] + PROFILE_PRIOR * day[s % 24]) / (seen[s] + PROFILE_PRIOR)
        for s in range(WEEK_HOURS)
    ]
    mean = sum(raw) / WEEK_HOURS
    if mean <= 0:
        return ()
    return tuple(round(max(PROFILE_FLOOR, x / mean), 4) for x in raw)


def region_sizes(pc4s: Iterable[str], region_of: Callable[[str], str]) -> dict[str, int]:
    """PC4s per region over the whole country."""
    sizes: dict[str, int] = {}
    for p in pc4s:
        g = region_of(p)
        sizes[g] = sizes.get(g, 0) + 1
    return sizes
