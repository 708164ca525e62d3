"""Background chatter and confusers, one hour at a time."""

import random
import re
from collections import deque
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np

from simulate import _calibration as cal
from simulate import _text_chatter as tc
from simulate import _text_confusers as tconf
from simulate._authors import Authors
from simulate._clock import Rfc3339, local_hour_and_weekday
from simulate._config import ScenarioConfig
from simulate._ids import STREAM_CHATTER, opaque_many, structured
from simulate._naming import town_name
from simulate._places import Area, Places
from simulate._post import Item, jitter, lang_tag, post_line, repost_text
from simulate._textgen import pick, render, roughen
from simulate.exceptions import DataError

# Subtitle lines that would read as an outage report are left out of the filler, so chatter
# never holds an unlabelled complaint.
_OUTAGE_WORDS = re.compile(
    r"stroom|storing|gas\b|elektr|donker|kortsluit|zekering|licht uit", re.IGNORECASE
)


XED_FILE = Path(__file__).resolve().parent / "data" / "xed_nl_emotions.tsv"


@cache
def load_xed(path: Path = XED_FILE) -> tuple[str, ...]:
    """Dutch subtitle lines from XED (CC BY 4.0), cleaned for use as filler text.

    The file ships with the package (``simulate/data``, see ATTRIBUTION.md there); lines that
    mention outages are dropped here.
    """
    lines = []
    try:
        with path.open(encoding="utf-8") as f:
            for raw in f:
                text = raw.split("\t", 1)[0].strip().lstrip("- ").replace(" !", "!")
                text = text.replace(" ?", "?").replace(" ,", ",")
                if 8 <= len(text) <= 160 and "{" not in text and not _OUTAGE_WORDS.search(text):
                    lines.append(text)
    except (OSError, UnicodeError) as exc:
        msg = (
            f"cannot read the XED filler text {path} ({exc}); it ships with "
            "the simulate package: reinstall storingsradar (make install, or pip install -e . "
            "from the repository root) or restore simulate/data/xed_nl_emotions.tsv"
        )
        raise DataError(msg) from exc
    if not lines:
        msg = (
            f"the XED filler text {path} holds no usable lines; restore "
            "simulate/data/xed_nl_emotions.tsv (see simulate/data/ATTRIBUTION.md) or "
            "reinstall storingsradar"
        )
        raise DataError(msg)
    return tuple(lines)


