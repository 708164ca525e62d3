"""Errors raised by the scenario generator."""

from storingsradar.exceptions import StoringsradarError


class SimulateError(StoringsradarError):
    """A scenario could not be generated; the message says which input to fix."""


class ConfigError(SimulateError):
    """A ScenarioConfig value is out of range; fix the named option and run again."""


class DataError(SimulateError):
    """The gazetteer or text data the generator needs is missing or malformed.

    Both ship inside the installed packages (``geo/data`` and ``simulate/data``); reinstall
    storingsradar (``make install``) to restore them. Nothing is read from outside the packages
    (see simulate/CALIBRATION.md, "Data").
    """
