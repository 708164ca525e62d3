"""Fixtures of the operations tests: the live broker of ``tests/live`` and a worker whose web
port is known, so its ``/metrics`` and ``/map`` can be fetched."""

import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from stream.settings import LiveSettings
from tests.live.conftest import live_broker

__all__ = ["WebWorker", "live_broker"]
ROOT = Path(__file__).resolve().parents[2]


class WebWorker:
    """``storingsradar worker`` as a process, with its web server on ``settings.web_port``."""

    def __init__(self, settings: LiveSettings, log: Path) -> None:
        cmd = [
            sys.executable, "-m", "storingsradar", "worker",
            "--bootstrap-servers", settings.bootstrap_servers,
            "--topic-prefix", settings.topic_prefix,
            "--partitions", str(settings.partitions),
            "--session-timeout", str(settings.session_timeout_s),
            "--web-port", str(settings.web_port),
            "--worker-id", settings.worker_id,
        ]  # fmt: skip
        self.log = log
        self.base = f"http://127.0.0.1:{settings.web_port}"
        with log.open("ab") as fh:
            self.proc = subprocess.Popen(cmd, cwd=ROOT, stdout=fh, stderr=subprocess.STDOUT)

    def get(self, path: str, timeout_s: float = 5.0) -> bytes:
        """GET a path of the worker's web server."""
        with urllib.request.urlopen(self.base + path, timeout=timeout_s) as response:
            body: bytes = response.read()
            return body

    def wait_web(self, timeout_s: float = 60.0) -> None:
        """Until the web server answers (the worker has started)."""
        deadline = time.monotonic() + timeout_s
        while True:
            assert self.proc.poll() is None, self.log.read_text()[-3000:]
            try:
                self.get("/metrics", 1.0)
                return
            except OSError:
                assert time.monotonic() < deadline, self.log.read_text()[-3000:]
                time.sleep(0.3)

    def stop(self) -> None:
        """SIGTERM, then SIGKILL if it lingers."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
