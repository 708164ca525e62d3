"""The generator's own data: packaged with attribution, never read from outside the packages."""

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

import simulate
from simulate import DataError
from simulate._chatter import XED_FILE, load_xed

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "simulate" / "data"


def test_xed_is_packaged_with_its_attribution() -> None:
    """The XED copy ships in simulate/data and ATTRIBUTION.md names its source and license."""
    assert Path(simulate.__file__).resolve().parent / "data" / "xed_nl_emotions.tsv" == XED_FILE
    digest = hashlib.sha256(XED_FILE.read_bytes()).hexdigest()
    attribution = (DATA / "ATTRIBUTION.md").read_text(encoding="utf-8")
    for fact in (
        "CC BY 4.0",
        "Helsinki-NLP/XED",
        "Projections/nl-projections.tsv",
        "7b154aa00dd22b7cfed7e8fac435ae81f1291904",
        "COLING 2020",
        digest,
    ):
        assert fact in attribution
    assert sum(1 for _ in XED_FILE.open(encoding="utf-8")) == 5334


def test_xed_filler_leaves_out_outage_lines() -> None:
    """Thousands of filler lines, none mentioning power, gas or outages."""
    lines = load_xed()
    assert len(lines) > 5000
    words = ("stroom", "storing", "elektr", "donker", "kortsluit", "zekering")
    assert not [x for x in lines if any(w in x.lower() for w in words)]


def test_missing_xed_is_a_data_error(tmp_path: Path) -> None:
    """No silent empty filler: a missing file says what to reinstall."""
    with pytest.raises(DataError, match=r"reinstall storingsradar"):
        load_xed(tmp_path / "xed_nl_emotions.tsv")


def test_empty_xed_is_a_data_error(tmp_path: Path) -> None:
    """A file without usable lines is an error too, not an empty filler table."""
    empty = tmp_path / "xed_nl_emotions.tsv"
    empty.write_text("kort\t1\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"no usable lines"):
        load_xed(empty)


_WATCH = """
import os
import sys
from pathlib import Path

opened = []
sys.addaudithook(lambda event, args: opened.append(os.fspath(args[0]))
                 if event == "open" and isinstance(args[0], (str, os.PathLike)) else None)
import simulate
simulate.generate(simulate.ScenarioConfig(seed=3, days=1, posts_per_day=500), Path(sys.argv[1]))
print("\\n".join(opened))
"""


def test_generation_reads_no_data_outside_the_packages(tmp_path: Path) -> None:
    """Every data file a scenario run opens lies in simulate/data or geo/data, none in shared."""
    run = subprocess.run(
        [sys.executable, "-c", _WATCH, str(tmp_path / "out")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    opened = {Path(p).resolve() for p in run.stdout.splitlines() if p}
    data = {
        p
        for p in opened
        if p.suffix in {".csv", ".tsv", ".txt", ".geojson"}
        and not p.is_relative_to(tmp_path)
        # package metadata (pydantic looks up its plugins there) is not scenario data
        and not p.parent.name.endswith((".dist-info", ".egg-info"))
    }
    allowed = (DATA, ROOT / "geo" / "data")
    assert XED_FILE in data
    assert data, "the audit hook saw no data files"
    assert all(p.is_relative_to(allowed[0]) or p.is_relative_to(allowed[1]) for p in data), data
    assert not [p for p in opened if p.is_relative_to(ROOT.parent / "shared")]
