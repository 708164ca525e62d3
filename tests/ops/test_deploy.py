"""deploy/: Prometheus rules pass promtool; the Grafana dashboard uses only exported metrics."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from stream.metrics import WorkerMetrics

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
PROMTOOL = shutil.which("promtool")
needs_promtool = pytest.mark.skipif(
    PROMTOOL is None,
    reason="promtool not installed (Debian package prometheus; `make tools` installs it as root)",
)
#: Series Prometheus itself provides next to the worker's.
BUILTIN = {"up", "ALERTS"}
_FUNCS = {
    "sum", "rate", "increase", "deriv", "histogram_quantile", "by", "and", "on", "or", "time",
    "label_values", "le", "job", "instance", "topic", "stage", "reason", "status", "utility",
    "level", "source", "outcome", "partition", "alertname", "alertstate", "printf",
}  # fmt: skip


def _promtool(*args: str) -> str:
    assert PROMTOOL is not None
    done = subprocess.run(
        [PROMTOOL, *args], cwd=DEPLOY / "prometheus", capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def exported() -> set[str]:
    """Every sample name the worker can export (counters and histograms with their suffixes)."""
    names: set[str] = set()
    for family in WorkerMetrics().registry.collect():
        base = family.name
        names |= {base, f"{base}_total", f"{base}_bucket", f"{base}_count", f"{base}_sum"}
    return names


def referenced(expr: str) -> set[str]:
    """Metric names in a PromQL expression (identifiers that are not functions or labels)."""
    expr = re.sub(r'"[^"]*"', "", expr)  # label values
    expr = re.sub(r"\[[^\]]*\]", "", expr)  # ranges
    names = set(re.findall(r"[a-zA-Z_:][a-zA-Z0-9_:]*", expr))
    return {n for n in names if n not in _FUNCS and ":" not in n}


@needs_promtool
def test_promtool_check_rules_and_config() -> None:
    print(_promtool("check", "rules", "rules.yml"))
    print(_promtool("check", "config", "prometheus.yml"))


@needs_promtool
def test_promtool_test_rules() -> None:
    out = _promtool("test", "rules", "rules_test.yml")
    print(out)
    assert "SUCCESS" in out


def test_every_alert_has_a_unit_test() -> None:
    rules = yaml.safe_load((DEPLOY / "prometheus" / "rules.yml").read_text())
    tests = yaml.safe_load((DEPLOY / "prometheus" / "rules_test.yml").read_text())
    alerts = {r["alert"] for g in rules["groups"] for r in g["rules"] if "alert" in r}
    tested = {a["alertname"] for t in tests["tests"] for a in t.get("alert_rule_test", [])}
    assert alerts == tested
    assert {
        "StoringsradarDetectionLatencyHigh", "StoringsradarConsumerLagHigh",
        "StoringsradarIngestionStalled", "StoringsradarWorkerDown",
        "StoringsradarDeadLettersRising",
    } <= alerts  # fmt: skip


def test_rules_use_only_exported_metrics() -> None:
    rules = yaml.safe_load((DEPLOY / "prometheus" / "rules.yml").read_text())
    names = set().union(*(referenced(r["expr"]) for g in rules["groups"] for r in g["rules"]))
    assert names <= exported() | BUILTIN, names - exported() - BUILTIN


def test_grafana_dashboard_parses_and_uses_only_exported_metrics() -> None:
    dash = json.loads((DEPLOY / "grafana" / "storingsradar.json").read_text())
    exprs = [t["expr"] for p in dash["panels"] for t in p["targets"]]
    exprs += [v["query"] for v in dash["templating"]["list"] if v["type"] == "query"]
    exprs += [a["expr"] for a in dash["annotations"]["list"]]
    names = set().union(*(referenced(e) for e in exprs))
    assert names <= exported() | BUILTIN, names - exported() - BUILTIN
    shown = set().union(*(referenced(t["expr"]) for p in dash["panels"] for t in p["targets"]))
    # Every metric the worker exports is on the dashboard.
    families = {f.name for f in WorkerMetrics().registry.collect()}
    assert not [f for f in families if not any(n.startswith(f) for n in shown)]
    assert len({p["id"] for p in dash["panels"]}) == len(dash["panels"])
