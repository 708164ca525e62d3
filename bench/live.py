"""Live benchmark: ``python -m bench.live`` (``make bench-live``).

Starts a private Tansu broker and measures, through one ``storingsradar worker`` process:

1. sustained throughput from a backlog: the posts are on the topic before the worker starts;
   posts/s from the worker's own ``storingsradar_posts_total`` counter;
2. end-to-end latency at a fixed offered rate (default 1,000 posts/s): for every opened or
   updated alert, the alert record's timestamp minus the produce timestamp of the post that
   triggered it (the post whose ``created_at`` is the event's ``detected_at``); p50 and p99;
3. the worker's RSS at the start and the end of that paced run (``--paced-seconds 3600`` is the
   one-hour soak).
"""

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import datetime
from pathlib import Path
from typing import Any

from stream.broker import LocalBroker, free_port
from stream.follow import iter_alerts, iter_topic
from stream.produce import produce_file
from stream.settings import LiveSettings
from stream.topics import Topics, ensure_topics

SEED = 2027
ROOT = Path(__file__).resolve().parents[1]


def _scenario(root: Path, days: int) -> Path:
    out = root / f"seed{SEED}-days{days}"
    if not (out / "scenario.json").is_file():
        import simulate  # noqa: PLC0415

        print(f"simulating {days} days (seed {SEED}) into {out} …", flush=True)
        simulate.generate(simulate.ScenarioConfig(seed=SEED, days=days), out)
    return out / "posts.jsonl"


def _worker(settings: LiveSettings, log: Path) -> subprocess.Popen[bytes]:
    cmd = [
        sys.executable, "-m", "storingsradar", "worker",
        "--bootstrap-servers", settings.bootstrap_servers,
        "--topic-prefix", settings.topic_prefix, "--partitions", str(settings.partitions),
        "--session-timeout", "3", "--web-port", str(settings.web_port), "--worker-id", "bench",
    ]  # fmt: skip
    with log.open("ab") as fh:
        return subprocess.Popen(cmd, cwd=ROOT, stdout=fh, stderr=subprocess.STDOUT)


def _posts_done(settings: LiveSettings) -> float | None:
    url = f"http://127.0.0.1:{settings.web_port}/metrics"
    try:
        with urllib.request.urlopen(url, timeout=1) as resp:
            text = resp.read().decode()
    except OSError:
        return None
    return sum(
        float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line.startswith("storingsradar_posts_total{")
    )


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _settings(broker: LocalBroker, name: str) -> LiveSettings:
    settings = LiveSettings(
        bootstrap_servers=broker.bootstrap_servers, topic_prefix=name, partitions=4,
        session_timeout_s=3, web_port=free_port(), worker_id="bench",
    )  # fmt: skip
    ensure_topics(settings)
    return settings


def throughput(broker: LocalBroker, posts: Path, workdir: Path) -> dict[str, float]:
    """Backlog first, then one worker: posts/s while it drains."""
    settings = _settings(broker, "tput")
    stats = produce_file(posts, settings, None)
    worker = _worker(settings, workdir / "throughput.log")
    try:
        first = last = None
        while True:
            done = _posts_done(settings)
            now = time.perf_counter()
            if done:
                first = first or (now, done)
                last = (now, done)
                if done >= stats.records:
                    break
            if worker.poll() is not None:
                msg = f"worker died, see {workdir / 'throughput.log'}"
                raise RuntimeError(msg)
            time.sleep(0.2)
        assert first is not None and last is not None
        rate = (last[1] - first[1]) / (last[0] - first[0]) if last[0] > first[0] else 0.0
        return {"posts": stats.records, "produce_per_s": stats.records / stats.seconds,
                "worker_per_s": rate}  # fmt: skip
    finally:
        worker.terminate()
        worker.wait(30)


def _quarters(when: list[float], lat: list[float]) -> list[tuple[int, float, float]]:
    """(samples, p50, p99) of the latencies in each quarter of the run by alert time."""
    if not when:
        return []
    start, end = min(when), max(when)
    span = (end - start) / 4 or 1.0
    out = []
    for q in range(4):
        part = sorted(
            x for t, x in zip(when, lat, strict=True) if min(3, int((t - start) / span)) == q
        )
        if part:
            out.append(
                (
                    len(part),
                    statistics.median(part),
                    part[min(len(part) - 1, int(0.99 * len(part)))],
                )
            )
    return out


#: How often the worker's RSS is sampled while the paced run lasts, seconds.
RSS_EVERY_S = 10.0


