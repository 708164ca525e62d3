"""``make live-demo``: broker, worker, producer and alert follower together, then all stopped.

A private Tansu broker on a free port, one ``storingsradar worker``, the follower printing
alerts as a dashboard would receive them, and a simulated day produced at ``--speed`` (one day
in a minute by default). Everything is stopped at the end, or on Ctrl-C.
"""

import argparse
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import simulate
from stream.broker import LocalBroker, free_port
from stream.produce import produce_file
from stream.settings import LiveSettings
from stream.topics import ensure_topics


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=4242)
    parser.add_argument("--speed", type=float, default=1440.0, help="event seconds per second")
    parser.add_argument("--posts-per-day", type=int, default=50_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        print("simulating one day …", flush=True)
        simulate.generate(
            simulate.ScenarioConfig(seed=args.seed, days=1, posts_per_day=args.posts_per_day),
            work / "scenario",
        )
        with LocalBroker(free_port(), work) as broker:
            settings = LiveSettings(
                bootstrap_servers=broker.bootstrap_servers, topic_prefix="demo",
                session_timeout_s=3, web_port=free_port(), worker_id="demo",
            )  # fmt: skip
            ensure_topics(settings)
            common = ["--bootstrap-servers", settings.bootstrap_servers, "--topic-prefix", "demo"]
            cli = [sys.executable, "-m", "storingsradar"]
            print(
                f"broker on {settings.bootstrap_servers}; worker metrics on "
                f"http://127.0.0.1:{settings.web_port}/metrics",
                flush=True,
            )
            worker = subprocess.Popen(
                [*cli, "worker", *common, "--session-timeout", "3",
                 "--web-port", str(settings.web_port), "--worker-id", "demo"],
                stdout=(work / "worker.log").open("wb"), stderr=subprocess.STDOUT,
            )  # fmt: skip
            follower = subprocess.Popen([*cli, "alerts", "--follow", *common])
            try:
                time.sleep(settings.session_timeout_s)
                print(f"producing one simulated day at {args.speed:.0f}x …", flush=True)
                stats = produce_file(work / "scenario" / "posts.jsonl", settings, args.speed)
                print(f"produced {stats.records:,} posts in {stats.seconds:.0f} s", flush=True)
                time.sleep(5)  # the last alerts, and resolutions once the stream is idle
            except KeyboardInterrupt:
                pass
            finally:
                _stop(follower)
                _stop(worker)
    print("stopped broker, worker and follower")
    return 0


if __name__ == "__main__":
    sys.exit(main())
