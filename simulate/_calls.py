"""Calls to the operators' outage line: those an outage causes, and the daily trickle that
belongs to no outage."""

import math
import random

import numpy as np

from simulate import _calibration as cal
from simulate._clock import local_hour_and_weekday
from simulate._ids import STREAM_CHATTER, STREAM_INCIDENT, structured
from simulate._incidents import PC6_SUFFIXES, Incident
from simulate._places import Places
from simulate._post import CallItem
from simulate._textgen import pick

_CALL_BASE = 1 << 23  # call sequence numbers sit above any post sequence number


def postcode_as_given(pc4: str, suffix: str, rng: random.Random) -> str:
    """How the call-taker logged the postcode: PC6 with or without a space, or only PC4."""
    r = rng.random()
    if r < 0.6:
        return pc4 + suffix
    if r < 0.8:
        return pc4 + " " + suffix
    return pc4


def _utility_as_logged(utility: str, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.85:
        return utility
    if r < 0.97:
        return ""  # not filled in
    return "gas" if utility == "stroom" else "stroom"  # caller unsure what failed


def incident_calls(
    inc: Incident, gen: np.random.Generator, rng: random.Random, activity: float, end_ts: int
) -> list[CallItem]:
    """Calls about one outage; nobody calls once it is over."""
    factor = cal.NIGHT_CALL_FLOOR + (1.0 - cal.NIGHT_CALL_FLOOR) * activity
    n = int(gen.binomial(inc.customers, cal.call_probability(inc.customers) * factor))
    if n == 0:
        return []
    delays = cal.CALL_DELAY_OFFSET_MIN + gen.lognormal(
        math.log(cal.CALL_DELAY_MEDIAN_MIN), cal.CALL_DELAY_SIGMA, n
    )
    calls = []
    for k, d in enumerate(delays.tolist()):
        at = inc.start + round(60 * d)
        if at >= inc.end or at >= end_ts:
            continue
        ai = int(rng.random() * len(inc.areas))
        postcode = postcode_as_given(inc.pc4s[ai], pick(rng, inc.pc6[ai]), rng)
        calls.append(
            CallItem(
                at,
                structured(STREAM_INCIDENT, inc.index, _CALL_BASE + k),
                postcode,
                _utility_as_logged(inc.utility, rng),
            )
        )
    return calls


def background_calls(h: int, t0: int, seed: int, per_day: float, places: Places) -> list[CallItem]:
    """Calls in hour ``h`` that belong to no outage (own fuse box, gas smell, questions)."""
    gen = np.random.default_rng([seed, 4, h])
    rng = random.Random(seed * 7_777_777 + h)
    local_hour, weekday = local_hour_and_weekday(t0)
    factor = cal.NIGHT_CALL_FLOOR + (1.0 - cal.NIGHT_CALL_FLOOR) * cal.activity(local_hour, weekday)
    # normalise so a day holds per_day calls on average whatever the profile
    mean_factor = cal.NIGHT_CALL_FLOOR + (1.0 - cal.NIGHT_CALL_FLOOR) * (
        sum(cal.WEEKDAY_PROFILE) / 24.0 / max(cal.WEEKDAY_PROFILE)
    )
    n = int(gen.poisson(per_day / 24.0 * factor / mean_factor))
    secs = sorted(gen.integers(0, 3600, n).tolist())
    calls = []
    for k, s in enumerate(secs):
        area = places.areas[places.sample(rng.random())]
        r = rng.random()
        utility = "stroom" if r < 0.55 else ("gas" if r < 0.9 else "")
        calls.append(
            CallItem(
                t0 + s,
                structured(STREAM_CHATTER, h, _CALL_BASE + k),
                postcode_as_given(area.pc4, pick(rng, PC6_SUFFIXES), rng),
                utility,
            )
        )
    return calls
