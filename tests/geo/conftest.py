"""Shared fixtures for the geo tests: one gazetteer for the whole session."""

import pytest

from geo import Gazetteer


@pytest.fixture(scope="session")
def gaz() -> Gazetteer:
    """The gazetteer of the packaged data."""
    return Gazetteer.load()
