"""`storingsradar tune`, the baseline learner and the report's detection figures."""

import dataclasses
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

import geo
import simulate
from detectors import (
    Annotator,
    Baseline,
    DetectorSettings,
    Engine,
    FixedClock,
    RuleClassifier,
)
from detectors.threads import is_profile_reply
from replay._baseline import CAP, Row, learn_baseline
from replay._run import ReplayConfig, replay
from replay._tune import (
    History,
    Trial,
    candidates,
    choose,
    choose_backing,
    read_complaints_file,
    trial,
    trials,
    with_support,
)
from schemas import AlertEvent, Complaint, ErrorLog, Post, iter_posts
from storingsradar.cli import main
from stream.pipeline import ComplaintsStage, PostsStage
from tests.partitioned import drive_partitioned

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


def test_sweep_tries_border_spreading_and_prefers_it_on_ties() -> None:
    """Every surprise setting is tried with and without borders; equal figures pick borders."""
    sweep = [s for s in candidates(Baseline()) if s.detector == "surprise"]
    with_border = [s for s in sweep if s.config.get("border_km")]
    assert len(with_border) * 2 == len(sweep)
    figures = {
        "false_alarms_per_day": 0.1,
        "recall_3_authors": 0.9,
        "median_lead_time_3_authors_s": 900.0,
    }
    pair = [
        Trial(s, figures)
        for s in sweep
        if s.config["min_score"] == 5.0 and not s.config.get("burst_s")
    ][:2]
    assert choose(pair, 0.7).settings.config.get("border_km") == 3.0


def test_histories_pool_their_incidents(scenario: Path, tmp_path: Path) -> None:
    """Two histories count their incidents and alarms together; the same one twice keeps its
    rates and medians and doubles its counts. One alone gives the replay's own figures."""
    settings = DetectorSettings(detector="surprise", config={"min_score": 3.0, "burst_s": 300.0})
    config = dataclasses.replace(ReplayConfig.from_scenario(scenario, tmp_path), settings=settings)
    outcome = replay(config)
    history = History(read_complaints_file(tmp_path / "complaints.jsonl"), outcome)
    gazetteer = geo.Gazetteer.load()
    one = trial(settings, [history], gazetteer).figures
    two = trial(settings, [history, history], gazetteer).figures
    assert one["incidents_3_authors"] > 0 and one["detected_3_authors"] > 0
    for key in ("incidents_3_authors", "detected_3_authors", "false_alarms", "delays_measured"):
        assert two[key] == 2 * one[key]
    for key in ("recall_3_authors", "false_alarms_per_day", "recall", "median_lead_time_s"):
        assert two[key] == one[key]
    assert two["median_lead_time_3_authors_s"] == one["median_lead_time_3_authors_s"]
    report = json.loads((tmp_path / "report.json").read_text())
    assert one["median_lead_time_s"] == report["summary"]["median_lead_time_s"]
    assert {k: one[k] for k in report["detection"] if k in one} == {
        k: v for k, v in report["detection"].items() if k in one
    }


def test_backing_is_kept_only_when_it_finds_more_of_what_counts() -> None:
    """A backed variant replaces the first choice only with more incidents of >= 3 authors
    found at no more false alarms; more small incidents alone do not count."""
    first_settings = DetectorSettings(detector="surprise", config={"min_score": 5.0})
    base = {
        "false_alarms_per_day": 0.0,
        "recall_3_authors": 0.9,
        "median_lead_time_3_authors_s": 900.0,
        "recall": 0.040,
    }
    first = Trial(first_settings, base)
    variants = list(with_support(first_settings))
    assert variants and all(v.config["min_score"] == 5.0 for v in variants)
    small = Trial(variants[0], {**base, "recall": 0.045})
    noisy = Trial(variants[1], {**base, "recall_3_authors": 0.95, "false_alarms_per_day": 0.07})
    gains = Trial(variants[2], {**base, "recall_3_authors": 0.95})
    assert choose_backing(first, [small, noisy]) is first
    assert choose_backing(first, [small, noisy, gains]) is gains


