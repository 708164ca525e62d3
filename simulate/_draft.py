"""The posts of one incident while they are being drawn."""

import random
from dataclasses import dataclass, field
from typing import NamedTuple

from simulate._clock import Rfc3339
from simulate._config import ScenarioConfig
from simulate._ids import STREAM_INCIDENT, opaque, structured
from simulate._incidents import Incident
from simulate._naming import town_name
from simulate._places import Area
from simulate._post import CallItem, Item, delivery, lang_tag, post_line


class Person(NamedTuple):
    """An account as a post needs it."""

    author_id: str
    handle: str
    location: str
    source: str
    english: bool


class Complaint(NamedTuple):
    """A complaint already drawn, for replies, reposts and aftermath to refer to."""

    post_id: str
    person: Person
    text: str
    created: int
    area: Area
    late: bool  # posted only after the outage was over


@dataclass(slots=True)
class Report:
    """Posts and calls one incident caused, and the counts the summary needs."""

    posts: list[Item] = field(default_factory=list)
    calls: list[CallItem] = field(default_factory=list)
    complaints: int = 0
    authors: set[str] = field(default_factory=set)
    operator_replies: int = 0


@dataclass(slots=True)
class Draft:
    """Numbering and writing of one incident's posts; posts after ``end_ts`` are dropped."""

    inc: Incident
    rng: random.Random
    config: ScenarioConfig
    fmt: Rfc3339
    end_ts: int
    out: Report = field(default_factory=Report)
    seq: int = 0

    def emit(
        self,
        person: Person,
        created: int,
        text: str,
        kind: str,
        area: Area,
        *,
        coords: tuple[float, float] | None = None,
        reply_to: str | None = None,
        repost_of: str | None = None,
    ) -> str:
        """Add one post (if inside the scenario window) and return its id either way."""
        order = structured(STREAM_INCIDENT, self.inc.index, self.seq)
        self.seq += 1
        post_id = opaque(order)
        if created >= self.end_ts:
            return post_id
        rng = self.rng
        place = None
        if coords is None and person.source == "x" and rng.random() < 0.03:
            place = town_name(area, rng) + ", Nederland"
        line = post_line(
            post_id,
            person.source,
            self.fmt(created),
            text,
            person.author_id,
            lang=lang_tag(rng, person.english),
            author_location=person.location or None,
            coordinates=coords,
            place=place,
            repost_of_id=repost_of,
            reply_to_id=reply_to,
        )
        deliver = delivery(created, rng, self.config.late_share, self.config.max_lateness_s)
        self.out.posts.append(
            Item(deliver, order, created, line, f"{post_id},{self.inc.incident_id},{kind}")
        )
        if kind in {"complaint", "followup"}:
            self.out.complaints += 1
            self.out.authors.add(person.author_id)
        return post_id
