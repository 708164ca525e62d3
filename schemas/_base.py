"""The shared configuration of every edge model."""

from pydantic import BaseModel, ConfigDict


class EdgeModel(BaseModel):
    """Frozen and strict: what crosses an edge is checked once and never changes."""

    model_config = ConfigDict(frozen=True, strict=True, extra="ignore")
