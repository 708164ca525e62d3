"""The ``storingsradar`` command: one subcommand per job."""

import argparse
import sys
from collections.abc import Sequence

import ingest
import replay
import simulate
from detectors import learned_train
from replay import annotate, evaluate, tune
from storingsradar.exceptions import StoringsradarError
from stream import follow, produce, worker
from stream.web import cli as outage_map

#: Each command: its name, one line of help, and the module with ``add_arguments`` and ``run``.
COMMANDS = (
    ("simulate", "write a realistic scenario: posts, calls, incidents", simulate),
    ("replay", "replay posts through the detector and score against calls", replay),
    ("tune", "sweep detector settings on history; write the chosen settings file", tune),
    ("annotate", "one JSON line per post: label, confidence, PC4s, cue", annotate),
    ("evaluate", "classifier and geotagger scores on a labelled set", evaluate),
    ("train", "rebuild the learned classifier from its corpus", learned_train),
    ("worker", "run a live worker: posts topic in, alert topics out", worker),
    ("produce", "send a posts file to the posts topic, paced or at once", produce),
    ("alerts", "print alert events from the alerts topic (--follow)", follow),
    ("map", "serve the live outage map (alerts topic, or --alerts FILE)", outage_map),
    ("ingest", "read a source (x, mastodon, bluesky, file) into the posts topic", ingest),
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="storingsradar",
        description="Detect Dutch power and gas outages from social media posts.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, help_text, module in COMMANDS:
        p = sub.add_parser(name, help=help_text)
        module.add_arguments(p)
        p.set_defaults(run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    args = _parser().parse_args(argv)
    try:
        code: int = args.run(args)
    except StoringsradarError as exc:
        print(f"storingsradar: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return code


if __name__ == "__main__":
    sys.exit(main())
