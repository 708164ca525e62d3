"""Shared scenarios for the simulate tests: small, generated once per session."""

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from simulate import ScenarioConfig, ScenarioSummary, generate

START = datetime(2025, 3, 3, tzinfo=UTC)


@dataclass(frozen=True)
class Scenario:
    """A generated scenario: its config, summary and output directory."""

    config: ScenarioConfig
    summary: ScenarioSummary
    out: Path


def make(tmp: Path, **options: object) -> Scenario:
    """Generate a scenario into ``tmp`` with small defaults."""
    base: dict[str, object] = {"seed": 5, "days": 1, "start": START, "posts_per_day": 3000}
    base.update(options)
    config = ScenarioConfig(**base)  # type: ignore[arg-type]
    return Scenario(config, generate(config, tmp), tmp)


@pytest.fixture(scope="session")
def small(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    """One day at 3,000 posts a day with the calibrated incident rate."""
    return make(tmp_path_factory.mktemp("small"))


@pytest.fixture(scope="session")
def busy(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    """One day with ten times the outage rate, so incident posts of every kind occur."""
    return make(tmp_path_factory.mktemp("busy"), seed=6, incident_rate_scale=10.0)