class Chatter:
    """Generates the chatter of successive hours; keeps recent posts to reply to and repost."""

    def __init__(self, config: ScenarioConfig, places: Places, authors: Authors) -> None:
        self.config = config
        self.places = places
        self.authors = authors
        self.recent: deque[tuple[str, int, str]] = deque(maxlen=500)
        xed = load_xed()
        # separate tables: both define slots such as {dag} and {club} differently
        self.lib: dict[str, Sequence[str]] = {**tc.FILLERS, "xed": xed}
        self.conf_lib: dict[str, Sequence[str]] = dict(tconf.FILLERS)
        self.cats = list(tconf.CATEGORIES.values())
        self.cat_cum = np.cumsum([w for w, _ in self.cats])
        self.cat_cum /= self.cat_cum[-1]
        self.fmt = Rfc3339()

    def hour(self, h: int, t0: int) -> list[Item]:
        """Posts created in ``[t0, t0 + 3600)``."""
        cfg = self.config
        gen = np.random.default_rng([cfg.seed, 1, h])
        rng = random.Random(cfg.seed * 10_000_019 + h)
        local_hour, weekday = local_hour_and_weekday(t0)
        n = int(gen.poisson(cfg.posts_per_day * cal.hour_share(int(local_hour), weekday)))
        # per-post draws in bulk; the text itself needs the per-post Python RNG
        created_l = (t0 + np.sort(gen.integers(0, 3600, n))).tolist()
        who_a = self.authors.sample(gen.random(n))
        who = who_a.tolist()
        kind = gen.random(n).tolist()
        eng_author = self.authors.english[who_a]
        u = gen.random(n)
        english_l = ((eng_author & (u < 0.85)) | (~eng_author & (u < 0.015))).tolist()
        extra = gen.random(n).tolist()
        late = (gen.random(n) < cfg.late_share) & (cfg.max_lateness_s > 0)
        deliver_l = (
            np.array(created_l, dtype=np.int64)
            + late * gen.integers(1, max(2, cfg.max_lateness_s + 1), n)
        ).tolist()
        ids = opaque_many(STREAM_CHATTER, h, n)
        places, authors, fmt, recent = self.places, self.authors, self.fmt, self.recent
        a_ids, a_profile, a_handle, a_home = (
            authors.ids,
            authors.profile,
            authors.handle,
            authors.home_list,
        )
        a_source = authors.source_list
        p_conf = cfg.confuser_share
        p_reply = p_conf + cal.CHATTER_REPLY_SHARE
        p_repost = p_reply + cal.CHATTER_REPOST_SHARE
        p_coords = cal.COORDINATES_SHARE
        p_place = p_coords + cal.PLACE_FIELD_SHARE
        base_order = structured(STREAM_CHATTER, h, 0)
        items: list[Item] = []
        for j in range(n):
            a = who[j]
            post_id = ids[j]
            source = a_source[a]
            english = english_l[j]
            area = places.areas[a_home[a]]
            reply_to = repost_of = None
            k = kind[j]
            truth = ""
            if k < p_conf:
                text = self._confuser(rng, area)
                truth = "~"
            elif k < p_repost and recent:
                rid, rauthor, rtext = recent[int(rng.random() * len(recent))]
                if k < p_reply:
                    reply_to = rid
                    body = pick(rng, tc.REPLIES_EN if english else tc.REPLIES_NL)
                    text = (
                        "@" + a_handle[rauthor] + " " + roughen(body, rng, tc.EMOJIS, tc.HASHTAGS)
                    )
                else:
                    repost_of = rid
                    text = repost_text(source, a_handle[rauthor], rtext)
            else:
                text = self._chatter(rng, area, english)
                recent.append((post_id, a, text))
            coords = place = None
            r = extra[j]
            if r < p_coords:
                where = area if r < p_coords * 0.75 else places.areas[places.sample(rng.random())]
                coords = jitter(where, rng, 1.0)
            elif r < p_place and source == "x":
                place = town_name(area, rng) + ", Nederland"
            line = post_line(
                post_id,
                source,
                fmt(created_l[j]),
                text,
                a_ids[a],
                lang=lang_tag(rng, english),
                author_location=a_profile[a],
                coordinates=coords,
                place=place,
                repost_of_id=repost_of,
                reply_to_id=reply_to,
            )
            items.append(Item(deliver_l[j], base_order + j, created_l[j], line, truth))
        return items

    def _place(self, rng: random.Random, area: Area) -> str:
        # people mostly write about their own town
        if rng.random() < 0.6:
            return town_name(area, rng)
        return pick(rng, self.places.woonplaatsen)

    def _chatter(self, rng: random.Random, area: Area, english: bool) -> str:
        place = self._place(rng, area)
        if english:
            template = pick(rng, tc.EN)
        else:
            template = pick(rng, tc.XED if rng.random() < tc.XED_SHARE else tc.NL)
        text = render(template, self.lib, rng, {"plaats": place})
        return roughen(text, rng, tc.EMOJIS, tc.HASHTAGS)

    def _confuser(self, rng: random.Random, area: Area) -> str:
        u = rng.random()
        cat = int(np.searchsorted(self.cat_cum, u, side="right"))
        templates = self.cats[min(cat, len(self.cats) - 1)][1]
        text = render(pick(rng, templates), self.conf_lib, rng, {"plaats": self._place(rng, area)})
        return roughen(text, rng, tconf.EMOJIS, tconf.HASHTAGS, hashtag_p=0.08)
