"""A rule-based complaint classifier: is this post a current power or gas outage here?

Evidence is weighed, not vetoed: "geen stroom, geen wifi" is a power outage that also took the
wifi, while "KPN storing, geen internet" is a telecom fault. Each rule adds or subtracts weight
for power and for gas; a post is a complaint when its best utility reaches ``THRESHOLD``. Most
posts never mention power or gas, so one cheap prefilter sends them to ``noise`` first.

>>> c = RuleClassifier()
>>> c.classify("weer geen stroom in 6821").label
'stroom'
>>> c.classify("Geen stroom, geen wifi, geen koffie").label
'stroom'
>>> c.classify("storing bij NS tussen Utrecht en Amersfoort").label
'noise'
>>> c.classify("mijn telefoon heeft geen stroom meer").label
'noise'
>>> c.classify("gas doet het niet meer, storing? @enexis").label
'gas'
>>> c.classify("Stroom is weer terug in Lombok!").restored
True
"""

import re
from dataclasses import dataclass
from typing import Literal

from detectors._rule_against import NEGATIVE
from detectors._rule_phrases import (
    GAS_STRONG,
    GAS_WEAK,
    HERE_NOW,
    OPERATOR,
    PARTS,
    POWER_STRONG,
    POWER_WEAK,
    RESTORED,
)
from detectors._rule_prefilter import PREFILTER
from detectors.anchors import AnchoredGroups
from detectors.spelling import normalise

Label = Literal["stroom", "gas", "noise"]

#: Weight a utility needs to be called a complaint.
THRESHOLD = 3.0


@dataclass(frozen=True, slots=True)
class Classification:
    """The verdict on one post; ``restored`` marks "it is back" posts, which are not complaints."""

    label: Label
    confidence: float
    restored: bool = False
    #: the evidence for the utility it leans to, against ``THRESHOLD`` (0 for plain noise)
    score: float = 0.0
    lean: Label = "noise"


NOISE = Classification("noise", 0.99)

# One pass that says whether any outage or restoration phrase is there at all: most posts that
# pass the prefilter ("gast", "donker weer") stop here.
_ANY = re.compile(
    "|".join(
        f"(?:{rx.pattern})" for rx in (POWER_STRONG, POWER_WEAK, GAS_STRONG, GAS_WEAK, RESTORED)
    )
)


#: What :meth:`RuleClassifier.evidence` reports, in order: each rule group fires or not.
EVIDENCE = (
    "power_strong",
    "power_weak",
    "gas_strong",
    "gas_weak",
    "operator",
    "here_now",
    "restored",
    "device",
    "transport",
    "telecom",
    "abroad",
    "not_now",
    "elsewhere",
    "figurative",
    "household",
)
_GROUPS = (
    POWER_STRONG,
    POWER_WEAK,
    GAS_STRONG,
    GAS_WEAK,
    OPERATOR,
    HERE_NOW,
    RESTORED,
    *(rx for rx, _ in NEGATIVE),
)
_ANCHORED = AnchoredGroups([PARTS[rx.pattern] for rx in _GROUPS])


def has_stem(low: str) -> bool:
    """Whether lowercased text holds any stem an outage or restoration post must contain."""
    return bool(PREFILTER.find_matches_as_indexes(low))


def candidate(text: str) -> str | None:
    """The normalised lowercased text if it could be an outage or restoration post, else None.

    Two cheap passes: the Aho-Corasick stems, then one regex of every outage and restoration
    phrase. About one post in a hundred passes both.

    >>> candidate("Geen stroom hier"), candidate("Lekker weer"), candidate("een gast")
    ('geen stroom hier', None, None)
    """
    low = text.lower()
    if not PREFILTER.find_matches_as_indexes(low):
        return None
    low = normalise(low)
    return low if _ANY.search(low) is not None else None


class RuleClassifier:
    """Weighted keyword and phrase rules over lowercased text; no state, no clock."""

    version = "rules-4"

    def evidence(self, low: str) -> tuple[float, ...]:
        """Which rule groups (:data:`EVIDENCE`) fire on normalised lowercased text, as 0 or 1.

        >>> dict(zip(EVIDENCE, RuleClassifier().evidence("storing bij ns")))["transport"]
        1.0
        """
        return _ANCHORED.search(low)

    @staticmethod
    def restored(evidence: tuple[float, ...]) -> bool:
        """Whether :meth:`classify` would call a post with this evidence "it is back".

        >>> c = RuleClassifier()
        >>> c.restored(c.evidence("stroom is weer terug")), c.restored(c.evidence("geen stroom"))
        (True, False)
        """
        against = sum(w * e for (_, w), e in zip(NEGATIVE, evidence[7:], strict=True))
        return evidence[6] > 0.0 and against < THRESHOLD

    def classify(self, text: str) -> Classification:
        """Classify one post's text."""
        low = text.lower()
        if not PREFILTER.find_matches_as_indexes(low):
            return NOISE
        low = normalise(low)
        if _ANY.search(low) is None:
            return NOISE
        power = 3.0 * bool(POWER_STRONG.search(low)) + 2.5 * bool(POWER_WEAK.search(low))
        gas = 3.0 * bool(GAS_STRONG.search(low)) + 1.5 * bool(GAS_WEAK.search(low))
        against = sum(w for rx, w in NEGATIVE if rx.search(low))
        if RESTORED.search(low) is not None:
            return Classification("noise", 0.8, restored=against < THRESHOLD)
        if power == 0.0 and gas == 0.0:
            return Classification("noise", 0.9)
        boost = (
            1.0 * bool(OPERATOR.search(low))
            + 0.5 * bool(HERE_NOW.search(low))
            + 0.5 * ("storing" in low or "#" in low)
        )
        label: Label = "gas" if gas > power else "stroom"
        score = max(power, gas) + boost - against
        if score < THRESHOLD:
            conf = min(0.95, 0.6 + 0.1 * (THRESHOLD - score))
            return Classification("noise", conf, score=score, lean=label)
        return Classification(label, min(0.99, 0.6 + 0.08 * score), score=score, lean=label)
