"""``storingsradar evaluate``: the classifier and the geotagger against labelled posts.

Two sets: the corpus's held-out test split (``detectors/data/corpus``, families that training
never saw) and the independent evaluation set ``detectors/data/eval/labelled_posts.jsonl``
(see its README; never used for training). For each it prints precision, recall and F1 per
class, the confusion matrix, outage-vs-noise F1, how often each confuser category is rightly
called noise, and the calibration of the confidence (expected calibration error). For the
evaluation set it adds geotag accuracy (a resolved PC4 in the true set) by category, and how
many posts without a location got one invented from their text.
"""

import argparse
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geo
from detectors import Classifier, LearnedClassifier, RuleClassifier
from detectors.learned_train import CORPUS, load_corpus
from replay.annotate import annotate_post
from schemas import Post

DEFAULT_SET = Path(__file__).resolve().parents[1] / "detectors" / "data" / "eval"
LABELS = ["stroom", "gas", "noise"]
#: Categories whose text names no place: a PC4 from their text would be invented.
NO_CUE = frozenset({"outage_no_location", "chatter"})
#: Noise categories that are not confusers (plain chatter says nothing about the classifier).
NOT_CONFUSERS = ("chatter",)
CALIBRATION_BINS = 10


@dataclass
class Scores:
    """Truth and verdicts over one labelled set."""

    truth: list[str] = field(default_factory=list)
    predicted: list[str] = field(default_factory=list)
    confidence: list[float] = field(default_factory=list)
    category: list[str] = field(default_factory=list)

    def add(self, truth: str, predicted: str, confidence: float, category: str) -> None:
        """One post's truth and verdict."""
        self.truth.append(truth)
        self.predicted.append(predicted)
        self.confidence.append(confidence)
        self.category.append(category)

    def outage_f1(self) -> float:
        """F1 of outage (stroom or gas) against noise."""
        pairs = list(zip(self.truth, self.predicted, strict=True))
        tp = sum(t != "noise" and p != "noise" for t, p in pairs)
        fp = sum(t == "noise" and p != "noise" for t, p in pairs)
        fn = sum(t != "noise" and p == "noise" for t, p in pairs)
        return 2 * tp / (2 * tp + fp + fn) if tp else 0.0

    def calibration_error(self) -> float:
        """Expected calibration error: confidence against accuracy, over equal-width bins."""
        bins: dict[int, list[tuple[float, bool]]] = {}
        for conf, t, p in zip(self.confidence, self.truth, self.predicted, strict=True):
            bins.setdefault(min(int(conf * CALIBRATION_BINS), CALIBRATION_BINS - 1), []).append(
                (conf, t == p)
            )
        n = len(self.truth)
        return sum(abs(sum(c for c, _ in b) - sum(ok for _, ok in b)) / n for b in bins.values())


@dataclass
class GeoScores:
    """Geotag counts over the evaluation set."""

    right: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)
    invented: int = 0
    without_location: int = 0


def score_corpus(classifier: Classifier, path: Path = CORPUS) -> Scores:
    """The classifier on the corpus's held-out test split."""
    scores = Scores()
    for post in load_corpus(path):
        if post.split == "test":
            v = classifier.classify(post.text)
            scores.add(post.label, v.label, v.confidence, post.category)
    return scores


def score_eval_set(rows: list[dict[str, Any]], classifier: Classifier) -> tuple[Scores, GeoScores]:
    """Classify and geotag every post of the labelled evaluation set."""
    gazetteer = geo.Gazetteer.load()
    scores, geo_scores = Scores(), GeoScores()
    for row in rows:
        a = annotate_post(Post.model_validate(row, strict=False), classifier, gazetteer)
        label, category, true = row["label"], row["category"], set(row["true_pc4s"])
        scores.add(label, a.label, a.confidence, category)
        if label != "noise" and true:
            geo_scores.total[category] += 1
            geo_scores.right[category] += bool(true & set(a.pc4))
        if category in NO_CUE:
            geo_scores.without_location += 1
            # A profile or place field is the author's, not an invention from the text.
            geo_scores.invented += bool(a.pc4) and a.cue not in ("profile", "place_field")
    return scores, geo_scores


