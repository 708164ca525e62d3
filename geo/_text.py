"""Text normalisation shared by the name index and the matcher.

Names and posts are folded the same way (diacritics stripped, lowercase, split on anything that
is not a letter or digit), so "'s-Hertogenbosch", "’s Hertogenbosch" and "s-hertogenbosch" all
become the key ``"s hertogenbosch"``.
"""

import functools
import re
import unicodedata

__all__ = [
    "Tokens",
    "cached_key",
    "fold",
    "name_key",
    "name_tokens",
    "split_suffix",
    "tokenize",
]


def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0xC0, 0x250):
        char = chr(code)
        base = "".join(
            c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
        )
        if base != char and base.isascii() and base.isalpha():
            table[code] = base
    table[ord("ß")] = "ss"
    table[ord("Ø")] = "O"
    table[ord("ø")] = "o"
    return table


_FOLD = _fold_table()
# Characters _FOLD changes: most non-ASCII posts have only emoji, and translating through a dict
# costs a lookup per character, so it is skipped when none of these occur.
_FOLDABLE = re.compile("[" + "".join(map(chr, sorted(_FOLD))) + "]")
_TOKEN = re.compile(r"[#@]?[^\W_]+")
# The same tokens in ASCII text, where a plain class matches faster than "not \W, not _".
_ASCII_TOKEN = re.compile(r"[#@]?[A-Za-z0-9]+")
# Same tokens as _TOKEN, capturing the sentence break (if any) in front of each.
_SENTENCE = re.compile(r"([.!?:;]\s+|\n\s*)?[#@]?[^\W_]+")
# Same tokens again, capturing a comma (if any) in front of each.
_COMMA = re.compile(r"(,\s*)?[#@]?[^\W_]+")
# What any captured sentence break or comma needs: without one, only the first word starts a
# sentence and none follows a comma, and the (slow) full passes above are skipped.
_MAY_BREAK = re.compile(r"[.!?:;]\s|\n")
_WORD = re.compile(r"[^\W_]+")
_URL = re.compile(r"(?:https?://|www\.)\S+")


def fold(text: str) -> str:
    """Strip diacritics (keeping case), whatever Unicode normal form the input is in.

    >>> fold("Kûbaard Súdwest-Fryslân")
    'Kubaard Sudwest-Fryslan'
    """
    if not text.isascii():
        # Decomposed input ("u" + combining circumflex) would otherwise split a word in two.
        text = unicodedata.normalize("NFC", text)
        if _FOLDABLE.search(text):
            text = text.translate(_FOLD)
    return text


def name_tokens(name: str) -> list[str]:
    """Lowercase, diacritic-free word tokens of a place name.

    >>> name_tokens("'s-Hertogenbosch")
    ['s', 'hertogenbosch']
    """
    return _WORD.findall(fold(name).lower())


def name_key(name: str) -> str:
    """The lookup key of a name: its tokens joined by single spaces.

    >>> name_key("Alphen aan den Rijn"), name_key("’s Gravenhage")
    ('alphen aan den rijn', 's gravenhage')
    """
    return " ".join(name_tokens(name))


_FIRST = frozenset([0])
_NO_WORDS: frozenset[int] = frozenset()


class Tokens:
    """A post split into words (original case), their lowercase forms and its hashtags.

    A hashtag or @mention leaves an empty word in its place, so no name can span it.
    """

    __slots__ = ("_commas", "_starts", "_text", "hashtags", "lower", "words")

    def __init__(self, text: str, words: list[str], hashtags: list[str]) -> None:
        self._text = text
        self._starts: frozenset[int] | None = None
        self._commas: frozenset[int] | None = None
        self.words = words
        self.lower = list(map(str.lower, words))
        self.hashtags = hashtags

    @property
    def starts(self) -> frozenset[int]:
        """Indexes of the words that begin a sentence (computed on first use: rarely needed)."""
        if self._starts is None:
            if not _MAY_BREAK.search(self._text):
                self._starts = _FIRST
                return _FIRST
            stops = _SENTENCE.findall(self._text)
            self._starts = frozenset([0, *(i for i, stop in enumerate(stops) if stop)])
        return self._starts

    def replaced(self, words: list[str]) -> "Tokens":
        """The same post with some words spelt differently (as many words, in place)."""
        return Tokens(self._text, words, self.hashtags)

    @property
    def after_comma(self) -> frozenset[int]:
        """Indexes of the words right after a comma (computed on first use: rarely needed)."""
        if self._commas is None:
            if "," not in self._text:
                self._commas = _NO_WORDS
                return _NO_WORDS
            marks = _COMMA.findall(self._text)
            self._commas = frozenset(i for i, mark in enumerate(marks) if mark)
        return self._commas


@functools.lru_cache(maxsize=1 << 16)
def cached_key(name: str) -> str:
    """``name_key`` with a cache, for building the index (the data repeats names a lot)."""
    return name_key(name)


def tokenize(text: str) -> Tokens:
    """Split a post into words, lowercase words and hashtag bodies; URLs are dropped.

    >>> tokens = tokenize("Storing in #Lombok @liander, Zwolle-Zuid. Huizen ook")
    >>> tokens.words
    ['Storing', 'in', '', '', 'Zwolle', 'Zuid', 'Huizen', 'ook']
    >>> tokens.lower[4], tokens.hashtags, sorted(tokens.starts), sorted(tokens.after_comma)
    ('zwolle', ['Lombok'], [0, 6], [4])
    """
    text = fold(text)
    if "://" in text or "www." in text:
        text = _URL.sub(" ", text)
    words = (_ASCII_TOKEN if text.isascii() else _TOKEN).findall(text)
    hashtags: list[str] = []
    if "#" in text or "@" in text:
        for i, word in enumerate(words):
            mark = word[0]
            if mark == "#":
                hashtags.append(word[1:])
                words[i] = ""
            elif mark == "@":
                words[i] = ""
    return Tokens(text, words, hashtags)


_SUFFIX = re.compile(r"\s*\(([A-Za-z.]{1,4})\)$|\s+(L|AC|NB|Gld|GLD|NH|Ut|Gn|GN|Ov|Fr|Dr|Zh|ZH)$")


def split_suffix(name: str) -> tuple[str, str]:
    """Split a disambiguating province suffix off a GeoNames/4pp place name.

    >>> split_suffix("Hengelo (Gld)"), split_suffix("Loo Gld"), split_suffix("Den Ham")
    (('Hengelo', 'gld'), ('Loo', 'gld'), ('Den Ham', ''))
    """
    match = _SUFFIX.search(name)
    if match is None:
        return name, ""
    suffix = (match.group(1) or match.group(2)).replace(".", "").lower()
    return name[: match.start()], suffix
