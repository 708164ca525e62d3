"""Scenario generator: realistic posts, calls and outages calibrated to published figures.

>>> from datetime import UTC, datetime
>>> config = ScenarioConfig(seed=3, days=1, start=datetime(2025, 3, 3, tzinfo=UTC))
>>> config.end.isoformat()
'2025-03-04T00:00:00+00:00'
"""

from simulate._check import CalibrationCheck
from simulate._check import check as check_calibration
from simulate._cli import add_arguments, run
from simulate._config import ScenarioConfig, ScenarioSummary
from simulate._engine import Chunk, iter_chunks
from simulate._writer import FILES, generate
from simulate.exceptions import ConfigError, DataError, SimulateError

__all__ = [
    "FILES",
    "CalibrationCheck",
    "Chunk",
    "ConfigError",
    "DataError",
    "ScenarioConfig",
    "ScenarioSummary",
    "SimulateError",
    "add_arguments",
    "check_calibration",
    "generate",
    "iter_chunks",
    "run",
]