def _confusion(s: Scores) -> list[list[int]]:
    """Counts of (truth, predicted) over :data:`LABELS`: rows truth, columns predicted."""
    pairs = Counter(zip(s.truth, s.predicted, strict=True))
    return [[pairs[t, p] for p in LABELS] for t in LABELS]


def _per_class(matrix: list[list[int]], i: int) -> tuple[float, float, float, int]:
    """Precision, recall, F1 and posts of class ``i`` (0 where undefined)."""
    tp = matrix[i][i]
    predicted, posts = sum(row[i] for row in matrix), sum(matrix[i])
    p = tp / predicted if predicted else 0.0
    r = tp / posts if posts else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0), posts


def report_classes(s: Scores) -> list[str]:
    """Per-class scores, confusion matrix, confusers and calibration."""
    matrix = _confusion(s)
    p, r, f, n = zip(*(_per_class(matrix, i) for i in range(len(LABELS))), strict=True)
    lines = [f"{'class':<8} {'precision':>9} {'recall':>7} {'F1':>6} {'posts':>6}"]
    lines += [
        f"{c:<8} {p[i]:>9.3f} {r[i]:>7.3f} {f[i]:>6.3f} {n[i]:>6}" for i, c in enumerate(LABELS)
    ]
    lines.append(f"\noutage (stroom or gas) vs noise: F1 {s.outage_f1():.3f}")
    lines.append(f"calibration: expected calibration error {s.calibration_error():.3f}")
    lines.append("\nconfusion (rows: truth, columns: predicted)")
    lines.append(" " * 8 + "".join(f"{c:>8}" for c in LABELS))
    lines += [
        f"{c:<8}" + "".join(f"{v:>8}" for v in row) for c, row in zip(LABELS, matrix, strict=True)
    ]
    right, total = Counter[str](), Counter[str]()
    for t, pr, cat in zip(s.truth, s.predicted, s.category, strict=True):
        if t == "noise" and not cat.startswith(NOT_CONFUSERS):
            total[cat] += 1
            right[cat] += pr == "noise"
    lines.append("\nconfusers called noise, by category (all are noise: the share kept out)")
    lines += [f"  {c:<22} {right[c]:>3}/{total[c]:<3}" for c in sorted(total)]
    kept = sum(right.values()) / max(1, sum(total.values()))
    lines.append(f"  {'all confusers':<22} {sum(right.values()):>3}/{sum(total.values()):<3} "
                 f"({kept:.1%})")  # fmt: skip
    return lines


def report_geo(g: GeoScores) -> list[str]:
    """Geotag accuracy by category."""
    lines = ["geotag: a resolved PC4 in the true set, by category"]
    lines += [f"  {c:<22} {g.right[c]:>3}/{g.total[c]:<3}" for c in sorted(g.total)]
    lines.append(f"\nPC4 invented from the text of posts that name no place: "
                 f"{g.invented}/{g.without_location}")  # fmt: skip
    return lines


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``evaluate`` options."""
    parser.add_argument(
        "--set", type=Path, default=DEFAULT_SET / "labelled_posts.jsonl",
        help="labelled posts, JSON Lines (default: the project's evaluation set)",
    )  # fmt: skip
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="corpus with the test split")
    parser.add_argument(
        "--classifier", choices=("learned", "rules"), default="learned",
        help="the learned model (default) or the rules alone, for comparison",
    )  # fmt: skip


def run(args: argparse.Namespace) -> int:
    """The ``evaluate`` command."""
    classifier: Classifier = (
        LearnedClassifier.load() if args.classifier == "learned" else RuleClassifier()
    )
    print(f"classifier {classifier.version}\n")
    held_out = score_corpus(classifier, args.corpus)
    print(f"== held-out test split: {len(held_out.truth)} posts from {args.corpus}\n")
    print("\n".join(report_classes(held_out)))
    rows = [json.loads(line) for line in args.set.read_text(encoding="utf-8").splitlines() if line]
    scores, geo_scores = score_eval_set(rows, classifier)
    print(f"\n== evaluation set: {len(rows)} labelled posts from {args.set}\n")
    print("\n".join(report_classes(scores)))
    print()
    print("\n".join(report_geo(geo_scores)))
    return 0
