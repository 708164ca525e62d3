"""Credentials from the environment or a file outside the repository, and their redaction.

A credential is read from ``STORINGSRADAR_<NAME>`` first, then from ``--credentials-file``
(``NAME=value`` lines, ``#`` comments; the ``STORINGSRADAR_`` prefix is optional there). A file
inside the repository is refused: it would be one ``git add`` away from being published.
Every value read is registered with :class:`RedactingFilter`, which masks it in any log record.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path

from pydantic import SecretStr

from ingest.exceptions import CredentialsFileError, CredentialsMissingError

ENV_PREFIX = "STORINGSRADAR_"
REPO_ROOT = Path(__file__).resolve().parents[1]
_SECRETS: set[str] = set()
MASK = "***"


def read_credentials_file(path: Path) -> dict[str, str]:
    """The ``NAME=value`` pairs of ``path`` (names upper-cased, without the env prefix)."""
    resolved = path.expanduser().resolve()
    if resolved.is_relative_to(REPO_ROOT):
        msg = (
            f"credentials file {path} is inside the repository ({REPO_ROOT}): move it out "
            "(e.g. to ~/.config/storingsradar/credentials) so it can never be committed"
        )
        raise CredentialsFileError(msg)
    try:
        text = resolved.read_text(encoding="utf-8")
    except OSError as exc:
        msg = f"credentials file {path}: cannot read it ({exc.strerror})"
        raise CredentialsFileError(msg) from None
    values: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, value = line.partition("=")
        if not sep or not name.strip():
            # The line itself may hold a secret: name only its number.
            msg = f"credentials file {path}:{number}: expected NAME=value"
            raise CredentialsFileError(msg)
        key = name.strip().upper().removeprefix("EXPORT ").strip().removeprefix(ENV_PREFIX)
        values[key] = value.strip().strip("'\"")
    return values


class Credentials:
    """Looks credentials up by name (``X_BEARER_TOKEN``, ``MASTODON_TOKEN``, ...)."""

    def __init__(self, environ: Mapping[str, str] | None = None, file: Path | None = None) -> None:
        self._env = os.environ if environ is None else environ
        self._file = file
        self._from_file = read_credentials_file(file) if file is not None else {}

    def get(self, name: str) -> SecretStr | None:
        """The credential ``name``, or ``None`` when neither the environment nor the file has it."""
        value = self._env.get(ENV_PREFIX + name) or self._from_file.get(name)
        if not value:
            return None
        register_secret(value)
        return SecretStr(value)

    def require(self, name: str, what: str) -> SecretStr:
        """The credential ``name``; :class:`CredentialsMissingError` when it is not set."""
        value = self.get(name)
        if value is None:
            where = f" or in {self._file}" if self._file is not None else ""
            msg = (
                f"{what} needs {ENV_PREFIX}{name}: set it in the environment{where}, or pass "
                f"--credentials-file with a line {name}=... (a file outside the repository)"
            )
            raise CredentialsMissingError(msg)
        return value


def register_secret(value: str) -> None:
    """Mask ``value`` in every log record from now on."""
    if len(value) >= 4:
        _SECRETS.add(value)


def redact(text: str) -> str:
    """``text`` with every registered secret replaced by ``***``."""
    for secret in _SECRETS:
        if secret in text:
            text = text.replace(secret, MASK)
    return text


class RedactingFilter(logging.Filter):
    """Rewrites each record's message with the secrets masked (installed by the ingest CLI)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if _SECRETS:
            record.msg = redact(record.getMessage())
            record.args = None
        return True
