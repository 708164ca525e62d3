"""Checks a written scenario against the published figures it is calibrated to.

This reads only the files (it is what CALIBRATION.md's "as generated" column comes from); it is
not a detector and uses the truth file, which no detector sees.
"""

import csv
import statistics
from bisect import bisect_left
from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

import orjson

from simulate import _calibration as cal


@dataclass(frozen=True, slots=True)
class CalibrationCheck:
    """Figures of one scenario to compare with CALIBRATION.md."""

    days: float
    power_per_day: float
    gas_per_day: float
    power_mean_duration_min: float
    gas_mean_duration_min: float
    power_mean_customers: float
    gas_mean_customers: float
    power_share_below_50: float
    incidents_with_3_authors: int
    phone_detected: int
    both_detected: int
    mean_lead_min: float | None  # phone detection minus the 3rd distinct posting author
    median_lead_min: float | None

    def to_json(self) -> dict[str, object]:
        """JSON-ready form."""
        return asdict(self)


def _ts(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def _mean(values: list[float] | list[int]) -> float:
    return statistics.fmean(values) if values else float("nan")


def _phone_detection(times: list[float]) -> float | None:
    # the k-th call within a w-minute window, as CONTRACTS.md defines the phone channel
    k, w = cal.PHONE_K, cal.PHONE_WINDOW_MIN * 60
    for i in range(k - 1, len(times)):
        if times[i] - times[i - k + 1] <= w:
            return times[i]
    return None


def _first_posts(out_dir: Path) -> dict[str, dict[str, float]]:
    """incident -> author -> time of that author's first complaint."""
    truth: dict[str, str] = {}
    with (out_dir / "truth.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["kind"] == "complaint":
                truth[row["post_id"]] = row["incident_id"]
    firsts: dict[str, dict[str, float]] = defaultdict(dict)
    with (out_dir / "posts.jsonl").open("rb") as lines:
        for line in lines:
            post = orjson.loads(line)
            incident_id = truth.get(post["id"])
            if incident_id is not None:
                at = _ts(post["created_at"])
                seen = firsts[incident_id]
                seen[post["author_id"]] = min(at, seen.get(post["author_id"], at))
    return firsts


def _calls_by_pc4(out_dir: Path) -> dict[str, list[float]]:
    calls: dict[str, list[float]] = defaultdict(list)
    with (out_dir / "calls.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            calls[row["postcode"][:4]].append(_ts(row["received_at"]))
    return calls


def check(out_dir: Path) -> CalibrationCheck:
    """Compute the calibration figures of the scenario in ``out_dir``."""
    out_dir = Path(out_dir)
    meta = orjson.loads((out_dir / "scenario.json").read_bytes())
    days = float(meta["config"]["days"])
    with (out_dir / "incidents.csv").open(encoding="utf-8", newline="") as f:
        incidents = list(csv.DictReader(f))
    firsts = _first_posts(out_dir)
    calls_by_pc4 = _calls_by_pc4(out_dir)
    leads: list[float] = []
    phone = with3 = 0
    for inc in incidents:
        start, end = _ts(inc["started_at"]), _ts(inc["ended_at"])
        times: list[float] = []
        for pc4 in inc["postcodes"].split():
            received = calls_by_pc4.get(pc4, [])
            for at in received[bisect_left(received, start - 300) :]:
                if at > end + 1800:
                    break
                times.append(at)
        times.sort()
        phone_at = _phone_detection(times)
        phone += phone_at is not None
        authors = sorted(firsts.get(inc["incident_id"], {}).values())
        social_at = authors[2] if len(authors) >= 3 else None
        with3 += social_at is not None
        if phone_at is not None and social_at is not None:
            leads.append((phone_at - social_at) / 60)
    power = [r for r in incidents if r["utility"] == "stroom"]
    gas = [r for r in incidents if r["utility"] == "gas"]

    def mean_minutes(rows: list[dict[str, str]]) -> float:
        return _mean([(_ts(r["ended_at"]) - _ts(r["started_at"])) / 60 for r in rows])

    return CalibrationCheck(
        days=days,
        power_per_day=len(power) / days,
        gas_per_day=len(gas) / days,
        power_mean_duration_min=mean_minutes(power),
        gas_mean_duration_min=mean_minutes(gas),
        power_mean_customers=_mean([int(r["customers"]) for r in power]),
        gas_mean_customers=_mean([int(r["customers"]) for r in gas]),
        power_share_below_50=_mean([float(int(r["customers"]) < 50) for r in power]),
        incidents_with_3_authors=with3,
        phone_detected=phone,
        both_detected=len(leads),
        mean_lead_min=statistics.fmean(leads) if leads else None,
        median_lead_min=statistics.median(leads) if leads else None,
    )
