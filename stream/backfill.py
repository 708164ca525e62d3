"""The worker's metrics for a past period, from a replay's output.

``python -m stream.backfill --replay OUT --posts posts.jsonl --metrics FILE`` writes the
Prometheus text exposition of the same metrics a live worker exports (:mod:`stream.metrics`)
as they stand at the end of the replayed period: posts by source and outcome, alert events by
status and utility, alerts still open, and detection latency. In a replay the wall clock says
nothing about the past, so detection latency is taken in event time (``detected_at`` minus
``first_post_at``): the live figure also includes the wait for the allowed lateness and the
worker's own delay. Use it to compare periods (e.g. with ``promtool`` or a Pushgateway); it is
not a time series.
"""

import argparse
import sys
from pathlib import Path

import orjson

from schemas import AlertEvent
from stream.exceptions import LiveError
from stream.metrics import WorkerMetrics


def replay_metrics(replay_out: Path, posts: Path) -> WorkerMetrics:
    """The metrics of a replay whose outputs are in ``replay_out`` and whose input was ``posts``."""
    metrics = WorkerMetrics()
    try:
        complaints = {
            orjson.loads(line)["post_id"]
            for line in (replay_out / "complaints.jsonl").read_bytes().splitlines()
            if line.strip()
        }
        counts: dict[tuple[str, str], int] = {}
        bad = 0
        with posts.open("rb") as fh:
            for line in fh:
                try:
                    post = orjson.loads(line)
                    key = (
                        str(post["source"]),
                        "complaint" if post["id"] in complaints else "noise",
                    )
                except (orjson.JSONDecodeError, KeyError, TypeError):
                    bad += 1
                    continue
                counts[key] = counts.get(key, 0) + 1
        metrics.count_posts(counts)
        metrics.posts.labels("unknown", "dead_letter").inc(bad)
        for line in (replay_out / "alerts.jsonl").read_bytes().splitlines():
            event = AlertEvent.model_validate_json(line)
            latency = (event.detected_at - event.first_post_at).total_seconds()
            metrics.alert(event, latency_s=latency)
    except OSError as exc:
        msg = f"cannot read the replay's files: {exc}"
        raise LiveError(msg) from None
    metrics.up.set(0)
    return metrics


def main(argv: list[str] | None = None) -> int:
    """Write the metrics file."""
    parser = argparse.ArgumentParser(prog="python -m stream.backfill", description=__doc__)
    parser.add_argument("--replay", type=Path, required=True, help="the replay's --out directory")
    parser.add_argument("--posts", type=Path, required=True, help="the posts file it replayed")
    parser.add_argument("--metrics", type=Path, required=True, help="file to write")
    args = parser.parse_args(argv)
    args.metrics.write_bytes(replay_metrics(args.replay, args.posts).render())
    print(f"metrics: {args.metrics}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
