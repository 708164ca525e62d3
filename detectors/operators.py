"""The grid operator a complaint tags, and which one serves a province.

"Hele straat donker @EnexisGroep" names no place, but people tag the operator that serves
them, so it says which part of the country the outage is in: a placeless complaint that tags
an operator can back a located report only in that operator's area (``detectors.surprise``).
Such tags are rarer than placeless complaints in general and seldom chatter, so they weigh
more. The areas are approximate, by province: Liander also serves parts of Zuid-Holland, and
some towns have a smaller operator (Westland Infra, Coteq, Rendo).

>>> tagged_operator("Alles zwart hier @EnexisGroep"), tagged_operator("geen stroom @buurman")
('enexis', None)
>>> operator_of("Zuid-Holland"), operator_of("Friesland")
('stedin', 'liander')
"""

import re
from typing import Final, cast

from schemas import Operator

#: The three large distribution operators by province; the rest is Liander's.
_BY_PROVINCE: Final[dict[str, str]] = {
    "Groningen": "enexis",
    "Drenthe": "enexis",
    "Overijssel": "enexis",
    "Noord-Brabant": "enexis",
    "Limburg": "enexis",
    "Utrecht": "stedin",
    "Zuid-Holland": "stedin",
    "Zeeland": "stedin",
}
OPERATORS: Final = ("enexis", "liander", "stedin")
_HANDLE = re.compile(r"@(liander|enexis|stedin)", re.IGNORECASE)


def tagged_operator(text: str) -> Operator | None:
    """The operator whose account ``text`` tags (``None``: none, or more than one)."""
    if "@" not in text:  # the common case, on every complaint
        return None
    found = {m.lower() for m in _HANDLE.findall(text)}
    return cast(Operator, found.pop()) if len(found) == 1 else None


def operator_of(provincie: str) -> str:
    """The operator that serves most of a province."""
    return _BY_PROVINCE.get(provincie, "liander")
