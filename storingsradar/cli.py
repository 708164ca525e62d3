"""The ``storingsradar`` command: one subcommand per job."""

import argparse
import sys
from collections.abc import Sequence

import replay
import simulate
from storingsradar.exceptions import StoringsradarError
from stream import follow, produce, worker


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="storingsradar",
        description="Detect Dutch power and gas outages from social media posts.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("simulate", help="write a realistic scenario: posts, calls, incidents")
    simulate.add_arguments(p)
    p.set_defaults(run=simulate.run)

    p = sub.add_parser("replay", help="replay posts through the detector and score against calls")
    replay.add_arguments(p)
    p.set_defaults(run=replay.run)

    p = sub.add_parser("worker", help="run a live worker: posts topic in, alert topics out")
    worker.add_arguments(p)
    p.set_defaults(run=worker.run)

    p = sub.add_parser("produce", help="send a posts file to the posts topic, paced or at once")
    produce.add_arguments(p)
    p.set_defaults(run=produce.run)

    p = sub.add_parser("alerts", help="print alert events from the alerts topic (--follow)")
    follow.add_arguments(p)
    p.set_defaults(run=follow.run)
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
