"""The root of every error storingsradar raises."""


class StoringsradarError(Exception):
    """Root of all storingsradar errors.

    Catch this to handle any failure of the project; each package subclasses it in its own
    ``exceptions`` module with a docstring that tells the operator what to do.
    """
