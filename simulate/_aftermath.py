"""What follows a complaint: a follow-up, reposts, a webcare reply, "it's back"; and the
regional news about larger outages."""

import math
import random

from simulate import _calibration as cal
from simulate import _text_complaints as t
from simulate._authors import Authors
from simulate._draft import Complaint, Draft, Person
from simulate._ids import STREAM_AUTHOR, opaque, structured
from simulate._naming import NEWSROOMS, OPERATOR_NAMES, WEBCARE, operator_of, town_name
from simulate._places import Area
from simulate._post import repost_text
from simulate._textgen import pick, render, roughen

_FOLLOWUP = {
    ("stroom", False): t.FOLLOWUP_NL,
    ("gas", False): t.FOLLOWUP_GAS_NL,
    ("stroom", True): t.FOLLOWUP_EN,
    ("gas", True): t.FOLLOWUP_EN,
}
_RESTORED = {
    ("stroom", False): t.RESTORED_NL,
    ("gas", False): t.RESTORED_GAS_NL,
    ("stroom", True): t.RESTORED_EN,
    ("gas", True): t.RESTORED_EN,
}


def _poisson(rng: random.Random, mean: float) -> int:
    # Knuth's method; the means here are below 1
    limit, k, p = math.exp(-mean), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def aftermath(d: Draft, c: Complaint, authors: Authors) -> None:
    """Follow-up, reposts, a webcare reply and "it's back" after one complaint."""
    inc, rng = d.inc, d.rng
    key = (inc.utility, c.person.english)
    hashtags = t.HASHTAGS[inc.utility]
    if rng.random() < cal.FOLLOWUP_SHARE:
        later = c.created + 1200 + int(rng.random() * 2400)
        if later < inc.end and not c.late:
            body = render(
                pick(rng, _FOLLOWUP[key]),
                t.FILLERS,
                rng,
                {"minuten": str((later - inc.start) // 60)},
            )
            d.emit(c.person, later, roughen(body, rng, t.EMOJIS, hashtags), "followup", c.area)
    for _ in range(_poisson(rng, cal.REPOSTS_PER_COMPLAINT)):
        a = authors.sample_one(rng.random())
        who = Person(
            authors.ids[a],
            authors.handle[a],
            authors.profile[a],
            authors.source(a),
            bool(authors.english[a]),
        )
        d.emit(
            who,
            c.created + 30 + int(rng.random() * 1800),
            repost_text(who.source, c.person.handle, c.text),
            "repost",
            c.area,
            repost_of=c.post_id,
        )
    _webcare(d, c)
    if not c.late and rng.random() < cal.RESTORED_SHARE:
        body = render(
            pick(rng, _RESTORED[key]),
            t.FILLERS,
            rng,
            {"loc": town_name(c.area, rng), "minuten": str((inc.end - inc.start) // 60)},
        )
        back = inc.end + 20 + int(60 * rng.lognormvariate(math.log(5.0), 0.8))
        d.emit(c.person, back, roughen(body, rng, t.EMOJIS, hashtags), "restored", c.area)


def _webcare(d: Draft, c: Complaint) -> None:
    # the operator's webcare answers some complaints that tag it, while the outage lasts
    op = operator_of(c.area)
    rng = d.rng
    if "@" + op not in c.text.lower() or rng.random() >= cal.OPERATOR_REPLY_P:
        return
    if d.out.operator_replies >= cal.OPERATOR_REPLIES_MAX:
        return
    reply_at = c.created + 180 + int(60 * rng.lognormvariate(math.log(10.0), 0.6))
    if reply_at >= d.inc.end:
        return
    handle, location = WEBCARE[op]
    webcare = Person(
        opaque(structured(STREAM_AUTHOR, 1, list(WEBCARE).index(op))), handle, location, "x", False
    )
    body = render(
        pick(rng, t.OPERATOR_NL),
        t.FILLERS,
        rng,
        {
            "handle": c.person.handle,
            "place": town_name(c.area, rng),
            "pc4": c.area.pc4,
            "utility": d.inc.utility,
        },
    )
    d.emit(webcare, reply_at, body, "operator", c.area, reply_to=c.post_id)
    d.out.operator_replies += 1


def news(d: Draft, area: Area) -> None:
    """Regional news posts about larger outages (ASSUMED threshold), and when it is over."""
    inc, rng = d.inc, d.rng
    if inc.customers < cal.NEWS_MIN_CUSTOMERS:
        return
    handle = NEWSROOMS.get(area.provincie, ("nos", "NOS"))[0]
    rooms = sorted(NEWSROOMS)
    slot = rooms.index(area.provincie) if area.provincie in NEWSROOMS else len(rooms)
    newsroom = Person(
        opaque(structured(STREAM_AUTHOR, 2, slot)), handle, area.provincie, "x", False
    )
    slots = {
        "place": town_name(area, rng),
        "klanten": f"{inc.customers:,}".replace(",", "."),
        "netbeheerder": OPERATOR_NAMES[operator_of(area)],
    }
    tables = t.NEWS_NL if inc.utility == "stroom" else t.NEWS_GAS_NL
    for k in range(min(3, 1 + inc.customers // 20_000)):
        at = inc.start + 900 + k * 1200 + int(rng.random() * 1800)
        if at < inc.end:
            d.emit(newsroom, at, render(pick(rng, tables), t.FILLERS, rng, slots), "news", area)
    if inc.utility == "stroom":
        d.emit(
            newsroom,
            inc.end + 600 + int(rng.random() * 1200),
            render(pick(rng, t.RESTORED_NEWS_NL), t.FILLERS, rng, slots),
            "news",
            area,
        )
