"""Every fixed number of the scenario model, with its source.

Published figures are marked SOURCE; everything else is an ASSUMPTION. CALIBRATION.md has the
full table with citations. These values are not tuned to any detector; the single value fitted
to a published figure (``CALL_DELAY_OFFSET_MIN``, to the ~15 min social-vs-phone lead) was
fitted on dev seeds 1–9 only.
"""

import math
from typing import Final

# --- incident frequency --------------------------------------------------------------------
# SOURCE: Netbeheer Nederland storingscijfers 2022 (reported by nieuws.nl, 2023-03-01): "ruim
# 23.000" power outages, mean 62 min; gas 30,500 outages, mean 182 min.
POWER_OUTAGES_PER_YEAR: Final = 23_000
GAS_OUTAGES_PER_YEAR: Final = 30_500
# SOURCE: Netbeheer Nederland, share of outages caused by digging (graafschade): 27 % of
# low-voltage power outages in 2018 (overstappen.eu), 30 % of gas outages in 2012 (bnnvara.nl).
# Digging happens in working hours, which gives the arrival process its weekday daytime bump.
DIGGING_SHARE_POWER: Final = 0.27
DIGGING_SHARE_GAS: Final = 0.30
DIGGING_HOURS: Final = (7.0, 17.0)  # ASSUMPTION: local working hours, Monday to Friday

# --- durations: lognormal with the published mean --------------------------------------------
POWER_MEAN_DURATION_MIN: Final = 62.0  # SOURCE: 2022 mean
POWER_DURATION_SIGMA: Final = 0.5  # ASSUMPTION: keeps outages > 4.5 h rare (see max)
POWER_MAX_DURATION_MIN: Final = 270.0  # SOURCE: 2022 longest power outage "4,5 uur"
GAS_MEAN_DURATION_MIN: Final = 182.0  # SOURCE: 2022 mean
GAS_DURATION_SIGMA: Final = 1.2  # ASSUMPTION: long tail (complex gas repairs)
GAS_MAX_DURATION_MIN: Final = 4_500.0  # SOURCE: 2022 longest gas outage "ruim drie dagen"
MIN_DURATION_MIN: Final = 3.0  # ASSUMPTION: shorter interruptions are not registered outages

# --- customers per outage ------------------------------------------------------------------
# SOURCE: Netbeheer Nederland: a power outage affected 122 customers on average in 2016
# (blikopnieuws.nl, 2017-03) and 103 in 2018 (overstappen.eu); we use their mean, 110.
POWER_MEAN_CUSTOMERS: Final = 110.0
# ASSUMPTION: lognormal sigma 2.0 (median ~15, 73 % below 50). Cross-check: it implies ~1.5
# outages a year with >= 31,000 customers; the largest of 2022 (Haarlem) had 31,000.
POWER_CUSTOMERS_SIGMA: Final = 2.0
POWER_MAX_CUSTOMERS: Final = 150_000  # ASSUMPTION: cap; never reached in practice
# SOURCE: a gas outage affected 1.5 customers on average (2016) or 1 (2018). A Zipf law with
# exponent 2.8 has mean ~1.46 and gives ~0.5 outages a year with >= 300 customers (2022's
# longest gas outage, Heerlen, had "ruim driehonderd").
GAS_CUSTOMERS_ZIPF_A: Final = 2.8
GAS_MAX_CUSTOMERS: Final = 2_000  # ASSUMPTION: cap
# SOURCE: ~8 million electricity connections (Netbeheer Nederland via bnnvara.nl, 2013) over
# the 4,085 PC4 areas of the gazetteer: ~1,960 connections per PC4. A larger outage spans
# ceil(customers / 1,960) neighbouring PC4 areas.
CONNECTIONS_PER_PC4: Final = 1_960
CONNECTIONS_PER_PC6: Final = 20  # ASSUMPTION: a PC6 is one side of a street, ~10-25 addresses

# --- who reports, and when (ASSUMPTIONS unless marked) -----------------------------------------
# Probability that one affected customer posts about a power outage at peak social hours.
P_POST_POWER: Final = 0.01
# Gas outages are noticed later (when cooking or when the heating stays cold): fewer posts.
P_POST_GAS: Final = 0.002
# Reporting scales with the share of people on social media at that hour (the chatter profile
# relative to its peak), floored: an outage wakes some people (alarms, appliances, heat pumps).
NIGHT_POST_FLOOR: Final = 0.1
NIGHT_CALL_FLOOR: Final = 0.4  # calls fall less at night: people who notice do call
# A customer's chance to call falls with the size of the outage (others call; the operator's
# site and IVR already announce it): p = min(CALL_P_MAX, CALL_P_MAX * customers ** -CALL_P_EXP).
CALL_P_MAX: Final = 0.8
CALL_P_EXP: Final = 0.35
# Delays after the outage starts. Posts come within minutes; calls only after checking the
# fuse box, finding the number, the IVR and the queue (received_at = call logged).
POST_DELAY_MEDIAN_MIN: Final = 4.0
POST_DELAY_SIGMA: Final = 0.8
# FITTED (dev seeds 1-9, 28 days each: mean lead 15.3 min) to the published figure below: the
# registration latency of the phone channel (IVR, queue, the agent logging the call), so that
# phone detection (3rd call within 15 min) comes ~15 min after the 3rd distinct posting author.
CALL_DELAY_OFFSET_MIN: Final = 17.0
# ASSUMPTION: hesitation before calling (checking the fuse box, finding the number).
CALL_DELAY_MEDIAN_MIN: Final = 10.0
CALL_DELAY_SIGMA: Final = 0.7
# SOURCE: a Dutch grid operator reported seeing outages on social media ~15 min before its
# phone channel (figure as given in the project brief; primary source not located offline).
PHONE_LEAD_TARGET_MIN: Final = 15.0
PHONE_K: Final = 3
PHONE_WINDOW_MIN: Final = 15.0

