"""Building one contract post line and its place in the output stream."""

import random
from json.encoder import encode_basestring as _enc
from typing import NamedTuple

from simulate._places import Area


class Item(NamedTuple):
    """One post waiting to be written.

    ``deliver`` (epoch s) orders the stream: created_at plus the stream's delivery delay, so a
    late post appears after newer ones. ``order`` breaks ties deterministically. ``truth`` is
    ``"post_id,incident_id,kind"`` for posts about an incident, "" for chatter and "~" for
    confusers.
    """

    deliver: int
    order: int
    created: int
    line: str
    truth: str


class CallItem(NamedTuple):
    """One call waiting to be written; call ids are given at write time, in time order."""

    received: int
    order: int
    postcode: str
    utility: str


def post_line(
    post_id: str,
    source: str,
    created_at: str,
    text: str,
    author_id: str,
    *,
    lang: str | None = None,
    author_location: str | None = None,
    coordinates: tuple[float, float] | None = None,
    place: str | None = None,
    repost_of_id: str | None = None,
    reply_to_id: str | None = None,
) -> str:
    """One posts.jsonl line (with newline); optional fields are omitted when absent.

    Built as a str rather than with a JSON library: holding many small ``bytes`` from a
    serialiser until their hour is sorted costs ten times more than the serialising itself.
    Ids, source, created_at and lang never need escaping; free text goes through the JSON
    string encoder.
    """
    line = (
        f'{{"id":"{post_id}","source":"{source}","created_at":"{created_at}",'
        f'"text":{_enc(text)},"author_id":"{author_id}"'
    )
    if lang is not None:
        line += f',"lang":"{lang}"'
    if author_location:  # empty profile field: the source leaves it out
        line += ',"author_location":' + _enc(author_location)
    if coordinates is not None:
        line += f',"coordinates":{{"lat":{coordinates[0]!r},"lon":{coordinates[1]!r}}}'
    if place is not None:
        line += ',"place":' + _enc(place)
    if repost_of_id is not None:
        line += f',"repost_of_id":"{repost_of_id}"'
    if reply_to_id is not None:
        line += f',"reply_to_id":"{reply_to_id}"'
    return line + "}\n"


def lang_tag(rng: random.Random, english: bool) -> str | None:
    """The ``lang`` field as sources give it: mostly right, sometimes absent or undetermined."""
    r = rng.random()
    if r < 0.12:
        return None
    if r < 0.15:
        return "und"
    return "en" if english else "nl"


def jitter(area: Area, rng: random.Random, km: float) -> tuple[float, float]:
    """A point near the area's centroid (gaussian, ``km`` standard deviation)."""
    return (
        round(area.lat + rng.gauss(0.0, km / 111.2), 5),
        round(area.lon + rng.gauss(0.0, km / 68.0), 5),
    )


def delivery(created: int, rng: random.Random, late_share: float, max_lateness_s: int) -> int:
    """When the stream delivers a post: on time, or for a few posts up to the lateness."""
    if max_lateness_s > 0 and rng.random() < late_share:
        return created + 1 + int(rng.random() * max_lateness_s)
    return created


def repost_text(source: str, handle: str, text: str) -> str:
    """Text of a repost as each source renders it."""
    if source == "x":
        return f"RT @{handle}: {text}"
    return text
