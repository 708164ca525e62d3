"""Every text template renders with its own slot table, however rarely it is drawn."""

import random

import pytest

from simulate import _text_chatter as tc
from simulate import _text_complaints as t
from simulate import _text_confusers as tconf
from simulate._textgen import render, roughen

_PRESET = {
    "plaats": "Arnhem",
    "loc": "6821",
    "handle": "jan",
    "place": "Arnhem",
    "pc4": "6821",
    "utility": "stroom",
    "klanten": "2.000",
    "netbeheerder": "Liander",
}
_COMPLAINT_TABLES = [
    name for name in dir(t) if name.isupper() and name not in {"FILLERS", "EMOJIS", "HASHTAGS"}
]


def test_chatter_templates_render() -> None:
    """Dutch, English and XED chatter templates fill every slot from the chatter table."""
    rng = random.Random(0)
    lib = {**tc.FILLERS, "xed": ("Hoe gaat het?",)}
    for template in tc.NL + tc.EN + tc.XED:
        for _ in range(10):
            assert "{" not in render(template, lib, rng, _PRESET)


def test_confuser_templates_render() -> None:
    """Each confuser category's templates fill every slot from the confuser table."""
    rng = random.Random(0)
    assert abs(sum(w for w, _ in tconf.CATEGORIES.values()) - 1.0) < 1e-9
    for _, templates in tconf.CATEGORIES.values():
        for template in templates:
            for _ in range(10):
                assert "{" not in render(template, tconf.FILLERS, rng, _PRESET)


@pytest.mark.parametrize("table", _COMPLAINT_TABLES)
def test_complaint_templates_render(table: str) -> None:
    """Complaint, reply, follow-up, webcare, news and restored templates all render."""
    rng = random.Random(0)
    for template in getattr(t, table):
        for _ in range(10):
            assert "{" not in render(template, t.FILLERS, rng, _PRESET)


def test_roughen_keeps_the_message() -> None:
    """Noise changes casing and adds emoji or typos but never empties a text."""
    rng = random.Random(1)
    outs = {
        roughen("Geen stroom in Arnhem", rng, t.EMOJIS, t.HASHTAGS["stroom"]) for _ in range(200)
    }
    assert len(outs) > 20
    assert all(len(o) >= len("Geen stroom in Arnhem") - 1 for o in outs)