def test_learner_caps_outage_hours() -> None:
    """Ten authors in one hour count as ``CAP``: an outage in the history is not chatter."""
    burst = [Row(100.0 + i, f"o{i}", "GM1", ("1000",)) for i in range(10)]
    calm = [Row(3600.0 * h, f"a{h}", "GM1", ("1001",)) for h in range(1, 24)]
    b = learn_baseline([*burst, *calm], {"GM1": 10}, 0.0, 24 * 3600.0)
    two = learn_baseline([*burst[:CAP], *calm], {"GM1": 10}, 0.0, 24 * 3600.0)
    assert b.region_rate == two.region_rate
    assert b.pc4_share["1001"] > b.pc4_share["1000"]
    assert len(b.profile) == 168


def test_learner_counts_operator_tags_apart() -> None:
    """Placeless complaints count per utility, and those tagging an operator per operator too."""
    rows = [
        Row(3600.0 * h, f"u{h}", "", (), "stroom", "enexis" if h < 6 else None) for h in range(24)
    ]
    b = learn_baseline(rows, {"GM1": 10}, 0.0, 24 * 3600.0)
    assert b.unlocated_rate["stroom"] > b.unlocated_rate["stroom@enexis"] > 0.0
    assert "stroom@stedin" not in b.unlocated_rate


def _replayed(
    scenario: Path, tmp_path: Path, config: dict[str, float]
) -> tuple[
    DetectorSettings, geo.Gazetteer, FixedClock, Annotator, list[Post], Engine, list[AlertEvent]
]:
    """A replay's baseline in surprise settings, and those settings' alerts over the posts."""
    assert main(["replay", "--scenario", str(scenario), "--out", str(tmp_path), "--quiet"]) == 0
    baseline = Baseline.model_validate_json((tmp_path / "baseline.json").read_bytes())
    settings = DetectorSettings(detector="surprise", config=config, baseline=baseline)
    gazetteer = geo.Gazetteer.load()
    clock = FixedClock(datetime(2026, 1, 1, tzinfo=UTC))
    annotator = Annotator(RuleClassifier(), gazetteer)
    posts = list(iter_posts(scenario / "posts.jsonl", ErrorLog()))
    engine = Engine(annotator, settings.build(gazetteer, clock))
    want = [e for p in posts for e in engine.feed(p)] + engine.finish()
    return settings, gazetteer, clock, annotator, posts, engine, want


def _rows(events: list[AlertEvent]) -> list[tuple[object, ...]]:
    return sorted(
        (e.alert_id, e.status, e.detected_at, e.postcodes, e.reports, e.level, e.score)
        for e in events
    )


def _live(
    settings: DetectorSettings,
    gazetteer: geo.Gazetteer,
    clock: FixedClock,
    annotator: Annotator,
    posts: list[Post],
    *,
    lateness_s: float,
    borders: bool = False,
    count: Callable[[Complaint, list[int]], bool] = lambda c, targets: False,
) -> tuple[list[AlertEvent], int]:
    """The live layout over three partitions (stage one's routing, each stage owning its
    regions): its alerts, and how many complaints ``count`` picked out on the way."""
    n = 3
    one = PostsStage(annotator, partitions=n, lateness_s=lateness_s)
    if borders:
        one.borders = settings.borders(gazetteer)
    two = ComplaintsStage(lambda: settings.build(gazetteer, clock), sources=1, partitions=n)
    stages = [two.stage(i) for i in range(n)]
    counted = 0

    def routed(c: Complaint) -> list[int]:
        nonlocal counted
        targets = one.targets(c)
        counted += count(c, targets)
        return targets

    return drive_partitioned(posts, annotator, stages, routed, lateness_s), counted


