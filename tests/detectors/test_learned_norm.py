"""The char block's L2 norm, found from sorted repeats, is the textbook sum over a Counter."""

import math
import random
from collections import Counter

import pytest

from detectors.learned import CharColumns, char_norm


def plain(words: CharColumns, idf2: list[float]) -> float:
    counts = Counter(j for w in words for j in w)
    return math.sqrt(sum(n * n * idf2[j] for j, n in counts.items()))


def random_texts(n: int, seed: int, columns: int) -> list[CharColumns]:
    """Texts of random words over few columns: repeats within and across words, runs of 3+."""
    rnd = random.Random(seed)
    return [
        tuple(
            tuple(rnd.randrange(columns) for _ in range(rnd.randint(0, 12)))
            for _ in range(rnd.randint(0, 60))
        )
        for _ in range(n)
    ]


class TestCharNorm:
    """char_norm agrees with counting every column, whatever repeats."""

    @pytest.mark.parametrize("columns", [5, 50, 5000])
    def test_equals_the_plain_sum(self, columns: int) -> None:
        """Few columns (many repeats, long runs) to many (mostly none): the same norm."""
        rnd = random.Random(columns)
        idf2 = [rnd.uniform(1.0, 9.0) ** 2 for _ in range(columns)]
        for text in random_texts(300, columns, columns):
            expected = plain(text, idf2)
            once = sum(idf2[j] for w in text for j in w)
            assert math.isclose(char_norm(text, idf2), expected, rel_tol=1e-12)
            assert math.isclose(char_norm(text, idf2, once), expected, rel_tol=1e-12)

    def test_repeats_count_squared(self) -> None:
        """A column three times weighs 9 idf2, twice 4, once 1; nothing gives 0."""
        idf2 = [1.0, 10.0, 100.0]
        assert char_norm(((2, 2), (2, 1), (1, 0)), idf2) == math.sqrt(900 + 40 + 1)
        assert char_norm((), idf2) == 0.0
        assert char_norm(((), ()), idf2) == 0.0
