"""The project's edge models (``../shared/CONTRACTS.md``) and their streaming loaders."""

from schemas._alert import MAX_EVIDENCE, AlertEvent, AlertStatus
from schemas._complaint import Complaint, Cue, GeoCue, Operator
from schemas._loaders import (
    BadRecord,
    ErrorLog,
    iter_calls,
    iter_incidents,
    iter_posts,
    parse_lines,
    parse_post,
)
from schemas._post import MAX_TEXT_CHARS, Coordinates, Post
from schemas._records import CallRecord, IncidentRecord, Utility, pc4_of
from schemas._report import (
    DataQuality,
    IncidentOutcome,
    ReplayReport,
    ReportsBucket,
    ReportSummary,
)
from schemas._stream import ComplaintMessage, DeadLetter, StageMessage, WatermarkMessage
from schemas.exceptions import BadRecordError, SchemaError

__all__ = [
    "MAX_EVIDENCE",
    "MAX_TEXT_CHARS",
    "AlertEvent",
    "AlertStatus",
    "BadRecord",
    "BadRecordError",
    "CallRecord",
    "Complaint",
    "ComplaintMessage",
    "Coordinates",
    "Cue",
    "DataQuality",
    "DeadLetter",
    "ErrorLog",
    "GeoCue",
    "IncidentOutcome",
    "IncidentRecord",
    "Operator",
    "Post",
    "ReplayReport",
    "ReportSummary",
    "ReportsBucket",
    "SchemaError",
    "StageMessage",
    "Utility",
    "WatermarkMessage",
    "iter_calls",
    "iter_incidents",
    "iter_posts",
    "parse_lines",
    "parse_post",
    "pc4_of",
]
