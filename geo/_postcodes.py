"""Find Dutch postcodes (PC6 "6821 AB" and PC4 "6821") in free text.

A four-digit number in a post is far more often a time, an amount, a house number, a phone
number or a year than a postcode, so every candidate is checked against its neighbouring words.
"""

import re
from collections.abc import Callable

__all__ = ["find_pc4s", "find_pc6s"]

_PC6 = re.compile(r"(?<![\w€$£.,:/+#@-])([1-9]\d{3})[ \u00a0]?([A-Za-z]{2})(?!\w)")
_PC4 = re.compile(r"(?<![\w€$£.,:/+#@-])([1-9]\d{3})(?![\w%€$]|[.,:/-]\d)")
_PREV = re.compile(r"(\S*)\s*$")
_NEXT = re.compile(r"\s*(\S*)")
_STRIP = ".,:;!?()[]\"'"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# PC6 letter pairs that are never issued (SA, SD and SS have a bad historical ring).
_BAD_LETTERS = _words("sa sd ss")
# Two-letter words and units that follow numbers: "6821 en 6822", "1500 kw".
_NOT_LETTERS = _words(
    "en in op of om te is af al na nu ik je ze we ja uw zo de er an at to on or by am pm as it us"
    " me my no so up be do go he hi if kw mw km cm mm kg gb mb hz ct"
)
_POSTCODE_WORDS = _words("postcode postcodes pc pc4 postcodegebied postcodegebieden")
_CURRENCY = _words("€ $ £ eur euro euros eu usd")
_AFTER_UNITS = _words(
    """uur u h hr hrs min minuten minuut mins sec seconden s ms euro eur euros kwh kw mwh mw gw
    w watt volt v kv ampere a km m meter meters m3 m2 mm cm kg ton liter l graden procent
    huishoudens huishouden woningen woning huizen adressen adres klanten klant aansluitingen
    mensen personen bewoners gebruikers storingen meldingen keer x dagen jaar maanden weken
    likes volgers tweets reacties views pagina euro's kuub"""
)
_TIME_PREPS = _words("om sinds vanaf van tot tussen rond voor na tegen omstreeks ca plm")
_HOUSE_MARKERS = _words("nr nummer huisnummer no bus postbus")
_STREET_SUFFIXES = tuple(
    sorted(
        _words(
            """straat laan weg plein singel gracht kade dijk dreef steeg pad park allee baan ring
            markt plantsoen erf hof boulevard promenade passage kanaal oever zijde polder weide
            wal laantje straatje weggetje hoven akker"""
        )
    )
)

# Words that end like a street ("-ring") but are the very words of an outage report:
# "Stroomstoring 3581" is a postcode, not a house number on the Stroomstoring.
_NOT_STREETS = ("storing",)


def _words_around(text: str, start: int, end: int) -> tuple[str, str]:
    before = _PREV.search(text, max(0, start - 40), start)
    after = _NEXT.match(text, end, end + 40)
    prev = before.group(1) if before else ""
    nxt = after.group(1) if after else ""
    return prev, nxt


def find_pc6s(text: str, exists: Callable[[str], bool]) -> list[str]:
    """PC6 codes ("6821AB") in ``text`` whose PC4 exists, in order of appearance.

    >>> find_pc6s("stroom weg 6821 AB en 6822ab, niet 6821 en 6823", lambda pc4: True)
    ['6821AB', '6822AB']
    """
    found: list[str] = []
    for match in _PC6.finditer(text):
        pc4, letters = match.group(1), match.group(2)
        low = letters.lower()
        if low in _BAD_LETTERS:
            continue
        spaced = match.end(1) != match.start(2)
        # "6821 en 6822": with a space, a lowercase pair or a common word is not a postcode.
        if spaced and (low in _NOT_LETTERS or not letters.isupper() or text.isupper()):
            continue
        if not spaced and low in _NOT_LETTERS and not letters.isupper():
            continue
        if exists(pc4):
            code = pc4 + letters.upper()
            if code not in found:
                found.append(code)
    return found


def find_pc4s(
    text: str,
    exists: Callable[[str], bool],
    is_place: Callable[[str], bool],
    place_has: Callable[[str, str], bool],
    year: int = 2099,
) -> list[str]:
    """Existing PC4 codes standing alone in ``text``, in order of appearance.

    Numbers from 1900 to ``year`` (the year the post was written, when known) read as years
    unless a postcode context says otherwise; a later number cannot be a year of the past.

    ``is_place(word)`` tells whether a word is a place name (so "Moerdijk 4781" is not read as
    a house number), ``place_has(pc4, rest)`` whether the words after the number name the place
    of that PC4 (so "2021 Haarlem" is a postcode, "in 2021" a year).

    >>> yes = lambda *_: True
    >>> no = lambda *_: False
    >>> find_pc4s("storing 6821! om 1230 uur, Dorpsstraat 1234, € 1500, bel 0800 9009", yes, no, no)
    ['6821']
    >>> find_pc4s("sinds 2021 geen stroom, postcode 2022", yes, no, no)
    ['2022']
    >>> find_pc4s("storing in 2082?", yes, no, no), find_pc4s("storing in 2082?", yes, no, no, 2025)
    ([], ['2082'])
    >>> find_pc4s("Stroomstoring 3581!", yes, no, no), find_pc4s("Kerkring 1234", yes, no, no)
    (['3581'], [])
    >>> find_pc4s("vanaf 1056", yes, no, no), find_pc4s("vanaf 1056 A'dam", yes, no, yes)
    ([], ['1056'])
    """
    found: list[str] = []
    for match in _PC4.finditer(text):
        pc4 = match.group(1)
        if pc4 in found or not exists(pc4):
            continue
        prev, nxt = _words_around(text, match.start(), match.end())
        if prev.strip(_STRIP).lower() in _POSTCODE_WORDS:
            found.append(pc4)
            continue
        # "1056 Amsterdam": the number's own town right after it is how Dutch addresses are
        # written, so it outweighs a word before it that would make it a time ("van 1056").
        named = place_has(pc4, text[match.end() : match.end() + 60])
        if _rejected(pc4, prev, nxt, is_place, named=named):
            continue
        if 1900 <= int(pc4) <= year and not named:
            continue
        found.append(pc4)
    return found


def _rejected(
    pc4: str, prev: str, nxt: str, is_place: Callable[[str], bool], *, named: bool
) -> bool:
    prev_low = prev.strip(_STRIP).lower()
    nxt_low = nxt.strip(_STRIP).lower()
    # Phone numbers and number groups: "0800 9009", "06 1234 5678", "1234 5678".
    if prev[-1:].isdigit() or nxt[:1].isdigit():
        return True
    if prev_low in _CURRENCY or prev.endswith(("€", "$", "£")) or nxt_low in _CURRENCY:
        return True
    if nxt_low in _AFTER_UNITS:
        return True
    hours, minutes = divmod(int(pc4), 100)
    if prev_low in _TIME_PREPS and hours <= 23 and minutes <= 59 and not named:
        return True
    if prev_low in _HOUSE_MARKERS:
        return True
    return (
        prev[:1].isupper()
        and prev_low.endswith(_STREET_SUFFIXES)
        and not prev_low.endswith(_NOT_STREETS)
        and not is_place(prev.strip(_STRIP))
    )
