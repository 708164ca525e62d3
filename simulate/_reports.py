"""What an outage makes people do: who posts, when, with which location cue and words; the
aftermath of each complaint; and the calls to the operator."""

import math
import random
from collections.abc import Sequence

import numpy as np

from simulate import _calibration as cal
from simulate import _text_complaints as t
from simulate._aftermath import aftermath, news
from simulate._authors import Authors, make_handle
from simulate._calls import incident_calls
from simulate._clock import Rfc3339, local_hour_and_weekday
from simulate._config import ScenarioConfig
from simulate._draft import Complaint, Draft, Person, Report
from simulate._ids import STREAM_EXTRA_AUTHOR, opaque, structured
from simulate._incidents import Incident
from simulate._naming import operator_handle, profile_location, town_hashtag, town_name
from simulate._places import Places
from simulate._post import jitter
from simulate._textgen import pick, render, roughen


def _split(templates: Sequence[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return (
        tuple(x for x in templates if "{loc}" in x),
        tuple(x for x in templates if "{loc}" not in x),
    )


_REPLY = {
    ("stroom", False): _split(t.REPLY_NL),
    ("gas", False): _split(t.REPLY_GAS_NL),
    ("stroom", True): _split(t.REPLY_EN),
    ("gas", True): _split(t.REPLY_EN),
}
_COMPLAINT = {
    ("stroom", False): (t.POWER_LOC_NL, t.POWER_FREE_NL),
    ("gas", False): (t.GAS_LOC_NL, t.GAS_FREE_NL),
    ("stroom", True): (t.POWER_LOC_EN, t.POWER_FREE_EN),
    ("gas", True): (t.GAS_LOC_EN, t.GAS_FREE_EN),
}
_DIRECTIONS = ("Noord", "Zuid", "Oost", "West")


class Reporter:
    """Turns incidents into posts and calls."""

    def __init__(
        self, config: ScenarioConfig, places: Places, authors: Authors, end_ts: int
    ) -> None:
        self.config = config
        self.places = places
        self.authors = authors
        self.end_ts = end_ts
        self.fmt = Rfc3339()

    def report(self, inc: Incident) -> Report:
        """Everything the incident makes people post and call."""
        seed = self.config.seed
        gen = np.random.default_rng([seed, 3, inc.index])
        d = Draft(
            inc, random.Random(seed * 998_244_353 + inc.index), self.config, self.fmt, self.end_ts
        )
        rng = d.rng
        act = cal.activity(*local_hour_and_weekday(inc.start))
        p_post = cal.P_POST_POWER if inc.utility == "stroom" else cal.P_POST_GAS
        p_post *= max(cal.NIGHT_POST_FLOOR, act)
        posters = self._posters(inc, int(gen.binomial(inc.customers, p_post)), rng)
        mu = math.log(cal.POST_DELAY_MEDIAN_MIN)
        times = sorted(
            inc.start + round(60 * rng.lognormvariate(mu, cal.POST_DELAY_SIGMA)) for _ in posters
        )
        complaints: list[Complaint] = []
        for person, when in zip(posters, times, strict=True):
            complaints.append(self._complaint(d, person, when, complaints))
        for c in complaints:
            aftermath(d, c, self.authors)
        news(d, self.places.areas[inc.areas[0]])
        d.out.calls = incident_calls(inc, gen, rng, act, self.end_ts)
        return d.out

    def _complaint(
        self, d: Draft, person: Person, when: int, earlier: list[Complaint]
    ) -> Complaint:
        inc, rng = d.inc, d.rng
        late = when >= inc.end
        if late:  # noticed, or only got round to posting, after it was over
            when = inc.end + 30 + int(rng.random() * 900)
        ai = int(rng.random() * len(inc.areas))
        area = self.places.areas[inc.areas[ai]]
        loc, hashtag, coords = self._cue(inc, ai, rng)
        reply_to = None
        if late:
            text = render(
                pick(rng, t.PAST_NL), t.FILLERS, rng, {"loc": loc or town_name(area, rng)}
            )
        elif earlier and rng.random() < cal.REPLY_SHARE:
            target = earlier[int(rng.random() * len(earlier))]
            reply_to = target.post_id
            with_loc, without = _REPLY[inc.utility, person.english]
            pool = with_loc if loc and with_loc and rng.random() < 0.5 else without
            text = f"@{target.person.handle} " + render(
                pick(rng, pool), t.FILLERS, rng, {"loc": loc}
            )
        else:
            with_loc, without = _COMPLAINT[inc.utility, person.english]
            if loc:
                text = render(pick(rng, with_loc), t.FILLERS, rng, {"loc": loc})
            else:
                text = render(pick(rng, without), t.FILLERS, rng)
            if rng.random() < 0.25:  # ASSUMPTION: a quarter tag the grid operator
                handle = operator_handle(area, rng)
                text = f"{handle} {text}" if rng.random() < 0.4 else f"{text} {handle}"
        text = roughen(text, rng, t.EMOJIS, t.HASHTAGS[inc.utility], emoji_p=0.25, hashtag_p=0.12)
        if hashtag:
            text = f"{text} {hashtag}"
        post_id = d.emit(person, when, text, "complaint", area, coords=coords, reply_to=reply_to)
        return Complaint(post_id, person, text, when, area, late)

    def _posters(self, inc: Incident, n: int, rng: random.Random) -> list[Person]:
        """``n`` distinct people who post: known accounts living in the affected areas first,
        then accounts that never showed up in the chatter (also living there)."""
        if n == 0:
            return []
        a = self.authors
        pool = [int(i) for area in inc.areas for i in a.living_in(area)]
        rng.shuffle(pool)
        people = [
            Person(
                a.ids[i],
                a.handle[i],
                a.profile[i],
                a.source(i),
                (bool(a.english[i]) and rng.random() < 0.85) or rng.random() < 0.015,
            )
            for i in pool[:n]
        ]
        for k in range(n - len(people)):
            ai = inc.areas[k % len(inc.areas)]
            home = self.places.areas[ai]
            r = rng.random()
            source = "x" if r < 0.65 else ("bluesky" if r < 0.85 else "mastodon")
            location = profile_location(
                home, self.places.neighbourhoods[ai], rng, pick(rng, self.places.woonplaatsen)
            )
            people.append(
                Person(
                    opaque(structured(STREAM_EXTRA_AUTHOR, inc.index, k)),
                    make_handle(rng, town_name(home, rng)),
                    "" if source == "mastodon" else location,
                    source,
                    rng.random() < self.config.english_share * 0.85,
                )
            )
        return people

    def _cue(
        self,
        inc: Incident,
        ai: int,
        rng: random.Random,
    ) -> tuple[str, str, tuple[float, float] | None]:
        """Location phrase for the text, a trailing hashtag, and coordinates.

        ASSUMED mix: PC4 12 %, PC6 3 %, place 30 %, neighbourhood 10 % (place when the area
        has none), place hashtag 10 %, coordinates only 5 %, nothing 30 % (then only the
        profile location, if any, says where). 1.5 % carry coordinates besides.
        """
        area = self.places.areas[inc.areas[ai]]
        r = rng.random()
        coords = jitter(area, rng, 0.3) if rng.random() < 0.015 else None
        if r < 0.12:
            return (area.pc4 if rng.random() < 0.7 else "postcode " + area.pc4), "", coords
        if r < 0.15:
            sep = " " if rng.random() < 0.4 else ""
            return area.pc4 + sep + pick(rng, inc.pc6[ai]), "", coords
        town = town_name(area, rng)
        if r < 0.45:
            form = rng.random()
            if form < 0.08:
                pick(rng, _DIRECTIONS)  # drawn as before: every other post stays the same
            if form < 0.13 and (part := self.places.town_part(area)) is not None:
                # The part the area is really in: residents do not call the east "Noord".
                town = f"{town} centrum" if part == "centrum" else f"{town}-{part}"
            return town, "", coords
        if r < 0.55:
            nbhs = self.places.neighbourhoods[inc.areas[ai]]
            return (pick(rng, nbhs) if nbhs else town), "", coords
        if r < 0.65:
            return "", town_hashtag(town), coords
        if r < 0.70:
            return "", "", jitter(area, rng, 0.3)
        return "", "", coords
