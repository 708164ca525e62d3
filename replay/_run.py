"""``storingsradar replay``: posts through the core, scored against the call log.

Writes into ``--out``: ``alerts.jsonl`` (the alert events, as the alerts topic carries them),
``complaints.jsonl`` (what the core made of each complaint), ``report.json`` and
``report.html``; prints a summary table.
"""

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

import geo
from detectors import Annotator, RuleClassifier, SystemClock, ThresholdConfig, ThresholdDetector
from replay._calls import CallIndex, detect_by_calls
from replay._drive import DriveResult, drive, stderr_progress
from replay._html import write_html
from replay._incidents import REPORT_KINDS, derive_incidents, read_complaints, read_truth
from replay._scoring import Scoring, quality_of, score, write_report
from replay._summary import print_summary
from replay.exceptions import ReplayError
from schemas import ErrorLog, iter_calls, iter_incidents

SCENARIO_FILES = {
    "posts": "posts.jsonl",
    "calls": "calls.csv",
    "incidents": "incidents.csv",
    "truth": "truth.csv",
}


@dataclass(frozen=True, slots=True)
class ReplayConfig:
    """Inputs, outputs and settings of one replay."""

    posts: Path
    calls: Path
    out: Path
    incidents: Path | None = None
    truth: Path | None = None
    k: int = 3
    w_minutes: float = 15.0
    lateness_s: float = 180.0
    strict: bool = False
    detector: ThresholdConfig = field(default_factory=ThresholdConfig)

    @classmethod
    def from_scenario(cls, scenario: Path, out: Path) -> "ReplayConfig":
        """The files `storingsradar simulate` wrote into ``scenario`` (those that exist)."""
        found = {n: scenario / f for n, f in SCENARIO_FILES.items() if (scenario / f).is_file()}
        return cls(
            posts=scenario / "posts.jsonl",
            calls=scenario / "calls.csv",
            out=out,
            incidents=found.get("incidents"),
            truth=found.get("truth"),
        )


@dataclass(frozen=True, slots=True)
class ReplayOutcome:
    """What a replay produced."""

    scoring: Scoring
    drive: DriveResult
    errors: ErrorLog


def replay(config: ReplayConfig, *, progress: bool = False) -> ReplayOutcome:
    """Run one replay and write its files."""
    for name in ("posts", "calls", "incidents", "truth"):
        path = getattr(config, name)
        if path is not None and not path.is_file():
            msg = f"--{name} {path}: no such file"
            raise ReplayError(msg)
    config.out.mkdir(parents=True, exist_ok=True)
    errors = ErrorLog(strict=config.strict, echo=stderr_progress if progress else None)
    gazetteer = geo.Gazetteer.load()
    annotator = Annotator(RuleClassifier(), gazetteer)
    detector = ThresholdDetector(gazetteer, SystemClock(), config.detector)
    complaints_path = config.out / "complaints.jsonl"
    reports = None
    if config.truth is not None:
        reports = read_truth(config.truth, errors, kinds=REPORT_KINDS)
    with (
        (config.out / "alerts.jsonl").open("wb") as alerts_out,
        complaints_path.open("wb") as complaints_out,
    ):
        result = drive(
            config.posts,
            annotator,
            detector,
            errors,
            alerts_out=alerts_out,
            complaints_out=complaints_out,
            lateness_s=config.lateness_s,
            progress=stderr_progress if progress else None,
            truth=reports,
        )

    calls = list(iter_calls(config.calls, errors))
    if config.incidents is not None:
        incidents = list(iter_incidents(config.incidents, errors))
    else:
        incidents = derive_incidents(calls, gazetteer, k=config.k)
    phone = detect_by_calls(incidents, CallIndex(calls), k=config.k, window_min=config.w_minutes)
    truth = read_truth(config.truth, errors) if config.truth is not None else None
    social = read_complaints(
        complaints_path,
        incidents,
        gazetteer,
        errors,
        truth=truth,
        reporting_authors=result.reporting_authors if reports else None,
    )
    scoring = score(
        result.alerts,
        incidents,
        phone,
        gazetteer,
        posts=result.stats.posts,
        complaints=result.stats.complaints,
        first_post_at=result.first_post_at,
        last_post_at=result.last_post_at,
        posts_per_second=result.posts_per_second,
        social=social,
        quality=quality_of(errors, late_posts=result.stats.late),
    )
    write_report(scoring, config.out / "report.json")
    write_html(scoring, config.out / "report.html")
    return ReplayOutcome(scoring, result, errors)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``replay`` options."""
    src = parser.add_argument_group("inputs (CONTRACTS.md formats)")
    src.add_argument(
        "--scenario",
        type=Path,
        metavar="DIR",
        help="take posts.jsonl, calls.csv, incidents.csv and truth.csv from DIR "
        "(as `storingsradar simulate` writes them)",
    )
    src.add_argument("--posts", type=Path, help="posts, JSON Lines")
    src.add_argument("--calls", type=Path, help="call log, CSV")
    src.add_argument(
        "--incidents", type=Path, help="incident register, CSV (default: derived from the calls)"
    )
    src.add_argument(
        "--truth",
        type=Path,
        help="post_id,incident_id CSV: adds recall by number of reporting authors",
    )
    parser.add_argument("--out", type=Path, required=True, help="output directory")
    parser.add_argument("--k", type=int, default=3, help="calls that make phone detection")
    parser.add_argument("--w", type=float, default=15.0, help="minutes within which k calls")
    parser.add_argument(
        "--lateness",
        type=float,
        default=180.0,
        help="allowed lateness of posts, seconds (default %(default)s)",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="stop at the first malformed record instead of skipping it",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress lines")


def _config(args: argparse.Namespace) -> ReplayConfig:
    paths: dict[str, Path | None] = {n: getattr(args, n) for n in SCENARIO_FILES}
    if args.scenario is not None:
        for name, file in SCENARIO_FILES.items():
            candidate = args.scenario / file
            if paths[name] is None and candidate.is_file():
                paths[name] = candidate
    posts, calls = paths["posts"], paths["calls"]
    if posts is None or calls is None:
        msg = "give --posts and --calls, or --scenario DIR holding posts.jsonl and calls.csv"
        raise ReplayError(msg)
    return ReplayConfig(
        posts=posts,
        calls=calls,
        out=args.out,
        incidents=paths["incidents"],
        truth=paths["truth"],
        k=args.k,
        w_minutes=args.w,
        lateness_s=args.lateness,
        strict=args.strict,
    )


def run(args: argparse.Namespace) -> int:
    """The ``replay`` command."""
    config = _config(args)
    outcome = replay(config, progress=not args.quiet)
    print_summary(outcome.scoring.report, sys.stdout)
    print(f"\nreport: {(config.out / 'report.html').resolve()}")
    return 0
