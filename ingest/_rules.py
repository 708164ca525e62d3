"""Source rules: X's filtered-stream rules (synced by tag) and the local keyword filter."""

from __future__ import annotations

import logging
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Protocol

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ingest.exceptions import RulesError

log = logging.getLogger(__name__)

RULES_DIR = Path(__file__).resolve().parent / "rules"
X_RULES = RULES_DIR / "x_rules.toml"
TERMS = RULES_DIR / "terms.toml"
MAX_RULE_CHARS = 512


class XRule(BaseModel):
    """One filtered-stream rule; ``id`` is X's, set only on rules read back from X."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: Annotated[str, Field(min_length=1, max_length=MAX_RULE_CHARS)]
    tag: Annotated[str, Field(min_length=1, max_length=128)]
    id: str | None = None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        msg = f"rules file {path}: cannot read it ({exc.strerror})"
        raise RulesError(msg) from None
    except tomllib.TOMLDecodeError as exc:
        msg = f"rules file {path}: not valid TOML ({exc})"
        raise RulesError(msg) from None


def load_x_rules(path: Path = X_RULES) -> tuple[XRule, ...]:
    """The ``[[rule]]`` tables of ``path``; tags must be unique (they are the sync key)."""
    doc = _read_toml(path)
    rules: list[XRule] = []
    for number, raw in enumerate(doc.get("rule", []), start=1):
        try:
            rules.append(XRule.model_validate(raw))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            msg = f"rules file {path}: rule {number}: {where}: {first['msg']}"
            raise RulesError(msg) from None
    tags = [r.tag for r in rules]
    if dupes := sorted({t for t in tags if tags.count(t) > 1}):
        msg = f"rules file {path}: tags must be unique, repeated: {', '.join(dupes)}"
        raise RulesError(msg)
    if not rules:
        msg = f"rules file {path}: no [[rule]] tables"
        raise RulesError(msg)
    return tuple(rules)


class RulesApi(Protocol):
    """The filtered stream's rules endpoints (tweepy's ``StreamingClient``, or a fake)."""

    def get_rules(self) -> list[XRule]:
        """The rules active on X, with their ids."""
        ...

    def add_rules(self, rules: Sequence[XRule]) -> None:
        """Add ``rules``."""
        ...

    def delete_rules(self, ids: Sequence[str]) -> None:
        """Delete the rules with ``ids``."""
        ...


@dataclass(frozen=True, slots=True)
class SyncResult:
    """Tags added, deleted and kept by :func:`sync_rules`."""

    added: tuple[str, ...]
    deleted: tuple[str, ...]
    kept: tuple[str, ...]


def sync_rules(api: RulesApi, wanted: Iterable[XRule]) -> SyncResult:
    """Make X's rules ``wanted``, by tag: add missing, delete stale or changed, keep the rest.

    Running it twice in a row changes nothing the second time.
    """
    want = {r.tag: r for r in wanted}
    have = api.get_rules()
    kept: list[str] = []
    stale: list[XRule] = []
    for rule in have:
        target = want.get(rule.tag)
        if target is not None and target.value == rule.value and rule.tag not in kept:
            kept.append(rule.tag)
        else:
            stale.append(rule)
    missing = [r for tag, r in want.items() if tag not in kept]
    # Delete first: the Basic level caps the number of concurrent rules.
    if stale:
        api.delete_rules([r.id for r in stale if r.id is not None])
    if missing:
        api.add_rules(missing)
    result = SyncResult(
        added=tuple(r.tag for r in missing),
        deleted=tuple(r.tag for r in stale),
        kept=tuple(kept),
    )
    log.info("x rules: added %s, deleted %s, kept %s", result.added, result.deleted, result.kept)
    return result


class TweepyRulesApi:
    """:class:`RulesApi` through tweepy's ``StreamingClient`` (bearer-token auth)."""

    def __init__(self, bearer_token: str) -> None:
        import tweepy  # noqa: PLC0415  (only `ingest x` needs it; keeps the CLI start fast)

        self._client = tweepy.StreamingClient(bearer_token, wait_on_rate_limit=True)
        self._tweepy = tweepy

    def get_rules(self) -> list[XRule]:
        response = self._call(self._client.get_rules)
        return [XRule(value=r.value, tag=r.tag or "", id=r.id) for r in response.data or []]

    def add_rules(self, rules: Sequence[XRule]) -> None:
        add = [self._tweepy.StreamRule(value=r.value, tag=r.tag) for r in rules]
        response = self._call(self._client.add_rules, add)
        if response.errors:
            msg = f"X refused rules: {response.errors}"
            raise RulesError(msg)

    def delete_rules(self, ids: Sequence[str]) -> None:
        self._call(self._client.delete_rules, list(ids))

    def _call(self, method: Any, *args: Any) -> Any:
        try:
            return method(*args)
        except self._tweepy.TweepyException as exc:
            msg = f"X rules request failed: {exc}"
            raise RulesError(msg) from None


@dataclass(frozen=True, slots=True)
class Terms:
    """The local keyword filter: does a text contain a term at the start of a word?

    >>> t = Terms.from_words(["geen stroom", "liander"])
    >>> t.matches("Weer GEEN stroom in 6821"), t.matches("@Liander help"), t.matches("gestroomd")
    (True, True, False)
    """

    pattern: re.Pattern[str]

    @classmethod
    def from_words(cls, words: Iterable[str]) -> Terms:
        """A filter for ``words`` (case-insensitive, each at the start of a word)."""
        alternatives = sorted({w.strip().lower() for w in words if w.strip()}, key=len)
        if not alternatives:
            msg = "the keyword filter needs at least one term"
            raise RulesError(msg)
        body = "|".join(re.escape(w) for w in reversed(alternatives))
        return cls(re.compile(rf"(?<!\w)(?:{body})", re.IGNORECASE))

    @classmethod
    def load(cls, path: Path = TERMS) -> Terms:
        """The terms of every list in ``path``."""
        doc = _read_toml(path)
        words = [w for values in doc.values() if isinstance(values, list) for w in values]
        if not all(isinstance(w, str) for w in words):
            msg = f"terms file {path}: every list must hold strings"
            raise RulesError(msg)
        return cls.from_words(words)

    def matches(self, text: str) -> bool:
        """Whether ``text`` contains a term."""
        return self.pattern.search(text) is not None
