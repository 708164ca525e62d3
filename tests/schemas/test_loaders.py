"""Reading the input files: good records pass, bad ones are reported with file, line and field."""

import json
from pathlib import Path

import pytest

from schemas import (
    MAX_TEXT_CHARS,
    BadRecordError,
    ErrorLog,
    SchemaError,
    iter_calls,
    iter_incidents,
    iter_posts,
)

GOOD = {
    "id": "1",
    "source": "x",
    "created_at": "2025-03-03T08:14:05Z",
    "text": "weer geen stroom in 6821",
    "author_id": "a1",
}


def write(tmp_path: Path, name: str, lines: list[str]) -> Path:
    p = tmp_path / name
    p.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return p


def one_bad(tmp_path: Path, line: str) -> tuple[list[str], ErrorLog]:
    path = write(tmp_path, "posts.jsonl", [json.dumps(GOOD), line, json.dumps({**GOOD, "id": "3"})])
    log = ErrorLog()
    ids = [p.id for p in iter_posts(path, log)]
    return ids, log


class TestPosts:
    """posts.jsonl."""

    def test_good_posts_stream(self, tmp_path: Path) -> None:
        """Valid lines come out as posts, optional fields included, extra fields ignored."""
        full = {
            **GOOD,
            "lang": "nl",
            "coordinates": {"lat": 51.98, "lon": 5.91},
            "place": "Arnhem, Nederland",
            "repost_of_id": "0",
            "new_field": [1, 2],
        }
        path = write(tmp_path, "posts.jsonl", [json.dumps(full), "", json.dumps(GOOD)])
        log = ErrorLog()
        posts = list(iter_posts(path, log))
        assert [p.id for p in posts] == ["1", "1"] and log.count == 0
        assert posts[0].coordinates is not None and posts[0].coordinates.lat == 51.98

    def test_empty_file(self, tmp_path: Path) -> None:
        """An empty file yields nothing and reports nothing."""
        log = ErrorLog()
        assert list(iter_posts(write(tmp_path, "posts.jsonl", []), log)) == []
        assert log.count == 0

    @pytest.mark.parametrize(
        ("line", "field"),
        [
            ('{"id": "2", "source": "x", "created_at": "2025-03-03T08:1', "<json>"),
            (json.dumps({k: v for k, v in GOOD.items() if k != "author_id"}), "author_id"),
            (json.dumps({**GOOD, "id": 2}), "id"),
            (json.dumps({**GOOD, "created_at": "2025-03-03T08:14:05"}), "created_at"),
            (json.dumps({**GOOD, "created_at": "gisteren"}), "created_at"),
            (json.dumps({**GOOD, "text": "x" * (MAX_TEXT_CHARS + 1)}), "text"),
            (json.dumps({**GOOD, "coordinates": {"lat": 95.0, "lon": 5.0}}), "coordinates.lat"),
            ("[1, 2, 3]", "<record>"),
        ],
        ids=[
            "truncated",
            "missing",
            "wrong-type",
            "no-offset",
            "not-a-time",
            "huge-text",
            "bad-coordinates",
            "not-an-object",
        ],
    )
    def test_bad_line_reported_and_skipped(self, tmp_path: Path, line: str, field: str) -> None:
        """A bad line is reported with file, line and field; the lines around it still load."""
        ids, log = one_bad(tmp_path, line)
        assert ids == ["1", "3"]
        assert log.count == 1
        bad = log.examples[0]
        assert bad.file.endswith("posts.jsonl") and bad.line == 2 and bad.field == field

    def test_huge_line_refused_before_parsing(self, tmp_path: Path) -> None:
        """A line over the size limit is refused without being parsed."""
        ids, log = one_bad(tmp_path, json.dumps({**GOOD, "text": "x" * 300_000}))
        assert ids == ["1", "3"] and "exceeds" in log.examples[0].reason

    def test_strict_stops_at_first_bad_line(self, tmp_path: Path) -> None:
        """In strict mode the first bad record raises with its location."""
        path = write(tmp_path, "posts.jsonl", [json.dumps(GOOD), "{oops"])
        with pytest.raises(BadRecordError) as info:
            list(iter_posts(path, ErrorLog(strict=True)))
        assert info.value.line == 2 and info.value.field == "<json>"


class TestCalls:
    """calls.csv."""

    def test_rows_and_postcode_forms(self, tmp_path: Path) -> None:
        """PC4 and both PC6 spellings reduce to the PC4; empty utility is None."""
        path = write(
            tmp_path,
            "calls.csv",
            [
                "call_id,received_at,postcode,utility",
                "c1,2025-03-03T08:20:00Z,6821,stroom",
                "c2,2025-03-03T08:21:00+01:00,6821AB,",
                "c3,2025-03-03T08:22:00Z,6821 AB,gas",
            ],
        )
        log = ErrorLog()
        calls = list(iter_calls(path, log))
        assert [c.pc4 for c in calls] == ["6821"] * 3 and log.count == 0
        assert calls[1].utility is None

    def test_bad_rows_reported(self, tmp_path: Path) -> None:
        """Unknown utility, bad postcode, naive time and short rows are reported and skipped."""
        path = write(
            tmp_path,
            "calls.csv",
            [
                "call_id,received_at,postcode,utility",
                "c1,2025-03-03T08:20:00Z,6821,water",
                "c2,2025-03-03T08:20:00Z,68,stroom",
                "c3,2025-03-03T08:20:00,6821,stroom",
                "c4,2025-03-03T08:20:00Z",
                "c5,2025-03-03T08:20:00Z,6821,stroom",
            ],
        )
        log = ErrorLog()
        assert [c.call_id for c in iter_calls(path, log)] == ["c5"]
        assert [(b.line, b.field) for b in log.examples] == [
            (2, "utility"),
            (3, "postcode"),
            (4, "received_at"),
            (5, "<row>"),
        ]

    def test_missing_column_is_an_error(self, tmp_path: Path) -> None:
        """A header without the contract's columns stops the run with a clear message."""
        path = write(tmp_path, "calls.csv", ["call_id,received_at", "c1,2025-03-03T08:20:00Z"])
        with pytest.raises(SchemaError, match="postcode"):
            list(iter_calls(path, ErrorLog()))


class TestIncidents:
    """incidents.csv."""

    def test_rows(self, tmp_path: Path) -> None:
        """Postcode lists split on spaces; empty end and customers are None."""
        path = write(
            tmp_path,
            "incidents.csv",
            [
                "incident_id,started_at,ended_at,utility,postcodes,customers",
                "i1,2025-03-03T08:00:00Z,2025-03-03T09:00:00Z,stroom,6821 6822,120",
                "i2,2025-03-03T10:00:00Z,,gas,6821,",
                "i3,2025-03-03T10:00:00Z,,gas,68AB,",
                "i4,2025-03-03T10:00:00Z,,gas,6821,many",
            ],
        )
        log = ErrorLog()
        incs = list(iter_incidents(path, log))
        assert [i.postcodes for i in incs] == [("6821", "6822"), ("6821",)]
        assert incs[1].ended_at is None and incs[1].customers is None
        assert [(b.line, b.field) for b in log.examples] == [(4, "postcodes"), (5, "customers")]
