"""The event-time core: classify, geotag, order by event time, count and detect.

No wall clock and no Faust here: the replay and the live stream drive the same code.
"""

from detectors.annotate import Annotator, GeoHit, Geotagger
from detectors.base import Classifier, Detector, PlaceInfo, Places
from detectors.baseline import Baseline
from detectors.clock import Clock, FixedClock, SystemClock
from detectors.engine import Engine, EngineStats
from detectors.exceptions import DetectorError, ModelError, SettingsError, StateError
from detectors.learned import LearnedClassifier
from detectors.ordering import ReorderBuffer
from detectors.rules import Classification, Label, RuleClassifier
from detectors.settings import DetectorSettings
from detectors.stage import Stage, StageStats, Watermarks
from detectors.surprise import SurpriseConfig, SurpriseDetector, poisson_surprise
from detectors.threshold import ThresholdConfig, ThresholdDetector
from detectors.windows import DistinctAuthorWindow

__all__ = [
    "Annotator",
    "Baseline",
    "Classification",
    "Classifier",
    "Clock",
    "Detector",
    "DetectorError",
    "DetectorSettings",
    "DistinctAuthorWindow",
    "Engine",
    "EngineStats",
    "FixedClock",
    "GeoHit",
    "Geotagger",
    "Label",
    "LearnedClassifier",
    "ModelError",
    "PlaceInfo",
    "Places",
    "ReorderBuffer",
    "RuleClassifier",
    "SettingsError",
    "Stage",
    "StageStats",
    "StateError",
    "SurpriseConfig",
    "SurpriseDetector",
    "SystemClock",
    "ThresholdConfig",
    "ThresholdDetector",
    "Watermarks",
    "poisson_surprise",
]
