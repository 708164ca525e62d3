"""Fitting the learned classifier with scikit-learn (``storingsradar train``).

Deterministic: the corpus (``detectors/data/corpus/corpus.jsonl``, built by
``tools/build_corpus.py``) is read in file order, the vectorizers and the lbfgs solver have no
randomness, and the folds that fit the temperature are grouped by family in a fixed order. The
test split is never read here. The fitted model is written as plain weights
(``detectors.learned_artifact``); this is the only module of the package that imports
scikit-learn and scipy.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from detectors.exceptions import ModelError
from detectors.learned import prepare, softmax
from detectors.learned_artifact import Array, Weights
from detectors.learned_train import CorpusPost
from detectors.rules import RuleClassifier

#: Inverse regularisation strength of the logistic regression.
C = 10.0
#: Temperatures tried when calibrating; the one with the least out-of-fold log loss wins.
TEMPERATURES = np.round(np.arange(0.3, 3.01, 0.05), 2)


def near_duplicates(texts: Sequence[str], others: Sequence[str]) -> list[float]:
    """For each text, its greatest similarity to any of ``others`` (cosine of character
    3-gram TF-IDF, after :func:`prepare`): 1.0 is the same post, >= ``learned_train.NEAR`` a
    reworded copy ("zitten met kaarsjes" / "zitten hier met kaarsjes")."""
    a, b = [prepare(t) for t in texts], [prepare(t) for t in others]
    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 3)).fit([*a, *b])
    sims = vec.transform(a) @ vec.transform(b).T
    return [float(x) for x in sims.max(axis=1).toarray().ravel()]


@dataclass(frozen=True)
class Model:
    """The fitted scikit-learn parts; :meth:`weights` is what ships."""

    char: TfidfVectorizer
    word: TfidfVectorizer
    clf: LogisticRegression
    temperature: float
    version: str

    def features(self, prepared: Sequence[str]) -> sp.csr_matrix:
        """The model's input for some :func:`prepare`-d texts."""
        rules = RuleClassifier()
        evidence = np.array([rules.evidence(t) for t in prepared], dtype=np.float64)
        blocks = [self.char.transform(prepared), self.word.transform(prepared), evidence]
        return sp.csr_matrix(sp.hstack(blocks, format="csr"))

    def probabilities(self, texts: Sequence[str]) -> Array:
        """Class probabilities through scikit-learn (columns in ``clf.classes_`` order)."""
        x = self.features([prepare(t) for t in texts])
        return softmax(self.clf.decision_function(x) / self.temperature)

    def weights(self) -> Weights:
        """The plain arrays the classifier scores with."""
        if self.word.ngram_range != (1, 2) or self.char.analyzer != "char_wb":
            msg = "the classifier scores char_wb n-grams and word 1-2-grams only"
            raise ModelError(msg)
        low, high = self.char.ngram_range
        return Weights(
            version=self.version,
            classes=tuple(str(c) for c in self.clf.classes_),
            char_range=(int(low), int(high)),
            word_pattern=str(self.word.token_pattern),
            char_terms=_terms(self.char),
            char_idf=np.asarray(self.char.idf_, dtype=np.float64),
            word_terms=_terms(self.word),
            word_idf=np.asarray(self.word.idf_, dtype=np.float64),
            coef=np.asarray(self.clf.coef_, dtype=np.float64).T.copy(),
            intercept=np.asarray(self.clf.intercept_, dtype=np.float64),
            temperature=self.temperature,
        )


def _terms(vec: TfidfVectorizer) -> tuple[str, ...]:
    """The vocabulary in column order."""
    terms = [""] * len(vec.vocabulary_)
    for term, j in vec.vocabulary_.items():
        terms[j] = str(term)
    return tuple(terms)


#: Vocabulary caps (the most frequent n-grams and words are kept): replay speed and the
#: artifact's size grow with the vocabulary, and as the corpus grows new town names would
#: otherwise keep adding terms. Grouped cross-validation on the train split scored the same
#: with 15,000/5,000 as with 40,000/10,000.
CHAR_TERMS, WORD_TERMS = 20_000, 6_000


def _vectorizers() -> tuple[TfidfVectorizer, TfidfVectorizer]:
    char = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(2, 5),
        min_df=2,
        max_features=CHAR_TERMS,
        dtype=np.float64,
    )
    word = TfidfVectorizer(
        analyzer="word",
        ngram_range=(1, 2),
        min_df=2,
        max_features=WORD_TERMS,
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


def _fit(texts: Sequence[str], y: Sequence[str], version: str) -> Model:
    """Vectorizers and classifier fitted on some :func:`prepare`-d texts (temperature 1)."""
    char, word = _vectorizers()
    char.fit(texts)
    word.fit(texts)
    # Only for introspection, and as large as the vocabulary itself.
    char.stop_words_ = word.stop_words_ = None
    model = Model(char, word, _classifier(), 1.0, version)
    model.clf.fit(model.features(texts), y)
    return model


def out_of_fold(posts: Sequence[CorpusPost], n_splits: int = 5) -> tuple[Array, list[str]]:
    """Logits of every post from a model fitted without its family's fold (folds grouped by
    family, vectorizers refitted in each fold, so no fold sees its held-out vocabulary), and
    the class order of their columns."""
    texts = [prepare(p.text) for p in posts]
    y: list[str] = [p.label for p in posts]
    classes = sorted(set(y))
    oof = np.zeros((len(y), len(classes)))
    groups = [p.family for p in posts]
    for fit_idx, test_idx in GroupKFold(n_splits=n_splits).split(texts, y, groups):
        fold = _fit([texts[i] for i in fit_idx], [y[i] for i in fit_idx], "fold")
        oof[test_idx] = fold.clf.decision_function(fold.features([texts[i] for i in test_idx]))
    return oof, classes


def train(posts: list[CorpusPost], version: str) -> Model:
    """Fit vectorizers and classifier on the ``train`` posts, and calibrate a temperature on
    grouped out-of-fold logits."""
    rows = [p for p in posts if p.split == "train"]
    oof, classes = out_of_fold(rows)
    model = _fit([prepare(p.text) for p in rows], [p.label for p in rows], version)
    temperature = _temperature(oof, [p.label for p in rows], classes)
    return Model(model.char, model.word, model.clf, temperature, version)
