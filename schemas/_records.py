"""Call log rows and incident register rows (CONTRACTS.md: Call log, Incident register)."""

import re
from typing import Annotated, Literal

from pydantic import AwareDatetime, Field, field_validator

from schemas._base import EdgeModel

Utility = Literal["stroom", "gas"]

_POSTCODE = re.compile(r"^([1-9][0-9]{3})(?: ?([A-Z]{2}))?$")
_PC4 = re.compile(r"^[1-9][0-9]{3}$")


def pc4_of(postcode: str) -> str:
    """The PC4 part of a PC4 or PC6 postcode.

    >>> pc4_of("6821 AB"), pc4_of("6821AB"), pc4_of("6821")
    ('6821', '6821', '6821')
    """
    m = _POSTCODE.match(postcode.strip().upper())
    if m is None:
        msg = f"not a Dutch postcode: {postcode!r}"
        raise ValueError(msg)
    return m.group(1)


class CallRecord(EdgeModel):
    """One call to the outage line."""

    call_id: Annotated[str, Field(min_length=1)]
    received_at: AwareDatetime
    postcode: str
    utility: Utility | None = None

    @field_validator("postcode")
    @classmethod
    def _postcode(cls, v: str) -> str:
        pc4_of(v)
        return v

    @property
    def pc4(self) -> str:
        """The PC4 the call came from."""
        return pc4_of(self.postcode)


class IncidentRecord(EdgeModel):
    """One incident of the operator's register."""

    incident_id: Annotated[str, Field(min_length=1)]
    started_at: AwareDatetime
    ended_at: AwareDatetime | None = None
    utility: Utility | None = None
    postcodes: tuple[str, ...]
    customers: Annotated[int, Field(ge=0)] | None = None

    @field_validator("postcodes")
    @classmethod
    def _pc4s(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        bad = [p for p in v if not _PC4.match(p)]
        if bad or not v:
            msg = f"postcodes must be a non-empty list of PC4s, got {bad or 'nothing'}"
            raise ValueError(msg)
        return v
