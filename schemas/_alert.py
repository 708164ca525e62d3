"""The alert event that dashboards subscribe to (CONTRACTS.md: Alerts)."""

from typing import Annotated, Literal

from pydantic import AwareDatetime, Field

from schemas._base import EdgeModel
from schemas._post import Coordinates
from schemas._records import Utility

AlertStatus = Literal["opened", "updated", "resolved"]

#: The contract allows at most this many evidence post ids on one event.
MAX_EVIDENCE = 5


class AlertEvent(EdgeModel):
    """One change of an incident seen from social media.

    ``detected_at`` is event time (when the detector fired); ``emitted_at`` is the wall clock
    of the process that wrote the event. No author ids or handles are carried.
    """

    alert_id: str
    status: AlertStatus
    utility: Utility
    postcodes: tuple[str, ...]
    centroid: Coordinates
    gemeente: str | None
    first_post_at: AwareDatetime
    detected_at: AwareDatetime
    emitted_at: AwareDatetime
    reports: Annotated[int, Field(ge=0)]
    level: Annotated[int, Field(ge=1, le=3)]
    score: float
    evidence: Annotated[tuple[str, ...], Field(max_length=MAX_EVIDENCE)]
