"""``storingsradar worker``: run the Faust worker until stopped (SIGINT/SIGTERM)."""

import argparse

import faust

from stream.app import create_app
from stream.exceptions import LiveConfigError
from stream.settings import LiveSettings, add_live_arguments
from stream.topics import Topics, ensure_topics


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``worker`` options: the live settings and a log level."""
    add_live_arguments(parser)
    parser.add_argument(
        "--loglevel", default="warning", choices=["debug", "info", "warning", "error"]
    )


def run(args: argparse.Namespace) -> int:
    """Create the topics if missing, then run the worker in the foreground."""
    settings = LiveSettings.from_args(args)
    topics = Topics(settings.topic_prefix)
    found = ensure_topics(settings).partitions
    # Stage two waits for a watermark from every posts partition: the count must be right.
    for name in (topics.posts, topics.complaints):
        if found.get(name, settings.partitions) != settings.partitions:
            msg = (
                f"topic {name} has {found[name]} partitions but --partitions is "
                f"{settings.partitions}: give the topic's count, or use a new --topic-prefix"
            )
            raise LiveConfigError(msg)
    app = create_app(settings)
    worker = faust.Worker(app, loglevel=args.loglevel.upper(), quiet=True)
    worker.execute_from_commandline()
    return 0
