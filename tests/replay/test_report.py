"""report.json, the complaints file and truth file behind it, and the terminal summary."""

import io
import re
from pathlib import Path

import orjson
import pytest
from pydantic import TypeAdapter

from replay._calls import CallIndex, detect_by_calls
from replay._incidents import read_complaints, read_truth
from replay._scoring import Scoring, quality_of, report_document, score, write_report
from replay._summary import print_summary
from replay.exceptions import ReplayError
from schemas import Complaint, ErrorLog, IncidentRecord, ReplayReport, ReportsBucket
from tests.replay.replay_builders import CsvLocator, at, call, complaint, event, incident

SUMMARY_KEYS = {
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
INCIDENT_KEYS = {
    "incident_id",
    "started_at",
    "social_detected_at",
    "calls_detected_at",
    "first_call_at",
    "lead_time_s",
    "alert_ids",
}


def write_complaints(path: Path, complaints: list[Complaint], junk: bool = False) -> Path:
    """A complaints.jsonl as the driver writes it (optionally with one broken line)."""
    lines = [c.model_dump_json().encode() for c in complaints]
    if junk:
        lines.insert(1, b'{"post_id": "broken"}')
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def scenario(tmp_path: Path, locator: CsvLocator, *, truth: bool) -> Scoring:
    """Two incidents: i (3 reporting authors, detected) and j (1 author, missed)."""
    incs = [incident("i", 0, 60, ("6821",)), incident("j", 0, 60, ("1011",))]
    calls = [call(f"c{n}", 20 + n) for n in range(3)]
    cs = [
        complaint("p1", 5, "u1"),
        complaint("p2", 6, "u2"),
        complaint("p3", 7, "u3"),
        complaint("p4", 8, "u3"),  # same author again
        complaint("p5", 9, "u4", repost=True),
        complaint("p6", 50, "u5", restored=True),
        complaint("q1", 10, "v1", ("1011",)),
    ]
    path = write_complaints(tmp_path / "complaints.jsonl", cs)
    errors = ErrorLog()
    mapping = None
    if truth:
        (tmp_path / "truth.csv").write_text(
            "post_id,incident_id\n"
            + "".join(f"{c.post_id},{'j' if c.post_id == 'q1' else 'i'}\n" for c in cs)
        )
        mapping = read_truth(tmp_path / "truth.csv", errors)
    social = read_complaints(path, incs, locator, errors, truth=mapping)
    return score(
        [event("a", "opened", 10)],
        incs,
        detect_by_calls(incs, CallIndex(calls)),
        locator,
        posts=100,
        complaints=social.complaints,
        first_post_at=at(0),
        last_post_at=at(24 * 60),
        posts_per_second=5000.0,
        social=social,
        quality=quality_of(errors, late_posts=2),
    )


class TestReportJson:
    def test_round_trips_with_exactly_the_contract_keys(
        self, tmp_path: Path, locator: CsvLocator
    ) -> None:
        """report.json reads back as ReplayReport, with exactly the contract keys in its rows."""
        s = scenario(tmp_path, locator, truth=True)
        write_report(s, tmp_path / "report.json")
        doc = orjson.loads((tmp_path / "report.json").read_bytes())
        assert set(doc["summary"]) == SUMMARY_KEYS
        assert all(set(row) == INCIDENT_KEYS for row in doc["incidents"])
        assert set(doc) >= {"summary", "incidents", "data_quality", "by_reports"}
        buckets = TypeAdapter(list[ReportsBucket]).validate_python(doc["by_reports"])
        assert list(s.by_reports or ()) == buckets
        assert ReplayReport.model_validate(doc) == s.report

    def test_times_are_rfc3339_utc(self, tmp_path: Path, locator: CsvLocator) -> None:
        """Times are written as UTC with a Z, like the contract's examples."""
        row = scenario(tmp_path, locator, truth=False).report.incidents[0]
        assert (row.started_at, row.social_detected_at) == (
            "2025-03-03T08:00:00Z",
            "2025-03-03T08:10:00Z",
        )
        assert row.calls_detected_at == "2025-03-03T08:22:00Z"
        assert row.lead_time_s == 12 * 60

    def test_no_by_reports_without_truth(self, tmp_path: Path, locator: CsvLocator) -> None:
        """Without a truth file there is no by_reports key."""
        s = scenario(tmp_path, locator, truth=False)
        assert s.by_reports is None
        assert report_document(s).get("by_reports") is None

    def test_data_quality_carries_the_error_log(self, tmp_path: Path, locator: CsvLocator) -> None:
        """Bad records (file:line: field: reason) and late posts reach the report."""
        errors = ErrorLog()
        errors.report("posts.jsonl", 7, "created_at", "timezone missing")
        q = quality_of(errors, late_posts=3)
        assert (q.bad_records, q.late_posts, q.bad_by_file) == (1, 3, {"posts.jsonl": 1})
        assert q.examples == ["posts.jsonl:7: created_at: timezone missing"]


class TestByReports:
    def test_buckets_by_distinct_reporting_authors(
        self, tmp_path: Path, locator: CsvLocator
    ) -> None:
        """i has 3 first-hand authors (u1–u3; reposts and "back" posts don't count), j has 1."""
        s = scenario(tmp_path, locator, truth=True)
        assert s.social is not None
        assert s.social.by_incident["i"].authors == 3
        assert s.social.by_incident["j"].authors == 1
        got = {b.min_authors: (b.incidents, b.detected, b.recall) for b in s.by_reports or ()}
        assert got == {1: (2, 1, 0.5), 3: (1, 1, 1.0), 5: (0, 0, 0.0)}
        assert (s.by_reports or ())[1].median_lead_time_s == 12 * 60

    def test_truth_file_needs_its_header(self, tmp_path: Path) -> None:
        """A truth file without post_id,incident_id is refused."""
        (tmp_path / "truth.csv").write_text("post,incident\np1,i\n")
        with pytest.raises(ReplayError, match="post_id"):
            read_truth(tmp_path / "truth.csv", ErrorLog())

    def test_truth_rows_with_empty_fields_are_reported(self, tmp_path: Path) -> None:
        """An empty incident_id is a bad record, not a crash."""
        (tmp_path / "truth.csv").write_text("post_id,incident_id\np1,i\np2,\n")
        errors = ErrorLog()
        assert read_truth(tmp_path / "truth.csv", errors) == {"p1": "i"}
        assert str(errors.examples[0]).endswith(":3: incident_id: empty")


class TestComplaintsFile:
    def test_assigned_by_place_and_time_without_truth(
        self, tmp_path: Path, locator: CsvLocator
    ) -> None:
        """Complaints within 3 km and the incident's span join it; others do not."""
        cs = [
            complaint("near", 10, "a", ("6822",)),
            complaint("far", 10, "b", ("1011",)),
            complaint("early", -61, "c"),  # more than 1 h before the start
            complaint("lookback", -50, "d"),
            complaint("nowhere", 10, "e", ()),
        ]
        path = write_complaints(tmp_path / "c.jsonl", cs)
        social = read_complaints(path, [incident("i", 0, 60)], locator, ErrorLog())
        assert social.complaints == 5
        assert not social.by_truth
        assert social.by_incident["i"].complaints == 2
        assert [t for t, _ in social.by_incident["i"].marks] == [at(-50), at(10)]

    def test_bad_lines_are_reported_not_fatal(self, tmp_path: Path, locator: CsvLocator) -> None:
        """A broken line is counted with its line number and the rest is read."""
        path = write_complaints(
            tmp_path / "c.jsonl", [complaint("a", 1, "x"), complaint("b", 2, "y")], junk=True
        )
        errors = ErrorLog()
        social = read_complaints(path, [incident("i", 0, 60)], locator, errors)
        assert social.complaints == 2
        assert errors.count == 1
        assert errors.examples[0].line == 2

    def test_timeline_is_bounded_counts_exact(self, tmp_path: Path, locator: CsvLocator) -> None:
        """Thousands of complaints: at most 200 marks kept, spread over the whole stream."""
        cs = [complaint(f"p{n}", n * 0.02, f"u{n}") for n in range(3000)]
        path = write_complaints(tmp_path / "c.jsonl", cs)
        incs: list[IncidentRecord] = [incident("i", 0, 60)]
        t = read_complaints(path, incs, locator, ErrorLog()).by_incident["i"]
        assert (t.complaints, t.authors) == (3000, 3000)
        assert 100 <= len(t.marks) <= 200
        assert t.marks[0][0] == at(0)
        assert t.marks[-1][0] > at(50)


class TestTerminalSummary:
    def test_summary_lists_the_headline_figures(self, tmp_path: Path, locator: CsvLocator) -> None:
        """The printed table names every headline figure, aligned, plus by_reports."""
        s = scenario(tmp_path, locator, truth=True)
        out = io.StringIO()
        print_summary(s.report, out, s.by_reports)
        text = out.getvalue()
        for label in (
            "incidents",
            "recall 50.0%",
            "+12.0 min",
            "false alarms",
            "posts/s",
            "complaints",
            "by reporting authors",
            "≥3: 1/1",
        ):
            assert label in text
        columns = {re.match(r"^  \S.*?\s{2,}(\S)", line).start(1) for line in text.splitlines()}  # type: ignore[union-attr]
        assert len(columns) == 1

    def test_summary_without_by_reports(self, tmp_path: Path, locator: CsvLocator) -> None:
        """No truth file: no by_reports line."""
        out = io.StringIO()
        print_summary(scenario(tmp_path, locator, truth=False).report, out)
        assert "by reporting authors" not in out.getvalue()
