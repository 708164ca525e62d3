"""Same seed, same bytes; another seed, another scenario."""

import os
import subprocess
import sys
from pathlib import Path

import orjson

from simulate import FILES

from .conftest import Scenario, make


def _bytes(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in FILES}


def test_same_seed_gives_identical_files(small: Scenario, tmp_path: Path) -> None:
    """Regenerating with the same config reproduces every file byte for byte."""
    again = make(tmp_path, seed=small.config.seed)
    assert _bytes(again.out) == _bytes(small.out)


def test_different_seed_gives_different_files(small: Scenario, tmp_path: Path) -> None:
    """Another seed changes posts, calls and incidents."""
    other = make(tmp_path, seed=small.config.seed + 1)
    mine, theirs = _bytes(small.out), _bytes(other.out)
    for name in ("posts.jsonl", "calls.csv", "incidents.csv"):
        assert mine[name] != theirs[name]


def test_scenario_json_records_config_and_counts(small: Scenario) -> None:
    """scenario.json holds the config, the counts and the calibration constants."""
    meta = orjson.loads((small.out / "scenario.json").read_bytes())
    assert meta["config"]["seed"] == small.config.seed
    assert meta["config"]["start"] == "2025-03-03T00:00:00Z"
    assert meta["counts"]["posts"] == small.summary.posts
    assert meta["calibration"]["POWER_OUTAGES_PER_YEAR"] == 23_000


def test_output_does_not_depend_on_hash_seed(tmp_path: Path) -> None:
    """Two processes with different PYTHONHASHSEED write identical files."""
    code = (
        "import sys; from pathlib import Path; from simulate import ScenarioConfig, generate; "
        "generate(ScenarioConfig(seed=7, days=1, posts_per_day=500, "
        "incident_rate_scale=5.0), Path(sys.argv[1]))"
    )
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        subprocess.run([sys.executable, "-c", code, str(tmp_path / hash_seed)], check=True, env=env)
    assert _bytes(tmp_path / "1") == _bytes(tmp_path / "2")
