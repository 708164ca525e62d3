"""``storingsradar train``: fit the learned classifier on the corpus's training split.

Deterministic: the corpus (``detectors/data/corpus/corpus.jsonl``, built by
``tools/build_corpus.py``) is read in file order, the vectorizers and the lbfgs solver have no
randomness, and the folds that fit the temperature are grouped by family in a fixed order. The
test split is never read here. The model's version names the corpus by a hash of its bytes.
"""

import argparse
import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from detectors.exceptions import ModelError
from detectors.learned import ARTIFACT, FORMAT, Array, Model, prepare, save, softmax

CORPUS = Path(__file__).resolve().parent / "data" / "corpus" / "corpus.jsonl"
EVAL_SET = Path(__file__).resolve().parent / "data" / "eval" / "labelled_posts.jsonl"
#: Similarity at which a corpus post counts as a copy of an evaluation post and is left out.
NEAR = 0.8
#: Inverse regularisation strength of the logistic regression.
C = 10.0
#: Temperatures tried when calibrating; the one with the least out-of-fold log loss wins.
TEMPERATURES = np.round(np.arange(0.3, 3.01, 0.05), 2)


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


def near_duplicates(texts: Sequence[str], others: Sequence[str]) -> list[float]:
    """For each text, its greatest similarity to any of ``others`` (cosine of character
    3-gram TF-IDF, after :func:`prepare`): 1.0 is the same post, >= :data:`NEAR` a reworded
    copy ("zitten met kaarsjes" / "zitten hier met kaarsjes")."""
    a, b = [prepare(t) for t in texts], [prepare(t) for t in others]
    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 3)).fit([*a, *b])
    sims = vec.transform(a) @ vec.transform(b).T
    return [float(x) for x in sims.max(axis=1).toarray().ravel()]


def corpus_version(path: Path = CORPUS) -> str:
    """The model version a corpus file gives: format and a hash of the corpus bytes."""
    return f"learned-{FORMAT}-{hashlib.sha256(path.read_bytes()).hexdigest()[:10]}"


def _vectorizers() -> tuple[TfidfVectorizer, TfidfVectorizer]:
    char = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(2, 5), min_df=2, max_features=40_000, dtype=np.float64
    )
    word = TfidfVectorizer(
        analyzer="word",
        ngram_range=(1, 2),
        min_df=2,
        max_features=10_000,
        token_pattern=r"(?u)#?\b\w+\b",
        dtype=np.float64,
    )
    return char, word


def _classifier() -> LogisticRegression:
    return LogisticRegression(C=C, max_iter=5000, class_weight="balanced")


def _temperature(logits: Array, y: Sequence[str], classes: Sequence[str]) -> float:
    """The temperature that minimises the log loss of out-of-fold logits."""
    idx = np.array([classes.index(label) for label in y])
    losses = [
        -float(np.mean(np.log(softmax(logits / t)[np.arange(len(y)), idx] + 1e-12)))
        for t in TEMPERATURES
    ]
    return float(TEMPERATURES[int(np.argmin(losses))])


def train(posts: list[CorpusPost], version: str) -> Model:
    """Fit vectorizers and classifier on the ``train`` posts, and calibrate a temperature."""
    rows = [p for p in posts if p.split == "train"]
    texts, y = [prepare(p.text) for p in rows], [p.label for p in rows]
    char, word = _vectorizers()
    char.fit(texts)
    word.fit(texts)
    # Only for introspection, and as large as the vocabulary itself.
    char.stop_words_ = word.stop_words_ = None
    model = Model(char, word, _classifier(), 1.0, version)
    x = model.features(texts)
    classes = sorted(set(y))
    oof = np.zeros((len(y), len(classes)))
    groups = [p.family for p in rows]
    for fit_idx, test_idx in GroupKFold(n_splits=5).split(x, y, groups):
        fold = _classifier().fit(x[fit_idx], [y[i] for i in fit_idx])
        oof[test_idx] = fold.decision_function(x[test_idx])
    model.clf.fit(x, y)
    return Model(char, word, model.clf, _temperature(oof, y, classes), version)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``train`` options."""
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="labelled corpus, JSON Lines")
    parser.add_argument("--out", type=Path, default=ARTIFACT, help="where to write the model")


def run(args: argparse.Namespace) -> int:
    """The ``train`` command."""
    posts = load_corpus(args.corpus)
    model = train(posts, corpus_version(args.corpus))
    save(model, args.out)
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
