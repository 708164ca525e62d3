"""Stage one of the core: one post in, a complaint (or nothing) out. Stateless.

The live stream runs this before repartitioning by region; the replay runs it inline.
"""

import hashlib
from collections.abc import Sequence
from typing import Protocol

from detectors.base import Classifier
from detectors.operators import tagged_operator
from detectors.rules import THRESHOLD, Classification
from detectors.threads import is_agreement
from schemas import Complaint, Cue, Post, Utility


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
        year: int | None = None,
    ) -> GeoHit:
        """The PC4s a post points at, and by which cue."""
        ...

    def region(self, pc4s: Sequence[str]) -> str:
        """The partition key (CBS gemeente code) of some PC4s."""
        ...


#: Cues that come from the post's own words or coordinates, not from the author's profile.
TEXT_CUES = frozenset({"pc6", "pc4", "coordinates", "neighbourhood", "place", "hashtag"})

#: Evidence this far below the classifier's threshold still makes a complaint when the post
#: names where in its own text: "Pikkedonker in Almere" is a report, "pikkedonker" alone is not.
BORDERLINE = 0.5


def _utility(gas: bool) -> Utility:
    return "gas" if gas else "stroom"


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
        return self._complete(post, self.classifier.classify(post.text))

    def _complete(self, post: Post, verdict: Classification) -> Complaint | None:
        """The rest of :meth:`annotate`, given the verdict on the post's text."""
        agreement = False
        borderline = (
            verdict.label == "noise"
            and verdict.lean != "noise"
            and verdict.score >= THRESHOLD - BORDERLINE
        )
        if verdict.label == "noise" and not verdict.restored and not borderline:
            if post.reply_to_id is None or not is_agreement(post.text):
                return None
            agreement = True
        coords = post.coordinates
        hit = self.geotagger.geotag(
            post.text,
            coordinates=(coords.lat, coords.lon) if coords is not None else None,
            place=post.place,
            author_location=post.author_location,
            year=post.created_at.year,
        )
        confidence = verdict.confidence
        if borderline:
            if hit.cue not in TEXT_CUES:
                return None
            utility = _utility(verdict.lean == "gas")
            confidence = 0.6
        elif verdict.label == "noise":  # "power is back", or "me too": utility from the words
            utility = _utility("gas" in post.text.lower())
        else:
            utility = _utility(verdict.label == "gas")
        return Complaint(
            post_id=post.id,
            source=post.source,
            created_at=post.created_at,
            author=self.pseudonym(post.source, post.author_id),
            utility=utility,
            confidence=confidence,
            pc4s=hit.pc4s,
            cue=hit.cue,
            geo_confidence=hit.confidence,
            region=self.geotagger.region(hit.pc4s) if hit.pc4s else "",
            repost=post.repost_of_id is not None,
            restored=verdict.restored,
            agreement=agreement,
            reply_to=post.reply_to_id,
            operator=tagged_operator(post.text),
        )
