"""Typo tolerance: exactly one edit away, and only for the long key terms."""

from hypothesis import assume, given
from hypothesis import strategies as st

from detectors import RuleClassifier
from detectors.spelling import (
    _RUNS,
    _WORD,
    KEY_TERMS,
    NOT_TYPOS,
    correct,
    normalise,
    within_one_edit,
)


def osa_distance(a: str, b: str) -> int:
    """Optimal string alignment distance, the slow textbook way."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


words = st.text(alphabet="abcdeorstuw", min_size=0, max_size=8)


class TestEditDistance:
    """``within_one_edit`` agrees with a brute-force distance."""

    @given(words, words)
    def test_matches_brute_force(self, a: str, b: str) -> None:
        """One edit or none, exactly when the textbook distance is at most one."""
        assert within_one_edit(a, b) == (osa_distance(a, b) <= 1)

    @given(st.sampled_from(KEY_TERMS), st.integers(0, 20), st.sampled_from("abcdeorstuwz"))
    def test_one_typo_in_a_key_term_is_corrected(self, term: str, pos: int, ch: str) -> None:
        """A key term with one letter replaced reads as a key term one edit away."""
        i = pos % len(term)
        typo = term[:i] + ch + term[i + 1 :]
        assume(typo not in NOT_TYPOS)
        fixed = correct(typo)
        assert fixed in KEY_TERMS and within_one_edit(typo, fixed)


class TestClassifierWithTypos:
    """The classifier reads hurried posts."""

    def test_typos_in_key_words(self) -> None:
        """Misspelt key words still make a complaint; everyday near-misses do not."""
        c = RuleClassifier()
        assert c.classify("Gouda: stroom eriut. Wat is dit nou").label == "stroom"
        assert c.classify("Strooomuitval hier, kinderen in paniek").label == "stroom"
        assert c.classify("het is zwaar vandaag, geen zin").label == "noise"

    def test_real_words_near_a_key_term_stay(self) -> None:
        """A typo such as "onker" reads as "donker"; "donder" and "jonker" stay words."""
        assert correct("onker") == correct("dokner") == "donker"
        assert all(correct(w) == w for w in NOT_TYPOS)
        assert RuleClassifier().classify("Hele straat onker in 1759 !!!").label == "stroom"


class TestNormaliseShortcut:
    """``normalise`` skips the rewriting passes when nothing needs one: same text out."""

    @given(
        st.lists(
            st.sampled_from([*KEY_TERMS, "eriut", "zzwart", "strooom", "lucht", "de", ",", "ééé"]),
            max_size=8,
        )
    )
    def test_equals_always_rewriting(self, parts: list[str]) -> None:
        """The same result as running both substitutions unconditionally."""
        low = " ".join(parts)
        plain = _WORD.sub(lambda m: correct(m.group(0)), _RUNS.sub(r"\1\1", low))
        assert normalise(low) == plain
