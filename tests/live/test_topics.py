"""Topics are created explicitly, with their partition counts, once."""

import dataclasses

from stream.settings import LiveSettings
from stream.topics import Topics, ensure_topics


def test_versioned_names_and_configs() -> None:
    t = Topics("sr")
    assert t.all == (
        "sr.posts.v1",
        "sr.complaints.v1",
        "sr.alerts.v1",
        "sr.incidents.v1",
        "sr.deadletter.v1",
        "sr.state.v1",
    )
    policies = {s.name: s.configs["cleanup.policy"] for s in t.specs(4)}
    assert policies == {
        "sr.posts.v1": "delete",
        "sr.complaints.v1": "delete",
        "sr.alerts.v1": "delete",
        "sr.incidents.v1": "compact",
        "sr.deadletter.v1": "delete",
        "sr.state.v1": "compact",
    }
    assert all("retention.ms" in s.configs and s.partitions == 4 for s in t.specs(4))


def test_ensure_topics_creates_once(live_settings: LiveSettings) -> None:
    settings = dataclasses.replace(live_settings, topic_prefix=live_settings.topic_prefix + "x")
    settings = dataclasses.replace(settings, partitions=3)
    topics = Topics(settings.topic_prefix)
    first = ensure_topics(settings)
    assert first.created == topics.all
    assert first.partitions == dict.fromkeys(topics.all, 3)
    again = ensure_topics(settings)
    assert again.created == ()
    assert again.existing == topics.all
    # A different setting later leaves the existing topics alone, and says so.
    more = ensure_topics(dataclasses.replace(settings, partitions=6))
    assert more.created == ()
    assert more.mismatched(6) == dict.fromkeys(topics.all, 3)
