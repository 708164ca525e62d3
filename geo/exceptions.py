"""Errors raised by the ``geo`` package."""

from storingsradar.exceptions import StoringsradarError

__all__ = ["GeoDataError", "GeoError", "UnknownPostcodeError"]


class GeoError(StoringsradarError):
    """Root of all ``geo`` errors.

    Catch this to handle any gazetteer failure; the subclasses say what went wrong.
    """


class UnknownPostcodeError(GeoError, KeyError):
    """A PC4 was asked for that the gazetteer does not know.

    Check the code with ``Gazetteer.exists`` first; PO-box-only codes (such as 1000) and codes
    outside 1000-9999 are not in the data on purpose.
    """

    def __str__(self) -> str:
        # KeyError would otherwise print the message with quotes around it.
        return str(self.args[0]) if self.args else ""


class GeoDataError(GeoError):
    """The gazetteer data files are missing or malformed.

    Reinstall the package (the files live in ``geo/data/``) or pass a ``data_dir`` that holds
    the four files named in ``geo/data/ATTRIBUTION.md``.
    """