def _split4(values: list[float]) -> list[list[float]]:
    """``values`` in four consecutive parts of (nearly) equal length."""
    n = len(values)
    return [values[n * i // 4 : n * (i + 1) // 4] for i in range(4)]


def paced(
    broker: LocalBroker, posts: Path, rate: float, seconds: float, workdir: Path
) -> dict[str, Any]:
    """Posts at ``rate`` per second for ``seconds``: end-to-end latency and worker RSS."""
    # Stream the first `rate * seconds` lines into the paced file: a soak's scenario is large.
    want = int(rate * seconds)
    chunk = workdir / "paced.jsonl"
    first = last = None
    with posts.open("rb") as src, chunk.open("wb") as dst:
        for n, line in enumerate(src):
            if n == want:
                break
            dst.write(line)
            last = json.loads(line)["created_at"]
            first = first or last
    assert first is not None and last is not None
    span = (_time(last) - _time(first)).total_seconds()
    speed = rate * span / want  # event seconds per wall second for `rate` posts/s
    settings = _settings(broker, "paced")
    worker = _worker(settings, workdir / "paced.log")
    try:
        while _posts_done(settings) is None:
            time.sleep(0.2)
        time.sleep(3)  # the first group join (PITFALLS.md)
        rss_start = _rss_mb(worker.pid)
        producer = threading.Thread(target=produce_file, args=(chunk, settings, speed))
        producer.start()
        # RSS through the run: caches that fill up to their bound level off, a leak does not.
        rss: list[float] = []
        while producer.is_alive():
            producer.join(RSS_EVERY_S)
            rss.append(_rss_mb(worker.pid))
        time.sleep(3)
        rss_end = _rss_mb(worker.pid)
    finally:
        worker.terminate()
        worker.wait(30)
    topics = Topics(settings.topic_prefix)
    sent: dict[str, int] = {}
    for r in iter_topic(settings, topics.posts, idle_s=2.0):
        ts = json.loads(r.value)["created_at"]
        sent[ts] = min(sent.get(ts, r.timestamp), r.timestamp)
    lat: list[float] = []
    when: list[float] = []
    for rec in iter_alerts(settings, idle_s=2.0):
        e = rec.event
        if e is None or e.status == "resolved":
            continue
        trigger = sent.get(e.detected_at.strftime("%Y-%m-%dT%H:%M:%SZ"))
        if trigger is not None:
            lat.append((rec.timestamp_ms - trigger) / 1000)
            when.append(rec.timestamp_ms / 1000)
    # A broker or worker that slows as the run goes on shows in the later quarters.
    quarters = _quarters(when, lat)
    lat.sort()
    p99 = lat[min(len(lat) - 1, int(0.99 * len(lat)))] if lat else float("nan")
    return {"posts": int(rate * seconds), "speed": speed, "samples": len(lat),
            "p50_s": statistics.median(lat) if lat else float("nan"), "p99_s": p99,
            "rss_start_mb": rss_start, "rss_end_mb": rss_end, "quarters": quarters,
            "rss_quarters_mb": [max(q) for q in _split4(rss) if q]}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--root", type=Path, default=Path("out/bench"))
    parser.add_argument("--days", type=int, default=2, help="backlog size in simulated days")
    parser.add_argument("--rate", type=float, default=1000.0, help="offered posts/s")
    parser.add_argument("--paced-seconds", type=float, default=120.0)
    args = parser.parse_args()
    backlog = _scenario(args.root, args.days)
    soak_days = max(2, int(args.rate * args.paced_seconds / 100_000) + 1)
    long_posts = _scenario(args.root, soak_days)
    with tempfile.TemporaryDirectory() as tmp, LocalBroker(free_port(), Path(tmp)) as broker:
        t = throughput(broker, backlog, Path(tmp))
        p = paced(broker, long_posts, args.rate, args.paced_seconds, Path(tmp))
    print(f"\nlive benchmark: Tansu broker, one worker, {args.days}-day backlog (seed {SEED})")
    print(f"  backlog of {t['posts']:,} posts produced at {t['produce_per_s']:,.0f} posts/s")
    print(
        f"  worker sustained   {t['worker_per_s']:,.0f} posts/s from the backlog "
        f"(target >= 20,000: {'met' if t['worker_per_s'] >= 20_000 else 'NOT met'})"
    )
    print(
        f"  paced run          {p['posts']:,} posts at {args.rate:,.0f} posts/s offered "
        f"({args.paced_seconds:.0f} s)"
    )
    print(
        f"  end-to-end latency p50 {p['p50_s']:.2f} s, p99 {p['p99_s']:.2f} s over "
        f"{p['samples']} alert events (target p99 < 2 s: "
        f"{'met' if p['p99_s'] < 2 else 'NOT met'})"
    )
    for n, (count, p50, p99) in enumerate(p["quarters"], 1):
        print(f"    quarter {n}: p50 {p50:.2f} s, p99 {p99:.2f} s over {count} alert events")
    print(
        f"  worker RSS         {p['rss_start_mb']:.0f} MB at start, {p['rss_end_mb']:.0f} MB at end"
    )
    by_quarter = ", ".join(f"{mb:.0f}" for mb in p["rss_quarters_mb"])
    print(f"    highest RSS by quarter: {by_quarter} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
