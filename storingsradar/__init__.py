"""storingsradar: real-time outage detection from social media for Dutch grid operators."""

from storingsradar.exceptions import StoringsradarError

__all__ = ["StoringsradarError"]
__version__ = "0.1.0"
