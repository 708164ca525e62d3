"""The live driver: a Faust worker over Kafka that drives the event-time core in ``detectors/``.

``stream.app`` builds the worker (stage one's batch reader, stage two's agent, snapshots);
``stream.pipeline`` holds both stages as plain classes; ``stream.broker``, ``stream.topics``,
``stream.produce`` and ``stream.follow`` are the tooling around it. Kept free of imports: the
broker and producer shards start through ``python -m stream.…``.
"""
