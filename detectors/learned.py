"""A learned complaint classifier: TF-IDF over characters and words, plus the rules' evidence.

The model is a multinomial logistic regression (scikit-learn) over three blocks of features:
character 2-5-grams (typos, compounds such as "stroomstoringg"), words and word pairs, and
which groups of :mod:`detectors.rules` fire (so the model learns how far to trust each rule).
Its probabilities are temperature-scaled on out-of-fold predictions (``learned_train``).

Most posts never mention power or gas: the rules' Aho-Corasick prefilter sends those to
``noise`` before any feature is computed. The rest are scored by a small pure-Python path that
reads the fitted vectorizers' vocabularies, so one post costs tens of microseconds instead of
the sklearn pipeline's fixed cost per call; ``probabilities`` is the same model through
sklearn, batch-wise, and a test holds the two equal.

The artifact is a skops file loaded with an explicit list of trusted types: nothing is
unpickled, and a file holding any other type is refused.

>>> c = LearnedClassifier.load()
>>> c.classify("weer geen stroom in 6821").label
'stroom'
>>> c.classify("storing bij NS tussen Utrecht en Amersfoort").label
'noise'
"""

import copy
import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
import skops.io as sio
from numpy.typing import NDArray
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from detectors.exceptions import ModelError
from detectors.rules import (
    EVIDENCE,
    NOISE,
    THRESHOLD,
    Classification,
    Label,
    RuleClassifier,
    has_stem,
)
from detectors.spelling import normalise

ARTIFACT = Path(__file__).resolve().parent / "data" / "model" / "complaints.skops"
#: Bumped when the artifact's layout changes; a file of another format is refused.
FORMAT = 1
#: Every type the artifact may hold besides skops' defaults; anything else is refused.
TRUSTED = [
    "numpy.float64",
    "numpy.int64",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.feature_extraction.text.TfidfVectorizer",
    "sklearn.linear_model._logistic.LogisticRegression",
]

Array = NDArray[np.float64]


def prepare(text: str) -> str:
    """What every block of features reads: lowercased, with the rules' typo repair."""
    return normalise(text.lower())


@dataclass(frozen=True)
class Model:
    """The fitted parts; :func:`detectors.learned_train.train` makes one."""

    char: TfidfVectorizer
    word: TfidfVectorizer
    clf: LogisticRegression
    temperature: float
    version: str

    def features(self, prepared: Sequence[str]) -> sp.csr_matrix:
        """The model's input for some :func:`prepare`-d texts, as sklearn builds it."""
        rules = RuleClassifier()
        evidence = np.array([rules.evidence(t) for t in prepared], dtype=np.float64)
        blocks = [self.char.transform(prepared), self.word.transform(prepared), evidence]
        return sp.csr_matrix(sp.hstack(blocks, format="csr"))

    def to_dict(self) -> dict[str, Any]:
        """What the skops file holds."""
        return {
            "format": FORMAT,
            "version": self.version,
            "char": _without_vocabulary(self.char),
            "word": _without_vocabulary(self.word),
            "char_terms": _terms(self.char),
            "word_terms": _terms(self.word),
            "clf": self.clf,
            "temperature": self.temperature,
            "evidence": list(EVIDENCE),
        }


def _terms(vec: TfidfVectorizer) -> list[str]:
    """The vocabulary as a list in column order: skops stores a dict of numpy ints as one
    file per entry (20,000 files, seconds to load), a list of strings as one JSON array."""
    terms = [""] * len(vec.vocabulary_)
    for term, j in vec.vocabulary_.items():
        terms[j] = str(term)
    return terms


def _without_vocabulary(vec: TfidfVectorizer) -> TfidfVectorizer:
    bare = copy.copy(vec)
    del bare.vocabulary_
    return bare


def _with_vocabulary(vec: TfidfVectorizer, terms: list[str]) -> TfidfVectorizer:
    vec.vocabulary_ = {t: j for j, t in enumerate(terms)}
    return vec


