"""Normal chatter: how many distinct authors complaints draw in a window, by area and time.

Even with no outage, some posts are classified as complaints (a confuser the rules let through, a
joke, an old outage): more in a city than in a village, more in the evening than at night. The
baseline says how many to expect, so that the detector asks "how surprising is this?" rather
than "are there three?". It is a multiplicative model over the area hierarchy:

    expected = rate(region) × profile(weekday, hour) × hours of window × share(PC4s)

- ``rate``: distinct complaint authors per hour in the CBS gemeente (the region), shrunk towards
  the national mean per region when the history is short;
- ``profile``: the national time-of-week shape (168 local hours, mean 1);
- ``share``: the part of the region's complaints that fall in the PC4s at hand (a PC4, a PC4 with
  its neighbours, a woonplaats, the whole gemeente), shrunk towards an even spread.

Apart from these, ``unlocated_rate``: distinct authors per hour, nationwide and per utility, of
complaints that name no place; how often one happens to fall near a located report by chance
(``detectors.support``). Keyed ``utility@operator`` ("stroom@enexis"), the rate of those among
them that tag a grid operator (``detectors.operators``).

It is learned from history by ``storingsradar replay``/``tune`` (``replay._baseline``) and read
by the detector from the settings file.

>>> b = Baseline(region_rate={"GM0001": 0.5}, pc4_share={"1000": 0.25})
>>> round(b.expected("GM0001", ("1000",), 0.0, 1800.0), 4)
0.0625
>>> round(b.expected("GM0002", ("2000",), 0.0, 3600.0), 4)  # unknown: defaults
0.005
"""

from collections.abc import Iterable
from datetime import datetime
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field

#: Local time decides the hour of day people are awake.
LOCAL = ZoneInfo("Europe/Amsterdam")
#: Hours in a week: the profile has one value per local (weekday, hour).
WEEK_HOURS = 168

NonNegative = Annotated[float, Field(ge=0.0)]


def week_hour(ts: float) -> int:
    """Local hour of the week, Monday 00h = 0.

    >>> week_hour(1741003200.0)  # 2025-03-03T12:00Z, a Monday, 13h in Amsterdam
    13
    """
    t = datetime.fromtimestamp(ts, LOCAL)
    return t.weekday() * 24 + t.hour


class Baseline(BaseModel):
    """Expected distinct complaint authors by region, PC4 and local time of week."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: Literal[1] = 1
    #: hours of history it was learned from (0: nothing learned, the defaults apply)
    hours: NonNegative = 0.0
    #: distinct complaint authors per hour, per region (CBS gemeente code)
    region_rate: dict[str, NonNegative] = Field(default_factory=dict)
    #: the rate of a region the history never saw
    default_rate: NonNegative = 0.1
    #: share of its region's complaints each PC4 draws
    pc4_share: dict[str, NonNegative] = Field(default_factory=dict)
    #: the share of a PC4 the history never saw, per region, and anywhere else
    unseen_share: dict[str, NonNegative] = Field(default_factory=dict)
    default_share: NonNegative = 0.05
    #: national time-of-week shape, mean 1 (empty: flat)
    profile: tuple[NonNegative, ...] = ()
    #: distinct authors per hour of complaints naming no place, nationwide, per utility (and
    #: per ``utility@operator`` of those that tag an operator)
    unlocated_rate: dict[str, NonNegative] = Field(default_factory=dict)
    #: that rate for a utility the history never saw
    default_unlocated_rate: NonNegative = 1.0

    def share(self, region: str, pc4s: Iterable[str]) -> float:
        """The part of the region's complaints expected in these PC4s (at most 1)."""
        unseen = self.unseen_share.get(region, self.default_share)
        get = self.pc4_share.get
        return min(1.0, sum(get(p, unseen) for p in pc4s))

    def expected(self, region: str, pc4s: Iterable[str], ts: float, window_s: float) -> float:
        """Distinct complaint authors normally seen in ``pc4s`` over a window ending at ``ts``."""
        rate = self.region_rate.get(region, self.default_rate)
        shape = self.profile[week_hour(ts)] if len(self.profile) == WEEK_HOURS else 1.0
        return rate * shape * window_s / 3600.0 * self.share(region, pc4s)

    def expected_unlocated(self, utility: str, ts: float, window_s: float) -> float:
        """Authors of placeless ``utility`` complaints normally seen nationwide in a window.

        >>> Baseline(unlocated_rate={"gas": 0.5}).expected_unlocated("gas", 0.0, 7200.0)
        1.0
        """
        rate = self.unlocated_rate.get(utility, self.default_unlocated_rate)
        shape = self.profile[week_hour(ts)] if len(self.profile) == WEEK_HOURS else 1.0
        return rate * shape * window_s / 3600.0
