"""``storingsradar replay``: posts through the core, scored against the call log.

Writes into ``--out``: ``alerts.jsonl`` (the alert events, as the alerts topic carries them),
``complaints.jsonl`` (what the core made of each complaint), ``baseline.json`` (the normal
chatter of this history, see ``detectors.baseline``), ``report.json`` and ``report.html``;
prints a summary table. ``--settings FILE`` (from ``storingsradar tune``) chooses the detector.
"""

import argparse
import os
import sys
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import geo
from detectors import Annotator, DetectorSettings, LearnedClassifier, SystemClock
from replay._ahead import AheadClassifier
from replay._baseline import learn_baseline, read_rows, region_sizes
from replay._calls import CallIndex, detect_by_calls
from replay._detection import detection_figures, read_alert_events
from replay._drive import DriveResult, drive, stderr_progress
from replay._html import write_html
from replay._incidents import REPORT_KINDS, derive_incidents, read_complaints, read_truth
from replay._scoring import Scoring, quality_of, score, write_report
from replay._summary import print_summary
from replay.exceptions import ReplayError
from schemas import ErrorLog, iter_calls, iter_incidents

#: More classifying processes than this wait on the replay's own pass.
MAX_WORKERS = 4

SCENARIO_FILES = {
    "posts": "posts.jsonl",
    "calls": "calls.csv",
    "incidents": "incidents.csv",
    "truth": "truth.csv",
    "ideal": "ideal_alerts.jsonl",
}


@dataclass(frozen=True, slots=True)
class ReplayConfig:
    """Inputs, outputs and settings of one replay."""

    posts: Path
    calls: Path
    out: Path
    incidents: Path | None = None
    truth: Path | None = None
    #: the simulator's ideal detector's alerts, scored side by side
    ideal: Path | None = None
    k: int = 3
    w_minutes: float = 15.0
    lateness_s: float = 180.0
    strict: bool = False
    settings: DetectorSettings = field(default_factory=DetectorSettings.default)
    settings_path: Path | None = None
    #: processes that classify posts ahead of the replay's pass (0: none, all in one process)
    workers: int = 0

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
            ideal=found.get("ideal"),
        )


@dataclass(frozen=True, slots=True)
class ReplayOutcome:
    """What a replay produced."""

    scoring: Scoring
    drive: DriveResult
    errors: ErrorLog
    #: report.json's keys beside the contract's (``detection``, ``detector``)
    extra: dict[str, Any] = field(default_factory=dict)


def replay(config: ReplayConfig, *, progress: bool = False) -> ReplayOutcome:
    """Run one replay and write its files."""
    for name in ("posts", "calls", "incidents", "truth", "ideal"):
        path = getattr(config, name)
        if path is not None and not path.is_file():
            msg = f"--{name} {path}: no such file"
            raise ReplayError(msg)
    config.out.mkdir(parents=True, exist_ok=True)
    errors = ErrorLog(strict=config.strict, echo=stderr_progress if progress else None)
    gazetteer = geo.Gazetteer.load()
    classifier = LearnedClassifier.load()
    annotator = Annotator(
        AheadClassifier(classifier) if config.workers > 0 else classifier, gazetteer
    )
    detector = config.settings.build(gazetteer, SystemClock())
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
            workers=config.workers,
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
    # The ideal detector's alerts are scored against the same incidents, calls and period.
    score_alerts = partial(
        score,
        incidents=incidents,
        phone=phone,
        locator=gazetteer,
        posts=result.stats.posts,
        complaints=result.stats.complaints,
        first_post_at=result.first_post_at,
        last_post_at=result.last_post_at,
    )
    scoring = score_alerts(
        result.alerts,
        posts_per_second=result.posts_per_second,
        social=social,
        quality=quality_of(errors, late_posts=result.stats.late),
    )
    if result.first_post_at is not None and result.last_post_at is not None:
        baseline = learn_baseline(
            read_rows(complaints_path),
            region_sizes(gazetteer.pc4s(), lambda p: gazetteer.info(p).gemeente_code),
            result.first_post_at.timestamp(),
            result.last_post_at.timestamp(),
        )
        (config.out / "baseline.json").write_text(baseline.model_dump_json(), encoding="utf-8")
    ideal = None
    if config.ideal is not None:
        ideal = score_alerts(read_alert_events(config.ideal), posts_per_second=0.0)
    extra: dict[str, Any] = {
        "detector": {
            "name": detector.name,
            "settings": None if config.settings_path is None else str(config.settings_path),
        }
    }
    if reports is not None:
        extra["detection"] = detection_figures(
            scoring, result.reporting_authors, result.third_report_at, ideal
        )
    write_report(scoring, config.out / "report.json", extra)
    write_html(scoring, config.out / "report.html")
    return ReplayOutcome(scoring, result, errors, extra)


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
    src.add_argument(
        "--ideal",
        type=Path,
        help="alerts of the simulator's ideal detector (ideal_alerts.jsonl), scored alongside",
    )
    parser.add_argument("--out", type=Path, required=True, help="output directory")
    parser.add_argument(
        "--settings",
        type=Path,
        metavar="FILE",
        help="detector settings and baseline, as `storingsradar tune` writes them "
        "(default: the fixed threshold detector)",
    )
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
    parser.add_argument(
        "--workers",
        type=int,
        default=default_workers(),
        help="processes that classify posts ahead of the replay's pass; the alerts are the "
        "same with any number (default: one per CPU, at most 4, none on one CPU; here "
        "%(default)s)",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress lines")


def default_workers() -> int:
    """One classifying process per CPU, at most :data:`MAX_WORKERS`; none on one CPU.

    As many workers as CPUs, not one fewer: the replay's own pass waits on them part of the
    time, and the system fills that (14-day filtered stream on 2 CPUs: 70,500-75,200 posts/s
    with 2 workers, 60,300-61,900 with 1; the normal stream 109,600 and 116,700).
    """
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return min(MAX_WORKERS, cpus or 1) if (cpus or 1) > 1 else 0


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
        ideal=paths["ideal"],
        k=args.k,
        w_minutes=args.w,
        lateness_s=args.lateness,
        strict=args.strict,
        settings=(
            DetectorSettings.default()
            if args.settings is None
            else DetectorSettings.load(args.settings)
        ),
        settings_path=args.settings,
        workers=args.workers,
    )


def run(args: argparse.Namespace) -> int:
    """The ``replay`` command."""
    config = _config(args)
    outcome = replay(config, progress=not args.quiet)
    print_summary(outcome.scoring.report, sys.stdout, detection=outcome.extra.get("detection"))
    print(f"\nreport: {(config.out / 'report.html').resolve()}")
    return 0
