"""Build labelled_posts.jsonl from the hand-written posts in posts_*.txt.

Reads detectors/data/eval/src/posts_*.txt and writes detectors/data/eval/labelled_posts.jsonl.
Run from anywhere: `.venv/bin/python tools/build_eval_set.py`.

Format of posts_*.txt: '## <category>' starts a section; each following line is
'<spec> | <text>'. spec tokens (space separated, may be empty):
  W=<woonplaats>[/<gemeente>]  all PC4s of that woonplaats go into true_pc4s
  T=1234,5678                  explicit PC4s into true_pc4s
  N=<neighbourhood>/<woonplaats>  PC4s of a neighbourhood (geonames PPLX point)
  C=1234                       coordinates near that PC4 centroid; PC4 into true_pc4s
  PR=<profile location>        author_location (underscores = spaces)
  PL=<place>                   place field (underscores = spaces)
  L=<lang>                     lang (default nl, sometimes omitted)
  R                            reply to the previous post
  S=<source>                   force source
A trailing ' L=<lang>' on the text is moved into the spec.
"""

from __future__ import annotations

import csv
import json
import math
import random
import re
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GEO = ROOT / "geo" / "data"
EVAL = ROOT / "detectors" / "data" / "eval"
SRC = EVAL / "src"
OUT = EVAL / "labelled_posts.jsonl"
SEED = 20250101

Row = dict[str, str]
Post = dict[str, object]


@dataclass
class Geo:
    """The gazetteer lookups the location specs resolve against."""

    pc4: dict[str, Row] = field(default_factory=dict)
    by_wp: dict[str, list[Row]] = field(default_factory=dict)
    pplx: list[tuple[str, float, float]] = field(default_factory=list)


