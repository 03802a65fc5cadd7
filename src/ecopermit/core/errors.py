"""Domain errors: what went wrong, in words a user can act on, and where."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the domain refused an action. ``message`` is user-facing (already translated)."""

    def __init__(self, message: str, *, field: str | None = None, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


class PermissionDenied(DomainError):
    def __init__(self, message: str) -> None:
        super().__init__(message, code="forbidden")
