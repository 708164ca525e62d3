"""report.html: renders self-contained, shows every incident, escapes hostile text."""

from pathlib import Path

from replay._calls import CallIndex, detect_by_calls
from replay._html import histogram, local, render_html, write_html
from replay._incidents import read_complaints
from replay._scoring import Scoring, quality_of, score
from schemas import ErrorLog
from tests.replay.replay_builders import CsvLocator, at, call, complaint, event, incident

HOSTILE = '<script>alert("x")</script>'


def scoring(tmp_path: Path, locator: CsvLocator, hostile: bool = False) -> Scoring:
    """Three incidents (social first, calls first, missed) and a false alarm."""
    bad = HOSTILE if hostile else "p9"
    incs = [
        incident("inc-early", 0, 60, ("6821",), "stroom"),
        incident("inc-late", 0, None, ("1011",)),
        incident("inc-missed" + ("<b>" if hostile else ""), 100, 130, ("9711",)),
    ]
    calls = [call(f"a{n}", 20 + n, "6821 AB") for n in range(4)]
    calls += [call(f"b{n}", 3 + n, "1011") for n in range(3)]
    calls += [call(f"c{n}", 101 + n, "9711") for n in range(3)]
    events = [
        event("al-1", "opened", 10, evidence=("p1", bad)),
        event("al-1", "updated", 15, ("6821", "6822")),
        event("al-1", "resolved", 70),
        event("al-2", "opened", 9, ("1011",)),
        event("fa-" + bad, "opened", 30, ("2511",), evidence=(bad,), gemeente=bad),
    ]
    path = tmp_path / "complaints.jsonl"
    cs = [complaint(f"p{n}", n, f"u{n}") for n in range(1, 12)]
    cs.append(complaint(bad, 12, "u99", restored=True))
    path.write_bytes(b"".join(c.model_dump_json().encode() + b"\n" for c in cs))
    errors = ErrorLog()
    errors.report("posts.jsonl", 4, "text", bad)
    social = read_complaints(path, incs, locator, errors)
    return score(
        events,
        incs,
        detect_by_calls(incs, CallIndex(calls)),
        locator,
        posts=10_000,
        complaints=social.complaints,
        first_post_at=at(0),
        last_post_at=at(600),
        posts_per_second=123_456.0,
        social=social,
        quality=quality_of(errors, 5),
    )


class TestRender:
    def test_contains_every_incident_and_headline(
        self, tmp_path: Path, locator: CsvLocator
    ) -> None:
        """Every incident id, the false alarm and the headline figures are on the page."""
        html = render_html(scoring(tmp_path, locator))
        for text in ("inc-early", "inc-late", "inc-missed", "fa-p9", "66.7%", "123,456"):
            assert text in html
        assert html.index("inc-early") < html.index("inc-late") < html.index("inc-missed")
        assert "posts.jsonl:4: text: p9" in html

    def test_hostile_text_is_escaped(self, tmp_path: Path, locator: CsvLocator) -> None:
        """A post id carrying <script> appears only escaped; the page has no script at all."""
        html = render_html(scoring(tmp_path, locator, hostile=True))
        assert "<script" not in html.lower()
        assert "&lt;script&gt;" in html
        assert "inc-missed&lt;b&gt;" in html

    def test_self_contained(self, tmp_path: Path, locator: CsvLocator) -> None:
        """No external stylesheet, font, image or script is fetched."""
        html = render_html(scoring(tmp_path, locator))
        for needle in ("http://", "https://", "@import", "<link", "<img", "src="):
            assert needle not in html

    def test_times_are_shown_in_amsterdam(self, tmp_path: Path, locator: CsvLocator) -> None:
        """08:00 UTC in March is 09:00 in Amsterdam."""
        assert local(at(0)) == "2025-03-03 09:00:00"
        assert "2025-03-03 09:00:00" in render_html(scoring(tmp_path, locator))

    def test_renders_an_empty_replay(self, tmp_path: Path, locator: CsvLocator) -> None:
        """No incidents, alerts or posts still gives a page."""
        empty = score(
            [],
            [],
            detect_by_calls([], CallIndex([])),
            locator,
            posts=0,
            complaints=0,
            first_post_at=None,
            last_post_at=None,
            posts_per_second=0.0,
        )
        write_html(empty, tmp_path / "report.html")
        html = (tmp_path / "report.html").read_text()
        assert "No incidents." in html
        assert "No incident was detected by both" in html


class TestHistogram:
    def test_bins_cover_every_lead_time(self) -> None:
        """Each lead time lands in one bin; bins on both sides of zero."""
        h = histogram([-600.0, 60.0, 90.0, 3000.0])
        assert h is not None
        assert sum(b.count for b in h.bars) == 4
        assert h.zero_x is not None
        assert {b.social_first for b in h.bars} == {True, False}

    def test_no_leads_no_histogram(self) -> None:
        """Without lead times there is nothing to plot."""
        assert histogram([]) is None
