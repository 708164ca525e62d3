"""Credentials from the environment or a file outside the repository; never in logs."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from ingest._credentials import REPO_ROOT, Credentials, RedactingFilter
from ingest.exceptions import CredentialsFileError, CredentialsMissingError


def test_environment_first_then_file(tmp_path: Path) -> None:
    file = tmp_path / "creds"
    file.write_text("# mine\nSTORINGSRADAR_X_BEARER_TOKEN=from-file-1\nMASTODON_TOKEN='m-2'\n")
    creds = Credentials({"STORINGSRADAR_X_BEARER_TOKEN": "from-env-0"}, file)
    assert creds.require("X_BEARER_TOKEN", "x").get_secret_value() == "from-env-0"
    assert creds.require("MASTODON_TOKEN", "m").get_secret_value() == "m-2"
    assert "from-env-0" not in repr(creds.get("X_BEARER_TOKEN"))


def test_missing_names_the_variable() -> None:
    with pytest.raises(CredentialsMissingError, match="STORINGSRADAR_X_BEARER_TOKEN"):
        Credentials({}).require("X_BEARER_TOKEN", "ingest x")


def test_a_file_inside_the_repository_is_refused() -> None:
    with pytest.raises(CredentialsFileError, match="inside the repository"):
        Credentials({}, REPO_ROOT / "credentials.env")


def test_a_bad_line_is_reported_without_its_content(tmp_path: Path) -> None:
    file = tmp_path / "creds"
    file.write_text("sk-very-secret-without-name\n")
    with pytest.raises(CredentialsFileError, match=r"creds:1: expected NAME=value") as info:
        Credentials({}, file)
    assert "very-secret" not in str(info.value)


def test_secrets_are_masked_in_log_records(caplog: pytest.LogCaptureFixture) -> None:
    Credentials({"STORINGSRADAR_X_BEARER_TOKEN": "AAAA-bearer-secret"}).get("X_BEARER_TOKEN")
    logger = logging.getLogger("ingest.test.redact")
    logger.addFilter(RedactingFilter())
    with caplog.at_level(logging.INFO, logger="ingest.test.redact"):
        logger.info("header was %s", "Bearer AAAA-bearer-secret")
    assert "AAAA-bearer-secret" not in caplog.text
    assert "Bearer ***" in caplog.text


def test_cli_without_a_token_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from storingsradar.cli import main  # noqa: PLC0415

    monkeypatch.delenv("STORINGSRADAR_X_BEARER_TOKEN", raising=False)
    assert main(["ingest", "x", "--no-sync-rules"]) == 2
    assert "needs STORINGSRADAR_X_BEARER_TOKEN" in capsys.readouterr().err
