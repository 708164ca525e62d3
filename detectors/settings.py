"""The detector settings file: which detector, its settings and its baseline, in one JSON file.

``storingsradar tune`` writes it; ``storingsradar replay --settings FILE`` and the live worker
(``--settings FILE`` / ``STORINGSRADAR_SETTINGS``) read it, so both build the same detector and
raise the same alerts. Without a file both use :meth:`DetectorSettings.default`: the fixed
threshold detector, because a surprise detector without a baseline learned from the stream's own
history would guess what normal chatter is.

>>> s = DetectorSettings(detector="surprise", config={"min_score": 5.0})
>>> DetectorSettings.model_validate_json(s.model_dump_json()) == s
True
>>> s.surprise_config().min_score, s.surprise_config().window_s
(5.0, 1800.0)
"""

import dataclasses
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from detectors.base import Detector, Places
from detectors.baseline import Baseline
from detectors.borders import Borders, RegionPlaces
from detectors.clock import Clock
from detectors.exceptions import SettingsError
from detectors.surprise import SurpriseConfig, SurpriseDetector
from detectors.threshold import ThresholdConfig, ThresholdDetector

DetectorName = Literal["threshold", "surprise"]


class DetectorSettings(BaseModel):
    """One detector, fully described: what ``tune`` chose and the stream and replay build."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: Literal[1] = 1
    detector: DetectorName = "threshold"
    #: fields of the detector's config (``ThresholdConfig`` / ``SurpriseConfig``); others default
    config: dict[str, float] = Field(default_factory=dict)
    baseline: Baseline = Field(default_factory=Baseline)
    #: how the settings were chosen (tune writes its command and figures), for the operator
    note: str = ""

    @classmethod
    def default(cls) -> "DetectorSettings":
        """What runs without a settings file: the fixed threshold detector."""
        return cls()

    @classmethod
    def load(cls, path: Path) -> "DetectorSettings":
        """Read a settings file written by ``storingsradar tune``."""
        try:
            return cls.model_validate_json(path.read_bytes())
        except OSError as exc:
            msg = f"cannot read detector settings {path}: {exc}"
            raise SettingsError(msg) from exc
        except ValidationError as exc:
            msg = f"detector settings {path} are not valid: {exc}"
            raise SettingsError(msg) from exc

    def save(self, path: Path) -> None:
        """Write the settings as indented JSON."""
        path.write_text(self.model_dump_json(indent=2) + "\n", encoding="utf-8")

    def _fields(self, kind: type[ThresholdConfig]) -> dict[str, float | int]:
        names = {f.name: f.type for f in dataclasses.fields(kind)}
        unknown = sorted(set(self.config) - set(names))
        if unknown:
            msg = f"detector {self.detector} has no setting(s) {', '.join(unknown)}"
            raise SettingsError(msg)
        return {k: int(v) if names[k] in (int, "int") else float(v) for k, v in self.config.items()}

    def threshold_config(self) -> ThresholdConfig:
        """The config of a threshold detector."""
        return ThresholdConfig(**self._fields(ThresholdConfig))  # type: ignore[arg-type]

    def surprise_config(self) -> SurpriseConfig:
        """The config of a surprise detector."""
        return SurpriseConfig(**self._fields(SurpriseConfig))  # type: ignore[arg-type]

    def borders(self, places: RegionPlaces) -> Borders | None:
        """Where stage one also sends a complaint near a gemeente border (``None``: nowhere)."""
        config = self.threshold_config() if self.detector == "threshold" else self.surprise_config()
        if config.border_km <= 0:
            return None
        return Borders(places, config.border_km, config.precise_max_pc4s)

    def build(self, places: Places, clock: Clock) -> Detector:
        """A fresh detector as these settings describe it."""
        if self.detector == "threshold":
            return ThresholdDetector(places, clock, self.threshold_config())
        return SurpriseDetector(places, clock, self.surprise_config(), self.baseline)
