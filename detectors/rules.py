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

from ahocorasick_rs import AhoCorasick

from detectors.anchors import AnchoredGroups
from detectors.spelling import KEY_TERMS, normalise, one_edit

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


#: The parts of every rule group, by its pattern, for :class:`AnchoredGroups`.
_PARTS: dict[str, tuple[str, ...]] = {}


def _rx(*parts: str) -> re.Pattern[str]:
    rx = re.compile("|".join(f"(?:{p})" for p in parts))
    _PARTS[rx.pattern] = parts
    return rx


# Anything that could be an outage report or a restoration contains one of these stems, or it
# is noise. An Aho-Corasick automaton finds them in one pass (a regex alternation of the same
# stems costs five times as much, and this runs on every post).
_STEMS = (
    "stroom",
    "strooom",
    "strom",
    "storing",
    "gas",
    "elektr",
    "licht",
    "donker",
    "zwart",
    "power",
    "outage",
    "blackout",
    "black-out",
    "liander",
    "enexis",
    "stedin",
    "westland",
    "rendo",
    "coteq",
    "kookplaat",
    "cv ",
    "cv-",
    "verwarming",
    "warm water",
    "ketel",
    "uitgevallen",
    "uitval",
    "electricity",
    "dark",
    "light",
    "monteur",
)
# Typed in a hurry: every key term one edit away ("srtoom", "stoing") passes too, so that the
# typo repair of ``normalise`` gets to read it. Shorter variants stay out: "zwar" is in "zwaar".
_TYPOS = {v for term in KEY_TERMS for v in one_edit(term) if len(v) >= 5} - {
    "stroop",  # syrup, stroopwafels
    "stroob",  # Stroobos
    "strook",
}
_PREFILTER = AhoCorasick(sorted({*_STEMS, *_TYPOS}))

