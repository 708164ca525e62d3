"""Scenario options and the summary a run returns."""

from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta

from simulate import _calibration as cal
from simulate.exceptions import ConfigError

DEFAULT_START = datetime(2025, 3, 3, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class ScenarioConfig:
    """What to simulate. Rates default to the calibrated values (see CALIBRATION.md).

    ``incident_rate_scale`` multiplies the published outage counts; leave it at 1.0 for any
    reported figure (it exists for stress tests).
    """

    seed: int = 1
    days: int = 14
    start: datetime = DEFAULT_START
    posts_per_day: int = cal.DEFAULT_POSTS_PER_DAY
    confuser_share: float = cal.CONFUSER_SHARE
    english_share: float = cal.ENGLISH_SHARE
    late_share: float = cal.LATE_SHARE
    max_lateness_s: int = cal.MAX_LATENESS_S
    background_calls_per_day: float = cal.BACKGROUND_CALLS_PER_DAY
    incident_rate_scale: float = 1.0

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.start.utcoffset() is None:
            msg = f"start must be timezone-aware (e.g. tzinfo=UTC), got {self.start!r}"
            raise ConfigError(msg)
        if self.days <= 0:
            msg = f"days must be >= 1, got {self.days}"
            raise ConfigError(msg)
        if self.seed < 0:
            msg = f"seed must be >= 0, got {self.seed}"
            raise ConfigError(msg)
        if self.posts_per_day < 0:
            msg = f"posts_per_day must be >= 0, got {self.posts_per_day}"
            raise ConfigError(msg)
        for name in ("confuser_share", "english_share", "late_share"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                msg = f"{name} must be within [0, 1], got {value}"
                raise ConfigError(msg)
        if not 0 <= self.max_lateness_s <= 3600:
            msg = f"max_lateness_s must be within [0, 3600], got {self.max_lateness_s}"
            raise ConfigError(msg)
        if self.background_calls_per_day < 0 or self.incident_rate_scale < 0:
            msg = "background_calls_per_day and incident_rate_scale must be >= 0"
            raise ConfigError(msg)

    @property
    def end(self) -> datetime:
        """Exclusive end of the scenario."""
        return self.start + timedelta(days=self.days)

    def to_json(self) -> dict[str, object]:
        """JSON-ready form (start as RFC 3339 UTC)."""
        out = asdict(self)
        out["start"] = self.start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return out


@dataclass(slots=True)
class ScenarioSummary:
    """Counts of what a run wrote; ``files`` maps file name to size in bytes."""

    out_dir: str = ""
    posts: int = 0
    chatter_posts: int = 0
    confuser_posts: int = 0
    incident_posts: int = 0
    complaints: int = 0
    late_posts: int = 0
    incidents: int = 0
    power_incidents: int = 0
    gas_incidents: int = 0
    incidents_with_posts: int = 0
    incidents_with_3_authors: int = 0
    calls: int = 0
    incident_calls: int = 0
    background_calls: int = 0
    files: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        """JSON-ready form."""
        return asdict(self)
