"""storingsradar: stream."""