def load_geo(geo_dir: Path) -> Geo:
    """Read nl_pc4.csv (PC4 -> woonplaats) and the geonames PPLX (neighbourhood) points."""
    geo = Geo()
    with open(geo_dir / "nl_pc4.csv", encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            geo.pc4.setdefault(r["pc4"], r)
            geo.by_wp.setdefault(r["woonplaats"].lower(), []).append(r)
    with open(geo_dir / "nl_places_geonames_p.tsv", encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) > 5 and cols[5] == "PPLX":
                geo.pplx.append((cols[1].lower(), float(cols[3]), float(cols[4])))
    return geo


def dist(a: float, b: float, c: float, d: float) -> float:
    """Rough distance in km between (lat a, lon b) and (lat c, lon d) in the Netherlands."""
    return math.hypot((a - c) * 111.0, (b - d) * 68.0)


def woonplaats(geo: Geo, spec: str) -> list[str]:
    """All PC4s of '<woonplaats>[/<gemeente>]'."""
    name, _, gem = spec.partition("/")
    rows = geo.by_wp.get(name.lower())
    if not rows:
        msg = f"unknown woonplaats {spec!r}"
        raise SystemExit(msg)
    if gem:
        rows = [r for r in rows if r["gemeente"].lower() == gem.lower()]
        if not rows:
            msg = f"no {name} in gemeente {gem}"
            raise SystemExit(msg)
    return sorted({r["pc4"] for r in rows})


def neighbourhood(geo: Geo, spec: str) -> list[str]:
    """PC4s near the PPLX point of '<neighbourhood>/<woonplaats>' (1 km, at least the nearest)."""
    name, _, wp = spec.partition("/")
    rows = geo.by_wp.get(wp.lower())
    if not rows:
        msg = f"unknown woonplaats {wp!r}"
        raise SystemExit(msg)
    clat = sum(float(r["lat"]) for r in rows) / len(rows)
    clon = sum(float(r["lon"]) for r in rows) / len(rows)
    cands = [p for p in geo.pplx if p[0] == name.lower()]
    if not cands:
        msg = f"unknown neighbourhood {name!r}"
        raise SystemExit(msg)
    _, lat, lon = min(cands, key=lambda p: dist(p[1], p[2], clat, clon))
    ds = sorted((dist(lat, lon, float(r["lat"]), float(r["lon"])), r["pc4"]) for r in rows)
    if ds[0][0] > 6:
        msg = f"neighbourhood {spec} far from its town ({ds[0][0]:.1f} km)"
        raise SystemExit(msg)
    out = {ds[0][1]} | {p for d, p in ds if d <= 1.0}
    return sorted(out)


def when(rnd: random.Random) -> datetime:
    """A random whole-second time in 2025 (UTC)."""
    start = datetime(2025, 1, 1, tzinfo=UTC)
    return start + timedelta(seconds=rnd.randrange(364 * 86400))


def label_for(cat: str) -> str:
    """The utility label of a category."""
    if cat.startswith("outage_"):
        return "stroom"
    return "gas" if cat == "gas_outage" else "noise"


def build_post(
    geo: Geo,
    rnd: random.Random,
    posts: list[Post],
    *,
    n: int,
    spec: str,
    text: str,
    cat: str | None,
    where: str,
) -> Post:
    """One labelled post from its spec and text; `posts` are the ones built so far (for R)."""
    src = rnd.choices(["x", "mastodon", "bluesky"], [0.6, 0.2, 0.2])[0]
    p: Post = {
        "id": f"e{n:04d}",
        "source": src,
        "created_at": None,
        "text": text,
        "author_id": f"ev-{src[0]}{rnd.randrange(100000):05d}",
    }
    true: set[str] = set()
    lang = "nl"
    reply = False
    for tok in spec.split():
        k, _, v = tok.partition("=")
        v = v.replace("_", " ")
        if k == "W":
            true |= set(woonplaats(geo, v))
        elif k == "T":
            for x in v.split(","):
                if x not in geo.pc4:
                    msg = f"{where}: unknown pc4 {x}"
                    raise SystemExit(msg)
                true.add(x)
        elif k == "N":
            true |= set(neighbourhood(geo, v))
        elif k == "C":
            r = geo.pc4[v]
            p["coordinates"] = {
                "lat": round(float(r["lat"]) + rnd.uniform(-0.004, 0.004), 5),
                "lon": round(float(r["lon"]) + rnd.uniform(-0.006, 0.006), 5),
            }
            true.add(v)
        elif k == "PR":
            p["author_location"] = v
        elif k == "PL":
            p["place"] = v
        elif k == "L":
            lang = v
        elif k == "R":
            reply = True
        elif k == "S":
            p["source"] = v
        else:
            msg = f"{where}: bad token {tok}"
            raise SystemExit(msg)
    if reply:
        parent = posts[-1]
        p["reply_to_id"] = parent["id"]
        p["source"] = parent["source"]
        p["author_id"] = f"ev-{str(p['source'])[0]}{rnd.randrange(100000):05d}"
        parent_at = datetime.fromisoformat(str(parent["created_at"]).replace("Z", "+00:00"))
        t = parent_at + timedelta(seconds=rnd.randrange(40, 1500))
    else:
        t = when(rnd)
    p["created_at"] = t.strftime("%Y-%m-%dT%H:%M:%SZ")
    if lang != "nl" or rnd.random() < 0.85:
        p["lang"] = lang
    if cat is None:
        msg = "no category"
        raise SystemExit(msg)
    p["label"] = label_for(cat)
    p["true_pc4s"] = sorted(true)
    p["category"] = cat
    return p


def read_posts(src_dir: Path, geo: Geo, rnd: random.Random) -> list[Post]:
    """All posts of src_dir/posts_*.txt in file and line order."""
    posts: list[Post] = []
    n = 0
    for path in sorted(src_dir.glob("posts_*.txt")):
        cat: str | None = None
        with open(path, encoding="utf-8") as f:
            for ln, raw in enumerate(f, 1):
                line = raw.rstrip("\n")
                if not line.strip() or line.startswith("#!"):
                    continue
                if line.startswith("## "):
                    cat = line[3:].strip()
                    continue
                spec, sep, text = line.partition(" | ")
                if not sep:
                    msg = f"{path.name}:{ln}: no ' | '"
                    raise SystemExit(msg)
                text = text.strip().replace("\\n", "\n")
                m = re.search(r"\s+L=(\w+)$", text)
                if m:  # a trailing 'L=xx' on the text sets lang
                    text = text[: m.start()]
                    spec += f" L={m.group(1)}"
                n += 1
                where = f"{path.name}:{ln}"
                posts.append(
                    build_post(geo, rnd, posts, n=n, spec=spec, text=text, cat=cat, where=where)
                )
    return posts


def write_posts(posts: list[Post], out: Path) -> None:
    """Write the posts as JSON lines, sorted by created_at."""
    ordered = sorted(posts, key=lambda p: str(p["created_at"]))
    with open(out, "w", encoding="utf-8") as f:
        for p in ordered:
            f.write(json.dumps(p, ensure_ascii=False) + "\n")


def main() -> int:
    """Rebuild labelled_posts.jsonl from the posts_*.txt sources."""
    rnd = random.Random(SEED)
    geo = load_geo(GEO)
    posts = read_posts(SRC, geo, rnd)
    write_posts(posts, OUT)
    print(len(posts), "posts written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
