"""A learned complaint classifier: TF-IDF over characters and words, plus the rules' evidence.

The model is a multinomial logistic regression over three blocks of features: character
2-5-grams within word boundaries (typos, compounds such as "stroomstoringg"), words and word
pairs, and which groups of :mod:`detectors.rules` fire (so the model learns how far to trust
each rule). Its probabilities are temperature-scaled. ``detectors.learned_train`` fits it with
scikit-learn and writes the plain weights this module scores with (``learned_artifact``).

Most posts never mention power or gas: the rules' Aho-Corasick prefilter sends those to
``noise`` before any feature is computed. The rest are scored in plain Python. Character
n-grams never cross a word, so each word's in-vocabulary n-grams are looked up once and cached
(words repeat far more than posts); only merging them, for the L2 norm, is per post.

>>> c = LearnedClassifier.load()
>>> c.classify("weer geen stroom in 6821").label
'stroom'
>>> c.classify("storing bij NS tussen Utrecht en Amersfoort").label
'noise'
"""

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

import numpy as np

from detectors.exceptions import ModelError
from detectors.learned_artifact import ARTIFACT, Array, Weights, load
from detectors.rules import NOISE, THRESHOLD, Classification, Label, RuleClassifier, has_stem
from detectors.spelling import normalise

#: Distinct post texts whose verdicts are kept (reposts and templated confusers repeat).
VERDICT_CACHE = 16_384
#: Distinct words whose character n-grams are kept (a few hundred bytes each); a 3-day
#: filtered stream holds about 9,000.
WORD_CACHE = 16_384


def prepare(text: str) -> str:
    """What every block of features reads: lowercased, with the rules' typo repair."""
    return normalise(text.lower())


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
        grams.extend(_word_char_ngrams(word, low, high))
    return grams


def _word_char_ngrams(word: str, low: int, high: int) -> list[str]:
    w = f" {word} "
    size = len(w)
    grams: list[str] = []
    for n in range(low, high + 1):
        if n >= size:  # a word shorter than n counts once, whole
            grams.append(w)
            break
        grams.extend([w[i : i + n] for i in range(size - n + 1)])
    return grams


def word_ngrams(pattern: re.Pattern[str]) -> Callable[[str], list[str]]:
    """sklearn's ``word`` analyzer for n-gram range (1, 2) and a token pattern."""

    def analyze(text: str) -> list[str]:
        tokens = pattern.findall(text.lower())
        return [*tokens, *(f"{a} {b}" for a, b in pairwise(tokens))]

    return analyze


Row = tuple[float, float, float, float]  # idf, then the weight per class


def _rows(idf: Array, coef: Array) -> list[Row]:
    idfs, weights = idf.tolist(), coef.tolist()
    return [(idfs[j], w[0], w[1], w[2]) for j, w in enumerate(weights)]


def _add(z: list[float], counts: dict[int, int], rows: list[Row]) -> None:
    """Add one TF-IDF block's logits (counts times idf, L2-normalised, times weights) to z."""
    norm = a = b = c = 0.0
    for j, n in counts.items():
        row = rows[j]
        v = n * row[0]
        norm += v * v
        a += v * row[1]
        b += v * row[2]
        c += v * row[3]
    if norm:
        norm = math.sqrt(norm)
        z[0] += a / norm
        z[1] += b / norm
        z[2] += c / norm


class LearnedClassifier:
    """The learned model behind the :class:`~detectors.base.Classifier` interface."""

    def __init__(self, weights: Weights) -> None:
        self.weights = weights
        self.version = weights.version
        self.labels: tuple[Label, ...] = weights.classes  # type: ignore[assignment]
        if len(self.labels) != 3 or set(self.labels) != {"stroom", "gas", "noise"}:
            msg = f"model classes are {self.labels}, expected stroom, gas and noise"
            raise ModelError(msg)
        self._noise = self.labels.index("noise")
        self._stroom, self._gas = self.labels.index("stroom"), self.labels.index("gas")
        n_char, n_word = len(weights.char_terms), len(weights.word_terms)
        coef = weights.coef
        # Indices, not rows, as keys: n-grams that always occur together have equal rows.
        self._char = {t: j for j, t in enumerate(weights.char_terms)}
        self._word = {t: j for j, t in enumerate(weights.word_terms)}
        self._char_rows = _rows(weights.char_idf, coef[:n_char])
        self._word_rows = _rows(weights.word_idf, coef[n_char : n_char + n_word])
        self._analyze_words = word_ngrams(re.compile(weights.word_pattern))
        self._evidence = [tuple(float(x) for x in row) for row in coef[n_char + n_word :]]
        self._intercept = [float(x) for x in weights.intercept]
        self._temperature = weights.temperature
        self._low, self._high = weights.char_range
        self._rules = RuleClassifier()
        self._char_idf2 = [row[0] * row[0] for row in self._char_rows]
        self._grams_of: Callable[[str], tuple[tuple[int, ...], float, float, float]] = lru_cache(
            WORD_CACHE
        )(self._char_grams_of)
        self._verdict: Callable[[str], Classification] = lru_cache(VERDICT_CACHE)(self._judge)

    @classmethod
    def load(cls, path: Path = ARTIFACT) -> "LearnedClassifier":
        """The classifier of an artifact (default: the one shipped with the project)."""
        return cls(load(path))

    def _char_grams_of(self, word: str) -> tuple[tuple[int, ...], float, float, float]:
        """One word's in-vocabulary character n-gram columns (once per occurrence), and their
        un-normalised share of each class's logit: the norm needs the whole post, the rest not."""
        char, rows = self._char, self._char_rows
        columns = tuple(
            j
            for g in _word_char_ngrams(word, self._low, self._high)
            if (j := char.get(g)) is not None
        )
        a = b = c = 0.0
        for j in columns:
            idf, wa, wb, wc = rows[j]
            a += idf * wa
            b += idf * wb
            c += idf * wc
        return columns, a, b, c

    def logits(self, prepared: str, evidence: tuple[float, ...] | None = None) -> list[float]:
        """Temperature-scaled logits of one :func:`prepare`-d text, per class."""
        z = list(self._intercept)
        columns: list[int] = []
        a = b = c = 0.0
        grams_of = self._grams_of
        for word in prepared.split():
            cols, wa, wb, wc = grams_of(word)
            columns += cols
            a += wa
            b += wb
            c += wc
        if columns:
            idf2 = self._char_idf2
            norm = math.sqrt(sum(n * n * idf2[j] for j, n in Counter(columns).items()))
            z[0] += a / norm
            z[1] += b / norm
            z[2] += c / norm
        vocab = self._word
        found = [vocab.get(g) for g in self._analyze_words(prepared)]
        _add(z, Counter(j for j in found if j is not None), self._word_rows)
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
        """Class probabilities (columns in ``labels`` order) of every text, model only."""
        return softmax(np.array([self.logits(prepare(t)) for t in texts], dtype=np.float64))

    def classify(self, text: str) -> Classification:
        """The verdict on one post's text."""
        low = text.lower()
        if not has_stem(low):
            return NOISE
        return self._verdict(low)

    def _judge(self, low: str) -> Classification:
        prepared = normalise(low)
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
