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
