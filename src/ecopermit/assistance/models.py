"""Models of assistance."""
