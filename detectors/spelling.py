"""Typo-tolerant reading of the few words that carry an outage report.

Posts are typed in a hurry, in the dark: "stroom eriut", "Strooomuitval", "alles zzwart". A
word within one edit (deletion, insertion, substitution or transposition) of a key term is
read as that term. Only long key terms take part, so short everyday words ("lucht" next to
"licht") are never rewritten; the real words one edit from a key term ("donder" and "jonker"
next to "donker") are listed and left alone.

>>> normalise("gouda: stroom eriut, alles zzwart")
'gouda: stroom eruit, alles zwart'
>>> normalise("strooomuitval hier")
'stroomuitval hier'
>>> normalise("de lucht is donder, hele straat onker")
'de lucht is donder, hele straat donker'
"""

import re
from functools import lru_cache

#: Key terms of the classifier's rules that are long enough to correct safely.
KEY_TERMS = (
    "stroom",
    "stroomstoring",
    "stroomuitval",
    "uitgevallen",
    "eruit",
    "zwart",
    "blackout",
    "elektriciteit",
    "storing",
    "pikkedonker",
    "gasstoring",
    "donker",
)
#: Words one edit from a key term that mean something else: never corrected.
NOT_TYPOS = frozenset(
    {"donder", "donders", "donkere", "donner", "dunker", "donkey", "jonker", "honker", "conker"}
)
_MIN_LEN = 5
_WORD = re.compile(r"[a-zà-ÿ]{4,}")
_RUNS = re.compile(r"([a-z])\1{2,}")  # three or more of one letter: "strooom"


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def one_edit(word: str) -> set[str]:
    """Every string one deletion, transposition, substitution or insertion (a-z) from word.

    >>> sorted(v for v in one_edit("gas") if v.startswith("ga"))[:4], "ags" in one_edit("gas")
    (['ga', 'gaa', 'gaas', 'gab'], True)
    """
    letters = "abcdefghijklmnopqrstuvwxyz"
    cuts = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    swaps = {a + b[1] + b[0] + b[2:] for a, b in cuts if len(b) > 1}
    subs = {a + c + b[1:] for a, b in cuts if b for c in letters}
    inserts = {a + c + b for a, b in cuts for c in letters}
    return (_deletes(word) | swaps | subs | inserts) - {word}


def _build() -> dict[str, str]:
    index: dict[str, str] = {}
    for term in KEY_TERMS:
        index.setdefault(term, term)
        for d in _deletes(term):
            index.setdefault(d, term)
    return index


_INDEX = _build()
_TERMS = frozenset(KEY_TERMS)


def within_one_edit(a: str, b: str) -> bool:
    """Whether one deletion, insertion, substitution or adjacent transposition turns a into b.

    >>> within_one_edit("eriut", "eruit"), within_one_edit("zwaar", "zwart")
    (True, False)
    """
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    i = 0
    while i < min(la, lb) and a[i] == b[i]:
        i += 1
    if la == lb:
        if a[i + 1 :] == b[i + 1 :]:
            return True
        swapped = i + 1 < la and a[i] == b[i + 1] and a[i + 1] == b[i]
        return swapped and a[i + 2 :] == b[i + 2 :]
    return a[i + 1 :] == b[i:] if la > lb else a[i:] == b[i + 1 :]


@lru_cache(maxsize=16_384)  # words repeat far more than posts
def correct(word: str) -> str:
    """The key term one edit away from ``word``, or ``word`` itself."""
    if len(word) < _MIN_LEN - 1 or word in _TERMS or word in NOT_TYPOS:
        return word
    # Candidates share a deletion variant with the word; the exact check then drops the pairs
    # that are two edits apart ("zwaar" and "zwart" both lose a letter to "zwar").
    for key in (word, *_deletes(word)):
        hit = _INDEX.get(key)
        if hit is not None and within_one_edit(word, hit):
            return hit
    return word


def _corrected(m: re.Match[str]) -> str:
    return correct(m.group(0))


def normalise(low: str) -> str:
    """Lowercased text with runs of one letter shortened and key-term typos corrected."""
    # Both rewrites are rare; finding that there is nothing to rewrite is cheaper in C (a
    # search, a findall and a cached map) than a sub that calls back into Python per word.
    if _RUNS.search(low) is not None:
        low = _RUNS.sub(r"\1\1", low)
    words = _WORD.findall(low)
    if list(map(correct, words)) == words:
        return low
    return _WORD.sub(_corrected, low)
