"""The ``ingest`` command and its subcommands, one per source."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from collections.abc import Callable
from pathlib import Path

from ingest._credentials import Credentials, RedactingFilter
from ingest._metrics import SourceMetrics, serve_metrics
from ingest._sink import QUEUE_SIZE, KafkaSink
from ingest._source import Emitter, Source
from stream.settings import LiveSettings, add_live_arguments
from stream.topics import ensure_topics

log = logging.getLogger("ingest")

Factory = Callable[[argparse.Namespace, Credentials], Source]


def _x(args: argparse.Namespace, creds: Credentials) -> Source:
    from ingest._rules import TweepyRulesApi, load_x_rules, sync_rules  # noqa: PLC0415
    from ingest._x import XSource  # noqa: PLC0415

    token = creds.require("X_BEARER_TOKEN", "ingest x").get_secret_value()
    rules = load_x_rules(args.rules)
    if not args.no_sync_rules:
        sync_rules(TweepyRulesApi(token), rules)
    return XSource(token, backfill_minutes=args.backfill_minutes)


def _mastodon(args: argparse.Namespace, creds: Credentials) -> Source:
    from ingest._mastodon import MastodonSource, MastodonStream  # noqa: PLC0415
    from ingest._rules import Terms  # noqa: PLC0415

    token = creds.get("MASTODON_TOKEN")
    streams = [MastodonStream.hashtag(args.instance, tag) for tag in args.hashtag]
    if args.public:
        streams.append(MastodonStream.public(args.instance))
    return MastodonSource(
        streams,
        token=token.get_secret_value() if token else None,
        terms=Terms.load(args.terms),
    )


def _bluesky(args: argparse.Namespace, creds: Credentials) -> Source:
    from ingest._bluesky import BlueskySource  # noqa: PLC0415
    from ingest._rules import Terms  # noqa: PLC0415

    return BlueskySource(args.url, terms=Terms.load(args.terms), cursor=args.cursor)


def _file(args: argparse.Namespace, _creds: Credentials) -> Source:
    from ingest._file import FileSource  # noqa: PLC0415

    return FileSource(args.posts)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``ingest x|mastodon|bluesky|file`` with their flags."""
    from ingest._bluesky import JETSTREAM_URL  # noqa: PLC0415
    from ingest._rules import TERMS, X_RULES  # noqa: PLC0415

    sub = parser.add_subparsers(dest="source", required=True, metavar="SOURCE")

    def add(name: str, help_: str, factory: Factory) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_)
        p.set_defaults(make_source=factory)
        p.add_argument(
            "--metrics-port", type=int, default=None, help="serve Prometheus metrics on this port"
        )
        p.add_argument(
            "--credentials-file",
            type=Path,
            default=None,
            help="NAME=value lines outside the repository (after STORINGSRADAR_* variables)",
        )
        p.add_argument(
            "--queue-size",
            type=int,
            default=QUEUE_SIZE,
            help=f"posts buffered before the producer (default {QUEUE_SIZE})",
        )
        add_live_arguments(p, worker=False)
        return p

    x = add("x", "the X API v2 filtered stream (STORINGSRADAR_X_BEARER_TOKEN)", _x)
    x.add_argument("--rules", type=Path, default=X_RULES, help="filtered-stream rules (TOML)")
    x.add_argument("--no-sync-rules", action="store_true", help="use the rules active on X")
    x.add_argument(
        "--backfill-minutes", type=int, default=0, choices=range(6), help="Pro/Enterprise only"
    )

    m = add("mastodon", "hashtag and public streams of a Mastodon instance", _mastodon)
    m.add_argument("--instance", required=True, help="e.g. https://mastodon.nl")
    m.add_argument(
        "--hashtag",
        action="append",
        default=[],
        help="a hashtag stream (repeatable; default: stroomstoring, storing)",
    )
    m.add_argument("--public", action="store_true", help="also the public stream, filtered")
    m.add_argument("--terms", type=Path, default=TERMS, help="local keyword filter (TOML)")

    b = add("bluesky", "the Bluesky Jetstream, filtered locally", _bluesky)
    b.add_argument("--url", default=JETSTREAM_URL, help="Jetstream subscribe URL")
    b.add_argument("--terms", type=Path, default=TERMS, help="local keyword filter (TOML)")
    b.add_argument("--cursor", type=int, default=None, help="resume at this time_us")

    f = add("file", "a posts JSONL file, validated, into the posts topic", _file)
    f.add_argument("--posts", type=Path, required=True, help="posts.jsonl (CONTRACTS.md)")


def _configure_logging() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)


async def _serve(source: Source, emitter: Emitter) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await source.run(emitter, stop)


def run(args: argparse.Namespace) -> int:
    """Run one source until it ends (file) or is stopped (SIGINT/SIGTERM)."""
    _configure_logging()
    if args.source == "mastodon" and not args.hashtag:
        args.hashtag = ["stroomstoring", "storing"]
    creds = Credentials(file=args.credentials_file)
    settings = LiveSettings.from_args(args)
    source: Source = args.make_source(args, creds)
    metrics = SourceMetrics(source.name)
    ensure_topics(settings)
    if args.metrics_port:
        serve_metrics(args.metrics_port)
    sink = KafkaSink(settings, metrics, queue_size=args.queue_size)
    try:
        asyncio.run(_serve(source, Emitter(sink, metrics)))
    finally:
        sink.close()
        log.info("%s: %s", source.name, metrics.summary())
    return 1 if metrics.undelivered else 0
