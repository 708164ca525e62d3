"""Reading a post's text once: fast paths and caches give what the full passes give."""

import random
import re

import pytest

from geo import Gazetteer
from geo._data import RawData, load_raw
from geo._gazetteer import DEFAULT_DATA_DIR
from geo._reading import UNPLACED, Reader
from geo._text import fold, tokenize

# The full passes the lazy Tokens properties stand in for.
_TOKEN = re.compile(r"[#@]?[^\W_]+")
_SENTENCE = re.compile(r"([.!?:;]\s+|\n\s*)?[#@]?[^\W_]+")
_COMMA = re.compile(r"(,\s*)?[#@]?[^\W_]+")
_TRICKY = [
    "",
    "Storing in #Lombok @liander, Zwolle-Zuid. Huizen ook",
    "a. -b\nc ,d. #e;f!  g?\n\n h:i",
    "##a @#b a#b _x x_y 12ab. .",
    "Kûbaard, Súdwest-Fryslân! ß Ø\u00a0ok.\u2028Nu",
    "Stroomstoring in de trein, staan stil voor Leeuwarden 😤",
]


def _check_tokens(text: str) -> None:
    tokens = tokenize(text)
    folded = fold(text)
    words = ["" if w[0] in "#@" else w for w in _TOKEN.findall(folded)]
    assert tokens.words == words, text
    assert tokens.lower == [w.lower() for w in words], text
    stops = _SENTENCE.findall(folded)
    assert tokens.starts == frozenset([0, *(i for i, s in enumerate(stops) if s)]), text
    marks = _COMMA.findall(folded)
    assert tokens.after_comma == frozenset(i for i, m in enumerate(marks) if m), text


def _random_texts(count: int) -> list[str]:
    rng = random.Random(7)
    alphabet = "AZaz09_#@.!?:;,'’ \n\téÉüß\u00a0\u0301😤-"
    return ["".join(rng.choices(alphabet, k=rng.randint(0, 24))) for _ in range(count)]


class TestTokens:
    @pytest.mark.parametrize("text", _TRICKY)
    def test_same_as_the_full_passes(self, text: str) -> None:
        """Words, sentence starts and words after a comma match the plain regex passes."""
        _check_tokens(text)

    def test_random_texts(self) -> None:
        """The same holds for random strings of letters, marks, spaces and punctuation."""
        for text in _random_texts(3000):
            _check_tokens(text)

    def test_fold_only_when_needed(self) -> None:
        """Emoji-only non-ASCII text is left as it is; accented letters still fold."""
        assert fold("storing 😤") == "storing 😤"
        assert fold("Súdwest 😤") == "Sudwest 😤"


class TestReadings:
    def test_no_place_shares_one_reading(self, gaz: Gazetteer) -> None:
        """A text naming no place, even after typo repair, reads as the shared empty reading."""
        reader = _fresh_reader(gaz)
        assert reader.read("Mijn telefoon heeft geen stroom meer") is UNPLACED
        assert reader.read("#stroomstoring weer eens") is UNPLACED

    def test_context_free_keeps_only_the_result(self, gaz: Gazetteer) -> None:
        """A text whose names each have one place keeps its result, not its hits or words."""
        hits, _, lower, resolved, _ = _fresh_reader(gaz).read("Stroomstoring in Zwolle")
        assert (hits, lower) == ((), ())
        assert resolved == gaz.geotag("Stroomstoring in Zwolle")

    def test_shared_names_keep_hits(self, gaz: Gazetteer) -> None:
        """A name of several places keeps hits and words for the place and profile fields."""
        hits, _, lower, resolved, _ = _fresh_reader(gaz).read("storing in Hengelo")
        assert resolved is None
        assert [hit.key for hit in hits] == ["hengelo"]
        assert "hengelo" in lower

    @pytest.mark.parametrize(
        "text",
        ["Stroomstoring in Zwolle", "geen stroom in Amstrdam", "#Lombok", "storing #ZwolleZuid"],
    )
    def test_cached_results_equal_fresh_ones(self, gaz: Gazetteer, text: str) -> None:
        """Results built once per name and cached per hashtag equal a fresh gazetteer's."""
        first = gaz.geotag(text)
        assert gaz.geotag(text) == first
        assert Gazetteer(_raw()).geotag(text) == first

    def test_resolved_cache_is_bounded(self, gaz: Gazetteer) -> None:
        """The cache of results empties itself instead of growing past its size."""
        reader = _fresh_reader(gaz, cache_size=2)
        texts = ["storing Zwolle", "storing Arnhem", "storing Breda", "storing Zwolle"]
        results = [reader.read(text)[3] for text in texts]
        assert results[0] == results[3] == gaz.geotag("storing Zwolle")
        assert len(reader._resolved) <= 2


class TestNameIndex:
    def test_pairs_open_every_longer_key(self, gaz: Gazetteer) -> None:
        """Every key of two or more words begins with one of the index's pairs."""
        index = gaz._index
        longer = [key for key in index.keys if " " in key]
        assert longer
        assert all(" ".join(key.split(" ")[:2]) in index.pairs for key in longer)


def _raw() -> RawData:
    return load_raw(DEFAULT_DATA_DIR)


def _fresh_reader(gaz: Gazetteer, cache_size: int = 64) -> Reader:
    return Reader(
        gaz._index, gaz._typos, gaz._contractions, gaz._resolve_text, cache_size=cache_size
    )
