"""Find place names in tokenised text: greedy longest n-gram lookup in the name index."""

import math
from collections.abc import Iterable, Sequence
from itertools import compress, count
from typing import NamedTuple

from geo._index import FREE, SOFT, STRICT, Candidate, NameIndex, NameKey
from geo._spatial import haversine_km
from geo._text import Tokens
from geo._types import PlaceEntry
from geo._words import (
    CONTEXT_WORDS,
    DIRECTIONS,
    FUNCTION_WORDS,
    HASHTAG_PREFIXES,
    INTENSIFIERS,
    OUTAGE_LEADS,
    OUTAGE_WORDS,
    PROVINCE_WORDS,
    SENTENCE_OPENERS,
)

__all__ = [
    "Context",
    "Hit",
    "bearing_deg",
    "choose",
    "compass_part",
    "hashtag_hit",
    "make_context",
    "province_words",
    "scan",
]

# A town mentioned in the profile helps pick between same-named towns only if it is this close.
_NEAR_CONTEXT_KM = 30.0


class Hit(NamedTuple):
    key: str
    name: NameKey
    direction: str | None  # "zuid" in "Zwolle-Zuid"


class Context(NamedTuple):
    provinces: frozenset[str]
    points: tuple[tuple[float, float], ...]


def _allowed(level: int, tokens: Tokens, i: int, k: int) -> bool:
    if level == FREE:
        return True
    words, lower = tokens.words, tokens.lower
    # "de Hoef", "'t Harde": the article may be lowercase, the name itself is capitalised.
    j = i
    while j < i + k - 1 and lower[j] in FUNCTION_WORDS:
        j += 1
    # "A'dam", "R'dam": there the article-like first part carries the capital.
    capital = words[j][:1].isupper() or words[i][:1].isupper()
    # Sentence starts take a pass over the text, so they are asked for last, after the words.
    # "storing in Best", "stroomstoring Goes", "heel Goes", but not "stroom uit. Top...": a new
    # sentence breaks the context.
    if capital and i > 0:
        before = lower[i - 1]
        leads = before in CONTEXT_WORDS or before in OUTAGE_WORDS or before in INTENSIFIERS
        if leads and i not in tokens.starts:
            return True
    if _outage_follows(tokens, i, k):
        return True
    # "Hele wijk zonder stroom, Goes": a capitalised name closing its clause after a comma.
    if capital and i in tokens.after_comma and (i + k == len(lower) or i + k in tokens.starts):
        return True
    if level != SOFT or not capital or (k == 1 and (i == 0 or i in tokens.starts)):
        return False
    # A capital means nothing at the start of a sentence or in an all-caps post.
    return any(w.islower() for w in words)


def _outage_follows(tokens: Tokens, i: int, k: int) -> bool:
    """A name opening a post or sentence, then an outage: "Goes zonder stroom", "kampen gasstoring".

    Only a few words may come between ("Putten weer eens zonder stroom"), and names that often
    open an ordinary sentence ("Echt geen stroom") never count this way.
    """
    lower = tokens.lower
    if k == 1 and lower[i] in SENTENCE_OPENERS:
        return False
    for word in lower[i + k : i + k + 4]:
        if word in OUTAGE_WORDS:
            return i == 0 or i in tokens.starts
        if word not in OUTAGE_LEADS:
            return False
    return False


def scan(index: NameIndex, tokens: Tokens, *, field: bool) -> list[Hit]:
    """Place names in a token list, left to right, longest match first.

    In a ``field`` (the place or profile attribute) every name counts; in a post, names that
    are also common words need context (see ``geo._index.key_level``).
    """
    hits: list[Hit] = []
    keys, first_max, pairs = index.keys, index.first_max, index.pairs
    lower = tokens.lower
    n = len(lower)
    end = 0
    # Most words start no name; visit only those that do (found by C iterators, not a loop).
    for i in compress(count(), map(first_max.__contains__, lower)):
        if i < end:
            continue
        most = min(first_max[lower[i]], n - i)
        # "de", "van", "het" start long names, but rarely with the word that follows them here.
        if most > 1 and f"{lower[i]} {lower[i + 1]}" not in pairs:
            most = 1
        for k in range(most, 0, -1):
            key = lower[i] if k == 1 else " ".join(lower[i : i + k])
            name = keys.get(key)
            if name is not None and (field or _allowed(name.level, tokens, i, k)):
                end = i + k
                direction = lower[end] if end < n and lower[end] in DIRECTIONS else None
                hits.append(Hit(key, name, direction))
                end += direction is not None
                break
    return hits


