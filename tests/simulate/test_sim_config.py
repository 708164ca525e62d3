"""Options are validated with clear errors, and the CLI glue runs a scenario."""

import argparse
from datetime import datetime
from pathlib import Path

import pytest

from simulate import ConfigError, ScenarioConfig, add_arguments, run
from storingsradar.exceptions import StoringsradarError


def test_naive_start_is_rejected() -> None:
    """A start without a timezone raises ConfigError, a StoringsradarError."""
    with pytest.raises(ConfigError, match="timezone-aware"):
        ScenarioConfig(start=datetime(2025, 3, 3))
    assert issubclass(ConfigError, StoringsradarError)


@pytest.mark.parametrize(
    ("option", "value"),
    [("days", 0), ("posts_per_day", -1), ("late_share", 1.5), ("max_lateness_s", -1)],
)
def test_out_of_range_options_are_rejected(option: str, value: object) -> None:
    """Out-of-range values name the option in the error."""
    with pytest.raises(ConfigError, match=option):
        ScenarioConfig(**{option: value})  # type: ignore[arg-type]


def test_cli_run_writes_a_scenario(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """add_arguments + run generate all five files and print a summary."""
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    args = parser.parse_args(
        [
            "--seed",
            "3",
            "--days",
            "1",
            "--out",
            str(tmp_path),
            "--posts-per-day",
            "500",
            "--start",
            "2025-06-01T00:00:00Z",
        ]
    )
    assert run(args) == 0
    for name in ("posts.jsonl", "calls.csv", "incidents.csv", "truth.csv", "scenario.json"):
        assert (tmp_path / name).stat().st_size > 0
    assert "posts" in capsys.readouterr().out


def test_cli_reports_bad_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A bad option gives exit code 2 and a message, not a traceback."""
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    args = parser.parse_args(["--seed", "3", "--days", "0", "--out", str(tmp_path)])
    assert run(args) == 2
    assert "days" in capsys.readouterr().err


def test_help_prints(capsys: pytest.CaptureFixture[str]) -> None:
    """`simulate --help` prints every option (a stray % in a help text used to crash it)."""
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    with pytest.raises(SystemExit) as exit_:
        parser.parse_args(["--help"])
    assert exit_.value.code == 0
    assert "50% of them confusers" in capsys.readouterr().out
