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

# What a context-free result depends on: the cue, the typo flag and each hit's key and direction
# (a key names one place per cue: words look it up in NameIndex.keys, hashtags in .compact).
_Signature = tuple[Cue | None, bool, tuple[tuple[str, str | None], ...]]


class Reader:
    """Reads texts for place names, caching the last ``cache_size`` distinct texts."""

    __slots__ = (
        "_cache_size",
        "_contractions",
        "_index",
        "_resolve",
        "_resolved",
        "_tag_hit",
        "_typos",
        "read",
    )

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
        # Many texts name the same town the same way ("storing in Zwolle ..."): each such
        # result is built once. Bounded like the reading cache, but simply emptied when full.
        self._resolved: dict[_Signature, GeoResult] = {}
        self._cache_size = cache_size
        # Hashtags repeat even more than texts (#stroomstoring), and most are tried against
        # every outage prefix and compass suffix before they turn out to name no place.
        self._tag_hit: Callable[[str], Hit | None] = functools.lru_cache(cache_size)(
            functools.partial(hashtag_hit, index)
        )
        self.read: Callable[[str], Reading] = functools.lru_cache(cache_size)(self._read)

    def _read(self, text: str) -> Reading:
        index = self._index
        tokens = tokenize(self._contractions.spell_out(text))
        hits = scan(index, tokens, field=False)
        cue: Cue | None = None
        if not hits:
            hits = [hit for hit in map(self._tag_hit, tokens.hashtags) if hit is not None]
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
            signature = (cue, typo, tuple([(hit.key, hit.direction) for hit in hits]))
            resolved = self._resolved.get(signature)
            if resolved is None:
                resolved = self._resolve(hits, cue, tokens.lower)
                if typo:
                    resolved = unsure(resolved)
                if len(self._resolved) >= self._cache_size:
                    self._resolved.clear()
                self._resolved[signature] = resolved
            return (), cue, (), resolved, typo
        return hits, cue, tokens.lower, None, typo