FOLLOWUP_SHARE: Final = 0.15  # posters who post again ("nog steeds geen stroom")
REPLY_SHARE: Final = 0.2  # complaints written as a reply to an earlier complaint
REPOSTS_PER_COMPLAINT: Final = 0.3  # mean reposts (not new reports)
OPERATOR_REPLY_P: Final = 0.5  # webcare answers a complaint that tags the operator
OPERATOR_REPLIES_MAX: Final = 4
NEWS_MIN_CUSTOMERS: Final = 2_000  # local news posts about larger outages
RESTORED_SHARE: Final = 0.35  # posters who say the power is back
BACKGROUND_CALLS_PER_DAY: Final = 500  # calls tied to no outage (own fuse, questions, ...)

# --- chatter (ASSUMPTIONS) -----------------------------------------------------------------------
DEFAULT_POSTS_PER_DAY: Final = 100_000
AUTHORS_PER_DAILY_POST: Final = 1.0  # author pool = posts_per_day authors
AUTHOR_ZIPF_S: Final = 1.0  # activity weight of the r-th most active author ~ r ** -s
CONFUSER_SHARE: Final = 0.03
# A keyword-filtered stream (X's filtered stream on "stroom", "storing", "gas", ...) drops most
# chatter: what is left is about half posts that use the words in another sense.
FILTERED_POSTS_PER_DAY: Final = 50_000
FILTERED_CONFUSER_SHARE: Final = 0.5
ENGLISH_SHARE: Final = 0.10
CHATTER_REPLY_SHARE: Final = 0.12
CHATTER_REPOST_SHARE: Final = 0.10
COORDINATES_SHARE: Final = 0.015
PLACE_FIELD_SHARE: Final = 0.02
SOURCES: Final = (("x", 0.65), ("bluesky", 0.2), ("mastodon", 0.15))
LATE_SHARE: Final = 0.03  # posts a stream delivers late
MAX_LATENESS_S: Final = 120

# Relative posting volume per Dutch local hour (0..23); evening peak, quiet 3-5 h, and a later
# start on weekends. ASSUMPTION: shape of published Twitter diurnal activity curves.
WEEKDAY_PROFILE: Final = (
    2.6, 1.5, 0.9, 0.6, 0.5, 0.8, 2.0, 3.6, 4.4, 4.6, 4.6, 4.7,
    5.0, 4.8, 4.6, 4.6, 4.8, 5.0, 5.2, 5.8, 6.4, 6.6, 5.6, 4.0,
)  # fmt: skip
WEEKEND_PROFILE: Final = (
    3.2, 2.2, 1.4, 0.9, 0.6, 0.6, 0.9, 1.6, 2.6, 3.6, 4.4, 4.8,
    5.0, 5.0, 4.9, 4.9, 5.0, 5.1, 5.2, 5.6, 6.2, 6.4, 5.6, 4.3,
)  # fmt: skip
_PEAK = max(*WEEKDAY_PROFILE, *WEEKEND_PROFILE)


def activity(local_hour: float, weekday: int) -> float:
    """Relative social-media activity at a Dutch local hour, 1.0 at the weekly peak."""
    profile = WEEKEND_PROFILE if weekday >= 5 else WEEKDAY_PROFILE
    return profile[int(local_hour) % 24] / _PEAK


def hour_share(local_hour: int, weekday: int) -> float:
    """Share of a day's posts that fall in this local hour."""
    profile = WEEKEND_PROFILE if weekday >= 5 else WEEKDAY_PROFILE
    return profile[local_hour % 24] / sum(profile)


def lognormal_mu(mean: float, sigma: float) -> float:
    """mu of a lognormal with the given mean and sigma."""
    return math.log(mean) - sigma * sigma / 2.0


def outage_rate_per_hour(
    per_year: float, digging_share: float, local_hour: float, weekday: int
) -> float:
    """Expected outages in one hour: a flat part plus the digging share on working hours."""
    flat = per_year * (1.0 - digging_share) / (365.0 * 24.0)
    work_hours_per_year = 52.0 * 5.0 * (DIGGING_HOURS[1] - DIGGING_HOURS[0])
    digging = 0.0
    if weekday < 5 and DIGGING_HOURS[0] <= local_hour < DIGGING_HOURS[1]:
        digging = per_year * digging_share / work_hours_per_year
    return flat + digging


def call_probability(customers: int) -> float:
    """Chance one affected customer calls the operator."""
    return min(CALL_P_MAX, CALL_P_MAX * math.pow(customers, -CALL_P_EXP))


def table() -> dict[str, object]:
    """The calibration constants, for scenario.json."""
    return {k: v for k, v in globals().items() if k.isupper() and not k.startswith("_")}
