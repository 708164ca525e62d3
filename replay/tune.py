"""``storingsradar tune``: the command module (``add_arguments`` and ``run``); see ``_tune``."""

from replay._tune import add_arguments, run

__all__ = ["add_arguments", "run"]
