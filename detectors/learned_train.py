"""``storingsradar train``: fit the learned classifier on the corpus's training split.

This module reads the corpus and runs the command; the fitting, and with it scikit-learn and
scipy, lives in ``detectors.learned_fit``, imported only when a model is trained (the CLI
imports this module, and the worker and replay must not pay for scikit-learn).
"""

import argparse
import hashlib
import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from detectors.exceptions import ModelError
from detectors.learned_artifact import ARTIFACT, FORMAT, save

CORPUS = Path(__file__).resolve().parent / "data" / "corpus" / "corpus.jsonl"
EVAL_SET = Path(__file__).resolve().parent / "data" / "eval" / "labelled_posts.jsonl"
#: Similarity at which a corpus post counts as a copy of an evaluation post and is left out.
NEAR = 0.8


class CorpusPost(BaseModel):
    """One labelled corpus post (see ``detectors/data/corpus/README.md``)."""

    model_config = ConfigDict(frozen=True)

    text: str
    label: Literal["stroom", "gas", "noise"]
    category: str
    origin: str
    family: str
    split: Literal["train", "test"]


def load_corpus(path: Path = CORPUS) -> list[CorpusPost]:
    """Every post of a corpus file."""
    if not path.is_file():
        msg = f"no corpus at {path}: run `python tools/build_corpus.py`"
        raise ModelError(msg)
    lines = path.read_text(encoding="utf-8").splitlines()
    return [CorpusPost.model_validate_json(line) for line in lines if line]


def corpus_version(path: Path = CORPUS) -> str:
    """The model version a corpus file gives: format and a hash of the corpus bytes."""
    return f"learned-{FORMAT}-{hashlib.sha256(path.read_bytes()).hexdigest()[:10]}"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``train`` options."""
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="labelled corpus, JSON Lines")
    parser.add_argument("--out", type=Path, default=ARTIFACT, help="where to write the model")


def run(args: argparse.Namespace) -> int:
    """The ``train`` command."""
    from detectors.learned_fit import train  # noqa: PLC0415 - scikit-learn only when training

    posts = load_corpus(args.corpus)
    model = train(posts, corpus_version(args.corpus))
    save(model.weights(), args.out)
    counts = {s: sum(p.split == s for p in posts) for s in ("train", "test")}
    summary = {
        "version": model.version,
        "train_posts": counts["train"],
        "held_out_posts": counts["test"],
        "char_ngrams": len(model.char.vocabulary_),
        "words": len(model.word.vocabulary_),
        "temperature": model.temperature,
        "artifact": str(args.out),
        "bytes": args.out.stat().st_size,
    }
    print(json.dumps(summary, indent=1))
    return 0
