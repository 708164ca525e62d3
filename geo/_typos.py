"""Place names typed with one slip of the thumb: "Berda-West", "Amstrdam", "Zwollle".

A post that names no place is read once more with each word that could be a misspelt name
replaced by the one name word a single edit away (a letter dropped, added, changed, or two
swapped), the first letter kept. Only words that stand where a name would (after "in", "te",
..., or capitalised inside a sentence) and are at least ``MIN_LEN`` letters long are tried, and
only names that are never common words, and never a word the Dutch word list knows ("in maart"
is not Maarn, "Goede tijden" not Groede): a wrong place is worse than none.

>>> one_edit("berda", "breda"), one_edit("amstrdam", "amsterdam"), one_edit("best", "beste")
(True, True, True)
>>> one_edit("breda", "breda"), one_edit("breda", "brabant")
(False, False)
"""

import dataclasses
import functools
import re
from collections.abc import Callable, Container, Iterable
from pathlib import Path

from geo._index import FREE, NameIndex
from geo._text import Tokens
from geo._types import GeoResult
from geo._words import CONTEXT_WORDS

__all__ = [
    "DUTCH_NEAR_NAMES",
    "MIN_LEN",
    "TYPO_CONFIDENCE",
    "Contractions",
    "TypoIndex",
    "name_words",
    "one_edit",
    "unsure",
]

#: Dutch words one edit from a name word: never corrected (``tools/build_typo_words.py``).
DUTCH_NEAR_NAMES = Path(__file__).resolve().parent / "data" / "nl_words_near_names.txt"

#: Shorter words are one edit away from too many others to guess from.
MIN_LEN = 5


#: Distinct words whose correction is kept: posts repeat a small vocabulary, and a correction
#: tries every one-letter deletion of the word.
WORD_CACHE = 16_384

#: A name found by correcting one typo is less certain than one spelt right.
TYPO_CONFIDENCE = 0.8


def unsure(found: GeoResult) -> GeoResult:
    """``found``, as sure as a name read through a typo can be."""
    return dataclasses.replace(found, confidence=round(found.confidence * TYPO_CONFIDENCE, 4))


def _deletes(word: str) -> list[str]:
    return [word[:i] + word[i + 1 :] for i in range(len(word))]


def one_edit(a: str, b: str) -> bool:
    """Whether ``a`` becomes ``b`` by exactly one deletion, insertion, substitution or swap."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) < len(b):
        return a[i:] == b[i + 1 :]
    if a[i + 1 :] == b[i + 1 :]:
        return True
    return i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]


def name_words(index: NameIndex) -> list[str]:
    """The words of the names that are never common words."""
    return [w for key, name in index.keys.items() if name.level == FREE for w in key.split()]


def dutch_near_names(path: Path = DUTCH_NEAR_NAMES) -> frozenset[str]:
    """The shipped list of Dutch words that look like a misspelt name (empty if missing)."""
    if not path.exists():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


class TypoIndex:
    """Name words by their one-letter deletions (a symmetric-delete index)."""

    def __init__(self, words: Iterable[str], dutch: frozenset[str] = frozenset()) -> None:
        self._dutch = dutch
        self._words = frozenset(w for w in words if len(w) >= MIN_LEN and w.isalpha())
        table: dict[str, set[str]] = {}
        for word in self._words:
            for key in (word, *_deletes(word)):
                table.setdefault(key, set()).add(word)
        self._table = {k: tuple(sorted(v)) for k, v in table.items()}
        self._corrected: Callable[[str], str | None] = functools.lru_cache(WORD_CACHE)(self.correct)

    def __len__(self) -> int:
        return len(self._words)

    def is_name_word(self, word: str) -> bool:
        """Whether ``word`` is spelt as a name word."""
        return word in self._words

    def correct(self, word: str) -> str | None:
        """The one name word a single edit from ``word`` with its first letter; ``None`` if
        none or several. Slips are rare on the first letter, and a word that differs there is
        more often another word ("beste" / Weste) than a misspelt name."""
        found: set[str] = set()
        table = self._table
        for key in (word, *_deletes(word)):
            for candidate in table.get(key, ()):
                if candidate[0] == word[0] and one_edit(word, candidate):
                    found.add(candidate)
        return found.pop() if len(found) == 1 else None

    def repair(self, tokens: Tokens, known: Container[str]) -> Tokens | None:
        """``tokens`` with misspelt names corrected, or ``None`` when nothing was corrected.

        ``known`` are words that are not typos (they start a name already).
        """
        words, lower = tokens.words, tokens.lower
        fixed: list[str] | None = None
        for i, low in enumerate(lower):
            if len(low) < MIN_LEN:
                continue
            after_context = i > 0 and lower[i - 1] in CONTEXT_WORDS
            if not (after_context or words[i][:1].isupper()):
                continue
            if low in known or low in self._words or low in self._dutch or not low.isalpha():
                continue
            name = self._corrected(low)
            if name is None:
                continue
            # A capital at the start of a sentence says nothing ("Beste mensen"). Asked last:
            # finding sentence starts takes a pass over the text, and corrections are cached.
            if not after_context and (i == 0 or i in tokens.starts):
                continue
            if fixed is None:
                fixed = list(words)
            fixed[i] = name.capitalize()
        return None if fixed is None else tokens.replaced(fixed)


class Contractions:
    """Nicknames written with an apostrophe ("A'dam", "R'dam") spelt out as their town.

    Split at the apostrophe they read as an article and a word ("a dam"), which only a capital
    tells from words; with the apostrophe they are unmistakable, in any case.

    >>> Contractions([("A'dam", "Amsterdam")]).spell_out("stroom weg in a'dam")
    'stroom weg in Amsterdam'
    """

    def __init__(self, nicknames: Iterable[tuple[str, str]]) -> None:
        self._town: dict[str, str] = {}
        for nickname, town in nicknames:
            if "'" in nickname:
                self._town[nickname.lower()] = town
                self._town[nickname.lower().replace("'", "\u2019")] = town
        forms = "|".join(map(re.escape, sorted(self._town)))
        self._pattern = re.compile(rf"(?<!\w)(?:{forms})(?!\w)", re.I) if forms else None

    def spell_out(self, text: str) -> str:
        """``text`` with every contracted nickname replaced by its town's name."""
        if self._pattern is None or ("'" not in text and "\u2019" not in text):
            return text
        return self._pattern.sub(lambda m: self._town[m.group(0).lower()], text)
