"""Reading a post's text: the place names in it, resolved when the text alone suffices.

Reposts and templated posts repeat, so readings are cached per text. A reading keeps only what
``Gazetteer.geotag`` still needs: most texts name no place and share one empty reading, and a
resolved one keeps just its result, so the cache holds little and an eviction frees little.
"""

import functools
from collections.abc import Callable, Sequence

from geo._index import NameIndex
from geo._matcher import Hit, hashtag_hit, scan
from geo._text import tokenize
from geo._types import Cue, GeoResult
from geo._typos import Contractions, TypoIndex, unsure

__all__ = ["UNPLACED", "Reader", "Reading", "Resolve"]

#: Hits, their cue (None: from the words, "hashtag"), lowercase words, the result if it needs no
#: more than the text (then the rest is left empty) and whether a name was found only by
#: correcting a typo in it.
Reading = tuple[Sequence[Hit], Cue | None, Sequence[str], GeoResult | None, bool]
#: Hits, their cue and the lowercase words -> the result, without place or profile fields.
Resolve = Callable[[Sequence[Hit], Cue | None, Sequence[str]], GeoResult]

#: The reading of every text that names no place: only the place and profile fields can tell.
UNPLACED: Reading = ((), None, (), None, False)


class Reader:
    """Reads texts for place names, caching the last ``cache_size`` distinct texts."""

    __slots__ = ("_contractions", "_index", "_resolve", "_typos", "read")

    def __init__(
        self,
        index: NameIndex,
        typos: TypoIndex,
        contractions: Contractions,
        resolve: Resolve,
        cache_size: int,
    ) -> None:
        self._index = index
        self._typos = typos
        self._contractions = contractions
        self._resolve = resolve
        self.read: Callable[[str], Reading] = functools.lru_cache(cache_size)(self._read)

    def _read(self, text: str) -> Reading:
        index = self._index
        tokens = tokenize(self._contractions.spell_out(text))
        hits = scan(index, tokens, field=False)
        cue: Cue | None = None
        if not hits:
            found = (hashtag_hit(index, tag) for tag in tokens.hashtags)
            hits = [hit for hit in found if hit is not None]
            cue = "hashtag"
        typo = False
        if not hits:
            # "Berda-West": a name with one slip, tried only when the post names no place at all.
            fixed = self._typos.repair(tokens, index.first_max)
            if fixed is None:
                return UNPLACED
            hits, cue, tokens, typo = scan(index, fixed, field=False), None, fixed, True
            if not hits:
                return UNPLACED
        # Same-named places are told apart by the place and profile fields, which vary.
        if all(len(hit.name.candidates) == 1 for hit in hits):
            resolved = self._resolve(hits, cue, tokens.lower)
            return (), cue, (), unsure(resolved) if typo else resolved, typo
        return hits, cue, tokens.lower, None, typo
