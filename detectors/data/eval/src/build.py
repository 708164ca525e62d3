"""Build labelled_posts.jsonl from the hand-written posts in posts_*.txt.

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
"""
import csv, json, math, random, re, sys, glob
from datetime import datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
GEO = HERE.parents[3] / "geo" / "data"
rnd = random.Random(20250101)

pc4 = {}
by_wp = {}
for r in csv.DictReader(open(GEO / "nl_pc4.csv", encoding="utf-8")):
    pc4.setdefault(r["pc4"], r)
    by_wp.setdefault(r["woonplaats"].lower(), []).append(r)
pplx = []
for line in open(GEO / "nl_places_geonames_p.tsv", encoding="utf-8"):
    f = line.rstrip("\n").split("\t")
    if len(f) > 5 and f[5] == "PPLX":
        pplx.append((f[1].lower(), float(f[3]), float(f[4])))

def dist(a, b, c, d):
    return math.hypot((a - c) * 111.0, (b - d) * 68.0)

def woonplaats(spec):
    name, _, gem = spec.partition("/")
    rows = by_wp.get(name.lower())
    if not rows:
        sys.exit(f"unknown woonplaats {spec!r}")
    if gem:
        rows = [r for r in rows if r["gemeente"].lower() == gem.lower()]
        if not rows:
            sys.exit(f"no {name} in gemeente {gem}")
    return sorted({r["pc4"] for r in rows})

def neighbourhood(spec):
    name, _, wp = spec.partition("/")
    rows = by_wp.get(wp.lower())
    if not rows:
        sys.exit(f"unknown woonplaats {wp!r}")
    clat = sum(float(r["lat"]) for r in rows) / len(rows)
    clon = sum(float(r["lon"]) for r in rows) / len(rows)
    cands = [p for p in pplx if p[0] == name.lower()]
    if not cands:
        sys.exit(f"unknown neighbourhood {name!r}")
    _, lat, lon = min(cands, key=lambda p: dist(p[1], p[2], clat, clon))
    ds = sorted((dist(lat, lon, float(r["lat"]), float(r["lon"])), r["pc4"]) for r in rows)
    if ds[0][0] > 6:
        sys.exit(f"neighbourhood {spec} far from its town ({ds[0][0]:.1f} km)")
    out = {ds[0][1]} | {p for d, p in ds if d <= 1.0}
    return sorted(out)

def when():
    start = datetime(2025, 1, 1, tzinfo=timezone.utc)
    t = start + timedelta(seconds=rnd.randrange(364 * 86400))
    return t

posts = []
n = 0
for path in sorted(HERE.glob("posts_*.txt")):
    cat = None
    for ln, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#!"):
            continue
        if line.startswith("## "):
            cat = line[3:].strip()
            continue
        spec, sep, text = line.partition(" | ")
        if not sep:
            sys.exit(f"{path.name}:{ln}: no ' | '")
        text = text.strip().replace("\\n", "\n")
        n += 1
        src = rnd.choices(["x", "mastodon", "bluesky"], [0.6, 0.2, 0.2])[0]
        p = {"id": f"e{n:04d}", "source": src, "created_at": None, "text": text,
             "author_id": f"ev-{src[0]}{rnd.randrange(100000):05d}"}
        true = set()
        lang = "nl"
        reply = False
        for tok in spec.split():
            k, _, v = tok.partition("=")
            v = v.replace("_", " ")
            if k == "W":
                true |= set(woonplaats(v))
            elif k == "T":
                for x in v.split(","):
                    if x not in pc4:
                        sys.exit(f"{path.name}:{ln}: unknown pc4 {x}")
                    true.add(x)
            elif k == "N":
                true |= set(neighbourhood(v))
            elif k == "C":
                r = pc4[v]
                p["coordinates"] = {"lat": round(float(r["lat"]) + rnd.uniform(-0.004, 0.004), 5),
                                    "lon": round(float(r["lon"]) + rnd.uniform(-0.006, 0.006), 5)}
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
                sys.exit(f"{path.name}:{ln}: bad token {tok}")
        if reply:
            parent = posts[-1]
            p["reply_to_id"] = parent["id"]
            p["source"] = parent["source"]
            p["author_id"] = f"ev-{p['source'][0]}{rnd.randrange(100000):05d}"
            t = datetime.fromisoformat(parent["created_at"].replace("Z", "+00:00")) + timedelta(seconds=rnd.randrange(40, 1500))
        else:
            t = when()
        p["created_at"] = t.strftime("%Y-%m-%dT%H:%M:%SZ")
        if lang != "nl" or rnd.random() < 0.85:
            p["lang"] = lang
        if cat is None:
            sys.exit("no category")
        p["label"] = "stroom" if cat.startswith("outage_") else "gas" if cat == "gas_outage" else "noise"
        p["true_pc4s"] = sorted(true)
        p["category"] = cat
        posts.append(p)

posts.sort(key=lambda p: p["created_at"])
with open(HERE.parent / "labelled_posts.jsonl", "w", encoding="utf-8") as f:
    for p in posts:
        f.write(json.dumps(p, ensure_ascii=False) + "\n")
print(len(posts), "posts written")
