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
        for g, parts in enumerate(groups):
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
