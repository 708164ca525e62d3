"""`storingsradar tune`, the baseline learner and the report's detection figures."""

import json
from pathlib import Path

import pytest

import simulate
from detectors import Baseline, DetectorSettings
from replay._baseline import CAP, Row, learn_baseline
from storingsradar.cli import main

CONTRACT_SUMMARY = {
    "posts",
    "complaints",
    "alerts",
    "incidents",
    "detected",
    "recall",
    "false_alarms",
    "false_alarms_per_day",
    "median_lead_time_s",
    "median_lead_vs_first_call_s",
    "posts_per_second",
}


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two days with five times the outage rate, so the sweep has incidents to find."""
    out = tmp_path_factory.mktemp("tune-scenario")
    config = simulate.ScenarioConfig(seed=7, days=2, posts_per_day=20_000, incident_rate_scale=5)
    simulate.generate(config, out)
    return out


def test_tune_writes_settings_plot_and_figures(
    scenario: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """tune prints the sweep, plots it, and writes settings that replay --settings reads."""
    assert main(["tune", "--scenario", str(scenario), "--out", str(tmp_path), "--quiet"]) == 0
    printed = capsys.readouterr().out
    assert "chosen:" in printed and "surprise score>=" in printed
    settings = DetectorSettings.load(tmp_path / "settings.json")
    assert settings.baseline.hours > 40 and settings.baseline.region_rate
    assert (tmp_path / "tune.svg").read_text().startswith("<svg")
    assert len(json.loads((tmp_path / "tune.json").read_text())) > 10

    out = tmp_path / "replay"
    args = ["replay", "--scenario", str(scenario), "--out", str(out), "--quiet"]
    assert main([*args, "--settings", str(tmp_path / "settings.json")]) == 0
    assert "delay after 3rd report" in capsys.readouterr().out
    report = json.loads((out / "report.json").read_text())
    assert set(report["summary"]) == CONTRACT_SUMMARY  # new figures are extra keys only
    assert report["detector"]["name"] == settings.detector
    detection = report["detection"]
    assert detection["ideal"]["incidents_3_authors"] == detection["incidents_3_authors"]
    assert detection["ideal"]["recall_3_authors"] == 1.0
    Baseline.model_validate_json((out / "baseline.json").read_bytes())


def test_learner_caps_outage_hours() -> None:
    """Ten authors in one hour count as ``CAP``: an outage in the history is not chatter."""
    burst = [Row(100.0 + i, f"o{i}", "GM1", ("1000",)) for i in range(10)]
    calm = [Row(3600.0 * h, f"a{h}", "GM1", ("1001",)) for h in range(1, 24)]
    b = learn_baseline([*burst, *calm], {"GM1": 10}, 0.0, 24 * 3600.0)
    two = learn_baseline([*burst[:CAP], *calm], {"GM1": 10}, 0.0, 24 * 3600.0)
    assert b.region_rate == two.region_rate
    assert b.pc4_share["1001"] > b.pc4_share["1000"]
    assert len(b.profile) == 168
