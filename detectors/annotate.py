"""Stage one of the core: one post in, a complaint (or nothing) out. Stateless.

The live stream runs this before repartitioning by region; the replay runs it inline.
"""

import hashlib
from collections.abc import Sequence
from typing import Protocol

from detectors.base import Classifier
from schemas import Complaint, Cue, Post


class GeoHit(Protocol):
    """What a geotagger returns (``geo.GeoResult`` satisfies it)."""

    @property
    def pc4s(self) -> tuple[str, ...]: ...
    @property
    def cue(self) -> Cue: ...
    @property
    def confidence(self) -> float: ...


class Geotagger(Protocol):
    """Where a post is about (``geo.Gazetteer`` satisfies it)."""

    def geotag(
        self,
        text: str,
        *,
        coordinates: tuple[float, float] | None = None,
        place: str | None = None,
        author_location: str | None = None,
    ) -> GeoHit:
        """The PC4s a post points at, and by which cue."""
        ...

    def region(self, pc4s: Sequence[str]) -> str:
        """The partition key (CBS gemeente code) of some PC4s."""
        ...


class Annotator:
    """Classifies and geotags a post; ``None`` for the many posts that are not complaints."""

    def __init__(self, classifier: Classifier, geotagger: Geotagger, salt: bytes = b"sr1") -> None:
        self.classifier = classifier
        self.geotagger = geotagger
        self._salt = salt

    def pseudonym(self, source: str, author_id: str) -> str:
        """A stable keyed hash of an author: counts distinct authors without carrying ids.

        >>> from detectors.rules import RuleClassifier
        >>> a = Annotator(RuleClassifier(), None)  # type: ignore[arg-type]
        >>> a.pseudonym("x", "42") == a.pseudonym("x", "42") != a.pseudonym("mastodon", "42")
        True
        """
        h = hashlib.blake2b(f"{source}\x00{author_id}".encode(), digest_size=8, key=self._salt)
        return h.hexdigest()

    def annotate(self, post: Post) -> Complaint | None:
        """The complaint this post makes, if any."""
        verdict = self.classifier.classify(post.text)
        if verdict.label == "noise" and not verdict.restored:
            return None
        coords = post.coordinates
        hit = self.geotagger.geotag(
            post.text,
            coordinates=(coords.lat, coords.lon) if coords is not None else None,
            place=post.place,
            author_location=post.author_location,
        )
        if verdict.label == "noise":  # a "power is back" post: which utility came back
            utility: "str" = "gas" if "gas" in post.text.lower() else "stroom"
        else:
            utility = verdict.label
        return Complaint(
            post_id=post.id,
            source=post.source,
            created_at=post.created_at,
            author=self.pseudonym(post.source, post.author_id),
            utility="gas" if utility == "gas" else "stroom",
            confidence=verdict.confidence,
            pc4s=hit.pc4s,
            cue=hit.cue,
            geo_confidence=hit.confidence,
            region=self.geotagger.region(hit.pc4s) if hit.pc4s else "",
            repost=post.repost_of_id is not None,
            restored=verdict.restored,
        )
