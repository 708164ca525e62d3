"""Build the classifier's training corpus: ``python tools/build_corpus.py``.

Reads ``detectors/data/corpus/src/`` (hand-written posts, templates, the XED background lines)
and the project's own gazetteer files, and writes ``detectors/data/corpus/corpus.jsonl``: one
post a line with ``text``, ``label``, ``category``, ``origin``, ``family`` and ``split``.

The split is by family (a hand-written post with its variants, one template with all its
fills, one XED line), so no test post is a re-fill of a training template. Everything is drawn
from one seeded generator: the same sources give the same file, byte for byte.
"""

import argparse
import csv
import hashlib
import json
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script from anywhere

from detectors.learned_fit import near_duplicates  # noqa: E402
from detectors.learned_train import EVAL_SET, NEAR  # noqa: E402

CORPUS = ROOT / "detectors" / "data" / "corpus"
SRC = CORPUS / "src"
GEO = ROOT / "geo" / "data"
SEED = 20261122
#: one family in five of each category goes to the held-out test split
TEST_EVERY = 5
VARIANTS = {"outage": 24, "default": 12}
HAND_VARIANTS = 2
XED_LINES = 2500

OPERATORS = ("liander", "enexis", "stedin", "Liander", "StedinNetbeheer", "enexisgroep")
ABROAD = (
    "Spanje", "Portugal", "Madrid", "Berlijn", "Parijs", "Londen", "Texas", "Brussel",
    "Antwerpen", "Curaçao", "Aruba", "Zuid-Afrika", "Italië", "Griekenland", "Turkije",
    "Oekraïne", "Cuba", "Lissabon", "Keulen", "Düsseldorf", "New York", "Bali",
)  # fmt: skip
PROVINCES = (
    "Noord-Holland", "Zuid-Holland", "Utrecht", "Gelderland", "Brabant", "Limburg",
    "Overijssel", "Drenthe", "Friesland", "Groningen", "Zeeland", "Flevoland",
)  # fmt: skip
EMOJI = (" 😩", " 😡", " 🙄", " 🕯️", " !!", " ??", " 😬", " 🔦")
#: XED subtitle lines that speak of power, gas or the dark stay out: they are not labelled
#: outages, and as noise they would teach the model that outage words mean nothing.
OUTAGE_WORDS = re.compile(
    r"stroom|storing|\bgas|elektr|donker|licht|kortsluit|zekering|power|black-?out", re.I
)
#: Outage words inside place names: the model must learn the name, not the word, of these.
WORDED = re.compile(r"stroom|storing|gas|elektr|licht|donker|zwart", re.I)
_ALT = re.compile(r"\[([^\[\]]*)\]")
_SLOT = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True, slots=True)
class Row:
    """One corpus post."""

    text: str
    label: str
    category: str
    origin: str
    family: str


def _rank(family: str) -> float:
    """Where a family falls in [0, 1), by a hash of its name: stable as lines are added."""
    return int(hashlib.sha256(family.encode()).hexdigest()[:12], 16) / 16**12


def splits(rows: list[Row]) -> dict[str, str]:
    """Family -> ``train`` or ``test``: a family whose hash rank is below 1/:data:`TEST_EVERY`
    is tested; a category left without one tests its lowest-ranked family, so every category
    is in both splits. Adding a line never moves another family."""
    families: dict[tuple[str, str], set[str]] = {}
    for r in rows:
        families.setdefault((r.label, r.category), set()).add(r.family)
    out: dict[str, str] = {}
    for names in families.values():
        ranked = sorted(names, key=_rank)
        out |= {f: "test" if _rank(f) < 1 / TEST_EVERY else "train" for f in ranked}
        if all(out[f] == "train" for f in ranked):
            out[ranked[0]] = "test"
    return out


@dataclass(frozen=True, slots=True)
class Places:
    """Names and codes to fill templates with, from the gazetteer's own files."""

    towns: tuple[str, ...]
    pc4s: tuple[str, ...]
    neighbourhoods: tuple[str, ...]
    #: towns whose names hold an outage word (Zwartewaal, Donkerbroek, Gasselte)
    worded: tuple[str, ...]


