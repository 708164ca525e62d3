"""How people name Dutch places, regions and grid operators in posts and profiles."""

import random
import re
from typing import Final

from simulate._places import Area
from simulate._textgen import pick

# Everyday names of places whose official woonplaats name nobody writes.
ALIASES: Final[dict[str, tuple[str, ...]]] = {
    "'s-Gravenhage": ("Den Haag", "Den Haag", "Den Haag", "The Hague"),
    "'s-Hertogenbosch": ("Den Bosch", "Den Bosch", "'s-Hertogenbosch"),
    "Amsterdam": ("Amsterdam", "Amsterdam", "Amsterdam", "A'dam", "Mokum", "Adam"),
    "Rotterdam": ("Rotterdam", "Rotterdam", "Rotterdam", "R'dam", "Rdam"),
    "Utrecht": ("Utrecht", "Utrecht", "Utrecht", "Utreg"),
}
REGION: Final[dict[str, tuple[str, ...]]] = {
    "Groningen": ("Groningen", "Stad en Ommeland", "het Noorden", "ergens in het noorden"),
    "Friesland": ("Friesland", "Fryslân", "het Noorden", "ergens in het noorden"),
    "Drenthe": ("Drenthe", "het Noorden", "ergens in het noorden"),
    "Overijssel": ("Overijssel", "Twente", "Salland", "ergens in het oosten", "het Oosten"),
    "Flevoland": ("Flevoland", "Flevopolder", "ergens in de polder"),
    "Gelderland": (
        "Gelderland",
        "de Achterhoek",
        "de Veluwe",
        "ergens in het oosten",
        "Gelderland, NL",
    ),
    "Utrecht": ("Utrecht (prov.)", "Midden-Nederland", "de Randstad", "'t Gooi"),
    "Noord-Holland": ("Noord-Holland", "de Randstad", "'t Gooi", "West-Friesland", "NH"),
    "Zuid-Holland": ("Zuid-Holland", "de Randstad", "ZH", "het Westland"),
    "Zeeland": ("Zeeland", "ergens in het zuidwesten", "Zeeuws-Vlaanderen"),
    "Noord-Brabant": ("Brabant", "Noord-Brabant", "ergens in het zuiden", "Brabant 🟥⬜"),
    "Limburg": ("Limburg", "Zuid-Limburg", "ergens in het zuiden", "Limburg, NL"),
}
VAGUE: Final = (
    "Nederland",
    "NL",
    "The Netherlands",
    "Netherlands",
    "Holland",
    "Nederland 🇳🇱",
    "Europa",
    "Earth",
    "🌍",
    "thuis",
    "onderweg",
    "hier",
    "overal en nergens",
    "de Randstad",
    "ergens in het oosten",
    "ergens in het zuiden",
    "Benelux",
    "somewhere",
    "💙",
    "ergens",
    "in mijn hoofd",
    "Planet Earth",
)

# ASSUMPTION: the operator people tag, by province (approximate service areas).
_OPERATORS: Final[dict[str, str]] = {
    "Groningen": "enexis",
    "Drenthe": "enexis",
    "Overijssel": "enexis",
    "Noord-Brabant": "enexis",
    "Limburg": "enexis",
    "Utrecht": "stedin",
    "Zuid-Holland": "stedin",
    "Zeeland": "stedin",
}
OPERATOR_NAMES: Final = {"liander": "Liander", "enexis": "Enexis", "stedin": "Stedin"}
_OPERATOR_HANDLES: Final = {
    "liander": ("@liander", "@Liander", "@LianderNV"),
    "enexis": ("@enexis", "@Enexis", "@EnexisGroep"),
    "stedin": ("@stedin", "@Stedin", "@StedinNetbeheer"),
}
_NON_WORD = re.compile(r"[^0-9a-z]")


def town_name(area: Area, rng: random.Random) -> str:
    """The name a resident would use for the area's town."""
    aliases = ALIASES.get(area.woonplaats)
    return pick(rng, aliases) if aliases else area.woonplaats


def town_hashtag(name: str) -> str:
    """``#denhaag`` style hashtag of a place name."""
    return "#" + _NON_WORD.sub("", name.lower().replace("'s-", ""))


def operator_of(area: Area) -> str:
    """Key of the grid operator serving the area (liander, enexis or stedin)."""
    return _OPERATORS.get(area.provincie, "liander")


def operator_handle(area: Area, rng: random.Random) -> str:
    """How a complainer tags the operator; now and then the wrong one."""
    key = operator_of(area)
    if rng.random() < 0.06:
        key = pick(rng, ("liander", "enexis", "stedin"))
    return pick(rng, _OPERATOR_HANDLES[key])


def profile_location(
    area: Area, neighbourhoods: tuple[str, ...], rng: random.Random, other_town: str
) -> str:
    """A free-text profile location for someone living in ``area``."""
    r = rng.random()
    if r < 0.45:
        town = town_name(area, rng)
        form = rng.random()
        if form < 0.5:
            return town
        if form < 0.65:
            return town + ", Nederland"
        if form < 0.75:
            return town + ", NL"
        if form < 0.85:
            return town.lower()
        if form < 0.92:
            return town + " 🇳🇱"
        return area.gemeente if area.gemeente != area.woonplaats else town + ", " + area.provincie
    if r < 0.50:
        town = town_name(area, rng)
        return f"{pick(rng, neighbourhoods)}, {town}" if neighbourhoods else town
    if r < 0.60:
        return pick(rng, REGION.get(area.provincie, (area.provincie,)))
    if r < 0.65:
        return other_town  # moved, studies or works elsewhere
    if r < 0.83:
        return pick(rng, VAGUE)
    return ""


# Regional public broadcasters that post local news, by province.
NEWSROOMS: Final[dict[str, tuple[str, str]]] = {
    "Groningen": ("rtvnoord", "RTV Noord"),
    "Friesland": ("omropfryslan", "Omrop Fryslân"),
    "Drenthe": ("rtvdrenthe", "RTV Drenthe"),
    "Overijssel": ("rtvoost", "RTV Oost"),
    "Flevoland": ("omroepflevoland", "Omroep Flevoland"),
    "Gelderland": ("omroepgld", "Omroep Gelderland"),
    "Utrecht": ("rtvutrecht", "RTV Utrecht"),
    "Noord-Holland": ("nhnieuws", "NH Nieuws"),
    "Zuid-Holland": ("rijnmond", "Rijnmond"),
    "Zeeland": ("omroepzeeland", "Omroep Zeeland"),
    "Noord-Brabant": ("omroepbrabant", "Omroep Brabant"),
    "Limburg": ("l1nieuws", "L1 Nieuws"),
}
# Webcare accounts of the operators: handle and profile location.
WEBCARE: Final[dict[str, tuple[str, str]]] = {
    "liander": ("Liander", "Arnhem, Nederland"),
    "enexis": ("Enexis", "'s-Hertogenbosch"),
    "stedin": ("Stedin", "Rotterdam"),
}
