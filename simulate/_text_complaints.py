"""Texts about a real (simulated) outage: complaints, follow-ups, replies, operator webcare,
local news and "it's back" posts.

``{loc}`` is the location phrase the caller chose (PC4, PC6, place or neighbourhood name) and
is only used in the ``*_LOC`` tables; ``*_FREE`` texts carry no location at all.
"""

from typing import Final

POWER_LOC_NL: Final = (
    "Weer geen stroom in {loc}",
    "Stroomstoring {loc}??",
    "Stroomstoring in {loc}?",
    "Alles zwart in {loc}",
    "Hele straat donker in {loc}",
    "{loc} zit zonder stroom",
    "Is er een stroomstoring in {loc}? Alles is uit",
    "Geen stroom meer hier in {loc}, iemand anders ook?",
    "Stroom uitgevallen in {loc}",
    "Stroomuitval {loc}, hele buurt donker",
    "Hier in {loc} is de stroom net uitgevallen",
    "Zitten we weer in het donker in {loc}. {klacht}",
    "Storing in {loc}? Geen licht, geen internet, niks",
    "Pikkedonker in {loc} {emo}",
    "Net viel de stroom uit in {loc}, {gevolg}",
    "Stroom weg in {loc}. Ook bij de buren",
    "Hele wijk zonder stroom, {loc}",
    "Hoezo geen stroom in {loc}",
    "{loc}: stroom eruit. {klacht}",
    "Straatverlichting uit en alle huizen donker in {loc}",
    "Ik heb geen stroom meer, {loc}. Storing?",
    "Geen stroom {loc} {emo}",
    "Wie heeft er nog meer geen stroom in {loc}?",
    "Stroomstoring in {loc} en ik zat net te koken",
    "Weer een stroomstoring in {loc}, de derde keer dit jaar",
)
POWER_FREE_NL: Final = (
    "Geen stroom meer. {klacht}",
    "Hele straat donker",
    "Stroom is uitgevallen, iemand anders ook?",
    "Alles zwart hier",
    "Stroomstoring? Alles is ineens uit",
    "En daar gaat de stroom. {gevolg}",
    "Ineens geen stroom meer, ook bij de buren",
    "Net viel de stroom uit. {klacht}",
    "Zitten in het donker, hele buurt zonder stroom",
    "Kaarsen aan, stroom is weg",
    "Stroomuitval hier, {gevolg}",
    "Storing? Geen licht en de koelkast doet niks",
    "Weer geen stroom {emo}",
    "Hele buurt donker, wat is er aan de hand?",
    "Ik zit zonder stroom en de wifi is ook weg",
    "Zit iemand anders in de buurt ook zonder stroom?",
    "Alles viel net uit. Stroomstoring?",
    "Geen stroom, geen wifi, geen koffie",
)
POWER_LOC_EN: Final = (
    "Power cut in {loc} again",
    "Power outage in {loc}?",
    "No electricity in {loc}, anyone else?",
    "Whole street is dark in {loc}",
    "Lights just went out in {loc}",
    "Is the power out in {loc} for anyone else?",
)
POWER_FREE_EN: Final = (
    "Power just went out. Whole street dark",
    "Power outage? Everything just shut off",
    "No power, no wifi. Great",
    "Anyone else lose power just now?",
    "Blackout in our street",
)
GAS_LOC_NL: Final = (
    "Geen gas in {loc}?",
    "Gasstoring in {loc}?",
    "Gas doet het niet meer in {loc}, storing?",
    "Kookplaat doet niks en de cv is koud, {loc}. Gasstoring?",
    "Geen warm water en geen gas in {loc}",
    "Hele straat zonder gas in {loc}, ze zijn aan het graven",
    "Gaslek in de straat in {loc}, nu geen gas meer",
    "Storing gas {loc}? Fornuis gaat niet aan",
)
GAS_FREE_NL: Final = (
    "Gas doet het niet meer, storing?",
    "Ineens geen warm water meer... gasstoring?",
    "Fornuis gaat niet aan en de cv is koud",
    "Geen gas. Koude douche dus {emo}",
    "Kraan gaat niet warm, ketel zegt geen gas. Storing?",
    "Gasstoring hier? Kan niet koken",
)
GAS_LOC_EN: Final = (
    "No gas in {loc}? Stove won't light",
    "Gas outage in {loc}? No hot water",
)
GAS_FREE_EN: Final = (
    "No gas for the stove, outage?",
    "No hot water, gas seems to be off",
)

