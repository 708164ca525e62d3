"""Rule groups run only when a literal they need is in the text.

A rule group is an alternation of regex parts. Python's ``re`` tries every part at every
position, so the fifteen groups of :mod:`detectors.rules` cost about 100 µs a post, most of it
on posts that hold none of their words. Most parts contain a literal that every match must
contain ("trein" in ``trein``, "geen stro" in ``\\bgeen stro+m``); one Aho-Corasick pass finds
which of those literals occur, and a group's anchored parts run only then. Parts without such a
literal always run. The answer is the same as the whole alternation's, only cheaper.

>>> anchor(r"\\bgeen stro+m"), anchor(r"(?:cv|ketel)\\w* (?:doet|werkt) niet"), anchor(r"\\d\\s?%")
('geen stro', ' niet', '')
>>> AnchoredGroups([[r"\\btrein", r"\\d\\s?%"], [r"stro+m"]]).search("de trein is weg")
(1.0, 0.0)
"""

import re
from collections.abc import Sequence
from operator import itemgetter

from ahocorasick_rs import AhoCorasick

_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyz0123456789 '-:àáâäçèéêëìíîïñòóôöùúûüÿ")
# Characters too rare in posts to prefilter with the automaton, but a fine guard for a part that
# has no other literal: `\d\s?%` runs only on texts with a "%".
_GUARDS = _PLAIN | frozenset("%€$#@&")
#: Shorter literals would send nearly every post to the group anyway.
MIN_ANCHOR = 2
_FIRST = itemgetter(0)


def anchor(part: str, plain: frozenset[str] = _PLAIN) -> str:
    """The longest literal of ``plain`` characters that every match of one regex part contains
    ('' when none is sure).

    Only characters at the top level of the part count: not inside groups or classes, not
    escaped, and not made optional by ``?``, ``*`` or ``{``.
    """
    best = run = ""
    depth, i, size = 0, 0, len(part)
    while i < size:
        ch = part[i]
        nxt = part[i + 1] if i + 1 < size else ""
        step = 1
        if ch == "\\":
            step = 2
        elif ch == "[":
            step = _class_end(part, i) - i
        elif ch == "{":
            step = part.index("}", i) - i + 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif depth == 0 and ch in plain and nxt not in ("?", "*", "{"):
            run += ch
            if nxt != "+":  # "o+" is at least one "o", but nothing after it is contiguous
                i += 1
                continue
        best = max(best, run, key=len)
        run = ""
        i += step
    return max(best, run, key=len)


# A mandatory choice whose alternatives hold no group or class ("stro+m", "elektr\w*", "gas"):
# writing it out as parts keeps the meaning, since (?:a|b)c matches where ac or bc does.
_ALTERNATIVE = r"(?:[a-z0-9 '+*?-]|\\w)+"
_LITERAL_CHOICE = re.compile(rf"\(\?:({_ALTERNATIVE}(?:\|{_ALTERNATIVE})+)\)(?![?*{{+])")
#: A part is written out into at most this many parts to find literals for it.
MAX_EXPANSION = 64


def expand(part: str) -> list[str]:
    """The part as equivalent parts that each have an :func:`anchor`, where it takes writing
    out a choice of literals: "x (?:zwart|donker) y" is "x zwart y" or "x donker y".

    >>> expand("x+ (?:zwart|donker)")
    ['x+ zwart', 'x+ donker']
    """
    todo, done = [part], list[str]()
    while todo:
        p = todo.pop(0)
        m = None if len(anchor(p)) >= MIN_ANCHOR else _top_level_choice(p)
        if m is None or len(todo) + len(done) >= MAX_EXPANSION:
            done.append(p)
            continue
        todo += [p[: m.start()] + alt + p[m.end() :] for alt in m.group(1).split("|")]
    return done


def _top_level_choice(part: str) -> re.Match[str] | None:
    """The first mandatory ``(?:a|b)`` of plain literals at the part's top level."""
    for m in _LITERAL_CHOICE.finditer(part):
        before = part[: m.start()].replace("\\(", "").replace("\\)", "")
        if before.count("(") == before.count(")") and "[" not in before:
            return m
    return None


def _class_end(part: str, start: int) -> int:
    """The index just past the ``]`` closing the class that opens at ``start``."""
    i = start + 1
    if i < len(part) and part[i] == "^":
        i += 1
    if i < len(part) and part[i] == "]":
        i += 1
    while part[i] != "]":
        i += 2 if part[i] == "\\" else 1
    return i + 1


def _compile(parts: Sequence[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in parts))


class AnchoredGroups:
    """Which of several alternations of regex parts match a text, as 0.0 or 1.0 each.

    Each literal gets its own small alternation per group (the parts anchored on it), so a
    found literal costs only its parts, not its whole group's. Parts with no literal run on
    every text, or only when a symbol they need ("%") is there.
    """

    def __init__(self, groups: Sequence[Sequence[str]]) -> None:
        by_literal: dict[str, dict[int, list[str]]] = {}
        free: dict[tuple[str, int], list[str]] = {}
        self._size = len(groups)
        for g, written in enumerate(groups):
            for p in (q for w in written for q in expand(w)):
                literal = anchor(p)
                if len(literal) >= MIN_ANCHOR:
                    by_literal.setdefault(literal, {}).setdefault(g, []).append(p)
                else:
                    free.setdefault((anchor(p, _GUARDS), g), []).append(p)
        self._literals = list(by_literal)
        # Bound search methods: this runs on every post that passes the prefilter.
        self._parts = [
            tuple((g, _compile(ps).search) for g, ps in by_literal[a].items())
            for a in self._literals
        ]
        self._free = [(guard, g, _compile(ps).search) for (guard, g), ps in free.items()]
        self._automaton = AhoCorasick(self._literals)
        self._find = self._automaton.find_matches_as_indexes

    def search(self, text: str) -> tuple[float, ...]:
        """For each group, 1.0 when any of its parts matches ``text``, else 0.0."""
        hit = [0.0] * self._size
        # The automaton's (literal, start, end) triples to the set of literals, in C.
        found = set(map(_FIRST, self._find(text, overlapping=True)))
        parts = self._parts
        for k in found:
            for g, search in parts[k]:
                if not hit[g] and search(text) is not None:
                    hit[g] = 1.0
        for guard, g, search in self._free:
            if not hit[g] and guard in text and search(text) is not None:
                hit[g] = 1.0
        return tuple(hit)
