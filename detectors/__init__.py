"""The event-time core: classify, geotag, order by event time, count and detect.

No wall clock and no Faust here: the replay and the live stream drive the same code.
"""

from detectors.annotate import Annotator, GeoHit, Geotagger
from detectors.base import Classifier, Detector, PlaceInfo, Places
from detectors.clock import Clock, FixedClock, SystemClock
from detectors.engine import Engine, EngineStats
from detectors.exceptions import DetectorError, StateError
from detectors.ordering import ReorderBuffer
from detectors.rules import Classification, Label, RuleClassifier
from detectors.stage import Stage, StageStats, Watermarks
from detectors.threshold import ThresholdConfig, ThresholdDetector
from detectors.windows import DistinctAuthorWindow

__all__ = [
    "Annotator",
    "Classification",
    "Classifier",
    "Clock",
    "Detector",
    "DetectorError",
    "DistinctAuthorWindow",
    "Engine",
    "EngineStats",
    "FixedClock",
    "GeoHit",
    "Geotagger",
    "Label",
    "PlaceInfo",
    "Places",
    "ReorderBuffer",
    "RuleClassifier",
    "Stage",
    "StageStats",
    "StateError",
    "SystemClock",
    "ThresholdConfig",
    "ThresholdDetector",
    "Watermarks",
]
