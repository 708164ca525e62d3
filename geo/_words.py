"""Hand-written word lists used to decide when a place name in a post is really a place.

The lists are small on purpose: they are checked against the place names in the data when the
gazetteer is built, so only names that collide with one of these words need context.
"""

__all__ = [
    "BLOCKED_NAMES",
    "CONTEXT_WORDS",
    "DIRECTIONS",
    "FUNCTION_WORDS",
    "GENERIC_NEIGHBOURHOODS",
    "HASHTAG_PREFIXES",
    "INTENSIFIERS",
    "OUTAGE_LEADS",
    "OUTAGE_WORDS",
    "PROVINCE_ABBREVIATIONS",
    "PROVINCE_WORDS",
    "SENTENCE_OPENERS",
    "SOFT_WORDS",
    "STRICT_WORDS",
]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Frequent Dutch (and English, posts mix both) words. A place whose name is one of these counts
# only with place context: "in Best", "#Best", or the place/profile field.
STRICT_WORDS = _words(
    """
    aan al alle alles als altijd ander andere anderen beek berg best bij binnen blij blije boer
    boven brand broek buiten buren dag dal dalen dan dat de deel den der des deze die dit doe doen
    dorp dorst duiven echt echten een eens eind eiland elk en eng er even fort gaan gas geen
    gewoon glas goed gooi graaf gracht groet haar half ham handel hart haven heel heer heide hem
    het hier hoe hoek hof holte hoog hoop hoeven huis ijzeren in is ja je jij kaart kan keer kluis
    kort laag land lang laar leek leest licht linde linden loon loo maar made mark meer mee men
    met midden middel molen na naar neer net niet nieuw nog noord noorden nu of om onder ook oost
    op oud over paarden park parken plas punt raam raar rekken rijen rijk rust schijf schoot
    sloten sluis son spier stad stoof straat stroom tempel ter tol top tot tuil tuk twee uit
    uitweg veen veld velden ven vink vlak voor vries vuren waal waar waarde wat weg weer wel wier
    wijk winkel wit witte zand zee zegge zij zijn zo zon zuid zwart
    amen appel baard baars balk ballast beitel bron ee enter erm goes graft grave hall holy horn
    ie lies mill born ens nes well lent putten kamp brink dam dijk heuvel hoeve meeuwen leeuwen slek
    loven maren mortel schaft vilt kreek herten eind oranje rien stein erica peins haps elim
    belt bears beets lions hank dem hee hees huls gauw kievit hingen witten spui est esp ell
    kanis wyk arum
    """
)

# Less frequent words that are also the names of sizeable towns: these count when written with
# a capital letter somewhere other than the start of the post, or with place context.
SOFT_WORDS = _words(
    """
    leiden huizen kampen dieren doorn monster zetten haren helden goor hulst hasselt vechten
    ruinen halle bergen horst steeg bult klomp kiel glip engel lier wilgen woude hoef haspel
    groeve moer pol vecht woerd zandloper biezen hagen hoven maten peulen riet strook wieken
    vlijt vrijheid wallen aker voorwaarts vijfhoek kroost hare pijp rijp lucht kalf spiegel
    harde maarten anna pieter joost hubert laurens roosteren losser
    """
)

# Words that carry no name information on their own; a multi-word name made only of these and
# common words ("De Hoop", "Wijk aan Zee") needs a capital letter.
FUNCTION_WORDS = _words(
    "de het t s den der des ter ten te op in aan en van bij onder over a d sint st nieuwe oude"
    " hoge lage kleine grote groot klein blauwe grauwe tweede eerste"
)

# Never read as a place: countries, provinces, regions and foreign cities that also occur as
# (tiny) Dutch place names in GeoNames.
BLOCKED_NAMES = _words(
    "nederland holland zeeland friesland limburg brabant gelderland overijssel drenthe flevoland"
    " america amerika europa malta napels bern zurich portland siberie egypte"
)

# A capitalised common-word place right after one of these is read as a place ("storing in Best").
CONTEXT_WORDS = _words("in te bij uit rond rondom omgeving regio nabij naar richting")

