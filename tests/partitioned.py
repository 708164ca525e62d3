"""The live stream's layout without a broker: stage one's routing into one Stage per partition."""

from collections.abc import Callable, Iterable, Sequence

from detectors import Annotator, Stage
from schemas import AlertEvent, Complaint, Post


def drive_partitioned(
    posts: Iterable[Post],
    annotator: Annotator,
    stages: Sequence[Stage],
    targets: Callable[[Complaint], Iterable[int]],
    lateness_s: float,
) -> list[AlertEvent]:
    """Each complaint to the stages ``targets`` names; one upstream watermark, as the replay's."""
    got: list[AlertEvent] = []
    newest = float("-inf")
    for p in posts:
        c = annotator.annotate(p)
        if c is not None:
            for i in targets(c):
                stages[i].offer(c)
        newest = max(newest, p.created_at.timestamp())
        for stage in stages:
            got += stage.watermark(0, newest - lateness_s)
    for stage in stages:
        got += stage.watermark(0, newest, idle=True)
    return got
