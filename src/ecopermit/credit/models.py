"""Models of credit."""
