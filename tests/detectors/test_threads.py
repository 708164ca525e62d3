"""Thread linking: where a reply counts, decided alike by the replay and by every partition."""

from datetime import timedelta

from detectors.threads import ThreadLinker, is_profile_reply
from schemas import Complaint, Cue
from tests.detectors.conftest import T0


def complaint(
    pid: str,
    second: float,
    pc4s: tuple[str, ...] = (),
    cue: Cue = "none",
    region: str = "",
    *,
    reply_to: str | None = None,
    agreement: bool = False,
) -> Complaint:
    return Complaint(
        post_id=pid,
        source="x",
        created_at=T0 + timedelta(seconds=second),
        author=f"a-{pid}",
        utility="stroom",
        confidence=0.9,
        pc4s=pc4s,
        cue=cue,
        geo_confidence=0.9 if pc4s else 0.0,
        region=region,
        reply_to=reply_to,
        agreement=agreement,
    )


PARENT = complaint("p1", 0, ("6821",), "pc4", "GM0202")
PLACELESS = complaint("p1", 0)


def linked(*chain: Complaint) -> Complaint | None:
    linker = ThreadLinker()
    out = None
    for c in chain:
        out = linker.link(c)
    return out


class TestProfileReplies:
    def test_takes_its_parent_place_across_regions(self) -> None:
        """ "Bij mij ook" from a profile in another gemeente counts at the parent's postcode."""
        reply = complaint("p2", 60, ("9711",), "profile", "GM0014", reply_to="p1", agreement=True)
        got = linked(PARENT, reply)
        assert got is not None
        assert (got.pc4s, got.cue, got.region) == (("6821",), "thread", "GM0202")

    def test_keeps_its_profile_under_a_placeless_parent(self) -> None:
        """Under a post that names no place, the reply's profile town is the best cue."""
        got = linked(PLACELESS, complaint("p2", 60, ("9711",), "profile", "GM0014", reply_to="p1"))
        assert got is not None
        assert (got.pc4s, got.cue) == (("9711",), "profile")

    def test_unknown_parent_makes_it_placeless_and_forgotten(self) -> None:
        """Without its thread it counts nowhere, and a reply to it finds no place through it."""
        linker = ThreadLinker()
        got = linker.link(complaint("p2", 60, ("9711",), "profile", "GM0014", reply_to="p1"))
        assert got is not None
        assert (got.pc4s, got.region) == ((), "")
        assert len(linker) == 0

    def test_text_placed_reply_links_only_in_its_region(self) -> None:
        """A reply naming a place in another region reaches only that region's partition."""
        reply = complaint("p2", 60, ("9711",), "pc4", "GM0014", reply_to="p1", agreement=True)
        assert linked(PARENT, reply) is None

    def test_only_profile_placed_replies_go_everywhere(self) -> None:
        """The rule stage one routes by."""
        assert is_profile_reply(complaint("p2", 0, ("9711",), "profile", "GM0014", reply_to="p1"))
        assert not is_profile_reply(complaint("p2", 0, ("9711",), "profile", "GM0014"))
        assert not is_profile_reply(complaint("p2", 0, ("9711",), "pc4", "GM0014", reply_to="p1"))


class TestPlacingRoots:
    """A reply that names its place also places the placeless complaint it answers."""

    REPLY = complaint("p2", 60, ("5151",), "pc4", "GM0797", reply_to="p1")

    def test_places_the_root_at_the_reply(self) -> None:
        """ "Ook in 5151DE" under "en daar gaat de stroom": the complainer counts at 5151 too."""
        linker = ThreadLinker()
        linker.link(PLACELESS)
        reply = linker.link(self.REPLY)
        assert reply is not None
        root = linker.place_root(reply)
        assert root is not None
        assert (root.post_id, root.author, root.pc4s, root.cue) == (
            "p1",
            "a-p1",
            ("5151",),
            "thread",
        )
        assert (root.region, root.created_at) == ("GM0797", self.REPLY.created_at)

    def test_only_once_per_region(self) -> None:
        """A second reply in the same region adds nothing; one in another region places it there."""
        linker = ThreadLinker()
        linker.link(PLACELESS)
        assert linker.place_root(self.REPLY) is not None
        again = complaint("p3", 90, ("5152",), "pc4", "GM0797", reply_to="p1")
        assert linker.place_root(again) is None
        elsewhere = complaint("p4", 90, ("6821",), "pc4", "GM0202", reply_to="p1")
        assert linker.place_root(elsewhere) is not None

    def test_weak_late_or_placed_parents_stay(self) -> None:
        """A profile reply, a reply after half an hour, or a parent with a place: nothing."""
        linker = ThreadLinker()
        linker.link(PLACELESS)
        profile = complaint("p2", 60, ("5151",), "profile", "GM0797", reply_to="p1")
        late = complaint("p3", 1801, ("5151",), "pc4", "GM0797", reply_to="p1")
        assert linker.place_root(profile) is None
        assert linker.place_root(late) is None
        placed = ThreadLinker()
        placed.link(PARENT)
        assert placed.place_root(self.REPLY) is None

    def test_the_remembered_root_stays_placeless(self) -> None:
        """A later profile reply links as before: every partition decides it alike."""
        linker = ThreadLinker()
        linker.link(PLACELESS)
        linker.place_root(self.REPLY)
        got = linker.link(complaint("p3", 90, ("9711",), "profile", "GM0014", reply_to="p1"))
        assert got is not None
        assert (got.pc4s, got.cue) == (("9711",), "profile")

    def test_placed_pairs_survive_a_snapshot(self) -> None:
        """Restored from its state, the linker does not place the same root twice."""
        linker = ThreadLinker()
        linker.link(PLACELESS)
        linker.place_root(self.REPLY)
        restored = ThreadLinker()
        restored.load_state(linker.to_state())
        assert restored.place_root(self.REPLY) is None
        fresh = ThreadLinker()
        fresh.load_state(ThreadLinker().to_state())
        fresh.link(PLACELESS)
        assert fresh.place_root(self.REPLY) is not None
