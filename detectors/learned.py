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
from itertools import chain, compress, islice, pairwise
from operator import eq
from pathlib import Path

import numpy as np

from detectors._rule_prefilter import PREFILTER
from detectors.exceptions import ModelError
from detectors.learned_artifact import ARTIFACT, Array, Weights, load
from detectors.rules import NOISE, THRESHOLD, Classification, Label, RuleClassifier
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
        return [*tokens, *map(" ".join, pairwise(tokens))]

    return analyze


Row = tuple[float, float, float, float]  # idf, then the weight per class


def _rows(idf: Array, coef: Array) -> list[Row]:
    idfs, weights = idf.tolist(), coef.tolist()
    return [(idfs[j], w[0], w[1], w[2]) for j, w in enumerate(weights)]


def _add(
    z: tuple[float, float, float], counts: dict[int, int], rows: list[Row]
) -> tuple[float, float, float]:
    """z plus one TF-IDF block's logits (counts times idf, L2-normalised, times weights)."""
    norm = a = b = c = 0.0
    for j, n in counts.items():
        row = rows[j]
        v = n * row[0]
        norm += v * v
        a += v * row[1]
        b += v * row[2]
        c += v * row[3]
    if not norm:
        return z
    norm = math.sqrt(norm)
    return z[0] + a / norm, z[1] + b / norm, z[2] + c / norm


#: A text's char-block columns: one tuple per word (from the word cache).
CharColumns = tuple[tuple[int, ...], ...]
#: One word's columns, its un-normalised share of each class's logit, and its ``idf2`` sum.
WordGrams = tuple[tuple[int, ...], float, float, float, float]
#: The columns, the un-normalised char-block share of each class's logit, and the sum of
#: ``idf2`` over every column occurrence (the squared norm if no column occurred twice).
CharBlock = tuple[CharColumns, float, float, float, float]