# Outage words: a capitalised common-word place right after one ("stroomstoring Goes"), or any
# place opening a post right before one ("Goes zonder stroom", "kampen gasstoring"), is a place.
OUTAGE_WORDS = _words(
    "stroom gas licht elektriciteit stroomstoring stroomstoringen gasstoring stroomuitval storing"
    " blackout stroomloos power outage"
)

# Words that may sit between a post-opening place and its outage word: "Putten weer eens zonder
# stroom", "Goes zit zonder stroom". Anything else ("Best balen, ...") breaks the link.
OUTAGE_LEADS = _words("zonder zit zitten zat geen weer eens al ook is heeft helemaal")

# "heel Goes", "half Leiden": an intensifier in front makes a capitalised name a place.
INTENSIFIERS = _words("heel hele half halve")

# Common-word places that open ordinary sentences about an outage ("Echt geen stroom", "Buren
# zonder stroom"): never read as a place from what follows them.
SENTENCE_OPENERS = _words(
    "echt heel een keer anderen raar hem eng gauw ie erm ens top buren hoek oranje"
)

# Town parts written as "Zwolle-Zuid", "Den Haag Centrum": bearing in degrees, or None for centre.
DIRECTIONS: dict[str, float | None] = {
    "noord": 0.0,
    "noordoost": 45.0,
    "oost": 90.0,
    "zuidoost": 135.0,
    "zuid": 180.0,
    "zuidwest": 225.0,
    "west": 270.0,
    "noordwest": 315.0,
    "centrum": None,
    "binnenstad": None,
}

# GeoNames neighbourhood names too generic to place without a town ("Centrum" is everywhere).
GENERIC_NEIGHBOURHOODS = frozenset(
    {
        "centrum",
        "binnenstad",
        "noord",
        "oost",
        "zuid",
        "west",
        "dorp",
        "wijk",
        "het dorp",
        "oud west",
        "oud zuid",
        "heide",
        "molen",
    }
)

# Words that pin a name to a province in a post or profile ("Hengelo Gld", "Bergen (NH)").
PROVINCE_WORDS: dict[str, str] = {
    "drenthe": "Drenthe",
    "friesland": "Friesland",
    "fryslan": "Friesland",
    "gelderland": "Gelderland",
    "achterhoek": "Gelderland",
    "veluwe": "Gelderland",
    "liemers": "Gelderland",
    "betuwe": "Gelderland",
    "groningen": "Groningen",
    "limburg": "Limburg",
    "brabant": "Noord-Brabant",
    "noord brabant": "Noord-Brabant",
    "noord holland": "Noord-Holland",
    "west friesland": "Noord-Holland",
    "overijssel": "Overijssel",
    "twente": "Overijssel",
    "salland": "Overijssel",
    "utrecht": "Utrecht",
    "zeeland": "Zeeland",
    "zuid holland": "Zuid-Holland",
    "flevoland": "Flevoland",
}

# Province abbreviations as used after a place name: GeoNames/4pp suffixes ("Loo Gld") and posts.
PROVINCE_ABBREVIATIONS: dict[str, str] = {
    "dr": "Drenthe",
    "fr": "Friesland",
    "gld": "Gelderland",
    "gl": "Gelderland",
    "gn": "Groningen",
    "gr": "Groningen",
    "l": "Limburg",
    "lb": "Limburg",
    "li": "Limburg",
    "nb": "Noord-Brabant",
    "nh": "Noord-Holland",
    "ov": "Overijssel",
    "u": "Utrecht",
    "ut": "Utrecht",
    "z": "Zeeland",
    "zl": "Zeeland",
    "zh": "Zuid-Holland",
    "fl": "Flevoland",
}

# Outage words glued in front of a town in hashtags: #stroomstoringarnhem.
HASHTAG_PREFIXES = (
    "stroomstoring",
    "stroomuitval",
    "gasstoring",
    "geenstroom",
    "storing",
    "stroom",
    "blackout",
    "poweroutage",
)
