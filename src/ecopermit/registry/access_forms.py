"""The form binding an account to a facility (on the account's page; no other registry module needed)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class FacilityAccessForm(forms.Form):
    credit_code = forms.CharField(
        label=_("Unified social credit code of the facility"),
        max_length=18,
        help_text=_("The account then sees this facility and nothing else of the district."),
    )
