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


class SettingsError(DetectorError):
    """The detector settings file could not be used.

    Check the file named in the message: write it again with ``storingsradar tune``, or start
    without ``--settings`` to use the built-in defaults.
    """


class ModelError(DetectorError):
    """The classifier's model file is missing, of another format, or holds untrusted types.

    Rebuild it from the corpus with ``storingsradar train``.
    """
