"""Errors of the event-time core."""

from storingsradar.exceptions import StoringsradarError


class DetectorError(StoringsradarError):
    """The detector was misconfigured or fed out of contract.

    Check the detector settings (window, thresholds, lateness) named in the message.
    """


class StateError(DetectorError):
    """Saved detector state could not be restored.

    The state was written by another version or is corrupt; start the worker with an empty
    state (the window state refills within one window length).
    """
