"""The main job end to end: simulate a scenario, replay it, read what the replay wrote."""

import dataclasses
import json
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest

import geo
import simulate
from detectors import (
    Annotator,
    Engine,
    FixedClock,
    LearnedClassifier,
    RuleClassifier,
    ThresholdDetector,
)
from replay import ReplayConfig, replay
from replay.annotate import annotate_post, annotate_posts
from schemas import AlertEvent, ErrorLog, ReplayReport, iter_posts
from storingsradar.cli import main
from stream.pipeline import ComplaintsStage, PostsStage
from tests.partitioned import drive_partitioned
from tests.replay.test_report import SUMMARY_KEYS


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two days of a dev seed at a fifth of the default chatter, to keep the suite quick."""
    out = tmp_path_factory.mktemp("scenario")
    simulate.generate(simulate.ScenarioConfig(seed=5, days=2, posts_per_day=20_000), out)
    return out


def run(scenario: Path, out: Path) -> ReplayReport:
    config = ReplayConfig.from_scenario(scenario, out)
    return replay(config).scoring.report


class TestReplayOfSimulation:
    """What an analyst gets from `storingsradar replay` on a simulated scenario."""

    def test_detects_early_and_quietly(self, scenario: Path, tmp_path: Path) -> None:
        """Most incidents with three or more reporting authors are found well before the calls."""
        report = run(scenario, tmp_path)
        (three,) = [b for b in report.by_reports or [] if b.min_authors == 3]
        assert three.incidents >= 5
        assert three.recall >= 0.8
        assert report.summary.median_lead_time_s is not None
        assert report.summary.median_lead_time_s >= 600
        assert report.summary.false_alarms_per_day <= 2

    def test_alert_ids_stable_across_replays(self, scenario: Path, tmp_path: Path) -> None:
        """Two replays of the same input give the same alert events, up to emitted_at."""

        def events(out: Path) -> list[dict[str, object]]:
            run(scenario, out)
            rows = [orjson.loads(line) for line in (out / "alerts.jsonl").read_bytes().splitlines()]
            for row in rows:
                AlertEvent.model_validate_json(json.dumps(row))
                del row["emitted_at"]
            return rows

        first, second = events(tmp_path / "a"), events(tmp_path / "b")
        assert first == second
        assert first and {r["status"] for r in first} >= {"opened", "resolved"}
        opened = [r for r in first if r["status"] == "opened"]
        assert len({r["alert_id"] for r in opened}) == len(opened)

    def test_report_json_follows_the_contract(self, scenario: Path, tmp_path: Path) -> None:
        """report.json has the contract's summary keys and one row per incident."""
        run(scenario, tmp_path)
        doc = orjson.loads((tmp_path / "report.json").read_bytes())
        assert set(doc["summary"]) == SUMMARY_KEYS
        incidents = (scenario / "incidents.csv").read_text().count("\n") - 1
        assert len(doc["incidents"]) == incidents
        html = (tmp_path / "report.html").read_text()
        assert "<svg" in html and doc["incidents"][0]["incident_id"] in html


class TestClassifyingAhead:
    """Worker processes that classify ahead change the speed of a replay, not its answers."""

    def test_workers_give_the_same_replay(self, scenario: Path, tmp_path: Path) -> None:
        """Alerts (but emitted_at), complaints and the report's figures equal a one-process run."""

        def outcome(workers: int) -> tuple[list[dict[str, object]], bytes, dict[str, object]]:
            out = tmp_path / f"w{workers}"
            config = dataclasses.replace(ReplayConfig.from_scenario(scenario, out), workers=workers)
            replay(config)
            rows = [orjson.loads(line) for line in (out / "alerts.jsonl").read_bytes().splitlines()]
            for row in rows:
                del row["emitted_at"]
            doc = orjson.loads((out / "report.json").read_bytes())
            del doc["summary"]["posts_per_second"]
            return rows, (out / "complaints.jsonl").read_bytes(), doc

        alone, ahead = outcome(0), outcome(2)
        assert ahead == alone
        assert alone[0] and alone[1]


