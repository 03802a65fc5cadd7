"""Password rule of 等保 2.0 DJB-AUTH-1: at least three of four character classes."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CharacterClassValidator:
    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    @staticmethod
    def classes(password: str) -> int:
        return sum(
            (
                any(c.islower() for c in password),
                any(c.isupper() for c in password),
                any(c.isdigit() for c in password),
                any(not c.isalnum() for c in password),
            )
        )

    def validate(self, password: str, user: object = None) -> None:
        if self.classes(password) < self.min_classes:
            raise ValidationError(
                _(
                    "The password must contain at least %(n)d of: lower-case letters, upper-case letters, "
                    "digits, symbols."
                )
                % {"n": self.min_classes},
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return _("At least %(n)d of: lower-case letters, upper-case letters, digits, symbols.") % {
            "n": self.min_classes
        }