def test_surprise_partitioned_by_region_gives_the_replay_alerts(
    scenario: Path, tmp_path: Path
) -> None:
    """The live layout (one stage per partition of regions) raises the replay's alerts."""
    settings, gazetteer, clock, annotator, posts, engine, want = _replayed(
        scenario, tmp_path, {"min_score": 3.0}
    )
    got, everywhere = _live(
        settings, gazetteer, clock, annotator, posts, lateness_s=engine.lateness_s,
        count=lambda c, _: is_profile_reply(c),
    )  # fmt: skip
    assert len(want) > 10 and everywhere > 0  # replies placed by a profile went everywhere
    assert _rows(got) == _rows(want)


def test_border_spreading_live_layout_gives_the_replay_alerts(
    scenario: Path, tmp_path: Path
) -> None:
    """Border spreading over partitions (stage one's routing, owned regions) = the replay."""
    settings, gazetteer, clock, annotator, posts, engine, want = _replayed(
        scenario, tmp_path, {"min_score": 3.0, "border_km": 3.0}
    )
    got, spread = _live(
        settings, gazetteer, clock, annotator, posts, lateness_s=engine.lateness_s,
        borders=True, count=lambda c, targets: len(targets) > 1 and not is_profile_reply(c),
    )  # fmt: skip
    assert spread > 0 and len(want) > 10
    assert _rows(got) == _rows(want)


def test_placeless_backing_live_layout_gives_the_replay_alerts(
    scenario: Path, tmp_path: Path
) -> None:
    """Placeless complaints reach every partition, so backing over partitions = the replay."""
    support = {"min_score": 3.0, "support_s": 900.0, "max_support": 3.0, "support_min_score": 3.0}
    settings, gazetteer, clock, annotator, posts, engine, want = _replayed(
        scenario, tmp_path, support
    )
    plain = settings.model_copy(update={"config": {"min_score": 3.0}})
    plain_engine = Engine(annotator, plain.build(gazetteer, clock))
    without = [e for p in posts for e in plain_engine.feed(p)] + plain_engine.finish()
    got, _ = _live(settings, gazetteer, clock, annotator, posts, lateness_s=engine.lateness_s)

    assert _rows(want) != _rows(without)  # the backing changed something here
    assert _rows(got) == _rows(want)


def test_operator_tags_and_bursts_live_layout_give_the_replay_alerts(
    scenario: Path, tmp_path: Path
) -> None:
    """Placeless complaints tagging an operator, and bursts, over partitions = the replay."""
    config = {"min_score": 4.0, "burst_s": 300.0, "tagged_s": 900.0}
    settings, gazetteer, clock, annotator, posts, engine, want = _replayed(
        scenario, tmp_path, config
    )
    plain = settings.model_copy(update={"config": {"min_score": 4.0}})
    plain_engine = Engine(annotator, plain.build(gazetteer, clock))
    without = [e for p in posts for e in plain_engine.feed(p)] + plain_engine.finish()
    got, tagged = _live(
        settings, gazetteer, clock, annotator, posts, lateness_s=engine.lateness_s,
        count=lambda c, _: c.operator is not None and not c.pc4s,
    )  # fmt: skip
    assert tagged > 0 and _rows(want) != _rows(without)
    assert _rows(got) == _rows(want)


def test_trials_in_workers_equal_one_process(scenario: Path, tmp_path: Path) -> None:
    """The sweep over forked workers gives every setting the figures of one process, in order."""
    outcome = replay(ReplayConfig.from_scenario(scenario, tmp_path))
    history = History(read_complaints_file(tmp_path / "complaints.jsonl"), outcome)
    gazetteer = geo.Gazetteer.load()
    sweep = [s for s in candidates(Baseline()) if s.config.get("min_score") in (2.0, 5.0)][:6]
    one = trials(sweep, [history], gazetteer, workers=0)
    two = trials(sweep, [history], gazetteer, workers=2)
    assert [t.figures for t in two] == [t.figures for t in one]
    assert [t.settings for t in two] == sweep
    assert len({str(t.figures) for t in one}) > 1  # the settings differ in what they find
