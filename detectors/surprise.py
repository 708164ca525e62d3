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

With ``support_s`` > 0, complaints that name no place at all (:mod:`detectors.support`) within
``support_s`` of a located cluster count as up to ``max_support`` more authors, never towards
``sure_authors``: their own surprise, against the baseline's nationwide rate of placeless
complaints, adds to the cluster's (independent evidence multiplies probabilities). The cluster
is weighed again when such a complaint arrives after it, and an alert it opens is detected at
that later complaint, never before its evidence. They back only a cluster with a report placed
by its own words, and with ``support_confidence`` only one whose reports the classifier is that
sure of. With ``tagged_s`` > 0, placeless complaints that tag the grid operator of the
cluster's area (``detectors.operators``) back it too, against the rarer rate of such tags.

With ``burst_s`` > 0 the authors of the last ``burst_s`` are also weighed against the chatter
expected in that time (less log10 2 for the second look): outage reports come in a burst.
"""

import dataclasses
import math
from dataclasses import dataclass
from typing import Any

from detectors._records import Alert, Report
from detectors.base import Places
from detectors.baseline import Baseline
from detectors.clock import Clock
from detectors.operators import operator_of
from detectors.support import UnlocatedWindow
from detectors.threshold import ThresholdConfig, ThresholdDetector
from schemas import AlertEvent, Complaint

_LN10 = math.log(10.0)
#: λ below this is treated as this: a history without a single complaint is not proof of none.
MIN_EXPECTED = 1e-6
#: A burst is weighed as well as the whole window: two looks, so each must be twice as rare.
BURST_PENALTY = math.log10(2.0)


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
    #: complaints naming no place this close in time to a located cluster back it up (0: never)
    support_s: float = 0.0
    #: at most this many such complaints count as authors of a cluster
    max_support: int = 1
    #: the score a cluster needs when it opens only with placeless complaints' help (0:
    #: ``min_score``): every lone report is a candidate, far more of them than pairs.
    support_min_score: float = 0.0
    #: ...and only when the classifier is at least this sure of each located report (0: any)
    support_confidence: float = 0.0
    #: also weigh the authors of the last ``burst_s`` alone (0: never): an outage's reports
    #: come in a burst, chatter spreads evenly over the window
    burst_s: float = 0.0
    #: placeless complaints that tag the grid operator of a cluster's area this close in time
    #: back it (0: never), up to ``max_tagged`` authors, at ``min_score``: rarer than
    #: placeless complaints in general and seldom chatter, they weigh more
    tagged_s: float = 0.0
    max_tagged: int = 2


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
        self._support = UnlocatedWindow(self.settings.support_s)
        self._tagged = UnlocatedWindow(self.settings.tagged_s)
        self._operators: dict[str, str] = {}

    def process_one(self, complaint: Complaint) -> list[AlertEvent]:
        """Take one complaint; one that names no place may back up a located cluster."""
        # A reply takes its place from the post it answers where that is known
        # (``detectors.threads``); a live partition may not hold that post, the replay does:
        # only complaints that stand alone back others, alike in both.
        alone = not (complaint.repost or complaint.restored or complaint.reply_to)
        tagged = self.settings.tagged_s > 0 and complaint.operator is not None
        if complaint.pc4s or not alone or not (self.settings.support_s > 0 or tagged):
            return super().process_one(complaint)
        ts = complaint.created_at.timestamp()
        events = self.advance(ts)
        self._support.add(ts, complaint.author, complaint.utility)
        if tagged:
            self._tagged.add(ts, complaint.author, f"{complaint.utility}@{complaint.operator}")
        events.extend(self._reconsider(ts, complaint.utility))
        return events

    def _reconsider(self, ts: float, utility: str) -> list[AlertEvent]:
        """Weigh again, at ``ts``, the latest located report of each region not yet alerted."""
        events: list[AlertEvent] = []
        horizon = ts - max(self.settings.support_s, self.settings.tagged_s)
        for region in sorted(self._windows):
            window = self._windows[region]
            for _, _, _, rep in reversed(window.events()):
                if rep.ts < horizon:
                    break
                if rep.utility != utility or self._joinable(region, rep) is not None:
                    continue
                # Detected now, when the backing arrived: never before the evidence existed.
                opened = self._maybe_open(region, dataclasses.replace(rep, ts=ts), window)
                if opened:
                    events.extend(opened)
                    break
        return events

    def _backable(self, cluster: list[Report]) -> bool:
        """Whether placeless complaints may back this cluster: one of its reports names its
        place in its own words (a profile says where someone lives, not where they are: a lone
        profile report of a real outage elsewhere is the usual false alarm backing raises), and
        the classifier is at least ``support_confidence`` sure of every one (chatter seldom is
        that sure)."""
        sure = self.settings.support_confidence
        return any(x.precise for x in cluster) and all(x.confidence >= sure for x in cluster)

    def _backing(self, rep: Report, cluster: list[Report]) -> int:
        """Unlocated authors (not already in the cluster) that count towards it."""
        if self.settings.support_s <= 0:
            return 0
        own = {x.author for x in cluster}
        return min(len(self._support.authors(rep.ts, rep.utility) - own), self.settings.max_support)

    def _tagged_backing(self, region: str, rep: Report, cluster: list[Report]) -> tuple[str, int]:
        """The key ``utility@operator`` of the region's operator, and its placeless authors
        (not already in the cluster) that count towards the cluster."""
        operator = self._operators.get(region)
        if operator is None:
            operator = self._operators[region] = operator_of(
                self.places.info(rep.pc4s[0]).provincie
            )
        key = f"{rep.utility}@{operator}"
        own = {x.author for x in cluster}
        return key, min(len(self._tagged.authors(rep.ts, key) - own), self.settings.max_tagged)

    def _floor(self) -> int:
        most = max(
            self.settings.max_support if self.settings.support_s > 0 else 0,
            self.settings.max_tagged if self.settings.tagged_s > 0 else 0,
        )
        return max(1, self.settings.min_authors - most)

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

    def surprise(
        self, region: str, n: int, keys: set[str], ts: float, window_s: float = 0.0
    ) -> float:
        """How improbable ``n`` distinct authors over these window keys are as normal chatter."""
        pc4s = self.footprint(keys)
        window_s, borders = window_s or self.settings.window_s, self.borders
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
        self, region: str, rep: Report, keys: set[str], cluster: list[Report]
    ) -> float | None:
        n = len({x.author for x in cluster})
        score = self.surprise(region, n, keys, rep.ts)
        burst_s = self.settings.burst_s
        if 0.0 < burst_s < self.settings.window_s:
            recent = len({x.author for x in cluster if x.ts > rep.ts - burst_s})
            if recent >= 2:
                short = self.surprise(region, recent, keys, rep.ts, burst_s) - BURST_PENALTY
                score = max(score, short)
        if n >= self.settings.sure_authors or (
            n >= self.settings.min_authors and score >= self.settings.min_score
        ):
            return score
        # Not enough alone: placeless complaints nearby in time may make up the difference.
        if not self._backable(cluster):
            return None
        # They fall anywhere (or anywhere in one operator's area): how improbable is it that
        # this many did so within reach either side of the cluster by chance?
        if self.settings.tagged_s > 0:
            key, tagged = self._tagged_backing(region, rep, cluster)
            # One more than ``min_authors``: a lone report with one tagged complaint somewhere
            # in the operator's area within minutes is too common a coincidence.
            if tagged and n + tagged > self.settings.min_authors:
                chance = self.baseline.expected_unlocated(key, rep.ts, 2.0 * self.settings.tagged_s)
                backed = score + poisson_surprise(tagged, chance)
                if backed >= self.settings.min_score:
                    return backed
        backing = self._backing(rep, cluster)
        if not backing or n + backing < self.settings.min_authors:
            return None
        chance = self.baseline.expected_unlocated(
            rep.utility, rep.ts, 2.0 * self.settings.support_s
        )
        score += poisson_surprise(backing, chance)
        if score >= max(self.settings.min_score, self.settings.support_min_score):
            return score
        return None

    def to_state(self) -> dict[str, Any]:
        """The threshold detector's state and the unlocated complaints still in reach."""
        state = super().to_state()
        if self.settings.support_s > 0:
            state["unlocated"] = self._support.to_state()
        if self.settings.tagged_s > 0:
            state["tagged"] = self._tagged.to_state()
        return state

    def load_state(self, state: dict[str, Any]) -> None:
        """Restore a state written by :meth:`to_state`."""
        super().load_state(state)
        self._support = UnlocatedWindow(self.settings.support_s)
        self._support.load_state(state.get("unlocated", []))
        self._tagged = UnlocatedWindow(self.settings.tagged_s)
        self._tagged.load_state(state.get("tagged", []))

    def _score(self, alert: Alert) -> float:
        return alert.score
