"""Fixtures of the replay scoring tests."""

import pytest

from tests.replay.replay_builders import PC4_CSV_CANDIDATES, CsvLocator


@pytest.fixture(scope="session")
def locator() -> CsvLocator:
    """PC4 centroids of the real gazetteer table (the repo's copy, else the shared one)."""
    for path in PC4_CSV_CANDIDATES:
        if path.exists():
            return CsvLocator(path)
    pytest.fail(f"nl_pc4.csv not found in {[str(p) for p in PC4_CSV_CANDIDATES]}")
