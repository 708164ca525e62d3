"""The replay report (CONTRACTS.md: Replay report)."""

from pydantic import BaseModel, ConfigDict, Field


class _Out(BaseModel):
    # Reports are written by this project, so strictness buys nothing; frozen keeps them honest.
    model_config = ConfigDict(frozen=True, extra="forbid")


class ReportSummary(_Out):
    """The headline figures of one replay."""

    posts: int
    complaints: int
    alerts: int
    incidents: int
    detected: int
    recall: float
    false_alarms: int
    false_alarms_per_day: float
    median_lead_time_s: float | None
    median_lead_vs_first_call_s: float | None
    posts_per_second: float


class IncidentOutcome(_Out):
    """How one incident was seen by social media and by phone."""

    incident_id: str
    started_at: str
    social_detected_at: str | None
    calls_detected_at: str | None
    first_call_at: str | None
    lead_time_s: float | None
    alert_ids: list[str]


class DataQuality(_Out):
    """What the input held that could not be used (an addition to the contract's keys)."""

    bad_records: int = 0
    bad_by_file: dict[str, int] = Field(default_factory=dict)
    late_posts: int = 0
    examples: list[str] = Field(default_factory=list)


class ReportsBucket(_Out):
    """Detection of the incidents that had at least ``min_authors`` distinct reporting authors.

    Separates "the detector missed it" from "hardly anyone posted about it"; only known when
    the replay is given which posts report which incident (a simulator's ``truth.csv``).
    """

    min_authors: int
    incidents: int
    detected: int
    recall: float
    median_lead_time_s: float | None


class ReplayReport(_Out):
    """``report.json``: the contract's summary and incidents, plus two additions of our own.

    ``data_quality`` and ``by_reports`` are extra top-level keys; the contract's keys keep
    exactly their names and types.
    """

    summary: ReportSummary
    incidents: list[IncidentOutcome]
    data_quality: DataQuality = Field(default_factory=DataQuality)
    by_reports: list[ReportsBucket] | None = None
