"""A post judged to report a current outage, with where (the core's unit of evidence)."""

from typing import Annotated, Literal

from pydantic import AwareDatetime, Field

from schemas._base import EdgeModel
from schemas._records import Utility

#: Where a geotagger found a post's place.
GeoCue = Literal[
    "pc6",
    "pc4",
    "coordinates",
    "neighbourhood",
    "place",
    "hashtag",
    "place_field",
    "profile",
    "none",
]
#: A geotagger's cue, or ``thread``: the place of the complaint a reply answers.
Cue = Literal[GeoCue, "thread"]
Probability = Annotated[float, Field(ge=0.0, le=1.0)]
#: A grid operator a post can tag (``detectors.operators``).
Operator = Literal["enexis", "liander", "stedin"]


class Complaint(EdgeModel):
    """A classified and geotagged post.

    ``author`` is a pseudonym (a keyed hash of source and author id): distinct authors are
    counted without any raw author id travelling further. ``region`` is the CBS gemeente code
    of the postcodes, the key by which the live stream co-locates an area's counts; it is empty
    when the post has no usable location cue. ``agreement`` marks a reply that only says "me
    too": it counts once linked to the complaint it answers (``reply_to``), whose utility it
    takes, and whose location it takes when it has none of its own (cue ``thread``).
    ``operator`` is the grid operator whose account the post tags ("@EnexisGroep"), if one:
    the part of the country a placeless complaint is about (``detectors.operators``).
    """

    post_id: str
    source: str
    created_at: AwareDatetime
    author: str
    utility: Utility
    confidence: Probability
    pc4s: tuple[str, ...]
    cue: Cue
    geo_confidence: Probability
    region: str
    repost: bool = False
    restored: bool = False
    agreement: bool = False
    reply_to: str | None = None
    operator: Operator | None = None
