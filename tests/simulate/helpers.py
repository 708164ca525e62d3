"""Readers of generated files for the simulate tests."""

import csv
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson


def posts(out: Path) -> list[dict[str, Any]]:
    """All posts of a scenario, in file order."""
    with (out / "posts.jsonl").open("rb") as f:
        return [orjson.loads(line) for line in f]


def rows(out: Path, name: str) -> list[dict[str, str]]:
    """Rows of a CSV file of a scenario."""
    with (out / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def ts(text: str) -> float:
    """Epoch seconds of an RFC 3339 time."""
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()