class TestCommandLine:
    """The `storingsradar` command as a user types it."""

    def test_replay_scenario_prints_summary(
        self, scenario: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`replay --scenario DIR` prints the summary and where the report is."""
        code = main(["replay", "--scenario", str(scenario), "--out", str(tmp_path), "--quiet"])
        out = capsys.readouterr().out
        assert code == 0
        assert "recall" in out and str(tmp_path / "report.html") in out

    def test_bad_lines_counted_or_fatal_with_strict(
        self, scenario: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A broken line is reported and skipped; with --strict the run stops with exit 2."""
        posts = tmp_path / "posts.jsonl"
        lines = (scenario / "posts.jsonl").read_bytes().splitlines(keepends=True)
        posts.write_bytes(
            b"".join([*lines[:100], b'{"id": "x", "created_at": "2025-03-03"}\n', *lines[100:300]])
        )
        args = ["replay", "--posts", str(posts), "--calls", str(scenario / "calls.csv"), "--quiet"]
        assert main([*args, "--out", str(tmp_path / "lenient")]) == 0
        doc = orjson.loads((tmp_path / "lenient" / "report.json").read_bytes())
        assert doc["data_quality"]["bad_records"] == 1
        assert doc["summary"]["posts"] == 300
        assert main([*args, "--out", str(tmp_path / "strict"), "--strict"]) == 2
        assert "posts.jsonl:101" in capsys.readouterr().err

    def test_missing_input_is_a_clear_error(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A path that does not exist stops with a message naming it."""
        code = main(
            [
                "replay",
                "--posts",
                str(tmp_path / "nope.jsonl"),
                "--calls",
                str(tmp_path / "nope.csv"),
                "--out",
                str(tmp_path),
                "--quiet",
            ]
        )
        assert code == 2
        assert "nope.jsonl" in capsys.readouterr().err


class TestPartitionedByRegion:
    """The live stream's layout: complaints keyed by region over several partitions."""

    def test_partitions_give_the_replay_alerts(self, scenario: Path) -> None:
        """One stage per partition (stage one's routing, each owning its regions) = the replay."""
        gazetteer = geo.Gazetteer.load()
        clock = FixedClock(datetime(2026, 1, 1, tzinfo=UTC))
        annotator = Annotator(RuleClassifier(), gazetteer)
        posts = list(iter_posts(scenario / "posts.jsonl", ErrorLog()))

        engine = Engine(annotator, ThresholdDetector(gazetteer, clock))
        want = [e for p in posts for e in engine.feed(p)] + engine.finish()

        n = 3
        one = PostsStage(annotator, partitions=n, lateness_s=engine.lateness_s)
        two = ComplaintsStage(lambda: ThresholdDetector(gazetteer, clock), sources=1, partitions=n)
        stages = [two.stage(i) for i in range(n)]
        got = drive_partitioned(posts, annotator, stages, one.targets, engine.lateness_s)

        def rows(events: list[AlertEvent]) -> list[tuple[object, ...]]:
            return sorted(
                (e.alert_id, e.status, e.detected_at, e.postcodes, e.reports, e.evidence)
                for e in events
            )

        assert len(want) > 10
        assert rows(got) == rows(want)


class TestAnnotate:
    """`storingsradar annotate`: the analyst's view of every post."""

    def test_one_line_per_post(self, scenario: Path, tmp_path: Path) -> None:
        """Every valid post gets a line with the documented keys; complaints carry PC4s."""
        posts = tmp_path / "posts.jsonl"
        lines = (scenario / "posts.jsonl").read_bytes().splitlines(keepends=True)[:2000]
        posts.write_bytes(b"".join([*lines, b"{broken\n"]))
        out = tmp_path / "annotations.jsonl"
        assert main(["annotate", "--posts", str(posts), "--out", str(out)]) == 0
        rows = [orjson.loads(line) for line in out.read_bytes().splitlines()]
        assert len(rows) == 2000
        assert all(
            set(r) == {"id", "label", "confidence", "pc4", "cue", "geo_confidence"} for r in rows
        )
        assert {r["label"] for r in rows} <= {"stroom", "gas", "noise"}
        assert all((r["cue"] == "none") == (r["pc4"] == []) for r in rows)

    def test_batches_answer_as_one_by_one(self, scenario: Path) -> None:
        """Classifying a batch first and geotagging it after gives each post's own annotation."""
        posts = list(iter_posts(scenario / "posts.jsonl", ErrorLog()))[:3000]
        gazetteer = geo.Gazetteer.load()
        classifier = LearnedClassifier.load()
        one = [annotate_post(p, classifier, gazetteer) for p in posts]
        assert annotate_posts(posts, LearnedClassifier.load(), gazetteer) == one
        assert any(a.label != "noise" for a in one)


class TestEvaluate:
    """`storingsradar evaluate` on the project's labelled set."""

    def test_prints_scores(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The report has per-class scores, the confusion matrix and geotag accuracy."""
        assert main(["evaluate"]) == 0
        out = capsys.readouterr().out
        for part in (
            "precision",
            "confusion",
            "outage (stroom or gas) vs noise: F1",
            "confusers called noise",
            "geotag",
            "invented",
        ):
            assert part in out
