"""The batch paths score exactly as the one-post path: same verdicts, to the last bit."""

import math
import random
from collections import Counter

import numpy as np
import pytest

from detectors import LearnedClassifier
from detectors.learned import PAD_LIMIT, char_norm, char_norms, prepare

TEXTS = [
    "weer geen stroom in 6821, @liander wat is er aan de hand",
    "storing bij NS tussen Utrecht en Amersfoort",
    "Geen gas meer, fornuis en cv doen niks, buren ook niet",
    "Stroom is weer terug, dank aan de monteurs!",
    "Lekker weertje vandaag",
    "",
    "   ",
    "gas",
    "strooom eriut, alles zzwart in Gouda",
    "de de de de stroom stroom stroom",
    "Pikkedonker in Almere, hele wijk zonder stroom " * 20,  # past PAD_LIMIT
    "weer geen stroom in 6821, @liander wat is er aan de hand",  # a repeat in the batch
]


@pytest.fixture(scope="module")
def model() -> LearnedClassifier:
    return LearnedClassifier.load()


def mixed_texts(n: int, seed: int) -> list[str]:
    """Random posts from the fixed texts' words: repeats, stems and chatter mixed."""
    rnd = random.Random(seed)
    vocab = " ".join(TEXTS[:10]).split()
    return [" ".join(rnd.choices(vocab, k=rnd.randint(0, 30))) for _ in range(n)]


class TestBatchEqualsSingle:
    """``classify_batch`` and ``logits_batch`` are only faster."""

    def test_classify_batch(self, model: LearnedClassifier) -> None:
        """The same Classification objects' values, floats bit for bit, with a cold cache."""
        texts = TEXTS + mixed_texts(500, 1)
        single = [LearnedClassifier(model.weights).classify(t) for t in texts]
        assert LearnedClassifier(model.weights).classify_batch(texts) == single

    def test_logits_batch(self, model: LearnedClassifier) -> None:
        """Every logit equal (==), including texts without any char n-gram."""
        prepared = [prepare(t) for t in TEXTS + mixed_texts(200, 2)]
        evidence = [model._rules.evidence(p) for p in prepared]
        batch = model.logits_batch(prepared, evidence)
        assert batch == [model.logits(p, e) for p, e in zip(prepared, evidence, strict=True)]

    def test_char_norms_are_the_plain_sum(self) -> None:
        """char_norm(s) give the float of the textbook loop over a Counter, long texts too."""
        rnd = random.Random(3)
        idf2 = [rnd.uniform(1.0, 9.0) ** 2 for _ in range(50)]
        texts = [
            tuple(
                tuple(rnd.randrange(50) for _ in range(rnd.randint(0, 12)))
                for _ in range(rnd.randint(0, 60))
            )
            for _ in range(300)
        ]
        texts.append(tuple((j % 50, (j * 7) % 50) for j in range(PAD_LIMIT)))
        assert any(sum(map(len, t)) > PAD_LIMIT for t in texts)

        def plain(words: tuple[tuple[int, ...], ...]) -> float:
            counts = Counter(j for w in words for j in w)
            return math.sqrt(sum(n * n * idf2[j] for j, n in counts.items()))

        expected = [plain(t) for t in texts]
        assert [char_norm(t, idf2) for t in texts] == expected
        assert char_norms(texts, np.array(idf2)) == expected
