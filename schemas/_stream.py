"""Records on the live stream's internal topics (the complaints repartition and dead letters)."""

from typing import Annotated, Literal

from pydantic import Field

from schemas._base import EdgeModel
from schemas._complaint import Complaint


class ComplaintMessage(EdgeModel):
    """A complaint on its way to the worker that owns its region."""

    kind: Literal["complaint"] = "complaint"
    source: int  # the posts partition it came from
    complaint: Complaint


class WatermarkMessage(EdgeModel):
    """How far a posts partition's event time has come (``None``: not a post yet).

    ``idle`` says the partition delivered nothing for a while: it no longer holds the low
    watermark back (see ``detectors.stage.Watermarks``).
    """

    kind: Literal["watermark"] = "watermark"
    source: int
    event_time: float | None
    idle: bool = False


StageMessage = Annotated[ComplaintMessage | WatermarkMessage, Field(discriminator="kind")]


class DeadLetter(EdgeModel):
    """A record the worker could not use, with why, where it came from and its bytes."""

    reason: str
    field: str
    topic: str
    partition: int
    offset: int
    key: str | None
    original: str  # the record's value, base64
