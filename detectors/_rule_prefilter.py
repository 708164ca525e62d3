"""The rule classifier's prefilter: stems every outage or restoration post must contain.

Most posts never mention power or gas; one Aho-Corasick pass over these stems (and their typos)
sends them to ``noise`` before any regex runs.
"""

from ahocorasick_rs import AhoCorasick

from detectors.spelling import KEY_TERMS, one_edit

# Anything that could be an outage report or a restoration contains one of these stems, or it
# is noise. An Aho-Corasick automaton finds them in one pass (a regex alternation of the same
# stems costs five times as much, and this runs on every post).
STEMS = (
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
TYPOS = {v for term in KEY_TERMS for v in one_edit(term) if len(v) >= 5} - {
    "stroop",  # syrup, stroopwafels
    "stroob",  # Stroobos
    "strook",
}
PREFILTER = AhoCorasick(sorted({*STEMS, *TYPOS}))
