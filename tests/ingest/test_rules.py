"""X rules synced by tag, and the rules and terms files."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from ingest._rules import Terms, XRule, load_x_rules, sync_rules
from ingest.exceptions import RulesError


class FakeRulesApi:
    """The rules endpoints, in memory, counting the calls that change something."""

    def __init__(self, rules: list[XRule]) -> None:
        self.rules = list(rules)
        self.changes = 0
        self._next = 100

    def get_rules(self) -> list[XRule]:
        return list(self.rules)

    def add_rules(self, rules: Sequence[XRule]) -> None:
        self.changes += 1
        for r in rules:
            self._next += 1
            self.rules.append(XRule(value=r.value, tag=r.tag, id=str(self._next)))

    def delete_rules(self, ids: Sequence[str]) -> None:
        self.changes += 1
        self.rules = [r for r in self.rules if r.id not in set(ids)]


def test_sync_adds_missing_deletes_stale_and_keeps_unchanged() -> None:
    wanted = load_x_rules()
    kept = wanted[0].model_copy(update={"id": "1"})
    changed = XRule(value="old value", tag=wanted[1].tag, id="2")
    stale = XRule(value="stroom", tag="retired", id="3")
    api = FakeRulesApi([kept, changed, stale])

    result = sync_rules(api, wanted)

    assert result.kept == (wanted[0].tag,)
    assert set(result.deleted) == {wanted[1].tag, "retired"}
    assert set(result.added) == {wanted[1].tag, wanted[2].tag}
    assert {(r.tag, r.value) for r in api.rules} == {(r.tag, r.value) for r in wanted}
    assert next(r.id for r in api.rules if r.tag == wanted[0].tag) == "1"

    changes = api.changes
    again = sync_rules(api, wanted)
    assert again.added == again.deleted == ()
    assert api.changes == changes


def test_shipped_rules_are_dutch_with_operators() -> None:
    rules = {r.tag: r.value for r in load_x_rules()}
    assert "lang:nl" in rules["outage-nl"]
    assert all(h in rules["operators"] for h in ("Liander", "Stedin", "Enexis"))


def test_duplicate_tags_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_text('[[rule]]\ntag = "a"\nvalue = "x"\n[[rule]]\ntag = "a"\nvalue = "y"\n')
    with pytest.raises(RulesError, match="repeated: a"):
        load_x_rules(path)


def test_an_overlong_rule_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_text(f'[[rule]]\ntag = "a"\nvalue = "{"x" * 600}"\n')
    with pytest.raises(RulesError, match="rule 1: value"):
        load_x_rules(path)


def test_terms_match_at_word_starts_only() -> None:
    terms = Terms.load()
    assert terms.matches("Weer een STROOMSTORING in Lombok")
    assert terms.matches("@liander wanneer is het voorbij")
    assert not terms.matches("mooi weer vandaag")