FOLLOWUP_NL: Final = (
    "Nog steeds geen stroom {emo}",
    "Al {minuten} minuten zonder stroom",
    "Hoe lang gaat dit nog duren?? Nog steeds donker",
    "Nog altijd geen stroom hier. {klacht}",
    "Update: nog steeds niks",
    "Kaarsen bijna op, nog steeds geen stroom",
)
FOLLOWUP_GAS_NL: Final = (
    "Nog steeds geen gas {emo}",
    "Al {minuten} minuten geen warm water",
)
FOLLOWUP_EN: Final = ("Still no power {emo}", "Still dark here after {minuten} minutes")
REPLY_NL: Final = (
    "Hier ook!",
    "Bij ons ook, {loc}",
    "Ook geen stroom hier",
    "Hier ook alles zwart",
    "Zelfde hier in {loc}",
    "Ja hier ook, hele straat",
    "Bij mij ook {emo}",
    "Ook in {loc}",
    "Hier ook niks meer",
)
REPLY_GAS_NL: Final = ("Hier ook geen gas", "Bij ons ook, {loc}", "Ook geen warm water hier")
REPLY_EN: Final = ("Same here", "Same in {loc}", "Us too")
PAST_NL: Final = (
    "Stroom was net even {minuten} minuten weg in {loc}",
    "Even alles zwart hier, nu weer terug",
    "Was dat een stroomstoring net? Alles ging even uit",
    "Net {minuten} minuten zonder stroom gezeten, {loc}",
)
RESTORED_NL: Final = (
    "Stroom is weer terug! {emo_blij}",
    "En daar is het licht weer",
    "Stroom weer terug in {loc}",
    "Eindelijk weer stroom",
    "We hebben weer stroom, bedankt monteurs",
    "Licht is weer aan. Nu de klokken weer gelijkzetten",
    "Na {minuten} minuten weer stroom",
)
RESTORED_GAS_NL: Final = (
    "Gas doet het weer, eindelijk warm water",
    "We hebben weer gas in {loc}",
    "Eindelijk weer een warme douche",
)
RESTORED_EN: Final = ("Power's back!", "Power is back on in {loc}", "Lights are back")
OPERATOR_NL: Final = (
    "@{handle} Vervelend dat je zonder {utility} zit! Er is een storing in de omgeving van "
    "{pc4} {place}. Onze monteurs zijn onderweg. ^{initialen}",
    "@{handle} Hoi, we weten van de storing in {place} en werken aan een oplossing. "
    "Actuele info vind je op onze storingspagina. ^{initialen}",
    "@{handle} Klopt, er is een {utility}storing in {place}. We verwachten dat het binnen "
    "{eta} is opgelost. ^{initialen}",
    "@{handle} Dank voor je melding. Een monteur is onderweg naar {place}. ^{initialen}",
)
NEWS_NL: Final = (
    "Stroomstoring in {place}: zo'n {klanten} huishoudens zonder stroom",
    "{place} zonder stroom door storing, {netbeheerder} zoekt de oorzaak",
    "Grote stroomstoring in {place} en omgeving",
    "Storing: {klanten} adressen in {place} zonder stroom",
    "Stroomuitval in {place}, ook verkeerslichten op zwart",
)
NEWS_GAS_NL: Final = (
    "Gasstoring in {place}: {klanten} huishoudens zonder gas",
    "Gaslek bij graafwerk in {place}, bewoners zonder gas",
)
RESTORED_NEWS_NL: Final = ("Stroomstoring in {place} voorbij, iedereen heeft weer stroom",)

FILLERS: Final[dict[str, tuple[str, ...]]] = {
    "klacht": (
        "Lekker dan",
        "Echt weer",
        "Top...",
        "Niet normaal",
        "Wat is dit nou",
        "Kan er iemand iets over zeggen?",
        "Dit is al de tweede keer deze maand",
        "Serieus",
        "Geweldig",
        "Waarom altijd nu",
    ),
    "gevolg": (
        "net tijdens het koken",
        "midden in een teams-call",
        "kinderen in paniek",
        "wifi ook weg",
        "de vriezer staat vol",
        "tv ging uit midden in de film",
        "de lift staat stil",
        "verkeerslichten doen het ook niet",
    ),
    "emo": ("😡", "🙄", "😤", "😩", "🕯️", "🔦", "⚡", "😱", "🤬", "😭", ""),
    "emo_blij": ("🎉", "💡", "🙏", "😅", "👍", ""),
    "minuten": ("20", "30", "40", "45", "60", "75", "90", "120"),
    "initialen": ("Sanne", "Mark", "Lisa", "Tom", "Fatima", "Joost", "Anouk", "Kevin"),
    "eta": ("een uur", "twee uur", "een paar uur", "anderhalf uur"),
}

EMOJIS: Final = ("😡", "🙄", "😤", "😩", "🕯️", "🔦", "⚡", "😱", "🤬", "😭")
HASHTAGS: Final = {
    "stroom": ("#stroomstoring", "#storing", "#stroomuitval", "#geenstroom"),
    "gas": ("#gasstoring", "#storing", "#geengas"),
}