def hashtag_hit(index: NameIndex, tag: str) -> Hit | None:
    """The place a hashtag body names: #Lombok, #denhaag, #stroomstoringArnhem, #ZwolleZuid."""
    low = tag.lower()
    name = index.compact.get(low)
    if name is not None:
        # "#best", "#echt" are ordinary hashtags; "#Best" is the town.
        return Hit(low, name, None) if name.level != STRICT or tag[:1].isupper() else None
    for prefix in HASHTAG_PREFIXES:
        if low.startswith(prefix) and (name := index.compact.get(low[len(prefix) :])):
            return Hit(low[len(prefix) :], name, None)
    for direction in DIRECTIONS:
        if low.endswith(direction) and (name := index.compact.get(low[: -len(direction)])):
            return Hit(low[: -len(direction)], name, direction)
    return None


def province_words(lower: Sequence[str]) -> set[str]:
    """Provinces named in a token list ("Gelderland", "Twente", "Noord-Holland")."""
    found: set[str] = set()
    for i, token in enumerate(lower):
        if (i + 1 < len(lower) and (prov := PROVINCE_WORDS.get(f"{token} {lower[i + 1]}"))) or (
            prov := PROVINCE_WORDS.get(token)
        ):
            found.add(prov)
    return found


def make_context(hits: Iterable[Hit], provinces: Iterable[str]) -> Context:
    """Provinces and points of the unambiguous places in ``hits``, plus ``provinces``."""
    provs = set(provinces)
    points: list[tuple[float, float]] = []
    for hit in hits:
        if len(hit.name.candidates) == 1:
            entry = hit.name.candidates[0].entry
            provs.add(entry.provincie)
            points.append((entry.lat, entry.lon))
    return Context(frozenset(provs), tuple(points))


def choose(candidates: tuple[Candidate, ...], context: Context | None) -> tuple[Candidate, float]:
    """Pick one of several same-named places; returns it and a confidence factor.

    Province named in the post or profile first, then a town near one mentioned there, then the
    largest population (ties: the lowest gemeente code).
    """
    if len(candidates) == 1:
        return candidates[0], 1.0
    pool = candidates
    if context is not None and context.provinces:
        pool = tuple(c for c in candidates if c.entry.provincie in context.provinces) or pool
        if len(pool) == 1:
            return pool[0], 0.95
    if context is not None and context.points:
        scored = [
            (min(haversine_km(c.entry.lat, c.entry.lon, la, lo) for la, lo in context.points), c)
            for c in pool
        ]
        km, best = min(scored, key=lambda item: (item[0], item[1].entry.gemeente_code))
        if km <= _NEAR_CONTEXT_KM:
            return best, 0.95
    best = min(pool, key=lambda c: (-c.entry.population, -len(c.entry.pc4s), c.entry.gemeente_code))
    return best, 0.85


def bearing_deg(lat0: float, lon0: float, lat: float, lon: float) -> tuple[float, float]:
    """(distance km, bearing degrees from north) on a local flat approximation."""
    dy = (lat - lat0) * 111.2
    dx = (lon - lon0) * 111.2 * math.cos(math.radians(lat0))
    return math.hypot(dx, dy), math.degrees(math.atan2(dx, dy)) % 360.0


def compass_part(
    entry: PlaceEntry, points: dict[str, tuple[float, float]], target: float | None
) -> tuple[str, ...]:
    """The PC4s of a town (``points``: their centroids) in a compass direction from its centre,
    or (``target`` None) its centre itself; all of them when the town is too small to split."""
    if len(entry.pc4s) < 4:
        return entry.pc4s
    polar = [(pc4, *bearing_deg(entry.lat, entry.lon, *points[pc4])) for pc4 in entry.pc4s]
    dists = sorted(km for _, km, _ in polar)
    median = dists[len(dists) // 2]
    if target is None:
        limit = max(0.35 * median, dists[0])
        chosen = [pc4 for pc4, km, _ in polar if km <= limit]
    else:
        width = 45.0 if target % 90 == 0 else 30.0
        chosen = [
            pc4
            for pc4, km, deg in polar
            if km >= 0.25 * median and abs((deg - target + 180) % 360 - 180) <= width
        ]
    return tuple(chosen) or entry.pc4s
