"""Replies that agree with a complaint ("bij mij ook", "us too") are complaints too.

A reply like that says nothing on its own; in its thread it is another customer reporting the
same outage. It works the other way too: "ook in 5151DE" under "en daar gaat de stroom" places
the complaint it answers, which named no place (``place_root``). The linker runs where
complaints leave the reorder buffer, in event-time order, so a parent (always older than its
reply) is known before the reply is judged, whatever order they arrived in. It remembers recent
complaints for ``ttl_s`` of event time only.

>>> is_agreement("@kdekker2980 Bij mij ook 😡"), is_agreement("Zin in het weekend")
(True, False)
"""

import re
from collections import deque
from dataclasses import dataclass
from typing import Any

from schemas import Complaint

_AGREE = re.compile(
    r"\b(?:bij (?:mij|ons|mijn \w+) ook|hier ook|ook (?:hier|bij (?:mij|ons))|wij ook|ik ook|"
    r"same here|same\b|us too|me too|here too|idem|zelfde hier|ook geen|ook zonder|ook donker|"
    r"ook zwart|ook niks|ook niets|ook in \S+)",
    re.IGNORECASE,
)

#: Cues too weak to prefer over the location of the complaint a reply answers.
_WEAK_CUES = frozenset({"none", "profile"})
#: A reply this soon after a placeless complaint places it; later ones tell of another moment.
PLACE_ROOT_S = 1800.0


def is_profile_reply(complaint: Complaint) -> bool:
    """A reply placed only by its author's profile: its thread decides where it counts, and
    stage one sends it to every partition so that the thread's partition sees it."""
    return complaint.reply_to is not None and complaint.cue == "profile"


def is_agreement(text: str) -> bool:
    """Whether a reply's text says "me too"."""
    return _AGREE.search(text) is not None


@dataclass(slots=True)
class LinkStats:
    """How many replies found their complaint."""

    linked: int = 0
    unlinked: int = 0


class ThreadLinker:
    """Resolves agreeing replies and location-less replies against recent complaints."""

    def __init__(self, ttl_s: float = 7200.0) -> None:
        self.ttl_s = ttl_s
        self.stats = LinkStats()
        self._recent: dict[str, Complaint] = {}
        self._order: deque[tuple[float, str]] = deque()
        # The regions where a reply already placed a remembered complaint: once per region,
        # which a partition decides as the replay does (it sees every reply of its regions).
        self._placed: dict[str, set[str]] = {}

    def link(self, complaint: Complaint) -> Complaint | None:
        """The complaint as it counts (``None`` for an agreement with no known parent)."""
        ts = complaint.created_at.timestamp()
        horizon = ts - self.ttl_s
        order, recent = self._order, self._recent
        while order and order[0][0] <= horizon:
            gone = order.popleft()[1]
            recent.pop(gone, None)
            self._placed.pop(gone, None)
        parent = recent.get(complaint.reply_to) if complaint.reply_to is not None else None
        # A reply placed only by its author's profile goes to every partition (see
        # ``is_profile_reply``), so it may link anywhere; any other reply reaches only its own
        # region's partition, so it links only there or to a post without a region. The replay
        # then links exactly as the stream does.
        profile_reply = is_profile_reply(complaint)
        if (
            parent is not None
            and not profile_reply
            and complaint.region
            and parent.region not in ("", complaint.region)
        ):
            parent = None
        if complaint.agreement:
            if parent is None:
                self.stats.unlinked += 1
                return None
            self.stats.linked += 1
            complaint = complaint.model_copy(update={"utility": parent.utility, "agreement": False})
        remember = True
        if parent is not None and parent.pc4s and complaint.cue in _WEAK_CUES:
            # A reply is where the complaint it answers is, unless it names a place itself.
            complaint = complaint.model_copy(
                update={
                    "pc4s": parent.pc4s,
                    "region": parent.region,
                    "cue": "thread" if parent.cue not in _WEAK_CUES else parent.cue,
                    "geo_confidence": parent.geo_confidence * 0.9,
                }
            )
        elif profile_reply and parent is None:
            # Its thread is in another partition, or unknown everywhere: it counts there or
            # nowhere, never at a profile town the partition of the thread cannot see.
            complaint = complaint.model_copy(
                update={"pc4s": (), "region": "", "cue": "none", "geo_confidence": 0.0}
            )
            remember = False
        if remember and not complaint.restored:
            recent[complaint.post_id] = complaint
            order.append((ts, complaint.post_id))
        return complaint

    def place_root(self, reply: Complaint) -> Complaint | None:
        """The placeless complaint that ``reply`` (as :meth:`link` returned it) answers, placed
        where the reply's own words place it; ``None`` if there is none to place.

        The replier is near the complainer (they answer a neighbour's "anyone else?"), so the
        complainer counts there as well, as of the reply's time. Once per region; the
        complaint as remembered stays placeless, so later replies link to it as before.
        """
        root_id = reply.reply_to
        if (
            root_id is None
            or not reply.pc4s
            or reply.cue in _WEAK_CUES
            or reply.repost
            or reply.restored
        ):
            return None
        root = self._recent.get(root_id)
        if (
            root is None
            or root.pc4s
            or root.reply_to is not None
            or root.repost
            or root.author == reply.author
            or root.utility != reply.utility
            or (reply.created_at - root.created_at).total_seconds() > PLACE_ROOT_S
            or reply.region in self._placed.get(root_id, ())
        ):
            return None
        self._placed.setdefault(root_id, set()).add(reply.region)
        return root.model_copy(
            update={
                "created_at": reply.created_at,
                "pc4s": reply.pc4s,
                "region": reply.region,
                "cue": "thread",
                "geo_confidence": reply.geo_confidence * 0.9,
            }
        )

    def to_state(self) -> dict[str, Any]:
        """JSON-compatible state: the complaints remembered, oldest first, and those placed."""
        return {
            "recent": [
                self._recent[pid].model_dump(mode="json")
                for _, pid in self._order
                if pid in self._recent
            ],
            "placed": sorted([r, g] for r, gs in self._placed.items() for g in gs),
        }

    def load_state(self, state: dict[str, Any]) -> None:
        """Restore :meth:`to_state`."""
        self._recent, self._order = {}, deque()
        self._placed = {}
        for root_id, region in state.get("placed", []):
            self._placed.setdefault(str(root_id), set()).add(str(region))
        for row in state["recent"]:
            c = Complaint.model_validate(row, strict=False)
            self._recent[c.post_id] = c
            self._order.append((c.created_at.timestamp(), c.post_id))

    def __len__(self) -> int:
        return len(self._recent)
