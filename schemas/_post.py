"""A social media post, as every source delivers it (CONTRACTS.md: Posts)."""

from typing import Annotated

from pydantic import AwareDatetime, Field

from schemas._base import EdgeModel

#: Posts longer than this are refused as "too large": X's longest posts are 25,000 characters
#: and nothing longer is a complaint worth reading.
MAX_TEXT_CHARS = 25_000

Text = Annotated[str, Field(max_length=MAX_TEXT_CHARS)]
Id = Annotated[str, Field(min_length=1, max_length=256)]


class Coordinates(EdgeModel):
    """A WGS84 point."""

    lat: Annotated[float, Field(ge=-90.0, le=90.0)]
    lon: Annotated[float, Field(ge=-180.0, le=180.0)]


class Post(EdgeModel):
    """One post; ``created_at`` is the event time and must carry an offset.

    >>> p = Post.model_validate_json(
    ...     '{"id": "1", "source": "x", "created_at": "2025-03-03T08:14:05Z",'
    ...     ' "text": "weer geen stroom in 6821", "author_id": "a1"}')
    >>> p.created_at.isoformat()
    '2025-03-03T08:14:05+00:00'
    """

    id: Id
    source: Annotated[str, Field(min_length=1, max_length=64)]
    created_at: AwareDatetime
    text: Text
    author_id: Id
    lang: str | None = None
    author_location: Annotated[str, Field(max_length=1024)] | None = None
    coordinates: Coordinates | None = None
    place: Annotated[str, Field(max_length=1024)] | None = None
    repost_of_id: Id | None = None
    reply_to_id: Id | None = None
