"""The live tests' broker (one Tansu per session, free port), for the ingest tests too."""

from tests.live.conftest import live_broker

__all__ = ["live_broker"]
