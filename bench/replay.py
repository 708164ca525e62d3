"""Replay throughput and memory: ``python -m bench.replay``.

Prints, for a 2-day and a 14-day simulated scenario of the same seed: replay throughput on one
core, a bare ``json.loads`` pass over the same file (the floor), their ratio, and the peak RSS
of the replay process, which must not grow with the number of days. Each measurement runs in a
fresh process pinned to one CPU. Then a 14-day keyword-filtered stream, where half the posts
reach the model: on one core, and with worker processes classifying ahead (``--workers``) on
every CPU. Last, the classifier plus geotagger on one core (``bench.annotate``).
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

SEED = 2027  # not a development seed (those are 1-9)
TARGET_POSTS_PER_S = 50_000
ANNOTATE_TARGET = 30_000


def _pin() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def _floor(posts: Path) -> dict[str, float]:
    started = time.perf_counter()
    n = 0
    with posts.open("rb") as fh:
        for line in fh:
            post = json.loads(line)
            _ = post["text"]
            n += 1
    seconds = time.perf_counter() - started
    return {"posts": n, "posts_per_second": n / seconds}


def _replay(scenario: Path, out: Path, workers: int = 0) -> dict[str, float]:
    import dataclasses  # noqa: PLC0415

    from replay import ReplayConfig, replay  # noqa: PLC0415 - imported in the measured child

    config = dataclasses.replace(ReplayConfig.from_scenario(scenario, out), workers=workers)
    started = time.perf_counter()
    outcome = replay(config)
    total = time.perf_counter() - started
    report = outcome.scoring.report
    three = [b for b in report.by_reports or [] if b.min_authors == 3]
    return {
        "posts": report.summary.posts,
        "posts_per_second": report.summary.posts_per_second,
        "total_seconds": total,
        "recall_3": three[0].recall if three else float("nan"),
        "false_alarms_per_day": report.summary.false_alarms_per_day,
        "median_lead_time_s": report.summary.median_lead_time_s or float("nan"),
    }


def _child(kind: str, scenario: Path, out: Path) -> None:
    if kind == "ahead":  # every CPU: the replay's pass on one, workers classifying on the rest
        from replay._run import default_workers  # noqa: PLC0415

        workers = default_workers()
        result = _replay(scenario, out, workers)
        result["workers"] = workers
        result["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(result))
        return
    _pin()
    if kind == "annotate":
        from bench.annotate import measure  # noqa: PLC0415 - imported in the measured child

        result = measure(scenario)
    else:
        result = _floor(scenario / "posts.jsonl") if kind == "floor" else _replay(scenario, out)
    result["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def _measure(kind: str, scenario: Path, out: Path) -> dict[str, float]:
    cmd = [sys.executable, "-m", "bench.replay", "--child", kind, str(scenario), str(out)]
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _scenario(root: Path, days: int, *, filtered: bool = False) -> Path:
    out = root / f"seed{SEED}-days{days}{'-filtered' if filtered else ''}"
    if not (out / "scenario.json").is_file():
        import simulate  # noqa: PLC0415

        print(f"simulating {days} days (seed {SEED}) into {out} …", flush=True)
        from simulate import _calibration as cal  # noqa: PLC0415

        config = (
            simulate.ScenarioConfig(
                seed=SEED,
                days=days,
                posts_per_day=cal.FILTERED_POSTS_PER_DAY,
                confuser_share=cal.FILTERED_CONFUSER_SHARE,
            )
            if filtered
            else simulate.ScenarioConfig(seed=SEED, days=days)
        )
        simulate.generate(config, out)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--root", type=Path, default=Path("out/bench"))
    parser.add_argument("--child", nargs=3, metavar=("KIND", "SCENARIO", "OUT"))
    args = parser.parse_args()
    if args.child:
        kind, scenario, out = args.child
        _child(kind, Path(scenario), Path(out))
        return 0

    rows = []
    for days in (2, 14):
        scenario = _scenario(args.root, days)
        floor = _measure("floor", scenario, args.root / "floor")
        rep = _measure("replay", scenario, args.root / f"replay-{days}")
        rows.append((days, floor, rep))
    long_filtered = _scenario(args.root, 14, filtered=True)
    one_core = _measure("replay", long_filtered, args.root / "replay-14-filtered")
    ahead = _measure("ahead", long_filtered, args.root / "replay-14-filtered-ahead")
    judged = _measure("annotate", _scenario(args.root, 2), args.root / "annotate")
    filtered = _measure("annotate", _scenario(args.root, 2, filtered=True), args.root / "annotate")

    print(f"\nreplay benchmark, seed {SEED}, one core each ({os.cpu_count()} on this machine)")
    head = (
        f"{'days':>4} {'posts':>10} {'replay posts/s':>15} {'json.loads posts/s':>19} "
        f"{'ratio':>6} {'replay peak RSS':>16} {'whole run s':>12}"
    )
    print(head)
    print("-" * len(head))
    for days, floor, rep in rows:
        print(
            f"{days:>4} {int(rep['posts']):>10,} {rep['posts_per_second']:>15,.0f} "
            f"{floor['posts_per_second']:>19,.0f} "
            f"{rep['posts_per_second'] / floor['posts_per_second']:>6.2f} "
            f"{rep['max_rss_mb']:>13.0f} MB {rep['total_seconds']:>12.1f}"
        )
    (_, _, small), (_, _, big) = rows
    met = "met" if big["posts_per_second"] >= TARGET_POSTS_PER_S else "NOT met"
    print(
        f"\nthroughput on 14 days: {big['posts_per_second']:,.0f} posts/s "
        f"(target >= {TARGET_POSTS_PER_S:,}: {met})"
    )
    print(
        f"keyword-filtered stream, 14 days ({int(one_core['posts']):,} posts, half of them "
        f"confusers): {one_core['posts_per_second']:,.0f} posts/s on one core, "
        f"{ahead['posts_per_second']:,.0f} posts/s with {int(ahead['workers'])} worker(s) "
        f"classifying ahead (target >= {TARGET_POSTS_PER_S:,}: "
        f"{'met' if ahead['posts_per_second'] >= TARGET_POSTS_PER_S else 'NOT met'})"
    )
    met = "met" if judged["every_post_posts_per_second"] >= ANNOTATE_TARGET else "NOT met"
    print(
        f"classifier + geotagger on 2 days, one core, batches of 10,000: "
        f"{judged['stage_one_posts_per_second']:,.0f} posts/s as stage one (geotag complaints), "
        f"{judged['every_post_posts_per_second']:,.0f} posts/s geotagging every post "
        f"(target >= {ANNOTATE_TARGET:,}: {met})"
    )
    met = "met" if filtered["every_post_posts_per_second"] >= ANNOTATE_TARGET else "NOT met"
    print(
        f"the same on the keyword-filtered stream (2 days, half confusers past the prefilter): "
        f"{filtered['stage_one_posts_per_second']:,.0f} posts/s as stage one, "
        f"{filtered['every_post_posts_per_second']:,.0f} posts/s geotagging every post "
        f"(target >= {ANNOTATE_TARGET:,}: {met})"
    )
    growth = big["max_rss_mb"] - small["max_rss_mb"]
    print(
        f"peak RSS 2 -> 14 days: {small['max_rss_mb']:.0f} -> {big['max_rss_mb']:.0f} MB "
        f"({growth:+.0f} MB for 7x the posts)"
    )
    print(
        f"detection on 14 days: recall (>= 3 authors) {big['recall_3']:.0%}, "
        f"median lead {big['median_lead_time_s'] / 60:.1f} min, "
        f"{big['false_alarms_per_day']:.2f} false alarms/day"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
