"""The live driver: Faust agents over Kafka that drive the event-time core in ``detectors/``.

Not built yet (issue 3); the replay (``replay/``) drives the same core today.
"""
