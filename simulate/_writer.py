"""Writing a scenario to disk: posts.jsonl, calls.csv, incidents.csv, truth.csv and
scenario.json, chunk by chunk."""

import io
from pathlib import Path

import orjson

from simulate import _calibration as cal
from simulate._clock import Rfc3339
from simulate._config import ScenarioConfig, ScenarioSummary
from simulate._engine import iter_chunks
from simulate._ideal import IdealDetector
from simulate._places import GEO_SOURCE, load_places
from simulate.exceptions import SimulateError

FILES = (
    "posts.jsonl",
    "calls.csv",
    "incidents.csv",
    "truth.csv",
    "ideal_alerts.jsonl",
    "scenario.json",
)
_COMPLAINT_KINDS = frozenset({"complaint", "followup"})
_BUFFER = 1 << 20


def generate(config: ScenarioConfig, out_dir: Path) -> ScenarioSummary:
    """Write the scenario into ``out_dir`` (created if needed) and return its counts."""
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        msg = f"cannot create output directory {out_dir}: {exc}"
        raise SimulateError(msg) from exc
    summary = ScenarioSummary(out_dir=str(out_dir))
    fmt = Rfc3339()
    ideal = IdealDetector()
    footprints: dict[str, tuple[str, tuple[int, ...], tuple[str, ...]]] = {}
    with (
        open(out_dir / "posts.jsonl", "wb", buffering=_BUFFER) as posts,
        open(out_dir / "calls.csv", "w", encoding="utf-8", newline="", buffering=_BUFFER) as calls,
        open(out_dir / "incidents.csv", "w", encoding="utf-8", newline="") as incidents,
        open(out_dir / "truth.csv", "w", encoding="utf-8", newline="") as truth,
    ):
        calls.write("call_id,received_at,postcode,utility\n")
        incidents.write("incident_id,started_at,ended_at,utility,postcodes,customers\n")
        truth.write("post_id,incident_id,kind\n")
        for chunk in iter_chunks(config):
            posts.write("".join(item.line for item in chunk.posts).encode())
            tbuf = io.StringIO()
            for item in chunk.posts:
                summary.late_posts += item.deliver != item.created
                if not item.truth:
                    summary.chatter_posts += 1
                elif item.truth == "~":
                    summary.confuser_posts += 1
                else:
                    summary.incident_posts += 1
                    tbuf.write(item.truth + "\n")
                    _, incident_id, kind = item.truth.split(",")
                    if kind in _COMPLAINT_KINDS:
                        summary.complaints += 1
                        post = orjson.loads(item.line)
                        author = f"{post['source']}:{post['author_id']}"
                        ideal.report(incident_id, item.created, author)
            truth.write(tbuf.getvalue())
            summary.posts += len(chunk.posts)
            cbuf = io.StringIO()
            for call in chunk.calls:
                summary.calls += 1
                summary.incident_calls += call.order >> 58 == 2
                cbuf.write(
                    f"C{summary.calls:08d},{fmt(call.received)},{call.postcode},{call.utility}\n"
                )
            calls.write(cbuf.getvalue())
            for inc in chunk.incidents:
                incidents.write(
                    f"{inc.incident_id},{fmt(inc.start)},{fmt(inc.end)},"
                    f"{inc.utility},{' '.join(inc.pc4s)},{inc.customers}\n"
                )
                summary.incidents += 1
                footprints[inc.incident_id] = (inc.utility, inc.areas, inc.pc4s)
                summary.power_incidents += inc.utility == "stroom"
                summary.gas_incidents += inc.utility == "gas"
            summary.incidents_with_posts += chunk.incidents_with_posts
            summary.incidents_with_3_authors += chunk.incidents_with_3_authors
    with open(out_dir / "ideal_alerts.jsonl", "wb") as ideal_out:
        ideal_out.writelines(ideal.lines(footprints, load_places()))
    summary.background_calls = summary.calls - summary.incident_calls
    summary.files = {name: (out_dir / name).stat().st_size for name in FILES[:-1]}
    counts = summary.to_json()
    del counts["out_dir"]
    meta = {
        "generator": "storingsradar.simulate",
        "format_version": 1,
        "config": config.to_json(),
        "counts": counts,
        "calibration": cal.table(),
        "geo_source": GEO_SOURCE,
        "seeds": "dev seeds 1-9; report on seeds >= 1000 (see simulate/CALIBRATION.md)",
        "truth_kinds": ["complaint", "followup", "repost", "operator", "news", "restored"],
    }
    (out_dir / "scenario.json").write_bytes(orjson.dumps(meta, option=orjson.OPT_INDENT_2))
    summary.files["scenario.json"] = (out_dir / "scenario.json").stat().st_size
    return summary
