"""Replay history through the event-time core and measure it against the phone channel.

The tool analysts use to study past incidents and tune the detector: lead time over call-based
detection, recall and false alarms, in ``report.json`` (CONTRACTS.md) and ``report.html``.
"""

from replay._calls import CallDetection, CallIndex, PhoneDetection, detect_by_calls
from replay._drive import DriveResult, drive
from replay._html import render_html, write_html
from replay._incidents import SocialEvidence, derive_incidents, read_complaints, read_truth
from replay._run import ReplayConfig, ReplayOutcome, add_arguments, replay, run
from replay._scoring import Scoring, quality_of, report_document, score, write_report
from replay._summary import print_summary
from replay.exceptions import ReplayError

__all__ = [
    "CallDetection",
    "CallIndex",
    "DriveResult",
    "PhoneDetection",
    "ReplayConfig",
    "ReplayError",
    "ReplayOutcome",
    "Scoring",
    "SocialEvidence",
    "add_arguments",
    "derive_incidents",
    "detect_by_calls",
    "drive",
    "print_summary",
    "quality_of",
    "read_complaints",
    "read_truth",
    "render_html",
    "replay",
    "report_document",
    "run",
    "score",
    "write_html",
    "write_report",
]
