"""Benchmarks that print figures (``make bench``); not part of the test suite."""
