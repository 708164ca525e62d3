"""The labelled evaluation set (detectors/data/eval) is well formed and kept to its contract."""

import csv
import json
from collections import Counter
from pathlib import Path
from typing import Any

from schemas import Post

ROOT = Path(__file__).resolve().parents[2]
EVAL = ROOT / "detectors" / "data" / "eval" / "labelled_posts.jsonl"
LABELS = {"stroom", "gas", "noise"}


def rows() -> list[dict[str, Any]]:
    return [json.loads(line) for line in EVAL.read_text(encoding="utf-8").splitlines() if line]


class TestEvaluationSet:
    """What `storingsradar evaluate` will rely on."""

    def test_every_post_follows_the_contract(self) -> None:
        """Each line is a valid post (the label fields are extra) with a unique id."""
        lines = [line for line in EVAL.read_text(encoding="utf-8").splitlines() if line]
        posts = [Post.model_validate_json(line) for line in lines]
        assert len(posts) >= 500
        assert len({p.id for p in posts}) == len(posts)

    def test_labels_and_postcodes(self) -> None:
        """Labels are the three classes and every true PC4 exists in the gazetteer's table."""
        with (ROOT / "geo" / "data" / "nl_pc4.csv").open(encoding="utf-8") as fh:
            known = {r["pc4"] for r in csv.DictReader(fh)}
        data = rows()
        assert {r["label"] for r in data} == LABELS
        assert all(set(r["true_pc4s"]) <= known for r in data)

    def test_hard_cases_are_well_represented(self) -> None:
        """Every confuser category has a dozen examples or more; replies follow their parent."""
        data = rows()
        cats = Counter(str(r["category"]) for r in data)
        confusers = [c for c in cats if not c.startswith(("outage_", "gas_", "chatter"))]
        assert len(confusers) >= 10
        assert all(cats[c] >= 12 for c in confusers)
        created = {r["id"]: r["created_at"] for r in data}
        for r in data:
            parent = r.get("reply_to_id")
            if parent is not None:
                assert str(created[parent]) < str(r["created_at"])
