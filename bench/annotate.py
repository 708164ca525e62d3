"""Classifier plus geotagger throughput on one core: ``python -m bench.annotate SCENARIO``.

The posts are parsed first (not measured), then judged in batches of 10,000 two ways: as stage
one does (``Annotator.annotate``: classify every post, geotag the complaints) and as
``storingsradar annotate`` does (classify and geotag every post). Target: 30,000 posts/s.
"""

import argparse
import json
import sys
import time
from pathlib import Path

import geo
from detectors import Annotator, LearnedClassifier
from replay.annotate import BATCH
from schemas import ErrorLog, Post, iter_posts

TARGET_POSTS_PER_S = 30_000


def _geotag_all(classifier: LearnedClassifier, gazetteer: geo.Gazetteer, posts: list[Post]) -> None:
    # As ``annotate`` does: the batch's texts classified first, then geotagged (one model's
    # tables hot in the CPU caches at a time, not both in turn).
    classifier.classify_batch([post.text for post in posts])
    for post in posts:
        coords = post.coordinates
        gazetteer.geotag(
            post.text,
            coordinates=(coords.lat, coords.lon) if coords is not None else None,
            place=post.place,
            author_location=post.author_location,
            year=post.created_at.year,
        )


def measure(scenario: Path) -> dict[str, float]:
    """Posts per second of both ways over a scenario's posts."""
    posts = list(iter_posts(scenario / "posts.jsonl", ErrorLog(strict=True)))
    gazetteer = geo.Gazetteer.load()
    result: dict[str, float] = {"posts": len(posts)}
    # a fresh classifier each way, so neither profits from the other's cache
    annotator = Annotator(LearnedClassifier.load(), gazetteer)
    started = time.perf_counter()
    for i in range(0, len(posts), BATCH):
        for post in posts[i : i + BATCH]:
            annotator.annotate(post)
    result["stage_one_posts_per_second"] = len(posts) / (time.perf_counter() - started)
    classifier = LearnedClassifier.load()
    started = time.perf_counter()
    for i in range(0, len(posts), BATCH):
        _geotag_all(classifier, gazetteer, posts[i : i + BATCH])
    result["every_post_posts_per_second"] = len(posts) / (time.perf_counter() - started)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("scenario", type=Path)
    args = parser.parse_args()
    print(json.dumps(measure(args.scenario)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
