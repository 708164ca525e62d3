"""The ``storingsradar`` command: one subcommand per job."""

import argparse
import importlib
import sys
from collections.abc import Sequence

from storingsradar.exceptions import StoringsradarError

#: Each command: its name, one line of help, and the module with ``add_arguments`` and ``run``.
#: Only the module of the command given is imported: an analyst's ``replay`` or ``evaluate``
#: does not wait for Faust, aiohttp and the Kafka clients to load (about 2 s).
COMMANDS = (
    ("simulate", "write a realistic scenario: posts, calls, incidents", "simulate"),
    ("replay", "replay posts through the detector and score against calls", "replay"),
    ("tune", "sweep detector settings on history; write the chosen settings file", "replay.tune"),
    ("annotate", "one JSON line per post: label, confidence, PC4s, cue", "replay.annotate"),
    ("evaluate", "classifier and geotagger scores on a labelled set", "replay.evaluate"),
    ("train", "rebuild the learned classifier from its corpus", "detectors.learned_train"),
    ("worker", "run a live worker: posts topic in, alert topics out", "stream.worker"),
    ("produce", "send a posts file to the posts topic, paced or at once", "stream.produce"),
    ("alerts", "print alert events from the alerts topic (--follow)", "stream.follow"),
    ("map", "serve the live outage map (alerts topic, or --alerts FILE)", "stream.web.cli"),
    ("ingest", "read a source (x, mastodon, bluesky, file) into the posts topic", "ingest"),
)


def _parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; ``command``'s subparser (every one's when ``None``) gets its arguments."""
    parser = argparse.ArgumentParser(
        prog="storingsradar",
        description="Detect Dutch power and gas outages from social media posts.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, help_text, path in COMMANDS:
        p = sub.add_parser(name, help=help_text)
        if command is None or name == command:
            module = importlib.import_module(path)
            module.add_arguments(p)
            p.set_defaults(run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    argv = sys.argv[1:] if argv is None else list(argv)
    names = {name for name, _, _ in COMMANDS}
    command = next((a for a in argv if not a.startswith("-")), None)
    args = _parser(command if command in names else None).parse_args(argv)
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
