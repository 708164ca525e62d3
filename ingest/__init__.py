"""Sources: posts from X, Mastodon, Bluesky or a file, into the posts topic.

``storingsradar ingest {x,mastodon,bluesky,file}``; each source maps what its platform sends to
:class:`schemas.Post` and hands it to one path (:class:`ingest._source.Emitter`): count,
deduplicate by id, bounded queue, Kafka producer keyed by post id.
"""

from ingest._cli import add_arguments, run
from ingest._source import Emitter, Source

__all__ = ["Emitter", "Source", "add_arguments", "run"]
