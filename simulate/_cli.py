"""Command-line glue: ``storingsradar simulate --seed S --days D --out DIR``."""

import argparse
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from simulate import _calibration as cal
from simulate._config import DEFAULT_START, ScenarioConfig
from simulate._writer import generate
from simulate.exceptions import ConfigError


def _start(value: str) -> datetime:
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        msg = f"--start must be an ISO date or RFC 3339 time, got {value!r}"
        raise argparse.ArgumentTypeError(msg) from exc
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``simulate`` options to a (sub)parser."""
    parser.add_argument(
        "--seed",
        type=int,
        required=True,
        help="random seed; dev seeds are 1-9, reported figures use >= 1000",
    )
    parser.add_argument("--days", type=int, required=True, help="scenario length in days")
    parser.add_argument("--out", type=Path, required=True, help="output directory")
    parser.add_argument(
        "--posts-per-day",
        type=int,
        default=cal.DEFAULT_POSTS_PER_DAY,
        help="nationwide background posts a day (default %(default)s)",
    )
    parser.add_argument(
        "--filtered",
        action="store_true",
        help="a keyword-filtered stream, as X's filtered stream delivers it: "
        f"{cal.FILTERED_POSTS_PER_DAY:,} background posts a day (about "
        f"{cal.FILTERED_POSTS_PER_DAY / 86_400:.2f}/s), "
        f"{cal.FILTERED_CONFUSER_SHARE * 100:.0f}%% of them confusers (train, telecom, phone "
        "batteries, outages elsewhere); overrides --posts-per-day",
    )
    parser.add_argument(
        "--start",
        type=_start,
        default=DEFAULT_START,
        help="scenario start, RFC 3339 (default 2025-03-03T00:00:00Z)",
    )
    parser.add_argument(
        "--max-lateness",
        type=int,
        default=cal.MAX_LATENESS_S,
        help="latest a post is delivered after its created_at, in seconds",
    )


def run(args: argparse.Namespace) -> int:
    """Generate the scenario the parsed options describe; print a one-line summary."""
    try:
        config = ScenarioConfig(
            seed=args.seed,
            days=args.days,
            start=args.start,
            posts_per_day=cal.FILTERED_POSTS_PER_DAY if args.filtered else args.posts_per_day,
            confuser_share=cal.FILTERED_CONFUSER_SHARE if args.filtered else cal.CONFUSER_SHARE,
            max_lateness_s=args.max_lateness,
        )
    except ConfigError as exc:
        print(f"storingsradar simulate: {exc}", file=sys.stderr)
        return 2
    began = time.perf_counter()  # wall time for the operator only; never written to files
    summary = generate(config, args.out)
    took = time.perf_counter() - began
    print(
        f"wrote {summary.posts} posts ({summary.complaints} complaints), "
        f"{summary.incidents} incidents ({summary.incidents_with_3_authors} with >= 3 "
        f"posting authors), {summary.calls} calls to {args.out} in {took:.1f} s"
    )
    return 0
