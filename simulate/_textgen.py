"""A tiny slot-filling template engine and the noise that makes text look typed on a phone.

Templates are ``str.format`` strings whose fields name filler lists (``{eten}``) or values set
by the caller (``{loc}``). A filler may itself contain fields. Within one text a field keeps
the value it first got, so "{plaats} ... {plaats}" names one place twice.
"""

import random
from collections.abc import Mapping, Sequence

Library = Mapping[str, Sequence[str]]


class _Slots(dict[str, str]):
    __slots__ = ("lib", "rng")

    def __init__(self, preset: Mapping[str, str], lib: Library, rng: random.Random) -> None:
        super().__init__(preset)
        self.lib = lib
        self.rng = rng

    def __missing__(self, key: str) -> str:
        options = self.lib[key]
        value = options[int(self.rng.random() * len(options))]
        if "{" in value:
            value = value.format_map(self)
        self[key] = value
        return value


def pick(rng: random.Random, options: Sequence[str]) -> str:
    """One element of a non-empty sequence (faster than ``rng.choice``)."""
    return options[int(rng.random() * len(options))]


def render(
    template: str, lib: Library, rng: random.Random, preset: Mapping[str, str] | None = None
) -> str:
    """Fill a template; unknown fields raise KeyError (a bug in the template tables)."""
    return template.format_map(_Slots(preset or {}, lib, rng))


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _typo(text: str, rng: random.Random) -> str:
    # one slip of the thumb on a letter: swap with the next, drop, or double it
    n = len(text)
    for _ in range(4):
        i = int(rng.random() * n)
        if text[i].isalpha() and i + 1 < n and text[i + 1].isalpha():
            kind = rng.random()
            if kind < 0.4:
                return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
            if kind < 0.7:
                return text[:i] + text[i + 1 :]
            return text[:i] + text[i] + text[i:]
    return text


def roughen(
    text: str,
    rng: random.Random,
    emojis: Sequence[str],
    hashtags: Sequence[str],
    *,
    emoji_p: float = 0.18,
    hashtag_p: float = 0.05,
) -> str:
    """Casing, a typo, trailing punctuation, emoji and hashtags, as people type on phones.

    The same noise is applied to chatter, confusers and complaints, so style never gives away
    which kind a post is.
    """
    r = rng.random()
    if r < 0.25:
        text = text.lower()
    elif r < 0.27:
        text = text.upper()
    elif r < 0.32 and text:
        text = text[0].lower() + text[1:]
    if rng.random() < 0.08 and len(text) > 6:
        text = _typo(text, rng)
    r = rng.random()
    if r < 0.2 and text.endswith("."):
        text = text[:-1]
    elif r < 0.27:
        text = text.rstrip(".") + pick(rng, ("!!", "!", "??", "...", "!?", " !!!"))
    if rng.random() < emoji_p:
        e = pick(rng, emojis)
        text = text + (" " if rng.random() < 0.8 else "") + (e * (2 if rng.random() < 0.2 else 1))
    if rng.random() < hashtag_p:
        text = text + " " + pick(rng, hashtags)
    return text
