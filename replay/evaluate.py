"""``storingsradar evaluate``: the classifier and the geotagger against a labelled set.

The default set is ``detectors/data/eval/labelled_posts.jsonl`` (see its README): posts with a
``label`` (stroom, gas, noise), the ``true_pc4s`` they are about and a ``category``. It prints
precision, recall and F1 per class, the confusion matrix, outage-vs-noise F1, how often each
confuser category is rightly called noise, and geotag accuracy (a resolved PC4 in the true set)
by category, plus how many posts without a location got one invented from their text.
"""

import argparse
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

import geo
from detectors import RuleClassifier
from replay.annotate import annotate_post
from schemas import Post

DEFAULT_SET = Path(__file__).resolve().parents[1] / "detectors" / "data" / "eval"
LABELS = ["stroom", "gas", "noise"]
#: Categories whose text names no place: a PC4 from their text would be invented.
NO_CUE = frozenset({"outage_no_location", "chatter"})


@dataclass
class Evaluation:
    """Counts from one pass over a labelled set."""

    truth: list[str] = field(default_factory=list)
    predicted: list[str] = field(default_factory=list)
    noise_right: Counter[str] = field(default_factory=Counter)
    noise_total: Counter[str] = field(default_factory=Counter)
    geo_right: Counter[str] = field(default_factory=Counter)
    geo_total: Counter[str] = field(default_factory=Counter)
    invented: int = 0
    without_location: int = 0

    def outage_f1(self) -> float:
        """F1 of outage (stroom or gas) against noise."""
        pairs = list(zip(self.truth, self.predicted, strict=True))
        tp = sum(t != "noise" and p != "noise" for t, p in pairs)
        fp = sum(t == "noise" and p != "noise" for t, p in pairs)
        fn = sum(t != "noise" and p == "noise" for t, p in pairs)
        return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def evaluate(rows: list[dict[str, Any]]) -> Evaluation:
    """Classify and geotag every labelled post."""
    classifier, gazetteer = RuleClassifier(), geo.Gazetteer.load()
    ev = Evaluation()
    for row in rows:
        a = annotate_post(Post.model_validate(row, strict=False), classifier, gazetteer)
        label, category, true = row["label"], row["category"], set(row["true_pc4s"])
        ev.truth.append(label)
        ev.predicted.append(a.label)
        if label == "noise" and not category.startswith("chatter"):
            ev.noise_total[category] += 1
            ev.noise_right[category] += a.label == "noise"
        if label != "noise" and true:
            ev.geo_total[category] += 1
            ev.geo_right[category] += bool(true & set(a.pc4))
        if category in NO_CUE:
            ev.without_location += 1
            # A profile or place field is the author's, not an invention from the text.
            ev.invented += bool(a.pc4) and a.cue not in ("profile", "place_field")
    return ev


def report(ev: Evaluation) -> str:
    """The printed report."""
    p, r, f, n = precision_recall_fscore_support(
        ev.truth, ev.predicted, labels=LABELS, zero_division=0
    )
    lines = [f"{'class':<8} {'precision':>9} {'recall':>7} {'F1':>6} {'posts':>6}"]
    lines += [
        f"{c:<8} {p[i]:>9.3f} {r[i]:>7.3f} {f[i]:>6.3f} {n[i]:>6}" for i, c in enumerate(LABELS)
    ]
    lines.append(f"\noutage (stroom or gas) vs noise: F1 {ev.outage_f1():.3f}")
    matrix = confusion_matrix(ev.truth, ev.predicted, labels=LABELS)
    lines.append("\nconfusion (rows: truth, columns: predicted)")
    lines.append(" " * 8 + "".join(f"{c:>8}" for c in LABELS))
    lines += [
        f"{c:<8}" + "".join(f"{v:>8}" for v in row) for c, row in zip(LABELS, matrix, strict=True)
    ]
    lines.append("\nconfusers called noise, by category")
    lines += [f"  {c:<22} {ev.noise_right[c]:>3}/{ev.noise_total[c]:<3}"
              for c in sorted(ev.noise_total)]  # fmt: skip
    lines.append("\ngeotag: a resolved PC4 in the true set, by category")
    lines += [f"  {c:<22} {ev.geo_right[c]:>3}/{ev.geo_total[c]:<3}" for c in sorted(ev.geo_total)]
    lines.append(f"\nPC4 invented from the text of posts that name no place: "
                 f"{ev.invented}/{ev.without_location}")  # fmt: skip
    return "\n".join(lines)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``evaluate`` options."""
    parser.add_argument(
        "--set", type=Path, default=DEFAULT_SET / "labelled_posts.jsonl",
        help="labelled posts, JSON Lines (default: the project's evaluation set)",
    )  # fmt: skip


def run(args: argparse.Namespace) -> int:
    """The ``evaluate`` command."""
    rows = [json.loads(line) for line in args.set.read_text(encoding="utf-8").splitlines() if line]
    print(f"{len(rows)} labelled posts from {args.set}\n")
    print(report(evaluate(rows)))
    return 0
