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

from ahocorasick_rs import AhoCorasick

_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyz0123456789 '-:àáâäçèéêëìíîïñòóôöùúûüÿ")
#: Shorter literals would send nearly every post to the group anyway.
MIN_ANCHOR = 2


def anchor(part: str) -> str:
    """The longest literal that every match of one regex part contains ('' when none is sure).

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
        elif depth == 0 and ch in _PLAIN and nxt not in ("?", "*", "{"):
            run += ch
            if nxt != "+":  # "o+" is at least one "o", but nothing after it is contiguous
                i += 1
                continue
        best = max(best, run, key=len)
        run = ""
        i += step
    return max(best, run, key=len)


_LITERAL_CHOICE = re.compile(r"\(\?:([a-z0-9 '|-]+)\)(?![?*{])")
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


def _alternation(parts: Sequence[str]) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{p})" for p in parts)) if parts else None


class AnchoredGroups:
    """Which of several alternations of regex parts match a text, as 0.0 or 1.0 each."""

    def __init__(self, groups: Sequence[Sequence[str]]) -> None:
        owners: dict[str, set[int]] = {}
        self._anchored: list[re.Pattern[str] | None] = []
        self._free: list[re.Pattern[str] | None] = []
        for g, written in enumerate(groups):
            parts = [q for p in written for q in expand(p)]
            anchored = [p for p in parts if len(anchor(p)) >= MIN_ANCHOR]
            for p in anchored:
                owners.setdefault(anchor(p), set()).add(g)
            self._anchored.append(_alternation(anchored))
            self._free.append(_alternation([p for p in parts if p not in anchored]))
        self._literals = list(owners)
        self._owners = [frozenset(owners[a]) for a in self._literals]
        self._automaton = AhoCorasick(self._literals)

    def search(self, text: str) -> tuple[float, ...]:
        """For each group, 1.0 when any of its parts matches ``text``, else 0.0."""
        found: set[int] = set()
        for k, _, _ in self._automaton.find_matches_as_indexes(text, overlapping=True):
            found |= self._owners[k]
        return tuple(
            float(
                (g in found and anchored is not None and anchored.search(text) is not None)
                or (free is not None and free.search(text) is not None)
            )
            for g, (anchored, free) in enumerate(zip(self._anchored, self._free, strict=True))
        )
