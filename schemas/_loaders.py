"""Streaming readers of the input files that report bad records instead of stopping."""

import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import orjson
from pydantic import BaseModel, ValidationError

from schemas._post import Post
from schemas._records import CallRecord, IncidentRecord
from schemas.exceptions import BadRecordError, SchemaError

M = TypeVar("M", bound=BaseModel)

#: A line longer than this is refused before parsing, so one broken file cannot eat the memory.
MAX_LINE_BYTES = 256 * 1024

CALL_COLUMNS = ("call_id", "received_at", "postcode", "utility")
INCIDENT_COLUMNS = ("incident_id", "started_at", "ended_at", "utility", "postcodes", "customers")


@dataclass(frozen=True, slots=True)
class BadRecord:
    """Where a record broke and why."""

    file: str
    line: int
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.reason}"


@dataclass
class ErrorLog:
    """Counts bad records, keeps the first few, and raises in strict mode.

    >>> log = ErrorLog()
    >>> log.report("posts.jsonl", 3, "created_at", "timezone missing")
    >>> log.count, str(log.examples[0])
    (1, 'posts.jsonl:3: created_at: timezone missing')
    """

    strict: bool = False
    keep: int = 20
    echo: Callable[[str], None] | None = None
    count: int = 0
    by_file: dict[str, int] = field(default_factory=dict)
    examples: list[BadRecord] = field(default_factory=list)

    def report(self, file: str, line: int, field: str, reason: str) -> None:
        """Record one bad record (or raise ``BadRecordError`` when strict)."""
        bad = BadRecord(file, line, field, reason)
        if self.strict:
            msg = f"bad record at {bad}"
            raise BadRecordError(msg, file=file, line=line, field=field, reason=reason)
        self.count += 1
        self.by_file[file] = self.by_file.get(file, 0) + 1
        if len(self.examples) < self.keep:
            self.examples.append(bad)
            if self.echo is not None:
                self.echo(f"skipped bad record {bad}")

    def report_validation(self, file: str, line: int, exc: ValidationError) -> None:
        """Record the first error of a pydantic validation failure."""
        err = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in err["loc"]) or "<record>"
        if err["type"] == "json_invalid":
            where = "<json>"
        self.report(file, line, where, err["msg"])


def parse_post(raw: bytes, file: str, line: int, errors: ErrorLog) -> Post | None:
    """One JSON line as a post, or ``None`` (reported) when it is malformed."""
    if len(raw) > MAX_LINE_BYTES:
        errors.report(file, line, "<record>", f"line of {len(raw)} bytes exceeds {MAX_LINE_BYTES}")
        return None
    try:
        return Post.model_validate_json(raw)
    except ValidationError as exc:
        errors.report_validation(file, line, exc)
        return None


def iter_posts(path: Path, errors: ErrorLog) -> Iterator[Post]:
    """Stream the posts of a JSON Lines file, one line at a time."""
    with path.open("rb") as fh:
        yield from parse_lines(fh, str(path), errors)


def parse_lines(
    lines: Iterable[bytes], name: str, errors: ErrorLog, first: int = 1
) -> Iterator[Post]:
    """The posts of JSON lines read from file ``name``, the first being line ``first``;
    malformed lines are reported to ``errors``."""
    # The validator itself: this loop runs per post, and the classmethod wrapper costs 10 %.
    validate = Post.__pydantic_validator__.validate_json
    for n, raw in enumerate(lines, start=first):
        if len(raw) > MAX_LINE_BYTES or raw.isspace():
            if not raw.isspace():
                parse_post(raw, name, n, errors)
            continue
        try:
            yield validate(raw)
        except ValidationError as exc:
            errors.report_validation(name, n, exc)


def _iter_csv(
    path: Path, columns: tuple[str, ...], errors: ErrorLog
) -> Iterator[tuple[int, dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        header = tuple(reader.fieldnames or ())
        missing = [c for c in columns if c not in header]
        if missing:
            want = ",".join(columns)
            msg = f"{path}: header lacks column(s) {', '.join(missing)}; expected {want}"
            raise SchemaError(msg)
        for row in reader:
            if None in row or any(v is None for v in row.values()):
                errors.report(str(path), reader.line_num, "<row>", "wrong number of columns")
                continue
            yield reader.line_num, row


def _validate(
    model: type[M], data: dict[str, object], file: str, line: int, errors: ErrorLog
) -> M | None:
    try:
        # Through JSON so that strict mode reads RFC 3339 strings as datetimes.
        return model.model_validate_json(orjson.dumps(data))
    except ValidationError as exc:
        errors.report_validation(file, line, exc)
        return None


def iter_calls(path: Path, errors: ErrorLog) -> Iterator[CallRecord]:
    """Stream the rows of a call log CSV."""
    for line, row in _iter_csv(path, CALL_COLUMNS, errors):
        data: dict[str, object] = {k: row[k].strip() for k in CALL_COLUMNS}
        data["utility"] = data["utility"] or None
        rec = _validate(CallRecord, data, str(path), line, errors)
        if rec is not None:
            yield rec


def iter_incidents(path: Path, errors: ErrorLog) -> Iterator[IncidentRecord]:
    """Stream the rows of an incident register CSV."""
    for line, row in _iter_csv(path, INCIDENT_COLUMNS, errors):
        data: dict[str, object] = {k: row[k].strip() for k in INCIDENT_COLUMNS}
        data["postcodes"] = str(data["postcodes"]).split()
        for opt in ("ended_at", "utility", "customers"):
            data[opt] = data[opt] or None
        customers = data["customers"]
        if isinstance(customers, str):
            if not customers.isdigit():
                errors.report(str(path), line, "customers", "not a whole number")
                continue
            data["customers"] = int(customers)
        rec = _validate(IncidentRecord, data, str(path), line, errors)
        if rec is not None:
            yield rec
