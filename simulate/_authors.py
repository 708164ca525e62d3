"""The population of posting accounts: activity, home area, profile location, language."""

import random

import numpy as np
import numpy.typing as npt

from simulate import _calibration as cal
from simulate._ids import STREAM_AUTHOR, opaque, structured
from simulate._naming import profile_location, town_name
from simulate._places import Places
from simulate._textgen import pick

_FIRST = (
    "jan",
    "sanne",
    "mark",
    "lisa",
    "tom",
    "fatima",
    "joost",
    "anouk",
    "kevin",
    "emma",
    "daan",
    "sophie",
    "mo",
    "noor",
    "bram",
    "eva",
    "thijs",
    "iris",
    "sem",
    "julia",
    "ahmed",
    "lotte",
    "ruben",
    "fleur",
    "youssef",
    "demi",
    "luuk",
    "amira",
    "koen",
    "marieke",
    "pieter",
    "ilse",
    "wouter",
    "esther",
    "hans",
    "ingrid",
    "kees",
    "petra",
)
_LAST = (
    "devries",
    "jansen",
    "bakker",
    "visser",
    "smit",
    "meijer",
    "vdberg",
    "mulder",
    "bos",
    "vos",
    "peters",
    "hendriks",
    "dekker",
    "brouwer",
    "dijkstra",
    "yilmaz",
    "elamrani",
    "degroot",
    "vanleeuwen",
    "kok",
    "postma",
    "willems",
    "schouten",
)
_SEP = ("", "_", ".", "")


class Authors:
    """``n`` accounts; author ``i`` has activity weight ~ (i + 1) ** -s (Zipf-like)."""

    def __init__(self, places: Places, n: int, seed: int, english_share: float) -> None:
        n = max(n, 50)
        gen = np.random.default_rng([seed, 7])
        rng = random.Random(seed * 1_000_003 + 7)
        self.n = n
        weights = (np.arange(1, n + 1, dtype=np.float64)) ** -cal.AUTHOR_ZIPF_S
        self.cum = np.cumsum(weights / weights.sum())
        self.cum[-1] = 1.0
        self.home: npt.NDArray[np.int_] = places.sample_many(gen.random(n))
        source_p = np.array([p for _, p in cal.SOURCES])
        self.source_code = gen.choice(len(cal.SOURCES), size=n, p=source_p / source_p.sum())
        self.english = gen.random(n) < english_share
        self.source_list = [cal.SOURCES[int(c)][0] for c in self.source_code]
        self.home_list: list[int] = self.home.tolist()
        self.ids = [opaque(structured(STREAM_AUTHOR, 0, i)) for i in range(n)]
        towns = places.woonplaatsen
        self.profile: list[str] = []
        self.handle: list[str] = []
        for i in range(n):
            area = places.areas[int(self.home[i])]
            location = profile_location(
                area, places.neighbourhoods[int(self.home[i])], rng, pick(rng, towns)
            )
            # Mastodon profiles have no location field
            self.profile.append("" if self.source_list[i] == "mastodon" else location)
            self.handle.append(make_handle(rng, town_name(area, rng)))
        order = np.argsort(self.home, kind="stable")
        self._by_home = order
        self._home_start = np.searchsorted(self.home[order], np.arange(len(places) + 1))

    def sample(self, u: npt.NDArray[np.float64]) -> npt.NDArray[np.int_]:
        """Author indices for uniform draws, by activity."""
        return np.minimum(np.searchsorted(self.cum, u, side="right"), self.n - 1)

    def sample_one(self, u: float) -> int:
        """Author index for one uniform draw, by activity."""
        return min(int(np.searchsorted(self.cum, u, side="right")), self.n - 1)

    def living_in(self, area: int) -> npt.NDArray[np.int_]:
        """Indices of the authors whose home is the area."""
        return self._by_home[self._home_start[area] : self._home_start[area + 1]]

    def source(self, i: int) -> str:
        """Platform of author ``i``."""
        return self.source_list[i]


def make_handle(rng: random.Random, town: str) -> str:
    """A plausible account handle; a few carry their town."""
    r = rng.random()
    first = pick(rng, _FIRST)
    if r < 0.03:
        return first + "_" + town.lower().replace(" ", "").replace("'", "")[:12]
    if r < 0.5:
        return first + pick(rng, _SEP) + pick(rng, _LAST)
    if r < 0.8:
        return first + str(int(rng.random() * 99) + 1)
    return first[0] + pick(rng, _LAST) + str(int(rng.random() * 9000) + 1000)
