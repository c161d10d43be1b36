"""The demo newsroom: the Mission: Impossible – Fallout HALO-jump coverage, as data."""
