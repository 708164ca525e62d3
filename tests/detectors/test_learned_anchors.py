"""The anchored rule groups give the plain alternations' answers, only faster."""

import json

import pytest

from detectors.anchors import AnchoredGroups, anchor
from detectors.learned_train import EVAL_SET, load_corpus
from detectors.rules import _GROUPS, RuleClassifier
from detectors.spelling import normalise


@pytest.mark.parametrize(
    ("part", "literal"),
    [
        (r"\bgeen stro+m", "geen stro"),
        (r"vorig(?:e)? (?:jaar|week)", "vorig"),
        (r"pik(?:ke)?donker", "donker"),
        (r"\bstoppen\b", "stoppen"),
        (r"zwarte? (?:vrijdag|friday)", "zwart"),
        (r"\d{2} minuten", " minuten"),
        (r"d[uü]sseldorf", "sseldorf"),
        (r"\d\s?%", ""),
    ],
)
def test_anchor_is_a_literal_every_match_holds(part: str, literal: str) -> None:
    """Optional characters, classes, groups and escapes never make it into the literal."""
    assert anchor(part) == literal


def test_evidence_equals_the_plain_alternations() -> None:
    """On every corpus and evaluation post, each rule group fires exactly as its regex does."""
    lines = EVAL_SET.read_text(encoding="utf-8").splitlines()
    texts = [p.text for p in load_corpus()] + [json.loads(x)["text"] for x in lines if x]
    texts += ["stroooom weg", "storing bij de buren", "in 2019 was er 12 % minder", ""]
    rules = RuleClassifier()
    for text in texts:
        low = normalise(text.lower())
        assert rules.evidence(low) == tuple(float(rx.search(low) is not None) for rx in _GROUPS)


def test_groups_without_anchors_still_run() -> None:
    """A part with no sure literal is searched on every text."""
    groups = AnchoredGroups([[r"\d\s?%"], [r"\btrein\b"]])
    assert groups.search("12 % minder") == (1.0, 0.0)
    assert groups.search("de trein") == (0.0, 1.0)
