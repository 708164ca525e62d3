"""Errors the replay tool raises when its inputs or options cannot give a meaningful report."""

from storingsradar.exceptions import StoringsradarError


class ReplayError(StoringsradarError):
    """The replay cannot score these inputs with these options.

    The message names the file, line or option at fault. Fix that input (for example make the
    incident ids unique, or give the truth file its ``post_id,incident_id`` header) or choose a
    valid option (``k`` at least 1, a window longer than zero) and run the replay again.
    """
