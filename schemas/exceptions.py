"""Errors raised at the schema edge."""

from storingsradar.exceptions import StoringsradarError


class SchemaError(StoringsradarError):
    """A record does not follow ``CONTRACTS.md``.

    Fix the producer of the file or topic; the message names the file, line and field.
    """


class BadRecordError(SchemaError):
    """A malformed record in ``--strict`` mode.

    Without ``--strict`` the record is reported, counted and skipped; rerun without it to see
    all bad records at once, or repair the line the message names.
    """

    def __init__(self, msg: str, *, file: str, line: int, field: str, reason: str) -> None:
        super().__init__(msg)
        self.file = file
        self.line = line
        self.field = field
        self.reason = reason
