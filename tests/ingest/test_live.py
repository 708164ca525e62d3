"""Through a real broker: a disconnect and reconnect loses no re-sent post and duplicates none."""

from __future__ import annotations

import json
from pathlib import Path

from bench.ingest import replay
from storingsradar.cli import main
from stream.broker import LocalBroker
from stream.follow import iter_topic
from stream.topics import Topics
from tests.live.conftest import settings_for


def test_reconnect_with_resent_posts_reaches_the_topic_exactly_once(
    live_broker: LocalBroker,
) -> None:
    settings = settings_for(live_broker)
    result = replay(settings, posts=3000, overlap=400)
    assert result.metrics.reconnects == 1
    assert result.metrics.duplicates == 400
    assert result.metrics.undelivered == 0
    # counted from what the topic gives back, not from end offsets (wrong on Tansu)
    assert (result.fetched, result.distinct, result.missing) == (3000, 3000, 0)


def test_ingest_file_command(live_broker: LocalBroker, tmp_path: Path) -> None:
    settings = settings_for(live_broker)
    posts = tmp_path / "posts.jsonl"
    rows = [
        {
            "id": f"f{i}",
            "source": "file",
            "created_at": f"2025-03-03T08:00:{i:02d}Z",
            "text": "geen stroom",
            "author_id": f"a{i}",
        }
        for i in range(20)
    ]
    posts.write_text("\n".join(json.dumps(r) for r in rows) + "\nnot json\n")
    code = main(
        [
            "ingest",
            "file",
            "--posts",
            str(posts),
            "--bootstrap-servers",
            settings.bootstrap_servers,
            "--topic-prefix",
            settings.topic_prefix,
        ]
    )
    assert code == 0
    keys = [r.key for r in iter_topic(settings, Topics(settings.topic_prefix).posts, idle_s=1.0)]
    assert sorted(keys) == sorted(f"f{i}".encode() for i in range(20))