def load_places() -> Places:
    """Towns and PC4s from ``nl_pc4.csv``; neighbourhoods (PPLX) from the GeoNames file."""
    with (GEO / "nl_pc4.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    with (GEO / "nl_places_geonames_p.tsv").open(encoding="utf-8") as fh:
        names = csv.DictReader(fh, delimiter="\t")
        pplx = [r["name"] for r in names if r["feature_code"] == "PPLX"]
    towns = tuple(sorted({r["woonplaats"] for r in rows}))
    return Places(
        towns=towns,
        pc4s=tuple(sorted({r["pc4"] for r in rows})),
        neighbourhoods=tuple(sorted(set(pplx))),
        worded=tuple(t for t in towns if WORDED.search(t)),
    )


def groups(path: Path) -> Iterator[tuple[str, str, str]]:
    """``(label, category, line)`` for every line under a ``## label/category`` header."""
    label = category = ""
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("# "):
            continue
        if line.startswith("## "):
            label, category = line[3:].split("/")
            continue
        if not label:
            msg = f"{path}: a line before the first '## label/category' header: {line!r}"
            raise ValueError(msg)
        yield label, category, line


def fill(template: str, rng: random.Random, places: Places) -> str:
    """One variant of a template: alternatives picked, slots filled."""
    text = _ALT.sub(lambda m: rng.choice(m.group(1).split("|")), template)
    pc4 = rng.choice(places.pc4s)
    slots = {
        "place": rng.choice(places.towns),
        "place2": rng.choice(places.towns),
        "wplace": rng.choice(places.worded),
        "tag": rng.choice(places.towns).replace(" ", "").replace("'", ""),
        "pc4": pc4,
        "pc6": f"{pc4}{rng.choice(['', ' '])}{rng.choice('ABCDEGHJKLMNPRST')}"
        f"{rng.choice('ABCDEGHJKLMNPRSTVWXZ')}",
        "nbh": rng.choice(places.neighbourhoods),
        "op": rng.choice(OPERATORS),
        "abroad": rng.choice(ABROAD),
        "province": rng.choice(PROVINCES),
        "year": str(rng.randrange(1995, 2025)),
        "time": f"{rng.randrange(0, 24)}:{rng.choice(['00', '15', '30', '45'])}",
        "mins": str(rng.choice([5, 10, 15, 20, 30, 45, 60, 90])),
        "pct": str(rng.randrange(1, 15)),
        "user": rng.choice(("jan", "sanne", "m_de_vries", "lotte", "kees", "fatima", "noor"))
        + str(rng.randrange(1, 99)),
        "initials": rng.choice(("JK", "ML", "SB", "RV", "AD")),
    }
    return _SLOT.sub(lambda m: slots[m.group(1)], text)


def perturb(text: str, rng: random.Random) -> str:
    """How people actually type: lower case, no end punctuation, an emoji, a typo."""
    if rng.random() < 0.4:
        text = text.lower()
    if rng.random() < 0.3:
        text = text.rstrip(".!?")
    if rng.random() < 0.1:
        words = text.split(" ")
        long = [i for i, w in enumerate(words) if len(w) > 4 and w.isalpha()]
        if long:
            i = rng.choice(long)
            w, j = words[i], rng.randrange(1, len(words[i]) - 2)
            words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
            text = " ".join(words)
    if rng.random() < 0.12:
        text += rng.choice(EMOJI)
    return text


def _family(origin: str, source: str) -> str:
    """A short stable name for the line a family comes from: adding lines moves no family."""
    return f"{origin}:{hashlib.sha256(source.encode()).hexdigest()[:12]}"


def hand_rows(rng: random.Random, source: str = "handwritten.txt") -> Iterator[Row]:
    """The hand-written posts, each with a few perturbed copies in its own family."""
    for label, category, line in groups(SRC / source):
        family = _family("hand", line)
        yield Row(line, label, category, "handwritten", family)
        for _ in range(HAND_VARIANTS):
            yield Row(perturb(line, rng), label, category, "handwritten", family)


def template_rows(rng: random.Random, places: Places) -> Iterator[Row]:
    """Every template, filled a number of times."""
    for label, category, template in groups(SRC / "templates.txt"):
        n = VARIANTS.get(category, VARIANTS["default"])
        for _ in range(n):
            text = perturb(fill(template, rng, places), rng)
            yield Row(text, label, category, "template", _family("template", template))


def xed_rows(rng: random.Random) -> Iterator[Row]:
    """Real Dutch sentences (movie subtitles, XED) as background noise."""
    lines = []
    for raw in (SRC / "xed_nl_emotions.tsv").read_text(encoding="utf-8").splitlines():
        text = raw.split("\t")[0].strip().lstrip("- ").replace(" !", "!").replace(" ?", "?")
        if 8 <= len(text) <= 160 and not OUTAGE_WORDS.search(text):
            lines.append(text)
    for text in rng.sample(sorted(set(lines)), XED_LINES):
        yield Row(text, "noise", "chatter", "xed", _family("xed", text))


def eval_texts() -> list[str]:
    """The evaluation set's posts, which the corpus must not copy."""
    lines = EVAL_SET.read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines if line]


def build() -> tuple[list[Row], int]:
    """The corpus, deduplicated on exact text (the first family keeps it), without posts
    that are near copies of an evaluation post; and how many of those were left out."""
    rng = random.Random(SEED)
    places = load_places()
    rows: dict[str, Row] = {}
    sources = (
        *hand_rows(rng),
        *template_rows(rng, places),
        *xed_rows(rng),
        # Last, so that what is added there draws nothing the posts above drew.
        *hand_rows(rng, "handwritten_late.txt"),
    )
    for row in sources:
        rows.setdefault(row.text, row)
    kept = list(rows.values())
    sims = near_duplicates([r.text for r in kept], eval_texts())
    return [r for r, sim in zip(kept, sims, strict=True) if sim < NEAR], len(kept) - sum(
        sim < NEAR for sim in sims
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=CORPUS / "corpus.jsonl")
    args = parser.parse_args()
    rows, dropped = build()
    split = splits(rows)
    with args.out.open("w", encoding="utf-8") as fh:
        for r in rows:
            record = {
                "text": r.text,
                "label": r.label,
                "category": r.category,
                "origin": r.origin,
                "family": r.family,
                "split": split[r.family],
            }
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    by = {s: sum(split[r.family] == s for r in rows) for s in ("train", "test")}
    print(f"{len(rows)} posts ({by['train']} train, {by['test']} test) -> {args.out}")
    print(f"left out {dropped} near copies of evaluation posts (similarity >= {NEAR})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