_POWER_STRONG = _rx(
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
_POWER_WEAK = _rx(
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
_GAS_STRONG = _rx(
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
_GAS_WEAK = _rx(
    r"\b(?:cv|ketel|verwarming|kookplaat|fornuis|gasfornuis)\w* (?:doet|werkt|brandt) "
    r"(?:het )?niet",
    r"geen warm water",
    r"\bkoude douche",
)
_OPERATOR = _rx(r"liander", r"enexis", r"stedin", r"westland ?infra", r"\brendo\b", r"coteq")
_HERE_NOW = _rx(
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

_RESTORED = _rx(
    r"(?:stro+m|gas|licht|elektr\w*|power|lights?)(?:'s| is| are| zijn| doet het| doen het)? "
    r"(?:\w+ )?(?:we+r|back)\b(?! weg| uit)",
    r"\bwe+r (?:stro+m|licht|gas)\b",
    r"(?:storing|stroomstoring|gasstoring) (?:is )?(?:voorbij|opgelost|verholpen)",
    r"power (?:has been )?restored",
    r"(?:heb|hebben) (?:we )?weer (?:stroom|licht|gas)",
    r"daar is het licht weer",
)

# Reasons a post that speaks of power or gas is not a current grid outage here.
_DEVICE = _rx(
    r"telefoon",
    r"mobiel",
    r"\bgsm\b",
    r"laptop",
    r"\baccu",
    r"batterij",
    r"oplader",
    r"powerbank",
    r"opladen",
    r"\bphone\b",
    r"\bbattery",
    r"\btablet",
    r"\bipad",
    r"airpods",
    r"koptelefoon",
    r"e-?bike",
    r"\bauto\b",
)
_TRANSPORT = _rx(
    r"\bns\b",
    r"trein",
    r"\bspoor",
    r"seinstoring",
    r"wisselstoring",
    r"prorail",
    r"intercity",
    r"sprinter",
    r"bovenleiding",
    r"overweg",
    r"\bmetro",
    r"\btram\b",
    r"\bret\b",
    r"\bgvb\b",
    r"\bhtm\b",
    r"schiphol",
    r"vertraging",
    r"machinist",
    r"conducteur",
)
_TELECOM = _rx(
    r"\bkpn\b",
    r"ziggo",
    r"odido",
    r"t-mobile",
    r"vodafone",
    r"netwerkstoring",
    r"internetstoring",
    r"storing bij (?:de )?(?:kpn|ziggo|odido|vodafone|t-mobile|ing|rabo|abn)",
    r"\bdns\b",
    r"whatsapp",
    r"instagram",
    r"netflix",
    r"\bapp\b",
    r"\bing\b",
    r"rabo",
    r"\babn\b",
    r"\bbank",
    r"\bdigid",
    r"\bideal\b",
    r"\bserver",
    r"\bstoring bij (?:de )?"
    r"(?!liander|enexis|stedin|ons\b|mij\b)\w+",
)
_ABROAD = _rx(
    r"spanje",
    r"portugal",
    r"duitsland",
    r"belgi",
    r"frankrijk",
    r"engeland",
    r"londen",
    r"amerika",
    r"\busa\b",
    r"texas",
    r"californi",
    r"oekra",
    r"rusland",
    r"cuba",
    r"iberi",
    r"itali",
    r"brussel",
    r"antwerpen",
    # just across the border, and not ours either
    r"d[uü]sseldorf",
    r"keulen",
    r"\baken\b",
    r"\bgent\b",
    r"\bluik\b",
    r"dortmund",
    r"m[uü]nster",
    r"\bspain\b",
    r"germany",
    r"pakistan",
    r"india",
    r"chili",
    r"chile",
    r"puerto rico",
    r"zuid-afrika",
    r"south africa",
    r"barcelona",
    r"lissabon",
    r"madrid",
    r"parijs",
    r"berlijn",
    r"new york",
    r"turkije",
    r"griekenland",
    r"marokko",
    r"egypte",
    r"brazili",
    r"mexico",
    r"argentini",
    r"australi",
    r"japan",
    r"china",
    r"indonesi",
    r"suriname",
    r"curaçao",
    r"curacao",
    r"aruba",
    r"bonaire",
    r"libanon",
    r"iran",
    r"irak",
    r"syri",
    r"venezuela",
    r"nigeria",
    r"kenia",
    r"gaza",
    r"isra[eë]l",
    r"kroati",
    r"oostenrijk",
    r"zwitserland",
    r"zweden",
    r"noorwegen",
    r"denemarken",
    r"polen",
    r"ierland",
    r"schotland",
    r"op vakantie",
    r"\bhotel",
    r"\babroad\b",
    r"camping in",
)
_NOT_NOW = _rx(
    r"vorig(?:e)? (?:jaar|week|maand|winter|zomer)",
    r"jaren geleden",
    # "de storing van 2015", but not a postcode: "in 2082?", "omgeving van 2019 haarlem"
    r"\b(?:van|sinds|uit) (?:19[5-9]\d|20[0-2]\d)\b(?! ?[a-z])",
    r"^in (?:19|20)\d\d\b",
    r"\bdat was\b",
    r"weet je nog",
    r"destijds",
    r"\btoen\b",
    r"gisteren",
    r"vannacht was",
    r"\booit\b",
    r"vertelt",
    r"herinner",
    r"last (?:year|week)",
    r"gepland",
    r"onderhoud",
    r"werkzaamheden",
    r"aangekondigd",
    r"volgende (?:week|maand)",
    r"\bmorgen\b",
    r"\bkomt\b.*\bvervangen",
    r"meter vervangen",
    r"dan even geen",
    r"\bstraks\b",
    r"\bals de stroom",
    r"\bstel dat",
    r"\bwat als\b",
    r"noodpakket",
    r"voorbereid",
    r"\bnieuws\b",
    r"\baantal\b",
    r"gestegen",
    r"procent",
    r"\d\s?%",
    r"onderzoek",
    r"rapport",
    r"netbeheerders:",
    r"\bstatistiek",
)
_ELSEWHERE = _rx(
    r"stadion",
    r"wedstrijd",
    r"na de rust",
    r"\bhelft\b",
    r"\bfc\b",
    r"\bpsv\b",
    r"\bajax\b",
    r"feyenoord",
    r"\baz\b",
    r"twente",
    r"concert",
    r"festival",
    r"bioscoop",
    r"theater",
    r"voorstelling",
    r"optreden",
)
# A fault inside one home is the customer's, not the grid's.
_HOUSEHOLD = _rx(
    r"aardlek",
    r"zekering",
    r"\bstoppen\b",
    r"doorgeslagen",
    r"verlengsnoer",
    r"\bschuur\b",
    r"meterkast",
    r"\bgroep\b",
    r"waterkoker",
    r"stekker",
    r"\bbreaker",
    r"\bfuse\b",
)
_FIGURATIVE = _rx(
    r"\bonder stroom",
    r"stroomversnelling",
    r"tegen de stroom",
    r"\bstroom van (?:kritiek|"
    r"berichten|reacties|klachten|mensen|toeristen|vluchtelingen)",
    r"golfstroom",
    r"stroomopwaarts",
    r"stroomafwaarts",
    r"stroomlijn",
    r"(?:hoofd|zij|mee)stroom",
    r"groene stroom",
    r"stroom ?prijs",
    r"stroomrekening",
    r"stroomnet (?:zit |is )?vol",
    r"netcongestie",
    r"energie ?(?:prijs|rekening|contract)",
    r"dynamisch",
    r"zonnepanel",
    r"laadpaal",
    r"thuisbatterij",
    r"gasprijs",
    r"gasrekening",
    r"gaswinning",
    r"aardbeving",
    r"gaslucht",
    r"gaslek",
    r"power ?(?:play|point|nap|ranger|bi|bank)",
    r"spanning",
    r"zwart (?:piet|geld|werk|zaad)",
    r"donker (?:bruin|blauw|rood|groen)",
    r"zwarte? "
    r"(?:vrijdag|friday|humor|lijst)",
    r"black friday",
    r"\bdonkere dagen",
)

# One pass that says whether any outage or restoration phrase is there at all: most posts that
# pass the prefilter ("gast", "donker weer") stop here.
_ANY = re.compile(
    "|".join(
        f"(?:{rx.pattern})"
        for rx in (_POWER_STRONG, _POWER_WEAK, _GAS_STRONG, _GAS_WEAK, _RESTORED)
    )
)

_NEGATIVE: tuple[tuple[re.Pattern[str], float], ...] = (
    (_DEVICE, 4.0),
    (_TRANSPORT, 4.0),
    (_TELECOM, 2.5),
    (_ABROAD, 4.0),
    (_NOT_NOW, 4.0),
    (_ELSEWHERE, 3.5),
    (_FIGURATIVE, 4.0),
    (_HOUSEHOLD, 4.0),
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
    _POWER_STRONG,
    _POWER_WEAK,
    _GAS_STRONG,
    _GAS_WEAK,
    _OPERATOR,
    _HERE_NOW,
    _RESTORED,
    *(rx for rx, _ in _NEGATIVE),
)
_ANCHORED = AnchoredGroups([_PARTS[rx.pattern] for rx in _GROUPS])


def has_stem(low: str) -> bool:
    """Whether lowercased text holds any stem an outage or restoration post must contain."""
    return bool(_PREFILTER.find_matches_as_indexes(low))


def candidate(text: str) -> str | None:
    """The normalised lowercased text if it could be an outage or restoration post, else None.

    Two cheap passes: the Aho-Corasick stems, then one regex of every outage and restoration
    phrase. About one post in a hundred passes both.

    >>> candidate("Geen stroom hier"), candidate("Lekker weer"), candidate("een gast")
    ('geen stroom hier', None, None)
    """
    low = text.lower()
    if not _PREFILTER.find_matches_as_indexes(low):
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
        against = sum(w * e for (_, w), e in zip(_NEGATIVE, evidence[7:], strict=True))
        return evidence[6] > 0.0 and against < THRESHOLD

    def classify(self, text: str) -> Classification:
        """Classify one post's text."""
        low = text.lower()
        if not _PREFILTER.find_matches_as_indexes(low):
            return NOISE
        low = normalise(low)
        if _ANY.search(low) is None:
            return NOISE
        power = 3.0 * bool(_POWER_STRONG.search(low)) + 2.5 * bool(_POWER_WEAK.search(low))
        gas = 3.0 * bool(_GAS_STRONG.search(low)) + 1.5 * bool(_GAS_WEAK.search(low))
        against = sum(w for rx, w in _NEGATIVE if rx.search(low))
        if _RESTORED.search(low) is not None:
            return Classification("noise", 0.8, restored=against < THRESHOLD)
        if power == 0.0 and gas == 0.0:
            return Classification("noise", 0.9)
        boost = (
            1.0 * bool(_OPERATOR.search(low))
            + 0.5 * bool(_HERE_NOW.search(low))
            + 0.5 * ("storing" in low or "#" in low)
        )
        label: Label = "gas" if gas > power else "stroom"
        score = max(power, gas) + boost - against
        if score < THRESHOLD:
            conf = min(0.95, 0.6 + 0.1 * (THRESHOLD - score))
            return Classification("noise", conf, score=score, lean=label)
        return Classification(label, min(0.99, 0.6 + 0.08 * score), score=score, lean=label)
