"""The ``storingsradar`` command: one subcommand per job, each loading only what it needs."""

import subprocess
import sys
from pathlib import Path

import pytest

from storingsradar.cli import COMMANDS, main

ROOT = Path(__file__).resolve().parents[1]
LIVE_STACK = {"faust", "aiohttp", "aiokafka", "kafka", "tweepy"}


def loaded_after(command: str) -> set[str]:
    code = (
        "import sys\n"
        "from storingsradar.cli import _parser\n"
        f"_parser({command!r})\n"
        "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return set(done.stdout.split())


class TestCommands:
    @pytest.mark.parametrize("command", ["replay", "tune", "annotate", "evaluate", "simulate"])
    def test_analyst_commands_skip_the_live_stack(self, command: str) -> None:
        """History commands do not load Faust, aiohttp or the Kafka clients (seconds saved)."""
        assert loaded_after(command) & LIVE_STACK == set()

    def test_worker_loads_the_live_stack(self) -> None:
        """The worker, which needs it, still gets it."""
        assert {"faust", "aiokafka"} <= loaded_after("worker")

    @pytest.mark.parametrize("name", [name for name, _, _ in COMMANDS])
    def test_every_command_has_help(self, name: str, capsys: pytest.CaptureFixture[str]) -> None:
        """Each subcommand's module loads and prints its own help."""
        with pytest.raises(SystemExit) as exc:
            main([name, "--help"])
        assert exc.value.code == 0
        assert f"storingsradar {name}" in capsys.readouterr().out
