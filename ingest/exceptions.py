"""Errors of the sources (``storingsradar ingest ...``)."""

from storingsradar.exceptions import StoringsradarError


class IngestError(StoringsradarError):
    """A source cannot go on.

    The message says which source failed and what to do; the subclasses narrow it down.
    """


class CredentialsMissingError(IngestError):
    """A source needs a credential that is not set.

    Set the environment variable the message names (e.g. ``STORINGSRADAR_X_BEARER_TOKEN``), or
    put it in a credentials file outside the repository and pass ``--credentials-file PATH``.
    Never commit credentials.
    """


class CredentialsFileError(IngestError):
    """The credentials file cannot be used.

    It must exist, be readable, hold ``NAME=value`` lines, and live outside the repository (so
    it can never be committed). Move or fix it as the message says.
    """


class RulesError(IngestError):
    """The source rules or terms file is invalid, or the X API refused a rule.

    The message names the file and the rule; fix the file (see ``ingest/rules/``) and retry.
    """


class SourceUnauthorizedError(IngestError):
    """The platform refused the credentials (HTTP 401/403).

    Retrying does not help: check that the token is valid, not revoked, and has access to the
    endpoint (the X filtered stream needs a project with stream access), then run again.
    """
