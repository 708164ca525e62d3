"""A rule-based complaint classifier: is this post a current power or gas outage here?

Most posts never mention power or gas, so one cheap prefilter regex sends them to ``noise``
before any other rule runs; only the few that may be complaints pay for the full rules.

>>> c = RuleClassifier()
>>> c.classify("weer geen stroom in 6821").label
'stroom'
>>> c.classify("storing bij NS tussen Utrecht en Amersfoort").label
'noise'
>>> c.classify("mijn telefoon heeft geen stroom meer").label
'noise'
>>> c.classify("Stroom is weer terug in Lombok!").restored
True
"""

import re
from dataclasses import dataclass
from typing import Literal

Label = Literal["stroom", "gas", "noise"]


@dataclass(frozen=True, slots=True)
class Classification:
    """The verdict on one post; ``restored`` marks "it is back" posts, which are not complaints."""

    label: Label
    confidence: float
    restored: bool = False


NOISE = Classification("noise", 0.99)


def _rx(*parts: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in parts))


# Anything that could be an outage report or a restoration must match this, or it is noise.
_PREFILTER = _rx(
    r"stroom", r"storing", r"\bgas", r"elektr", r"\blicht", r"donker", r"zwart", r"power",
    r"outage", r"blackout", r"black-out", r"\bspanning", r"liander", r"enexis", r"stedin",
    r"westland ?infra", r"rendo", r"coteq", r"netbeheer", r"kookplaat", r"\bcv\b", r"verwarming",
    r"warm water", r"\bketel", r"uitgevallen", r"uitval", r"\bpower\b", r"electricity",
)

_POWER = _rx(
    r"geen stroom", r"stroom ?storing", r"stroomuitval", r"stroom(?: is| valt)? ?(?:uit|weg|eraf|"
    r"uitgevallen|er ?af|er ?uit)", r"zonder stroom", r"\bstroom (?:doet|werkt) (?:het )?niet",
    r"alles (?:is )?(?:zwart|donker|uit)", r"hele (?:straat|wijk|buurt|flat|dorp) (?:is )?"
    r"(?:zwart|donker|zonder)", r"(?:straat|wijk|buurt)(?:verlichting)? (?:is )?(?:zwart|donker)",
    r"licht(?:en)? (?:is |zijn |gaat |gingen |ging )?(?:uit|weg)\b", r"geen licht", r"elektr\w* "
    r"(?:is |valt )?(?:uit|weg)", r"geen elektr", r"power (?:cut|outage|failure|is out|is down|"
    r"went out)", r"no (?:power|electricity)", r"\bblack-?out\b", r"(?:zitten|zit) (?:we |ik )?"
    r"(?:hier )?(?:in het donker|zonder)", r"kortsluiting in de wijk",
)

_GAS = _rx(
    r"geen gas\b", r"gas ?storing", r"gas(?: is| valt)? ?(?:uit|weg|eraf|uitgevallen)\b",
    r"gasuitval", r"zonder gas\b", r"(?:cv|ketel|verwarming|kookplaat|fornuis)\w* (?:doet|"
    r"werkt|brandt) (?:het )?niet", r"geen warm water", r"\bgas (?:doet|werkt) (?:het )?niet",
    r"no gas\b", r"gas (?:supply|outage)",
)

_OPERATOR = _rx(r"@?liander", r"@?enexis", r"@?stedin", r"westland ?infra", r"@?rendo", r"@?coteq")

_RESTORED = _rx(
    r"(?:stroom|gas|licht|elektr\w*) (?:is |zijn |doet het |doen het )?weer (?:terug|aan|er)\b",
    r"weer stroom", r"weer gas\b", r"(?:stroom|gas)storing (?:is )?(?:voorbij|opgelost|verholpen)",
    r"power is back", r"power (?:has been )?restored", r"heb(?:ben)? weer (?:stroom|licht|gas)",
)

# Reasons a post that talks of power or outages is not a current grid outage here.
_CONFUSER = _rx(
    # rail
    r"\bns\b", r"trein", r"\bspoor", r"seinstoring", r"wisselstoring", r"prorail", r"intercity",
    r"sprinter", r"bovenleiding", r"overweg",
    # telecom and online services
    r"\bkpn\b", r"ziggo", r"odido", r"t-mobile", r"vodafone", r"internet", r"\bwifi",
    r"\bwi-fi", r"\b[45]g\b", r"netwerkstoring", r"\bdns\b", r"whatsapp", r"instagram", r"netflix",
    r"\bapp\b", r"\bing\b", r"rabo", r"\babn\b", r"\bbank", r"\bdigid", r"ideal\b",
    r"\bserver", r"\bstoring bij (?:de )?(?!liander|enexis|stedin)\w+\b",
    # devices: power in the sense of a battery
    r"telefoon", r"mobiel", r"\bgsm\b", r"laptop", r"\baccu", r"batterij", r"oplader", r"powerbank",
    r"opladen", r"\bphone\b", r"\bbattery",
    # outages abroad and news from elsewhere
    r"spanje", r"portugal", r"duitsland", r"belgi", r"frankrijk", r"engeland", r"londen",
    r"amerika", r"\busa\b", r"texas", r"california", r"oekra", r"rusland", r"cuba", r"iberi",
    r"italië", r"brussel", r"antwerpen", r"\bspain\b", r"\bgermany\b",
    # past, planned or hypothetical outages
    r"vorig(?:e)? (?:jaar|week|maand|winter|zomer)", r"jaren geleden", r"\bin (?:19|20)\d\d\b",
    r"weet je nog", r"destijds", r"\btoen\b", r"gisteren", r"vannacht was", r"gepland",
    r"onderhoud", r"werkzaamheden", r"aangekondigd", r"\bals de stroom", r"\bstel dat",
    r"noodpakket", r"\bwat als\b", r"last (?:year|week)",
    # figures of speech and the energy market
    r"onder stroom", r"stroomversnelling", r"tegen de stroom", r"stroom van", r"golfstroom",
    r"stroomopwaarts", r"stroomafwaarts", r"stroomlijn", r"(?:hoofd|zij|mee)stroom",
    r"groene stroom", r"stroom ?prijs", r"stroomrekening", r"stroomnet vol", r"netcongestie",
    r"energie ?(?:prijs|rekening|contract)", r"dynamisch", r"zonnepanel", r"laadpaal",
    r"gasprijs", r"gasrekening", r"gaswinning", r"aardbeving", r"gaslucht", r"gaslek",
    r"power ?(?:play|point|nap|ranger|bi)", r"spanning (?:loopt|stijgt|was)", r"gespannen",
    r"zwart (?:piet|geld|werk|zaad)", r"donker (?:bruin|blauw|rood|groen)", r"zwarte? (?:vrijdag|friday)",
)


class RuleClassifier:
    """Keyword and phrase rules over lowercased text; no state, no clock."""

    version = "rules-1"

    def classify(self, text: str) -> Classification:
        """Classify one post's text."""
        low = text.lower()
        if _PREFILTER.search(low) is None:
            return NOISE
        restored = _RESTORED.search(low) is not None
        power = _POWER.search(low) is not None
        gas = _GAS.search(low) is not None
        if restored:
            return Classification("noise", 0.8, restored=not _CONFUSER.search(low))
        if not (power or gas):
            return Classification("noise", 0.9)
        if _CONFUSER.search(low) is not None:
            return Classification("noise", 0.7)
        conf = 0.9 if _OPERATOR.search(low) else 0.8
        if gas and not power:
            return Classification("gas", conf)
        return Classification("stroom", conf)
