"""The baseline-aware detector: alert when the reports near each other are improbable as chatter.

It keeps everything of :class:`~detectors.threshold.ThresholdDetector` (distinct-author windows,
the area hierarchy of PC4, PC4 with neighbours within ``radius_km``, woonplaats and gemeente
through town-level reports, one alert id per spreading incident, levels, resolution), and
changes one decision: whether a cluster of ``n`` distinct authors is enough. With ``λ`` the
authors the :class:`~detectors.baseline.Baseline` expects over the cluster's postcodes, region
and time of week in one window, the score is

    surprise = −log10 P(N ≥ n),  N ~ Poisson(λ)

and an alert opens when it reaches ``min_score``. So two reports in a quiet village at night
(λ ≈ 0.001, surprise ≈ 6) open an alert, while three in a city centre in the evening, where the
classifier's false positives gather, may not. ``sure_authors`` distinct authors always suffice:
however busy an area, that many people do not mistake an outage together.
"""

import math
from dataclasses import dataclass

from detectors.base import Places
from detectors.baseline import Baseline
from detectors.clock import Clock
from detectors.threshold import ThresholdConfig, ThresholdDetector, _Alert, _Report

_LN10 = math.log(10.0)
#: λ below this is treated as this: a history without a single complaint is not proof of none.
MIN_EXPECTED = 1e-6


def poisson_surprise(n: int, lam: float) -> float:
    """−log10 P(N ≥ n) for N ~ Poisson(λ): how surprising ``n`` or more is.

    >>> round(poisson_surprise(2, 0.01), 2), round(poisson_surprise(3, 0.01), 2)
    (4.3, 6.78)
    >>> poisson_surprise(0, 5.0), round(poisson_surprise(2, 5.0), 3)
    (0.0, 0.018)
    """
    if n <= 0:
        return 0.0
    lam = max(lam, MIN_EXPECTED)
    if lam >= n:
        # P(N >= n) is large here: 1 − P(N < n) loses nothing to cancellation.
        term = below = math.exp(-lam)
        for k in range(1, n):
            term *= lam / k
            below += term
        return max(0.0, -math.log1p(-min(below, 1.0 - 1e-16)) / _LN10)
    # Small λ: sum the upper tail from its first term, in logs (λ^n/n! may underflow).
    log_first = -lam + n * math.log(lam) - math.lgamma(n + 1)
    total = term = 1.0
    k = n
    while term > 1e-12 * total:
        k += 1
        term *= lam / k
        total += term
    return max(0.0, -(log_first + math.log(total)) / _LN10)


@dataclass(frozen=True, slots=True)
class SurpriseConfig(ThresholdConfig):
    """Settings of :class:`SurpriseDetector`; ``min_authors`` is the floor of distinct authors."""

    min_authors: int = 2
    #: −log10 of the chatter probability that opens an alert (4: once in 10,000 windows)
    min_score: float = 4.0
    #: distinct authors near each other that open an alert however busy the area
    sure_authors: int = 5


class SurpriseDetector(ThresholdDetector):
    """Distinct authors near each other, scored against the baseline of normal chatter."""

    name = "surprise"

    def __init__(
        self,
        places: Places,
        clock: Clock,
        config: SurpriseConfig | None = None,
        baseline: Baseline | None = None,
    ) -> None:
        self.settings = config or SurpriseConfig()
        super().__init__(places, clock, self.settings)
        self.baseline = baseline or Baseline()

    def _floor(self) -> int:
        return self.settings.min_authors

    def footprint(self, keys: set[str]) -> set[str]:
        """The PC4s behind a set of window keys (``u:pc4`` and town keys ``u:T:a-b-c``)."""
        out: set[str] = set()
        for key in keys:
            _, _, rest = key.partition(":")
            if rest.startswith("T:"):
                out.update(self._town_pc4s.get(key, ()))
            else:
                out.add(rest)
        return out

    def surprise(self, region: str, n: int, keys: set[str], ts: float) -> float:
        """How improbable ``n`` distinct authors over these window keys are as normal chatter."""
        pc4s = self.footprint(keys)
        window_s, borders = self.settings.window_s, self.borders
        if borders is None:
            lam = self.baseline.expected(region, pc4s, ts, window_s)
        else:
            # Guests from across a border are expected at their own region's rate.
            by_region: dict[str, list[str]] = {}
            for p in pc4s:
                by_region.setdefault(borders.region_of(p), []).append(p)
            lam = sum(self.baseline.expected(g, ps, ts, window_s) for g, ps in by_region.items())
        return poisson_surprise(n, lam)

    def _evidence(
        self, region: str, rep: _Report, keys: set[str], cluster: list[_Report]
    ) -> float | None:
        n = len({x.author for x in cluster})
        if n < self.settings.min_authors:
            return None
        score = self.surprise(region, n, keys, rep.ts)
        if score >= self.settings.min_score or n >= self.settings.sure_authors:
            return score
        return None

    def _score(self, alert: _Alert) -> float:
        return alert.score
