"""Outages: when they start, how many customers, where, and for how long.

Arrivals are a Poisson process whose rate is the published yearly count per utility, with
the digging share of outages concentrated in working hours (see _calibration).
"""

import bisect
import math
import random
from dataclasses import dataclass
from functools import cache

import numpy as np

from simulate import _calibration as cal
from simulate._clock import local_hour_and_weekday
from simulate._config import ScenarioConfig
from simulate._places import Places

# Letters used in Dutch PC6 postcodes (F, I, O, Q, U and Y are not issued; nor SA, SD, SS).
_PC6_LETTERS = "ABCDEGHJKLMNPRSTVWXZ"
PC6_SUFFIXES = tuple(
    a + b for a in _PC6_LETTERS for b in _PC6_LETTERS if a + b not in {"SA", "SD", "SS"}
)


@dataclass(frozen=True, slots=True)
class Incident:
    """One outage; ``areas`` are indices into Places (the first is where it began)."""

    index: int
    incident_id: str
    utility: str  # "stroom" or "gas"
    start: int
    end: int
    customers: int
    areas: tuple[int, ...]
    pc4s: tuple[str, ...]
    pc6: tuple[tuple[str, ...], ...]  # per area, the PC6 suffixes of affected streets


@cache
def _gas_cdf() -> tuple[float, ...]:
    weights = [k**-cal.GAS_CUSTOMERS_ZIPF_A for k in range(1, cal.GAS_MAX_CUSTOMERS + 1)]
    total = sum(weights)
    acc, out = 0.0, []
    for w in weights:
        acc += w
        out.append(acc / total)
    return tuple(out)


def draw_customers(utility: str, rng: random.Random) -> int:
    """Customers affected: lognormal (power) or Zipf (gas), both with the published mean."""
    if utility == "gas":
        return bisect.bisect_left(_gas_cdf(), rng.random()) + 1
    mu = cal.lognormal_mu(cal.POWER_MEAN_CUSTOMERS, cal.POWER_CUSTOMERS_SIGMA)
    return max(
        1, min(cal.POWER_MAX_CUSTOMERS, round(rng.lognormvariate(mu, cal.POWER_CUSTOMERS_SIGMA)))
    )


def draw_duration_s(utility: str, rng: random.Random) -> int:
    """Duration: lognormal with the published mean, redrawn outside the published range."""
    if utility == "gas":
        mean, sigma, top = (
            cal.GAS_MEAN_DURATION_MIN,
            cal.GAS_DURATION_SIGMA,
            cal.GAS_MAX_DURATION_MIN,
        )
    else:
        mean, sigma, top = (
            cal.POWER_MEAN_DURATION_MIN,
            cal.POWER_DURATION_SIGMA,
            cal.POWER_MAX_DURATION_MIN,
        )
    mu = cal.lognormal_mu(mean, sigma)
    while True:
        minutes = rng.lognormvariate(mu, sigma)
        if cal.MIN_DURATION_MIN <= minutes <= top:
            return round(minutes * 60)


class IncidentProcess:
    """Draws the outages that start in each successive hour."""

    def __init__(self, config: ScenarioConfig, places: Places) -> None:
        self.config = config
        self.places = places
        self.next_index = 0

    def hour(self, h: int, t0: int) -> list[Incident]:
        """Outages starting in ``[t0, t0 + 3600)``, in start order."""
        cfg = self.config
        gen = np.random.default_rng([cfg.seed, 2, h])
        local_hour, weekday = local_hour_and_weekday(t0)
        starts: list[tuple[int, str]] = []
        for utility, per_year, digging in (
            ("stroom", cal.POWER_OUTAGES_PER_YEAR, cal.DIGGING_SHARE_POWER),
            ("gas", cal.GAS_OUTAGES_PER_YEAR, cal.DIGGING_SHARE_GAS),
        ):
            rate = cal.outage_rate_per_hour(per_year, digging, local_hour, weekday)
            n = int(gen.poisson(rate * cfg.incident_rate_scale))
            starts.extend((t0 + int(s), utility) for s in gen.integers(0, 3600, n))
        starts.sort()
        out = []
        for start, utility in starts:
            index = self.next_index
            self.next_index += 1
            out.append(self._make(index, start, utility))
        return out

    def _make(self, index: int, start: int, utility: str) -> Incident:
        rng = random.Random(self.config.seed * 1_000_000_007 + index)
        customers = draw_customers(utility, rng)
        duration = draw_duration_s(utility, rng)
        origin = self.places.sample(rng.random())
        # an outage spans as many neighbouring PC4s as its customers fill
        n_pc4 = max(1, math.ceil(customers / cal.CONNECTIONS_PER_PC4))
        areas = tuple(self.places.nearest(origin, n_pc4))
        per_area = max(
            1, min(len(PC6_SUFFIXES), math.ceil(customers / cal.CONNECTIONS_PER_PC6 / len(areas)))
        )
        pc6 = tuple(tuple(sorted(rng.sample(PC6_SUFFIXES, per_area))) for _ in areas)
        return Incident(
            index,
            f"INC-{index + 1:06d}",
            utility,
            start,
            start + duration,
            customers,
            areas,
            tuple(self.places.areas[a].pc4 for a in areas),
            pc6,
        )
