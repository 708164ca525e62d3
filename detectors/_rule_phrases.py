"""The rule classifier's outage phrases: power and gas, operator, here-and-now, restored.

Every group is built by :func:`rx`, which also records its parts in :data:`PARTS` for
:class:`detectors.anchors.AnchoredGroups`.
"""

import re

#: The parts of every rule group, by its pattern, for :class:`AnchoredGroups`.
PARTS: dict[str, tuple[str, ...]] = {}


def rx(*parts: str) -> re.Pattern[str]:
    """One regex group: the alternation of ``parts``, recorded in :data:`PARTS`."""
    pattern = re.compile("|".join(f"(?:{p})" for p in parts))
    PARTS[pattern.pattern] = parts
    return pattern


POWER_STRONG = rx(
    r"\bgeen stro+m",
    r"\bzonder stro+m",
    r"stroom ?storing",
    r"stroomuitval",
    r"\bno power\b",
    r"stro+m\w* (?:is |valt |viel |ging |gaat )?(?:\w+ ){0,2}(?:uitgevallen|weggevallen|"
    r"uit\b|weg\b|eraf|er af|eruit)",
    r"daar gaat de stroom",
    r"stroom (?:doet|werkt) (?:het )?niet",
    r"\bpower(?:'s| is| has)? (?:\w+ )?(?:cut|out|down|gone|outage|failure|went out)",
    r"power (?:cut|outage|failure)",
    r"is the power out",
    r"(?:lose|lost|losing|without) (?:the )?power",
    r"\bno electricity",
    r"elektri\w* (?:is |valt |viel )?(?:uit|weg|uitgevallen)",
    r"\bgeen elektri",
    # the operator's own webcare replies confirm an outage and name where
    r"monteur is onderweg",
    r"we weten van de storing",
    r"storing in de omgeving van",
    r"hele (?:straat|wijk|buurt|flat|dorp) (?:is |zit |ligt )?(?:zwart|donker|zonder)",
)
POWER_WEAK = rx(
    r"\bblack-?out\b",
    r"pik(?:ke)?donker",
    r"alles (?:is )?(?:zwart|donker|uit)\b",
    r"(?:hele |de |onze )?(?:straat|wijk|buurt|flat|huizen|dorp|stad)\w* (?:\w+ )?(?:is |zijn |"
    r"ligt |liggen |zit |zitten )?(?:zwart|donker|zonder)\b",
    r"\blicht(?:en)? (?:is |zijn |gaat |"
    r"ging |gingen |viel |vielen )?(?:uit|weg)\b",
    r"\bgeen licht\b",
    r"street is dark",
    r"lights? (?:are |went |is )?out",
    r"\bin het donker\b",
    r"kortsluiting",
)
GAS_STRONG = rx(
    r"\bgeen gas\b",
    r"\bgas ?storing",
    r"\bgas(?: is| valt| viel)? (?:\w+ )?(?:uit|weg|eraf|"
    r"uitgevallen)\b",
    r"gasuitval",
    r"\bzonder gas\b",
    r"\bgas (?:doet|werkt) (?:het )?niet",
    r"\bno gas\b",
    r"gas (?:supply|outage)",
)
GAS_WEAK = rx(
    r"\b(?:cv|ketel|verwarming|kookplaat|fornuis|gasfornuis)\w* (?:doet|werkt|brandt) "
    r"(?:het )?niet",
    r"geen warm water",
    r"\bkoude douche",
)
OPERATOR = rx(r"liander", r"enexis", r"stedin", r"westland ?infra", r"\brendo\b", r"coteq")
HERE_NOW = rx(
    r"\bhier\b",
    r"\bbij ons\b",
    r"\bbij mij\b",
    r"\bnet\b",
    r"\bnu\b",
    r"\bweer\b",
    r"\bsinds\b",
    r"\bal \d+ (?:min|uur)",
    r"iemand anders",
    r"anyone else",
    r"\bjust\b",
    r"\bright now\b",
)

RESTORED = rx(
    r"(?:stro+m|gas|licht|elektr\w*|power|lights?)(?:'s| is| are| zijn| doet het| doen het)? "
    r"(?:\w+ )?(?:we+r|back)\b(?! weg| uit)",
    r"\bwe+r (?:stro+m|licht|gas)\b",
    r"(?:storing|stroomstoring|gasstoring) (?:is )?(?:voorbij|opgelost|verholpen)",
    r"power (?:has been )?restored",
    r"(?:heb|hebben) (?:we )?weer (?:stroom|licht|gas)",
    r"daar is het licht weer",
)