def char_norm(columns: CharColumns, idf2: list[float], once: float | None = None) -> float:
    """The char-block L2 norm of one text: ``sqrt(sum(n * n * idf2[j]))`` over its distinct
    columns ``j``, ``n`` occurrences each; ``once`` is ``sum(idf2)`` over all occurrences.

    Most columns occur once, so the norm is ``once`` plus ``(n * n - n) * idf2[j]`` for the
    few that repeat. Sorting brings repeats together and one C-level pass picks them out, which
    is a third cheaper than counting every column in a ``Counter`` (the floats agree to the
    last place or so, not to the bit).

    >>> char_norm(((0, 1), (1,)), [4.0, 9.0]) == math.sqrt(4.0 + 2 * 2 * 9.0)
    True
    """
    flat = sorted(chain.from_iterable(columns))
    if once is None:
        once = sum(map(idf2.__getitem__, flat), 0.0)
    repeats = list(compress(flat, map(eq, flat, islice(flat, 1, None))))
    if not repeats:
        return math.sqrt(once)
    # A column seen n times is listed n - 1 times here; mostly n is 2.
    if len(set(repeats)) == len(repeats):
        return math.sqrt(once + 2.0 * sum(map(idf2.__getitem__, repeats), 0.0))
    extra = 0.0
    for j, more in Counter(repeats).items():
        extra += more * (more + 1) * idf2[j]
    return math.sqrt(once + extra)


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
        self._char_products = tuple([row[0] * row[k] for row in self._char_rows] for k in (1, 2, 3))
        self._grams_of: Callable[[str], WordGrams] = lru_cache(WORD_CACHE)(self._char_grams_of)
        self._stems = PREFILTER.find_matches_as_indexes
        self._verdicts: dict[str, Classification] = {}

    @classmethod
    def load(cls, path: Path = ARTIFACT) -> "LearnedClassifier":
        """The classifier of an artifact (default: the one shipped with the project)."""
        return cls(load(path))

    def _char_grams_of(self, word: str) -> WordGrams:
        """One word's in-vocabulary character n-gram columns (once per occurrence), their
        un-normalised share of each class's logit, and their ``idf2`` sum: the norm needs the
        whole post, the rest not."""
        found = map(self._char.get, _word_char_ngrams(word, self._low, self._high))
        # Sorted, so that a post's columns are sorted runs, which sort cheaply in char_norm.
        columns = tuple(sorted([j for j in found if j is not None]))
        # Each column's idf * weight, summed in C.
        pa, pb, pc = self._char_products
        return (
            columns,
            sum(map(pa.__getitem__, columns), 0.0),
            sum(map(pb.__getitem__, columns), 0.0),
            sum(map(pc.__getitem__, columns), 0.0),
            sum(map(self._char_idf2.__getitem__, columns), 0.0),
        )

    def logits(self, prepared: str, evidence: tuple[float, ...] | None = None) -> list[float]:
        """Temperature-scaled logits of one :func:`prepare`-d text, per class."""
        char = self._char_block(prepared)
        norm = 0.0 if char is None else char_norm(char[0], self._char_idf2, char[4])
        return self._finish(prepared, evidence, char, norm)

    def _char_block(self, prepared: str) -> CharBlock | None:
        """Each word's columns, and the post's un-normalised char-block logit shares."""
        words = prepared.split()
        if not words:
            return None
        # Transposed in C: the per-word cache entries become columns, then class shares.
        columns, wa, wb, wc, once = zip(*map(self._grams_of, words), strict=True)
        if not any(columns):
            return None
        return columns, sum(wa, 0.0), sum(wb, 0.0), sum(wc, 0.0), sum(once, 0.0)

    def _finish(
        self,
        prepared: str,
        evidence: tuple[float, ...] | None,
        char: CharBlock | None,
        norm: float,
    ) -> list[float]:
        """The logits from the char block and its norm, plus the word and evidence blocks, added
        in the one order every path uses (so batch and single give the same floats)."""
        z0, z1, z2 = self._intercept
        if char is not None:
            z0 += char[1] / norm
            z1 += char[2] / norm
            z2 += char[3] / norm
        vocab = self._word.get
        found = [j for j in map(vocab, self._analyze_words(prepared)) if j is not None]
        if found:
            z0, z1, z2 = _add((z0, z1, z2), Counter(found), self._word_rows)
        if evidence is None:
            evidence = self._rules.evidence(prepared)
        for e, w in zip(evidence, self._evidence, strict=True):
            if e:
                z0 += e * w[0]
                z1 += e * w[1]
                z2 += e * w[2]
        t = self._temperature
        return [z0 / t, z1 / t, z2 / t]

    def probabilities(self, texts: Sequence[str]) -> Array:
        """Class probabilities (columns in ``labels`` order) of every text, model only."""
        return softmax(np.array([self.logits(prepare(t)) for t in texts], dtype=np.float64))

    def classify(self, text: str) -> Classification:
        """The verdict on one post's text."""
        low = text.lower()
        if not self._stems(low):
            return NOISE
        verdict = self._verdicts.pop(low, None)
        if verdict is not None:
            self._verdicts[low] = verdict  # most recently used goes last, as in lru_cache
        else:
            prepared = normalise(low)
            evidence = self._rules.evidence(prepared)
            verdict = self._remember(low, self._decide(self.logits(prepared, evidence), evidence))
        return verdict

    def classify_batch(self, texts: Sequence[str]) -> list[Classification]:
        """:meth:`classify` of many texts, the same verdicts, about a fifth sooner: each step
        (prefilter, typo repair, rules, char block, words) runs over every text that needs it
        before the next, so its tables stay in the CPU caches."""
        out: list[Classification] = []
        todo: dict[str, list[int]] = {}
        stems, verdicts = self._stems, self._verdicts
        for i, text in enumerate(texts):
            low = text.lower()
            verdict = NOISE if not stems(low) else verdicts.pop(low, None)
            if verdict is not NOISE and verdict is not None:
                verdicts[low] = verdict  # most recently used goes last, as in lru_cache
            elif verdict is None:
                todo.setdefault(low, []).append(i)
                verdict = NOISE  # a placeholder until the model has scored it
            out.append(verdict)
        lows = list(todo)
        prepared = [normalise(low) for low in lows]
        evidence = [self._rules.evidence(p) for p in prepared]
        chars = [self._char_block(p) for p in prepared]
        idf2 = self._char_idf2
        norms = [0.0 if c is None else char_norm(c[0], idf2, c[4]) for c in chars]
        logits = map(self._finish, prepared, evidence, chars, norms)
        for low, z, e in zip(lows, logits, evidence, strict=True):
            verdict = self._remember(low, self._decide(z, e))
            for i in todo[low]:
                out[i] = verdict
        return out

    def _remember(self, low: str, verdict: Classification) -> Classification:
        verdicts = self._verdicts
        if len(verdicts) >= VERDICT_CACHE:
            del verdicts[next(iter(verdicts))]  # the least recently used
        verdicts[low] = verdict
        return verdict

    def _decide(self, z: list[float], evidence: tuple[float, ...]) -> Classification:
        """The verdict from the logits (and, for noise, whether the rules call it restored)."""
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