def save(model: Model, path: Path) -> None:
    """Write the model as a skops file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    sio.dump(model.to_dict(), path, compression=8)


def load(path: Path = ARTIFACT) -> Model:
    """Read a model written by :func:`save`, trusting only :data:`TRUSTED` types."""
    if not path.is_file():
        msg = f"no classifier model at {path}: run `storingsradar train`"
        raise ModelError(msg)
    untrusted = sorted(set(sio.get_untrusted_types(file=path)) - set(TRUSTED))
    if untrusted:
        msg = f"{path} holds types this project does not trust: {', '.join(untrusted)}"
        raise ModelError(msg)
    data = sio.load(path, trusted=TRUSTED)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        msg = f"{path} is not a classifier model of format {FORMAT}: run `storingsradar train`"
        raise ModelError(msg)
    if data["evidence"] != list(EVIDENCE):
        msg = f"{path} was trained on other rule evidence: run `storingsradar train`"
        raise ModelError(msg)
    char = _with_vocabulary(data["char"], data["char_terms"])
    word = _with_vocabulary(data["word"], data["word_terms"])
    return Model(char, word, data["clf"], data["temperature"], data["version"])


def softmax(z: Array) -> Array:
    """Row-wise softmax, stable for large logits."""
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    out: Array = e / e.sum(axis=-1, keepdims=True)
    return out


def char_wb_ngrams(text: str, low: int = 2, high: int = 5) -> list[str]:
    """sklearn's ``char_wb`` n-grams of one text, built by slicing (the test holds them equal).

    >>> char_wb_ngrams("ab c", 2, 3)
    [' a', 'ab', 'b ', ' ab', 'ab ', ' c', 'c ', ' c ']
    """
    grams: list[str] = []
    for word in text.split():
        w = f" {word} "
        size = len(w)
        for n in range(low, high + 1):
            if n >= size:  # a word shorter than n counts once, whole
                grams.append(w)
                break
            grams.extend([w[i : i + n] for i in range(size - n + 1)])
    return grams


@dataclass(frozen=True)
class _Block:
    """One TF-IDF block reduced to what scoring needs: n-gram -> (idf, weight per class)."""

    analyze: Callable[[str], list[str]]
    terms: dict[str, tuple[float, float, float, float]]

    @classmethod
    def of(cls, vec: TfidfVectorizer, weights: Array) -> "_Block":
        if vec.analyzer == "char_wb":
            low, high = vec.ngram_range
            analyze: Callable[[str], list[str]] = partial(char_wb_ngrams, low=low, high=high)
        else:
            analyze = vec.build_analyzer()
        rows = weights.tolist()
        idf = vec.idf_.tolist()
        terms = {
            str(t): (idf[j], rows[j][0], rows[j][1], rows[j][2]) for t, j in vec.vocabulary_.items()
        }
        return cls(analyze, terms)

    def add_logits(self, prepared: str, z: list[float]) -> None:
        """Add this block's share of the logits (TF-IDF, L2-normalised, times weights) to z."""
        terms = self.terms
        norm = a = b = c = 0.0
        for gram, n in Counter(self.analyze(prepared)).items():
            term = terms.get(gram)
            if term is not None:
                v = n * term[0]
                norm += v * v
                a += v * term[1]
                b += v * term[2]
                c += v * term[3]
        if norm:
            norm = math.sqrt(norm)
            z[0] += a / norm
            z[1] += b / norm
            z[2] += c / norm


class LearnedClassifier:
    """The learned model behind the :class:`~detectors.base.Classifier` interface."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self.version = model.version
        self.labels: tuple[Label, ...] = tuple(str(c) for c in model.clf.classes_)  # type: ignore[misc]
        if set(self.labels) != {"stroom", "gas", "noise"}:
            msg = f"model classes are {self.labels}, expected stroom, gas and noise"
            raise ModelError(msg)
        self._noise = self.labels.index("noise")
        self._stroom, self._gas = self.labels.index("stroom"), self.labels.index("gas")
        coef = np.asarray(model.clf.coef_, dtype=np.float64).T  # (features, classes)
        n_char, n_word = len(model.char.vocabulary_), len(model.word.vocabulary_)
        self._char = _Block.of(model.char, coef[:n_char])
        self._word = _Block.of(model.word, coef[n_char : n_char + n_word])
        self._evidence = [tuple(float(x) for x in row) for row in coef[n_char + n_word :]]
        self._intercept = [float(x) for x in model.clf.intercept_]
        self._temperature = model.temperature
        self._rules = RuleClassifier()

    @classmethod
    def load(cls, path: Path = ARTIFACT) -> "LearnedClassifier":
        """The classifier of a skops artifact (default: the one shipped with the project)."""
        return cls(load(path))

    def logits(self, prepared: str, evidence: tuple[float, ...] | None = None) -> list[float]:
        """Temperature-scaled logits of one :func:`prepare`-d text, per class."""
        z = list(self._intercept)
        self._char.add_logits(prepared, z)
        self._word.add_logits(prepared, z)
        if evidence is None:
            evidence = self._rules.evidence(prepared)
        for e, w in zip(evidence, self._evidence, strict=True):
            if e:
                z[0] += e * w[0]
                z[1] += e * w[1]
                z[2] += e * w[2]
        t = self._temperature
        return [z[0] / t, z[1] / t, z[2] / t]

    def probabilities(self, texts: Sequence[str]) -> Array:
        """Class probabilities (columns in ``labels`` order) through sklearn, in one batch."""
        x = self.model.features([prepare(t) for t in texts])
        return softmax(self.model.clf.decision_function(x) / self.model.temperature)

    def classify(self, text: str) -> Classification:
        """The verdict on one post's text."""
        low = text.lower()
        if not has_stem(low):
            return NOISE
        return self._judge(normalise(low))

    @lru_cache(maxsize=8192)  # noqa: B019 - one model per process; reposts repeat texts
    def _judge(self, prepared: str) -> Classification:
        evidence = self._rules.evidence(prepared)
        z = self.logits(prepared, evidence)
        top = max(z)
        e = [math.exp(v - top) for v in z]
        total = sum(e)
        noise = e[self._noise] / total
        lean = self._stroom if e[self._stroom] >= e[self._gas] else self._gas
        # On the rules' scale (THRESHOLD = even odds), so the annotator's borderline rule holds.
        score = THRESHOLD + math.log(max(1.0 - noise, 1e-12) / max(noise, 1e-12))
        label: Label = self.labels[lean]
        if noise <= 0.5:
            return Classification(label, 1.0 - noise, score=score, lean=label)
        restored = self._rules.restored(evidence)
        return Classification("noise", noise, restored, score=score, lean=label)

    def classify_batch(self, texts: Sequence[str]) -> list[Classification]:
        """Verdicts on many texts; only those past the prefilter reach the model."""
        return [self.classify(t) for t in texts]
