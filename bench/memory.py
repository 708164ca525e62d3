"""Stage one's memory over a long stream: ``python -m bench.memory [--days 37]``.

Annotates every post of a long simulated scenario in one process, as stage one does (classify
every post, geotag the complaints), and prints the process's RSS every 400,000 posts. The
classifier's and geotagger's caches are capped in entries, so RSS rises while they fill and
then stays flat: the live soak's worker RSS grows over its first hour (3.6 M posts) for this
reason, and a leak would keep rising here.
"""

import argparse
import sys
import time
from pathlib import Path

import geo
from bench.live import _scenario
from detectors import Annotator, LearnedClassifier
from schemas import ErrorLog, iter_posts

EVERY = 400_000


def rss_mb() -> float:
    """This process's resident set size, MB."""
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--root", type=Path, default=Path("out/bench"))
    parser.add_argument("--days", type=int, default=37, help="simulated days (37: 3.7 M posts)")
    args = parser.parse_args()
    posts = _scenario(args.root, args.days)
    annotator = Annotator(LearnedClassifier.load(), geo.Gazetteer.load())
    print(f"stage one over {posts} (RSS every {EVERY:,} posts)")
    started, n = time.perf_counter(), 0
    for post in iter_posts(posts, ErrorLog()):
        annotator.annotate(post)
        n += 1
        if n % EVERY == 0:
            print(f"  {n:>10,} posts  {rss_mb():6.0f} MB  {time.perf_counter() - started:5.0f} s")
    print(f"  {n:>10,} posts  {rss_mb():6.0f} MB  (end)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
