"""Build ``geo/data/nl_words_near_names.txt``: Dutch words one slip away from a place name.

The geotagger corrects a word one edit from a place name ("Berda" -> Breda) only when the word
is not itself Dutch ("in maart" is not a misspelt Maarn). Rather than ship a 400,000-word
lexicon, this keeps only the words of the OpenTaal list (Debian package ``wdutch``,
``/usr/share/dict/dutch``) that the correction could ever touch. Run after changing ``geo/data``
or ``geo/_typos.py``; deterministic::

    apt-get install wdutch && .venv/bin/python tools/build_typo_words.py
"""

import sys
from pathlib import Path

from geo._gazetteer import Gazetteer
from geo._typos import MIN_LEN, TypoIndex, name_words

LEXICON = Path("/usr/share/dict/dutch")
OUT = Path(__file__).resolve().parents[1] / "geo" / "data" / "nl_words_near_names.txt"
HEADER = (
    "# Dutch words one edit from a place-name word (first letter kept), from the OpenTaal word\n"
    "# list (Debian wdutch); BSD or CC BY 3.0, (c) OpenTaal. Built by tools/build_typo_words.py.\n"
)


def main() -> int:
    if not LEXICON.exists():
        print(f"{LEXICON} is missing: apt-get install wdutch", file=sys.stderr)
        return 1
    typos = TypoIndex(name_words(Gazetteer.load()._index))
    words = {w.lower() for w in LEXICON.read_text(encoding="utf-8").split()}
    near = sorted(
        w
        for w in words
        if len(w) >= MIN_LEN and w.isalpha() and not typos.is_name_word(w) and typos.correct(w)
    )
    OUT.write_text(HEADER + "\n".join(near) + "\n", encoding="utf-8")
    print(f"{len(near)} of {len(words)} words to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
